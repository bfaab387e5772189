"""The check as you type, run for real: remark with notes/.remarkrc.yml and the packages package-lock.json
pins (what the VS Code remark extension runs) finds a bad note's mistakes at their line, and is quiet on
good notes."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import REPO


@pytest.fixture(scope="session")
def remark(node_modules: Path) -> Path:
    """remark-cli and its plugins (package.json); it runs on Node.js."""
    return node_modules / ".bin" / "remark"


def run_remark(remark: Path, root: Path, *paths: str) -> subprocess.CompletedProcess:
    """remark as contributors run it: `--frail` makes a warning fail; diagnostics go to stderr."""
    return subprocess.run([str(remark), *paths, "--quiet", "--frail", "--no-stdout", "--no-color"], cwd=root,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture
def checked_project(project, remark):
    """The fictional project with the repository's remark config, its own schema and the installed packages."""
    shutil.copy(REPO / "notes" / ".remarkrc.yml", project.root / "notes" / ".remarkrc.yml")
    (project.root / "node_modules").symlink_to(REPO / "node_modules")
    assert project.run("schema").returncode == 0
    return project


def diagnostics(output: str, name: str) -> list[str]:
    """The report lines under `name` (remark prints the file, then a line per warning, then a blank line)."""
    lines = output.splitlines()
    start = lines.index(name) + 1
    return [line.strip() for line in lines[start:lines.index("", start)]]


def test_a_good_note_gives_no_diagnostic(checked_project, remark):
    checked_project.note()
    result = run_remark(remark, checked_project.root, "notes")
    assert result.returncode == 0 and not result.stderr.strip(), result.stderr


def test_a_bad_company_id_is_reported_at_its_line(checked_project, remark):
    checked_project.note(company="nobody")  # line 3 of the file
    result = run_remark(remark, checked_project.root, "notes")
    assert result.returncode == 1
    found = diagnostics(result.stderr, "notes/acme-cloud/2024Q4-company-release.md")
    assert len(found) == 1 and found[0].startswith("3:10-3:16 warning"), result.stderr
    assert "`acme-cloud`, `globex`" in found[0] and "#/properties/company/enum" in found[0]


def test_unknown_fields_are_reported(checked_project, remark):
    """An unknown figure field is shown at its figure; an unknown note field (a schema error about the whole
    front matter) at the file, as the plugin places errors about the root."""
    metrics = "metrics:\n  - metric: revenue\n    value: 1200.5\n    unit: CNY mn\n    growth: 20\n"
    checked_project.note(author="me", metrics=metrics)
    result = run_remark(remark, checked_project.root, "notes")
    assert result.returncode == 1
    found = diagnostics(result.stderr, "notes/acme-cloud/2024Q4-company-release.md")
    assert len(found) == 2, result.stderr
    figure = next(line for line in found if "#/definitions/figure/additionalProperties" in line)
    assert figure.startswith("12:5-") and "Must NOT have additional properties" in figure  # the item's first line
    assert any(line.startswith("warning Must NOT have additional properties") and "#/additionalProperties" in line
               for line in found), found


def test_the_shipped_notes_pass(remark):
    result = run_remark(remark, REPO, "notes")
    assert result.returncode == 0 and not result.stderr.strip(), result.stderr
