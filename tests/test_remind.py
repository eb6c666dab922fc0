"""``bulletin remind`` through a real SMTP server (aiosmtpd) on 127.0.0.1, reading what it received."""
from __future__ import annotations

import copy
import email
import email.policy
import json
import socket
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from gitbuilder import SCORING, UNITS, WANG, ZHANG, ZHAO, GitRepo, instance, submission
from sitekit import BULLETIN

aiosmtpd = pytest.importorskip("aiosmtpd.controller")

A = "submissions/2026/03/a.md"
B = "submissions/2026/03/b.md"
AS_OF = "2026-03-25"


class Recorder:
    """An aiosmtpd handler keeping every message; refuses the recipients in ``refuse`` with 550."""

    def __init__(self, refuse: set[str] | None = None):
        self.refuse = refuse or set()
        self.messages: list[tuple[list[str], email.message.EmailMessage]] = []

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        if address.lower() in self.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        msg = email.message_from_bytes(envelope.original_content or envelope.content, policy=email.policy.default)
        self.messages.append((list(envelope.rcpt_tos), msg))   # type: ignore[arg-type]
        return "250 Message accepted"


@contextmanager
def smtp_server(handler: Recorder) -> Iterator[int]:
    port = free_port()
    controller = aiosmtpd.Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port
    finally:
        controller.stop()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_repo(tmp_path: Path, unit_name: str | None = None) -> GitRepo:
    units: dict[str, Any] = copy.deepcopy(UNITS)
    units["review"]["escalate_days"] = 5
    if unit_name is not None:
        units["units"][0]["name"] = unit_name
    scoring = copy.deepcopy(SCORING)
    repo = instance(tmp_path / "repo", units=units, scoring=scoring)
    repo.write(A, submission(title="建筑工地扬尘治理"))
    repo.commit("报送：a", by=ZHANG, date="2026-03-09 09:00 +0800")
    repo.approve(A, by=WANG, date="2026-03-10 09:00 +0800")
    repo.write(B, submission(title="农民工工资专项检查"))
    repo.commit("报送：b", by=ZHANG, date="2026-03-20 09:00 +0800")
    repo.commit("退回修改：b\n\n请补充检查数据。\n\nReturn: " + B + "\n", by=ZHAO, date="2026-03-23 09:00 +0800",
                allow_empty=True)
    return repo


def remind(repo: GitRepo, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full = {k: v for k, v in repo.env.items() if not k.startswith("BULLETIN_")}
    full.update(env or {})
    return subprocess.run([str(BULLETIN), "remind", "--as-of", AS_OF, *args], cwd=repo.path, env=full,
                          capture_output=True, text=True)


def smtp_env(port: int) -> dict[str, str]:
    return {"BULLETIN_SMTP_HOST": "127.0.0.1", "BULLETIN_SMTP_PORT": str(port),
            "BULLETIN_SMTP_SENDER": "bulletin@wj.example.gov.cn", "BULLETIN_SMTP_TLS": "none"}


def by_recipient(handler: Recorder) -> dict[str, list[email.message.EmailMessage]]:
    out: dict[str, list[email.message.EmailMessage]] = {}
    for rcpts, msg in handler.messages:
        for r in rcpts:
            out.setdefault(r, []).append(msg)
    return out


def test_remind_delivers_digests_escalations_and_supervision(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    handler = Recorder()
    log = tmp_path / "sent.jsonl"
    with smtp_server(handler) as port:
        proc = remind(repo, "--sent-log", str(log), env=smtp_env(port))
        assert proc.returncode == 0, proc.stderr
        got = by_recipient(handler)
        # 赵六 (office) has waited since 03-09 (not ordered): 12 working days by 03-25
        zhao = [m for m in got["zhaoliu@wj.example.gov.cn"] if "待办事项" in m["Subject"]]
        assert len(zhao) == 1
        body = zhao[0].get_content()
        assert "【待我审核】" in body and "审核《建筑工地扬尘治理》（建筑管理科，办公室审核），已等待 12 个工作日（已逾期）" in body
        assert zhao[0]["To"].addresses[0].display_name == "赵六"
        assert zhao[0]["From"].addresses[0].addr_spec == "bulletin@wj.example.gov.cn"
        # the author of the returned item is told why
        zhang = "\n".join(m.get_content() for m in got["zhangsan@wj.example.gov.cn"])
        assert "修改被退回的《农民工工资专项检查》（赵六退回：请补充检查数据。）" in zhang
        # the leader in charge gets the escalation (past 5 working days)
        li = got["lisi@wj.example.gov.cn"]
        escalation = [m for m in li if "逾期未审核稿件提醒" in m["Subject"]]
        assert len(escalation) == 1 and "《建筑工地扬尘治理》（建筑管理科，办公室审核，审核人：赵六）" in \
            escalation[0].get_content()
        # 督办: the head and the liaison of 建筑管理科 (target 200 a year: 50 by March, 0 earned)
        notices = [m for _r, m in handler.messages if m["Subject"].startswith("【督办】建筑管理科")]
        assert len(notices) == 1
        assert {a.addr_spec for a in notices[0]["To"].addresses} == {"wangwu@wj.example.gov.cn",
                                                                    "zhangsan@wj.example.gov.cn"}
        assert "差 50 分" in notices[0].get_content() and "请于 2026-03-31 前补齐" in notices[0].get_content()
        # nobody without anything to do is written to
        assert "chenqi@wj.example.gov.cn" not in got
        # the sent-log holds one line per accepted message; a rerun sends nothing again
        rows = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
        assert len(rows) == len(handler.messages) and {r["day"] for r in rows} == {AS_OF}
        before = len(handler.messages)
        again = remind(repo, "--sent-log", str(log), env=smtp_env(port))
        assert again.returncode == 0 and len(handler.messages) == before
        assert "已跳过" in again.stdout


def test_a_refused_recipient_is_named_and_not_logged_as_sent(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    handler = Recorder(refuse={"zhaoliu@wj.example.gov.cn"})
    log = tmp_path / "sent.jsonl"
    with smtp_server(handler) as port:
        proc = remind(repo, "--sent-log", str(log), env=smtp_env(port))
    assert proc.returncode == 1
    assert "bulletin：错误：待办提醒未能发送给 赵六 <zhaoliu@wj.example.gov.cn>：邮件服务器拒收收件人" in proc.stderr
    assert "550" in proc.stderr and "Traceback" not in proc.stderr
    rows = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert not any("zhaoliu@wj.example.gov.cn" in r["to"] for r in rows)
    assert any("lisi@wj.example.gov.cn" in r["to"] for r in rows)      # the others went
    assert len(rows) == len(handler.messages)


def test_a_server_that_is_down_fails_every_message_and_logs_nothing(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    log = tmp_path / "sent.jsonl"
    proc = remind(repo, "--sent-log", str(log), env=smtp_env(free_port()))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    errors = [line for line in proc.stderr.splitlines() if line.startswith("bulletin：错误：")]
    assert len(errors) >= 4 and all("无法连接或发送到邮件服务器" in e for e in errors)
    assert any("赵六 <zhaoliu@wj.example.gov.cn>" in e for e in errors)
    assert not log.exists() or log.read_text() == ""


def test_repository_text_cannot_add_headers(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, unit_name="建筑管理科\r\nBcc: evil@example.com")
    handler = Recorder()
    with smtp_server(handler) as port:
        proc = remind(repo, env=smtp_env(port))
    assert proc.returncode == 0, proc.stderr
    assert all("evil@example.com" not in r for rcpts, _m in handler.messages for r in rcpts)
    assert all(m["Bcc"] is None for _r, m in handler.messages)
    assert any(m["Subject"] == "【督办】建筑管理科 Bcc: evil@example.com信息宣传工作目标进度落后（2026-03-25）"
               for _r, m in handler.messages)


def test_dry_run_prints_and_sends_nothing(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    proc = remind(repo, "--dry-run")
    assert proc.returncode == 0, proc.stderr
    assert "===== 待办提醒 =====" in proc.stdout and "===== 督办通知 =====" in proc.stdout
    assert "To: 赵六 <zhaoliu@wj.example.gov.cn>" in proc.stdout
    assert "未发送任何邮件" in proc.stderr


def test_without_a_server_remind_is_a_usage_error(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    proc = remind(repo)
    assert proc.returncode == 2 and "BULLETIN_SMTP_HOST" in proc.stderr
    inside = remind(repo, "--sent-log", str(repo.path / "sent.jsonl"), env=smtp_env(25))
    assert inside.returncode == 2 and "仓库内" in inside.stderr and not (repo.path / "sent.jsonl").exists()
