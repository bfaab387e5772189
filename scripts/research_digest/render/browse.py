"""The notes browser: the page with its filters, and what each note page tells the full-text index.

The notes are searched and filtered in the reader's browser by Pagefind (see `fulltext.py`), which
loads its index in small chunks, so what a reader downloads does not grow into megabytes with the
number of notes. Each note page carries, hidden, the filter values (ids), the labels shown in a
result and the sort key that Pagefind reads from it; the browser page offers only the values in
use, so its size follows the registries and the periods, never the number of notes.
"""

from __future__ import annotations

import datetime as dt
import html

from research_digest.load.notes import Note
from research_digest.model.site import Site, note_segments
from research_digest.render.markup import KIND_LABELS, LANGUAGE_LABELS, SITE_LANGUAGE, attr, front_matter, in_language

BROWSE_PAGE = "browse.md"
# A word in every note's index entry (as meta, never shown): the browser lists notes by searching it.
# Pagefind 1.5 answers a search without words by loading its whole index; one rare word costs a chunk.
EVERY_NOTE = "rdeverynote"


def note_index_markup(site: Site, note: Note) -> str:
    """A hidden block for Pagefind: filters by id, meta as shown in results, the sort key."""
    registry = site.registry
    segments = [*note_segments(note), *site.groups_of.get(note.slug, ())]  # its own, and the shared ones
    filters = [("company", note.company), *(("segment", s) for s in segments),
               ("period", note.period.label), ("source", note.source), ("kind", note.kind)]
    meta = [("company", registry.companies[note.company].display), ("period", note.period.label),
            ("source", registry.sources[note.source].name_en), ("kind", KIND_LABELS[note.kind]),
            ("published", note.published.date.isoformat()), ("listed", EVERY_NOTE)]
    if note.language != SITE_LANGUAGE:  # its title and excerpt are marked with it in results (notes-search.js)
        meta.append(("language", note.language))
    spans = [f'<span data-pagefind-filter="{attr(f"{key}:{value}")}"></span>' for key, value in filters]
    spans += [f'<span data-pagefind-meta="{key}">{html.escape(value)}</span>' for key, value in meta]
    published = note.published.date.isoformat()  # sorts as text, as `Published.sort_key` does
    if note.published.moment:
        published += note.published.moment.astimezone(dt.UTC).strftime(" %Y-%m-%dT%H:%MZ")
    spans.append(f'<span data-pagefind-sort="published">{published}</span>')
    # The names of its company and segments, in both languages, as words of the note: "公有云 AI" finds
    # the notes about public cloud that mention AI, whichever language their text is in.
    subjects = [*registry.companies[note.company].names,
                *(name for segment in segments for name in registry.segments[segment].names)]
    names = f'<p hidden class="rd-names">{html.escape(" · ".join(dict.fromkeys(subjects)))}</p>'
    return "<div hidden data-pagefind-ignore>" + "".join(spans) + "</div>\n" + names + "\n"


def browse_markdown(site: Site) -> str:
    """The notes browser: a form whose state is the page's URL query; assets/notes-search.js runs it."""
    registry = site.registry
    periods = site.period_order(site.by_period)
    kinds = {note.kind for note in site.notes}
    selects = [
        _select("company", "Company", "All companies",
                [(c.id, c.display) for c in registry.companies if c.id in site.by_company]),
        _select("segment", "Segment", "All segments",
                [(s.id, s.display) for s in registry.segments if s.id in site.by_segment]),
        _select("from", "From period", "Earliest", [(p, p) for p in periods]),
        _select("to", "To period", "Latest", [(p, p) for p in periods]),
        _select("source", "Source", "All sources",
                [(s.id, s.name_en) for s in registry.sources if s.id in site.by_source]),
        _select("kind", "Kind", "All kinds",
                [(kind, label) for kind, label in KIND_LABELS.items() if kind in kinds]),
    ]
    languages = " or ".join(in_language(label, language) for language, label in LANGUAGE_LABELS.items())
    return "".join([
        front_matter(title="Notes", hide=["navigation", "toc"]),
        "# Notes\n\n",
        f"Every note, newest first. Narrow the list by company, segment, period, source and kind, and by "
        f"words of the notes in {languages}; the address bar keeps the view, to share or bookmark.\n\n",
        # Named: the header's site search is the page's other search landmark.
        f'<form class="rd-browse" data-rd-browse="{EVERY_NOTE}" data-search-exclude method="get" role="search" '
        'aria-label="Filter the notes">\n',
        '<label class="rd-browse__text">Words <input type="search" name="words" '
        'placeholder="e.g. 公有云 or adjusted EBITDA" autocomplete="off"></label>\n',
        *selects,
        '<span class="rd-browse__actions"><button type="submit" class="md-button md-button--primary">Show</button>'
        ' <a href="./" class="md-button">Clear</a></span>\n',
        "</form>\n\n",
        '<p class="rd-browse__status" aria-live="polite">Loading the notes…</p>\n',
        '<ol class="rd-browse__results"></ol>\n',
        '<button type="button" class="rd-browse__more md-button" hidden>Show more</button>\n',
        "<noscript><p>The notes browser runs in your browser with JavaScript. Without it, every note is "
        "listed on its company, period, segment and source page.</p></noscript>\n",
    ])


def _select(name: str, label: str, everything: str, options: list[tuple[str, str]]) -> str:
    items = "".join(f'<option value="{attr(value)}">{html.escape(text)}</option>' for value, text in options)
    return (f'<label>{html.escape(label)} <select name="{name}"><option value="">{html.escape(everything)}</option>'
            f"{items}</select></label>\n")
