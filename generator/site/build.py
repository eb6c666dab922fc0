"""``bulletin build``: gather everything, render once, build with mkdocs, index, swap atomically.

The output folder ``OUT`` is a symbolic link to ``OUT.releases/<id>/``. A new
release is built beside the old one and the link is replaced with one
``rename``: a failed or killed build leaves the previous site served as it was.
"""
from __future__ import annotations

import ctypes
import datetime as dt
import errno
import fcntl
import gc
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..errors import ERROR, BulletinError, Problem
from ..i18n import translator
from ..judge.gather import gather
from ..judge.review import Trust
from ..messages import msg, render
from .engine import engine_config, get_engine, run_engine
from ..read.instance import Instance
from ..read.sitecfg import SiteSettings, load_site_settings
from .data import site_data
from .editor import current_branch, open_solicitations, write_admin
from .escape import safe_title
from .incremental import State, fingerprint
from .pages import render_pages
from .search import index_site

ASSETS = Path(__file__).resolve().parent / "assets"
KEEP_RELEASES = 2

# Settings the build always enforces, whatever the instance's mkdocs.yml says:
# no web fonts, no CDN, strict link checking, and no mkdocs search (Pagefind does it).
_ENFORCED: dict[str, Any] = {
    "use_directory_urls": False,
    "strict": True,
}


@dataclass(frozen=True)
class BuildResult:
    out: Path
    release: Path
    pages: int
    articles: int
    seconds: float
    size: int
    warnings: tuple[str, ...] = ()


def _mkdocs_config(repo: Path, docs: Path, site: Path, lang: str, nav: list[dict[str, Any]],
                   org: str, settings: SiteSettings | None = None) -> dict[str, Any]:
    """The mkdocs configuration: the build's own, plus only what the instance's mkdocs.yml may choose
    (sitecfg.py): an instance never sets the theme's templates, plugins, hooks, scripts or extensions."""
    if settings is None:
        settings, problems = load_site_settings(repo)
        if any(p.is_error for p in problems):
            raise BulletinError(problems)
    theme: dict[str, Any] = {"name": "material", "language": "zh" if lang == "zh" else "en", "font": False,
                             "features": settings.features if settings.features is not None
                             else ["navigation.tabs", "navigation.top", "content.tabs.link"],
                             "palette": settings.palette if settings.palette is not None
                             else {"primary": "red", "accent": "red"}}
    for key, (asset, _data) in settings.images.items():
        theme[key] = asset
    cfg: dict[str, Any] = {
        # The theme inserts these into every page unescaped: they are escaped as titles.
        "site_name": str(safe_title(settings.site_name or f"{org}信息宣传")),
        "site_description": str(safe_title(settings.site_description)),
        "copyright": str(safe_title(settings.copyright)),
        "theme": theme,
        "docs_dir": str(docs),
        "site_dir": str(site),
        "nav": nav,
        "plugins": [{"privacy": {"assets_fetch": False, "assets_exclude": ["unpkg.com/*", "cdn.jsdelivr.net/*"]}}],
        "markdown_extensions": ["tables", "admonition", "attr_list", "md_in_html", "toc", "sane_lists",
                                "pymdownx.superfences", "generator.site.mdtables"],
        "extra_css": ["assets/bulletin.css"],
        "extra_javascript": ["assets/bulletin-search.js"],
        "not_in_nav": "/articles/**\n/bulletins/*\n/rankings/*\n/units/*\n/solicitations/*\n/opinions/*\n/todo/*\n"
                      "",
        "validation": {"links": {"not_found": "warn", "absolute_links": "warn", "unrecognized_links": "warn"}},
        "extra": {"generator": False},
    }
    cfg.update(_ENFORCED)
    return cfg


def _nav(t: Callable[[str], str], with_guides: bool = False) -> list[dict[str, Any]]:
    return [{t("home"): "index.md"}, {t("bulletins"): "bulletins/index.md"}, {t("rankings"): "rankings/index.md"},
            {t("articles"): "articles/index.md"}, {t("units"): "units/index.md"},
            {t("solicitations"): "solicitations/index.md"}, {t("opinions"): "opinions/index.md"},
            {t("plans"): "plans/index.md"}, {t("interviews"): "interviews/index.md"},
            {t("competitions"): "competitions/index.md"}, {t("learning"): "learning/index.md"},
            {t("review"): "review/index.md"},
            {t("organization"): "organization/index.md"},
            *([{t("guides"): [{t("guide_liaison"): "guides/liaison.md"}, {t("guide_reviewer"): "guides/reviewer.md"}]}]
              if with_guides else []),
            {t("search"): "search/index.md"}]


def _quiet(message: str) -> None:
    """The progress of a build whose caller shows none."""


def _neutralise_cdn(site: Path) -> None:
    """mkdocs-material lazy-loads mermaid and polyfills from CDNs: point those URLs nowhere."""
    for js in (site / "assets" / "javascripts").glob("*.js"):
        text = js.read_text(encoding="utf-8")
        patched = re.sub(r"https://(?:unpkg\.com|cdn\.jsdelivr\.net|cdnjs\.cloudflare\.com)/[^\"'`\s)]*",
                         "data:,", text)
        if patched != text:
            js.write_text(patched, encoding="utf-8")


_EXTERNAL = re.compile(rb"""(?:src|href|srcset|action|data)\s*=\s*["']?\s*(?:https?:)?//""", re.IGNORECASE)


def external_references(site: Path, new_only: bool = False) -> list[str]:
    """Pages that would make a request outside the site (src=, href= to stylesheets...).

    ``new_only``: leave out pages hard-linked from the served release (incremental.py), which were
    checked when it was built and cannot have changed since."""
    found = []
    for page in site.rglob("*.html"):
        if new_only and page.stat().st_nlink > 1:
            continue
        data = page.read_bytes()
        for m in re.finditer(rb"<(?:script|img|link|iframe|source|video|audio|embed|object)\b[^>]*>", data, re.IGNORECASE):
            tag = m.group(0)
            if _EXTERNAL.search(tag) and not tag.lower().startswith(b"<a"):
                if tag.lower().startswith(b"<link") and b"stylesheet" not in tag.lower() \
                        and b"icon" not in tag.lower() and b"preload" not in tag.lower():
                    continue
                found.append(f"{page.relative_to(site)}: {tag[:120].decode('utf-8', 'replace')}")
    return found


def _pagefind(site: Path, *, lang: str = "zh", previous: Path | None = None, cache: Path | None = None) -> None:
    """Index the built pages for search (search.py): Pagefind bundles per shard under ``site/pagefind``.

    ``previous``: the ``pagefind`` folder of the served release; shards whose records did not change
    are copied from it (an incremental build's copy of the served release counts too). ``cache``: the
    file keeping the records read from the pages (a page whose bytes did not change is not read again).
    """
    if previous is None and (site / "pagefind").is_dir():
        previous = site / "pagefind"
    try:
        index_site(site, lang=lang, previous=previous, cache=cache)
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT) or _nearly_full(site):
            raise _disk_full(OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)), site.parent.parent) from None
        raise BulletinError(msg("site.search_failed", detail=str(exc)), path=str(site)) from None
    except Exception as exc:        # the Pagefind service failed
        if _nearly_full(site):
            raise _disk_full(OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)), site.parent.parent) from None
        raise BulletinError(msg("site.search_failed", detail=str(exc)), path=str(site)) from None


_RELEASE_NAME = re.compile(r"^(\d{8}-\d{6}-\d+|legacy-\d+)$")
_HIDDEN_OURS = re.compile(r"^\.(work-\d{8}-\d{6}-\d+|state-\w+|lock|bulletin-releases)$")
MARKER = ".bulletin-releases"


def _releases_of(out: Path) -> Path:
    return out.parent / f"{out.name}.releases"


def check_out(out: Path, repo: Path) -> None:
    """Refuse an ``--out`` whose replacement could lose data; raises BulletinError saying why.

    bulletin owns ``OUT`` only when it is a link into ``OUT.releases/`` (what a build makes) or
    does not exist yet (an empty folder is taken over too); it never moves or deletes anything else.
    """
    out = Path(os.path.abspath(out))
    shown = str(out)
    real_repo = repo.resolve()
    real_out = out.resolve()
    if real_out == real_repo or real_out in real_repo.parents or out == repo or out in repo.parents:
        raise BulletinError(msg("build.out_is_repo", out=shown), path=shown)
    releases = _releases_of(out)
    if out.is_symlink():
        target = Path(os.path.realpath(out))
        if target.parent != releases.resolve():
            raise BulletinError(msg("build.out_foreign_link", out=shown, target=os.readlink(out),
                                    releases=releases.name), path=shown)
    elif out.is_dir():
        if any(out.iterdir()):
            raise BulletinError(msg("build.out_foreign_dir", out=shown, releases=releases.name), path=shown)
    elif out.exists():
        raise BulletinError(msg("build.out_is_file", out=shown), path=shown)
    if releases.is_symlink() or (releases.exists() and not releases.is_dir()):
        raise BulletinError(msg("build.releases_foreign", releases=str(releases)), path=str(releases))
    if releases.is_dir() and not (releases / MARKER).exists():
        strangers = sorted(p.name for p in releases.iterdir()
                           if not (_RELEASE_NAME.match(p.name) or _HIDDEN_OURS.match(p.name)))
        if strangers:
            raise BulletinError(msg("build.releases_strangers", releases=str(releases), names=strangers[:3]),
                                path=str(releases))


def _lock(releases: Path, progress: Callable[[str], None]) -> Any:
    """Hold ``OUT.releases/.lock``: builds into the same OUT queue, one after the other."""
    handle = open(releases / ".lock", "a")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        progress(f"waiting for another build into {releases.name[:-len('.releases')]} to finish")
        fcntl.flock(handle, fcntl.LOCK_EX)
    return handle


def _nearly_full(path: Path) -> bool:
    """Whether the file system of ``path`` has (next to) no room left: the cause of a failure."""
    try:
        return shutil.disk_usage(path).free < 1024 * 1024
    except OSError:
        return False


def _copy_ran_out(exc: OSError) -> bool:
    """Whether a copy that failed file by file (shutil.Error) failed for want of space: by then the
    unfinished release is removed again, so the file system no longer looks full."""
    if not isinstance(exc, shutil.Error) or not exc.args or not isinstance(exc.args[0], list):
        return False
    full = (os.strerror(errno.ENOSPC), os.strerror(errno.EDQUOT), f"[Errno {errno.ENOSPC}]")
    return any(isinstance(e, tuple) and len(e) == 3 and any(f in str(e[2]) for f in full) for e in exc.args[0])


def _disk_full(exc: OSError, where: Path) -> BulletinError:
    return BulletinError(f"磁盘空间不足，写不下新网站（{where}）；这次没有生成网站，仍在使用上一次生成的网站。"
                         "请腾出空间后重新运行 bulletin build")


def _swap(out: Path, release: Path) -> None:
    """Point ``out`` at ``release`` with one atomic rename; keep the newest releases only."""
    if out.is_dir() and not out.is_symlink():
        out.rmdir()                        # an empty folder (check_out refuses any other)
    tmp = out.parent / f".{out.name}.swap-{os.getpid()}"
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    os.symlink(os.path.relpath(release, out.parent), tmp)
    os.replace(tmp, out)
    releases = sorted((p for p in release.parent.iterdir() if p.is_dir() and not p.name.startswith(".")),
                      key=lambda p: p.stat().st_mtime, reverse=True)
    for old in releases[KEEP_RELEASES:]:
        if old.resolve() != release.resolve():
            shutil.rmtree(old, ignore_errors=True)
    for work in release.parent.glob(".work-*"):
        shutil.rmtree(work, ignore_errors=True)


def build_site(inst: Instance, trust: Trust, *, out: Path, lang: str = "zh", as_of: dt.date | None = None,
               progress: Callable[[str], None] = _quiet, editor_url: str | None = None,
               engine: str | None = None) -> BuildResult:
    """Build the whole site into a new release under ``OUT.releases`` and swap ``OUT`` to it.

    ``editor_url``: the local decap-server the admin page edits through (``serve --edit``).
    ``engine``: the site engine (engine.py), overriding the instance's ``engine:`` setting.

    Builds into the same OUT queue on a lock; a full disk stops the build with the previous
    release still served.
    """
    start = time.monotonic()
    settings, problems = load_site_settings(inst.repo)     # refused settings stop the build before anything
    if any(p.is_error for p in problems):
        raise BulletinError(problems)
    get_engine(engine or settings.engine).versions()     # an unknown or missing engine stops it here
    out = out if out.is_absolute() else Path.cwd() / out
    releases = _releases_of(out)
    check_out(out, inst.repo)
    try:
        releases.mkdir(parents=True, exist_ok=True)
        (releases / MARKER).touch()
        lock = _lock(releases, progress)
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise _disk_full(exc, releases) from None
        raise BulletinError(msg("build.releases_cannot_create", releases=str(releases),
                                reason=str(exc.strerror or exc)), path=str(releases)) from None
    try:
        return _build_locked(inst, trust, out, releases, lang, as_of, progress, start, editor_url, engine)
    except OSError as exc:           # shutil.Error (a copy that failed file by file) has no errno
        if exc.errno in (errno.ENOSPC, errno.EDQUOT) or _nearly_full(releases) or _copy_ran_out(exc):
            raise _disk_full(OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)), releases) from None
        raise
    finally:
        lock.close()


def _give_back_memory() -> None:
    """Return freed memory (what the pages were made from, the engine's output read back) to the
    system before the engine and Pagefind run beside this process: at 20,000 submissions a few
    hundred megabytes that Python's and C's allocators would otherwise keep (the whole tree's peak
    is the budget). Cycles are collected (what the caches loaded is frozen out of collection, so it
    is not scanned) and glibc's free heap is trimmed where glibc is the allocator."""
    gc.collect()
    if sys.platform.startswith("linux"):
        trim = getattr(ctypes.CDLL(None), "malloc_trim", None)     # glibc's, in this process already
        if trim is not None:
            trim(0)


def _run_site_engine(state: State, cfg: dict[str, Any], assets: dict[str, bytes], out: Path, removed: set[str],
                     written: set[str], n_files: int, progress: Callable[[str], None], name: str | None) -> str:
    """Write the engine's configuration into the project folder and run the engine there (only the
    changed pages when the state belongs to the served release); returns the state's fingerprint."""
    engine = get_engine(name)
    config = engine_config(cfg)
    print_ = fingerprint(config, assets, f"{engine.name} {engine.versions()}")
    dirty = state.reuse(out.resolve() if out.is_symlink() else None, print_, removed, copy=engine.dirty,
                        written=written)
    config_file = state.project / f"{engine.name}.yml"
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    progress(msg("build.engine_changed", engine=engine.name, changed=len(written), files=n_files) if dirty
             else msg("build.engine", engine=engine.name))
    try:
        run_engine(engine, config_file, dirty=dirty)
    except BulletinError:
        if _nearly_full(state.project):
            raise _disk_full(OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)), state.project.parent) from None
        raise
    return print_


def _build_locked(inst: Instance, trust: Trust, out: Path, releases: Path, lang: str, as_of: dt.date | None,
                  progress: Callable[[str], None], start: float, editor_url: str | None = None,
                  engine: str | None = None) -> BuildResult:
    check_out(out, inst.repo)              # again, now that no other build can change it
    settings, _problems = load_site_settings(inst.repo)    # checked before the lock (build_site)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S") + f"-{os.getpid()}"
    work = releases / f".work-{stamp}"
    release = releases / stamp
    state: State | None = None
    try:
        progress(msg("build.reading"))
        data = site_data(gather(inst, trust, as_of))
        progress(msg("build.rendering", articles=len(data.items)))
        state = State(releases, lang, work)
        kept = state.kept_pages()
        files = {rel: (c if isinstance(c, bytes) else c.encode("utf-8"))
                 for rel, c in render_pages(data, lang, kept).items()}
        if kept.reused:
            progress(msg("build.pages_kept", kept=len(kept.reused)))
        data.memo.save()
        # The user guides (信息员、审核人员操作指南) are the project's own pages, copied as they are.
        guides = Path(__file__).resolve().parents[2] / "guides"
        if guides.is_dir() and lang == "zh":
            files.update({f"guides/{p.relative_to(guides).as_posix()}": p.read_bytes()
                          for p in guides.rglob("*") if p.is_file()})
        assets = {f"assets/{a.name}": a.read_bytes() for a in ASSETS.iterdir() if a.is_file()}
        assets.update(dict(settings.images.values()))          # the instance's logo and favicon, checked
        files.update(assets)
        # Only the files whose bytes changed are written (see incremental.py).
        written, removed = state.sync(files, unchanged=kept.reused)
        org = inst.config.organization_short if inst.config else ""
        cfg = _mkdocs_config(inst.repo, state.docs, state.site, lang,
                             _nav(translator(lang), any(k.startswith("guides/") for k in files)), org, settings)
        n_articles = len(data.items)
        warnings = data.warnings
        sols = open_solicitations(inst, data.as_of)
        n_files = len(files)
        del data, files
        _give_back_memory()
        print_ = _run_site_engine(state, cfg, assets, out, removed, written, n_files, progress,
                                  engine or settings.engine)
        site = state.site
        _neutralise_cdn(site)
        progress(msg("build.indexing"))
        _give_back_memory()
        served = out.resolve() if out.is_symlink() else None
        _pagefind(site, lang=lang, previous=None if (site / "pagefind").is_dir() or served is None
                  else served / "pagefind", cache=releases / f".state-search_{lang}")
        # The web editor (Decap CMS) is static files mkdocs and Pagefind never see.
        assert inst.config is not None
        if not write_admin(site, inst.config, org=org, lang=lang, settings=inst.editor, local_url=editor_url,
                           branch=current_branch(inst.repo), open_solicitations=sols):
            progress(msg("build.no_editor"))
        leaks = external_references(site, new_only=True)
        if leaks:
            raise BulletinError(msg("site.leaks", files="\n  ".join(leaks[:20])), path=str(site))
        site.rename(release)
        state.commit(release, print_, kept.now)
        _swap(out, release)
    finally:
        if state is not None:
            state.close()
        shutil.rmtree(work, ignore_errors=True)
    size = sum(p.stat().st_size for p in release.rglob("*") if p.is_file())
    n_pages = sum(1 for _ in release.rglob("*.html"))
    return BuildResult(out, release, n_pages, n_articles, time.monotonic() - start, size, warnings)
