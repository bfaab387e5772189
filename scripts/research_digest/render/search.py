"""Search: what the built-in (lunr) index needs to find companies and segments by any name.

Material's search plugin segments Chinese with jieba; the user dictionary written here, from the
registries, keeps names such as 金山云 or 公有云 whole, so a search for the name finds it as a word.

Material's index is one JSON file that every search downloads whole, so it holds only what does not
grow with the notes: each page's names and opening facts. Note pages, and the sections of other
pages that list notes or figures, are left out of it; notes are searched through Pagefind's
chunked index instead (`fulltext.py`).
"""

from __future__ import annotations

import re

from research_digest.load.registry import Registry
from research_digest.render.markup import html_block

_HAN = re.compile(r"[\u4e00-\u9fff]")
WORD_FREQUENCY = 100_000  # high enough that jieba never splits a registered name


def jieba_user_dict(registry: Registry) -> str:
    """jieba's user dictionary format: one 'word frequency' per line."""
    names: dict[str, None] = {}
    for table in (registry.companies, registry.segments, registry.metrics, registry.sources):
        for entry in table:
            for name in entry.names:
                for word in str(name).split():
                    if _HAN.search(word):
                        names.setdefault(word)
    return "".join(f"{word} {WORD_FREQUENCY}\n" for word in names)


def search_terms(*names: str) -> list[str]:
    """Names a page should be found by first: they go to the index's highly boosted tags field."""
    return list(dict.fromkeys(n for n in names if n))


UNINDEXED = " { data-search-exclude }"  # after a heading: Material's index skips the section it opens


def unindexed(block: str) -> str:
    """A block of HTML, such as a table, that Material's index skips."""
    return html_block(f"<div data-search-exclude>\n{block}</div>")
