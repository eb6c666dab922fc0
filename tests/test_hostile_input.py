"""Hostile input, class 5: bad input and history that crashed, misled or lost data (docs/security.md).

Each row is a real repository (or a real export file) made the way a careless or hostile
committer would, and the real command run on it. Asserted exactly: the message line, the exit
code, no traceback, and a repository (HEAD, refs, index, working tree) left as it was.
"""
from __future__ import annotations

import io
import os
import subprocess
import zipfile
from pathlib import Path
from typing import Any, Callable

import openpyxl
import pytest
from gitbuilder import UNITS, ZHANG, ZHAO, GitRepo, approve_all, instance, submission
from test_new_approve import BULLETIN, snapshot

A = "submissions/2026/03/a.md"
FAR_FUTURE = "@253402257600 +0000"          # 9999-12-31 12:00 UTC (git accepts it)


def bulletin(repo: Path, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_") and k != "BULLETIN_DEBUG"}
    env.update({"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"})
    return subprocess.run([BULLETIN, *args, "--repo", str(repo)], cwd=cwd or repo, env=env, capture_output=True,
                          text=True, timeout=600)


def item(repo: GitRepo) -> None:
    repo.write(A, submission())
    repo.commit("报送：a", by=ZHANG, date="2026-03-10 09:00 +0800")
    approve_all(repo, A, date="2026-03-11 10:00 +0800")


def raw_commit(repo: GitRepo, message: str, date: str) -> str:
    """A commit with a date that only git's raw format can write (and git accepts)."""
    repo.commit(message, by=ZHANG, date="2026-03-12 09:00 +0800", allow_empty=True)
    return _redate(repo, date)


def _redate(repo: GitRepo, date: str) -> str:
    env = {"GIT_AUTHOR_NAME": ZHANG.name, "GIT_AUTHOR_EMAIL": ZHANG.email, "GIT_AUTHOR_DATE": date,
           "GIT_COMMITTER_NAME": ZHANG.name, "GIT_COMMITTER_EMAIL": ZHANG.email, "GIT_COMMITTER_DATE": date}
    repo.git("commit", "-q", "--amend", "--allow-empty", "--no-edit", env=env)
    return repo.head()


# --------------------------------------------------------------------------- check: located errors

def _units_alias(repo: GitRepo) -> None:
    text = (repo.path / "units.yaml").read_text(encoding="utf-8") + "extra: &loop [1, *loop]\n"
    repo.write("units.yaml", text)
    repo.commit("units", by=ZHAO, date="2026-03-01 09:00 +0800")


def _title_alias(repo: GitRepo) -> None:
    repo.write(A, "---\ntitle: &t [标题, *t]\nunit: jianguan\ncategory: gov_info\n---\n正文。\n")
    repo.commit("报送：a", by=ZHANG, date="2026-03-10 09:00 +0800")


def _nul_byte(repo: GitRepo) -> None:
    repo.write(A, submission(body="第一行。\n第二行\x00隐藏。\n"))
    repo.commit("报送：a", by=ZHANG, date="2026-03-10 09:00 +0800")


def _newline_name(repo: GitRepo) -> None:
    repo.write("submissions/2026/03/a\nb.md", submission())
    repo.commit("报送", by=ZHANG, date="2026-03-10 09:00 +0800")


CHECK_ERRORS: list[tuple[str, Callable[[GitRepo], None], str]] = [
    ("units-recursive-alias", _units_alias,
     f"units.yaml:{len(__import__('yaml').safe_dump(UNITS, allow_unicode=True, sort_keys=False).splitlines()) + 1}:"
     "18: error: 别名 '*loop' 指向包含它自身的列表或映射，会无限嵌套；请直接写出取值，不要使用 '*loop'"),
    ("title-recursive-alias", _title_alias,
     f"{A}:2:16: error: 别名 '*t' 指向包含它自身的列表或映射，会无限嵌套；请直接写出取值，不要使用 '*t'"),
    ("nul-byte", _nul_byte,
     f"{A}:5:4: error: 文件中有 NUL 字符（\\0），多半是误粘贴的二进制内容；删除它（重新输入这一处前后的文字）"),
    ("newline-in-file-name", _newline_name,
     "submissions/2026/03/a\\nb.md:1:1: error: 文件名中有换行符：审核提交的 'Approve:' 行写不出这个路径，"
     "这份记录永远无法通过审核；请用 git mv 改成不含换行的文件名"),
]


@pytest.mark.parametrize("case, build, line", CHECK_ERRORS, ids=[c[0] for c in CHECK_ERRORS])
def test_check_locates_bad_input(tmp_path: Path, case: str, build: Callable[[GitRepo], None], line: str) -> None:
    repo = instance(tmp_path / "r")
    build(repo)
    before = snapshot(repo)
    proc = bulletin(repo.path, "check")
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert line in proc.stdout.splitlines(), proc.stdout
    assert snapshot(repo) == before


# --------------------------------------------------------------------------- odd dates in history

ODD_DATES = [
    ("year-9999", FAR_FUTURE, "9999-12-31T12:00:00+00:00"),
    ("year-10000", "@253402300800 +0800", "10000-01-01T08:00:00+08:00"),
    ("offset-24h", "@1774000000 +2400", "2026-03-21T09:46:40+24:00"),
    ("offset-99h", "@1774000000 -9959", "2026-03-16T05:47:40-99:59"),
]


@pytest.mark.parametrize("case, date, shown", ODD_DATES, ids=[d[0] for d in ODD_DATES])
@pytest.mark.parametrize("command", ["check", "scores", "status"])
def test_a_commit_with_an_odd_date_is_clamped_with_a_warning(tmp_path: Path, case: str, date: str, shown: str,
                                                             command: str) -> None:
    repo = instance(tmp_path / "r")
    item(repo)
    odd = raw_commit(repo, "奇怪的日期", date)
    before = snapshot(repo)
    args = {"check": ["check"], "scores": ["scores", "--period", "2026-03", "--as-of", "2026-03-31", "--format",
                                           "json"], "status": ["status", "--format", "json"]}[command]
    proc = bulletin(repo.path, *args)
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr
    assert proc.returncode == 0, proc.stderr
    warning = (f"提交 {odd[:7]}（{shown}）的日期或时区超出可用范围（时区偏移须小于 24 小时，年份须在 1 至 9999 之间），"
               "已按 UTC 换算或截到最近的可用日期计算；请核对这些提交")
    if command == "check":
        # (units.yaml of the test instance has units without liaisons: check warns about those too.)
        assert [line for line in proc.stdout.splitlines() if not line.startswith("units.yaml:")] == [
            f".:1:1: warning: {warning}"]
    else:
        assert f"bulletin：警告：{warning}" in proc.stderr.splitlines()
    if command == "scores":       # the approved item still scores as before
        import json
        assert {u["unit"]: u["submitted"] for u in json.loads(proc.stdout)["units"]}["jianguan"] == 1
    assert snapshot(repo) == before


# --------------------------------------------------------------------------- empty and shallow history

def _shallow(tmp_path: Path) -> Path:
    repo = instance(tmp_path / "origin")
    item(repo)
    repo.commit("更多", by=ZHANG, date="2026-03-20 09:00 +0800", allow_empty=True)
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo.path}", str(clone)], check=True,
                   env=repo.env, capture_output=True)
    return clone


def _empty(tmp_path: Path) -> Path:
    repo = GitRepo(tmp_path / "empty")
    repo.write_yaml("units.yaml", UNITS)
    from gitbuilder import SCORING
    repo.write_yaml("scoring.yaml", SCORING)
    repo.write(A, submission())
    return repo.path


SHALLOW = ("仓库是浅克隆（shallow clone）：截断点之前的提交缺失，报送时间和审核记录都不可信，积分和排名可能全错；"
           "请先获取完整历史（git fetch --unshallow；CI 中把克隆深度设为 0）")
EMPTY = ("仓库还没有任何提交：没有审核记录，任何稿件都未通过审核，积分和排名没有意义；"
         "请先提交实例的文件（git add 与 git commit）")
PARTIAL = [
    ("shallow-scores", _shallow, ["scores", "--period", "2026-03", "--as-of", "2026-03-31"], 0,
     f"bulletin：警告：{SHALLOW}"),
    ("shallow-status", _shallow, ["status"], 0, f"bulletin：警告：{SHALLOW}"),
    ("shallow-issue", _shallow, ["issue", "2026-03", "--as-of", "2026-04-01", "--date", "2026-04-02"], 1,
     "bulletin：错误：仓库是浅克隆（shallow clone）：截断点之前的提交缺失，据此计算的积分不可信，"
     "不能据此印发或核对正式通报；请先获取完整历史（git fetch --unshallow）"),
    ("empty-scores", _empty, ["scores", "--period", "2026-03", "--as-of", "2026-03-31"], 0,
     f"bulletin：警告：{EMPTY}"),
    ("empty-status", _empty, ["status"], 0, f"bulletin：警告：{EMPTY}"),
]


@pytest.mark.parametrize("case, make, args, code, line", PARTIAL, ids=[p[0] for p in PARTIAL])
def test_partial_history_is_said_loudly_and_issue_refuses(tmp_path: Path, case: str, make: Callable[[Path], Path],
                                                          args: list[str], code: int, line: str) -> None:
    path = make(tmp_path)
    before = subprocess.run(["git", "status", "--porcelain=v1", "--untracked-files=all"], cwd=path,
                            capture_output=True, text=True).stdout
    proc = bulletin(path, *args)
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr
    assert proc.returncode == code, proc.stderr
    assert line in proc.stderr.splitlines(), proc.stderr
    assert not (path / "bulletins").exists()
    assert subprocess.run(["git", "status", "--porcelain=v1", "--untracked-files=all"], cwd=path,
                          capture_output=True, text=True).stdout == before


# --------------------------------------------------------------------------- 学习强国 exports

def _book(rows: list[list[Any]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["姓名", "本月登录天数", "年度积分"])
    for row in rows:
        sheet.append(row)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def _patch_sheet(data: bytes, old: bytes, new: bytes) -> bytes:
    """The workbook with its first sheet's XML edited (what another program could have written)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                assert old in body
                body = body.replace(old, new)
            dst.writestr(info, body)
    return out.getvalue()


def _huge_float() -> bytes:
    return _patch_sheet(_book([["张三", 3, 777]]), b"<v>777</v>", b"<v>1e400</v>")


def _huge_int() -> bytes:
    return _book([["张三", 3, 10 ** 30]])


def _huge_text() -> bytes:
    return _book([["张三", 3, "9" * 5000]])


def _formula() -> bytes:
    # A formula saved without its result (as a program that never calculates writes it).
    return _book([["张三", 3, "=SUM(100,200)"]])


def _bomb() -> bytes:
    data = _book([["张三", 3, 100]])
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info.filename))
        dst.writestr("xl/media/padding.bin", b"\0" * (80 * 1024 * 1024))
    return out.getvalue()


LEARNING = [
    ("huge-float", _huge_float, "2:3: error: 年度积分“inf”不是数字；请写整数，如 26"),
    ("huge-int", _huge_int, "2:3: error: year points (年度积分) '10000000000000000198…' 数值过大（超过 1,000,000），"
                            "不是真实的学习数据；请核对这个单元格"),
    ("huge-text", _huge_text, "2:3: error: year points (年度积分) '99999999999999999999…' 数值过大（超过 1,000,000），"
                              "不是真实的学习数据；请核对这个单元格"),
    ("formula-without-result", _formula, "2:3: error: 单元格 C2 是公式（=SUM(100,200)），但文件里没有保存计算结果，"
                                         "导入会被当作 0；请在 Excel 或 WPS 中打开并保存一次（让公式算出结果），"
                                         "或另存为 CSV 后再导入"),
    ("zip-bomb", _bomb, "1:1: error: 工作簿解压后有 80 MiB，超过导出文件的上限（64 MiB，压缩比不超过 100:1），"
                        "不予读取（可能是压缩炸弹）；请从学习强国管理后台重新导出，或另存为 CSV"),
]


@pytest.mark.parametrize("case, make, message", LEARNING, ids=[c[0] for c in LEARNING])
def test_a_bad_learning_export_is_refused_at_the_cell(tmp_path: Path, case: str, make: Callable[[], bytes],
                                                      message: str) -> None:
    repo = instance(tmp_path / "r")
    export = tmp_path / "export.xlsx"
    export.write_bytes(make())
    before = snapshot(repo)
    proc = bulletin(repo.path, "learning", "import", str(export), "--month", "2026-10")
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert f"{export}:{message}" in proc.stderr.splitlines(), proc.stderr
    assert not (repo.path / "learning").exists()
    assert snapshot(repo) == before


# --------------------------------------------------------------------------- mkdocs.yml and --out

def test_a_theme_that_is_not_a_mapping_is_located(tmp_path: Path) -> None:
    repo = instance(tmp_path / "r")
    repo.write("mkdocs.yml", "site_name: 信息宣传\ntheme: 42\n")
    repo.commit("site", by=ZHAO, date="2026-03-01 09:00 +0800")
    before = snapshot(repo)
    out = tmp_path / "site"
    proc = bulletin(repo.path, "build", "--out", str(out), "--as-of", "2026-03-31")
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr
    assert proc.returncode == 1
    assert proc.stderr.splitlines()[-2:] == [
        "mkdocs.yml:2:8: error: 'theme' 应为主题设置（如 theme: {palette: {primary: red}}），不能是 42；改正或删除这一项",
        "bulletin：已停止：请先修正上面的配置错误"]
    assert not out.exists()
    assert snapshot(repo) == before


def _folder(tmp_path: Path, repo: Path) -> Path:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "报告.docx").write_bytes(b"my own work")
    return out


def _file(tmp_path: Path, repo: Path) -> Path:
    out = tmp_path / "notes.txt"
    out.write_text("my own notes")
    return out


def _foreign_link(tmp_path: Path, repo: Path) -> Path:
    target = _folder(tmp_path, repo)
    out = tmp_path / "link"
    out.symlink_to(target)
    return out


def _foreign_releases(tmp_path: Path, repo: Path) -> Path:
    releases = tmp_path / "site.releases"
    releases.mkdir()
    (releases / "照片").mkdir()
    return tmp_path / "site"


OUTS: list[tuple[str, Callable[[Path, Path], Path], str]] = [
    ("existing-folder", _folder,
     "--out {out}：文件夹已存在且不是 bulletin 生成的网站（bulletin 生成的是指向 mine.releases/ 的链接）；"
     "为免误删数据，不移动也不删除它：请另选一个 --out，或自行移走这个文件夹"),
    ("a-file", _file, "--out {out}：这是一个文件，不是 bulletin 生成的网站；为免误删数据，不予替换：请另选一个 --out"),
    ("foreign-link", _foreign_link,
     "--out {out}：这是指向 {target} 的链接，不是 bulletin 生成的网站（bulletin 生成的是指向 link.releases/ 的链接）；"
     "为免误删数据，不予替换：请另选一个 --out，或自行移走它"),
    ("foreign-releases", _foreign_releases,
     "{out}.releases：文件夹里有不是 bulletin 生成的内容（照片），bulletin 会清理旧的发布，为免误删数据，不予使用："
     "请另选一个 --out"),
    ("the-repository", lambda tmp, repo: repo,
     "--out {out}：这是实例仓库本身或包含它的文件夹，生成网站会替换掉它；请另选一个文件夹，例如 --out site"),
    ("dot", lambda tmp, repo: Path("."),
     "--out {repo}：这是实例仓库本身或包含它的文件夹，生成网站会替换掉它；请另选一个文件夹，例如 --out site"),
    ("a-parent-of-the-repository", lambda tmp, repo: tmp,
     "--out {out}：这是实例仓库本身或包含它的文件夹，生成网站会替换掉它；请另选一个文件夹，例如 --out site"),
]


def _tree(path: Path) -> list[tuple[str, bytes | str]]:
    """Everything under ``path`` (links as their target), to show nothing was moved or deleted."""
    out: list[tuple[str, bytes | str]] = []
    for p in sorted(path.rglob("*")):
        if ".git" in p.parts:
            continue
        if p.is_symlink():
            out.append((str(p), os.readlink(p)))
        elif p.is_file():
            out.append((str(p), p.read_bytes()))
        else:
            out.append((str(p), "dir"))
    return out


@pytest.mark.parametrize("case, make, message", OUTS, ids=[o[0] for o in OUTS])
def test_an_out_that_bulletin_did_not_make_is_refused(tmp_path: Path, case: str,
                                                      make: Callable[[Path, Path], Path], message: str) -> None:
    repo = instance(tmp_path / "r")
    item(repo)
    out = make(tmp_path, repo.path)
    target = os.readlink(out) if out.is_symlink() else ""
    before, files = snapshot(repo), _tree(tmp_path)
    proc = bulletin(repo.path, "build", "--out", str(out), "--as-of", "2026-03-31")
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr
    assert proc.returncode == 1, proc.stderr
    shown = message.format(out=out, repo=repo.path, target=target)
    assert proc.stderr.splitlines()[-1] == f"bulletin：错误：{shown}"
    assert snapshot(repo) == before
    assert _tree(tmp_path) == files


def test_an_empty_repository_builds_with_a_loud_warning(tmp_path: Path) -> None:
    path = _empty(tmp_path)
    out = tmp_path / "site"
    proc = bulletin(path, "build", "--out", str(out), "--as-of", "2026-03-31")
    assert "Traceback" not in proc.stderr and proc.returncode == 0, proc.stderr
    assert f"bulletin：警告：{EMPTY}" in proc.stderr.splitlines()
    assert (out / "index.html").is_file()
