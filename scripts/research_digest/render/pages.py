"""Pages: the model rendered as Markdown files for MkDocs, one function per kind of page.

Every path here is relative to the generated docs folder. The pages are Markdown headings over blocks
of HTML (`markup`), whose links are the built site's relative URLs: MkDocs neither rewrites nor checks
them, so the tests check every link and anchor of the built site. The pages themselves are written in
`index_pages` (home and indexes) and `subject_pages` (a note, company, period, segment or source),
from the pieces in `cells`.
"""

from __future__ import annotations

from collections.abc import Iterator

from research_digest.model.site import Site
from research_digest.render.browse import BROWSE_PAGE, browse_markdown
from research_digest.render.chart_plan import PlannedChart
from research_digest.render.index_pages import companies_index, home, periods_index, segments_index, sources_index
from research_digest.render.paths import HOME, company_page, note_page, period_page, segment_page, source_page
from research_digest.render.reuse import FRESH, Reuse
from research_digest.render.segment_page import segment_markdown
from research_digest.render.subject_pages import (
    company_markdown,
    note_markdown,
    period_markdown,
    source_markdown,
)


def render_pages(site: Site, charts: dict[str, list[PlannedChart]], reuse: Reuse = FRESH) -> Iterator[tuple[str, str]]:
    """Every generated page as (path, Markdown); `charts` says which charts each page shows.

    `reuse.page(path, render)` may return, instead of rendering it, the page rendered by an earlier
    build from the same inputs (the build decides: `research_digest.build.cache.pages`)."""
    yield HOME, home(site)
    yield "companies/index.md", companies_index(site)
    yield "periods/index.md", periods_index(site)
    yield "segments/index.md", segments_index(site)
    yield "sources/index.md", sources_index(site)
    yield BROWSE_PAGE, browse_markdown(site)
    for note in site.notes:
        path = note_page(note)
        yield path, reuse.page(path, lambda: note_markdown(site, note, charts.get(path, []), reuse))
    for company in site.registry.companies:
        path = company_page(company.id)
        yield path, reuse.page(path, lambda: company_markdown(site, company.id, charts.get(path, [])))
    for label in site.periods:
        path = period_page(label)
        yield path, reuse.page(path, lambda: period_markdown(site, label, charts.get(path, [])))
    for segment in site.registry.segments:
        path = segment_page(segment.id)
        yield path, reuse.page(path, lambda: segment_markdown(site, segment.id, charts.get(path, [])))
    for source in site.registry.sources:
        path = source_page(source.id)
        yield path, reuse.page(path, lambda: source_markdown(site, source.id))
