"""Nothing lost: `digest build` writes the generated pages and the site into staging folders and
puts them in place only when the whole build is complete. A build killed midway, or one that fails,
leaves docs/generated/ and site/ byte for byte as they were; a build that changes nothing writes
nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import digest_env

SOURCES = ("company-release", "earnings-call")


def add_notes(project, first: int, count: int) -> None:
    """`count` fictional notes, numbered from `first`: quarters from 2000 on, two companies, two sources."""
    for number in range(first, first + count):
        quarter, rest = divmod(number, 4)
        company, source = ("acme-cloud", "globex")[rest // 2], SOURCES[rest % 2]
        period = f"{2000 + quarter // 4}Q{quarter % 4 + 1}"
        project.note(name=f"{company}/{period}-{source}.md", company=company, period=period, source=source,
                     title=f'"{company} {period}: note {number}"', body=f"Note {number}.\n")


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file below `root` with its bytes (hidden files included)."""
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


def outputs(project) -> tuple[dict[str, bytes], dict[str, bytes]]:
    return snapshot(project.root / "docs" / "generated"), snapshot(project.root / "site")


@pytest.fixture
def built(project):
    """A project with 24 notes built once: the last good site."""
    add_notes(project, 0, 24)
    result = project.run("build")
    assert result.returncode == 0, result.stderr
    return project


@pytest.mark.slow  # builds a site of 324 notes, to kill midway, then again
@pytest.mark.parametrize("stage", ["docs/.generated-build/notes", ".site-staging/notes"])
def test_a_build_killed_midway_leaves_the_previous_site_intact(built, stage):
    before = outputs(built)
    add_notes(built, 24, 300)
    build = subprocess.Popen([sys.executable, "-m", "research_digest.cli", "build"], cwd=built.root,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=digest_env())
    try:
        deadline = time.monotonic() + 300
        while not (built.root / stage).exists() and build.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
        build.send_signal(signal.SIGKILL)
    finally:
        build.wait(timeout=60)
    assert build.returncode == -signal.SIGKILL, "the build ended before it could be killed midway"
    assert outputs(built) == before

    result = built.run("build")  # the next build clears what the killed one left and publishes
    assert result.returncode == 0, result.stderr
    assert len(list((built.root / "site" / "notes").glob("*/*/index.html"))) == 324
    assert not (built.root / ".site-staging").exists() and not (built.root / "docs" / ".generated-build").exists()


def test_a_bad_note_leaves_the_previous_site_intact(built):
    before = outputs(built)
    add_notes(built, 24, 8)
    built.note(name="acme-cloud/broken.md", period="2010Q1", company="acme-clod")
    result = built.run("build")
    assert result.returncode == 1
    assert "the previous site is unchanged" in result.stderr
    assert outputs(built) == before


def test_a_build_failing_in_mkdocs_after_generating_leaves_both_intact(built):
    """The generator succeeds, MkDocs then fails (--strict, a broken link in a hand-written page):
    the pages generated on the way are not published either."""
    before = outputs(built)
    add_notes(built, 24, 8)
    built.write("docs/pages/about.md", "# About\n\nSee [the missing page](missing.md).\n")
    result = built.run("build", "--strict")
    assert result.returncode == 1
    assert "Build failed: the previous site is unchanged." in result.stderr
    assert outputs(built) == before


def test_a_rebuild_with_no_change_writes_nothing(built):
    generated = built.root / "docs" / "generated"
    stamps = {path: (path.stat().st_ino, path.stat().st_mtime_ns) for path in generated.rglob("*")}
    result = built.run("build")
    assert result.returncode == 0
    assert "0 written, 0 removed" in result.stderr
    assert {path: (path.stat().st_ino, path.stat().st_mtime_ns) for path in generated.rglob("*")} == stamps
    assert "0 written, 0 removed" in built.run("generate").stdout


def test_a_changed_note_rewrites_only_its_pages(built):
    generated = built.root / "docs" / "generated"
    untouched = generated / "sources" / "everbright-securities.md"
    stamp = os.stat(untouched).st_mtime_ns
    built.note(name="acme-cloud/2000Q1-company-release.md", title='"A new title"', period="2000Q1")
    result = built.run("build")
    assert result.returncode == 0
    written = int(result.stderr.split(" written")[0].rsplit(" ", 1)[1])
    # Its page and the pages that list it (company, period, segment, source, indexes, home), its
    # company's and the site's feeds and data files: a handful, out of hundreds.
    assert 0 < written < 20
    assert os.stat(untouched).st_mtime_ns == stamp
    page = generated / "notes" / "acme-cloud" / "2000Q1-company-release-results-summary.md"
    assert "A new title" in page.read_text()
