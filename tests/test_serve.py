"""`digest serve`, as a contributor uses it: start the preview, change notes, reload the page.

Every check polls the server until the page shows what the change should show; the timeout is only
there to fail rather than hang (speed is measured by `digest bench`).
"""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable

import pytest

from conftest import FictionalProject, digest_env
from research_digest.bench.bench import free_port

PATIENCE_S = 300
ACME_NOTE = "notes/acme-cloud/2024Q4-company-release-results-summary/"
GLOBEX_NOTE = "notes/globex/2024Q4-company-release-results-summary/"


class Preview:
    """`digest serve` running in a project; `get` fetches a page the way a reloading browser does."""

    def __init__(self, project: FictionalProject):
        self.project = project
        self.port = free_port()
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 (read while the server runs, closed by stop())
        self.process = subprocess.Popen([sys.executable, "-m", "research_digest.cli", "serve",
                                         "-a", f"127.0.0.1:{self.port}"], cwd=project.root, env=digest_env(),
                                        stdout=self.log, stderr=self.log)

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/{path}", timeout=30) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, ""
        except OSError:  # not listening yet
            return 0, ""

    def until(self, condition: Callable[[], bool], what: str) -> None:
        deadline = time.monotonic() + PATIENCE_S
        while not condition():
            if self.process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"digest serve never showed {what}:\n{self.output()[-3000:]}")
            time.sleep(0.2)

    def shows(self, path: str, text: str) -> None:
        self.until(lambda: text in self.get(path)[1], f"{text!r} on /{path}")

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read().decode()

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=60)
        self.log.close()


@pytest.fixture
def preview(project: FictionalProject):
    project.note(body="Acme grew.\n")
    project.note("globex/2024Q4-company-release.md", company="globex", title='"Globex Data 4Q24: steady"')
    server = Preview(project)
    server.shows(ACME_NOTE, "Acme grew")
    yield server
    server.stop()


def test_an_edited_note_shows_on_its_page_after_a_reload(preview):
    preview.project.note(body="Acme grew faster than Globex in the quarter.\n")
    preview.shows(ACME_NOTE, "Acme grew faster than Globex")
    preview.project.note(body="Acme grew, and said so twice.\n")  # a second edit, in the same session
    preview.shows(ACME_NOTE, "said so twice")
    # The rebuilds are dirty ones, which the plugin makes complete: MkDocs' warning would only alarm.
    assert "Detected file changes" in preview.output()
    assert "A 'dirty' build is being performed" not in preview.output()


def test_a_broken_note_at_the_start_stops_the_preview_with_its_problem(project):
    project.note(company="no-such-company")
    server = Preview(project)
    try:
        assert server.process.wait(timeout=PATIENCE_S) == 1
        assert "company: expected a company from the registry" in server.output()
        assert "Traceback" not in server.output()
    finally:
        server.stop()


def test_a_broken_note_is_reported_and_the_preview_keeps_the_site_until_it_is_fixed(preview):
    preview.project.note(company="no-such-company", body="Acme, broken.\n")
    problem = "company: expected a company from the registry"
    preview.until(lambda: problem in preview.output(), "the broken note's problem")
    assert "Traceback" not in preview.output()
    status, page = preview.get(ACME_NOTE)
    assert status == 200 and "Acme grew" in page
    preview.project.note(body="Acme, mended.\n")
    preview.shows(ACME_NOTE, "Acme, mended")


def test_an_added_note_is_linked_from_its_company_and_period_pages(preview):
    preview.project.note("acme-cloud/2024Q3-company-release.md", period="2024Q3",
                         title='"Acme Cloud 3Q24: a new note"', body="Acme added a note.\n")
    new_note = "notes/acme-cloud/2024Q3-company-release-results-summary/"
    preview.shows("companies/acme-cloud/", new_note.removeprefix("notes/"))
    preview.shows(new_note, "Acme added a note")
    preview.shows("periods/2024Q3/", "Acme Cloud 3Q24: a new note")


def test_a_deleted_note_is_gone_from_the_preview_and_from_its_company_page(preview):
    assert GLOBEX_NOTE.removeprefix("notes/") in preview.get("companies/globex/")[1]
    (preview.project.root / "notes" / "globex" / "2024Q4-company-release.md").unlink()
    preview.until(lambda: preview.get(GLOBEX_NOTE)[0] == 404, f"/{GLOBEX_NOTE} gone (404)")
    preview.until(lambda: GLOBEX_NOTE.removeprefix("notes/") not in preview.get("companies/globex/")[1],
                  "the company page without the deleted note")


def test_a_changed_navigation_reaches_every_page(preview):
    settings = preview.project.root / "mkdocs.yml"
    text = settings.read_text(encoding="utf-8")
    assert "  - Companies: companies/index.md\n" in text
    settings.write_text(text.replace("  - Companies: companies/index.md\n", "  - Firms A-Z: companies/index.md\n"),
                        encoding="utf-8")
    preview.shows(GLOBEX_NOTE, "Firms A-Z")  # a note page the generator did not rewrite


def search_index(preview: Preview) -> list[dict]:
    """The header search's index: an entry per page and per section of a page."""
    return json.loads(preview.get("search/search_index.json")[1])["docs"]


def on_page(entries: list[dict], page: str) -> str:
    return " ".join(entry["title"] + " " + entry["text"] for entry in entries
                    if entry["location"].split("#")[0] == page)


def test_header_search_still_finds_every_index_page_after_a_change(preview):
    before = search_index(preview)
    assert "Every note" in on_page(before, "browse/")
    assert "2 notes on 2 companies" in on_page(before, "")
    preview.project.note("acme-cloud/2024Q3-company-release.md", period="2024Q3", body="Acme, a quarter back.\n")
    preview.shows("notes/acme-cloud/2024Q3-company-release-results-summary/", "a quarter back")
    after = search_index(preview)
    # The change rebuilt the home page; the notes browser's page, not rebuilt, is kept. (A new period's
    # page is found by name, not through this index: render/search.py.)
    assert sorted(entry["location"] for entry in after) == sorted(entry["location"] for entry in before)
    assert on_page(after, "browse/") == on_page(before, "browse/")
    assert "3 notes on 2 companies" in on_page(after, "") and "2 notes" not in on_page(after, "")


def test_the_preview_saves_its_caches_after_each_edit_for_the_next_process(preview):
    """The preview saves its caches after the page has reloaded (once the background indexing is
    done), not during the rebuild: still, a process started after it begins from the last edit."""
    cache = preview.project.root / ".cache" / "notes.pickle"
    preview.until(cache.exists, "the note cache saved after the first build")
    saved = cache.stat().st_mtime_ns
    preview.project.note(body="Acme grew, cached.\n")
    preview.shows(ACME_NOTE, "Acme grew, cached")
    preview.until(lambda: cache.stat().st_mtime_ns > saved, "the note cache saved after the edit")
    saved = cache.stat().st_mtime_ns
    preview.project.note(body="Acme grew, stopped.\n")
    preview.shows(ACME_NOTE, "Acme grew, stopped")
    preview.stop()
    _, notes = pickle.loads(cache.read_bytes())  # what the next process starts from
    assert any("Acme grew, stopped" in note.body for note in notes.values())
