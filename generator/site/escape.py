"""Text from the repository made harmless for each place it lands on the site: one function per place.

Everything the site shows that comes from the repository (titles, file names,
unit names and types, people, outlets, solicitation ids, links in 舆情 and
interview records, the organisation's and the site's names) is data. mkdocs
renders our pages with ``attr_list`` and ``md_in_html``, so text that reaches
Markdown unescaped can add attributes (``{onclick=…}``), links
(``[x](javascript:…)``), raw HTML or code spans that swallow the rest of a line.

The places, and their one function each:

``md_text``
    Markdown text (paragraphs, table cells, headings, link labels). Every
    ``{{ … }}`` of a Markdown template goes through it unless it is marked safe
    (:func:`markdown_env` makes it the default, so nothing can be forgotten).
``html_text``
    text and attribute values inside raw HTML blocks, which Markdown leaves alone.
``md_url`` / ``safe_url``
    link destinations: only http(s) links and paths inside the site, with every
    character that could end the destination or start an attribute list encoded.
``code_text``
    a file name shown as code (``<code>``; a Markdown code span could be closed
    by a back-tick in the name).
``safe_title``
    titles and names a theme inserts unescaped (``<title>``, the header, the
    navigation) and the YAML front matter of a page.
"""
from __future__ import annotations

import functools
import html
import re
from fractions import Fraction
from typing import Any, Callable

import jinja2
from markupsafe import Markup

_SAFE_TITLE = str.maketrans({"<": "＜", ">": "＞", "&": "＆", '"': "＂", "'": "＇", "`": "｀", "\n": " ",
                             "\r": " ", "\\": "＼", "{": "｛", "}": "｝", "\t": " "})


def safe_title(text: Any) -> Markup:
    """A title that is harmless even where a theme inserts it unescaped (header, nav, <title>, front matter)."""
    return Markup(str(text).translate(_SAFE_TITLE).strip())


# Markdown's own syntax (backslash escapes are undone by Markdown itself). Tilde has no meaning
# without a strike-through extension, so it is left alone.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|>-])")


def md_text(text: Any) -> Markup:
    """Text for a Markdown context (table cells, link labels): HTML and Markdown syntax neutralised."""
    if isinstance(text, Markup):
        return text
    # Angle brackets become full-width: titles are plain text, and no indexer or theme
    # downstream (Pagefind excerpts, mkdocs-material headers) can mistake them for tags.
    escaped = html.escape(str(text).replace("<", "＜").replace(">", "＞"), quote=True)
    return Markup(_MD_SPECIAL.sub(r"\\\1", escaped).replace("\r", " ").replace("\n", " "))


def html_text(text: Any) -> Markup:
    """Text or a quoted attribute value inside raw HTML (Markdown does not touch it there)."""
    if isinstance(text, Markup):
        return text
    return Markup(html.escape(str(text).replace("<", "＜").replace(">", "＞"), quote=True))


def code_text(text: Any) -> Markup:
    """A file name or id shown as code, in Markdown or raw HTML."""
    return Markup("<code>") + md_text(text) + Markup("</code>")


_URL_OK = re.compile(r"^https?://[^\s/\\?#]+", re.I)
# Characters that could end a link destination, open an attribute list, quote an attribute or
# change how the path is read (a ':' before any '/' would make a relative path a scheme).
_URL_ENCODE = set(" \t\r\n\"'<>()[]{}\\`|^%*!")


@functools.lru_cache(maxsize=1 << 16)
def _encode(text: str, extra: str = "") -> str:
    out = []
    for ch in text:
        if ch in _URL_ENCODE or ch in extra or ord(ch) < 32 or ord(ch) == 127 or ch.isspace():
            out.append("".join(f"%{b:02X}" for b in ch.encode("utf-8")))
        else:
            out.append(ch)
    return "".join(out)


def safe_url(url: Any) -> str | None:
    """An http(s) link fit for the site, or None (any other scheme, a protocol-relative or backslash trick)."""
    if not isinstance(url, str):
        return None
    text: str = url.strip()
    if not _URL_OK.match(text) or any(ord(ch) < 32 for ch in text):
        return None
    return text


def md_url(url: Any) -> Markup:
    """A link destination (Markdown or an HTML attribute): http(s) links or relative paths inside the site."""
    if isinstance(url, Markup):
        return url
    text = str(url)
    if safe_url(text) is not None:
        return Markup(_encode_url(text.strip()))
    # A path inside the site: never a scheme, never protocol-relative, never a backslash.
    path = _encode(text, extra=":#?&=")
    if path.startswith("/"):
        path = "./" + path.lstrip("/")
    return Markup(path)


def _encode_url(url: str) -> str:
    """An absolute http(s) URL with the characters of :data:`_URL_ENCODE` encoded ('%' escapes kept)."""
    out = []
    for i, ch in enumerate(url):
        if ch == "%" and re.match(r"[0-9A-Fa-f]{2}", url[i + 1:i + 3]):
            out.append(ch)
        elif ch in _URL_ENCODE or ord(ch) < 32 or ord(ch) == 127 or ch.isspace():
            out.append("".join(f"%{b:02X}" for b in ch.encode("utf-8")))
        else:
            out.append(ch)
    return "".join(out)


def _number_or(escape: Callable[[Any], Markup]) -> Callable[[Any], Any]:
    def finalize(value: Any) -> Any:
        if isinstance(value, Markup):
            return value
        if value is None:
            return Markup("")
        if isinstance(value, (int, float, Fraction)) and not isinstance(value, bool):
            return Markup(str(value))
        return escape(value)
    return finalize


def _join(values: Any, separator: str = "", attribute: Any = None) -> Any:
    """Jinja's join, except that joined text stays text (so finalize escapes it for its place):
    the built-in one would mark it safe after escaping only HTML."""
    items = [getattr(v, attribute) if attribute is not None and hasattr(v, attribute)
             else v[attribute] if attribute is not None else v for v in values]
    if items and all(isinstance(v, Markup) for v in items) and isinstance(separator, Markup):
        return Markup(separator).join(items)
    return str(separator).join(str(v) for v in items)


def template_env(loader: jinja2.BaseLoader, *, html_block: bool = False) -> jinja2.Environment:
    """A Jinja environment whose every ``{{ … }}`` is escaped for Markdown (or for raw HTML with
    ``html_block``) unless a filter already made it safe for its place (``|url``, ``|code``...)."""
    # autoescape so that macros and blocks return safe markup; finalize then escapes every value
    # for its place (Jinja's own escape only knows HTML, not Markdown).
    env = jinja2.Environment(loader=loader, autoescape=True, undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                             finalize=_number_or(html_text if html_block else md_text))
    env.filters["join"] = _join
    env.filters["md"] = md_text
    env.filters["html"] = html_text
    env.filters["url"] = md_url
    env.filters["code"] = code_text
    env.filters["safe_title"] = safe_title
    return env


__all__ = ["safe_title", "md_text", "html_text", "code_text", "safe_url", "md_url", "template_env"]
