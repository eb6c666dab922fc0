"""Site search: every published page made findable by any run of its characters, with Pagefind.

Pagefind's Chinese segmentation loses substrings (招投标 inside 工程招投标 is one word
to it). So bulletin hands Pagefind no Chinese words at all: every run of Han
characters becomes its overlapping character bigrams (工程招投标 -> 工程 程招 招投
投标), every other run of letters or digits one lower-case word, and the index
is built with a language that Pagefind does not segment. The search script
(assets/bulletin-search.js) splits a query the same way, so Pagefind finds the
pages holding every bigram of every term; the script then keeps the pages
whose text holds each term as typed and ranks exact title and 文号 matches
first, then phrase matches (in the title, a heading, the text), then the rest.

What is indexed is read back from the built pages, so only what the site shows
can be found: a page is indexed when its template marks it
(``<div class="search-record" hidden data-kind=…>``) or it is a guide.
``<!--search-head-->`` and ``<!--search-body-->`` comments mark, where a page
has them, the metadata that is searched but not quoted and the body that the
result's excerpt is taken from.

Pagefind's own command indexes each shard from small generated documents (its
Python service answers one request per tenth of a second, too slow for
thousands of pages). The index is built in shards (``pages``: every kind but articles and guides;
``guides``; then the articles of each year, or of each half, quarter or month of a year with many),
each a Pagefind bundle of its own
under ``pagefind/<shard>/``. The browser searches those and the newest year
first and merges older years (Pagefind's ``mergeIndex``) only when it needs
more results, so a first query fetches a year's index, not twenty. A shard
whose records are unchanged since the served release is copied from it
instead of being indexed again, and two shards are indexed at a time.
"""
from __future__ import annotations

import functools
import gzip
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator
from ..i18n import translator
from .incremental import link_or_copy

FORMAT = "bulletin-search-2"            # bump when the records or their layout change
INDEX_LANGUAGE = "und"                  # a language Pagefind does not segment
MANIFEST = "bulletin-search.json"
MAX_SHARD = 1000                        # records: a year of articles above this is split in halves,
                                        # quarters or months (a new item re-indexes its part only)
PARALLEL_UP_TO = 10_000                 # records: a bigger site indexing more than two shards does one at a time
KINDS = ("article", "bulletin", "unit", "solicitation", "opinion", "plan", "interview", "competition", "guide")
# What a shard keeps of a Pagefind bundle: its index; the script and its wasm only in the first one.
_RUNTIME = ("pagefind.js", "wasm.unknown.pagefind")
_SKIP_DIRS = ("pagefind/", "admin/", "assets/", "search/")

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_TOKEN = re.compile(f"([{_HAN}]+)|([^\\W_{_HAN}]+)")
_ALNUM = re.compile(f"[^\\W_]+")


def normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def tokens(text: str) -> list[str]:
    """What Pagefind indexes of ``text``: Han runs as overlapping bigrams (a lone character as
    itself), every other run of letters and digits as one lower-case word."""
    out: list[str] = []
    for m in _TOKEN.finditer(normalise(text)):
        han = m.group(1)
        if han is None:
            out.append(m.group(2))
        elif len(han) == 1:
            out.append(han)
        else:
            out.extend(han[i:i + 2] for i in range(len(han) - 1))
    return out


def squeeze(text: str) -> str:
    """Letters and digits only, lower-case: how the search script compares a term with a page."""
    return "".join(_ALNUM.findall(normalise(text)))


# --------------------------------------------------------------------------- reading the built pages

@dataclass(frozen=True)
class Record:
    path: str                     # inside the site, e.g. articles/2026/07/x.html
    kind: str
    title: str
    units: tuple[str, ...] = ()
    date: str = ""
    number: str = ""
    head: str = ""               # searched, not quoted (the article's metadata table...)
    headings: str = ""           # the body's headings, one a line (ranked above the rest of the body)
    body: str = ""               # searched and quoted in the result's excerpt

    def row(self) -> tuple[Any, ...]:
        return (self.path, self.kind, self.title, list(self.units), self.date, self.number, self.head,
                self.headings, self.body)

    @property
    def year(self) -> str:
        return self.date[:4] if re.match(r"^\d{4}", self.date) else ""

    def shard(self, per_year: dict[str, int]) -> str:
        """``pages`` (every kind but articles and guides: few, and most change with every build),
        ``guides`` (the project's own, which also name the classified markings that are refused), or
        the articles of one year, or of one half-year, quarter or month: the longest span whose
        parts hold about MAX_SHARD records or fewer (a year of more is split evenly by months)."""
        if self.kind == "guide":
            return "guides"
        if self.kind != "article":
            return "pages"
        year = self.year or "0000"
        count = per_year.get(year, 0)
        if count <= MAX_SHARD or len(self.date) < 7 or not self.date[5:7].isdigit():
            return f"article-{year}"
        month = int(self.date[5:7])
        if count <= 2 * MAX_SHARD:
            return f"article-{year}h{(month - 1) // 6 + 1}"
        if count <= 4 * MAX_SHARD:
            return f"article-{year}q{(month - 1) // 3 + 1}"
        return f"article-{year}m{month:02d}"


_CONTENT_START = re.compile(r'<article class="md-content__inner md-typeset">')
_MARKER = re.compile(r'<div class="search-record" hidden([^>]*)></div>')
_ATTR = re.compile(r'\s(data-[a-z]+)="([^"]*)"')
_DROP = re.compile(r"<(script|style|svg|template)\b.*?</\1\s*>|<a class=\"headerlink\"[^>]*>.*?</a>|<!--(?!/?search-).*?-->",
                   re.S | re.I)
_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.S | re.I)
_HEADINGS = re.compile(r"<h([2-4])\b[^>]*>(.*?)</h\1>", re.S | re.I)
_INLINE = re.compile(r"</?(?:a|abbr|b|code|del|em|i|ins|kbd|mark|q|s|small|span|strong|sub|sup|u)\b[^>]*>", re.I)
_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"[ \t\r\f\v]+")
_LINES = re.compile(r"\s*\n\s*")


def _text(fragment: str) -> str:
    plain = _TAG.sub("\n", _INLINE.sub("", fragment))
    plain = html.unescape(plain).replace("\u00a0", " ")
    return _LINES.sub("\n", _SPACE.sub(" ", plain)).strip()


def _between(content: str, name: str) -> tuple[str, str]:
    """(the parts between <!--search-NAME--> and <!--/search-NAME-->, the rest)."""
    inside: list[str] = []
    pattern = re.compile(f"<!--search-{name}-->(.*?)<!--/search-{name}-->", re.S)

    def keep(m: re.Match[str]) -> str:
        inside.append(m.group(1))
        return "\n"

    rest = pattern.sub(keep, content)
    return "\n".join(inside), rest


def read_page(rel: str, data: str) -> Record | None:
    """The search record of one built page, or None when the page is not one that is searched."""
    marker = _MARKER.search(data)
    if marker is None and not rel.startswith("guides/"):
        return None
    start = _CONTENT_START.search(data)
    if start is None:
        return None
    end = data.rfind("</article>")
    content = data[start.end():end if end > start.end() else len(data)]
    attrs = dict(_ATTR.findall(marker.group(1))) if marker else {}
    content = _DROP.sub("\n", _MARKER.sub("", content))
    h1 = _H1.search(content)
    title = _text(h1.group(1)) if h1 else ""
    if h1:
        content = content[:h1.start()] + "\n" + content[h1.end():]
    head, content = _between(content, "head")
    body, rest = _between(content, "body")
    if "<!--search-body-->" not in data:
        body = rest
    units = tuple(u.strip() for u in re.split(r"[\n、]", html.unescape(attrs.get("data-units", ""))) if u.strip())
    headings = "\n".join(t for t in (_text(m.group(2)) for m in _HEADINGS.finditer(body)) if t)
    return Record(path=rel, kind=attrs.get("data-kind", "guide"), title=title, units=units,
                  date=html.unescape(attrs.get("data-date", "")), number=html.unescape(attrs.get("data-number", "")),
                  head=_text(head), headings=headings, body=_text(body))


def read_site(site: Path, cache: dict[str, Record] | None = None, used: set[str] | None = None) -> Iterator[Record]:
    """Every searched page's record. ``cache``: records by a digest of their page, reused for pages
    whose bytes are unchanged and updated with the others (``used`` collects the digests seen)."""
    for page in sorted(site.rglob("*.html")):
        rel = page.relative_to(site).as_posix()
        if rel.startswith(_SKIP_DIRS):
            continue
        data = page.read_bytes()
        if b'class="search-record"' not in data and not rel.startswith("guides/"):
            continue
        key = hashlib.sha1(rel.encode() + b"\0" + data).hexdigest() if cache is not None else ""
        record = cache.get(key) if cache is not None else None
        if record is None:
            record = read_page(rel, data.decode("utf-8", errors="replace"))
            if record is not None and cache is not None:
                cache[key] = record
        if used is not None:
            used.add(key)
        if record is not None and record.kind in KINDS:
            yield record


def _load_cache(path: Path | None) -> dict[str, Record]:
    if path is None:
        return {}
    try:
        data = json.loads(gzip.decompress(path.read_bytes()))
        if data.get("format") != FORMAT:
            return {}
        return {k: Record(v[0], v[1], v[2], tuple(v[3]), *v[4:]) for k, v in data["records"].items()}
    except (OSError, ValueError, TypeError, KeyError, IndexError):
        return {}


def _save_cache(path: Path | None, cache: dict[str, Record], used: set[str]) -> None:
    if path is None:
        return
    data = {"format": FORMAT, "records": {k: r.row() for k, r in cache.items() if k in used}}
    tmp = path.with_name(path.name + ".tmp")
    try:
        tmp.write_bytes(gzip.compress(json.dumps(data, ensure_ascii=False).encode("utf-8"), 1))
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)


# --------------------------------------------------------------------------- Pagefind

def _attr(value: str) -> str:
    return html.escape(value, quote=True)


def record_html(r: Record, kind_label: str) -> str:
    """The document Pagefind indexes for one record: tokens to search, the record's fields as metadata."""
    meta = {"title": r.title, "kind": kind_label, "units": "、".join(r.units), "date": r.date, "number": r.number,
            "path": r.path, "head": r.head, "headings": r.headings, "body": r.body}
    filters = [("kind", kind_label)] + [("unit", u) for u in r.units] + ([("year", r.year)] if r.year else [])
    parts = [f'<html lang="{INDEX_LANGUAGE}"><head>']
    parts += [f'<meta data-pagefind-meta="{k}[content]" content="{_attr(v)}">' for k, v in meta.items() if v]
    parts += [f'<meta data-pagefind-filter="{k}[content]" content="{_attr(v)}">' for k, v in filters]
    parts.append("</head><body><div data-pagefind-body>")
    for weight, text in ((10.0, r.title), (10.0, r.number), (3.0, " ".join(r.units)), (3.0, r.headings),
                         (1.0, r.head), (1.0, r.body)):
        words = tokens(text)
        if words:
            parts.append(f'<p data-pagefind-weight="{weight}">{_attr(" ".join(words))}</p>')
    parts.append("</div></body></html>")
    return "".join(parts)


@functools.lru_cache(maxsize=1)
def _executable() -> str:
    """Pagefind's binary (the extended build, as pinned), run directly: its Python launcher adds a second."""
    try:
        from pagefind.service import get_executable

        found = get_executable()
        if found is not None:
            return str(found)
    except Exception:
        pass
    return shutil.which("pagefind_extended") or shutil.which("pagefind") or "pagefind"


def _bundle(documents: list[tuple[str, str]], out: Path, runtime: bool) -> None:
    """Index ``documents`` (URL, HTML) into the Pagefind bundle ``out`` with Pagefind's command;
    keep only what the browser fetches from it."""
    shutil.rmtree(out, ignore_errors=True)
    source = out.parent / f".{out.name}.src"
    shutil.rmtree(source, ignore_errors=True)
    try:
        for url, doc in documents:
            target = source / url.lstrip("/")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(doc, encoding="utf-8")
        cmd = [_executable(), "--site", str(source), "--output-path", str(out),
               "--force-language", INDEX_LANGUAGE, "--keep-index-url", "--silent"]
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode != 0:
            raise OSError(proc.returncode, (proc.stderr or proc.stdout).strip()[-2000:])
    finally:
        shutil.rmtree(source, ignore_errors=True)
    for entry in out.iterdir():
        keep = entry.name in ("index", "fragment", "filter", "pagefind-entry.json") \
            or entry.name.endswith(".pf_meta") or (runtime and entry.name in _RUNTIME)
        if not keep:
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()


@functools.lru_cache(maxsize=1)
def _version() -> str:
    from importlib.metadata import version

    try:
        return version("pagefind_bin_extended")
    except Exception:
        return "unknown"


@dataclass
class IndexStats:
    records: int = 0
    shards: int = 0
    built: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)


def _kind_labels(lang: str) -> dict[str, str]:
    t = translator(lang)
    keys = {"article": "articles", "bulletin": "bulletins", "unit": "units", "solicitation": "solicitations",
            "opinion": "opinions", "plan": "plans", "interview": "interviews", "competition": "competitions",
            "guide": "guides"}
    return {k: t(v) for k, v in keys.items()}


def index_site(site: Path, *, lang: str = "zh", previous: Path | None = None, layout: str = "years",
               records: Iterable[Record] | None = None, cache: Path | None = None) -> IndexStats:
    """Write ``site/pagefind/``: one Pagefind bundle per shard and the manifest the search script reads.

    ``previous``: the search folder of the served release (``…/pagefind``); shards whose records are
    unchanged are copied from it. ``layout``: ``years`` (``pages`` and a shard per year of articles),
    ``single`` (one bundle of everything: the reference the tests compare the shards with) or ``fine``
    (a shard per kind and year). ``cache``: a file keeping the records read from the pages, so that a
    page whose bytes did not change is not read again.
    """
    labels = _kind_labels(lang)
    known = _load_cache(cache) if cache is not None else None
    used: set[str] = set()
    recs = sorted(records if records is not None else read_site(site, known, used), key=lambda r: r.path)
    if known is not None and records is None:
        _save_cache(cache, known, used)
    per_year: dict[str, int] = defaultdict(int)
    for r in recs:
        if r.kind == "article":
            per_year[r.year or "0000"] += 1
    groups: dict[str, list[Record]] = defaultdict(list)
    for r in recs:
        name = "all" if layout == "single" else r.shard(per_year)
        if layout == "fine" and name in ("pages", "guides"):
            name = f"{r.kind}-{r.year or '0000'}"
        groups[name].append(r)
    out = site / "pagefind"
    old: dict[str, str] = {}
    if previous is not None and (previous / MANIFEST).is_file():
        try:
            old = {s["name"]: s["digest"] for s in json.loads((previous / MANIFEST).read_text("utf-8"))["shards"]}
        except (ValueError, KeyError, TypeError):
            old = {}
    staging = site / ".pagefind-new"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    stats = IndexStats(records=len(recs))
    shards: list[dict[str, Any]] = []
    jobs: list[tuple[str, bool]] = []
    # The order the browser searches them in: the other pages first, then the articles, newest first.
    order = sorted(groups, key=lambda name: (name.startswith("article-"), name != "pages", [-ord(c) for c in name]))
    for i, name in enumerate(order):
        group = groups[name]
        h = hashlib.sha256(f"{FORMAT}\0{_version()}\0{lang}\0{i == 0}\0".encode())
        for r in group:
            h.update(json.dumps(r.row(), ensure_ascii=False).encode() + b"\0")
        digest = h.hexdigest()
        target = staging / name
        if previous is not None and old.get(name) == digest and (previous / name).is_dir():
            if previous.resolve() == out.resolve():
                os.rename(previous / name, target)          # this site's own copy of the served index
            else:                                           # the served release's: linked, left as it is
                shutil.copytree(previous / name, target, copy_function=link_or_copy)
            stats.reused.append(name)
        else:
            jobs.append((name, i == 0))
            stats.built.append(name)
        shards.append({"name": name, "digest": digest, "records": len(group)})
    # Two shards at a time (two cores); each document list is made when its shard's turn comes. A big
    # site indexed afresh goes one shard at a time: each Pagefind process holds its shard, this one
    # every record, and at 20,000 submissions two at once took the build's peak over a gigabyte.
    workers = 1 if len(jobs) > 2 and len(recs) > PARALLEL_UP_TO else min(2, max(1, len(jobs)))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for future in [pool.submit(lambda n, first: _bundle(
                [("/" + r.path, record_html(r, labels[r.kind])) for r in groups[n]], staging / n, runtime=first),
                name, first) for name, first in jobs]:
            future.result()
    units = sorted({u for r in recs for u in r.units})
    years = sorted({r.year for r in recs if r.year}, reverse=True)
    kinds = [labels[k] for k in KINDS if any(r.kind == k for r in recs)]
    # Searched at once: every shard but the articles, and the newest articles; older years when needed.
    initial = min(len(shards), sum(1 for s in shards if not str(s["name"]).startswith("article-")) + 1)
    manifest = {"format": FORMAT, "language": INDEX_LANGUAGE, "shards": shards, "initial": initial,
                "filters": {"kind": kinds, "unit": units, "year": years}}
    (staging / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    shutil.rmtree(out, ignore_errors=True)
    os.replace(staging, out)
    stats.shards = len(shards)
    return stats


def main(argv: list[str] | None = None) -> int:
    """``python -m generator.site.search SITE [--previous DIR] [--layout years|single|fine]``: index a built site again
    (what ``bulletin build`` does as its last step; bench/run.py times it). Prints the shards as JSON."""
    import argparse

    ap = argparse.ArgumentParser(prog="python -m generator.site.search")
    ap.add_argument("site", type=Path)
    ap.add_argument("--previous", type=Path, default=None, help="the pagefind folder of a previous release")
    ap.add_argument("--layout", choices=["years", "single", "fine"], default="years")
    ap.add_argument("--lang", default="zh")
    ap.add_argument("--cache", type=Path, default=None, help="a file keeping the records read from the pages")
    args = ap.parse_args(argv)
    stats = index_site(args.site, lang=args.lang, previous=args.previous, layout=args.layout, cache=args.cache)
    json.dump({"records": stats.records, "shards": stats.shards, "built": stats.built, "reused": stats.reused},
              sys.stdout, ensure_ascii=False)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
