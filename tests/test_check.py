"""`bulletin check` on bad input: one table row per bad input, exact output expected.

Each case copies a small valid instance (a real git repository, see
checkkit.py), changes one thing, commits it as a named person, runs the real
console command and compares its whole stdout with the expected
``path:line:col: severity: message`` lines. Every run must also leave the
repository exactly as it was and never show a traceback.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from checkkit import (
    EVIDENCE_PATH,
    ROOT,
    SCORING_YAML,
    SOLICITATION_MD,
    SOLICITATION_PATH,
    SUBMISSION_MD,
    SUBMISSION_PATH,
    UNITS_YAML,
    Result,
    commit_all,
    init_repo,
    run_bulletin,
    state,
    write_base,
)

SUB = SUBMISSION_PATH
SOL = SOLICITATION_PATH
TITLE = "title: 武进住建局开展农民工工资支付专项检查"
BODY = "检查覆盖项目20个。"          # line 17 of the base submission
EVIDENCE = f"evidence: {EVIDENCE_PATH}"  # line 13, value at column 15

CLASSIFIED = ("material marked secret must never be submitted here; remove the file and report it through "
              "the confidential channel")
SCRIPT = "is not allowed: the site publishes text, not scripts; remove it"
SUB_ADOPTIONS = f"""\
adoptions:
  - outlet: js-zjt-web
    date: 2026-03-20
    {EVIDENCE}
"""


def edit(text: str, old: str, new: str) -> str:
    assert old in text, f"the base file has no {old!r}"
    return text.replace(old, new, 1)


def sub(old: str, new: str) -> dict[str, str | bytes | None]:
    """The base submission with one change."""
    return {SUB: edit(SUBMISSION_MD, old, new)}


def units(old: str, new: str) -> dict[str, str | bytes | None]:
    return {"units.yaml": edit(UNITS_YAML, old, new)}


def scoring(old: str, new: str) -> dict[str, str | bytes | None]:
    return {"scoring.yaml": edit(SCORING_YAML, old, new)}


def sol(old: str, new: str) -> dict[str, str | bytes | None]:
    return {SOL: edit(SOLICITATION_MD, old, new)}


def front(yaml_text: str, body: str = "正文。\n") -> dict[str, str | bytes | None]:
    """A submission made of this front-matter (starting at line 2) and body."""
    return {SUB: f"---\n{yaml_text}---\n{body}"}


def err(path: str, line: int, col: int, message: str) -> str:
    return f"{path}:{line}:{col}: error: {message}"


def warn(path: str, line: int, col: int, message: str) -> str:
    return f"{path}:{line}:{col}: warning: {message}"


@dataclass
class Case:
    id: str
    files: dict[str, str | bytes | None]      # path -> new content (None: delete the file)
    expected: list[str]                        # the whole of stdout, line by line
    code: int = 1
    setup: Callable[[Path], None] | None = None  # anything files cannot say (symlinks)
    args: tuple[str, ...] = field(default=())


def symlink(link: str, target: str) -> Callable[[Path], None]:
    def make(repo: Path) -> None:
        path = repo / link
        path.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target, path)
    return make


# 9 anchors of 9 aliases each: 9**9 values once expanded.
LAUGHS = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join(["*" + chr(97 + i)] * 9) + "]\n" for i in range(8))
NESTING = "nesting deeper than 50 levels; a submission or configuration file never needs this, flatten the structure"
ALIASES = ("aliases expand this document to more than 100,000 values; write the values out instead of "
           "repeating anchors")
BIG = SUBMISSION_MD + "长" * 350_000   # 3 bytes each: just over 1 MiB
NOT_UTF8 = "save the file as UTF-8 (in Notepad or WPS: Save As, encoding UTF-8)"

CASES = [
    # ---------------------------------------------------------------- YAML and front-matter
    Case("yaml-syntax-unclosed-list", sub("unit: jianguan", "unit: [jianguan"), [
        err(SUB, 3, 7, "YAML syntax error: the list opened with '[' here is not closed (reading stopped at "
                       "line 4); close it with ']', or put the value in quotes if the '[' is text")]),
    Case("yaml-syntax-colon-in-value", sub(TITLE, TITLE + ": 第一批"), [
        err(SUB, 2, 26, "YAML syntax error: mapping values are not allowed in this context; a value "
                        "contains ': '; put the whole value in quotes")]),
    Case("yaml-syntax-tab-indent", sub("urgent: false", "urgent: false\n\tdraft: true"), [
        err(SUB, 8, 1, "a tab here; YAML indentation and separation must be spaces: replace the tab with "
                       "spaces")]),
    Case("yaml-syntax-reserved-character", sub(TITLE, "title: @武进住建局"), [
        err(SUB, 2, 8, "YAML syntax error: found character that cannot start any token; a value starts with "
                       "a character YAML reserves (@, `, % or a tab); put the value in quotes and indent "
                       "with spaces")]),
    Case("yaml-alias-in-title", sub(TITLE, "title: *Notice"), [
        err(SUB, 2, 8, "YAML syntax error: found undefined alias; a value starting with '*' is read as a "
                       "YAML alias; put the value in quotes")]),
    Case("yaml-alias-in-title-chinese", sub(TITLE, "title: *重要*通知"), [
        err(SUB, 2, 9, "YAML syntax error: did not find expected alphabetic or numeric character; a value "
                       "starting with '*' is read as a YAML alias; put the value in quotes")]),
    Case("yaml-several-documents-in-units", {"units.yaml": UNITS_YAML + "---\nextra: 1\n"}, [
        err("units.yaml", 42, 1, "YAML syntax error: more than one YAML document; remove the extra '---' line")]),
    Case("yaml-control-character", sub(TITLE, "title: 武进\x07住建局"), [
        err(SUB, 2, 10, "invisible control character U+0007 is not allowed here; delete it (retype the text "
                        "around it)")]),
    Case("yaml-unknown-tag", sub("category: gov_info", "category: !!python/object:os.system gov_info"), [
        err(SUB, 4, 11, "unsupported YAML tag '!!python/object:os.system'; remove the '!…' "
                        "before the value")]),
    Case("front-matter-missing", {SUB: SUBMISSION_MD.removeprefix("---\n")}, [
        err(SUB, 1, 1, "missing front-matter: the file must start with a line '---', then the fields "
                       "(title: …, unit: …), then a line '---'")]),
    Case("front-matter-unterminated", sub("---\n3月", "3月"), [
        err(SUB, 1, 1, "the front-matter is not closed: add a line '---' after the last field")]),
    Case("front-matter-list", front("- title\n- unit\n"), [
        err(SUB, 2, 1, "the front-matter must be a mapping of 'field: value' lines, but it is a list")]),
    Case("front-matter-scalar", front("武进住建局开展检查\n"), [
        err(SUB, 2, 1, "the front-matter must be a mapping of 'field: value' lines, but it is the text "
                       "'武进住建局开展检查'")]),
    Case("front-matter-empty", front(""), [
        err(SUB, 2, 1, "the front-matter must be a mapping of 'field: value' lines, but it is empty")]),
    Case("duplicate-key", sub("importance: normal", "importance: normal\ntitle: 另一个标题"), [
        err(SUB, 7, 1, "duplicate key 'title' (first at line 2); keep only one")]),
    Case("duplicate-key-nested", sub("    date: 2026-03-20\n", "    date: 2026-03-20\n    date: 2026-03-21\n"), [
        err(SUB, 13, 5, "duplicate key 'date' (first at line 12); keep only one")]),
    # ---------------------------------------------------------------- wrong types
    Case("title-list", sub(TITLE, "title: [武进, 住建局]"), [
        err(SUB, 2, 8, "'title' must be text, but it is a list")]),
    Case("unit-number", sub("unit: jianguan", "unit: 12"), [
        err(SUB, 3, 7, "'unit' must be a unit id, but '12' was read as a number; put it in quotes: \"12\"")]),
    Case("category-mapping", sub("category: gov_info", "category: {id: gov_info}"), [
        err(SUB, 4, 11, "'category' must be a category id, but it is a mapping of fields")]),
    Case("adoptions-text", sub(SUB_ADOPTIONS, "adoptions: 省厅网站采用\n"), [
        err(SUB, 10, 12, "'adoptions' must be a list of entries, each starting with '- ', but it is the text "
                         "'省厅网站采用'")]),
    Case("importance-typo", sub("importance: normal", "importance: mjaor"), [
        err(SUB, 6, 13, "'importance' must be one of normal, major, not 'mjaor'; did you mean 'major'?")]),
    Case("title-missing", sub(TITLE + "\n", ""), [
        err(SUB, 2, 1, "missing required field 'title' in a submission: the article's headline")]),
    Case("title-empty", sub(TITLE, "title:"), [
        err(SUB, 2, 1, "missing required field 'title' in a submission: the article's headline")]),
    Case("unknown-field-is-a-warning", sub("importance: normal", "importnce: major"), [
        warn(SUB, 6, 1, "unknown field 'importnce' in a submission; did you mean 'importance'?")], code=0),
    # ---------------------------------------------------------------- unknown ids, with suggestions
    Case("unknown-unit", sub("unit: jianguan", "unit: jianguang"), [
        err(SUB, 3, 7, "unknown unit 'jianguang'; did you mean 'jianguan' (建筑管理科)?")]),
    Case("unknown-unit-in-joint-list", sub("unit: jianguan", "unit: [jianguan, bangongsi]"), [
        err(SUB, 3, 18, "unknown unit 'bangongsi'; did you mean 'bangongshi' (办公室)?")]),
    Case("unknown-category", sub("category: gov_info", "category: gov_inf"), [
        err(SUB, 4, 11, "unknown category 'gov_inf'; did you mean 'gov_info' (政务信息)?")]),
    Case("unknown-outlet", sub("outlet: js-zjt-web", "outlet: js-zjt-wbe"), [
        err(SUB, 11, 13, "unknown outlet 'js-zjt-wbe'; did you mean 'js-zjt-web' (江苏省住房和城乡建设厅网站)?")]),
    Case("unknown-person", sub("authors: [zhangsan]", "authors: [zhangsna]"), [
        err(SUB, 5, 11, "unknown person 'zhangsna'; did you mean 'zhangsan' (张三)?")]),
    Case("unknown-solicitation", sub("solicitation: 2026-007", "solicitation: 2026-070"), [
        err(SUB, 8, 15, "unknown solicitation '2026-070'; did you mean '2026-007'?")]),
    Case("unknown-instruction-level", sub("---\n3月", "instructions:\n  - level: municpal\n    by: 市政府\n"
                                                    "    date: 2026-03-25\n    evidence: https://x.example/p.pdf"
                                                    "\n---\n3月"), [
        err(SUB, 15, 12, "unknown level 'municpal'; did you mean 'municipal' (市级)?")]),
    # ---------------------------------------------------------------- dates
    Case("impossible-date", sub("date: 2026-03-20", "date: 2026-02-30"), [
        err(SUB, 12, 11, "'adoptions[1].date' is not a real date: '2026-02-30'; write it as YYYY-MM-DD")]),
    Case("impossible-date-quoted", sub("date: 2026-03-20", 'date: "2026-02-30"'), [
        err(SUB, 12, 11, "'adoptions[1].date' is not a real date: '2026-02-30'; write it as YYYY-MM-DD")]),
    Case("datetime-for-date", sub("date: 2026-03-20", "date: 2026-03-20 10:30:00"), [
        err(SUB, 12, 11, "'adoptions[1].date' must be a date without a time: write 2026-03-20")]),
    Case("datetime-with-zone-for-date", sub("date: 2026-03-20", "date: 2026-03-20T23:30:00+08:00"), [
        err(SUB, 12, 11, "'adoptions[1].date' must be a date without a time: write 2026-03-20")]),
    Case("event-date-impossible", sub("urgent: false", "urgent: true\nevent_date: 2026-13-01"), [
        err(SUB, 8, 13, "'event_date' is not a real date: '2026-13-01'; write it as YYYY-MM-DD")]),
    Case("urgent-without-event-date", sub("urgent: false", "urgent: true"), [
        err(SUB, 7, 1, "'urgent: true' needs 'event_date: YYYY-MM-DD', the day the event happened")]),
    # ---------------------------------------------------------------- YAML 1.1 surprises
    Case("title-no", sub(TITLE, "title: no"), [
        err(SUB, 2, 8, "'title' must be text, but 'no' was read as the boolean false (YAML reads yes/no/on/off "
                       "as true/false); put it in quotes: \"no\"")]),
    Case("title-on", sub(TITLE, "title: on"), [
        err(SUB, 2, 8, "'title' must be text, but 'on' was read as the boolean true (YAML reads yes/no/on/off "
                       "as true/false); put it in quotes: \"on\"")]),
    Case("title-date", sub(TITLE, "title: 2026-03-01"), [
        err(SUB, 2, 8, "'title' must be text, but '2026-03-01' was read as a date; put it in quotes: "
                       "\"2026-03-01\"")]),
    Case("title-number", sub(TITLE, "title: 12.5"), [
        err(SUB, 2, 8, "'title' must be text, but '12.5' was read as a number; put it in quotes: \"12.5\"")]),
    Case("title-quoted-no-is-fine", sub(TITLE, 'title: "no"'), [], code=0),
    # ---------------------------------------------------------------- hostile YAML
    Case("alias-bomb", front(LAUGHS + "title: x\n"), [err(SUB, 7, 8, ALIASES)]),
    Case("deep-nesting-flow", front("title: " + "[" * 100_000 + "\n"), [err(SUB, 2, 57, NESTING)]),
    Case("deep-nesting-mapping", front("title: " + "{a: " * 100_000 + "\n"), [err(SUB, 2, 204, NESTING)]),
    Case("deep-nesting-block", front("tags:\n" + "".join(" " * i + "- \n" for i in range(100))),
         [err(SUB, 52, 50, NESTING)]),
    Case("alias-bomb-units-yaml", {"units.yaml": LAUGHS}, [err("units.yaml", 6, 8, ALIASES)]),
    Case("deep-nesting-scoring-yaml", {"scoring.yaml": "[" * 100_000}, [err("scoring.yaml", 1, 51, NESTING)]),
    # ---------------------------------------------------------------- bytes on disk
    Case("file-over-1-mib", {SUB: BIG}, [
        err(SUB, 1, 1, f"file is {len(BIG.encode()):,} bytes, over the 1 MiB limit; move images and "
                       "attachments to evidence/ and keep the text short")]),
    Case("gbk-file", {SUB: SUBMISSION_MD.encode("gbk")}, [
        err(SUB, 2, 8, f"not valid UTF-8 (byte 0xce); {NOT_UTF8}")]),
    Case("gbk-in-body", {SUB: SUBMISSION_MD.encode().replace("区住建局对".encode(),
                                                             "区住建局对".encode("gbk"))}, [
        err(SUB, 15, 7, f"not valid UTF-8 (byte 0xc7); {NOT_UTF8}")]),
    Case("gbk-units-yaml", {"units.yaml": UNITS_YAML.encode("gbk")}, [
        err("units.yaml", 1, 22, f"not valid UTF-8 (byte 0xb3); {NOT_UTF8}")]),
    Case("bom-and-crlf-accepted", {SUB: b"\xef\xbb\xbf" + SUBMISSION_MD.replace("\n", "\r\n").encode()}, [],
         code=0),
    Case("bom-and-crlf-config-accepted", {"units.yaml": b"\xef\xbb\xbf" + UNITS_YAML.replace("\n", "\r\n").encode(),
                                          "scoring.yaml": SCORING_YAML.replace("\n", "\r\n").encode()}, [], code=0),
    Case("bom-and-crlf-positions", {SUB: b"\xef\xbb\xbf" + edit(SUBMISSION_MD, "unit: jianguan", "unit: jianguang")
                                    .replace("\n", "\r\n").encode()}, [
        err(SUB, 3, 7, "unknown unit 'jianguang'; did you mean 'jianguan' (建筑管理科)?")]),
    # ---------------------------------------------------------------- evidence
    Case("evidence-dotdot", sub(EVIDENCE, "evidence: ../x.png"), [
        err(SUB, 13, 15, "evidence '../x.png' points outside the repository ('..'); put the file under "
                         "evidence/ and write the path relative to the repository root")]),
    Case("evidence-absolute", sub(EVIDENCE, "evidence: /etc/passwd"), [
        err(SUB, 13, 15, "evidence '/etc/passwd' is an absolute path outside the repository; put the file "
                         "under evidence/ and write the path relative to the repository root")]),
    Case("evidence-backslashes", sub(EVIDENCE, "evidence: evidence\\2026\\x.png"), [
        err(SUB, 13, 15, "evidence 'evidence\\2026\\x.png' uses backslashes; write the path with '/' like "
                         "evidence/2026/03/scan.png")]),
    Case("evidence-windows-drive", sub(EVIDENCE, "evidence: C:/scans/x.png"), [
        err(SUB, 13, 15, "evidence 'C:/scans/x.png' is an absolute path outside the repository; put the file "
                         "under evidence/ and write the path relative to the repository root")]),
    Case("evidence-file-url", sub(EVIDENCE, "evidence: file:///etc/passwd"), [
        err(SUB, 13, 15, "evidence 'file:///etc/passwd' must be a file in the repository (evidence/…) or an "
                         "http(s) link")]),
    Case("evidence-symlink-outside", sub(EVIDENCE, "evidence: evidence/2026/03/link.png"), [
        err(SUB, 13, 15, "evidence 'evidence/2026/03/link.png' is a symbolic link; copy the real file into "
                         "evidence/ instead")], setup=symlink("evidence/2026/03/link.png", "/etc/passwd")),
    Case("evidence-symlinked-directory", sub(EVIDENCE, "evidence: evidence/etc/passwd"), [
        err(SUB, 13, 15, "evidence 'evidence/etc/passwd' is a symbolic link; copy the real file into "
                         "evidence/ instead")], setup=symlink("evidence/etc", "/etc")),
    Case("evidence-missing-is-a-warning", sub(EVIDENCE, "evidence: evidence/2026/03/nope.png"), [
        warn(SUB, 13, 15, "evidence file 'evidence/2026/03/nope.png' does not exist; add the scan or "
                          "screenshot there, or this entry scores nothing")], code=0),
    Case("evidence-absent-is-a-warning", sub(f"    {EVIDENCE}\n", ""), [
        warn(SUB, 11, 5, "adoptions[1] has no 'evidence'; it scores nothing until the proof is recorded")],
         code=0),
    Case("evidence-url-accepted", sub(EVIDENCE, "evidence: https://jsszfhcxjst.jiangsu.gov.cn/x.html"), [],
         code=0),
    # ---------------------------------------------------------------- classified markings
    *[Case(f"classified-body-{name}", sub(BODY, "检查" + marking + "覆盖项目20个。"), [
        err(SUB, 17, 3, f"classified marking '{shown}': {CLASSIFIED}")])
      for name, marking, shown in [
          ("mimi", "秘密★", "秘密★"),
          ("jimi", "机密★", "机密★"),
          ("juemi", "绝密★", "绝密★"),
          ("shemi", "涉密", "涉密"),
          ("zero-width-space", "秘\u200b密★", "秘密★"),
          ("zero-width-joiner", "机\u200d密★", "机密★"),
          ("full-width-asterisk", "绝密＊", "绝密*"),
          ("ideographic-space", "秘\u3000密★", "秘密★"),
          ("html-entities", "&#31192;&#23494;★", "秘密★"),
          ("html-hex-entities", "&#x7edd;&#x5bc6;&#9733;", "绝密★"),
          ("inline-tags", "机<b>密</b>★", "机密★"),
          ("level-word", "机密级", "机密级"),
      ]],
    Case("classified-title", sub(TITLE, "title: 绝密★武进住建局专项检查"), [
        err(SUB, 2, 8, f"classified marking '绝密★': {CLASSIFIED}")]),
    Case("classified-title-zero-width", sub(TITLE, "title: 武进秘\u200b密★住建局"), [
        err(SUB, 2, 10, f"classified marking '秘密★': {CLASSIFIED}")]),
    Case("classified-title-entities", sub(TITLE, "title: 武进&#28041;&#23494;文件"), [
        err(SUB, 2, 10, f"classified marking '涉密': {CLASSIFIED}")]),
    Case("classified-in-solicitation", sol("请各科室", "涉密请各科室"), [
        err(SOL, 8, 1, f"classified marking '涉密': {CLASSIFIED}")]),
    # ---------------------------------------------------------------- scripts
    Case("script-tag", sub(BODY, "检查<script>alert(1)</script>覆盖"), [
        err(SUB, 17, 3, f"a <script> tag ('<script') {SCRIPT}"),
        err(SUB, 17, 19, f"a <script> tag ('</script') {SCRIPT}")]),
    Case("on-attribute", sub(BODY, "检查<img src=x onerror=alert(1)>覆盖"), [
        err(SUB, 17, 3, f"an on…= event handler attribute ('<img src=x onerror=') {SCRIPT}")]),
    Case("javascript-link", sub(BODY, "检查[x](javascript:alert(1))覆盖"), [
        err(SUB, 17, 7, f"a javascript: link ('javascript:') {SCRIPT}")]),
    Case("javascript-link-entity", sub(BODY, "检查[x](&#106;avascript:alert(1))覆盖"), [
        err(SUB, 17, 7, f"a javascript: link ('javascript:') {SCRIPT}")]),
    Case("iframe", sub(BODY, "<iframe src=//x.example></iframe>"), [
        err(SUB, 17, 1, f"an embedded-content tag (iframe, object, embed, form...) ('<iframe') {SCRIPT}")]),
    Case("script-in-title", sub(TITLE, "title: \"<script>alert(1)</script>\""), [
        err(SUB, 2, 9, f"a <script> tag ('<script') {SCRIPT}"),
        err(SUB, 2, 25, f"a <script> tag ('</script') {SCRIPT}")]),
    Case("harmless-words-accepted",
         sub(BODY, "在 javascript 课上讲了 onerror 和 <https://x.example> 链接。"), [],
         code=0),
    # ---------------------------------------------------------------- configuration files
    Case("units-yaml-missing", {"units.yaml": None}, [
        err("units.yaml", 1, 1, "units.yaml is missing: every instance needs one at the repository root "
                                "(see docs/formats.md)")]),
    Case("scoring-yaml-missing", {"scoring.yaml": None}, [
        err("scoring.yaml", 1, 1, "scoring.yaml is missing: every instance needs one at the repository root "
                                  "(see docs/formats.md)")]),
    Case("units-head-unknown-person", units("head: [wangwu]", "head: [wangwu2]"), [
        err("units.yaml", 24, 12, "unknown person 'wangwu2'; did you mean 'wangwu'?")]),
    Case("units-leader-unknown-person", units("leader: lisi", "leader: lsi"), [
        err("units.yaml", 25, 13, "unknown person 'lsi'; did you mean 'lisi'?")]),
    Case("units-liaison-unknown-person", units("liaisons: [zhangsan]", "liaisons: [zhangsna]"), [
        err("units.yaml", 26, 16, "unknown person 'zhangsna'; did you mean 'zhangsan'?")]),
    Case("units-person-unknown-unit", units("unit: jianguan", "unit: jiangaun"), [
        err("units.yaml", 6, 11, "unknown unit 'jiangaun'; did you mean 'jianguan'?")]),
    Case("units-duplicate-unit-id", units("review:", "  - id: jianguan\n    name: 另一个科室\nreview:"), [
        err("units.yaml", 34, 9, "duplicate unit id 'jianguan' (first at line 21); give each unit its own id")]),
    Case("units-duplicate-person-id", units("id: wangwu", "id: zhangsan"), [
        err("units.yaml", 9, 9, "duplicate person id 'zhangsan' (first at line 3); give each person its own id"),
        err("units.yaml", 24, 12, "unknown person 'wangwu'")]),
    Case("units-duplicate-email", units("emails: [wangwu@wj.example.gov.cn]", "emails: [ZhangSan@wj.example.gov.cn]"), [
        err("units.yaml", 11, 14, "e-mail 'ZhangSan@wj.example.gov.cn' already belongs to 'zhangsan'; one git "
                                  "identity can only be one person")]),
    Case("units-yaml-syntax", units("  - id: wangwu", "  - id: wangwu\n   name: 王五"), [
        err("units.yaml", 10, 4, "YAML syntax error: did not find expected '-' indicator; list items ('- ...') "
                                 "and fields ('name: value') are mixed at the same indentation; check the "
                                 "indentation")]),
    Case("scoring-outlet-unknown-level", scoring("level: provincial", "level: provincal"), [
        err("scoring.yaml", 12, 50, "unknown level 'provincal'; did you mean 'provincial'?")]),
    Case("scoring-points-unknown-category", scoring("gov_info: {national: 50", "gov_inof: {national: 50"), [
        err("scoring.yaml", 14, 3, "unknown category 'gov_inof'; did you mean 'gov_info'?")]),
    Case("scoring-points-unknown-level", scoring("provincial: 20,", "provincal: 20,"), [
        err("scoring.yaml", 14, 28, "unknown level 'provincal'; did you mean 'provincial'?")]),
    Case("scoring-target-unknown-unit", scoring("jianguan: {points: 200}", "jianguang: {points: 200}"), [
        err("scoring.yaml", 24, 35, "unknown unit 'jianguang'; did you mean 'jianguan'?")]),
    Case("scoring-timezone-typo", scoring("timezone: Asia/Shanghai", "timezone: Asia/Shanghia"), [
        err("scoring.yaml", 1, 11, "unknown time zone 'Asia/Shanghia'; did you mean 'Asia/Shanghai'?")]),
    Case("scoring-timezone-unknown", scoring("timezone: Asia/Shanghai", "timezone: Asia/Beijing"), [
        err("scoring.yaml", 1, 11, "unknown time zone 'Asia/Beijing'; use an IANA name such as Asia/Shanghai")]),
    Case("scoring-timezone-directory", scoring("timezone: Asia/Shanghai", "timezone: Asia"), [
        err("scoring.yaml", 1, 11, "unknown time zone 'Asia'; use an IANA name such as Asia/Shanghai")]),
    # ---------------------------------------------------------------- solicitations
    Case("solicitation-unknown-unit", sol("units: [jianguan]", "units: [jianguang]"), [
        err(SOL, 6, 9, "unknown unit 'jianguang'; did you mean 'jianguan' (建筑管理科)?")]),
    Case("solicitation-deadline-before-issued", sol("deadline: 2026-03-13", "deadline: 2026-03-01"), [
        err(SOL, 5, 11, "'deadline' 2026-03-01 is before 'issued' 2026-03-10; check both dates")]),
    Case("solicitation-missing-issued", sol("issued: 2026-03-10\n", ""), [
        err(SOL, 2, 1, "missing required field 'issued' in a solicitation: the day the notice was issued, "
                       "as YYYY-MM-DD")]),
    Case("solicitation-units-typo-for-all", sol("units: [jianguan]", "units: al"), [
        err(SOL, 6, 8, "'units' has an invalid value 'al': write 'all' or a list of unit ids")]),
    # ---------------------------------------------------------------- many at once, sorted
    Case("several-files-sorted", {
        **units("leader: lisi", "leader: lsi"),
        **scoring("timezone: Asia/Shanghai", "timezone: Asia/Shanghia"),
        **sol("units: [jianguan]", "units: [jianguang]"),
        # found in the order unit, title marking, evidence; printed by line
        SUB: edit(edit(edit(SUBMISSION_MD, "unit: jianguan", "unit: jianguang"), TITLE, TITLE + "秘密★"),
                  EVIDENCE, "evidence: evidence/2026/03/nope.png"),
        "submissions/2026/02/a-first.md": edit(SUBMISSION_MD, "category: gov_info", "category: gov_inf"),
    }, [
        err("scoring.yaml", 1, 11, "unknown time zone 'Asia/Shanghia'; did you mean 'Asia/Shanghai'?"),
        err(SOL, 6, 9, "unknown unit 'jianguang'; did you mean 'jianguan' (建筑管理科)?"),
        err("submissions/2026/02/a-first.md", 4, 11, "unknown category 'gov_inf'; did you mean 'gov_info' (政务信息)?"),
        err(SUB, 2, 26, f"classified marking '秘密★': {CLASSIFIED}"),
        err(SUB, 3, 7, "unknown unit 'jianguang'; did you mean 'jianguan' (建筑管理科)?"),
        warn(SUB, 13, 15, "evidence file 'evidence/2026/03/nope.png' does not exist; add the scan or "
                          "screenshot there, or this entry scores nothing"),
        err("units.yaml", 25, 13, "unknown person 'lsi'; did you mean 'lisi'?"),
    ]),
]


@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The valid base instance, committed once; tests copy it."""
    repo = tmp_path_factory.mktemp("template") / "repo"
    write_base(repo)
    init_repo(repo)
    commit_all(repo, "Add the base instance")
    return repo


@pytest.fixture
def repo(template: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "repo"
    shutil.copytree(template, copy, symlinks=True)
    return copy


def apply(repo: Path, files: dict[str, str | bytes | None]) -> None:
    for rel, content in files.items():
        path = repo / rel
        if content is None:
            path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def check(repo: Path, *args: str, cwd: Path | None = None, lang: str | None = "en") -> Result:
    """Run `bulletin check`, asserting what must hold for any input: no traceback, repo untouched.

    The expected texts of this file are the English ones (``--lang en``); ``lang=None`` runs in
    the default language (Chinese), see test_messages.py for the Chinese texts.
    """
    before = state(repo)
    # Hostile inputs must be refused quickly; the timeout turns a hang into a failure.
    result = run_bulletin("check", *args, *(("--lang", lang) if lang else ()), cwd=cwd, timeout=30)
    assert "Traceback" not in result.stderr, result.stderr
    assert "internal error" not in result.stderr and "内部错误" not in result.stderr, result.stderr
    assert result.returncode in (0, 1, 2), (result.returncode, result.stderr)
    assert state(repo) == before, "bulletin check changed the repository"
    return result


def summary(result: Result) -> str:
    return result.stderr.splitlines()[-1]


def test_base_instance_is_valid(repo: Path) -> None:
    result = check(repo, "--repo", str(repo))
    assert result.lines == []
    assert summary(result) == "2 files checked: 0 errors, 0 warnings"
    assert result.returncode == 0


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input(case: Case, repo: Path) -> None:
    apply(repo, case.files)
    if case.setup:
        case.setup(repo)
    commit_all(repo, f"Case {case.id}")
    result = check(repo, "--repo", str(repo), *case.args)
    assert result.lines == case.expected
    assert result.returncode == case.code, result.stderr
    errors = sum(": error: " in line for line in case.expected)
    warnings = len(case.expected) - errors
    assert summary(result).endswith(f" checked: {errors} error{'s' * (errors != 1)}, "
                                    f"{warnings} warning{'s' * (warnings != 1)}")


def test_case_ids_are_unique() -> None:
    ids = [c.id for c in CASES]
    assert len(ids) == len(set(ids))


def test_empty_repository(tmp_path: Path) -> None:
    """`git init` and nothing else: no commits, no files."""
    repo = tmp_path / "empty"
    repo.mkdir()
    init_repo(repo)
    result = check(repo, "--repo", str(repo))
    assert result.lines == [
        err("scoring.yaml", 1, 1, "scoring.yaml is missing: every instance needs one at the repository root "
                                  "(see docs/formats.md)"),
        err("units.yaml", 1, 1, "units.yaml is missing: every instance needs one at the repository root "
                                "(see docs/formats.md)"),
    ]
    assert summary(result) == "0 files checked: 2 errors, 0 warnings"
    assert result.returncode == 1


def test_repo_defaults_to_current_directory(repo: Path) -> None:
    apply(repo, sub("unit: jianguan", "unit: jianguang"))
    commit_all(repo)
    result = check(repo, cwd=repo)
    assert result.lines == [err(SUB, 3, 7, "unknown unit 'jianguang'; did you mean 'jianguan' (建筑管理科)?")]
    assert result.returncode == 1


# ---------------------------------------------------------------- check PATH

OTHER = "submissions/2026/03/other.md"


@pytest.fixture
def two_bad(repo: Path) -> Path:
    """Two invalid submissions; `check PATH` must report only the one asked for."""
    apply(repo, {**sub("unit: jianguan", "unit: jianguang"),
                 OTHER: edit(SUBMISSION_MD, "category: gov_info", "category: gov_inf")})
    commit_all(repo)
    return repo


WAGE_CHECK_ERROR = err(SUB, 3, 7, "unknown unit 'jianguang'; did you mean 'jianguan' (建筑管理科)?")
OTHER_ERROR = err(OTHER, 4, 11, "unknown category 'gov_inf'; did you mean 'gov_info' (政务信息)?")


def test_check_without_paths_reports_both(two_bad: Path) -> None:
    result = check(two_bad, "--repo", str(two_bad))
    assert result.lines == [OTHER_ERROR, WAGE_CHECK_ERROR]
    assert summary(result) == "3 files checked: 2 errors, 0 warnings"


@pytest.mark.parametrize("where", ["repo-relative", "cwd-relative", "absolute"])
def test_check_path_restricts_output(two_bad: Path, where: str) -> None:
    if where == "repo-relative":     # run elsewhere, path relative to --repo
        result = check(two_bad, "--repo", str(two_bad), SUB, cwd=two_bad.parent)
    elif where == "cwd-relative":    # run inside a subdirectory of the repository
        result = check(two_bad, "--repo", str(two_bad), "wage-check.md", cwd=two_bad / "submissions/2026/03")
    else:
        result = check(two_bad, "--repo", str(two_bad), str(two_bad / SUB))
    assert result.lines == [WAGE_CHECK_ERROR]
    assert summary(result) == "1 file checked: 1 error, 0 warnings"
    assert result.returncode == 1


def test_check_path_of_a_valid_file_exits_0(two_bad: Path) -> None:
    result = check(two_bad, "--repo", str(two_bad), SOL, cwd=two_bad.parent)
    assert result.lines == []
    assert summary(result) == "1 file checked: 0 errors, 0 warnings"
    assert result.returncode == 0


def test_check_directory_path(two_bad: Path) -> None:
    result = check(two_bad, "--repo", str(two_bad), "submissions/2026/03", cwd=two_bad.parent)
    assert result.lines == [OTHER_ERROR, WAGE_CHECK_ERROR]


def test_check_path_still_reports_configuration(two_bad: Path) -> None:
    apply(two_bad, units("leader: lisi", "leader: lsi"))
    commit_all(two_bad)
    result = check(two_bad, "--repo", str(two_bad), SUB, cwd=two_bad.parent)
    assert result.lines == [WAGE_CHECK_ERROR, err("units.yaml", 25, 13, "unknown person 'lsi'; did you mean 'lisi'?")]


# ---------------------------------------------------------------- usage errors (exit 2)

def test_missing_repo_is_a_usage_error(tmp_path: Path) -> None:
    result = run_bulletin("check", "--repo", str(tmp_path / "nope"))
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines()[0] == f"错误：--repo {tmp_path / 'nope'}：目录不存在"
    assert "Traceback" not in result.stderr


def test_missing_path_is_a_usage_error(repo: Path) -> None:
    result = check(repo, "--repo", str(repo), "submissions/2026/03/nope.md", cwd=repo)
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Error: submissions/2026/03/nope.md: no such file or directory" in result.stderr


def test_path_outside_repo_is_a_usage_error(repo: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.md"
    outside.write_text("---\ntitle: x\n---\n", encoding="utf-8")
    result = check(repo, "--repo", str(repo), str(outside))
    assert result.returncode == 2
    assert f"Error: {outside}: not inside the repository {repo}" in result.stderr


# ---------------------------------------------------------------- the sample instance

def test_sample_instance_at_repo_root_is_valid() -> None:
    if not (ROOT / "units.yaml").is_file():
        pytest.skip("the sample instance (units.yaml at the repository root) is not written yet")
    result = run_bulletin("check", "--repo", str(ROOT), timeout=60)
    assert "Traceback" not in result.stderr
    assert [line for line in result.lines if ": error: " in line] == []
    assert result.returncode == 0, result.stdout + result.stderr


def test_git_is_real(repo: Path) -> None:
    """The fixtures build real repositories with a named author (no mocked history)."""
    log = subprocess.run(["git", "log", "--format=%an <%ae>"], cwd=repo, capture_output=True, text=True,
                         check=True).stdout
    assert log.strip() == "张三 <zhangsan@wj.example.gov.cn>"


def test_check_path_prefers_the_repository_over_another_instance(two_bad: Path, tmp_path: Path) -> None:
    """A relative PATH that exists under the current directory but outside --repo means the repo's file."""
    elsewhere = tmp_path / "elsewhere"
    apply(elsewhere, {SUB: SUBMISSION_MD})
    result = check(two_bad, "--repo", str(two_bad), SUB, cwd=elsewhere)
    assert result.lines == [WAGE_CHECK_ERROR]
    assert result.returncode == 1
