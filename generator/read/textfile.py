"""Reading user files as text: size cap, UTF-8 (a BOM is accepted), CRLF accepted."""
from __future__ import annotations

from pathlib import Path

from ..errors import ERROR, Problem
from ..messages import msg
from .yamlio import Loaded, YamlProblem, load_yaml

MAX_FILE_BYTES = 1024 * 1024


def decode(data: bytes, display: str) -> tuple[str | None, Problem | None]:
    """Decode ``data`` as UTF-8 text with ``\\n`` line endings, or say where it is not."""
    if len(data) > MAX_FILE_BYTES:
        return None, Problem(display, 1, 1, ERROR,
                             msg("file.too_big", size=f"{len(data):,}"))
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before[before.rfind(b"\n") + 1:].decode("utf-8", errors="replace")) + 1
        return None, Problem(display, line, col, ERROR,
                             msg("file.not_utf8", byte=f"{data[exc.start]:02x}"))
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    nul = text.find("\x00")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        col = nul - (text.rfind("\n", 0, nul) + 1) + 1
        return None, Problem(display, line, col, ERROR,
                             "文件中有 NUL 字符（\\0），多半是误粘贴的二进制内容；删除它（重新输入这一处前后的文字）")
    return text, None


def read_text(path: Path, display: str) -> tuple[str | None, Problem | None]:
    """Read a file from disk; see :func:`decode`."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return None, Problem(display, 1, 1, ERROR,
                                 msg("file.too_big", size=f"{path.stat().st_size:,}"))
        data = path.read_bytes()
    except OSError as exc:
        return None, Problem(display, 1, 1, ERROR, msg("file.cannot_read", reason=exc.strerror))
    return decode(data, display)


def read_yaml(path: Path, display: str) -> tuple[str, Loaded] | Problem:
    """A YAML file read (:func:`read_text`) and parsed: (its text, the document), or the first problem,
    at its line and column in ``display``."""
    text, problem = read_text(path, display)
    if problem is not None:
        return problem
    assert text is not None
    try:
        return text, load_yaml(text)
    except YamlProblem as exc:
        return Problem(display, exc.line, exc.col, ERROR, exc.message)
