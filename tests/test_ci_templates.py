"""The ready-to-copy CI definitions of ci-templates/ and .pre-commit-hooks.yaml.

Each definition must parse, and the exact shell commands it runs must succeed
(and fail where they should) on a clone of the sample instance, with the
forge's variables set as the forge sets them. ``uses:`` steps (checkout,
setup-python, Pages) are the forge's own and are not run here; posting
comments and publishing need tokens and are skipped when those are unset.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "ci-templates"
BIN = Path(sys.executable).parent
LIUTING = ("刘婷", "liuting@wj.example.gov.cn")          # a liaison of jianguan in the sample
FORGE_EMAIL = "git@code.wj.example.gov.cn"               # the sample's trusted committer


def load(name: str) -> dict[Any, Any]:
    data = yaml.safe_load((TEMPLATES / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def git(repo: Path, *args: str, env: dict[str, str]) -> str:
    proc = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """A clone of the sample instance with two merge-request branches: one good, one with an error."""
    if not (ROOT / ".git").exists():
        pytest.skip("needs the project's git repository (the sample instance)")
    base = tmp_path_factory.mktemp("ci")
    home = base / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "CI_", "GITHUB_", "PIP_"))}
    env.update({"HOME": str(home), "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", "LC_ALL": "C.UTF-8",
                "PATH": f"{BIN}{os.pathsep}{env.get('PATH', '')}", "PIP_NO_INDEX": "1"})
    repo = base / "instance"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(repo)], env=env, check=True)
    git(repo, "config", "user.name", LIUTING[0], env=env)
    git(repo, "config", "user.email", LIUTING[1], env=env)
    main = git(repo, "rev-parse", "HEAD", env=env)
    git(repo, "checkout", "-q", "-b", "submit/dust", env=env)
    made = subprocess.run([str(BIN / "bulletin"), "new", "--no-input", "--title", "武进住建局开展建筑工地扬尘治理专项检查",
                           "--category", "gov_info", "--date", "2026-11-20", "--slug", "dust-control"],
                          cwd=repo, env=env, capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    written = repo / "submissions/2026/11/dust-control.md"       # the liaison writes the article
    written.write_text(written.read_text(encoding="utf-8")
                       .replace("（在此撰写导语。）", "11月18日，武进住建局开展建筑工地扬尘治理专项检查。")
                       .replace("（在此撰写正文。）", "检查组抽查在建工地12个，发现问题23处，均已督促整改到位。"),
                       encoding="utf-8")
    git(repo, "add", "-A", env=env)
    git(repo, "commit", "-q", "-m", "报送：武进住建局开展建筑工地扬尘治理专项检查", env=env)
    good = git(repo, "rev-parse", "HEAD", env=env)
    git(repo, "checkout", "-q", "-b", "submit/typo", main, env=env)
    text = (ROOT / "submissions/2026/10/archives-exhibition.md").read_text(encoding="utf-8")
    bad_text = text.replace("unit: ", "unit: jianguang #", 1) if "unit: " in text else text
    (repo / "submissions/2026/11").mkdir(parents=True, exist_ok=True)
    (repo / "submissions/2026/11/typo.md").write_text(bad_text, encoding="utf-8")
    git(repo, "add", "-A", env=env)
    git(repo, "commit", "-q", "-m", "报送：typo", env=env)
    bad = git(repo, "rev-parse", "HEAD", env=env)
    signers = base / "allowed_signers"          # the build machine's file, outside the checkout
    signers.write_text("")
    yield {"repo": repo, "env": env, "main": main, "good": good, "bad": bad, "base": base, "signers": signers}


def checkout(sample: dict[str, Any], commit: str) -> Path:
    repo: Path = sample["repo"]
    git(repo, "checkout", "-q", "--detach", commit, env=sample["env"])
    git(repo, "clean", "-qfdx", env=sample["env"])
    return repo


def sh(script: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """A script as the runners run it: bash with -e and -o pipefail."""
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script], cwd=cwd, env=env,
                          capture_output=True, text=True)


# --------------------------------------------------------------------------- GitLab CI

def gitlab_job(name: str) -> list[str]:
    data = load("gitlab-ci.yml")
    job = data[name]
    return list(job.get("before_script", data["default"]["before_script"])) + list(job["script"])


def gitlab_env(sample: dict[str, Any], **extra: str) -> dict[str, str]:
    data = load("gitlab-ci.yml")
    env = dict(sample["env"])
    env.update({k: str(v) for k, v in data["variables"].items()})
    env.update({"CI_PROJECT_DIR": str(sample["repo"]), "CI_DEFAULT_BRANCH": "main"})
    env.update(extra)
    return env


def run_all(commands: list[str], cwd: Path, env: dict[str, str]) -> list[subprocess.CompletedProcess[str]]:
    out = []
    for cmd in commands:
        proc = sh(cmd, cwd, env)
        out.append(proc)
        if proc.returncode != 0:
            break
    return out


def test_gitlab_ci_parses_and_has_the_three_jobs() -> None:
    data = load("gitlab-ci.yml")
    assert data["variables"]["GIT_DEPTH"] == "0"
    assert data["stages"] == ["check", "publish"]
    for name in ("bulletin-check", "bulletin-review-status"):
        assert data[name]["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    assert data["bulletin-check"]["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert data["pages"]["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    assert data["pages"]["artifacts"]["paths"] == ["public"]


def test_gitlab_merge_request_jobs_run_green_on_a_good_merge_request(sample: dict[str, Any]) -> None:
    repo = checkout(sample, sample["good"])
    env = gitlab_env(sample, CI_PIPELINE_SOURCE="merge_request_event", CI_MERGE_REQUEST_DIFF_BASE_SHA=sample["main"])
    procs = run_all(gitlab_job("bulletin-check"), repo, env)
    assert [p.returncode for p in procs] == [0, 0], procs[-1].stderr
    assert json.loads((repo / "gl-code-quality-report.json").read_text()) == []
    assert "已检查 1 个文件：0 个错误，0 个警告" in procs[-1].stderr
    procs = run_all(gitlab_job("bulletin-review-status"), repo, env)
    assert [p.returncode for p in procs] == [0, 0], procs[-1].stderr
    comment = (repo / "review-status.md").read_text(encoding="utf-8")
    assert "submissions/2026/11/dust-control.md" in comment
    assert "### 王建华 (1)" in comment                       # the head of 建筑管理科: 科室审核
    assert "办公室审核" in comment and "分管领导签发" in comment


def test_gitlab_check_fails_with_an_inline_report_on_a_bad_merge_request(sample: dict[str, Any]) -> None:
    repo = checkout(sample, sample["bad"])
    env = gitlab_env(sample, CI_PIPELINE_SOURCE="merge_request_event", CI_MERGE_REQUEST_DIFF_BASE_SHA=sample["main"])
    procs = run_all(gitlab_job("bulletin-check"), repo, env)
    assert procs[-1].returncode == 1
    report = json.loads((repo / "gl-code-quality-report.json").read_text())
    assert [(i["location"]["path"], i["severity"]) for i in report] == [("submissions/2026/11/typo.md", "major")]
    assert report[0]["description"].startswith("未知单位“jianguang”")
    assert report[0]["location"]["positions"]["begin"]["line"] > 1


def test_gitlab_pages_builds_the_site_on_main(sample: dict[str, Any]) -> None:
    repo = checkout(sample, sample["main"])
    env = gitlab_env(sample, CI_COMMIT_BRANCH="main", BULLETIN_ALLOWED_SIGNERS=str(sample["signers"]),
                     BULLETIN_TRUSTED_COMMITTER=FORGE_EMAIL)
    procs = run_all(gitlab_job("pages"), repo, env)
    assert [p.returncode for p in procs] == [0, 0], procs[-1].stderr
    assert (repo / "public/index.html").is_file() and not (repo / "public").is_symlink()


def test_gitlab_merge_commit_template_writes_trailers_bulletin_counts(sample: dict[str, Any]) -> None:
    """The template, filled in as GitLab fills it, on a merge commit by the forge's identity."""
    repo = checkout(sample, sample["main"])
    env = dict(sample["env"])
    git(repo, "checkout", "-q", "-B", "merged", sample["main"], env=env)
    template = (TEMPLATES / "gitlab-merge-commit-template.txt").read_text(encoding="utf-8")
    approvers = [("王建华", "wangjianhua@wj.example.gov.cn"), ("蒋伟", "jiangwei@wj.example.gov.cn"),
                 ("钱卫东", "qianweidong@wj.example.gov.cn")]
    message = (template.replace("%{source_branch}", "submit/dust").replace("%{target_branch}", "main")
               .replace("%{title}", "报送：扬尘治理").replace("%{reference}", "wj/bulletin!12")
               .replace("%{approved_by}", "\n".join(f"Approved-by: {n} <{e}>" for n, e in approvers)))
    forge = {"GIT_COMMITTER_NAME": "代码托管平台", "GIT_COMMITTER_EMAIL": FORGE_EMAIL}
    git(repo, "merge", "-q", "--no-ff", "-m", message, sample["good"], env={**env, **forge})
    proc = subprocess.run([str(BIN / "bulletin"), "status", "--format", "json",
                           "submissions/2026/11/dust-control.md"], cwd=repo, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    (state,) = json.loads(proc.stdout)
    assert state["approved"], state
    assert {a["form"] for a in state["approvals"]} == {"trailer"}


# --------------------------------------------------------------------------- GitHub and Gitea/Forgejo Actions

_EXPR = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def expand(value: Any, context: dict[str, str]) -> str:
    """``${{ a || 'b' }}`` expressions as the runner expands them (unknown names are empty)."""
    def one(m: re.Match[str]) -> str:
        for term in (t.strip() for t in m.group(1).split("||")):
            got = term[1:-1] if term.startswith("'") and term.endswith("'") else context.get(term, "")
            if got:
                return got
        return ""
    return _EXPR.sub(one, str(value))


def actions_steps(name: str, job: str, context: dict[str, str], base_env: dict[str, str],
                  ) -> list[tuple[str, dict[str, str]]]:
    data = load(name)
    env = dict(base_env)
    env.update({k: expand(v, context) for k, v in (data.get("env") or {}).items()})
    env.update({k: expand(v, context) for k, v in (data["jobs"][job].get("env") or {}).items()})
    steps = []
    for step in data["jobs"][job]["steps"]:
        if "run" in step:
            step_env = {**env, **{k: expand(v, context) for k, v in (step.get("env") or {}).items()}}
            steps.append((expand(step["run"], context), step_env))
    return steps


@pytest.mark.parametrize("name", ["github-actions.yml", "gitea-actions.yml"])
def test_actions_workflows_parse(name: str) -> None:
    data = load(name)
    triggers = data.get("on", data.get(True))                  # YAML 1.1 reads a bare `on` as true
    assert set(triggers) == {"pull_request", "push"} and triggers["push"] == {"branches": ["main"]}
    assert data["jobs"]["check"]["if"] == "github.event_name == 'pull_request'"
    assert data["jobs"]["publish"]["if"] == "github.event_name == 'push'"
    for job in data["jobs"].values():
        checkout_step = job["steps"][0]
        assert checkout_step["uses"] == "actions/checkout@v4" and checkout_step["with"]["fetch-depth"] == 0


def actions_context(sample: dict[str, Any], **extra: str) -> dict[str, str]:
    context = {"github.event.pull_request.base.sha": sample["main"], "github.server_url": "https://code.example",
               "github.repository": "wj/bulletin"}
    context.update(extra)
    return context


@pytest.mark.parametrize("name", ["github-actions.yml", "gitea-actions.yml"])
def test_actions_pull_request_job_runs_green_and_annotates_errors(sample: dict[str, Any], name: str) -> None:
    base_env = {**sample["env"], "RUNNER_TEMP": str(sample["base"]),
                "GITHUB_STEP_SUMMARY": str(sample["base"] / f"summary-{name}.md")}
    repo = checkout(sample, sample["good"])
    procs = [sh(cmd, repo, env) for cmd, env in actions_steps(name, "check", actions_context(sample), base_env)]
    assert [p.returncode for p in procs] == [0, 0, 0], [p.stderr for p in procs]
    assert "::" not in procs[1].stdout
    comment = (repo / "review-status.md").read_text(encoding="utf-8")
    assert "submissions/2026/11/dust-control.md" in comment and "### 王建华 (1)" in comment
    if name == "github-actions.yml":
        assert "审核进度" in Path(base_env["GITHUB_STEP_SUMMARY"]).read_text(encoding="utf-8")

    repo = checkout(sample, sample["bad"])
    steps = actions_steps(name, "check", actions_context(sample), base_env)
    assert sh(steps[0][0], repo, steps[0][1]).returncode == 0
    checked = sh(steps[1][0], repo, steps[1][1])
    assert checked.returncode == 1
    assert re.search(r"^::error file=submissions/2026/11/typo\.md,line=\d+,col=\d+,title=bulletin check::"
                     r"未知单位“jianguang”", checked.stdout, re.M), checked.stdout


@pytest.mark.parametrize("name", ["github-actions.yml", "gitea-actions.yml"])
def test_actions_publish_job_builds_the_site(sample: dict[str, Any], name: str) -> None:
    temp = sample["base"] / f"runner-{name}"
    temp.mkdir(exist_ok=True)
    base_env = {**sample["env"], "RUNNER_TEMP": str(temp)}
    key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIADOCCUoN3Q1UPQqUvp845fKy7haJH17qsSkVXzWXilW"
    context = actions_context(sample, **{"secrets.BULLETIN_ALLOWED_SIGNERS": f"{FORGE_EMAIL} {key}",
                                         "vars.BULLETIN_TRUSTED_COMMITTER": FORGE_EMAIL})
    repo = checkout(sample, sample["main"])
    procs = [sh(cmd, repo, env) for cmd, env in actions_steps(name, "publish", context, base_env)]
    assert all(p.returncode == 0 for p in procs), [p.stderr for p in procs]
    assert (temp / "allowed_signers").read_text() == f"{FORGE_EMAIL} {key}\n"
    assert (repo / "site/index.html").is_file()
    if name == "github-actions.yml":
        assert (repo / "_site/index.html").is_file() and not (repo / "_site").is_symlink()
    else:
        assert "BULLETIN_DEPLOY_TARGET is not set" in procs[-1].stdout


# --------------------------------------------------------------------------- pre-commit

def test_pre_commit_hook_runs_bulletin_check_on_the_staged_files(sample: dict[str, Any]) -> None:
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "bulletin-check" and hook["language"] == "python"
    files = re.compile(hook["files"])
    assert files.search("submissions/2026/11/typo.md") and files.search("units.yaml")
    assert not files.search("evidence/2026/03/scan.png") and not files.search("README.md")
    repo = checkout(sample, sample["bad"])
    entry = hook["entry"].split()
    good = subprocess.run([*entry, "submissions/2026/10/archives-exhibition.md"], cwd=repo, env=sample["env"],
                          capture_output=True, text=True)
    bad = subprocess.run([*entry, "submissions/2026/11/typo.md"], cwd=repo, env=sample["env"],
                         capture_output=True, text=True)
    assert (good.returncode, bad.returncode) == (0, 1)
    assert "submissions/2026/11/typo.md:" in bad.stdout and "error: 未知单位“jianguang”" in bad.stdout


def test_the_templates_readme_documents_branch_protection() -> None:
    text = (TEMPLATES / "README.md").read_text(encoding="utf-8")
    for needle in ("%{approved_by}", "trusted_committers", "allowed_signers", "保护分支", "Protected branches"):
        assert needle in text
    assert shutil.which("bash")


# --------------------------------------------------------------------------- scheduled reminders

@pytest.mark.parametrize("name", ["github-remind.yml", "gitea-remind.yml"])
def test_remind_workflows_run_on_a_schedule(name: str) -> None:
    data = load(name)
    triggers = data.get("on", data.get(True))
    assert triggers["schedule"] == [{"cron": "30 0 * * 1-5"}] and "workflow_dispatch" in triggers
    steps = data["jobs"]["remind"]["steps"]
    assert steps[0]["uses"] == "actions/checkout@v4" and steps[0]["with"]["fetch-depth"] == 0
    env = steps[-1]["env"]
    assert env["BULLETIN_SMTP_PASSWORD"] == "${{ secrets.BULLETIN_SMTP_PASSWORD }}"


def test_gitlab_remind_job_runs_only_in_scheduled_pipelines() -> None:
    data = load("gitlab-ci.yml")
    assert data["bulletin-remind"]["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "schedule"'}]


@pytest.mark.parametrize("name", ["github-remind.yml", "gitea-remind.yml", "gitlab-ci.yml"])
def test_remind_jobs_send_through_a_real_smtp_server(sample: dict[str, Any], name: str, tmp_path: Path) -> None:
    from test_remind import Recorder, smtp_server

    repo = checkout(sample, sample["main"])
    base_env = {**sample["env"], "RUNNER_TEMP": str(tmp_path)}
    handler = Recorder()
    with smtp_server(handler) as port:
        if name == "gitlab-ci.yml":
            env = gitlab_env(sample, CI_PIPELINE_SOURCE="schedule", BULLETIN_SMTP_HOST="127.0.0.1",
                             BULLETIN_SMTP_PORT=str(port), BULLETIN_SMTP_SENDER="bulletin@wj.example.gov.cn",
                             BULLETIN_SMTP_TLS="none")
            procs = [sh(cmd, repo, env) for cmd in data_script("bulletin-remind")]
        else:
            context = actions_context(sample, **{"vars.BULLETIN_SMTP_HOST": "127.0.0.1",
                                                 "vars.BULLETIN_SMTP_PORT": str(port),
                                                 "vars.BULLETIN_SMTP_SENDER": "bulletin@wj.example.gov.cn",
                                                 "vars.BULLETIN_SMTP_TLS": "none"})
            procs = [sh(cmd, repo, env) for cmd, env in actions_steps(name, "remind", context, base_env)]
    assert all(p.returncode == 0 for p in procs), [p.stderr for p in procs]
    assert handler.messages and all(m["From"].addresses[0].addr_spec == "bulletin@wj.example.gov.cn"
                                    for _r, m in handler.messages)
    assert any("待办事项" in m["Subject"] for _r, m in handler.messages)


def data_script(job: str) -> list[str]:
    return list(load("gitlab-ci.yml")[job]["script"])


def test_remind_job_without_a_server_only_shows_what_it_would_send(sample: dict[str, Any], tmp_path: Path) -> None:
    repo = checkout(sample, sample["main"])
    steps = actions_steps("github-remind.yml", "remind", actions_context(sample),
                          {**sample["env"], "RUNNER_TEMP": str(tmp_path)})
    proc = sh(steps[-1][0], repo, steps[-1][1])
    assert proc.returncode == 0, proc.stderr
    assert "BULLETIN_SMTP_HOST is not set" in proc.stdout and "===== 待办提醒 =====" in proc.stdout
