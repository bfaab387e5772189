"""Full-text index of the notes: Pagefind run over the built site, after MkDocs.

Material's own search index is one file that every search downloads whole, so it holds only the
company, segment, period and source pages (see `render/search.py`). The notes, whose number grows
year after year, are indexed by Pagefind: it writes its index in chunks, and a search in the reader's
browser loads only the chunks for its words and the excerpts of the results it shows. Pagefind's
extended build segments Chinese; every note is indexed as Chinese so that one index serves the notes
in both languages (English words are still split at spaces and punctuation).

The MkDocs plugin calls `index_notes` after every build (so `mkdocs build`, `mkdocs serve` and
`digest build` all produce it); a plugin-less MkDocs successor would call it on its output folder.
Under `mkdocs serve` it runs in the background (`BackgroundIndexing`), at a low priority: the edited
page reloads at once, and the notes' search catches up a few seconds later. A newer build stops it
(`cancel`) rather than wait for an index of a site about to change.
"""

from __future__ import annotations

import json
import os
import subprocess
import threading
from collections.abc import Callable
from pathlib import Path

from pagefind_bin_extended import get_executable

BUNDLE_DIR = "pagefind"  # below the site folder; the plugin theme's assets/notes-search.js loads it from there
NOTE_PAGES = "notes/**/*.html"
ROOT = "article.md-content__inner"  # the page itself, not the navigation around it
# What every note page repeats (its facts, the figures table, the charts with their data tables,
# the neighbours' titles) would make the commonest words' chunks large and match a note for words
# that are not its own. A body has no img or details: its HTML is cleaned to an allow-list.
EXCLUDED = (".headerlink", ".note-facts", ".note-figures", "img", "details", ".note-neighbours")


class FulltextError(RuntimeError):
    """Pagefind could not index the site."""


class Cancelled(Exception):
    """A newer build stopped the background indexing."""


def index_notes(site_dir: Path, started: Callable[[subprocess.Popen], None] | None = None) -> int:
    """Write the notes' index into `site_dir/pagefind`; returns the number of note pages indexed.

    `started` receives the Pagefind process of a background run, to lower its priority and stop it."""
    output = site_dir / BUNDLE_DIR
    command = [str(get_executable()), "--site", str(site_dir), "--glob", NOTE_PAGES, "--force-language", "zh",
               "--root-selector", ROOT, *(arg for selector in EXCLUDED for arg in ("--exclude-selectors", selector)),
               "--output-path", str(output), "--quiet"]
    # The CLI rather than Pagefind's Python service: the service stops its backend 5 s after the
    # last answer, which at thousands of notes cut off writing the index (empty files).
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if started is not None:
        started(process)
    stdout, stderr = process.communicate()
    if process.returncode < 0 and started is not None:
        raise Cancelled
    if process.returncode != 0:
        raise FulltextError(f"Pagefind could not index {site_dir}: {(stderr or stdout).strip()}")
    entry = json.loads((output / "pagefind-entry.json").read_text(encoding="utf-8"))
    return sum(language["page_count"] for language in entry["languages"].values())


class BackgroundIndexing:
    """Indexing in a thread while a preview serves the site: one at a time, stopped by a newer build."""

    def __init__(self) -> None:
        self.thread: threading.Thread | None = None
        self.process: subprocess.Popen | None = None  # the running thread's Pagefind

    def start(self, site_dir: Path, report: Callable[[str], None], then: Callable[[], None]) -> None:
        """Start `index_notes` in a thread; `report` receives what it did, or why it failed. `then`
        runs after it, unless a newer build cancelled it."""
        self.wait()

        def run() -> None:
            try:
                report(f"Indexed {index_notes(site_dir, started=self._lower_priority)} notes for full-text search")
            except FulltextError as error:
                report(str(error))
            except Cancelled:
                return
            then()

        self.thread = threading.Thread(target=run, name="pagefind", daemon=True)
        self.thread.start()

    def _lower_priority(self, process: subprocess.Popen) -> None:
        self.process = process
        os.setpriority(os.PRIO_PROCESS, process.pid, 10)  # the next rebuild comes first

    def wait(self) -> None:
        """Let a background indexing finish, before the site folder is cleaned for the next build."""
        if self.thread is not None:
            self.thread.join()

    def cancel(self) -> None:
        """Stop a background indexing (a newer build will start its own) and let its thread end."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
        self.wait()
