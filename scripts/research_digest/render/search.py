"""Search: what the built-in (lunr) index needs to find companies and segments by any name.

Material's search plugin segments Chinese with jieba; the user dictionary written here, from the
registries, keeps names such as 金山云 or 公有云 whole, so a search for the name finds it as a word.

Material's index is one JSON file that every search downloads whole, so it holds only what does not
grow with the notes: each page's names and opening facts. Note pages, and the sections of other
pages that list notes or figures, are left out of it; notes are searched through Pagefind's
chunked index instead (`fulltext.py`).

A note is about a company or segment whatever words its text uses (Everbright writes 公有云, a
release "public cloud"), so a search for one of their names, in either language, or a ticker, is
answered with the filter for it rather than by the words: `SEARCH_NAMES` maps every name to its
filter, and the notes' search script (plugin/theme/assets/notes-search.js) looks a query up there
first. Its size follows the registries, never the number of notes.
"""

from __future__ import annotations

import json
import re

from research_digest.load.registry import Registry, fold_name
from research_digest.model.site import Site
from research_digest.render.browse import EVERY_NOTE
from research_digest.render.markup import html_block

_HAN = re.compile(r"[\u4e00-\u9fff]")
WORD_FREQUENCY = 100_000  # high enough that jieba never splits a registered name
SEARCH_NAMES = "search/names.json"  # beside Material's index; fetched by the notes' search script


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


def search_names(site: Site) -> str:
    """JSON for the notes' search: the word every note carries, and each company's and segment's names
    (ids, names in both languages, tickers, aliases) as folded by `fold_name`, each with the notes
    browser's filter for it and the label a result list shows. Only those with notes are listed; a
    company's name wins over a segment's where both use it."""
    names: dict[str, dict[str, str]] = {}
    for company in site.companies_with_notes():
        for name in (company.id, *company.names):
            names.setdefault(fold_name(str(name)), {"company": company.id, "label": company.display})
    for segment in site.registry.segments:
        if segment.id in site.by_segment:
            for name in (segment.id, *segment.names):
                names.setdefault(fold_name(name), {"segment": segment.id, "label": segment.display})
    return json.dumps({"every": EVERY_NOTE, "names": names}, ensure_ascii=False, sort_keys=True)
