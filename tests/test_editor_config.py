"""The admin page's config.yml and editor.yaml: generated from the instance, escaped, validated."""
from __future__ import annotations

import html
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import yaml
from sitekit import BULLETIN, ROOT

from generator.read.config import load_config
from generator.read.editor import EditorSettings, Forge, load_editor_settings
from generator.site.editor import admin_index, config_yaml, decap_config


def _sample_config() -> Any:
    config, problems = load_config(ROOT)
    assert config is not None and not [p for p in problems if p.is_error]
    return config


def _field(collection: dict[str, Any], name: str) -> dict[str, Any]:
    return next(f for f in collection["fields"] if f["name"] == name)


def _collection(cfg: dict[str, Any], name: str) -> dict[str, Any]:
    return next(c for c in cfg["collections"] if c["name"] == name)


def test_the_submission_form_offers_the_instance_names_and_stores_ids() -> None:
    config = _sample_config()
    cfg = yaml.safe_load(config_yaml(decap_config(config)))
    assert cfg["locale"] == "zh_Hans" and cfg["publish_mode"] == "editorial_workflow"
    sub = _collection(cfg, "submissions")
    assert sub["label"] == "稿件" and sub["folder"] == "submissions"
    assert sub["path"] == "{{year}}/{{month}}/{{slug}}" and sub["format"] == "yaml-frontmatter"
    unit = _field(sub, "unit")
    assert unit["multiple"] is True and unit["min"] == 1 and unit["required"] is True
    active = {u.id: u.name for u in config.units.values() if u.active}
    assert {o["value"]: o["label"] for o in unit["options"]} == active
    category = _field(sub, "category")
    assert {o["value"]: o["label"] for o in category["options"]} == {c.id: c.name for c in config.scoring.categories}
    outlet = _field(_field(sub, "adoptions"), "outlet")
    assert {o["value"] for o in outlet["options"]} == set(config.scoring.outlets)
    some = next(iter(config.scoring.outlets.values()))
    assert any(o["label"].startswith(some.name) for o in outlet["options"])
    level = _field(_field(sub, "instructions"), "level")
    assert [o["value"] for o in level["options"]] == [lv.id for lv in config.scoring.levels]
    # Required fields and patterns mirror bulletin check.
    assert _field(sub, "title")["required"] is True and _field(sub, "category")["required"] is True
    assert _field(sub, "event_date")["format"] == "YYYY-MM-DD"
    assert _field(_field(sub, "adoptions"), "date")["required"] is True
    for name in ("opinions", "interviews", "solicitations", "plans"):
        assert _collection(cfg, name)["create"] is True


def test_the_title_pattern_refuses_markings_and_scripts_as_check_does() -> None:
    cfg = decap_config(_sample_config())
    pattern = _field(_collection(cfg, "submissions"), "title")["pattern"][0]
    # The pattern is JavaScript; its \\uXXXX escapes and syntax are what Python's re reads too.
    rx = re.compile(pattern)
    for bad in ("机密★关于某项目的情况", "涉密文件", "标题<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
                "见 JavaScript:alert(1)", "秘密级"):
        assert not rx.fullmatch(bad), bad
    for good in ("武进住建局开展农民工工资支付专项检查", "保守秘密的宣传教育", "a<b 且 c>d"):
        assert rx.fullmatch(good), good
    # config.yml never spells a marking out itself.
    assert "机密★" not in config_yaml(cfg) and "涉密" not in config_yaml(cfg)


def test_names_from_the_repository_are_yaml_and_html_escaped(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(ROOT, repo, ignore=shutil.ignore_patterns(".git", ".venv", "site*", ".bulletin-cache",
                                                              "screenshots", "submissions", "bulletins"))
    units = (repo / "units.yaml").read_text(encoding="utf-8")
    hostile = r"""城建科\n  evil: true <script>x</script> {{year}} 'q' \"d\" #c"""
    units = units.replace("name: 城建科", f'name: "{hostile}"', 1)
    units = units.replace("short_name: 武进住建局", 'short_name: "局</title><script>x</script>"', 1)
    (repo / "units.yaml").write_text(units, encoding="utf-8")
    config, problems = load_config(repo)
    assert config is not None
    text = config_yaml(decap_config(config))
    loaded = yaml.safe_load(text)
    unit = _field(_collection(loaded, "submissions"), "unit")
    label = next(o["label"] for o in unit["options"] if o["value"] == "chengjian")
    # One value, as text; angle brackets made harmless as on every page of the site.
    assert label.startswith("城建科") and "evil" in label and "<" not in label and "\n" not in label
    assert "evil: true" not in [line.strip() for line in text.splitlines()]
    page = admin_index(config.organization_short, "zh", forge=False, timezone="Asia/Shanghai", stylesheets=[])
    assert "<script>x</script>" not in page and html.escape("局</title>") in page
    assert page.count("<script") == 3


def test_forge_backends_and_the_local_proxy() -> None:
    config = _sample_config()
    gitlab = Forge("gitlab", "https://code.example.gov.cn", "https://code.example.gov.cn/api/v4", "bgs/xinxi",
                   "main", "abc123")
    cfg = decap_config(config, settings=EditorSettings(gitlab))
    assert cfg["backend"]["name"] == "gitlab" and cfg["backend"]["auth_type"] == "pkce"
    assert cfg["backend"]["app_id"] == "abc123" and cfg["backend"]["api_root"].endswith("/api/v4")
    assert "local_backend" not in cfg
    forgejo = Forge("gitea", "https://git.example.gov.cn", "https://git.example.gov.cn/api/v1", "bgs/xinxi",
                    "main", "id")
    cfg = decap_config(config, settings=EditorSettings(forgejo))
    assert cfg["backend"]["name"] == "forgejo" and cfg["publish_mode"] == "editorial_workflow"
    local = decap_config(config, settings=EditorSettings(gitlab), local_url="http://127.0.0.1:9/api/v1",
                         branch="trunk")
    assert local["local_backend"] == {"url": "http://127.0.0.1:9/api/v1"} and local["backend"]["branch"] == "trunk"
    none = decap_config(config)
    assert none["backend"]["name"] == "proxy" and none["backend"]["proxy_url"].startswith("http://127.0.0.1:")


def test_editor_yaml_is_checked_with_line_and_column(tmp_path: Path) -> None:
    (tmp_path / "editor.yaml").write_text(
        "forge:\n  type: gitlabb\n  base_url: code.example.gov.cn\n  repo: xinxi\n", encoding="utf-8")
    settings, problems = load_editor_settings(tmp_path)
    assert settings is None
    found = {(p.line, p.col): p.message for p in problems}
    assert (2, 9) in found and "gitlab" in found[(2, 9)]
    assert (3, 13) in found and "https://" in found[(3, 13)]
    assert (4, 9) in found and "组/项目" in found[(4, 9)]
    assert any("app_id" in p.message and "OAuth" in p.message for p in problems)
    good = "forge: {type: gitlab, base_url: 'https://code.example.gov.cn/', repo: bgs/xinxi, app_id: x1}\n"
    (tmp_path / "editor.yaml").write_text(good, encoding="utf-8")
    settings, problems = load_editor_settings(tmp_path)
    assert problems == [] and settings is not None and settings.forge is not None
    assert settings.forge.api_root == "https://code.example.gov.cn/api/v4" and settings.forge.branch == "main"


def test_bulletin_check_reports_a_bad_editor_yaml(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(repo)], check=True)
    (repo / "editor.yaml").write_text("forge:\n  type: gitlab\n  base_url: ftp://x\n  repo: a/b\n  app_id: x\n",
                                      encoding="utf-8")
    proc = subprocess.run([str(BULLETIN), "check", "--repo", str(repo)], capture_output=True, text=True)
    assert proc.returncode == 1
    assert "editor.yaml:3:13: error:" in proc.stdout


def test_serve_edit_refuses_a_repository_with_a_branch_named_cms(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(repo)], check=True)
    subprocess.run(["git", "-C", str(repo), "checkout", "-q", "-B", "main"], check=True)
    subprocess.run(["git", "-C", str(repo), "branch", "-f", "cms", "HEAD"], check=True)
    proc = subprocess.run([str(BULLETIN), "serve", "--edit", "--repo", str(repo)], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 1
    assert "git branch -m cms" in proc.stderr and "Traceback" not in proc.stderr
