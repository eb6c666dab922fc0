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


# Disguises of a marking, each with the normalised form the error names (SPEC 9, docs/security.md).
DISGUISED = [
    # invisible and filler code points between the characters
    ("emoji-variation-selector", "秘\ufe0f密★一年", "秘密★"),
    ("mongolian-variation-selector", "机\u180b密★", "机密★"),
    ("variation-selector-supplement", "绝\U000E0100密★", "绝密★"),
    ("hangul-filler", "秘\u3164密★", "秘密★"),
    ("hangul-choseong-filler", "秘\u115f密★", "秘密★"),
    ("hangul-jungseong-filler", "秘\u1160密★", "秘密★"),
    ("halfwidth-hangul-filler", "秘\uffa0密★", "秘密★"),
    ("braille-blank", "秘\u2800密★", "秘密★"),
    ("combining-acute", "秘\u0301密★", "秘密★"),
    ("combining-enclosing-circle", "秘\u20dd密★", "秘密★"),
    ("private-use", "秘\ue000密★", "秘密★"),
    # traditional and variant characters, compatibility forms
    ("traditional-jimi", "機密★", "机密★"),
    ("traditional-juemi", "絕密★", "绝密★"),
    ("japanese-juemi", "絶密★", "绝密★"),
    ("variant-mimi", "祕密★", "秘密★"),
    ("traditional-level-word", "機密級", "机密级"),
    # star glyphs
    *[(f"star-{ord(s):04x}", f"秘密{s}一年", f"秘密{s}")
      for s in "✦✧⋆✱✲✳✪✫✬٭⁎∗⚝✵✶✷✸✹❋"],
    # Markdown and HTML between the characters
    ("bold", "秘**密**★", "秘密★"),
    ("bold-star", "绝密**★**", "绝密★"),
    ("underscore-emphasis", "机__密__★", "机密★"),
    ("strike", "秘~~密~~★", "秘密★"),
    ("code-span", "秘`密`★", "秘密★"),
    ("link", "[机](x)密★", "机密★"),
    ("link-with-title", '[绝](https://a.gov.cn/x_(1) "t")密★', "绝密★"),
    ("reference-link", "[秘][1]密★", "秘密★"),
    ("image", "秘![](a.png)密★", "秘密★"),
    ("long-comment", "秘<!--" + "填充" * 400 + "-->密★", "秘密★"),
    ("long-tag", '秘<span title="' + "x" * 500 + '">密</span>★', "秘密★"),
    ("tag-with-gt-in-attribute", '秘<span title="a>b">密</span>★', "秘密★"),
    ("marking-in-attribute", '<img alt="机密★" src="a.png">', "机密★"),
    ("marking-in-comment", "<!-- 绝密★长期 -->", "绝密★"),
    ("punctuation", "秘·密-★", "秘密★"),
    ("brackets", "【机】（密）★", "机密★"),
    ("backslash-escape", "秘\\密\\★", "秘密★"),
    ("table-cell", "| 秘 | 密★ |", "秘密★"),
    # protective markings
    ("neibu-ziliao", "内部资料 注意保密", "内部资料"),
    ("zhuyi-baomi", "本文注意保密", "注意保密"),
    ("neibu-shiyong", "仅限内部使用", "内部使用"),
    ("budei-waichuan", "不得外传", "不得外传"),
    ("traditional-budei-waichuan", "內部資料，不得外傳", "内部资料"),
    ("yanjin-waichuan", "严禁外传", "严禁外传"),
    ("gongzuo-mimi", "工作秘密", "工作秘密"),
    ("neibu-star", "内部★", "内部★"),
    ("shangmi-star", "商密★", "商密★"),
    ("miji-label", "密级：机密", "密级机密"),
    ("shemi-bold", "涉**密**", "涉密"),
]


# Disguises that were already found, and must stay so.
STILL_FOUND = [
    ("soft-hyphen", "秘\u00ad密★", "秘密★"),
    ("word-joiner", "秘\u2060密★", "秘密★"),
    ("invisible-times", "秘\u2062密★", "秘密★"),
    ("right-to-left-mark", "秘\u200f密★", "秘密★"),
    ("bidi-override", "秘\u202e密\u202c★", "秘密★"),
    ("tag-characters", "秘\U000E0041\U000E007F密★", "秘密★"),
    ("em-space-before-star", "秘密\u2003★", "秘密★"),
    ("line-break", "秘\n密★", "秘密★"),
    ("circled-ideograph-secret", "㊙密★", "秘密★"),
    ("full-width-star-word", "秘密＊", "秘密*"),
    ("star-entity", "秘密&starf;", "秘密★"),
    ("marking-in-link-target", "[附件](files/秘密★.pdf)", "秘密★"),
    *[(f"star-{ord(s):04x}", f"秘密{s}一年", f"秘密{s}") for s in "★☆✭✮✯✰*⭐"],
]


@pytest.mark.parametrize("text, excerpt", [(t, e) for _, t, e in DISGUISED + STILL_FOUND],
                         ids=[i for i, _, _ in DISGUISED + STILL_FOUND])
def test_disguised_markings_are_found_in_their_normalised_form(text: str, excerpt: str) -> None:
    assert [f.excerpt for f in classified_markings(text)][:1] == [excerpt]


# Ordinary words that must stay publishable.
ORDINARY = [
    "保护商业秘密，维护公平竞争", "机密性、完整性和可用性", "秘书科负责会务", "局办公室秘书", "秘籍", "涉及群众切身利益",
    "加强内部**管理**", "内部审计", "内部控制制度", "资料汇编", "注意安全", "保密工作",
    "保密宣传教育月", "密切配合", "协商密切合作", "级别", "星级★评定", "传达学习", "外传的消息不实", "*", "★★★★★",
]


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_text_is_no_marking(text: str) -> None:
    assert classified_markings(text) == []
