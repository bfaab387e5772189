"""What a dirty MkDocs build (`digest serve`) leaves behind, mended after it.

A dirty build renders only the pages whose source is newer than their HTML, into the site folder of
the previous build. Two things are then wrong, and `DirtyBuild` mends both once the build is done:

- Material's search index holds only the rebuilt pages. Material merges it with the previous index
  when told the build is dirty, but assumes one page was rebuilt (an edited note rewrites its company
  and period pages too), so `digest serve` does not tell it, and this merges instead: the previous
  index's entries for pages not rebuilt, and this build's for those rebuilt.
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
            index["docs"] = kept + [entry for entry in index["docs"] if _page(entry) in self.built]
            path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        self.previous_index = index["docs"]


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
