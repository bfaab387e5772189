"""`digest init`, as a second research team starts a digest of its own: a new folder that checks, builds
and passes its own pull-request workflow at once, and the same from a wheel installed in a clean
virtual environment, outside this repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from mkdocs.utils.yaml import yaml_load

from conftest import REPO, run_digest
from test_workflows import digest_commands, run_like_github, run_lines

EXAMPLE_PAGE = Path("site/notes/exemplar-cloud/2024Q4-company-release-results-summary/index.html")
EXAMPLE_TITLE = "Exemplar Cloud 4Q24: revenue up 18.5% on AI demand"


def settings(digest: Path) -> dict:
    """mkdocs.yml as MkDocs reads it (`site_url: !ENV SITE_URL`: from the environment)."""
    return yaml_load((digest / "mkdocs.yml").read_text(encoding="utf-8"))


def test_a_new_digest_checks_and_builds_with_its_example_note(tmp_path):
    digest = tmp_path / "team-digest"
    started = run_digest(tmp_path, "init", str(digest))
    assert started.returncode == 0, started.stderr
    assert "requirements.txt" in started.stdout  # the one thing to do before anything else
    assert "research-digest" in settings(digest)["plugins"] and "hooks" not in settings(digest)
    assert not list(digest.rglob("*.py")), "the plugin brings the code; the digest holds none"
    checked = run_digest(digest, "check", "--strict")
    assert checked.returncode == 0, checked.stderr
    assert "OK: 1 notes" in checked.stdout
    built = run_digest(digest, "build", "--strict")
    assert built.returncode == 0, built.stderr
    page = (digest / EXAMPLE_PAGE).read_text(encoding="utf-8")
    assert EXAMPLE_TITLE in page
    assert 'src="../../../assets/notes-search.js"' in page  # the notes' search, from the plugin's theme
    assert 'rel="alternate feed"' in page and (digest / "site" / "feeds" / "notes.xml").is_file()
    assert (digest / "site" / "pagefind" / "pagefind.js").is_file()
    # The home page says what the digest is, in mkdocs.yml's words; contributor pages have a tab of their own.
    home = (digest / "site" / "index.html").read_text(encoding="utf-8")
    assert f'<h1 id="research-digest">{settings(digest)["site_name"]}<' in home
    assert settings(digest)["site_description"] in home
    assert settings(digest)["nav"][-1] == {"For contributors": [{"Writing a note": "writing-a-note.md"}]}


def test_init_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "notes.txt").write_text("ours", encoding="utf-8")
    result = run_digest(tmp_path, "init", str(tmp_path))
    assert result.returncode == 1
    assert f"digest init: {tmp_path} is not empty" in result.stderr
    assert [path.name for path in tmp_path.iterdir()] == ["notes.txt"]


def test_the_new_digest_says_how_to_install_the_generator(tmp_path):
    digest = tmp_path / "team-digest"
    assert run_digest(tmp_path, "init", str(digest)).returncode == 0
    requirement = [line for line in (digest / "requirements.txt").read_text(encoding="utf-8").splitlines()
                   if line and not line.startswith("#")]
    assert requirement == ["research-digest @ git+https://github.com/OWNER/research-digest.git@REVISION"]
    readme = (digest / "README.md").read_text(encoding="utf-8")
    assert "not on PyPI" in readme and "replace `OWNER`" in readme and "`REVISION`" in readme


def test_the_new_digest_passes_its_own_pull_request_workflow(tmp_path):
    """The generated workflows are valid, and the pull-request one's steps (after installing) pass on a
    first pull request, which adds a note."""
    digest = tmp_path / "team-digest"
    assert run_digest(tmp_path, "init", str(digest)).returncode == 0
    workflows = sorted((digest / ".github" / "workflows").glob("*.yml"))
    assert [path.name for path in workflows] == ["pages.yml", "pr.yml"]
    valid = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
                            *map(str, workflows)], capture_output=True, text=True, timeout=120)
    assert valid.returncode == 0, valid.stdout + valid.stderr
    pages = yaml.safe_load(workflows[0].read_text(encoding="utf-8"))
    assert pages[True]["push"]["branches"] == ["main"]  # YAML 1.1 reads the key `on` as true
    assert [words[:2] for words in digest_commands(run_lines(pages))] == [["build", "--strict"]]
    git = lambda *args, cwd=digest: subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)  # noqa: E731
    git("init", "-q", "-b", "main")
    git("add", "-A")
    git("-c", "user.name=Analyst", "-c", "user.email=analyst@example.com", "commit", "-qm", "Start the digest")
    clone = tmp_path / "pull-request"
    git("clone", "-q", str(digest), str(clone))
    note = clone / "notes" / "exemplar-cloud" / "2024Q3-company-release.md"
    example = (clone / "notes" / "exemplar-cloud" / "2024Q4-company-release.md").read_text(encoding="utf-8")
    note.write_text(example.replace("period: 2024Q4", "period: 2024Q3").replace("4Q24", "3Q24"), encoding="utf-8")
    pr = yaml.safe_load(workflows[1].read_text(encoding="utf-8"))
    summary = tmp_path / "summary.md"
    for step in [step for job in pr["jobs"].values() for step in job["steps"]]:
        if "run" in step and "pip install" not in step["run"]:
            result = run_like_github(step, clone, summary)
            assert result.returncode == 0, f"{step['name']}: {result.stdout}{result.stderr}"
    assert "Exemplar Cloud" in summary.read_text(encoding="utf-8")
    assert (clone / "site" / "notes" / "exemplar-cloud" / "2024Q3-company-release-results-summary").is_dir()


@pytest.mark.slow
def test_a_wheel_installed_in_a_clean_environment_starts_and_builds_a_digest(tmp_path):
    """The issue's 'done when': `pip install` of the repository (as a wheel, no -e, no requirements.txt)
    into a new virtual environment, then `digest init` and `digest build` outside this repository."""
    source = tmp_path / "source"  # the package alone: a build in the checkout would leave build/ there
    source.mkdir()
    shutil.copy(REPO / "pyproject.toml", source)
    shutil.copytree(REPO / "scripts", source / "scripts", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path / "wheels"),
                    str(source)], check=True, capture_output=True, timeout=600)
    wheel, = (tmp_path / "wheels").glob("research_digest-*.whl")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    installed = subprocess.run([str(venv / "bin" / "pip"), "install", "-q", str(wheel)], capture_output=True,
                               text=True, timeout=1800)
    assert installed.returncode == 0, installed.stderr[-3000:]
    # The installed package alone: no PYTHONPATH leading back to this checkout.
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    env["PATH"] = os.pathsep.join([str(venv / "bin"), env["PATH"]])
    plugin = subprocess.run(["python", "-c", "import research_digest.plugin.plugin as p; print(p.__file__)"],
                            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert plugin.stdout.startswith(str(venv)), plugin.stdout + plugin.stderr
    digest = tmp_path / "team-digest"

    def run(*args: str, cwd: Path = digest) -> subprocess.CompletedProcess:
        return subprocess.run(["digest", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)

    started = run("init", str(digest), cwd=tmp_path)
    assert started.returncode == 0, started.stderr
    assert "research-digest" in settings(digest)["plugins"] and "hooks" not in settings(digest)
    built = run("build")
    assert built.returncode == 0, built.stderr
    assert EXAMPLE_TITLE in (digest / EXAMPLE_PAGE).read_text(encoding="utf-8")
    again = run("init", str(digest), cwd=tmp_path)
    assert again.returncode == 1 and "is not empty" in again.stderr
