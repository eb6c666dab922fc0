"""Chinese first: every command speaks Chinese by default and English with --lang en; names in
front-matter; full-width colons, full-width spaces and tabs; `bulletin new` asks again.

Each test runs the real `bulletin` command on a real git repository (checkkit's small instance).
"""
from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest
from checkkit import (
    BULLETIN,
    SUBMISSION_MD,
    SUBMISSION_PATH,
    Result,
    commit_all,
    init_repo,
    run_bulletin,
    state,
    write_base,
)

SUB = SUBMISSION_PATH
A_PATH = "submissions/2026/03/a.md"
HAN = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    path = tmp_path / "repo"
    path.mkdir()
    init_repo(path)
    write_base(path)
    commit_all(path, "Base instance")
    return path


def first_line(result: Result) -> str:
    """The first line a person sees: standard output's if there is any, else standard error's."""
    text = result.stdout if result.stdout.strip() else result.stderr
    return text.splitlines()[0] if text else ""


def edit(repo: Path, rel: str, old: str, new: str) -> None:
    path = repo / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --------------------------------------------------------------------------- every command, both languages

# (command line after `bulletin`, setup, first line in Chinese, first line in English, exit code)
CASES = [
    (["check"], "bad-unit",
     f"{SUB}:3:7: error: 未知单位“jiangguan”；是否指 jianguan（建筑管理科）？",
     f"{SUB}:3:7: error: unknown unit 'jiangguan'; did you mean 'jianguan' (建筑管理科)?", 1),
    (["check", "--format", "xml"], None,
     "错误：'--format' 的值无效：“xml”不是 'text', 'gitlab', 'github' 之一。",
     "Error: Invalid value for '--format': 'xml' is not one of 'text', 'gitlab', 'github'.", 2),
    (["status", "--format", "csv"], None,
     "错误：'--format' 的值无效：“csv”不是 'table', 'json', 'markdown' 之一。",
     "Error: Invalid value for '--format': 'csv' is not one of 'table', 'json', 'markdown'.", 2),
    (["status"], "bad-units",
     "units.yaml:6:11: error: 未知单位“jiangguan”；是否指 jianguan？",
     "units.yaml:6:11: error: unknown unit 'jiangguan'; did you mean 'jianguan'?", 1),
    (["scores"], None,
     "错误：缺少选项 '--period'。",
     "Error: Missing option '--period'.", 2),
    (["scores", "--period", "2026-Q5"], None,
     "错误：'--period' 的值无效：“2026-Q5”不是期间：季度只有 Q1 到 Q4；请写 2026-03（月）、2026-Q1（季度）、"
     "2026-H1（半年）或 2026（年）；例如 --period 2026-Q1",
     "Error: Invalid value for '--period': '2026-Q5' is not a period: quarters are Q1 to Q4; write 2026-03 "
     "(a month), 2026-Q1 (a quarter), 2026-H1 (a half year) or 2026 (a year); e.g. --period 2026-Q1", 2),
    (["issue", "2026-03", "--as-of", "2026-03-15"], None,
     "bulletin：错误：2026-03 于 2026-03-31 结束：通报在期末之后印发，--as-of 须为 2026-03-31 或之后（现为 2026-03-15）",
     "bulletin: error: 2026-03 ends on 2026-03-31: a bulletin is issued after its period, so --as-of must be "
     "2026-03-31 or later (it is 2026-03-15)", 1),
    (["issued", "--format", "xml"], None,
     "错误：'--format' 的值无效：“xml”不是 'table', 'json' 之一。",
     "Error: Invalid value for '--format': 'xml' is not one of 'table', 'json'.", 2),
    (["document", "2026-03"], None,
     "错误：请指明要写出什么：--docx 文件、--xlsx 文件和/或 --pdf 文件",
     "Error: say what to write: --docx FILE, --xlsx FILE and/or --pdf FILE", 2),
    (["document", "2026-03", "--docx", "x.docx"], None,
     "bulletin：错误：bulletins/2026-03.json：2026-03 的通报尚未印发",
     "bulletin: error: bulletins/2026-03.json: the bulletin of 2026-03 has not been issued", 1),
    (["learning", "show", "--month", "2026-10"], None,
     "bulletin：错误：2026-10 没有学习强国数据（已导入月份：无）；请运行：bulletin learning import 文件 --month 2026-10",
     "bulletin: error: no 学习强国 figures for 2026-10 (imported months: none); run: bulletin learning import "
     "FILE --month 2026-10", 1),
    (["learning", "import", "missing.csv", "--month", "2026-10"], None,
     "错误：missing.csv：文件不存在",
     "Error: missing.csv: no such file", 2),
    (["new", "--no-input", "--unit", "建管科", "--category", "gov_info", "--title", "标题"], None,
     "错误：'--unit' 的值无效：没有单位“建管科”；是否指 jianguan（建筑管理科）？可选：jianguan（建筑管理科）、"
     "bangongshi（办公室）",
     "Error: Invalid value for '--unit': no unit '建管科'; did you mean 'jianguan' (建筑管理科)? Choose from: "
     "'jianguan' (建筑管理科), 'bangongshi' (办公室)", 2),
    (["approve", "units.yaml"], None,
     "错误：units.yaml：不是稿件文件（submissions/…/*.md）",
     "Error: units.yaml: not a submission file (submissions/…/*.md)", 2),
    (["build", "--as-of", "2026-02-30"], None,
     "错误：'--as-of' 的值无效：“2026-02-30”不是有效日期；请写成 YYYY-MM-DD，例如 2026-03-31；例如 --as-of 2026-10-31",
     "Error: Invalid value for '--as-of': '2026-02-30' is not a real date; write it as YYYY-MM-DD, e.g. "
     "2026-03-31; e.g. --as-of 2026-10-31", 2),
    (["serve", "--port", "http"], None,
     "错误：'--port' 的值无效：“http”不是有效的整数。",
     "Error: Invalid value for '--port': 'http' is not a valid integer.", 2),
    (["demo", "--out", "demo", "--units", "3", "--people", "2"], None,
     "错误：'--people' 的值无效：2 人不够 3 个单位：至少 11 人",
     "Error: Invalid value for '--people': 2 is too few for 3 units: at least 11", 2),
    (["nosuch"], None,
     "错误：没有“nosuch”这个命令。",
     "Error: No such command 'nosuch'.", 2),
]


def _setup(repo: Path, name: str | None) -> None:
    if name == "bad-unit":
        edit(repo, SUB, "unit: jianguan", "unit: jiangguan")
    elif name == "bad-units":
        edit(repo, "units.yaml", "    unit: jianguan\n", "    unit: jiangguan\n")
    if name:
        commit_all(repo, name)


@pytest.mark.parametrize("args,setup,zh,en,code", CASES, ids=[" ".join(c[0]) + (f" ({c[1]})" if c[1] else "")
                                                                for c in CASES])
def test_every_command_speaks_chinese_by_default_and_english_with_lang_en(
        repo: Path, args: list[str], setup: str | None, zh: str, en: str, code: int) -> None:
    _setup(repo, setup)
    before = state(repo)
    chinese = run_bulletin(*args, cwd=repo)
    english = run_bulletin(*args, "--lang", "en", cwd=repo)
    assert (first_line(chinese), chinese.returncode) == (zh, code), chinese.stdout + chinese.stderr
    assert (first_line(english), english.returncode) == (en, code), english.stdout + english.stderr
    assert "Traceback" not in chinese.stderr + english.stderr
    assert state(repo) == before


def test_lang_goes_before_the_command_too_and_the_environment_and_instance_choose_it(repo: Path) -> None:
    assert first_line(run_bulletin("--lang", "en", "scores", cwd=repo)) == "Error: Missing option '--period'."
    env = {**os.environ, "BULLETIN_LANG": "en", "LC_ALL": "C.UTF-8"}
    done = subprocess.run([str(BULLETIN), "scores"], cwd=repo, env=env, capture_output=True, text=True)
    assert done.stderr.splitlines()[0] == "Error: Missing option '--period'."
    # The instance's setting, and --lang over it.
    edit(repo, "units.yaml", "short_name: 武进住建局}", "short_name: 武进住建局, language: en}")
    commit_all(repo, "English instance")
    result = run_bulletin("check", cwd=repo)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr.splitlines()[-1] == "2 files checked: 0 errors, 0 warnings"
    assert run_bulletin("check", "--lang", "zh", cwd=repo).stderr.splitlines()[-1] == \
        "已检查 2 个文件：0 个错误，0 个警告"


def test_check_summary_and_problems_in_both_languages(repo: Path) -> None:
    edit(repo, SUB, "category: gov_info", "category: gov_inf")
    edit(repo, SUB, "importance: normal", "importance: urgent")
    commit_all(repo, "Two mistakes")
    zh = run_bulletin("check", cwd=repo)
    en = run_bulletin("check", "--lang", "en", cwd=repo)
    assert zh.lines == [
        f"{SUB}:4:11: error: 未知类别“gov_inf”；是否指 gov_info（政务信息）？",
        f"{SUB}:6:13: error: “importance”应为normal / major 之一，不能是“urgent”",
    ]
    assert en.lines == [
        f"{SUB}:4:11: error: unknown category 'gov_inf'; did you mean 'gov_info' (政务信息)?",
        f"{SUB}:6:13: error: 'importance' must be one of normal, major, not 'urgent'",
    ]
    assert zh.stderr.splitlines()[-1] == "已检查 2 个文件：2 个错误，0 个警告"
    assert en.stderr.splitlines()[-1] == "2 files checked: 2 errors, 0 warnings"


def test_machine_readable_formats_stay_machine_readable_with_chinese_text(repo: Path) -> None:
    edit(repo, SUB, "unit: jianguan", "unit: jiangguan")
    commit_all(repo, "A mistake")
    gitlab = run_bulletin("check", "--format", "gitlab", cwd=repo)
    report = json.loads(gitlab.stdout)
    assert [(r["location"]["path"], r["location"]["positions"]["begin"], r["severity"]) for r in report] == \
        [(SUB, {"line": 3, "column": 7}, "major")]
    assert report[0]["description"] == "未知单位“jiangguan”；是否指 jianguan（建筑管理科）？"
    english = json.loads(run_bulletin("check", "--format", "gitlab", "--lang", "en", cwd=repo).stdout)
    assert english[0]["fingerprint"] == report[0]["fingerprint"]   # the same finding whatever the language
    github = run_bulletin("check", "--format", "github", cwd=repo)
    assert github.lines == [f"::error file={SUB},line=3,col=7,title=bulletin check::"
                            "未知单位“jiangguan”；是否指 jianguan（建筑管理科）？"]


def test_every_command_and_option_has_help_in_both_languages() -> None:
    import click

    from generator.cli import _walk, help_key, localize_commands, main
    from generator.messages import CATALOGUE, Msg

    localize_commands(main)
    missing = []
    for path, cmd in _walk(main, ()):
        if help_key(path) not in CATALOGUE:
            missing.append(help_key(path))
        for param in cmd.params:
            if isinstance(param, click.Option) and param.name not in ("help", "version"):
                keys = (help_key(path, param), "help.*." + max(param.opts, key=len))
                if not any(k in CATALOGUE for k in keys):
                    missing.append(keys[0])
    assert missing == []
    for key, (zh, en) in CATALOGUE.items():
        if key.startswith("help."):
            assert isinstance(zh, str) and HAN.search(zh), key
            assert isinstance(en, str) and en and en != zh, key
    assert isinstance(Msg("help.check"), str)


def test_help_is_chinese_by_default_and_english_with_lang_en(repo: Path) -> None:
    zh = run_bulletin("check", "-h", cwd=repo)
    en = run_bulletin("check", "-h", "--lang", "en", cwd=repo)
    assert zh.lines[0] == "用法: bulletin check [选项] [PATHS]..."
    assert "检查 units.yaml、scoring.yaml、约稿和稿件。" in zh.stdout
    assert "  -h, --help" in zh.stdout and "显示本帮助并退出。" in zh.stdout
    assert en.lines[0] == "Usage: bulletin check [OPTIONS] [PATHS]..."
    assert "Validate units.yaml, scoring.yaml, solicitations and submissions." in en.stdout
    assert "Show this message and exit." in en.stdout
    top = run_bulletin("-h", cwd=repo)
    assert "命令:" in top.stdout and "新建稿件" in top.stdout


# --------------------------------------------------------------------------- names in front-matter

NAMED = (SUBMISSION_MD.replace("unit: jianguan", "unit: 建筑管理科")
         .replace("category: gov_info", "category: 政务信息")
         .replace("authors: [zhangsan]", "authors: [张三]")
         .replace("outlet: js-zjt-web", "outlet: 江苏省住房和城乡建设厅网站"))


def test_names_in_front_matter_resolve_to_ids_and_give_identical_figures(tmp_path: Path) -> None:
    """The same history written with ids and with names: the same scores, the same site export."""
    from gitbuilder import SCORING, UNITS, ZHANG, approve_all, instance, submission

    def name(kind: list[dict[str, str]], ident: str) -> str:
        return next(x["name"] for x in kind if x["id"] == ident)

    def written(tag: str, unit: str, category: str, author: str, outlet: str, level: str) -> tuple[object, bytes]:
        repo = instance(tmp_path / tag)
        repo.write(A_PATH, submission(unit=unit, category=category, authors=[author], adoptions=[
            {"outlet": outlet, "date": "2026-03-20", "evidence": "https://example.gov.cn/a"}], instructions=[
            {"level": level, "by": "副市长", "date": "2026-03-25", "evidence": "https://example.gov.cn/b"}]))
        repo.commit("报送", by=ZHANG, date="2026-03-10 09:00 +0800")
        approve_all(repo, A_PATH, date="2026-03-11 10:00 +0800")
        checked = run_bulletin("check", cwd=repo.path)
        # Only units.yaml's own warnings (the test instance has units without liaisons): none about the item.
        assert [x for x in checked.lines if not x.startswith("units.yaml:")] == [] and checked.returncode == 0, \
            checked.stdout
        scores = run_bulletin("scores", "--period", "2026-03", "--as-of", "2026-04-30", "--format", "json",
                              cwd=repo.path)
        assert scores.returncode == 0, scores.stderr
        out = tmp_path / f"{tag}-site"
        built = run_bulletin("build", "--out", str(out), "--as-of", "2026-04-30", cwd=repo.path, timeout=600)
        assert built.returncode == 0, built.stderr
        return json.loads(scores.stdout), (out / "downloads/rankings-2026-03.csv").read_bytes()

    by_id = written("ids", "jianguan", "gov_info", "zhangsan", "zjt", "municipal")
    by_name = written("names", name(UNITS["units"], "jianguan"), name(SCORING["categories"], "gov_info"),
                      name(UNITS["people"], "zhangsan"), name(SCORING["outlets"], "zjt"),
                      name(SCORING["levels"], "municipal"))
    assert by_name == by_id
    units = {u["unit"]: u for u in by_id[0]["units"]}  # type: ignore[index]
    assert units["jianguan"]["points"] > 0 and units["jianguan"]["adopted"] == 1
    # The export names units by name, never by id (one Excel and CSV layout, workbook.py).
    assert "建筑管理科".encode() in by_id[1] and b"jianguan" not in by_id[1]


def test_an_ambiguous_name_is_an_error_listing_the_candidates(repo: Path) -> None:
    edit(repo, "units.yaml", "  - id: wangwu\n    name: 王五\n", "  - id: wangwu\n    name: 张三\n")
    (repo / SUB).write_text(NAMED, encoding="utf-8")
    commit_all(repo, "Two people called 张三")
    zh = run_bulletin("check", cwd=repo)
    en = run_bulletin("check", "--lang", "en", cwd=repo)
    assert zh.lines == [f"{SUB}:5:11: error: 人员“张三”有歧义：wangwu（张三）、zhangsan（张三）；请写其中一个的标识"]
    assert en.lines == [f"{SUB}:5:11: error: person '张三' is ambiguous: 'wangwu' (张三), 'zhangsan' (张三); "
                        "write the id of one of them"]
    assert zh.returncode == en.returncode == 1


def test_an_unknown_name_suggests_the_id_and_the_name(repo: Path) -> None:
    edit(repo, SUB, "unit: jianguan", "unit: 建管科")
    edit(repo, SUB, "category: gov_info", "category: 政务")
    commit_all(repo, "Near names")
    assert run_bulletin("check", cwd=repo).lines == [
        f"{SUB}:3:7: error: 未知单位“建管科”；是否指 jianguan（建筑管理科）？",
        f"{SUB}:4:11: error: 未知类别“政务”；是否指 gov_info（政务信息）？",
    ]


# --------------------------------------------------------------------------- full-width colon, space, tab

@pytest.mark.parametrize("rel,old,new,line,col,zh,en", [
    (SUB, "title: 武进", "title：武进", 2, 6,
     "字段名“title”后面是全角冒号“：”；请改为半角冒号加空格：“title: ”",
     "a full-width colon '：' after the field name 'title'; write a half-width colon and a space: 'title: '"),
    (SUB, "category: gov_info", "category： gov_info", 4, 9,
     "字段名“category”后面是全角冒号“：”；请改为半角冒号加空格：“category: ”",
     "a full-width colon '：' after the field name 'category'; write a half-width colon and a space: "
     "'category: '"),
    (SUB, "unit: jianguan", "unit:\u3000jianguan", 3, 6,
     "此处是全角空格；YAML 只认半角空格，请改为半角空格",
     "a full-width space here; YAML only accepts half-width spaces: retype it as a normal space"),
    (SUB, "  - outlet: js-zjt-web", "\u3000- outlet: js-zjt-web", 11, 1,
     "此处是全角空格；YAML 只认半角空格，请改为半角空格",
     "a full-width space here; YAML only accepts half-width spaces: retype it as a normal space"),
    (SUB, "    date: 2026-03-20", "  \tdate: 2026-03-20", 12, 3,
     "此处是制表符（Tab）；YAML 的缩进和分隔只能用空格，请改为空格",
     "a tab here; YAML indentation and separation must be spaces: replace the tab with spaces"),
    ("units.yaml", "    title: 科长", "    title：科长", 13, 10,
     "字段名“title”后面是全角冒号“：”；请改为半角冒号加空格：“title: ”",
     "a full-width colon '：' after the field name 'title'; write a half-width colon and a space: 'title: '"),
    ("scoring.yaml", "timezone: Asia/Shanghai", "timezone:\tAsia/Shanghai", 1, 10,
     "此处是制表符（Tab）；YAML 的缩进和分隔只能用空格，请改为空格",
     "a tab here; YAML indentation and separation must be spaces: replace the tab with spaces"),
])
def test_typing_slips_get_their_own_message_at_their_own_position(
        repo: Path, rel: str, old: str, new: str, line: int, col: int, zh: str, en: str) -> None:
    edit(repo, rel, old, new)
    commit_all(repo, "A slip")
    chinese = run_bulletin("check", cwd=repo)
    english = run_bulletin("check", "--lang", "en", cwd=repo)
    where = f"{rel}:{line}:{col}: error: "
    if rel == SUB:
        assert chinese.lines == [where + zh]
        assert english.lines == [where + en]
    else:   # a broken configuration stops before the submissions are read
        assert where + zh in chinese.lines
        assert where + en in english.lines
    assert chinese.returncode == english.returncode == 1
    assert (repo / rel).read_text(encoding="utf-8").splitlines()[line - 1][col - 1] in "：\u3000\t"


def test_a_full_width_colon_in_a_value_is_text(repo: Path) -> None:
    edit(repo, SUB, "title: 武进住建局开展", "title: 武进住建局：开展")
    commit_all(repo, "A colon in the title")
    result = run_bulletin("check", cwd=repo)
    assert result.lines == [] and result.returncode == 0


# --------------------------------------------------------------------------- bulletin new, interactively

def new(repo: Path, *args: str, answers: str, lang: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "BULLETIN_"))}
    env.update(GIT_AUTHOR_NAME="张三", GIT_AUTHOR_EMAIL="zhangsan@wj.example.gov.cn", GIT_CONFIG_NOSYSTEM="1",
               GIT_CONFIG_GLOBAL=os.devnull, LC_ALL="C.UTF-8")
    extra = ["--lang", lang] if lang else []
    return subprocess.run([str(BULLETIN), "new", "--date", "2026-03-20", *extra, *args], cwd=repo, env=env,
                          input=answers, capture_output=True, text=True, timeout=60)


def test_new_asks_again_after_wrong_answers_and_keeps_the_earlier_ones(repo: Path) -> None:
    # unit: a typo, a number off the list, then a name; category: a near name, then a number;
    # title: blank, then the title; urgent: no.
    done = new(repo, answers="jiangguan\n7\n建筑管理科\n政务\n2\n   \n区住建局召开安全生产会议\nn\n")
    assert done.returncode == 0, done.stderr
    rel = "submissions/2026/03/jianguan-0320.md"
    assert done.stdout.splitlines() == [rel]
    text = (repo / rel).read_text(encoding="utf-8")
    assert text.splitlines()[:5] == [
        "---",
        "title: 区住建局召开安全生产会议",
        "unit: jianguan        # 建筑管理科",
        "category: party_info  # 党建信息",
        "authors: [zhangsan]   # 张三",
    ]
    err = done.stderr
    assert "没有单位“jiangguan”；是否指 jianguan（建筑管理科）？可选：jianguan（建筑管理科）、bangongshi（办公室）。请重新输入。" in err
    assert "没有单位“7”；可选：jianguan（建筑管理科）、bangongshi（办公室）。请重新输入。" in err
    assert "没有类别“政务”；是否指 gov_info（政务信息）？可选：" in err
    assert "标题不能为空。请重新输入。" in err
    assert err.count("报送单位 [jianguan]: ") == 3 and err.count("稿件类别: ") == 2 and err.count("标题: ") == 2
    assert run_bulletin("check", rel, cwd=repo).returncode == 0


def test_new_accepts_numbers_names_and_ids_in_english_too(repo: Path) -> None:
    done = new(repo, "--slug", "safety", answers="2\nparty\nnews\nSafety meeting\ny\n2026-03-19\n", lang="en")
    assert done.returncode == 0, done.stderr
    text = (repo / "submissions/2026/03/safety.md").read_text(encoding="utf-8")
    assert "unit: bangongshi" in text and "category: news" in text and "event_date: 2026-03-19" in text
    assert "no category 'party'; did you mean 'party_info' (党建信息)? Choose from:" in done.stderr
    assert "Please answer again." in done.stderr


def test_new_flags_accept_names(repo: Path) -> None:
    done = new(repo, "--no-input", "--unit", "建筑管理科", "--category", "政务信息", "--title", "标题",
               answers="")
    assert done.returncode == 0, done.stderr
    text = (repo / "submissions/2026/03/jianguan-0320.md").read_text(encoding="utf-8")
    assert "unit: jianguan" in text and "category: gov_info" in text


def test_new_stops_at_the_end_of_the_answers_writing_nothing(repo: Path) -> None:
    before = state(repo)
    done = new(repo, answers="jiangguan\n")
    assert done.returncode == 1
    assert done.stderr.splitlines()[-1] == "已取消。"
    assert state(repo) == before


# --------------------------------------------------------------------------- the catalogue itself

def test_every_message_id_used_in_the_code_is_in_the_catalogue_with_the_same_fields_in_both_languages() -> None:
    import string

    from generator.messages import CATALOGUE

    root = Path(__file__).resolve().parent.parent / "generator"
    used = set()
    for path in root.rglob("*.py"):
        used.update(re.findall(r"""\b(?:msg|say|Msg)\(\s*f?["']([a-z_*.\-A-Z]+)["']""", path.read_text("utf-8")))
    assert sorted(u for u in used if u not in CATALOGUE) == []
    for key, pair in CATALOGUE.items():
        fields = [{f for _, f, _, _ in string.Formatter().parse(t) if f} if isinstance(t, str) else None
                  for t in pair]
        if None not in fields:
            assert fields[0] == fields[1], key


def test_a_message_survives_pickling_and_renders_in_either_language() -> None:
    import pickle

    from generator.errors import ERROR, Problem
    from generator.messages import msg, render

    problem = Problem("a.md", 3, 7, ERROR, msg("schema.unknown_ref", what=msg("term", text="unit"), value="x",
                                               suggestion=msg("suggest_named", id="jianguan", name="建筑管理科")))
    again = pickle.loads(pickle.dumps(problem))
    assert again == problem
    assert render(again.message, "zh") == "未知单位“x”；是否指 jianguan（建筑管理科）？"
    assert render(again.message, "en") == "unknown unit 'x'; did you mean 'jianguan' (建筑管理科)?"
    assert again.format("en") == "a.md:3:7: error: unknown unit 'x'; did you mean 'jianguan' (建筑管理科)?"
