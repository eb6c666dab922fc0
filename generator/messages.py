"""Every message a user can see, in Chinese (default) and English.

Library code never writes a sentence for a person inline: it makes a
:class:`Msg` with :func:`msg` (a message id from :data:`CATALOGUE` and its
parameters) and the command layer renders it in the language of the run
(:func:`render`, :func:`say`). A ``Msg`` is a ``str`` whose value is the
English text, so sorting, de-duplication and ``in`` tests keep working in
library code and tests; only :func:`render` looks at the language.

The language of a run: ``--lang`` (any command), else ``BULLETIN_LANG``,
else ``organization.language`` in the instance's units.yaml, else Chinese.
See docs/development.md, "Messages", for how to add one.
"""
from __future__ import annotations

import importlib
import os
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Union

import click

LANGS = ("zh", "en")
DEFAULT_LANG = "zh"

Template = Union[str, Callable[[Mapping[str, Any]], str]]

_current = [DEFAULT_LANG]


def set_lang(lang: str) -> None:
    """Choose the language of everything rendered from now on (the command layer does this once)."""
    _current[0] = lang if lang in LANGS else DEFAULT_LANG


def get_lang() -> str:
    return _current[0]


class Msg(str):
    """A user-facing message: its English text as the string value, plus its id and parameters."""

    id: str
    params: dict[str, Any]

    def __new__(cls, mid: str, params: Mapping[str, Any] | None = None) -> "Msg":
        params = dict(params or {})
        if mid not in CATALOGUE:
            raise KeyError(f"message id {mid!r} is not in generator/messages.py CATALOGUE")
        obj = super().__new__(cls, _render(mid, params, "en"))
        obj.id = mid
        obj.params = params
        return obj

    def __reduce__(self) -> tuple[Callable[[str, str, dict[str, Any]], "Msg"], tuple[str, str, dict[str, Any]]]:
        # Unpickled (a cached review holds tens of thousands) without rendering its text again.
        return (_restored, (str(self), self.id, self.params))

    def in_lang(self, lang: str | None = None) -> str:
        return _render(self.id, self.params, lang or get_lang())


def _restored(text: str, mid: str, params: dict[str, Any]) -> Msg:
    """A pickled :class:`Msg` as it was: its English text is kept, not made again."""
    obj = str.__new__(Msg, text)
    obj.id = mid
    obj.params = params
    return obj


_MEMO: dict[tuple[Any, ...], Msg] = {}
_MEMO_MAX = 20_000


def _frozen(value: Any) -> Any:
    """``value`` as part of a memo key; TypeError for what cannot be one. A Msg (equal to any other
    with the same English text) and anything holding one are never keys."""
    if isinstance(value, Msg):
        raise TypeError("a message is no key")
    if isinstance(value, (list, tuple)):
        return (type(value), *(_frozen(v) for v in value))
    if not isinstance(value, (str, int, float, bool, type(None))):
        raise TypeError("only plain values are keys")
    return value


def msg(mid: str, **params: Any) -> Msg:
    """The message ``mid`` with ``params`` (rendered later, in the run's language).

    The review makes the same verdicts tens of thousands of times on a large instance: a message
    with the same id and (hashable) parameters is made once and shared (a Msg is never changed).
    """
    try:
        key = (mid, *((k, type(v), _frozen(v)) for k, v in params.items()))
        found = _MEMO.get(key)
    except TypeError:                      # a parameter that cannot be a key: made every time
        return Msg(mid, params)
    if found is None:
        if len(_MEMO) >= _MEMO_MAX:
            _MEMO.clear()
        found = _MEMO[key] = Msg(mid, params)
    return found


def render(text: object, lang: str | None = None) -> str:
    """Text for a person: a :class:`Msg` in ``lang`` (default: the run's), anything else as it is."""
    if isinstance(text, Msg):
        return text.in_lang(lang)
    return str(text)


def say(mid: str, **params: Any) -> str:
    """``msg(mid, **params)`` rendered now in the run's language (for the command layer)."""
    return render(msg(mid, **params))


def _param(value: Any, lang: str) -> Any:
    if isinstance(value, Msg):
        return value.in_lang(lang)
    if isinstance(value, (list, tuple)):
        return ("、" if lang == "zh" else ", ").join(str(_param(v, lang)) for v in value)
    return value


def _render(mid: str, params: Mapping[str, Any], lang: str) -> str:
    zh, en = CATALOGUE[mid]
    template = zh if lang == "zh" else en
    values = {k: _param(v, lang) for k, v in params.items()}
    if callable(template):
        return template(values)
    return template.format(**values) if values else template.replace("{{", "{").replace("}}", "}")


def language_from_args(args: list[str]) -> str | None:
    """The value of ``--lang`` among command-line arguments, if any (read before click parses them)."""
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(args):
            return args[i + 1] if args[i + 1] in LANGS else None
        if arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
            return value if value in LANGS else None
    return None


def repo_from_args(args: list[str]) -> str:
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--repo" and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith("--repo="):
            return arg.split("=", 1)[1]
    return "."


def instance_language(repo: str) -> str | None:
    """``organization.language`` of the instance's units.yaml, or None.

    Read with a scan of the lines rather than a YAML parse: it runs before anything else, for
    every command, and an unreadable or invalid file simply says nothing (check reports it).
    """
    path = Path(repo) / "units.yaml"
    try:
        if not path.is_file() or path.stat().st_size > 1 << 20:
            return None
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    lines = text.splitlines()
    for i, line in enumerate(lines):
        m = re.match(r"organization:\s*(\{.*)?$", line)
        if not m:
            continue
        block = [m.group(1) or ""]
        for nxt in lines[i + 1:]:
            if nxt.strip() and not nxt.startswith((" ", "\t")) and not nxt.lstrip().startswith("#"):
                break
            block.append(nxt)
        found = re.search(r"(?:^|[\s{,])language:\s*[\"']?(zh|en)[\"']?\s*(?:[,}#]|$)", "\n".join(block), re.M)
        return found.group(1) if found else None
    return None


def choose_language(args: list[str]) -> str:
    """--lang, else $BULLETIN_LANG, else the instance's organization.language, else Chinese."""
    return (language_from_args(args)
            or (os.environ.get("BULLETIN_LANG") if os.environ.get("BULLETIN_LANG") in LANGS else None)
            or instance_language(repo_from_args(args))
            or DEFAULT_LANG)


def term(text: str) -> str:
    """An English term (a record type, a field's help, a kind of id) said in the run's language.

    Its Chinese is looked up in :data:`TERMS`; a term not there is said as it is.
    """
    return msg("term", text=text) if text else text


_WHAT = [(re.compile(r"^the body$"), "正文"), (re.compile(r"^the file$"), "文件"),
         (re.compile(r"^the content$"), "内容"), (re.compile(r"^the fields? (.+)$"), r"字段 \1")]


def what_zh(text: str) -> str:
    """What changed since an approval ("the body and the fields title") in Chinese (正文和字段 title)."""
    parts: list[str] = []
    for piece in text.split(" and "):
        for pattern, repl in _WHAT:
            if pattern.match(piece):
                parts.append(pattern.sub(repl, piece))
                break
        else:
            parts.append(piece)
    return "和".join(parts)


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


# --------------------------------------------------------------------------- the catalogue
# id: (Chinese, English). A template is a str.format pattern over the parameters, or a function
# of them. Parameters that are Msg are rendered in the same language; lists are joined.

CATALOGUE: dict[str, tuple[Template, Template]] = {
    # ---- shared pieces
    "term": (lambda p: str(TERMS.get(p["text"], p["text"])), lambda p: str(p["text"])),
    "suggest": ("；是否指 {choice}？", "; did you mean '{choice}'?"),
    "suggest_named": ("；是否指 {id}（{name}）？", "; did you mean '{id}' ({name})?"),
    # ---- schema.py: typed fields
    "schema.the_document": ("文档", "the document"),
    "schema.the_front_matter": ("头部信息（front-matter）", "the front-matter"),
    "schema.read_as_bool": ("“{raw}”被读成了布尔值 {value}（YAML 把 yes/no/on/off 读作 true/false）；请加引号：\"{raw}\"",
                            "'{raw}' was read as the boolean {value} (YAML reads yes/no/on/off as true/false); "
                            "put it in quotes: \"{raw}\""),
    "schema.read_as_date": ("“{raw}”被读成了日期；请加引号：\"{raw}\"",
                            "'{raw}' was read as a date; put it in quotes: \"{raw}\""),
    "schema.read_as_number": ("“{raw}”被读成了数字；请加引号：\"{raw}\"",
                              "'{raw}' was read as a number; put it in quotes: \"{raw}\""),
    "schema.it_is_empty": ("它是空的", "it is empty"),
    "schema.it_is_text": ("它是文本“{text}”", "it is the text '{text}'"),
    "schema.it_is_list": ("它是一个列表", "it is a list"),
    "schema.it_is_mapping": ("它是一组字段", "it is a mapping of fields"),
    "schema.it_is_other": ("它是 {kind}", "it is {kind}"),
    "schema.must_be_but": ("“{field}”应为{type}，但{why}", "'{field}' must be {type}, but {why}"),
    "schema.must_be_not": ("“{field}”应为{type}，不能是“{value}”{suggestion}",
                           "'{field}' must be {type}, not '{value}'{suggestion}"),
    "schema.empty": ("“{field}”不能为空", "'{field}' must not be empty"),
    "schema.invalid_value": ("“{field}”的值“{value}”无效{hint}", "'{field}' has an invalid value '{value}'{hint}"),
    "schema.hint": ("：{hint}", ": {hint}"),
    "schema.unknown_ref": ("未知{what}“{value}”{suggestion}", "unknown {what} '{value}'{suggestion}"),
    "schema.ambiguous_ref": ("{what}“{value}”有歧义：{candidates}；请写其中一个的标识",
                             "{what} '{value}' is ambiguous: {candidates}; write the id of one of them"),
    "schema.candidate": ("{id}（{name}）", "'{id}' ({name})"),
    "schema.at_least": ("“{field}”不能小于 {minimum}（现为 {value}）", "'{field}' must be at least {minimum}, not {value}"),
    "schema.not_a_real_date": ("“{field}”不是有效的日期：“{raw}”；请写成 YYYY-MM-DD",
                               "'{field}' is not a real date: '{raw}'; write it as YYYY-MM-DD"),
    "schema.date_without_time": ("“{field}”应为不带时间的日期：请写 {date}",
                                 "'{field}' must be a date without a time: write {date}"),
    "schema.date_format": ("“{field}”应为 YYYY-MM-DD 格式的日期，不能是“{raw}”",
                           "'{field}' must be a date written YYYY-MM-DD, not '{raw}'"),
    "schema.not_a_real_datetime": ("“{field}”不是有效的日期时间：“{raw}”；请写成 YYYY-MM-DD HH:MM",
                                   "'{field}' is not a real date and time: '{raw}'; write it as YYYY-MM-DD HH:MM"),
    "schema.datetime_format": ("“{field}”应为 YYYY-MM-DD HH:MM 格式的日期时间，不能是“{raw}”",
                               "'{field}' must be a date and time written YYYY-MM-DD HH:MM, not '{raw}'"),
    "schema.month_format": ("“{field}”应为月份（如 2026-03）或日期（如 2026-03-15），不能是“{raw}”",
                            "'{field}' must be a month such as 2026-03 or a date such as 2026-03-15, not '{raw}'"),
    "schema.empty_list": ("“{field}”不能是空列表", "'{field}' must not be an empty list"),
    "schema.listed_twice": ("“{value}”在“{field}”中重复出现", "'{value}' is listed twice in '{field}'"),
    "schema.not_a_mapping": ("{field}应为若干“字段: 值”行，但{why}",
                             "{field} must be a mapping of 'field: value' lines, but {why}"),
    "schema.unknown_field": ("{schema}中有未知字段“{key}”{suggestion}", "unknown field '{key}' in {schema}{suggestion}"),
    "schema.ignored": ("；该字段不起作用", "; it is ignored"),
    "schema.missing_field": ("{schema}缺少必填字段“{name}”{help}", "missing required field '{name}' in {schema}{help}"),
    # ---- yamlio.py: YAML syntax
    "yaml.too_deep": ("嵌套超过 {depth} 层；稿件和配置文件从不需要这么深，请简化结构",
                      "nesting deeper than {depth} levels; a submission or configuration file never needs this, "
                      "flatten the structure"),
    "yaml.alias_bomb": ("别名使本文档展开后超过 {values} 个值；请直接写出这些值，不要重复引用锚点",
                        "aliases expand this document to more than {values} values; write the values out instead "
                        "of repeating anchors"),
    "yaml.control_character": ("此处有不可见的控制字符 U+{code}，不允许出现；请删除它（重新输入前后的文字）",
                               "invisible control character U+{code} is not allowed here; delete it (retype the text "
                               "around it)"),
    "yaml.error": ("YAML 错误：{text}", "YAML error: {text}"),
    "yaml.several_documents": ("YAML 语法错误：文件中有多个 YAML 文档；请删除多余的“---”行",
                               "YAML syntax error: more than one YAML document; remove the extra '---' line"),
    "yaml.syntax_unclosed": ("YAML 语法错误：{what}{stopped}；{hint}", "YAML syntax error: {what}{stopped}; {hint}"),
    "yaml.stopped_at": ("（读到第 {line} 行时停止）", " (reading stopped at line {line})"),
    "yaml.unclosed_list": ("此处用“[”开始的列表没有闭合", "the list opened with '[' here is not closed"),
    "yaml.unclosed_mapping": ("此处的“{{”没有闭合", "the '{{' here is not closed"),
    "yaml.unclosed_quote": ("从此处开始的引号没有闭合", "the quoted text starting here is not closed"),
    "yaml.hint.close_list": ("请用“]”闭合；如果“[”是正文，请给整个值加引号",
                             "close it with ']', or put the value in quotes if the '[' is text"),
    "yaml.hint.close_mapping": ("请用“}}”闭合；如果“{{”是正文，请给整个值加引号",
                                "close it with '}}', or put the value in quotes if the '{{' is text"),
    "yaml.hint.close_quote": ("请用同样的引号结束", "end it with the same quote mark"),
    "yaml.syntax": ("YAML 语法错误：{hint}（{what}）", "YAML syntax error: {what}; {hint}"),
    "yaml.hint.colon_in_value": ("值中含有“: ”；请给整个值加引号", "a value contains ': '; put the whole value in quotes"),
    "yaml.hint.alias": ("以“*”开头的值会被读成 YAML 别名；请给值加引号",
                        "a value starting with '*' is read as a YAML alias; put the value in quotes"),
    "yaml.hint.anchor": ("以“&”开头的值会被读成 YAML 锚点；请给值加引号",
                         "a value starting with '&' is read as a YAML anchor; put the value in quotes"),
    "yaml.hint.tag": ("以“!”开头的值会被读成 YAML 标签；请给值加引号",
                      "a value starting with '!' is read as a YAML tag; put the value in quotes"),
    "yaml.hint.reserved": ("值以 YAML 保留字符（@、`、% 或制表符）开头；请给值加引号，并用空格缩进",
                           "a value starts with a character YAML reserves (@, `, % or a tab); put the value in "
                           "quotes and indent with spaces"),
    "yaml.hint.tab": ("请用空格缩进，不要用制表符", "indent with spaces, not tabs"),
    "yaml.hint.mixed": ("同一缩进层级混用了列表项（“- …”）和字段（“名称: 值”）；请检查缩进",
                        "list items ('- ...') and fields ('name: value') are mixed at the same indentation; check "
                        "the indentation"),
    "yaml.hint.expected_key": ("请检查缩进；含有引号或“: ”的值请加引号",
                               "check the indentation, and put a value that contains quotes or ': ' in quotes"),
    "yaml.hint.generic": ("请检查此处的引号、括号和缩进", "check the quotes, brackets and indentation here"),
    "yaml.merge_key": ("不支持合并键（“<<”）；请直接写出各个键", "merge keys ('<<') are not supported; write the keys out"),
    "yaml.key_not_plain": ("键必须是普通名称，不能是列表或映射", "a key must be a plain name, not a list or mapping"),
    "yaml.duplicate_key": ("键“{key}”重复（第一次出现在第 {line} 行）；只保留一个",
                           "duplicate key '{key}' (first at line {line}); keep only one"),
    "yaml.unsupported_tag": ("不支持的 YAML 标签“{tag}”；请删除值前面的“!…”",
                             "unsupported YAML tag '{tag}'; remove the '!…' before the value"),
    "yaml.cannot_read": ("无法读取这个值：{text}", "cannot read this value: {text}"),
    "yaml.fullwidth_colon": ("字段名“{key}”后面是全角冒号“：”；请改为半角冒号加空格：“{key}: ”",
                             "a full-width colon '：' after the field name '{key}'; write a half-width colon and a "
                             "space: '{key}: '"),
    "yaml.fullwidth_space": ("此处是全角空格；YAML 只认半角空格，请改为半角空格",
                             "a full-width space here; YAML only accepts half-width spaces: retype it as a normal "
                             "space"),
    "yaml.tab": ("此处是制表符（Tab）；YAML 的缩进和分隔只能用空格，请改为空格",
                 "a tab here; YAML indentation and separation must be spaces: replace the tab with spaces"),
    # ---- textfile.py
    "file.too_big": ("文件有 {size} 字节，超过 1 MiB 上限；请把图片和附件放到 evidence/，正文保持简短",
                     "file is {size} bytes, over the 1 MiB limit; move images and attachments to evidence/ and keep "
                     "the text short"),
    "file.not_utf8": ("不是有效的 UTF-8 编码（字节 0x{byte}）；请以 UTF-8 编码保存（记事本或 WPS：另存为，编码选 UTF-8）",
                      "not valid UTF-8 (byte 0x{byte}); save the file as UTF-8 (in Notepad or WPS: Save As, encoding "
                      "UTF-8)"),
    "file.cannot_read": ("无法读取文件：{reason}", "cannot read the file: {reason}"),
    # ---- config.py
    "config.rate_fraction": ("“learning.{key}”是不大于 1 的比例：95% 请写 0.95，不能写 {value}",
                             "'learning.{key}' is a fraction of 1: write 0.95 for 95%, not {value}"),
    "config.missing_file": ("缺少 {name}：每个实例的仓库根目录都必须有这个文件（见 docs/formats.md）",
                            "{name} is missing: every instance needs one at the repository root (see docs/formats.md)"),
    "config.duplicate_id": ("{what}标识“{id}”重复（第一次出现在第 {line} 行）；每个{what}要有自己的标识",
                            "duplicate {what} id '{id}' (first at line {line}); give each {what} its own id"),
    "config.email_taken": ("电子邮箱“{email}”已属于“{owner}”；一个 git 身份只能对应一个人",
                           "e-mail '{email}' already belongs to '{owner}'; one git identity can only be one person"),
    "config.duplicate_stage": ("审核环节标识“{id}”重复", "duplicate stage id '{id}'"),
    "config.role_nobody": ("没有人具有角色“{role}”，审核环节“{stage}”永远无法通过{suggestion}",
                           "no person has the role '{role}', so stage '{stage}' can never be approved{suggestion}"),
    "config.bad_approvers": ("approvers 应为 unit.head、unit.leader、role:角色名 或人员标识列表，不能是“{value}”{suggestion}",
                             "approvers must be unit.head, unit.leader, role:NAME or a list of person ids, not "
                             "'{value}'{suggestion}"),
    "config.unknown_condition": ("审核条件使用了未知字段“{key}”{suggestion}", "stage condition on unknown field '{key}'{suggestion}"),
    "config.recorders_role_nobody": ("没有人具有角色“{role}”，任何采用或批示都不能计分{suggestion}",
                                     "no person has the role '{role}', so no adoption or 批示 can count{suggestion}"),
    "config.bad_recorders": ("recorders 应为 role:角色名 或人员标识列表，不能是“{value}”{suggestion}",
                             "recorders must be role:NAME or a list of person ids, not '{value}'{suggestion}"),
    "config.iana_hint": ("；请使用 IANA 时区名称，如 Asia/Shanghai", "; use an IANA name such as Asia/Shanghai"),
    "config.unknown_timezone": ("未知时区“{tz}”{hint}", "unknown time zone '{tz}'{hint}"),
    # ---- records.py: front-matter, evidence, safety
    "front.missing": ("缺少头部信息：文件第一行必须是“---”，然后是各字段（title: …、unit: …），再以一行“---”结束",
                      "missing front-matter: the file must start with a line '---', then the fields (title: …, "
                      "unit: …), then a line '---'"),
    "front.not_closed": ("头部信息没有结束：请在最后一个字段后加一行“---”",
                         "the front-matter is not closed: add a line '---' after the last field"),
    "submission.urgent_needs_event_date": ("“urgent: true”需要填写“event_date: YYYY-MM-DD”（事件发生的日期）",
                                           "'urgent: true' needs 'event_date: YYYY-MM-DD', the day the event happened"),
    "solicitation.deadline_before_issued": ("截止日期“deadline” {deadline} 早于印发日期“issued” {issued}；请核对这两个日期",
                                            "'deadline' {deadline} is before 'issued' {issued}; check both dates"),
    "evidence.not_file_or_link": ("佐证“{value}”必须是仓库中的文件（evidence/…）或 http(s) 链接",
                                  "evidence '{value}' must be a file in the repository (evidence/…) or an http(s) link"),
    "evidence.backslashes": ("佐证“{value}”使用了反斜杠；路径请用“/”，如 evidence/2026/03/scan.png",
                             "evidence '{value}' uses backslashes; write the path with '/' like "
                             "evidence/2026/03/scan.png"),
    "evidence.absolute": ("佐证“{value}”是仓库之外的绝对路径；请把文件放到 evidence/ 下，并写相对于仓库根目录的路径",
                          "evidence '{value}' is an absolute path outside the repository; put the file under evidence/ "
                          "and write the path relative to the repository root"),
    "evidence.dotdot": ("佐证“{value}”指向仓库之外（“..”）；请把文件放到 evidence/ 下，并写相对于仓库根目录的路径",
                        "evidence '{value}' points outside the repository ('..'); put the file under evidence/ and "
                        "write the path relative to the repository root"),
    "evidence.symlink": ("佐证“{value}”是符号链接；请把实际文件复制到 evidence/",
                         "evidence '{value}' is a symbolic link; copy the real file into evidence/ instead"),
    "evidence.outside": ("佐证“{value}”指向仓库之外", "evidence '{value}' points outside the repository"),
    "evidence.missing_file": ("佐证文件“{value}”不存在；请把扫描件或截图放到该位置，否则此项不计分",
                              "evidence file '{value}' does not exist; add the scan or screenshot there, or this entry "
                              "scores nothing"),
    "evidence.none": ("{field} 没有佐证（evidence）；在登记佐证之前不计分",
                      "{field} has no 'evidence'; it scores nothing until the proof is recorded"),
    "safety.classified": ("涉密标志“{excerpt}”：标有密级的材料绝不能在此报送；请删除该文件，并通过保密渠道报告",
                          "classified marking '{excerpt}': material marked secret must never be submitted here; remove "
                          "the file and report it through the confidential channel"),
    "safety.script": ("不允许出现{what}（“{excerpt}”）：网站只发布文字，不运行脚本；请删除",
                      "{what} ('{excerpt}') is not allowed: the site publishes text, not scripts; remove it"),
    "safety.classified_value": ("涉密标志“{excerpt}”：标有密级的材料绝不能在此报送；请删除这段内容，并通过保密渠道报告",
                                "classified marking '{excerpt}': material marked secret must never be submitted here; "
                                "remove it and report it through the confidential channel"),
    "safety.classified_name": ("文件名中有涉密标志“{excerpt}”：标有密级的材料绝不能在此报送；请删除该文件，并通过保密渠道报告",
                               "classified marking '{excerpt}' in the file name: material marked secret must never be "
                               "submitted here; remove the file and report it through the confidential channel"),
    "safety.classified_evidence": ("涉密标志“{excerpt}”{place}：标有密级的材料绝不能在此报送；请删除该文件，并通过保密渠道"
                                   "报告；{record} 引用了这份佐证，已被排除",
                                   "classified marking '{excerpt}'{place}: material marked secret must never be "
                                   "submitted here; remove the file and report it through the confidential channel; "
                                   "{record} names this evidence and is left out"),
    "safety.in_page": ("（第 {page} 页）", " in page {page}"),
    "safety.in_part": ("（{part}）", " in {part}"),
    "safety.evidence_not_read": ("{note}{tail}", "{note}{tail}"),
    "safety.left_out_until": ("；在此之前 {record} 被排除", "; {record} is left out until then"),
    "safety.not_read.too_large": ("佐证文件太大，无法检查是否含有涉密标志；请发布较小的文件（扫描件、单页）",
                                  "evidence file is too large to be checked for classified markings; publish a "
                                  "smaller file (a scan, a page)"),
    "safety.not_read.unreadable": ("佐证文件无法读取，不能检查是否含有涉密标志；请重新保存，或发布扫描件",
                                   "evidence file cannot be read to check it for classified markings; save it again "
                                   "or publish a scan"),
    "safety.not_read.no_pdftotext": ("本机无法检查佐证文件是否含有涉密标志（没有安装 poppler-utils 中的 pdftotext）；"
                                     "请人工检查",
                                     "evidence file cannot be checked for classified markings here (pdftotext, from "
                                     "poppler-utils, is not installed); check it by eye"),
    "safety.not_read.opaque": ("佐证文件是旧版 Office 文件，bulletin 无法检查其文字是否含有涉密标志；请另存为 "
                               ".docx/.xlsx 或 PDF，或人工检查",
                               "evidence file is an old Office file whose text bulletin cannot check for classified "
                               "markings; save it as .docx/.xlsx or PDF, or check it by eye"),
    "evidence.kind_ext": ("“.{ext}”", "'.{ext}'"),
    "evidence.kind_none": ("没有扩展名的", "without an extension"),
    "evidence.type": ("佐证“{path}”是{kind}文件，网站不发布这类文件（网页、SVG、XML 或 Markdown 可能在网站上运行脚本）；"
                      "请另存为 PDF 或 PNG（允许：{allowed}）",
                      "evidence '{path}' is a file {kind}, which the site does not publish (a web page, SVG, XML or "
                      "Markdown could run script on the site); save it as PDF or PNG instead (allowed: {allowed})"),
    "evidence.fake": ("佐证“{path}”实际上不是 .{ext} 文件（内容是别的东西）；请把扫描件或截图重新保存为 PDF 或 PNG",
                      "evidence '{path}' is not really a .{ext} file (its content is something else); save the scan "
                      "or screenshot again as PDF or PNG"),
    # ---- sitecfg.py: the instance's mkdocs.yml
    "site.text": ("“{key}”应为文本；请加引号", "'{key}' must be text; quote it"),
    "site.one_line": ("“{key}”应为一行文字，最多 {max} 个字符", "'{key}' must be one line of at most {max} characters"),
    "site.theme_name": ("“theme.name”只能是“material”（网站使用的主题）",
                        "'theme.name' can only be 'material' (the theme the site is built with)"),
    "site.theme_type": ("'theme' 应为主题设置（如 theme: {{palette: {{primary: red}}}}），不能是 {value}；改正或删除这一项",
                        "'theme' must be the theme's settings (like theme: {{palette: {{primary: red}}}}), not "
                        "{value}; correct or remove it"),
    "site.theme_key": ("“theme.{key}”不能写在实例的 mkdocs.yml 中：主题由生成程序设定（允许：{allowed}）；请删除",
                       "'theme.{key}' is not allowed in an instance's mkdocs.yml: the build sets the theme (allowed: "
                       "{allowed}); remove it"),
    "site.palette": ("“theme.palette”应把 primary/accent/scheme 设为颜色名，如 red",
                     "'theme.palette' must map primary/accent/scheme to colour names like 'red'"),
    "site.palette_key": ("“theme.palette.{key}”不允许：请用 primary、accent 或 scheme，值为颜色名，如 red 或 indigo",
                         "'theme.palette.{key}' is not allowed: use primary, accent or scheme with a colour name like "
                         "'red' or 'indigo'"),
    "site.features": ("“theme.features”应为名称列表，如 navigation.tabs",
                      "'theme.features' must be a list of names like navigation.tabs"),
    "site.image_path": ("“theme.{key}”应为仓库中 PNG、JPEG、GIF、WebP 或 ICO 文件的路径，如 assets/logo.png（不能是链接，"
                        "不能含“..”）",
                        "'theme.{key}' must be the path of a PNG, JPEG, GIF, WebP or ICO file in the repository, like "
                        "assets/logo.png (no links, no '..')"),
    "site.image_missing": ("“theme.{key}”：仓库中没有文件“{value}”；请添加该文件或删除这一设置",
                           "'theme.{key}': there is no file '{value}' in the repository; add it or remove the setting"),
    "site.image_fake": ("“theme.{key}”：“{value}”实际上不是 .{ext} 图片；请重新保存为 PNG",
                        "'theme.{key}': '{value}' is not really a .{ext} image; save it again as PNG"),
    "site.not_mapping": ("mkdocs.yml 应为一组设置（名称: 值）", "mkdocs.yml must be a mapping of settings"),
    "site.key": ("“{key}”不能写在实例的 mkdocs.yml 中：由生成程序决定（允许：{allowed}；见 docs/security.md）；请删除",
                 "'{key}' is not allowed in an instance's mkdocs.yml: the build decides it (allowed: {allowed}; see "
                 "docs/security.md); remove it"),
    # ---- bulletin new
    "review.no_identity": ("git 不知道您是谁：请先设置 git config user.name \"您的姓名\" 和 git config user.email 您在 units.yaml 中登记的邮箱",
                           "git does not know who you are: set git config user.name \"Your Name\" and git config "
                           "user.email to the address units.yaml lists for you"),
    "review.unknown_identity": ("当前 git 身份 {name} <{email}> 不在 units.yaml 的人员名单中：请用登记的邮箱设置 git config user.email，或请办公室把该邮箱加入 units.yaml",
                                "the git identity {name} <{email}> is not a person of units.yaml: set git config "
                                "user.email to your listed address, or ask the office to add this one"),
    "new.no_author": ("注意：{problem}；稿件将不写作者（authors）。",
                      "note: {problem}; the submission is written without authors."),
    "new.hello": ("您好，{name}。", "Hello, {name}."),
    "new.no_such_choice": (lambda p: f"没有{p['what']}“{p['value']}”{p['suggestion'] or '；'}可选：{p['choices']}",
                           lambda p: f"no {p['what']} '{p['value']}'"
                                     + (f"{p['suggestion']} Choose from: " if p['suggestion'] else "; choose from: ")
                                     + p['choices']),
    "new.not_a_date": ("“{value}”不是日期：请写成 YYYY-MM-DD，例如 2026-03-14",
                       "'{value}' is not a date: write YYYY-MM-DD, e.g. 2026-03-14"),
    "new.title_empty": ("标题不能为空", "the title must not be empty"),
    "new.title_one_line": ("标题只能有一行", "the title must be one line"),
    "new.try_again": ("{text}。请重新输入。", "{text}. Please answer again."),
    "new.units": ("单位（填序号、标识或名称）：", "Units (answer with a number, an id or a name):"),
    "new.categories": ("类别（填序号、标识或名称）：", "Categories (answer with a number, an id or a name):"),
    "new.ask_unit": ("报送单位", "Unit"),
    "new.ask_category": ("稿件类别", "Category"),
    "new.ask_title": ("标题", "Title"),
    "new.ask_urgent": ("是否为突发事件紧急信息", "Is this an emergency report"),
    "new.ask_event_date": ("事发日期（YYYY-MM-DD）", "Day of the event (YYYY-MM-DD)"),
    "new.ask_solicitation": ("回应约稿编号（不回应请直接回车）", "Solicitation answered (press Enter for none)"),
    "new.missing": ("--no-input：缺少 {options}", "--no-input: missing {options}"),
    "new.event_date_not_urgent": ("只有紧急信息（--urgent）才填写事发日期",
                                  "only an emergency report (--urgent) has an event date"),
    "new.no_such_solicitation": ("没有约稿“{value}”{suggestion}（约稿在 solicitations/ 目录下）",
                                 "no solicitation '{value}'{suggestion} (solicitations are in solicitations/)"),
    "new.open_solicitations": ("本单位正在征集的约稿：", "Open solicitations for your unit:"),
    "new.open_solicitation": ("  {id}  {title}（{deadline} 截止）", "  {id}  {title} (due {deadline})"),
    "new.bad_slug": ("“{slug}”不能作文件名：只用小写字母、数字和 -，例如 wage-check",
                     "'{slug}' cannot be a file name: use lower-case letters, digits and -, e.g. wage-check"),
    "new.exists": ("文件已存在，bulletin new 不会覆盖它：请用 --slug 换一个文件名，或直接编辑这个文件",
                   "the file exists and bulletin new never overwrites it: choose another name with --slug, or edit "
                   "the file"),
    "new.nothing_written": ("没有写入任何文件", "nothing was written"),
    "new.done": ("已新建稿件 {path}。下一步：\n  1. 编辑正文（替换括号中的提示文字）；\n  2. 检查：bulletin check {path}\n"
                 "  3. 提交：git add {path} && git commit -m \"报送：{title}\"，再 git push 或发起合并请求。",
                 "Created {path}. Next:\n  1. write the text (replace the hints in brackets);\n"
                 "  2. check it: bulletin check {path}\n"
                 "  3. commit it: git add {path} && git commit -m \"报送：{title}\", then git push or open a merge "
                 "request."),
    # ---- bulletin approve
    "approve.nobody": ("无人", "no one"),
    "approve.none": ("无", "none"),
    "approve.error": ("bulletin approve：错误：{text}", "bulletin approve: error: {text}"),
    "approve.not_a_submission": ("{path}：不是稿件文件（submissions/…/*.md）",
                                 "{path}: not a submission file (submissions/…/*.md)"),
    "approve.no_commits": ("仓库还没有任何提交，没有可审核的稿件",
                           "the repository has no commits yet: there is nothing to approve"),
    "approve.invalid": ("稿件有 {count} 处错误，不能审核：{first}（运行 bulletin check {path} 查看全部；请作者改正并提交后再审核）",
                        "the item has {count} error(s) and cannot be approved: {first} (run bulletin check {path} to "
                        "see them all; the author fixes and commits it first)"),
    "approve.untracked": ("稿件还没有提交到仓库，不能审核：请作者先 git add 并 git commit",
                          "the item is not committed and cannot be approved: the author must git add and git commit "
                          "it first"),
    "approve.modified": ("稿件有未提交的修改：审核记录的是已提交的版本，请先提交或撤销这些修改（git diff {path} 查看）再审核",
                         "the item has uncommitted changes: an approval records the committed version, so commit or "
                         "undo them first (see git diff {path})"),
    "approve.sign_required": ("本单位要求签名审核（review.trust: signature），未签名的审核不计入：请加 --sign",
                              "this instance requires signed approvals (review.trust: signature) and an unsigned one "
                              "does not count: add --sign"),
    "approve.no_signing_key": ("签名需要 SSH 密钥：请先运行 git config user.signingkey ~/.ssh/id_ed25519.pub（您的公钥文件），并请办公室把公钥登记到 allowed_signers",
                               "signing needs an SSH key: run git config user.signingkey ~/.ssh/id_ed25519.pub (your "
                               "public key file) and ask the office to add the key to allowed_signers"),
    "approve.nothing_written": ("没有写入审核记录", "no approval was written"),
    "approve.stage_who": ("{stage}（{who}）", "{stage} ({who})"),
    "approve.is_author": ("{name}是本稿件的作者，不能审核本人的稿件（units.yaml: author_cannot_approve）{waiting}",
                          "{name} is an author of this item and cannot approve it (units.yaml: "
                          "author_cannot_approve){waiting}"),
    "approve.ask_them": ("；请由各环节的审核人审核：{waiting}", "; ask the approvers of each stage: {waiting}"),
    "approve.stage_not_needed": ("本稿件不需要“{stage}”环节（需要：{needed}）",
                                 "this item does not need the stage '{stage}' (it needs: {needed})"),
    "approve.not_eligible_stage": ("{name}不是“{stage}”的审核人（可审核：{who}）",
                                   "{name} is not an approver of '{stage}' (approvers: {who})"),
    "approve.already": ("“{stage}”已由{who}审核通过，无需再审；待审环节：{pending}",
                        "'{stage}' is already approved by {who}; stages waiting: {pending}"),
    "approve.mine_done": ("{name}可审核的环节（{mine}）都已通过，无需再审；待审环节：{pending}",
                          "the stages {name} may approve ({mine}) are all approved; stages waiting: {pending}"),
    "approve.not_eligible": ("{name}不是本稿件任何待审环节的审核人{waiting}",
                             "{name} is not an approver of any stage this item waits for{waiting}"),
    "approve.pending": ("；待审环节：{pending}", "; stages waiting: {pending}"),
    "approve.all_done": ("；各环节均已通过", "; every stage is approved"),
    "approve.sign_failed": ("（签名失败：请检查 user.signingkey 指向的 SSH 密钥，必要时先运行 ssh-add）",
                            " (signing failed: check the SSH key user.signingkey names; run ssh-add if needed)"),
    "approve.commit_failed": ("git 未能写入审核提交{hint}：{detail}", "git could not write the approval commit{hint}: {detail}"),
    "approve.update_failed": ("未能更新当前分支（可能有人同时提交了）：{detail}；请重试",
                              "could not move the current branch (did someone commit meanwhile?): {detail}; try again"),
    "approve.written": ("已写入审核提交 {commit}（{name}，{signed}）", "Wrote the approval commit {commit} ({name}, {signed})"),
    "approve.signed": ("已签名", "signed"),
    "approve.unsigned": ("未签名", "unsigned"),
    "approve.stage_passed": ("{stage}：已通过（{who} {day}）", "{stage}: approved ({who} {day})"),
    "approve.stage_waiting": ("{stage}：待审核（可审核：{who}）", "{stage}: waiting (approvers: {who})"),
    "approve.does_not_count": ("注意：这条审核不计入：{reason}", "note: this approval does not count: {reason}"),
    "approve.signature_ok": ("签名核验通过：{signer}（{key}）", "signature verified: {signer} ({key})"),
    "approve.sig_other": ("签名属于 {signer}，不是{name}登记的邮箱", "the signature is {signer}'s, not an address of {name}"),
    "approve.sig_U": ("签名所用的密钥没有登记在 allowed_signers 中（或已过期）",
                      "the signing key is not in allowed_signers (or has expired)"),
    "approve.sig_B": ("签名无效或密钥已吊销", "the signature is bad or the key revoked"),
    "approve.sig_N": ("提交没有签名", "the commit is not signed"),
    "approve.sig_E": ("无法核验签名（缺少 ssh-keygen？）", "the signature cannot be checked (no ssh-keygen?)"),
    "approve.signature_bad": ("注意：签名核验未通过：{why}；以签名为准时这条审核不计入。请办公室把您的公钥（{key}）登记到 allowed_signers。",
                              "note: the signature does not verify: {why}; where signatures are trusted this approval "
                              "does not count. Ask the office to add your public key ({key}) to allowed_signers."),
    "approve.signature_unchecked": ("签名未核验（没有 allowed_signers 文件）；办公室在构建网站时核验。",
                                    "the signature was not checked (no allowed_signers file); the office checks it when "
                                    "building the site."),
    "approve.next": ("下一步：git push，把审核记录推送到服务器。", "Next: git push, to send the approval to the server."),
    # ---- report.py: bulletin scores and status
    "report.scores_title": ("{org} 信息宣传得分  {period}（{start} 至 {end}，截至 {as_of}）",
                            "{org} information-publicity points  {period} ({start} to {end}, as of {as_of})"),
    "report.none": ("（无）", "(none)"),
    "report.yes": ("是", "yes"), "report.no": ("否", "no"),
    "report.unit_ranking": ("单位排名", "Unit ranking"), "report.people_ranking": ("个人排名", "People ranking"),
    "report.entries": ("得分明细", "Entries"), "report.awards": ("年度表彰", "Awards"),
    "report.award_unit": ("先进单位", "outstanding unit"), "report.award_person": ("先进个人", "outstanding person"),
    "report.rank": ("排名", "rank"), "report.unit": ("单位", "unit"), "report.name": ("名称", "name"),
    "report.points": ("得分", "points"), "report.cumulative": ("累计", "cumulative"),
    "report.cumulative_rank": ("累计排名", "cum. rank"), "report.submitted": ("报送", "submitted"),
    "report.adopted": ("采用", "adopted"), "report.target": ("目标", "target"), "report.target_met": ("达标", "met"),
    "report.person": ("人员", "person"), "report.person_name": ("姓名", "name"), "report.date": ("日期", "date"),
    "report.kind": ("类型", "kind"), "report.value": ("分值", "points"), "report.submission": ("稿件", "submission"),
    "report.detail": ("说明", "detail"), "report.category": ("类别", "category"), "report.id": ("编号", "id"),
    "status.not_committed": ("尚未提交", "not committed yet"),
    "status.approved": ("{day} 审核通过", "approved {day}"),
    "status.waiting_for": ("等待：{stages}", "waiting for {stages}"),
    "status.waiting": ("等待审核", "waiting"),
    "status.draft": ("（草稿：不计分、不发布）", " (draft: not scored or published)"),
    "status.stage_approved": ("已通过", "approved"), "status.stage_missing": ("未通过", "missing"),
    "status.verdict.current": ("有效", "current"), "status.verdict.stale": ("已失效", "stale"),
    "status.verdict.ignored": ("不计入", "ignored"),
    "status.h.stage": ("审核环节", "stage"), "status.h.state": ("状态", "state"), "status.h.by": ("审核人", "by"),
    "status.h.date": ("日期", "date"), "status.h.note": ("说明", "note"),
    "status.no_submissions": ("没有稿件", "no submissions"),
    "status.the_submitter": ("报送人（请先提交文件）", "the submitter (commit the file first)"),
    "status.earlier_stale": ("（此前的审核已失效）", " (earlier approval is stale)"),
    "status.no_one_eligible": ("没有可审核的人（请修正 units.yaml）", "no one is eligible (fix units.yaml)"),
    "status.role": ("角色 {role}：{names}", "role {role}: {names}"),
    "status.nothing_waiting": ("没有等待审核的稿件", "nothing is waiting for review"),
    # ---- review.py: approvals and why they count or not
    "review.needs_signers": ("trust: signature 需要 allowed_signers 文件（units.yaml 的 review.allowed_signers 或 --allowed-signers 文件）",
                             "trust: signature needs an allowed_signers file (units.yaml review.allowed_signers or "
                             "--allowed-signers FILE)"),
    "review.signers_missing": ("allowed_signers 文件 {path} 不存在", "allowed_signers file {path} does not exist"),
    "review.signers_inside": ("allowed_signers 文件 {path} 在仓库内，报送人可以修改它；请放到仓库之外（如 /etc/bulletin/allowed_signers）",
                              "allowed_signers file {path} is inside the repository, where submitters can change it; "
                              "keep it outside (e.g. /etc/bulletin/allowed_signers)"),
    "review.sig.N": ("没有签名", "is not signed"),
    "review.sig.B": ("签名无效（提交在签名后被修改，或签名已损坏）",
                     "has a bad signature (the commit was changed after it was signed, or the signature is damaged)"),
    "review.sig.U": ("所用密钥{key}不在 allowed_signers 中", "is signed with a key{key} that is not in allowed_signers"),
    "review.sig.X": ("签名已过期", "has an expired signature"),
    "review.sig.Y": ("签名密钥已过期", "is signed by an expired key"),
    "review.sig.R": ("签名密钥已吊销", "is signed by a revoked key"),
    "review.sig.E": ("签名无法核验", "has a signature that cannot be checked"),
    "review.sig.other": ("没有有效签名（{status}）", "has no good signature ({status})"),
    "review.sig.expired_key": ("所用密钥{key}在提交日期不被 allowed_signers 接受（已过期：见其 valid-before/valid-after）",
                               "is signed with a key{key} that allowed_signers does not accept on the commit's date "
                               "(expired: see its valid-before/valid-after)"),
    "review.sig.revoked_key": ("所用密钥{key}已吊销（列在 git 的 gpg.ssh.revocationFile 中）",
                               "is signed with a revoked key{key} (listed in git's gpg.ssh.revocationFile)"),
    "review.bad_signature": ("提交 {commit} {what}；trust: signature 时只有有效签名才计入",
                             "commit {commit} {what}; with trust: signature only good signatures count"),
    "review.signed_by_other": ("提交 {commit} 的签名人是 {signer}，不是 {who}", "commit {commit} is signed by {signer}, not by {who}"),
    "review.off_mainline": ("审核标记所在的提交不在主线上（HEAD 的第一父提交链）",
                            "the trailer is on a commit outside the mainline (HEAD's first-parent chain)"),
    "review.untrusted_committer": ("审核标记所在的提交 {commit} 由 {email} 提交，此人不在 trusted_committers 中",
                                   "the trailer's commit {commit} was committed by {email}, who is not in "
                                   "trusted_committers"),
    "review.added_by_stranger": ("文件由 {who} 添加，此人不在 units.yaml 中，且文件没有“authors:”；积分无人获得",
                                 "the file was added by {who}, who is not a person in units.yaml, and it has no "
                                 "'authors:'; no one earns its points"),
    "review.does_not_count": ("提交 {commit} 中 {who} 的审核不计入：{reason}",
                              "approval in commit {commit} by {who} does not count: {reason}"),
    "review.approved_by": ("{who} 于 {day} 审核通过", "approved by {who} on {day}"),
    "review.only_authors": ("“{stage}”无人可审：{names} 可以审核，但是本稿作者",
                            "no one is eligible for {stage}: {names} may approve it but is an author of this item"),
    "review.no_head": ("{unit}在 units.yaml 中没有负责人", "{unit} has no head in units.yaml"),
    "review.no_leader": ("{unit}在 units.yaml 中没有分管领导", "{unit} has no leader in units.yaml"),
    "review.no_role": ("没有人具有角色“{role}”", "no one has the role '{role}'"),
    "review.no_approvers": ("没有列出审核人", "it lists no approvers"),
    "review.no_one_eligible": ("“{stage}”无人可审：{why}", "no one is eligible for {stage}: {why}"),
    "review.needs_new_approval": ("{stale}；“{stage}”需要重新审核（可审核：{names}）",
                                  "{stale}; {stage} needs a new approval (eligible: {names})"),
    "review.not_yet": ("“{stage}”尚无人审核（可审核：{names}）", "no one eligible for {stage} has approved (eligible: {names})"),
    "review.no_email": ("“{identity}”没有电子邮箱，无法对应到人员", "'{identity}' names no e-mail address, so no person can be matched"),
    "review.stranger": ("{identity} 不在 units.yaml 中（没有人使用邮箱 {email}）",
                        "{identity} is not a person in units.yaml (no one has the e-mail {email})"),
    "review.is_author": ("{name} 是本稿作者，不能审核本稿", "{name} is an author of this item"),
    "review.no_such_stage": ("“Stage: {stage}”不是审核环节（环节：{known}）",
                             "'Stage: {stage}' names no review stage (stages: {known})"),
    "review.stage_not_required": ("本稿件不需要“Stage: {id}”（{stage}）环节",
                                  "'Stage: {id}' ({stage}) is not required for this item"),
    "review.not_eligible_for": ("{name} 不是“{stage}”环节的审核人", "{name} is not eligible for {stage}"),
    "review.not_eligible_any": ("{name} 不是本稿任何审核环节的审核人",
                                "{name} is not eligible for any stage this item requires"),
    "review.did_not_exist": ("提交 {commit} 中没有 {path}，这条审核不针对任何内容",
                             "{path} did not exist in commit {commit}, so it approves nothing"),
    "review.no_one": ("无人", "no one"),
    "review.waits_in_order": ("须先通过“{previous}”（按顺序审核：units.yaml 的 review.ordered）；之后 {names} 可以审核",
                              "waits for {previous} first (review in order: units.yaml review.ordered); then {names} "
                              "may approve"),
    "review.ordered_too_early": ("{day} 审核时“{before}”尚未通过（{met} 才通过）；本局实行逐级审核，此审核不计入，需重新审核",
                                 "it was given on {day}, before {before} was met on {met}; review is in order "
                                 "(units.yaml review.ordered), so it counts for nothing: approve again"),
    "review.ordered_before_met": ("审核时“{before}”尚未通过（至今未通过）；本局实行逐级审核，此审核不计入，待“{before}”"
                                  "通过后需重新审核",
                                  "it was given before {before} was met ({before} is still missing); review is in order "
                                  "(units.yaml review.ordered), so it counts for nothing: approve again after {before}"),
    "review.return_ignored": ("提交 {commit} 中 {who} 的退回不计入：{note}", "return in commit {commit} by {who} does not count: {note}"),
    "review.meets": ("满足“{stages}”", "meets {stages}"),
    "review.what_changed": (lambda p: what_zh(p["what"]), "{what}"),
    "review.stale_unreadable": ("{name} {day} 的审核已失效：{what}已被修改（无法读取审核时的版本）",
                                "{name}'s approval of {day} is stale: {what} changed (the approved version could not "
                                "be read)"),
    "review.stale_in": ("{name} {day} 的审核已失效：{what}在提交 {commit}（{when}）中被修改，需重新审核",
                        "{name}'s approval of {day} is stale: {what} changed in {commit} on {when}"),
    "review.stale_after": ("{name} {day} 的审核已失效：{what}此后被修改（工作区有未提交的修改？）",
                           "{name}'s approval of {day} is stale: {what} changed after it (uncommitted changes in the "
                           "working tree?)"),
    # ---- periods.py
    "period.examples": ("2026-03（月）、2026-Q1（季度）、2026-H1（半年）或 2026（年）",
                        "2026-03 (a month), 2026-Q1 (a quarter), 2026-H1 (a half year) or 2026 (a year)"),
    "period.no_month": ("“{text}”不是期间：没有 {month} 月；请写 {examples}",
                        "'{text}' is not a period: month {month} does not exist; write {examples}"),
    "period.no_quarter": ("“{text}”不是期间：季度只有 Q1 到 Q4；请写 {examples}",
                          "'{text}' is not a period: quarters are Q1 to Q4; write {examples}"),
    "period.no_half": ("“{text}”不是期间：半年只有 H1 和 H2；请写 {examples}",
                       "'{text}' is not a period: half years are H1 and H2; write {examples}"),
    "period.not_a_period": ("“{text}”不是期间；请写 {examples}", "'{text}' is not a period; write {examples}"),
    "period.not_a_date": ("“{text}”不是日期；请写成 YYYY-MM-DD，例如 2026-03-31",
                          "'{text}' is not a date; write it as YYYY-MM-DD, e.g. 2026-03-31"),
    "period.not_a_real_date": ("“{text}”不是有效日期；请写成 YYYY-MM-DD，例如 2026-03-31",
                               "'{text}' is not a real date; write it as YYYY-MM-DD, e.g. 2026-03-31"),
    # ---- bulletin issue, issued, document
    "record.not_git": ("{repo} 不是有提交的 git 仓库：正式通报按某次提交计算；请先提交本实例",
                       "{repo} is not a git repository with commits: a bulletin of record is computed from a commit; "
                       "commit the instance first"),
    "record.shallow": ("仓库是浅克隆（shallow clone）：截断点之前的提交缺失，据此计算的积分不可信，"
                       "不能据此印发或核对正式通报；请先获取完整历史（git fetch --unshallow）",
                       "the repository is a shallow clone: the commits before its cut are missing, so points computed "
                       "from it cannot be trusted, issued or verified; fetch the whole history first "
                       "(git fetch --unshallow)"),
    "record.eg": ("{text}；例如 {example}", "{text}; e.g. {example}"),
    "record.no_libreoffice": ("--pdf 需要 LibreOffice（soffice），但未安装：apt-get install libreoffice-writer-nogui fonts-noto-cjk",
                              "--pdf needs LibreOffice (soffice), which is not installed: apt-get install "
                              "libreoffice-writer-nogui fonts-noto-cjk"),
    "record.reason_without_supersede": ("--reason 只能和 --supersede 一起使用", "--reason goes with --supersede"),
    "record.supersede_needs_reason": ("--supersede 需要 --reason '…'（印在更正后的通报上）",
                                      "--supersede needs --reason '…' (printed on the corrected bulletin)"),
    "record.left_out": ("{path}：未计入：在提交 {commit} 中格式有误（bulletin check）",
                        "{path}: left out: invalid at commit {commit} (bulletin check)"),
    "record.no_number": ("（无文号）", "(no 文号)"),
    "record.issued_line": ("{title}  {number}  印发日期 {issued}，数据截至 {as_of}，提交 {commit}",
                           "{title}  {number}  issued {issued}, as of {as_of}, commit {commit}"),
    "record.totals": ("  {units} 个单位，{people} 人有积分，{adoptions} 篇次采用；前列：{first}",
                      "  {units} units, {people} people with points, {adoptions} adoptions; first: {first}"),
    "record.carries": ("  附带对此前通报的 {count} 项更正：", "  carries {count} correction(s) (更正) of earlier bulletins:"),
    "record.rules_changed": ("计分规则调整", "rules changed"),
    "record.warn_no_number": ("  警告：没有文号：请用 --number 给出（如 武住建办〔2026〕12号），以后各期依次顺延",
                              "  warning: no 文号: give --number (e.g. 武住建办〔2026〕12号); later ones then follow it"),
    "record.dry_run": ("试运行：没有写入 bulletins/", "dry run: nothing written to bulletins/"),
    "record.commit_it": ("请提交这份记录：git add bulletins/ && git commit -m \"{message}\"",
                         "now commit the record: git add bulletins/ && git commit -m \"{message}\""),
    "record.none_issued": ("尚未印发任何通报（bulletin issue 期间）", "no bulletin has been issued (bulletin issue PERIOD)"),
    "record.in_force": ("现行", "in force"),
    "record.superseded": ("{date} 作废", "superseded {date}"),
    "record.issued_row": ("印发 {issued}  截至 {as_of}  {commit}  {state}", "issued {issued}  as of {as_of}  {commit}  {state}"),
    "record.carries_short": ("  附带 {count} 项更正", "  carries {count} correction(s)"),
    "record.now_differs": ("现在不同：{name} {field}：{old} -> {new}（{cause}）", "now differs: {name} {field}: {old} -> {new}  ({cause})"),
    "record.what_to_write": ("请指明要写出什么：--docx 文件、--xlsx 文件和/或 --pdf 文件",
                             "say what to write: --docx FILE, --xlsx FILE and/or --pdf FILE"),
    "record.not_issued": ("bulletins/{period}.json：{period} 的通报尚未印发",
                          "bulletins/{period}.json: the bulletin of {period} has not been issued"),
    "record.no_revision": ("{period} 的版本有 {revisions}，没有 {revision}", "{period} has revisions [{revisions}], not {revision}"),
    # ---- record.py: bulletins of record
    "rec.missing_field": ("缺少字段“{key}”（{what}）", "missing field '{key}' ({what})"),
    "rec.must_be": ("“{key}”应为{what}，不能是 {value}", "'{key}' must be {what}, not {value}"),
    "rec.real_date": ("“{key}”应为有效日期 YYYY-MM-DD，不能是“{text}”", "'{key}' must be a real date YYYY-MM-DD, not '{text}'"),
    "rec.restore": ("请从 git 恢复（git log -- {path}；git checkout <提交> -- {path}）",
                    "restore it from git (git log -- {path}; git checkout <commit> -- {path})"),
    "rec.not_json": ("不是有效的通报记录：{detail}；已印发的通报绝不手工修改：{restore}",
                     "not a valid bulletin record: {detail}; an issued bulletin is never edited by hand: {restore}"),
    "rec.not_object": ("通报记录必须是 JSON 对象；{restore}", "a bulletin record must be a JSON object; {restore}"),
    "rec.format": ("“format”必须是“{format}”（这是通报记录文件吗？）", "'format' must be '{format}' (is this file a bulletin record?)"),
    "rec.revision": ("“revision”必须大于等于 1", "'revision' must be 1 or more"),
    "rec.commit": ("“commit”必须是完整的 40 位提交标识，不能是“{commit}”", "'commit' must be a full 40-digit commit id, not '{commit}'"),
    "rec.wrong_file": ("文件 {name} 中是 {period} 的通报：记录应在 bulletins/{period}.json；{restore}",
                       "the file {name} holds the bulletin of {period}: a record lives in bulletins/{period}.json; "
                       "{restore}"),
    "rec.file_name": ("文件名 {name} 不符合要求：记录为 bulletins/<期间>.json，作废版本为 bulletins/<期间>.r<N>.json",
                      "unexpected file name {name}: records are bulletins/<period>.json, superseded revisions "
                      "bulletins/<period>.r<N>.json"),
    "rec.as_of_early": ("数据截至日 {as_of} 早于 {period} 的期末（{end}）", "as_of {as_of} is before the end of {period} ({end})"),
    "rec.issued_early": ("印发日期 {issued} 早于数据截至日 {as_of}", "issued {issued} is before as_of {as_of}"),
    "rec.scores_period": ("scores.period 必须是“{period}”", "scores.period must be '{period}'"),
    "rec.not_an_object": ("{what} 必须是对象", "{what} must be an object"),
    "rec.sections_shape": ("{what} 的格式不对（应为 {expected}）；请从 git 历史恢复本记录文件，不要手工修改",
                           "{what} is malformed (expected {expected}); restore this record from git history, "
                           "do not edit it by hand"),
    "rec.superseded_name": ("作废版本应保存为 bulletins/<期间>.r<N>.json，不能是 {name}",
                            "a superseded revision is kept as bulletins/<period>.r<N>.json, not {name}"),
    "rec.no_superseded_mark": ("{name} 是旧版本，但没有“superseded”标记；{restore}",
                               "{name} is an old revision but has no 'superseded' mark; {restore}"),
    "rec.wrong_revision": ("文件 {name} 应是第 {rev} 版，不能是 {revision}", "the file {name} must hold revision {rev}, not {revision}"),
    "rec.digest": ("这份已印发通报的数据在印发后被修改（摘要不符）：正式记录绝不修改；{restore}，并用“bulletin issue 期间 --supersede --reason …”更正",
                   "the figures of this issued bulletin were changed after it was issued (digest mismatch): a "
                   "bulletin of record is never edited; {restore}, and correct it with 'bulletin issue PERIOD "
                   "--supersede --reason ...'"),
    "rec.cannot_read": ("无法读取通报记录：{detail}", "cannot read the bulletin record: {detail}"),
    "rec.revisions": ("{period} 的版本为 {revs}：应为 1 到 {n}；请从 git 恢复缺失的记录",
                      "the revisions of {period} are {revs}: expected 1 to {n}; restore the missing record from git"),
    "rec.number_twice": ("文号 {number} 也是 {other} 的文号", "文号 {number} is also the number of {other}"),
    "rec.no_commits": ("{repo} 不是有提交的 git 仓库：通报记录按提交计算；请先提交实例",
                       "{repo} is not a git repository with commits: a bulletin of record is computed from a commit; "
                       "commit the instance first"),
    "rec.no_such_commit": ("--commit {rev}：{repo} 中没有这个提交", "--commit {rev}: no such commit in {repo}"),
    "rec.no_number": ("无文号", "no number"),
    "rec.already_issued": ("{rel}：{period} 的通报已于 {issued} 印发（{number}），是正式记录，绝不覆盖。如需更正，请用 --supersede --reason '…' 印发更正后的通报，或由下一期通报附带更正",
                           "{rel}: the bulletin of {period} was issued on {issued} ({number}) and is a record: it is "
                           "never overwritten. To correct it, issue a corrected one with --supersede --reason '…', or "
                           "let the next bulletin carry the corrections (更正)"),
    "rec.nothing_to_supersede": ("{rel}：{period} 的通报尚未印发，无可作废", "{rel}: no bulletin of {period} has been issued: there is nothing to supersede"),
    "rec.as_of_before_end": ("{period} 于 {end} 结束：通报在期末之后印发，--as-of 须为 {end} 或之后（现为 {as_of}）",
                             "{period} ends on {end}: a bulletin is issued after its period, so --as-of must be {end} or "
                             "later (it is {as_of})"),
    "rec.date_before_as_of": ("--date {date} 早于 --as-of {as_of}：通报不能报告印发之后的数据",
                              "--date {date} is before --as-of {as_of}: a bulletin cannot report figures of a day after "
                              "its issue"),
    "rec.number_taken": ("文号 {number} 已是 {other} 的文号；请换一个 --number", "文号 {number} is already the number of {other}; give another --number"),
    "rec.bad_number": ("--number {number}：文号应写成 武住建办〔{year}〕12号 的形式（带〔〕和“号”）",
                       "--number {number}: write a 文号 such as 武住建办〔{year}〕12号 (with the brackets 〔〕 and 号)"),
    "rec.old_exists": ("{path} 已存在：请先从 git 恢复 bulletins/", "{path} already exists: restore bulletins/ from git first"),
    # ---- learning.py and bulletin learning
    "learn.not_text": ("无法把文件读成文本（既不是 UTF-8 也不是 GBK，字节 0x{byte}）；请重新导出为 CSV 或 XLSX，或在 Excel/WPS 中另存为“CSV UTF-8”",
                       "cannot read the file as text (neither UTF-8 nor GBK, byte 0x{byte}); export again as CSV or "
                       "XLSX, or save it from Excel/WPS as 'CSV UTF-8'"),
    "learn.bad_workbook": ("无法读取工作簿（{detail}）；请在 Excel 或 WPS 中打开并另存为 .xlsx，或导出为 CSV",
                           "cannot read the workbook ({detail}); open it in Excel or WPS and save it again as .xlsx, "
                           "or export as CSV"),
    "learn.too_big": ("文件有 {size} 字节，超过导出文件 {limit} MiB 的上限；请每次导出一个组织",
                      "file is {size} bytes, over the {limit} MiB limit of an export; export one organization at a "
                      "time"),
    "learn.xls": ("这是旧版 Excel 97-2003 工作簿（.xls）；请在 Excel 或 WPS 中打开并另存为 .xlsx，或导出为 CSV",
                  "this is an old Excel 97-2003 workbook (.xls); open it in Excel or WPS and save it as .xlsx, or "
                  "export as CSV"),
    "learn.no_header": ("前 {rows} 行中没有含“姓名”列的表头；导出文件需要“姓名”“本月登录天数”（或“日均登录率”）和“年度积分”列（见 docs/learning.md）",
                        "no header row with a name column (姓名) in the first {rows} rows; the export needs the "
                        "columns 姓名, 本月登录天数 (or 日均登录率) and 年度积分 (see docs/learning.md)"),
    "learn.nothing": ("（空）", "(nothing)"),
    "learn.no_login_column": ("没有“本月登录天数”或“日均登录率”列；表头为：{shown}",
                              "no column for log-in days (本月登录天数) or the daily log-in rate (日均登录率); the "
                              "header row has: {shown}"),
    "learn.total_as_year": ("“{column}”列按本年度积分读取；如果平台在此给出的是历史总积分，请改为导出“年度积分”",
                            "column '{column}' is read as this year's points; if the platform gives the all-time "
                            "total there, export 年度积分 instead"),
    "learn.no_points_column": ("没有本年度积分列（年度积分或总积分）；表头为：{shown}",
                               "no column for this year's points (年度积分 or 总积分); the header row has: {shown}"),
    "learn.too_many_rows": ("超过 {rows} 行；请每次导出一个组织", "more than {rows} rows; export one organization at a time"),
    "learn.no_name": ("这一行有数据但没有姓名；请填写姓名或删除这一行",
                      "this row has figures but no name (姓名); fill it in or delete the row"),
    "learn.registration": ("无法理解注册状态“{value}”；请写 是/已注册/已激活 或 否/未注册/未激活",
                           "registration '{value}' is not understood; write 是/已注册/已激活 or 否/未注册/未激活"),
    "learn.not_a_number": ("{what}“{raw}”不是数字；请写整数，如 26", "{what} '{raw}' is not a number; write a whole number such as 26"),
    "learn.not_whole": ("{what}“{raw}”不是整数", "{what} '{raw}' is not a whole number"),
    "learn.not_a_rate": ("登录率“{raw}”不是比率；请写 96.5% 或 0.965", "log-in rate '{raw}' is not a rate; write 96.5% or 0.965"),
    "learn.rate_over": ("登录率“{raw}”超过 100%", "log-in rate '{raw}' is over 100%"),
    "learn.aliases_form": ("别名文件每行把导出文件中的一个姓名对应到一个人员标识（如“陈晓艳: chenxiaoyan”）",
                           "the aliases file maps each name as in the export to a person id, one per line "
                           "('陈晓艳: chenxiaoyan')"),
    "learn.mapped_twice": ("姓名“{key}”对应了两次", "the name '{key}' is mapped twice"),
    "learn.not_a_month_file": ("不是学习强国文件：月度文件名为 learning/YYYY/YYYY-MM.yaml（由 bulletin learning import 写入）；此文件不起作用",
                               "not a 学习强国 file: monthly files are named learning/YYYY/YYYY-MM.yaml (bulletin "
                               "learning import writes them); this file is ignored"),
    "learn.month_mismatch": ("“month”是 {month}，但文件名是 {named}；请把文件移到 {path}，或改正月份",
                             "'month' is {month} but the file is named for {named}; move the file to {path} or correct "
                             "the month"),
    "learn.days_in_month": ("{month} 有 {days} 天，不是 {value} 天", "{month} has {days} days, not {value}"),
    "learn.login_over": ("“people.{pid}.login_days”为 {login}，超过 {month} 的 {days} 天",
                         "'people.{pid}.login_days' is {login}, more than the {days} days of {month}"),
    "learn.no_unit": ("无单位", "no unit"),
    "learn.candidate": ("{id}（{name}）", "{id} ({name})"),
    "learn.several_people": ("姓名“{name}”对应多人：{listed}；请导出“所在组织”列，以便按单位区分",
                             "the name '{name}' belongs to several people: {listed}; export the 所在组织 column so that "
                             "the unit tells them apart"),
    "learn.unknown_person": ("未知人员“{name}”：units.yaml 中没有人叫这个名字；请把此人加入 units.yaml，或在 {aliases} 中对应姓名（“{name}: 人员标识”，或“{name}: ~”表示不计入这一行）",
                             "unknown person '{name}': no one in units.yaml has this name; add the person to "
                             "units.yaml, or map the name in {aliases} ('{name}: person-id', or '{name}: ~' to leave "
                             "the row out)"),
    "learn.twice": ("“{name}”（{pid}）也出现在第 {row} 行；每人只能出现一次",
                    "'{name}' ({pid}) is also on row {row}; each person may appear once"),
    "learn.days_over": ("登录 {login} 天，但 {month} 只有 {days} 天；--month 对吗？",
                        "{login} log-in days, but {month} has {days} days; is --month right?"),
    "learn.unregistered_active": ("“{name}”标为未注册，但有登录天数或积分；按未注册记录",
                                  "'{name}' is marked not registered but has log-in days or points; recorded as not "
                                  "registered"),
    "learn.no_rows": ("导出文件中没有人员数据行", "the export has no rows of people"),
    "learn.not_a_month": ("“{text}”不是月份；请写成 YYYY-MM，例如 2026-10", "'{text}' is not a month; write it as YYYY-MM, e.g. 2026-10"),
    "learn.no_such_file": ("{path}：文件不存在", "{path}: no such file"),
    "learn.already_imported": ("{path} 已存在：{month} 已导入过；如需重新导入，请加 --replace",
                               "{path} already exists: {month} was imported before; add --replace to import it again"),
    "learn.note_aliases": ("提示：与 units.yaml 写法不同的姓名，请在 learning/aliases.yaml 中对应（“导出文件中的姓名: 人员标识”）",
                           "note: map a name that differs from units.yaml in learning/aliases.yaml ('name in the "
                           "export: person-id')"),
    "learn.nothing_written": ("bulletin：没有写入任何文件：导出文件中有 {errors} 个错误",
                              lambda p: f"bulletin: nothing written: {_plural(p['errors'], 'error', 'errors')} in the "
                                        "export"),
    "learn.wrote": ("已写入 {path}：{people} 人，{registered} 人已注册", "wrote {path}: {people} people, {registered} registered"),
    "learn.absent": ("导出文件中没有、按未注册记录：{names}", "not in the export, recorded as not registered: {names}"),
    "learn.skipped": ("未计入（别名中对应为 ~）：{names}", "left out (mapped to ~ in the aliases): {names}"),
    "learn.below_target": ("未达目标：{names}", "below target: {names}"),
    "learn.no_figures": ("{period} 没有学习强国数据（已导入月份：{have}）；请运行：bulletin learning import 文件 --month {month}",
                         "no 学习强国 figures for {period} (imported months: {have}); run: bulletin learning import "
                         "FILE --month {month}"),
    # ---- judge/traps.py: bulletin check --as-of, the silent traps of data entry
    "traps.placeholder": ("模板占位文字“{text}”仍在正文中（bulletin new 写入的提示）：请换成稿件内容后再提交",
                          "the template's placeholder text '{text}' is still in the body (bulletin new writes it): "
                          "replace it with the item's text before committing"),
    "traps.adoption_after_as_of": ("采用日期 {date} 晚于 {as_of}（--as-of，默认今天）：{outlet}的这次采用在该日之前不计分"
                                   "（{points}分）；请核对采用日期",
                                   "adoption date {date} is after {as_of} (--as-of, default today): this adoption by "
                                   "{outlet} scores nothing before that day ({points} points); check the adoption date"),
    "traps.backflow": ("信息倒流（−{penalty}分）：{outlet}的采用日期 {date} 早于本稿报送日期 {submitted}，这次采用不计分"
                       "（{points}分），并扣 {penalty}分；请核对采用日期",
                       "信息倒流 (−{penalty} points): the adoption by {outlet} dated {date} is before this item was "
                       "submitted ({submitted}): it scores nothing ({points} points) and costs the unit {penalty} "
                       "points; check the adoption date"),
    "traps.adoption_before_approval": ("{outlet}的采用日期 {date} 早于本稿签发（审核通过）日期 {approved}：稿件在签发前即已"
                                       "报送（{points}分）；请核对日期，确认已按程序审核",
                                       "the adoption by {outlet} dated {date} is before this item was approved "
                                       "({approved}): it was sent out before sign-off ({points} points); check the dates "
                                       "and that the review was followed"),
    "traps.instruction_after_as_of": ("批示日期 {date} 晚于 {as_of}（--as-of，默认今天）：这次批示在该日之前不计分"
                                      "（{points}分）；请核对批示日期",
                                      "批示 date {date} is after {as_of} (--as-of, default today): it scores nothing "
                                      "before that day ({points} points); check the date of the 批示"),
    "traps.instruction_before_submission": ("批示日期 {date} 早于本稿报送日期 {submitted}：这次批示（{points}分）将计入 "
                                            "{year}年{month}月，而不是报送之后；请核对批示日期",
                                            "批示 date {date} is before this item was submitted ({submitted}): it "
                                            "({points} points) counts in {year}-{month:02d}, not after the submission; "
                                            "check the date of the 批示"),
    "traps.instruction_before_approval": ("批示日期 {date} 早于本稿签发（审核通过）日期 {approved}：稿件在签发前即已报送领导"
                                          "（{points}分）；请核对日期，确认已按程序审核",
                                          "批示 date {date} is before this item was approved ({approved}): it reached a "
                                          "leader before sign-off ({points} points); check the dates and that the "
                                          "review was followed"),
    "traps.plan_unapproved": ("本稿尚未审核通过：计划选题“{topic}”（{key}，时间节点 {end}）不算完成，已逾期；请尽快完成审核",
                              "this item is not approved: plan item '{topic}' ({key}, due {end}) is not covered and "
                              "is overdue; finish the review"),
    "traps.plan_late": ("计划选题“{topic}”（{key}）的时间节点是 {end}，本稿 {approved} 才审核通过：逾期完成；请核对 plan "
                        "是否选错，或在计划中调整时间节点",
                        "plan item '{topic}' ({key}) was due {end}; this item was approved only on {approved}: covered "
                        "late; check that plan names the right item, or move the time node in the plan"),
    "traps.prize_unapproved": ("获奖稿件 {submission} 尚未审核通过：“{grade}”不计分（{points}分）；请先完成审核，或核对稿件路径",
                               "the prize-winning item {submission} is not approved: '{grade}' scores nothing "
                               "({points} points); finish its review, or check the path"),
    "traps.no_head": ("单位“{name}”（{id}）没有负责人（head）：其稿件的“{stages}”无人能审核，永远不能通过；"
                      "请在 units.yaml 中填写 head",
                      "unit '{name}' ({id}) has no head: no one can approve its items at '{stages}', so they can "
                      "never pass; fill in head in units.yaml"),
    "traps.no_head_no_stage": ("单位“{name}”（{id}）没有负责人（head）：其稿件无人负责审核；请在 units.yaml 中填写 head",
                               "unit '{name}' ({id}) has no head: no one answers for reviewing its items; fill in "
                               "head in units.yaml"),
    "traps.no_liaison": ("单位“{name}”（{id}）没有信息员（liaisons）：无人负责报送稿件和接收约稿；请在 units.yaml 中填写 liaisons",
                         "unit '{name}' ({id}) has no liaisons: no one submits its items or receives 约稿; fill in "
                         "liaisons in units.yaml"),
    "traps.no_email": ("人员“{name}”（{id}）没有邮箱（emails）：其 git 提交无法对应到本人，报送和审核都不算数；"
                       "请在 units.yaml 中填写 emails",
                       "person '{name}' ({id}) has no emails: their git commits cannot be matched to them, so their "
                       "submissions and approvals do not count; fill in emails in units.yaml"),
    # ---- activities.py, history.py
    "plan.unit_file": ("这份计划属于单位“{unit}”，但文件名是 {stem}.yaml；请把文件改名为 plans/{year}/{unit}.yaml",
                       "this plan is for unit '{unit}' but the file is named {stem}.yaml; rename the file to "
                       "plans/{year}/{unit}.yaml"),
    "plan.year_folder": ("年份 {value} 与目录 plans/{year}/ 不符", "year {value} does not match the folder plans/{year}/"),
    "plan.duplicate_item": ("计划选题标识“{id}”重复", "duplicate plan item id '{id}'"),
    "opinion.reply_not_office": ("回复由 {name} 在 {commit} 中登记为已发布，但此人不是办公室人员；只有办公室（角色 office）统一发布回复",
                                 "the reply was recorded as posted by {name} in {commit}, who is not in the office; "
                                 "only the office (role office) posts replies (统一回复)"),
    "opinion.reply_unapproved": ("已登记为已回复，但拟回复内容尚未审核通过",
                                 "recorded as replied, but the drafted reply has not passed review"),
    "interview.approved_only_on": ("{day} 才审批", "only on {day}"),
    "interview.never_approved": ("从未审批", "never"),
    "interview.unapproved": ("{day} 的采访未经审批即接受（{when}）；对媒体采访实行登记、审批",
                             "the interview of {day} was held without approval (approved {when}); 对媒体采访实行登记、审批"),
    "history.shallow": ("仓库是浅克隆：截断之前的提交缺失，报送时间和审核可能有误；请获取完整历史（git fetch --unshallow）",
                        "the repository is a shallow clone: commits before the cut are missing, so submitted_at and "
                        "approvals may be wrong; fetch the full history (git fetch --unshallow)"),
    "history.no_git": ("未安装 git：不读取历史，没有稿件通过审核", "git is not installed: no history is read, nothing is approved"),
    "history.not_a_repo": ("{repo} 不是 git 仓库：不读取历史，因此没有稿件通过审核，也不计分",
                           "{repo} is not a git repository: no history is read, so nothing is approved and nothing "
                           "scores"),
    "history.cannot_read": ("无法读取 {repo} 的 git 历史：{detail}", "cannot read git history in {repo}: {detail}"),
    # ---- build, serve, demo
    "site.built": ("已生成 {pages} 个页面（{articles} 篇稿件，{size} MB），用时 {seconds} 秒：{out}",
                   "built {pages} pages ({articles} articles, {size} MB) in {seconds} s: {out}"),
    "site.open": ("用浏览器打开 {index}，或用任意 Web 服务器发布目录 {out}",
                  "open {index} in a browser, or serve the folder {out} with any web server"),
    "site.rebuilt": ("已重新生成；页面将刷新", "rebuilt; pages reload"),
    "site.rebuild_failed": ("重新生成失败，仍在提供之前的网站：\n{text}", "rebuild failed, still serving the previous site:\n{text}"),
    "site.serving": ("正在提供 http://127.0.0.1:{port}/（按 Ctrl+C 停止）；每次修改后重新生成",
                     "serving http://127.0.0.1:{port}/ (Ctrl+C to stop); rebuilding on every change"),
    "site.stopped": ("已停止", "stopped"),
    "demo.bad_end": ("“{text}”不是日期；例如 --end 2026-10-31", "'{text}' is not a date; e.g. --end 2026-10-31"),
    "demo.too_few": ("{people} 人不够 {units} 个单位：至少 {minimum} 人", "{people} is too few for {units} units: at least {minimum}"),
    "demo.out_exists": ("--out {out}：已存在且不为空；请换一个新目录", "--out {out}: exists and is not empty; choose a new folder"),
    "demo.created": ("已生成 {path}：{submissions} 篇稿件，{solicitations} 份约稿，{evidence} 个佐证文件，{units} 个单位，{people} 人，{commits} 个提交，用时 {seconds} 秒",
                     "created {path}: {submissions} submissions, {solicitations} solicitations, {evidence} evidence "
                     "files, {units} units, {people} people, {commits} commits in {seconds} s"),
    "demo.try": ("试试：bulletin check --repo {path}", "try: bulletin check --repo {path}"),
    "demo.units": ("--units 至少为 2", "--units must be at least 2"),
    "demo.people": ("--people {people} 人不够 {units} 个单位：至少 {minimum} 人（1 名主要领导、{leaders} 名分管领导、3 名办公室人员，每个单位 1 名负责人和 1 名信息员）",
                    "--people {people} is too few for {units} units: at least {minimum} (a chief, {leaders} leaders, "
                    "3 office staff, and a head and a liaison per unit)"),
    "demo.submissions": ("--submissions 至少为 1", "--submissions must be at least 1"),
    "demo.git_failed": ("git {what} 失败：{detail}", "git {what} failed: {detail}"),
    "demo.exists": ("{out} 已存在且不为空；请为模拟实例换一个新目录", "{out} exists and is not empty; choose a new folder for the demo instance"),
    "build.reading": ("读取历史并审核稿件", "reading history and reviewing submissions"),
    "build.rendering": ("生成页面（{articles} 篇稿件）", "rendering pages ({articles} articles)"),
    "build.pages_kept": ("其中 {kept} 个页面的内容与上次相同，沿用上次生成的页面",
                         "{kept} pages are made from the same content as last time: kept as they were"),
    "build.mkdocs_changed": ("用 mkdocs 构建网站（{files} 个文件中有 {changed} 个有变化）",
                             "building the site with mkdocs ({changed} of {files} files changed)"),
    "build.mkdocs": ("用 mkdocs 构建网站", "building the site with mkdocs"),
    "build.engine_changed": ("用 {engine} 构建网站（{files} 个文件中有 {changed} 个有变化）",
                             "building the site with {engine} ({changed} of {files} files changed)"),
    "build.engine": ("用 {engine} 构建网站", "building the site with {engine}"),
    "site.engine_missing": ("网站引擎 {engine} 没有安装（缺少 Python 包 {package}）：运行 make site 安装它，"
                            "或在 mkdocs.yml 中删去 engine 一项（改用 mkdocs）",
                            "the site engine {engine} is not installed (no Python package {package}): run make site "
                            "to install it, or remove 'engine' from mkdocs.yml (to use mkdocs)"),
    "site.engine_setting": ("engine 应为 {engines} 之一（生成网站的程序，见 docs/site-engine.md），不能是“{value}”；"
                            "改正或删去这一项",
                            "'engine' must be one of {engines} (the program that builds the site; see "
                            "docs/site-engine.md), not '{value}'; correct or remove it"),
    "site.engine_unknown": ("没有名为“{engine}”的网站引擎；可选：{engines}",
                            "there is no site engine '{engine}'; choose one of: {engines}"),
    "site.engine_timeout": ("网站引擎 {engine} 运行超过 {seconds} 秒，已停止；这次没有生成网站，仍在使用上一次生成的网站。"
                            "如确需更长时间，用环境变量 {setting} 设定时限（秒）",
                            "the site engine {engine} ran longer than {seconds} s and was stopped; no site was "
                            "built and the previous one is still served. Set {setting} (seconds) to allow longer"),
    "site.engine_failed": ("网站引擎 {engine} 构建失败（退出码 {code}）；这次没有生成网站，仍在使用上一次生成的网站。"
                           "引擎的说明：\n{detail}",
                           "the site engine {engine} failed (exit code {code}); no site was built and the "
                           "previous one is still served. What the engine said:\n{detail}"),
    "build.indexing": ("建立搜索索引（Pagefind）", "indexing for search (Pagefind)"),
    "site.mkdocs_unreadable": ("mkdocs.yml：无法读取：{detail}", "mkdocs.yml: cannot read it: {detail}"),
    "site.search_failed": ("建立搜索索引失败：{detail}", "search indexing failed: {detail}"),
    "site.mkdocs_failed": ("mkdocs 构建失败：{detail}", "mkdocs build failed: {detail}"),
    "record.newline_in_name": ("文件名中有换行符：审核提交的 'Approve:' 行写不出这个路径，这份记录永远无法通过审核；"
                               "请用 git mv 改成不含换行的文件名",
                               "the file name holds a line break: an approval's 'Approve:' line cannot name this "
                               "path, so the record can never be approved; rename it without the line break "
                               "(git mv)"),
    "build.out_is_repo": ("--out {out}：这是实例仓库本身或包含它的文件夹，生成网站会替换掉它；请另选一个文件夹，例如 --out site",
                          "--out {out}: this is the instance's repository or a folder that holds it, and building "
                          "the site would replace it; choose another folder, e.g. --out site"),
    "build.out_foreign_link": ("--out {out}：这是指向 {target} 的链接，不是 bulletin 生成的网站（bulletin 生成的是指向 "
                               "{releases}/ 的链接）；为免误删数据，不予替换：请另选一个 --out，或自行移走它",
                               "--out {out}: this is a link to {target}, not a site bulletin built (bulletin builds a "
                               "link into {releases}/); to lose no data it is not replaced: choose another --out, "
                               "or move it away yourself"),
    "build.out_foreign_dir": ("--out {out}：文件夹已存在且不是 bulletin 生成的网站（bulletin 生成的是指向 {releases}/ "
                              "的链接）；为免误删数据，不移动也不删除它：请另选一个 --out，或自行移走这个文件夹",
                              "--out {out}: the folder exists and is not a site bulletin built (bulletin builds a "
                              "link into {releases}/); to lose no data it is neither moved nor deleted: choose "
                              "another --out, or move the folder away yourself"),
    "build.out_is_file": ("--out {out}：这是一个文件，不是 bulletin 生成的网站；为免误删数据，不予替换：请另选一个 --out",
                          "--out {out}: this is a file, not a site bulletin built; to lose no data it is not "
                          "replaced: choose another --out"),
    "build.releases_foreign": ("{releases}：不是 bulletin 的发布文件夹；为免误删数据，不予使用：请另选一个 --out",
                               "{releases}: not a releases folder of bulletin; to lose no data it is not used: "
                               "choose another --out"),
    "build.releases_strangers": ("{releases}：文件夹里有不是 bulletin 生成的内容（{names}），bulletin 会清理旧的发布，"
                                 "为免误删数据，不予使用：请另选一个 --out",
                                 "{releases}: the folder holds things bulletin did not make ({names}), and bulletin "
                                 "cleans old releases away; to lose no data it is not used: choose another --out"),
    "build.releases_cannot_create": ("{releases}：无法创建发布文件夹（{reason}）",
                                     "{releases}: cannot create the releases folder ({reason})"),
    "build.no_editor": ("网页编辑（admin/）未生成：Decap CMS 没有安装（运行 make site 安装）",
                        "web editing (admin/) left out: Decap CMS is not installed (run make site)"),
    "editor.no_server": ("网页编辑的本地服务（decap-server）没有安装：请在 bulletin 的目录里运行 make site"
                         "（或 bash scripts/dev.sh site）完成安装",
                         "the web editor's local server (decap-server) is not installed: run make site "
                         "(or bash scripts/dev.sh site) in bulletin's folder to install it"),
    "doc.pdf_timeout": ("LibreOffice 在 {seconds} 秒内没有完成 PDF 转换", "LibreOffice did not finish converting within {seconds} s"),
    "doc.pdf_failed": ("LibreOffice 无法把文档转换为 PDF：{detail}", "LibreOffice could not convert the document: {detail}"),
    "remind.no_email": ("{name}（{id}）在 units.yaml 中没有登记邮箱", "{name} ({id}) has no e-mail address in units.yaml"),
    "remind.bad_email": ("{name}（{id}）的邮箱“{email}”无法使用：{detail}",
                         "the e-mail address '{email}' of {name} ({id}) cannot be used: {detail}"),
    "site.leaks": ("网站会从外部加载文件：\n  {files}", "the site would load files from outside itself:\n  {files}"),
    "rec.git_failed": ("git {what} 在 {cwd} 中失败：{detail}", "git {what} failed in {cwd}: {detail}"),
    "rec.config_invalid": ("提交 {commit} 中的配置有误：\n{problems}", "the configuration at commit {commit} is invalid:\n{problems}"),
    "sig.cannot_verify": ("无法在 {repo} 中核验签名：{detail}", "cannot verify signatures in {repo}: {detail}"),
    "type.text": ("文本", "text"),
    "type.id": ("标识（id）", "an id"),
    "type.ref": ("{what}标识", "a {what} id"),
    "type.one_of": (lambda p: " / ".join(p["choices"].split("、")) + " 之一", "one of {choices}"),
    "type.bool": ("true 或 false", "true or false"),
    "type.number": ("数字", "a number"),
    "type.integer": ("整数", "a whole number"),
    "type.date": ("日期", "a date"),
    "type.datetime": ("日期时间", "a date and time"),
    "type.month": ("月份（YYYY-MM）或日期", "a month (YYYY-MM) or a date"),
    "type.list_of_entries": ("列表（每项以“- ”开头）", "a list of entries, each starting with '- '"),
    "type.list_of": ("{item}列表", "a list of {item}"),
    "type.mapping_of": ("{value}的映射", "a mapping of {value}"),
    "type.or": ("{a}或{b}", "{a} or {b}"),
    # ---- the command layer
    "cli.check_summary": ("已检查 {files} 个文件：{errors} 个错误，{warnings} 个警告",
                          lambda p: f"{_plural(p['files'], 'file', 'files')} checked: "
                                    f"{_plural(p['errors'], 'error', 'errors')}, "
                                    f"{_plural(p['warnings'], 'warning', 'warnings')}"),
    "cli.left_out": (lambda p: f"{p['path']}：未计入：{p['first']}"
                               + (f"（另有 {p['more']} 个问题）" if p['more'] else ""),
                     lambda p: f"{p['path']}: left out: {p['first']}"
                               + (f" (and {p['more']} more problems)" if p['more'] else "")),
    "cli.invalid": ("格式有误", "invalid"),
    "cli.stopped_config": ("bulletin：已停止：请先修正上面的配置错误", "bulletin: stopped: fix the configuration errors above first"),
    "cli.error": ("bulletin：错误：{text}", "bulletin: error: {text}"),
    "cli.warning": ("bulletin：警告：{text}", "bulletin: warning: {text}"),
    "cli.aborted": ("已取消。", "Aborted."),
    "cli.internal_error": ("bulletin：内部错误：{kind}：{text}\n这是 bulletin 的缺陷；请设置 BULLETIN_DEBUG=1 重新运行查看详情，并报告此问题。",
                           "bulletin: internal error: {kind}: {text}\n"
                           "This is a bug in bulletin; rerun with BULLETIN_DEBUG=1 for details and report it."),
    "cli.no_such_dir": ("--repo {path}：目录不存在", "--repo {path}: no such directory"),
    "cli.not_a_dir": ("--repo {path}：不是目录", "--repo {path}: not a directory"),
    "cli.no_such_path": ("{path}：文件或目录不存在", "{path}: no such file or directory"),
    "cli.outside_repo": ("{path}：不在仓库 {repo} 内", "{path}: not inside the repository {repo}"),
    "cli.bad_period": ("{text}；例如 --period 2026-Q1", "{text}; e.g. --period 2026-Q1"),
    "cli.bad_as_of": ("{text}；例如 --as-of 2026-03-31", "{text}; e.g. --as-of 2026-03-31"),
    "cli.xlsx_needs_output": ("--format xlsx 输出二进制文件：请加 --output 文件名.xlsx",
                              "--format xlsx writes a binary file: add --output FILE.xlsx"),
    "cli.cannot_write": ("无法写入 {path}：{reason}", "cannot write {path}: {reason}"),
    "cli.wrote": ("已写入 {path}", "wrote {path}"),
}

# --help texts: help.<command> and help.<command>.<option>; help.*.<option> serves every command.
HELP: dict[str, tuple[Template, Template]] = {
    "help.bulletin": ("bulletin：用 git 管理信息宣传工作。\n\n信息员用 Markdown 文件报送稿件，审核人用 git 提交审核，bulletin 负责检查稿件、为单位和个人计分、生成内网网站。详见 README.md 和 docs/。",
                      "bulletin: information-publicity work (信息宣传工作) kept in git.\n\nLiaisons commit Markdown "
                      "submissions, reviewers approve them with git commits, and bulletin checks them, scores units "
                      "and people, and builds the intranet site. See README.md and docs/."),
    "help.*.--repo": ("实例仓库。", "The instance repository."),
    "help.*.--lang": ("提示信息的语言：zh（中文，默认）或 en（英文）；默认取 BULLETIN_LANG 或 units.yaml 的 organization.language。",
                      "Language of the messages: zh (Chinese, the default) or en; default: BULLETIN_LANG or "
                      "units.yaml's organization.language."),
    "help.*.--trust": ("相信 git 身份（author）或只相信签名（signature）；优先于 units.yaml。",
                       "Believe git identities (author) or only signatures; overrides units.yaml."),
    "help.*.--allowed-signers": ("--trust signature 使用的 SSH allowed_signers 文件（须在仓库之外）。",
                                 "SSH allowed_signers file for --trust signature (outside the repository)."),
    "help.*.--trusted-committer": ("代码托管平台身份的邮箱，其合并提交可带 Approved-by/Reviewed-by 标记（可重复）；取代 units.yaml 中的名单。",
                                   "E-mail of the forge identity whose merge commits may carry Approved-by/Reviewed-by "
                                   "trailers (repeatable); replaces units.yaml's list."),
    "help.*.--format": ("输出格式。", "Output format."),
    "help.*.--as-of": ("按这一天计算数据（默认：今天）。", "Compute the figures as of this day (default: today)."),
    "help.check": ("检查 units.yaml、scoring.yaml、约稿和稿件。\n\n每个问题输出为 路径:行:列: error|warning: 说明。指定 PATH 时只报告这些文件（和配置）的问题。有错误时退出码为 1。",
                   "Validate units.yaml, scoring.yaml, solicitations and submissions.\n\nPrints every problem as "
                   "path:line:col: error|warning: message. With PATHs, only those files (and the configuration) are "
                   "reported. Exit 1 on any error."),
    "help.check.--as-of": ("检查日期所依据的日子（默认：今天）：晚于这一天的采用和批示会给出警告。",
                           "The day dates are checked against (default: today): later adoptions and 批示 are warned."),
    "help.check.--format": ("text：文本；gitlab：代码质量报告（JSON）；github：工作流命令注释（GitHub、Gitea 和 Forgejo Actions）。",
                            "text; gitlab: a code-quality report (JSON); github: workflow-command annotations (GitHub, "
                            "Gitea and Forgejo Actions)."),
    "help.status": ("各稿件的审核状态：哪些环节已通过或未通过，审核是否有效、已失效或不计入，以及原因。",
                    "Review state of each submission: stages approved or missing, approvals current, stale or ignored, "
                    "and why."),
    "help.status.--pending": ("按等待的审核人或角色分组列出待审稿件。", "Group what waits by the person or role it waits for."),
    "help.status.--format": ("table：表格；json；markdown。", "table, json or markdown."),
    "help.scores": ("某一期间的单位和个人排名，以及得分明细。", "Unit and people rankings and the entries behind them for a period."),
    "help.scores.--period": ("2026-03（月）、2026-Q1（季度）、2026-H1（半年）或 2026（年）。",
                             "2026-03 (month), 2026-Q1, 2026-H1 or 2026 (year)."),
    "help.scores.--as-of": ("固定“今天”（默认：scoring.yaml 时区的今天）。",
                            "Fix 'now' (default: today in scoring.yaml's timezone)."),
    "help.scores.--format": ("table：表格；json；csv；xlsx（需 --output）。", "table, json, csv or xlsx (with --output)."),
    "help.scores.--output": ("写入文件，而不是标准输出。", "Write to FILE instead of standard output."),
    "help.build": ("生成页面并构建内网网站，原子替换 OUT。", "Generate the pages and build the intranet site, replacing OUT atomically."),
    "help.build.--engine": ("生成网站的程序（默认：mkdocs.yml 中的 engine，否则 mkdocs；见 docs/site-engine.md）。",
                            "The site engine (default: engine in mkdocs.yml, else mkdocs; see docs/site-engine.md)."),
    "help.build.--out": ("网站位置：指向 OUT.releases/ 下最新版本的链接。",
                         "Where the site goes: a link to the latest release under OUT.releases/."),
    "help.build.--lang": ("网站文字和提示信息的语言（默认：units.yaml 的 organization.language，否则中文）。",
                          "Language of the site text and the messages (default: units.yaml's organization.language, "
                          "else Chinese)."),
    "help.serve": ("构建网站并在本机提供实时预览；每次修改后重新构建并刷新。",
                   "Build the site and serve a live preview on localhost; rebuild and reload on every change."),
    "help.serve.--port": ("端口。", "Port."),
    "help.serve.--lang": ("网站文字和提示信息的语言。", "Language of the site text and the messages."),
    "help.serve.--edit": ("同时启动 Decap CMS 的本机服务（无登录，仅限本机 127.0.0.1），在 /admin/ 网页表单中编辑，"
                          "以分支和提交写入仓库。",
                          "Also start Decap CMS's local server (no login; this machine only) so /admin/ edits "
                          "the repository with branches and commits."),
    "help.serve.--edit-port": ("Decap CMS 本机服务的端口。", "Port of Decap CMS's local server."),
    "help.new": ("新建稿件：生成 submissions/YYYY/MM/<文件名>.md，并填好头部信息。\n\n没有用选项给出的内容会逐项询问（--no-input 时不问）；回答有误时重新询问，已答内容保留。作者和默认单位取自当前 git 身份在 units.yaml 中的登记。不会覆盖已有文件。",
                 "Scaffold a submission: submissions/YYYY/MM/<slug>.md with a filled front-matter.\n\nAsks for what "
                 "is not given as an option (unless --no-input), again after a wrong answer, keeping the earlier "
                 "ones. The author and the default unit come from the current git identity in units.yaml. Never "
                 "overwrites a file."),
    "help.new.--title": ("稿件标题。", "The article's headline (标题)."),
    "help.new.--unit": ("单位标识或名称（默认：units.yaml 中您所在的单位）。", "Unit id or name (default: your unit in units.yaml)."),
    "help.new.--category": ("scoring.yaml 中的类别标识或名称（如 gov_info 或 政务信息）。",
                            "Category id or name from scoring.yaml (e.g. gov_info or 政务信息)."),
    "help.new.--urgent": ("是否为突发事件紧急信息。", "An emergency report (突发事件紧急信息)?"),
    "help.new.--event-date": ("事发日期（紧急信息）。", "The event's day (urgent reports)."),
    "help.new.--solicitation": ("回应的约稿编号，如 2026-007；“-”表示不回应。",
                                "The solicitation (约稿) this answers, e.g. 2026-007; '-' for none."),
    "help.new.--importance": ("normal：一般；major：重要信息（另需主要领导审核）。",
                              "normal, or major (a major item also needs the head of bureau)."),
    "help.new.--slug": ("文件名（不含 .md；小写字母、数字和 -）；默认：单位-月日。",
                        "File name without .md (a-z, 0-9, -); default: UNIT-MMDD."),
    "help.new.--date": ("决定存放目录 submissions/YYYY/MM 的日期（默认：今天）。",
                        "Day that decides the folder submissions/YYYY/MM (default: today)."),
    "help.new.--no-input": ("不询问：缺少必填内容时报错。", "Never ask: fail if a required value is missing."),
    "help.approve": ("以当前 git 身份写入审核提交（Approve: 路径 标记）。\n\n当前身份不是每个 PATH 待审环节的审核人、是作者、或稿件有错误或未提交时，拒绝并说明原因。审核提交记录的是 HEAD 的内容：暂存或修改的内容不包括在内。",
                     "Write an approval commit (Approve: PATH trailers) for the current git identity.\n\nRefuses, "
                     "with the reason, when the identity is not eligible for a pending stage of every PATH, is an "
                     "author, or an item is invalid or not committed. The commit records HEAD's tree: nothing staged "
                     "or changed is included."),
    "help.approve.--stage": ("只审核这个环节（标识或名称，如 unit、office、leader）。",
                             "Approve only this stage (id or name, e.g. unit, office, leader)."),
    "help.approve.--sign": ("用 git 的 SSH 签名为审核提交签名（默认：git 的 commit.gpgSign）。",
                            "Sign the approval commit with git's SSH signing (default: git's commit.gpgSign)."),
    "help.approve.--allowed-signers": ("用这个 allowed_signers 文件核验新签名。",
                                       "Check the new signature against this allowed_signers file."),
    "help.demo": ("生成一个逼真的模拟实例：一个有多年历史的 git 仓库。\n\n包括单位、人员、中文稿件、审核提交和合并、带佐证的采用、批示、约稿，以及部分已失效、待审和草稿稿件。用 git fast-import 写入：两万篇稿件只需几秒。",
                  "Create a realistic synthetic instance: a git repository with years of history.\n\nUnits, people, "
                  "Chinese submissions, approval commits and forge merges, adoptions with evidence, 批示, "
                  "solicitations, and some stale, pending and draft items. Written with git fast-import: 20,000 "
                  "submissions take seconds."),
    "help.demo.--out": ("新实例的目录（不能存在，或为空）。", "Folder for the new instance (must not exist, or be empty)."),
    "help.demo.--units": ("单位数。", "Number of units."),
    "help.demo.--people": ("人数（默认：每个单位约 3.3 人，且不少于各单位所需）。",
                           "Number of people (default: about 3.3 a unit, and at least what the units need)."),
    "help.demo.--submissions": ("稿件数（含约稿回应和草稿）。", "Number of submissions, solicitation answers and drafts included."),
    "help.demo.--years": ("历史年数，截至 --end。", "Years of history, ending on --end."),
    "help.demo.--seed": ("相同的种子生成相同的仓库（提交标识也相同）。", "Same seed, same repository (commit ids too)."),
    "help.demo.--end": ("历史的最后一天。", "The last day of the history."),
    "help.issue": ("把 PERIOD 的通报固定为 bulletins/PERIOD.json，作为不再改变的正式记录。\n\n数据按某个提交（默认 HEAD）计算，不含未提交的文件。已印发的通报不会被覆盖：--supersede --reason 印发更正后的通报。仓库现在给出的、与此前通报不同的数据作为更正写入本期通报。不会自动提交。",
                   "Freeze the bulletin (通报) of PERIOD into bulletins/PERIOD.json, a record that never changes."
                   "\n\nThe figures are computed from a commit (HEAD by default), not from uncommitted files. An "
                   "issued bulletin is never overwritten: --supersede --reason issues a corrected one. Figures of "
                   "earlier bulletins that the repository now gives differently are carried in this one as "
                   "corrections (更正). Nothing is committed."),
    "help.issue.--number": ("文号，如 武住建办〔2026〕12号（默认：上一期文号的下一号）。",
                            "The document number, e.g. 武住建办〔2026〕12号 (default: the next after the last issued)."),
    "help.issue.--date": ("印发日期（默认：今天）。", "Issue date (default: today)."),
    "help.issue.--as-of": ("按这一天计算数据（默认：今天），须在期末或之后。",
                           "Compute the figures as of this day (default: today); on or after the period's end."),
    "help.issue.--commit": ("按这个提交计算（补录过去印发的通报时使用）。",
                            "Compute from this commit (to put on record a bulletin issued in the past)."),
    "help.issue.--issuer": ("发文机关（默认：本机关办公室）。", "发文机关 (default: the organization's 办公室)."),
    "help.issue.--supersede": ("印发更正后的通报；原通报保留并标记为已作废。",
                               "Issue a corrected bulletin; the old one is kept, marked superseded."),
    "help.issue.--reason": ("作废原通报的原因（使用 --supersede 时必填）。", "Why the bulletin is superseded (required with --supersede)."),
    "help.issue.--dry-run": ("只计算和显示，只写入要求的 --docx/--xlsx/--pdf。",
                             "Compute and show, and write only the --docx/--xlsx/--pdf asked for."),
    "help.issue.--docx": ("同时把正式公文（DOCX）写入文件。", "Also write the official document (DOCX) to FILE."),
    "help.issue.--xlsx": ("同时把排名表（XLSX）写入文件。", "Also write the ranking workbook (XLSX) to FILE."),
    "help.issue.--pdf": ("同时写入 PDF（需要 LibreOffice）。", "Also write a PDF (needs LibreOffice) to FILE."),
    "help.issued": ("列出已印发的通报（并检查每份记录）；有记录损坏时退出码为 1。",
                    "List the issued bulletins (checking every record); exit 1 if a record is broken."),
    "help.issued.--corrections": ("同时列出仓库现在给出的不同数据。", "Also list the figures the repository now gives differently."),
    "help.issued.--format": ("text：文本；json。", "text or json."),
    "help.document": ("根据记录写出已印发通报的正式文件（DOCX、XLSX、PDF）。",
                      "Write the official documents (DOCX, XLSX, PDF) of an issued bulletin, from its record."),
    "help.document.--revision": ("已作废的某一版本（默认：现行版本）。", "A superseded revision (default: the one in force)."),
    "help.document.--docx": ("把正式公文（DOCX）写入文件。", "Write the official document (DOCX) to FILE."),
    "help.document.--xlsx": ("把排名表（XLSX）写入文件。", "Write the ranking workbook (XLSX) to FILE."),
    "help.document.--pdf": ("把 PDF 写入文件（需要 LibreOffice）。", "Write a PDF (needs LibreOffice) to FILE."),
    "help.learning": ("学习强国：导入平台的月度导出数据并显示各项指标。\n\n目标（scoring.yaml 的 learning:）：注册率 100%，日均登录率 95%，科级干部（units.yaml 中 cadre: true）年度积分 5000 分，按月折算。见 docs/learning.md。",
                      "学习强国: import the platform's monthly export and show the figures.\n\nTargets (scoring.yaml "
                      "learning:): registration rate 100%, average daily log-in rate 95%, and 5,000 points a year for "
                      "each section-level cadre (cadre: true in units.yaml), pro rata by month. See docs/learning.md."),
    "help.learning.import": ("把管理员导出的文件 FILE（UTF-8 或 GBK 编码的 CSV，或 XLSX）读入 learning/YYYY/YYYY-MM.yaml。\n\n姓名与 units.yaml 中的人员对应；写法不同的姓名登记在 learning/aliases.yaml。有任何错误时不写入任何文件。不会自动提交。",
                             "Read the administrator export FILE (CSV in UTF-8 or GBK, or XLSX) into "
                             "learning/YYYY/YYYY-MM.yaml.\n\nNames are matched to people of units.yaml; names that "
                             "differ go in learning/aliases.yaml. On any error nothing is written. Nothing is "
                             "committed."),
    "help.learning.import.--month": ("导出数据所属的月份。", "The month the export covers."),
    "help.learning.import.--aliases": ("姓名到人员标识的对应表（默认：仓库中的 learning/aliases.yaml）。",
                                       "Name -> person id mapping (default: learning/aliases.yaml in the repository)."),
    "help.learning.import.--replace": ("如果该月已导入，替换该月的文件。", "Replace the month's file if it was imported before."),
    "help.learning.import.--date": ("写入文件的导入日期（默认：今天）。", "The import date recorded in the file (default: today)."),
    "help.learning.show": ("某月的注册率、日均登录率和科级干部积分，按单位和全局汇总。",
                           "The month's registration rate, daily log-in rate and cadres' points, per unit and for the "
                           "bureau."),
    "help.learning.show.--month": ("月份（2026-10）或更长的期间（2026-Q3、2026-H2、2026）。",
                                   "A month (2026-10) or a longer period (2026-Q3, 2026-H2, 2026)."),
    "help.learning.show.--format": ("table：表格；json。", "table or json."),
    "help.return": ("退回修改：写入带 Return: 路径 标记和退回理由的提交。",
                    "Return items for revision (退回修改): a commit with Return: PATH trailers and the reason."),
    "help.return.--reason": ("退回理由（写入提交说明正文）。",
                             "Why the item goes back to its author (退回理由); becomes the commit message's body."),
    "help.return.--sign": ("用 git 的 SSH 签名为退回提交签名（默认：git 的 commit.gpgSign）。",
                           "Sign the return commit with git's SSH signing (default: git's commit.gpgSign)."),
    "help.remind": ("用电子邮件提醒每个人的待办；逾期事项升级；发送督办通知。",
                    "E-mail each person what waits for them; escalate overdue items; send 督办 notices."),
    "help.remind.--dry-run": ("只显示将要发送的邮件，不发送。", "Print the messages that would go; send nothing."),
    "help.remind.--smtp-host": ("SMTP 服务器 [BULLETIN_SMTP_HOST]。", "SMTP server [BULLETIN_SMTP_HOST]."),
    "help.remind.--smtp-port": ("SMTP 端口（默认：starttls 为 587，ssl 为 465，不加密为 25）[BULLETIN_SMTP_PORT]。",
                                "SMTP port (default: 587 with starttls, 465 with ssl, 25 without) [BULLETIN_SMTP_PORT]."),
    "help.remind.--sender": ("发件人地址 [BULLETIN_SMTP_SENDER]。", "The From address [BULLETIN_SMTP_SENDER]."),
    "help.remind.--tls": ("TLS：STARTTLS、直接 TLS 或不加密 [BULLETIN_SMTP_TLS]。",
                          "TLS: STARTTLS, implicit TLS or none [BULLETIN_SMTP_TLS]."),
    "help.remind.--smtp-user": ("登录名 [BULLETIN_SMTP_USER]。", "Log-in name [BULLETIN_SMTP_USER]."),
    "help.remind.--smtp-password": ("密码；最好用环境变量 BULLETIN_SMTP_PASSWORD。",
                                    "Password; prefer the environment variable BULLETIN_SMTP_PASSWORD."),
    "help.remind.--sent-log": ("已发送邮件的 JSON 行日志（在仓库之外）；当天已记录的不再发送 [BULLETIN_SENT_LOG]。",
                               "JSON-lines log of accepted messages, outside the repository; what it holds for the "
                               "day is not sent again [BULLETIN_SENT_LOG]."),
    "help.remind.--site-url": ("网站地址，用于链接每个人的“我的待办”页面 [BULLETIN_SITE_URL]。",
                               "The site's address, to link each person's 我的待办 page [BULLETIN_SITE_URL]."),
}
CATALOGUE.update(HELP)

# English terms (record types, kinds of ids, fields' help, hints) and their Chinese.
TERMS: dict[str, str] = {
    # record types and sections
    "a submission": "稿件", "a solicitation": "约稿通知", "an adoption": "采用记录",
    "a 批示 (instruction)": "领导批示", "a person": "人员", "a unit": "单位", "a review stage": "审核环节",
    "units.yaml": "units.yaml", "scoring.yaml": "scoring.yaml", "organization": "organization（机关）",
    "review": "review（审核）", "a level": "级别", "a category": "类别", "an outlet": "采用媒体",
    "solicitation": "约稿", "targets": "targets（目标）", "a target": "目标", "opinions": "opinions（舆情）",
    "learning": "learning（学习强国）", "awards": "awards（评优）", "a result": "获奖结果",
    "a media interview": "媒体采访", "a plan item": "计划选题", "a publicity plan": "宣传计划",
    "a public-opinion report (舆情)": "舆情报告", "a research competition (调研论文评比)": "调研论文评比",
    "a person's 学习强国 figures": "个人学习强国数据", "a 学习强国 monthly file": "学习强国月度文件",
    # kinds of ids
    "unit": "单位", "person": "人员", "outlet": "采用媒体", "level": "级别", "category": "类别",
    "plan item": "计划选题", "submission": "稿件", "award grade": "奖项等级", "grade": "奖项等级",
    "plan": "计划选题", "role": "角色", "stage": "审核环节",
    # what safety.py finds
    "a <script> tag": "<script> 标签", "an on…= event handler attribute": "on…= 事件处理属性",
    "a javascript: link": "javascript: 链接", "a data:text/html link": "data:text/html 链接",
    "an embedded-content tag (iframe, object, embed, form...)": "嵌入内容标签（iframe、object、embed、form 等）",
    # record.py's field descriptions
    "a period such as 2026-03": "期间，如 2026-03", "a whole number (1 for the first issue)": "整数（首次印发为 1）",
    "the 文号 as text, e.g. 武住建办〔2026〕12号": "文号文本，如 武住建办〔2026〕12号",
    "a 40-digit commit id": "40 位提交标识", "an object with name and short_name": "含 name 和 short_name 的对象",
    "a date YYYY-MM-DD": "日期 YYYY-MM-DD", "SPEC 7's scores object": "SPEC 7 的 scores 对象", "a list": "列表",
    "an id": "标识", "text": "文本", "true or false": "true 或 false", "a whole number": "整数", "a number": "数字",
    "an object": "对象",
    "log-in days (登录天数)": "登录天数", "year points (年度积分)": "年度积分",
    "writing history": "写入历史", "checking out the working tree": "检出工作区", "planning": "规划",
    # fields' help
    "the article's headline": "稿件标题",
    "the id of your unit in units.yaml": "units.yaml 中本单位的标识或名称",
    "a category id from scoring.yaml": "scoring.yaml 中的类别标识或名称",
    "the notice's headline": "通知标题",
    "the day the notice was issued, as YYYY-MM-DD": "通知印发日期，写成 YYYY-MM-DD",
    "what the post is about, in one line": "帖文内容，一句话概括",
    "where the post appeared, e.g. 化龙巷论坛": "帖文出处，如 化龙巷论坛",
    "when it was found, as YYYY-MM-DD HH:MM": "发现时间，写成 YYYY-MM-DD HH:MM",
    "the interview's topic": "采访主题",
    "the newspaper, TV station or site, e.g. 常州日报": "报社、电视台或网站，如 常州日报",
    "the day of the interview": "采访日期",
    "the time node: a month (2026-03) or a date": "时间节点：月份（2026-03）或日期",
    "the day results were announced; points are dated then": "结果公布日期；积分计入该日",
    # hints after an invalid value
    "use lower-case letters, digits, '-' and '_'": "只能用小写字母、数字、“-”和“_”",
    "write a full http(s):// link": "请写完整的 http(s):// 链接",
    "write an e-mail address such as name@example.gov.cn": "请写电子邮箱地址，如 name@example.gov.cn",
    "write the month as \"2026-10\"": "月份请写成 \"2026-10\"",
    "write 'all' or a list of unit ids": "请写 all 或单位标识列表",
}

# click's own messages (its gettext message ids), so that usage errors and help speak the run's language.
CLICK_ZH: dict[str, str] = {
    "Usage:": "用法:",
    "[OPTIONS]": "[选项]",
    "Options": "选项",
    "Commands": "命令",
    "Positional arguments": "参数",
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "运行“{command} {option}”查看帮助。",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值无效：{message}",
    "Invalid value: {message}": "值无效：{message}",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing command.": "缺少命令。",
    "Missing {param_type}": "缺少{param_type}",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "No such command {name!r}.": "没有“{name}”这个命令。",
    "No such option {name!r}.": "没有“{name}”这个选项。",
    "Option {name!r} does not take a value.": "选项“{name}”不接受值。",
    "Option {name!r} requires an argument.": "选项“{name}”需要一个值。",
    "Option {name!r} requires {nargs} arguments.": "选项“{name}”需要 {nargs} 个值。",
    "Got unexpected extra argument ({args})": "多余的参数（{args}）",
    "Got unexpected extra arguments ({args})": "多余的参数（{args}）",
    "Did you mean {possibility}?": "是否指 {possibility}？",
    "(Did you mean one of: {possibilities}?)": "（是否指以下之一：{possibilities}？）",
    "{value!r} is not {choice}.": "“{value}”不是 {choice}。",
    "{value!r} is not one of {choices}.": "“{value}”不是 {choices} 之一。",
    "{value!r} is not a valid {number_type}.": "“{value}”不是有效的{number_type}。",
    "{value} is not in the range {range}.": "{value} 不在范围 {range} 内。",
    "{value!r} is not a valid boolean. Recognized values: {states}": "“{value}”不是有效的布尔值。可用的值：{states}",
    "{name} {filename!r} does not exist.": "{name}“{filename}”不存在。",
    "{name} {filename!r} is a file.": "{name}“{filename}”是文件。",
    "{name} {filename!r} is a directory.": "{name}“{filename}”是目录。",
    "{name} {filename!r} is not readable.": "{name}“{filename}”不可读。",
    "{name} {filename!r} is not writable.": "{name}“{filename}”不可写。",
    "{name} {filename!r} is not executable.": "{name}“{filename}”不可执行。",
    "Could not open file {filename!r}: {message}": "无法打开文件“{filename}”：{message}",
    "file": "文件",
    "directory": "目录",
    "path": "路径",
    "integer": "整数",
    "float": "数字",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本并退出。",
    "%(prog)s, version %(version)s": "%(prog)s，版本 %(version)s",
    "default: {default}": "默认：{default}",
    "required": "必填",
    "env var: {var}": "环境变量：{var}",
    "Aborted!": "已取消！",
    "Choose from:\n\t{choices}": "可选：\n\t{choices}",
    "Error: invalid input": "错误：输入无效",
    "Error: The two entered values do not match.": "错误：两次输入不一致。",
    "Repeat for confirmation": "再次输入以确认",
    "Takes {nargs} values but 1 was given.": "需要 {nargs} 个值，只给了 1 个。",
    "Takes {nargs} values but {len} were given.": "需要 {nargs} 个值，给了 {len} 个。",
}


def click_gettext(message: str) -> str:
    if get_lang() == "zh":
        return CLICK_ZH.get(message, message)
    return message


def click_ngettext(singular: str, plural: str, n: int) -> str:
    return click_gettext(singular if n == 1 else plural)


def localize_click() -> None:
    """Route click's gettext calls through :data:`CLICK_ZH` (idempotent)."""
    for name in ("core", "exceptions", "formatting", "parser", "types", "decorators", "termui", "utils"):
        try:
            module = importlib.import_module(f"click.{name}")
        except ImportError:  # pragma: no cover - a click without that module
            continue
        if hasattr(module, "_"):
            module._ = click_gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = click_ngettext  # type: ignore[attr-defined]

    # click names its number types in English inside its messages ("is not a valid integer").
    zh = get_lang() == "zh"
    click.INT.name = "整数" if zh else "integer"
    click.FLOAT.name = "数字" if zh else "float"
