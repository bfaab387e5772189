"""`digest diff BASE`: the data a change adds, changes and removes, as a pull request's summary shows it."""

from __future__ import annotations

import subprocess

import pytest

from conftest import METRICS, FictionalProject


def git(project, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=project.root, capture_output=True, text=True, check=True)
    return done.stdout


@pytest.fixture
def repo(project):
    """The fictional project as a git repository with one committed note."""
    project.note()
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "notes", "registry", "mkdocs.yml")
    git(project, "-c", "user.name=Analyst", "-c", "user.email=analyst@example.com", "commit", "-q", "-m", "First note")
    return project


def section(out: str, heading: str) -> str:
    """The table under one `### company · period` heading."""
    start = out.index(heading)
    end = out.find("\n### ", start + 1)
    return out[start:end if end != -1 else None]


def test_a_changed_figure_shows_old_and_new_value(repo):
    repo.note(metrics=METRICS.replace("value: 1200.5", "value: 1250.0"))
    result = repo.run("diff", "HEAD")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Against `HEAD`: 0 figure(s) added, 1 changed, 0 removed." in out
    table = section(out, "### Acme Cloud 艾克云 · 2024Q4")
    row = next(line for line in table.splitlines() if line.startswith("| changed"))
    assert "Revenue" in row and "Company results release" in row
    assert row.index("1,200.5 CNY mn, YoY +20.0%, QoQ +5.0%") < row.index("1,250.0 CNY mn, YoY +20.0%, QoQ +5.0%")


def test_added_and_removed_figures_per_company_and_period(repo):
    revenue_only = METRICS[:METRICS.index("  - metric: gross-margin")]
    repo.note(metrics=revenue_only + "  - metric: revenue\n    period: FY2024\n    value: 4100\n    unit: CNY mn\n")
    repo.note(name="globex/2025Q1-company-release.md", company="globex", period="2025Q1", segments=None,
              title='"Globex 1Q25"', metrics="metrics:\n  - metric: revenue\n    value: 80\n    unit: USD mn\n")
    out = repo.run("diff", "HEAD").stdout
    assert "2 figure(s) added, 0 changed, 1 removed." in out
    removed = section(out, "### Acme Cloud 艾克云 · 2024Q4")
    assert "| removed | Gross margin (reported) |" in removed and "30.0 %, YoY +1.5 pp" in removed
    assert "| added | Revenue |" in section(out, "### Acme Cloud 艾克云 · FY2024")
    assert "80.0 USD mn" in section(out, "### Globex Data 环球数据 · 2025Q1")
    # periods in time order within a company
    assert out.index("· 2024Q4") < out.index("· FY2024")


def test_nothing_changed(repo):
    result = repo.run("diff", "HEAD")
    assert result.returncode == 0
    assert "0 figure(s) added, 0 changed, 0 removed." in result.stdout
    assert "###" not in result.stdout


def test_a_broken_note_is_reported_not_hidden(repo):
    repo.note(kind="rumour")
    out = repo.run("diff", "HEAD").stdout
    assert "**1 error(s) in the notes of this change**" in out
    assert "0 changed, 2 removed" in out


def test_an_unknown_revision_is_a_clear_error(repo):
    result = repo.run("diff", "origin/nowhere")
    assert result.returncode == 1
    assert "digest diff: expected a git revision such as origin/main, HEAD~1 or a commit id; found 'origin/nowhere'" \
        in result.stderr
    assert "Traceback" not in result.stderr


def test_a_project_in_a_subfolder_of_the_repository(tmp_path):
    """The project need not be the repository's root: BASE's notes are read from the same folder."""
    (tmp_path / "research").mkdir()
    project = FictionalProject(tmp_path / "research")
    project.note()
    for args in (("init", "-q", "-b", "main"), ("add", "research/notes", "research/registry"),
                 ("-c", "user.name=A", "-c", "user.email=a@example.com", "commit", "-q", "-m", "First note")):
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)
    project.note(metrics=METRICS.replace("value: 30.0", "value: 31.0"))
    result = project.run("diff", "HEAD")
    assert "0 figure(s) added, 1 changed, 0 removed." in result.stdout, result.stderr


def test_a_new_conflict_is_reported(repo):
    """A second note on the same quarter with another revenue: the summary names the conflict."""
    repo.note(name="acme-cloud/2024Q4-call.md", source="earnings-call", kind="call-digest",
              metrics=METRICS.replace("value: 1200.5", "value: 1300.0"))
    result = repo.run("diff", "HEAD")
    assert result.returncode == 0, result.stderr
    assert "**1 new conflict(s)**" in result.stdout
    conflict = next(line for line in result.stdout.splitlines() if line.startswith("- "))
    assert "2024Q4-call.md" in conflict and "2024Q4-company-release.md" in conflict
