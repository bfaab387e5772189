"""Full-text index of the notes: Pagefind run over the built site, after MkDocs.

Material's own search index is one file that every search downloads whole, so it holds only the
company, segment, period and source pages (see `render/search.py`). The notes, whose number grows
year after year, are indexed by Pagefind: it writes its index in chunks, and a search in the reader's
browser loads only the chunks for its words and the excerpts of the results it shows. Pagefind's
extended build segments Chinese; every note is indexed as Chinese so that one index serves the notes
in both languages (English words are still split at spaces and punctuation).

The MkDocs hook calls `index_notes` after every build (so `mkdocs build`, `mkdocs serve` and
`digest build` all produce it); a hook-less MkDocs successor would call it on its output folder.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from pagefind.index import IndexConfig, PagefindIndex

BUNDLE_DIR = "pagefind"  # below the site folder; docs/assets/notes-search.js loads it from there
NOTE_PAGES = "notes/**/*.html"
CONFIG = IndexConfig(
    root_selector="article.md-content__inner",  # the page itself, not the navigation around it
    # What every note page repeats (its facts, the figures table, the charts with their data tables,
    # the neighbours' titles) would make the commonest words' chunks large and match a note for words
    # that are not its own. A body has no img or details: its HTML is cleaned to an allow-list.
    exclude_selectors=[".headerlink", ".note-facts", ".note-figures", "img", "details", ".note-neighbours"],
    force_language="zh",
)


class FulltextError(RuntimeError):
    """Pagefind could not index the site."""


def index_notes(site_dir: Path) -> int:
    """Write the notes' index into `site_dir/pagefind`; returns the number of note pages indexed."""
    try:
        return asyncio.run(_index(site_dir))
    except (OSError, AssertionError, RuntimeError) as error:  # the service's errors carry no type of their own
        raise FulltextError(f"Pagefind could not index {site_dir}: {error}") from error


async def _index(site_dir: Path) -> int:
    config = IndexConfig(**CONFIG, output_path=str(site_dir / BUNDLE_DIR))
    async with PagefindIndex(config) as index:
        result = await index.add_directory(str(site_dir), glob=NOTE_PAGES)
    return int(result["page_count"])
