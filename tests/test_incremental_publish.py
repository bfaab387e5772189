"""Publishing after one note's change, as the workflows do it: each run is a new checkout (every file
written anew, with new modification times), with the `.cache/` folder the last run saved restored
into it (`actions/cache` in .github/workflows/). Such a build renders again only the pages the change
reaches and draws only its chart, and publishes what a build without the cache publishes."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, digest_env
from research_digest.bench.bench import Bench
from research_digest.bench.synthetic import write_corpus
from research_digest.build.project import copy_project

NOTES = 60  # fictional companies, from the bench's synthetic corpus
REPORT = re.compile(r"Generated (\d+) notes.*; (\d+) pages reused; (\d+) charts drawn")


def digest_build(root: Path) -> tuple[int, int]:
    """`digest build` in `root`: the pages it reused and the charts it drew, from its report. Not strict:
    the bench's edit changes a revenue that its neighbours' stated changes then disagree with, a warning."""
    result = subprocess.run([sys.executable, "-m", "research_digest.cli", "build"], cwd=root,
                            capture_output=True, text=True, timeout=600, env=digest_env())
    assert result.returncode == 0, result.stderr
    found = REPORT.search(result.stdout + result.stderr)
    assert found, result.stdout + result.stderr
    assert int(found[1]) == NOTES
    return int(found[2]), int(found[3])


def checkout(repository: Path, workspace: Path) -> Path:
    """A new checkout of `repository` at `workspace`: the same files, every one written anew."""
    shutil.rmtree(workspace, ignore_errors=True)
    shutil.copytree(repository, workspace, copy_function=shutil.copy)  # shutil.copy: new modification times
    return workspace


def edit_one_note(root: Path, notes: list[Path], repository: Path) -> None:
    """The bench's edit (a revenue figure and a sentence of the body of the corpus's middle note)."""
    Bench(root, [root / note.relative_to(repository) for note in notes], lambda line: None).edit_note("one edit")


def generated(root: Path) -> dict[str, bytes]:
    folder = root / "docs" / "generated"
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


@pytest.mark.slow  # five builds of a 60-note site
def test_a_new_checkout_with_the_cache_restored_renders_only_what_one_edit_reaches(tmp_path):
    (tmp_path / "repository").mkdir()
    repository = copy_project(REPO, tmp_path / "repository", notes=False).root
    notes = write_corpus(repository, NOTES)
    workspace = tmp_path / "workspace"  # the runner's checkout folder, the same on every run

    # The run before: a first build, whose caches the workflow saves.
    reused, charts = digest_build(checkout(repository, workspace))
    assert reused == 0 and charts > 10
    saved = tmp_path / "saved-cache"
    shutil.copytree(workspace / ".cache", saved)
    # What the edit costs where nothing else changed: in the same folder, as `digest serve` sees it.
    edit_one_note(workspace, notes, repository)
    in_place = digest_build(workspace)

    # The next push makes that edit: a new checkout, with the saved cache restored into it.
    checkout(repository, workspace)
    shutil.copytree(saved, workspace / ".cache")
    edit_one_note(workspace, notes, repository)
    reused, charts_drawn = digest_build(workspace)
    assert (reused, charts_drawn) == in_place
    assert charts_drawn == 1  # the edited company's revenue chart
    with_cache = generated(workspace)
    # The pages the edit reaches (the note and its neighbours, its company, period and segments, two
    # feeds and the company's data) are a handful of those the cache holds: a build with no change
    # reuses them all.
    every_page, no_chart = digest_build(workspace)
    assert no_chart == 0 and every_page > NOTES
    assert 1 <= every_page - reused <= 15, (every_page, reused)

    # The same push without the cache renders and draws everything, and publishes the same pages.
    fresh = checkout(repository, tmp_path / "no-cache")
    edit_one_note(fresh, notes, repository)
    assert digest_build(fresh) == (0, charts)
    assert generated(fresh) == with_cache
