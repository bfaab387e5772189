"""Search: how a reader finds a company, segment, source or period page, and the notes about it, by any name.

Material's index is one JSON file that every search downloads whole, so it holds only what does not
grow with the notes: the home page and the guides, whose sections that list notes or figures are
left out (`UNINDEXED`). Notes are searched through Pagefind's chunked index (`fulltext.py`).

The pages of companies, segments, sources and periods are found by their names instead, and are
kept out of Material's index (`NOT_INDEXED`): its search plugin parses the whole HTML of every page
it indexes, and these pages are mostly tables, so parsing them was most of what MkDocs spent on the
site's pages beyond its floor, to index a title and a line. `SEARCH_NAMES` lists each page with
its names (ids, names in both languages, tickers, aliases), and the notes' search script
(plugin/theme/assets/notes-search.js) shows the pages a query names, or begins to name, first.

A note is about a company or segment whatever words its text uses (Everbright writes 公有云, a
release "public cloud"), so a search for one of their names is answered with the filter for it
rather than by the words: `SEARCH_NAMES` gives those pages their filter too. Its size follows the
registries and periods, never the number of notes.

Material's search plugin segments Chinese with jieba; the user dictionary written here, from the
registries, keeps names such as 金山云 or 公有云 whole in what it still indexes.
"""

from __future__ import annotations

import json
import re

from research_digest.load.registry import Registry, fold_name
from research_digest.model.site import Site
from research_digest.render.browse import EVERY_NOTE
from research_digest.render.markup import html_block
from research_digest.render.paths import HOME, company_page, period_page, relative_url, segment_page, source_page

_HAN = re.compile(r"[\u4e00-\u9fff]")
_QUARTER = re.compile(r"^(\d\d)(\d\d)Q(\d)$")  # 2024Q4, also written 4Q24 (as note titles do)
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


NOT_INDEXED = {"exclude": True}  # a page's `search:` front matter: Material's index skips the page
UNINDEXED = " { data-search-exclude }"  # after a heading: Material's index skips the section it opens


def unindexed(block: str) -> str:
    """A block of HTML, such as a table, that Material's index skips."""
    return html_block(f"<div data-search-exclude>\n{block}</div>")


def search_names(site: Site) -> str:
    """JSON for the notes' search script: the word every note carries, and `pages`, each page found by
    name (what has notes), with its URL from the site's root, its label, what it is, its names folded
    by `fold_name` and, for a company or segment, the notes browser's filter for it. Companies come
    first, so a company's name wins over a segment's where both use it."""
    pages: list[dict] = []

    def page(target: str, label: str, kind: str, called: tuple[str, ...], about: dict | None = None) -> None:
        folded = list(dict.fromkeys(fold_name(str(name)) for name in called if name))
        pages.append({"url": relative_url(HOME, target), "label": label, "kind": kind, "names": folded,
                      **({"filter": about} if about else {})})

    for company in site.companies_with_notes():
        page(company_page(company.id), company.display, "Company", (company.id, *company.names),
             {"company": company.id})
    for segment in site.registry.segments:
        if segment.id in site.by_segment:
            page(segment_page(segment.id), segment.display, "Segment", (segment.id, *segment.names),
                 {"segment": segment.id})
    for source in site.registry.sources:
        if source.id in site.by_source:
            page(source_page(source.id), source.display, "Source", (source.id, *source.names))
    for label in reversed(site.period_order(site.by_period)):  # newest first, where a year names several
        page(period_page(label), label, "Period", (label, _QUARTER.sub(r"\3Q\2", label)))
    return json.dumps({"every": EVERY_NOTE, "pages": pages}, ensure_ascii=False, sort_keys=True)
