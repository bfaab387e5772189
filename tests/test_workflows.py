"""The GitHub Actions workflows, the pre-commit hooks and CONTRIBUTING.md: valid, and running commands that exist."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPO, digest_env
from system_packages import PACKAGES

WORKFLOWS = REPO / ".github" / "workflows"
PRE_COMMIT = REPO / ".pre-commit-config.yaml"


def workflow(name: str) -> dict:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def steps(data: dict) -> list[dict]:
    return [step for job in data["jobs"].values() for step in job["steps"]]


def run_lines(data: dict) -> list[str]:
    return [line.strip() for step in steps(data) for line in step.get("run", "").splitlines() if line.strip()]


def digest_commands(lines: list[str]) -> list[list[str]]:
    """Every `digest ...` invocation, as its words up to the first argument that is not a command or option."""
    found = []
    for line in lines:
        for match in re.finditer(r"(?:^|[;&|]\s*)digest\s+([^|;&>]*)", line):
            found.append(shlex.split(match.group(1)))
    return found


def test_workflows_are_valid_github_workflows():
    """Against the GitHub workflow schema that check-jsonschema ships (no network)."""
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert [f.name for f in files] == ["pages.yml", "pr.yml"]
    result = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
                             *map(str, files)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("name", ["pr.yml", "pages.yml"])
def test_every_job_has_steps_that_run_or_use_a_pinned_action(name):
    data = workflow(name)
    assert data["name"] and data["on"] and data["permissions"]["contents"] == "read"
    for job_id, job in data["jobs"].items():
        assert job["runs-on"] and job["timeout-minutes"], job_id
        for step in job["steps"]:
            assert ("run" in step) != ("uses" in step), step
            if "uses" in step:
                assert re.fullmatch(r"actions/[\w-]+@v\d+", step["uses"]), step["uses"]


def test_the_pull_request_workflow_checks_tests_builds_and_summarises():
    data = workflow("pr.yml")
    assert "pull_request" in data["on"]
    lines = run_lines(data)
    commands = [words[0] for words in digest_commands(lines)]
    assert commands == ["check", "diff", "schema", "build"]
    assert "python -m pytest -q" in lines
    tests = next(step for step in steps(data) if step.get("run") == "python -m pytest -q")
    assert tests["env"]["CI"] == "true", "CI fails a test whose system package is missing, rather than skip it"
    install = next(line for line in lines if "apt-get install" in line)
    assert all(name in install.split() for package in PACKAGES for name in package.debian), install
    summary = next(line for line in lines if line.startswith("digest diff"))
    assert '"origin/$BASE_REF"' in summary and "$GITHUB_STEP_SUMMARY" in summary
    checkout = next(s for s in steps(data) if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0, "digest diff needs the base branch's history"
    upload = next(s for s in steps(data) if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["path"].rstrip("/") == "site"
    order = [s.get("run", s.get("uses", "")) for s in steps(data)]
    position = [next(i for i, text in enumerate(order) if wanted in text)
                for wanted in ("pip install", "digest check", "pytest", "digest build --strict", "upload-artifact")]
    assert position == sorted(position), "install, check, test, build, then upload the site"


def test_ci_runs_the_readme_test_command_after_installing_what_the_tests_need():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    command = next(line for line in readme.splitlines() if line.endswith("-m pytest"))
    script = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert command in script.splitlines(), command
    installs = {name for group in re.findall(r"missing\+=\(([^)]*)\)", script) for name in group.split()}
    assert installs == {name for package in PACKAGES for name in package.debian}, installs


def test_the_pages_workflow_deploys_main():
    data = workflow("pages.yml")
    assert data["on"]["push"]["branches"] == ["main"]
    assert data["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert [words[:2] for words in digest_commands(run_lines(data))] == [["build", "--strict"]]
    build, deploy = data["jobs"]["build"], data["jobs"]["deploy"]
    uses = [s.get("uses", "").split("@")[0] for s in build["steps"]]
    assert "actions/upload-pages-artifact" in uses
    assert next(s for s in build["steps"] if "upload-pages-artifact" in s.get("uses", ""))["with"]["path"] == "site/"
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")


TEMPLATE_WORKFLOWS = REPO / "scripts" / "research_digest" / "authoring" / "template" / "github" / "workflows"


@pytest.mark.parametrize("path", [WORKFLOWS / "pr.yml", WORKFLOWS / "pages.yml", TEMPLATE_WORKFLOWS / "pr.yml",
                                  TEMPLATE_WORKFLOWS / "pages.yml"], ids=lambda path: path.relative_to(REPO).as_posix())
def test_the_workflows_keep_the_build_caches_between_runs(path):
    """`actions/cache` restores `.cache/` before the first digest command and saves it after the run,
    under a key that changes with what renders every page again, then with the notes (so that each run
    saves what it built); its restore keys fall back to the newest cache with the same code, then any."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    order = [step.get("run", step.get("uses", "")) for step in steps(data)]
    cache = next(step for step in steps(data) if step.get("uses", "").startswith("actions/cache@"))
    assert cache["uses"] == "actions/cache@v4"
    assert cache["with"]["path"].split() == [".cache"]
    first_digest = next(i for i, text in enumerate(order) if re.search(r"(^|\n)digest ", text))
    assert order.index(cache["uses"]) < first_digest, "restored before the first digest command reads it"
    key = cache["with"]["key"]
    code = "'scripts/**/*.py'" if path.is_relative_to(WORKFLOWS) else "'requirements.txt'"
    for part in ("${{ runner.os }}", "python3.11", code, "'registry/**'", "'mkdocs.yml'", "'notes/**'"):
        assert part in key, part
    restore = [line.strip() for line in cache["with"]["restore-keys"].splitlines() if line.strip()]
    assert len(restore) == 2 and all(key.startswith(prefix) and prefix.endswith("-") for prefix in restore)
    assert "'notes/**'" not in "".join(restore) and code in restore[0] and code not in restore[1]


def test_the_pre_commit_hooks_are_valid():
    result = subprocess.run([sys.executable, "-m", "pre_commit", "validate-config", str(PRE_COMMIT)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def commands_run_by_ci_hooks_and_contributors() -> list[list[str]]:
    lines = [line for name in ("pr.yml", "pages.yml") for line in run_lines(workflow(name))]
    hooks = yaml.safe_load(PRE_COMMIT.read_text(encoding="utf-8"))
    lines += [hook["entry"] for repo in hooks["repos"] for hook in repo["hooks"]]
    lines += re.findall(r"`(digest [^`]+)`", (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8"))
    return [list(words) for words in sorted({tuple(words) for words in digest_commands(lines)})]


@pytest.mark.parametrize("words", commands_run_by_ci_hooks_and_contributors(), ids=" ".join)
def test_the_commands_they_run_exist(words):
    """`digest <command> [arguments] --help` parses: the command and its options are real."""
    result = subprocess.run([sys.executable, "-m", "research_digest.cli", *words, "--help"], cwd=REPO,
                            capture_output=True, text=True, timeout=60, env=digest_env())
    assert result.returncode == 0, result.stderr


def test_the_pre_commit_hook_stops_a_broken_note(project):
    """`pre-commit run` in a repository with a broken note fails, naming the note."""
    project.note(kind="rumour")
    (project.root / ".pre-commit-config.yaml").write_text(PRE_COMMIT.read_text(encoding="utf-8"), encoding="utf-8")
    env = {**digest_env(), "PRE_COMMIT_HOME": str(project.root / ".pre-commit-cache"),
           "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]])}
    for args in (("init", "-q"), ("add", "notes", "registry", ".pre-commit-config.yaml")):
        subprocess.run(["git", *args], cwd=project.root, check=True, capture_output=True)
    result = subprocess.run([sys.executable, "-m", "pre_commit", "run", "digest-check", "--all-files"],
                            cwd=project.root, capture_output=True, text=True, timeout=300, env=env)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "kind: expected one of" in result.stdout


def pull_request_steps_after_install() -> list[dict]:
    """pr.yml's shell steps a pull request runs after installing, but the test suite itself (this is it)."""
    return [step for step in steps(workflow("pr.yml"))
            if "run" in step and step["name"] not in ("Install", "Tests")]


def run_like_github(step: dict, cwd: Path, summary: Path) -> subprocess.CompletedProcess:
    """One `run:` step as GitHub's runner does with `shell: bash`, on a pull request into main."""
    env = {**digest_env(), "GITHUB_STEP_SUMMARY": str(summary),
           "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]])}
    for key, value in step.get("env", {}).items():
        env[key] = value.replace("${{ github.base_ref }}", "main")
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=600)


def pull_request(project, tmp_path: Path) -> Path:
    """The fictional project pushed as `main` to an origin, and a clone of it to make a pull request in."""
    project.note()
    assert project.run("schema").returncode == 0
    git = lambda *args, cwd=project.root: subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)  # noqa: E731
    git("init", "-q", "-b", "main")
    git("add", "-A")
    git("-c", "user.name=Analyst", "-c", "user.email=analyst@example.com", "commit", "-qm", "base")
    clone = tmp_path / "pull-request"
    git("clone", "-q", str(project.root), str(clone))
    return clone


def test_a_pull_request_runs_every_workflow_step_and_summarises_its_change(project, tmp_path):
    """The workflow's own steps, run in order on a clone with a changed figure: all pass, the summary shows it."""
    clone = pull_request(project, tmp_path)
    note = clone / "notes" / "acme-cloud" / "2024Q4-company-release.md"
    note.write_text(note.read_text(encoding="utf-8").replace("value: 1200.5", "value: 1250.0"), encoding="utf-8")
    summary = tmp_path / "summary.md"
    for step in pull_request_steps_after_install():
        result = run_like_github(step, clone, summary)
        assert result.returncode == 0, f"{step['name']}: {result.stdout}{result.stderr}"
    text = summary.read_text(encoding="utf-8")
    assert "1 changed" in text and "Acme Cloud" in text, text
    assert "| changed | Revenue |" in text and "1,200.5 CNY mn" in text and "1,250.0 CNY mn" in text, text
    assert (clone / "site" / "companies" / "acme-cloud" / "index.html").is_file(), "the site the artifact uploads"


def test_a_pull_request_with_a_broken_note_stops_at_the_check_naming_it(project, tmp_path):
    clone = pull_request(project, tmp_path)
    note = clone / "notes" / "acme-cloud" / "2024Q4-company-release.md"
    note.write_text(note.read_text(encoding="utf-8").replace("kind: results-summary", "kind: rumour"), encoding="utf-8")
    check = next(step for step in pull_request_steps_after_install() if step["run"].strip() == "digest check")
    result = run_like_github(check, clone, tmp_path / "summary.md")
    assert result.returncode != 0
    assert "notes/acme-cloud/2024Q4-company-release.md" in result.stdout + result.stderr
