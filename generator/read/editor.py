"""editor.yaml: the forge the web forms (Decap CMS) save to; see docs/editor.md.

Checked like units.yaml, with ``path:line:col`` problems; ``site/editor.py`` turns the
settings into the admin page's config.yml.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import Problem
from .schema import INVALID, Ctx, Enum, Field, Schema, Text
from .textfile import read_yaml

EDITOR_FILE = "editor.yaml"

_URL_RE = r"https?://[^\s/?#]+(?:/[^\s]*)?"


@dataclass(frozen=True)
class Forge:
    type: str        # gitlab | forgejo | gitea
    base_url: str    # the forge's address, e.g. https://git.example.gov.cn
    api_root: str    # its API, e.g. https://git.example.gov.cn/api/v4
    repo: str        # owner/name (GitLab: group/subgroup/name)
    branch: str
    app_id: str      # the OAuth application's client id


@dataclass(frozen=True)
class EditorSettings:
    forge: Forge | None = None
    site_url: str | None = None


FORGE_SCHEMA = Schema("editor.yaml forge", {
    "type": Field(Enum("gitlab", "forgejo", "gitea"), required=True,
                  help="gitlab（自建 GitLab）、forgejo 或 gitea"),
    "base_url": Field(Text(pattern=_URL_RE, hint="：写完整地址，如 https://git.example.gov.cn"), required=True,
                      help="代码托管平台的地址，如 https://git.example.gov.cn"),
    "api_root": Field(Text(pattern=_URL_RE, hint="：写完整地址，如 https://git.example.gov.cn/api/v4")),
    "repo": Field(Text(pattern=r"[^\s/]+(?:/[^\s/]+)+", hint="：写“组/项目”，如 xxb/bulletin"), required=True,
                  help="实例仓库在平台上的路径，如 xxb/bulletin"),
    "branch": Field(Text(pattern=r"[^\s~^:?*\[\\]+", hint="：分支名不能含空格"), default="main"),
    "app_id": Field(Text(), required=True,
                    help="在平台上登记的 OAuth 应用的 Application ID（Client ID），见 docs/editor.md"),
})

EDITOR_SCHEMA = Schema("editor.yaml", {
    "forge": Field(FORGE_SCHEMA),
    "site_url": Field(Text(pattern=_URL_RE, hint="：写完整地址，如 https://xxb.example.gov.cn/")),
})


def load_editor_settings(repo: Path) -> tuple[EditorSettings | None, list[Problem]]:
    """Read and check ``editor.yaml``; (None, []) when the instance has none."""
    path = repo / EDITOR_FILE
    if not path.is_file():
        return None, []
    read = read_yaml(path, EDITOR_FILE)
    if isinstance(read, Problem):
        return None, [read]
    _text, doc = read
    if doc.value is None:
        return EditorSettings(), []
    problems: list[Problem] = []
    values = EDITOR_SCHEMA.check(doc.value, (), Ctx(EDITOR_FILE, doc, problems))
    if values is INVALID or any(p.is_error for p in problems):
        return None, problems
    forge = None
    if values.get("forge"):
        f = values["forge"]
        base = f["base_url"].rstrip("/")
        api = (f.get("api_root") or (base + ("/api/v4" if f["type"] == "gitlab" else "/api/v1"))).rstrip("/")
        forge = Forge(f["type"], base, api, f["repo"], f["branch"], f["app_id"])
    return EditorSettings(forge=forge, site_url=values.get("site_url")), problems
