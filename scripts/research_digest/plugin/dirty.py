"""What a dirty MkDocs build (`digest serve`, which is `mkdocs serve --dirty`) leaves behind, mended after it.

A dirty build renders only the pages whose source is newer than their HTML, into the site folder of
the previous build. Two things are then wrong, and `DirtyBuild` mends both once the build is done:

- Material's search index is wrong. Material merges this build's entries with its previous index,
  but assumes one page was rebuilt (an edited note rewrites its company and period pages too), so
  older entries of the other rebuilt pages stay in it. This merges instead: the previous mended
  index's entries for pages not rebuilt, and this build's for those rebuilt. Material appends a
  rebuilt page's entries after all those it keeps, so a page's last run of entries is this build's.
- Files that the build no longer has (a deleted note's page, a chart no longer drawn) stay in the site
  folder and would still be served; they are removed.

After a complete build (every page rendered) there is nothing to mend; it is only remembered.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

SEARCH_INDEX = Path("search") / "search_index.json"


@dataclass
class DirtyBuild:
    pages: set[str] = field(default_factory=set)  # the URLs of the site's pages, this build
    built: set[str] = field(default_factory=set)  # the URLs of the pages rendered by this build
    outputs: set[str] = field(default_factory=set)  # the files the build puts in the site folder
    previous_outputs: set[str] | None = None
    previous_index: list[dict] = field(default_factory=list)  # the last complete index's entries

    def start(self, pages: set[str], outputs: set[str]) -> None:
        self.pages, self.outputs, self.built = pages, outputs, set()

    def page_built(self, url: str) -> None:
        self.built.add(url)

    def mend(self, site_dir: Path) -> None:
        """Run after the search plugin has written its index."""
        if self.previous_outputs is not None:
            for gone in sorted(self.previous_outputs - self.outputs):
                _remove(site_dir, gone)
        self.previous_outputs = self.outputs
        path = site_dir / SEARCH_INDEX
        try:
            index = json.loads(path.read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):  # no search plugin
            return
        if self.built != self.pages:
            kept = [entry for entry in self.previous_index if _page(entry) in self.pages - self.built]
            index["docs"] = kept + _latest_runs(index["docs"], self.built)
            path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        self.previous_index = index["docs"]


def _latest_runs(entries: list[dict], pages: set[str]) -> list[dict]:
    """The last run of consecutive entries of each of `pages`, in index order."""
    latest: list[dict] = []
    finished: set[str] = set()  # pages whose last run has been read (going backwards)
    for position in range(len(entries) - 1, -1, -1):
        page = _page(entries[position])
        following = _page(entries[position + 1]) if position + 1 < len(entries) else None
        if following is not None and following != page:
            finished.add(following)
        if page in pages and page not in finished:
            latest.append(entries[position])
    return latest[::-1]


def _page(entry: dict) -> str:
    """The URL of the page an index entry (a page or one of its sections) belongs to."""
    return entry["location"].split("#", 1)[0]


def _remove(site_dir: Path, relative: str) -> None:
    """Remove a file from the site folder, and the folders it leaves empty."""
    path = site_dir / relative
    path.unlink(missing_ok=True)
    for folder in path.parents:
        if folder == site_dir or not folder.is_relative_to(site_dir):
            break
        try:
            os.rmdir(folder)
        except OSError:  # not empty (or gone)
            break
