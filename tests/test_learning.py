"""学习强国: `bulletin learning import` and `show` end to end, and the figures computed by hand."""
from __future__ import annotations

import csv
import io
import json
from fractions import Fraction
from pathlib import Path

import openpyxl
import pytest
from checkkit import ROOT, Result, commit_all, init_repo, state
from checkkit import run_bulletin as _run_bulletin

from generator.learning import (
    CADRE_POINTS,
    DAILY_LOGIN,
    REGISTRATION,
    check_learning,
    figures_from,
    learning_figures,
    load_learning,
    prepare_import,
    read_export,
)
from generator.read.config import load_config


def run_bulletin(*args: str, **kwargs: object) -> Result:
    """The command in English: this file asserts the English texts (test_messages.py has the Chinese)."""
    return _run_bulletin(*args, "--lang", "en", **kwargs)  # type: ignore[arg-type]

UNITS = """\
organization: {name: 常州市武进区住房和城乡建设局, short_name: 武进住建局}
people:
  - {id: zhangsan, name: 张三, unit: jianguan, title: 信息员, roles: [liaison]}
  - {id: wangwu, name: 王五, unit: jianguan, title: 科长, cadre: true}
  - {id: zhaoliu, name: 赵六, unit: jianguan, title: 科员}
  - {id: lisi, name: 李四, unit: bangongshi, title: 副局长, cadre: true}
  - {id: qianqi, name: 钱七, unit: old, title: 经理}
units:
  - {id: jianguan, name: 建筑管理科, head: [wangwu], leader: lisi}
  - {id: bangongshi, name: 办公室, head: [lisi], leader: lisi}
  - {id: old, name: 市政公司, head: [qianqi], leader: lisi, active: false}
review:
  stages:
    - {id: unit, name: 科室审核, approvers: unit.head}
"""

SCORING = """\
timezone: Asia/Shanghai
levels: [{id: county, name: 区县级}]
categories: [{id: news, name: 新闻宣传}]
"""

HEADER = ["序号", "姓名", "所在组织", "是否注册", "本月登录天数", "年度积分"]
ROWS = [
    [1, "张三", "建筑管理科", "是", 31, 3100],
    [2, "王五", "建筑管理科", "是", 25, 4000],
    [3, "赵六", "建筑管理科", "否", "", ""],
    [4, "李四", "办公室", "是", 31, 4200],
]
EXPECTED = {  # person -> (registered, login_days, year_points, row)
    "zhangsan": (True, 31, 3100, 3), "wangwu": (True, 25, 4000, 4), "zhaoliu": (False, 0, 0, 5),
    "lisi": (True, 31, 4200, 6),
}


def csv_text(rows: list[list[object]], header: list[str] = HEADER) -> str:
    buf = io.StringIO(newline="")
    out = csv.writer(buf, lineterminator="\r\n")
    out.writerow(["学习强国学习情况统计表"])   # a title row above the header
    out.writerow(header)
    out.writerows(rows)
    return buf.getvalue()


def xlsx_bytes(rows: list[list[object]], header: list[str] = HEADER) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["学习强国学习情况统计表"])
    sheet.append(header)
    for row in rows:
        sheet.append([None if v == "" else v for v in row])
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


ENCODINGS = {
    "utf8": lambda rows: csv_text(rows).encode("utf-8"),
    "utf8-bom": lambda rows: csv_text(rows).encode("utf-8-sig"),
    "gbk": lambda rows: csv_text(rows).encode("gbk"),
    "utf16-tabs": lambda rows: csv_text(rows).replace(",", "\t").encode("utf-16"),
    "xlsx": xlsx_bytes,
}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    r = tmp_path / "repo"
    r.mkdir()
    (r / "units.yaml").write_text(UNITS, encoding="utf-8")
    (r / "scoring.yaml").write_text(SCORING, encoding="utf-8")
    init_repo(r)
    commit_all(r)
    return r


def export(tmp_path: Path, data: bytes, name: str = "export.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def entries(repo: Path, month: str = "2026-10") -> dict[str, tuple[bool, int, int, int | None]]:
    config, _ = load_config(repo)
    assert config is not None
    record = load_learning(repo, config)[month]
    return {pid: (e.registered, e.login_days, e.year_points, e.row) for pid, e in record.people.items()}


@pytest.mark.parametrize("kind", list(ENCODINGS))
def test_import_reads_every_format(repo: Path, tmp_path: Path, kind: str) -> None:
    path = export(tmp_path, ENCODINGS[kind](ROWS), "export.xlsx" if kind == "xlsx" else "export.csv")
    res = run_bulletin("learning", "import", str(path), "--month", "2026-10", "--date", "2026-11-05",
                       "--repo", str(repo))
    assert res.returncode == 0, res.stderr
    assert res.stdout.startswith("wrote learning/2026/2026-10.yaml: 4 people, 3 registered\n")
    assert entries(repo) == EXPECTED
    text = (repo / "learning/2026/2026-10.yaml").read_text(encoding="utf-8")
    assert f'month: "2026-10"\ndays_in_month: 31\nsource: "{path.name}"\nimported: 2026-11-05\n' in text
    assert "  wangwu: {registered: true, login_days: 25, year_points: 4000, row: 4}   # 王五 建筑管理科 科级干部\n" in text


def test_people_missing_from_the_export_are_not_registered(repo: Path, tmp_path: Path) -> None:
    """Without a registration column, presence means registered; absent people of active units are listed."""
    header = ["姓名", "登录天数(天)", "总积分"]
    path = export(tmp_path, csv_text([["张 三", "30天", "3,100分"], ["李四", 29, 4200]], header).encode())
    res = run_bulletin("learning", "import", str(path), "--month", "2026-09", "--repo", str(repo))
    assert res.returncode == 0, res.stderr
    assert f"{path}:2:3: warning: column '总积分' is read as this year's points" in res.stderr
    assert "not in the export, recorded as not registered: 王五 (wangwu)、赵六 (zhaoliu)" in res.stdout
    assert entries(repo, "2026-09") == {"zhangsan": (True, 30, 3100, 3), "wangwu": (False, 0, 0, None),
                                        "zhaoliu": (False, 0, 0, None), "lisi": (True, 29, 4200, 4)}


def test_a_rate_column_becomes_days(repo: Path, tmp_path: Path) -> None:
    header = ["姓名", "日均登录率", "年度积分"]
    path = export(tmp_path, csv_text([["张三", "90%", 1], ["王五", "0.5", 2], ["赵六", 100, 3],
                                      ["李四", "", 4]], header).encode())
    res = run_bulletin("learning", "import", str(path), "--month", "2026-10", "--repo", str(repo))
    assert res.returncode == 0, res.stderr
    assert {p: e[1] for p, e in entries(repo).items()} == {"zhangsan": 28, "wangwu": 16, "zhaoliu": 31, "lisi": 0}


def test_unknown_name_is_located_with_a_suggestion_and_nothing_is_written(repo: Path, tmp_path: Path) -> None:
    rows = [list(r) for r in ROWS]
    rows[0][1] = "张三丰"
    rows[2][1] = "欧阳修"
    path = export(tmp_path, csv_text(rows).encode("gbk"), "十月.csv")
    before = state(repo)
    res = run_bulletin("learning", "import", str(path), "--month", "2026-10", "--repo", str(repo))
    assert res.returncode == 1
    assert res.stdout == ""
    lines = res.stderr.splitlines()
    assert lines[0] == f"{path}:3:2: error: unknown person '张三丰'; did you mean '张三'?"
    assert lines[1].startswith(f"{path}:5:2: error: unknown person '欧阳修': no one in units.yaml has this name")
    assert lines[-1] == "bulletin: nothing written: 2 errors in the export"
    assert "Traceback" not in res.stderr
    assert state(repo) == before and not (repo / "learning").exists()


def test_an_alias_maps_a_name_and_can_skip_one(repo: Path, tmp_path: Path) -> None:
    rows = [list(r) for r in ROWS] + [[5, "退休人员", "", "是", 3, 10]]
    rows[0][1] = "张三丰"
    (repo / "learning").mkdir()
    (repo / "learning/aliases.yaml").write_text("张三丰: zhangsan\n退休人员: ~\n", encoding="utf-8")
    path = export(tmp_path, csv_text(rows).encode())
    res = run_bulletin("learning", "import", str(path), "--month", "2026-10", "--repo", str(repo))
    assert res.returncode == 0, res.stderr
    assert entries(repo) == EXPECTED
    assert 'zhangsan: {registered: true, login_days: 31, year_points: 3100, row: 3, name: "张三丰"}' in \
        (repo / "learning/2026/2026-10.yaml").read_text(encoding="utf-8")
    assert "left out (mapped to ~ in the aliases): 退休人员" in res.stdout


def test_a_bad_alias_is_located(repo: Path, tmp_path: Path) -> None:
    aliases = tmp_path / "aliases.yaml"
    aliases.write_text("张三丰: zhangsan\n张四: wangwo\n", encoding="utf-8")
    path = export(tmp_path, csv_text(ROWS).encode())
    res = run_bulletin("learning", "import", str(path), "--month", "2026-10", "--aliases", str(aliases),
                       "--repo", str(repo))
    assert res.returncode == 1
    assert f"{aliases}:2:5: error: unknown person 'wangwo'; did you mean 'wangwu' (王五)?" in res.stderr
    assert not (repo / "learning").exists()


def test_the_organization_tells_two_people_of_the_same_name_apart(repo: Path, tmp_path: Path) -> None:
    (repo / "units.yaml").write_text(UNITS.replace(
        "  - {id: lisi,", "  - {id: zhangsan2, name: 张三, unit: bangongshi}\n  - {id: lisi,"), encoding="utf-8")
    rows = [list(r) for r in ROWS] + [[5, "张三", "武进住建局/办公室", "是", 20, 900]]
    path = export(tmp_path, csv_text(rows).encode())
    res = run_bulletin("learning", "import", str(path), "--month", "2026-10", "--repo", str(repo))
    assert res.returncode == 0, res.stderr
    assert entries(repo)["zhangsan2"] == (True, 20, 900, 7)
    rows[-1][2] = ""
    path.write_bytes(csv_text(rows).encode())
    res = run_bulletin("learning", "import", str(path), "--month", "2026-10", "--replace", "--repo", str(repo))
    assert res.returncode == 1
    assert (f"{path}:7:2: error: the name '张三' belongs to several people: zhangsan (建筑管理科), zhangsan2 (办公室); "
            "export the 所在组织 column so that the unit tells them apart") in res.stderr.splitlines()


def test_an_imported_month_is_replaced_only_when_asked(repo: Path, tmp_path: Path) -> None:
    path = export(tmp_path, csv_text(ROWS).encode())
    assert run_bulletin("learning", "import", str(path), "--month", "2026-10", "--repo", str(repo)).returncode == 0
    first = (repo / "learning/2026/2026-10.yaml").read_bytes()
    rows = [list(r) for r in ROWS]
    rows[0][4] = 30
    path.write_bytes(csv_text(rows).encode())
    res = run_bulletin("learning", "import", str(path), "--month", "2026-10", "--repo", str(repo))
    assert res.returncode == 1
    assert res.stderr == ("bulletin: error: learning/2026/2026-10.yaml already exists: 2026-10 was imported "
                          "before; add --replace to import it again\n")
    assert (repo / "learning/2026/2026-10.yaml").read_bytes() == first
    res = run_bulletin("learning", "import", str(path), "--month", "2026-10", "--replace", "--repo", str(repo))
    assert res.returncode == 0, res.stderr
    assert entries(repo)["zhangsan"] == (True, 30, 3100, 3)


@pytest.mark.parametrize("rows, header, message", [
    ([["张三", 32, 1]], ["姓名", "本月登录天数", "年度积分"],
     "3:2: error: 32 log-in days, but 2026-10 has 31 days; is --month right?"),
    ([["张三", "十天", 1]], ["姓名", "本月登录天数", "年度积分"],
     "3:2: error: log-in days (登录天数) '十天' is not a number; write a whole number such as 26"),
    ([["张三", "可能", 3, 1]], ["姓名", "注册状态", "本月登录天数", "年度积分"],
     "3:2: error: registration '可能' is not understood; write 是/已注册/已激活 or 否/未注册/未激活"),
    ([["张三", 3, 1], ["张三", 4, 2]], ["姓名", "本月登录天数", "年度积分"],
     "4:1: error: '张三' (zhangsan) is also on row 3; each person may appear once"),
    ([["张三", 3]], ["姓名", "本月登录天数"],
     "2:1: error: no column for this year's points (年度积分 or 总积分); the header row has: 姓名、本月登录天数"),
    ([["", 3, 5]], ["姓名", "本月登录天数", "年度积分"],
     "3:1: error: this row has figures but no name (姓名); fill it in or delete the row"),
])
def test_bad_rows(repo: Path, tmp_path: Path, rows: list[list[object]], header: list[str], message: str) -> None:
    path = export(tmp_path, csv_text(rows, header).encode())
    res = run_bulletin("learning", "import", str(path), "--month", "2026-10", "--repo", str(repo))
    assert res.returncode == 1
    assert f"{path}:{message}" in res.stderr.splitlines()
    assert not (repo / "learning").exists()


@pytest.mark.parametrize("data, message", [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "old Excel 97-2003 workbook (.xls)"),
    (b"PK\x03\x04garbage", "cannot read the workbook"),
    (b"\xff\x00\x81\xfe" * 10, "neither UTF-8 nor GBK"),
    ("序号,手机号\n1,139\n".encode(), "no header row with a name column (姓名)"),
])
def test_unreadable_exports(repo: Path, tmp_path: Path, data: bytes, message: str) -> None:
    path = export(tmp_path, data)
    res = run_bulletin("learning", "import", str(path), "--month", "2026-10", "--repo", str(repo))
    assert res.returncode == 1 and message in res.stderr and "Traceback" not in res.stderr
    assert not (repo / "learning").exists()


def test_bad_month_is_a_usage_error(repo: Path, tmp_path: Path) -> None:
    path = export(tmp_path, csv_text(ROWS).encode())
    res = run_bulletin("learning", "import", str(path), "--month", "2026-Q4", "--repo", str(repo))
    assert res.returncode == 2 and "'2026-Q4' is not a month" in res.stderr


# --------------------------------------------------------------------------- figures, by hand

def _import(repo: Path, month: str, rows: list[list[object]]) -> None:
    config, _ = load_config(repo)
    assert config is not None
    path = repo.parent / f"{month}.csv"
    path.write_bytes(csv_text(rows).encode())
    result = prepare_import(repo, config, path, month)
    assert result.ok, result.problems
    target = repo / result.path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(result.text, encoding="utf-8")


def test_figures_by_hand(repo: Path) -> None:
    _import(repo, "2026-10", ROWS)
    config, _ = load_config(repo)
    assert config is not None
    f = learning_figures(repo, config, "2026-10")
    assert f is not None
    assert f.cadre_target == Fraction(5000 * 10, 12)                       # 4166.67 by the end of October
    jianguan, bangongshi = f.units                                         # units.yaml order; 'old' is inactive
    assert (jianguan.unit, jianguan.people, jianguan.registered) == ("jianguan", 3, 2)
    assert jianguan.registration_rate == Fraction(2, 3)
    assert jianguan.daily_login_rate == Fraction(31 + 25, 2 * 31)         # registered people only
    assert [(c.person, c.met) for c in jianguan.cadres] == [("wangwu", False)]   # 4000 < 4166.67
    assert jianguan.missed == (REGISTRATION, DAILY_LOGIN, CADRE_POINTS)
    assert bangongshi.registration_rate == 1 and bangongshi.daily_login_rate == 1
    assert bangongshi.missed == ()                                         # 李四 4200 >= 4166.67
    assert f.bureau.registration_rate == Fraction(3, 4)
    assert f.bureau.daily_login_rate == Fraction(31 + 25 + 31, 3 * 31)
    assert [u.unit for u in f.units_below_target()] == ["jianguan"]


def test_a_quarter_sums_log_in_days_and_takes_the_last_month(repo: Path) -> None:
    _import(repo, "2026-10", ROWS)
    november = [[1, "张三", "", "是", 30, 3500], [2, "王五", "", "是", 30, 4700],
                [3, "赵六", "", "是", 15, 100], [4, "李四", "", "是", 30, 4300]]
    _import(repo, "2026-11", november)
    config, _ = load_config(repo)
    assert config is not None
    f = figures_from(load_learning(repo, config), config, "2026-Q4")
    assert f is not None and f.months == ("2026-10", "2026-11") and f.as_of_month == "2026-11"
    jianguan = f.units[0]
    assert jianguan.registration_rate == 1
    assert jianguan.daily_login_rate == Fraction(31 + 25 + 30 + 30 + 15, 2 * 31 + 3 * 30)
    assert f.cadre_target == Fraction(5000 * 11, 12)                       # 4583.33: 李四 4300 is now below
    assert [c.person for g in f.units for c in g.cadres_below] == ["lisi"]
    assert figures_from(load_learning(repo, config), config, "2026-Q1") is None


def test_targets_come_from_scoring_yaml(repo: Path) -> None:
    (repo / "scoring.yaml").write_text(SCORING + "learning: {daily_login: 0.9, cadre_points: 4800}\n",
                                       encoding="utf-8")
    _import(repo, "2026-10", ROWS)
    config, _ = load_config(repo)
    assert config is not None
    f = learning_figures(repo, config, "2026-10")
    assert f is not None and f.cadre_target == 4000
    assert f.units[0].missed == (REGISTRATION,)          # 90.3% >= 90%; 王五 4000 >= 4000


def test_rates_in_scoring_yaml_are_fractions(repo: Path) -> None:
    (repo / "scoring.yaml").write_text(SCORING + "learning:\n  daily_login: 95\n", encoding="utf-8")
    res = run_bulletin("check", "--repo", str(repo))
    assert "scoring.yaml:5:16: error: 'learning.daily_login' is a fraction of 1: write 0.95 for 95%, not 95" \
        in res.stdout.splitlines()


def test_cadre_must_be_a_boolean(repo: Path) -> None:
    (repo / "units.yaml").write_text(UNITS.replace("cadre: true}", "cadre: 是}", 1), encoding="utf-8")
    _, problems = load_config(repo)
    assert problems[0].format("en") == "units.yaml:4:62: error: 'people[2].cadre' must be true or false, not '是'"
    assert problems[0].format("zh") == "units.yaml:4:62: error: “people[2].cadre”应为true 或 false，不能是“是”"


def test_show_json(repo: Path) -> None:
    _import(repo, "2026-10", ROWS)
    res = run_bulletin("learning", "show", "--month", "2026-10", "--format", "json", "--repo", str(repo))
    assert res.returncode == 0, res.stderr
    data = json.loads(res.stdout)
    assert data["targets"] == {"registration_pct": 100.0, "daily_login_pct": 95.0, "cadre_points_year": 5000.0,
                               "cadre_points_to_date": 4166.67}
    assert data["below_target"] == ["jianguan"]
    assert data["units"][0]["registration_pct"] == 66.67 and data["units"][0]["daily_login_pct"] == 90.32
    missing = run_bulletin("learning", "show", "--month", "2026-03", "--repo", str(repo))
    assert missing.returncode == 1 and "no 学习强国 figures for 2026-03 (imported months: 2026-10)" in missing.stderr


def test_check_learning_locates_problems(repo: Path) -> None:
    (repo / "learning/2026").mkdir(parents=True)
    (repo / "learning/2026/2026-02.yaml").write_text(
        'month: "2026-03"\ndays_in_month: 28\npeople:\n'
        "  zhangsan: {registered: true, login_days: 29}\n"
        "  zhangsna: {registered: false}\n", encoding="utf-8")
    (repo / "learning/notes.txt").write_text("x", encoding="utf-8")
    config, _ = load_config(repo)
    assert config is not None
    assert [p.format("en") for p in check_learning(repo, config)] == [
        "learning/2026/2026-02.yaml:1:8: error: 'month' is 2026-03 but the file is named for 2026-02; move the "
        "file to learning/2026/2026-03.yaml or correct the month",
        "learning/2026/2026-02.yaml:4:44: error: 'people.zhangsan.login_days' is 29, more than the 28 days of "
        "2026-02",
        "learning/2026/2026-02.yaml:5:3: error: unknown person 'zhangsna'; did you mean 'zhangsan' (张三)?",
        "learning/notes.txt:1:1: warning: not a 学习强国 file: monthly files are named learning/YYYY/YYYY-MM.yaml "
        "(bulletin learning import writes them); this file is ignored",
    ]
    assert load_learning(repo, config) == {}


# --------------------------------------------------------------------------- the sample instance

def test_the_sample_files_check_clean_and_reimport_identically() -> None:
    config, problems = load_config(ROOT)
    assert config is not None and not [p for p in problems if p.is_error]
    assert check_learning(ROOT, config) == []
    months = load_learning(ROOT, config)
    assert list(months) == ["2026-09", "2026-10"]
    exports = {"2026-09": ROOT / "tools/sample-exports/学习强国-2026-09.csv",
               "2026-10": ROOT / "tools/sample-exports/学习强国-2026-10.xlsx"}
    for month, path in exports.items():
        result = prepare_import(ROOT, config, path, month, imported=months[month].imported)
        assert result.ok, result.problems
        assert result.text == (ROOT / result.path).read_text(encoding="utf-8"), month
    f = learning_figures(ROOT, config, "2026-10")
    assert f is not None
    assert [u.unit for u in f.units_below_target()] == ["fdc", "cunzhen", "dangan"]
    assert read_export(exports["2026-09"]).rows[5].name == "徐静"          # "徐　静" padded in the export
