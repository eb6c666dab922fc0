"""Classified markings and scripts are found however they are disguised."""
from __future__ import annotations

import pytest

from generator.read.safety import classified_markings, line_col, scripts


@pytest.mark.parametrize("text", [
    "秘密★一年", "机密★", "绝密★长期", "本件涉密", "秘\u200b密★", "机\u200d密\ufeff★",
    "绝密＊", "&#31192;&#23494;★", "&#x673A;&#x5BC6;&#9733;", "秘<b></b>密★", "秘 密 ★", "机密级",
    "秘密&starf;",
])
def test_markings_are_found(text: str) -> None:
    assert classified_markings(text), text


@pytest.mark.parametrize("text", [
    "保守国家秘密是每个公民的义务", "商业机密", "密切配合", "星级★评定", "",
])
def test_ordinary_words_are_not_markings(text: str) -> None:
    assert not classified_markings(text)


def test_marking_offset_points_into_the_original_text() -> None:
    text = "第一行\n这是&#31192;&#23494;★文件\n"
    (finding,) = classified_markings(text)
    assert line_col(text, finding.offset) == (2, 3)


@pytest.mark.parametrize("text, what", [
    ("<script>alert(1)</script>", "a <script> tag"),
    ("<SCRIPT src=x>", "a <script> tag"),
    ("<img src=x onerror=alert(1)>", "an on…= event handler attribute"),
    ('<a href="#" onclick="x()">', "an on…= event handler attribute"),
    ("[x](javascript:alert(1))", "a javascript: link"),
    ("[x](&#106;avascript:alert(1))", "a javascript: link"),
    ("[x](java\u200bscript:alert(1))", "a javascript: link"),
    ("<iframe src=//x>", "an embedded-content tag (iframe, object, embed, form...)"),
    ("[x](data:text/html;base64,xx)", "a data:text/html link"),
])
def test_scripts_are_found(text: str, what: str) -> None:
    assert [f.what for f in scripts(text)][:1] == [what]


def test_ordinary_text_has_no_scripts() -> None:
    assert scripts("一是加强 online 监管；二是 JavaScript 培训；<b>加粗</b> [链接](https://example.gov.cn)") == []
