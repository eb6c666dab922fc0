"""The instance's mkdocs.yml: the few settings of the site's look it may choose, checked and escaped.

Everything else about the site is the build's (build.py): the theme, its
templates, plugins, Markdown extensions, scripts and styles. An instance that
could set ``theme.custom_dir``, ``hooks``, ``plugins``, ``extra_javascript`` or
``markdown_extensions`` could run its own code in the build or its own script
on every page; ``site_name``, ``copyright`` and the like are inserted into
every page by the theme without escaping. So the instance's mkdocs.yml keeps
only :data:`ALLOWED` (see docs/security.md); any other setting, and any value
of the wrong shape, is an error at its ``mkdocs.yml:line:col`` for ``bulletin
check`` and stops ``bulletin build``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ERROR, Problem
from ..messages import Msg, msg
from .textfile import read_yaml
from .yamlio import Loaded

NAME = "mkdocs.yml"
# setting -> what it may hold (the message says it)
ALLOWED = {
    "site_name": "the site's name (text)",
    "site_description": "a one-line description (text)",
    "copyright": "the footer line (text)",
    "theme": "palette, features, logo and favicon of the material theme",
    "engine": "the program that builds the site: mkdocs (default), zensical or properdocs",
}
ENGINE_NAMES = ("mkdocs", "zensical", "properdocs")
THEME_ALLOWED = ("name", "palette", "features", "logo", "favicon")
_WORD = re.compile(r"^[a-z][a-z0-9 -]{0,39}$")
_FEATURE = re.compile(r"^[a-z]+(?:\.[a-z]+){0,3}$")
_IMAGE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_./-]{0,199}\.(png|jpg|jpeg|gif|webp|ico)$")
_MAGIC = {"png": (b"\x89PNG",), "jpg": (b"\xff\xd8\xff",), "jpeg": (b"\xff\xd8\xff",),
          "gif": (b"GIF87a", b"GIF89a"), "webp": (b"RIFF",), "ico": (b"\x00\x00\x01\x00",)}
MAX_TEXT = 200


@dataclass
class SiteSettings:
    """What the instance chose, checked (the build escapes the texts for the places the theme puts them)."""

    site_name: str | None = None
    site_description: str = ""
    copyright: str = ""
    palette: Any = None
    features: list[str] | None = None
    images: dict[str, tuple[str, bytes]] = field(default_factory=dict)    # logo/favicon -> (asset, bytes)
    engine: str | None = None           # the site engine (site/engine.py); None: the default


def _text(doc: Loaded, key: str, problems: list[Problem]) -> str | None:
    value = doc.value.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        line, col = doc.at((key,))
        problems.append(Problem(NAME, line, col, ERROR, msg("site.text", key=key)))
        return None
    if len(value) > MAX_TEXT or "\n" in value.strip():
        line, col = doc.at((key,))
        problems.append(Problem(NAME, line, col, ERROR, msg("site.one_line", key=key, max=MAX_TEXT)))
        return None
    return value.strip()


def _theme(repo: Path, doc: Loaded, out: SiteSettings, problems: list[Problem]) -> None:
    theme = doc.value.get("theme")
    if theme is None:
        return
    if isinstance(theme, str):                 # mkdocs' short form: theme: material
        if theme != "material":
            line, col = doc.at(("theme",))
            problems.append(Problem(NAME, line, col, ERROR, msg("site.theme_name")))
        return
    if not isinstance(theme, dict):
        line, col = doc.at(("theme",))
        problems.append(Problem(NAME, line, col, ERROR, msg("site.theme_type", value=repr(theme))))
        return

    def error(at: tuple[Any, ...], message: Msg, key: bool = False) -> None:
        line, col = doc.key_at(at) if key else doc.at(at)
        problems.append(Problem(NAME, line, col, ERROR, message))

    for key in theme:
        if key not in THEME_ALLOWED:
            error(("theme", key), msg("site.theme_key", key=key, allowed=list(THEME_ALLOWED)), key=True)
    if "name" in theme and theme["name"] != "material":
        error(("theme", "name"), msg("site.theme_name"))
    palette = theme.get("palette")
    if palette is not None:
        entries = palette if isinstance(palette, list) else [palette]
        ok = True
        for i, entry in enumerate(entries):
            at = ("theme", "palette", i) if isinstance(palette, list) else ("theme", "palette")
            if not isinstance(entry, dict) or not entry:
                error(at, msg("site.palette"))
                ok = False
                continue
            for k, v in entry.items():
                if k not in ("primary", "accent", "scheme") or not isinstance(v, str) or not _WORD.match(v):
                    error(at + (k,), msg("site.palette_key", key=k))
                    ok = False
        if ok:
            out.palette = palette
    features = theme.get("features")
    if features is not None:
        if not isinstance(features, list) or not all(isinstance(f, str) and _FEATURE.match(f) for f in features):
            error(("theme", "features"), msg("site.features"))
        else:
            out.features = list(features)
    for key in ("logo", "favicon"):
        value = theme.get(key)
        if value is None:
            continue
        at = ("theme", key)
        if not isinstance(value, str) or not _IMAGE.match(value) or ".." in value.split("/"):
            error(at, msg("site.image_path", key=key))
            continue
        path = repo / value
        try:
            if path.is_symlink() or not path.is_file():
                raise OSError
            data = path.read_bytes()
        except OSError:
            error(at, msg("site.image_missing", key=key, value=value))
            continue
        ext = value.rsplit(".", 1)[-1].lower()
        if not any(data.startswith(m) for m in _MAGIC[ext]):
            error(at, msg("site.image_fake", key=key, value=value, ext=ext))
            continue
        out.images[key] = (f"assets/instance/{key}.{ext}", data)


def _engine(doc: Loaded, out: SiteSettings, problems: list[Problem]) -> None:
    value = doc.value.get("engine")
    if value is None:
        return
    if value not in ENGINE_NAMES:
        line, col = doc.at(("engine",))
        problems.append(Problem(NAME, line, col, ERROR,
                                msg("site.engine_setting", value=str(value)[:40], engines=list(ENGINE_NAMES))))
        return
    out.engine = str(value)


def load_site_settings(repo: Path) -> tuple[SiteSettings, list[Problem]]:
    """The instance's allowed site settings and the problems of its mkdocs.yml (none if it has none)."""
    out = SiteSettings()
    path = repo / NAME
    if not path.is_file():
        return out, []
    problems: list[Problem] = []
    read = read_yaml(path, NAME)
    if isinstance(read, Problem):
        return out, [read]
    text, doc = read
    if doc.value is None:
        return out, []
    if not isinstance(doc.value, dict):
        return out, [Problem(NAME, doc.start_line, 1, ERROR, msg("site.not_mapping"))]
    for key in doc.value:
        if key not in ALLOWED:
            line, col = doc.key_at((key,))
            problems.append(Problem(NAME, line, col, ERROR, msg("site.key", key=key, allowed=list(ALLOWED))))
    out.site_name = _text(doc, "site_name", problems)
    out.site_description = _text(doc, "site_description", problems) or ""
    out.copyright = _text(doc, "copyright", problems) or ""
    _theme(repo, doc, out, problems)
    _engine(doc, out, problems)
    return out, problems


__all__ = ["SiteSettings", "load_site_settings", "ALLOWED", "THEME_ALLOWED", "ENGINE_NAMES"]
