"""The home page and the index pages of companies, periods, segments and sources."""

from __future__ import annotations

from research_digest.load.notes import Note
from research_digest.model.site import Site
from research_digest.render.browse import BROWSE_PAGE
from research_digest.render.cells import downloads, note_line
from research_digest.render.data_files import all_files
from research_digest.render.feeds import SITE_FEED
from research_digest.render.markup import bilingual, chinese, front_matter, link, table, text
from research_digest.render.paths import HOME, company_page, note_page, period_page, segment_page, source_page
from research_digest.render.search import UNINDEXED, unindexed

LATEST_ON_HOME = 12


def home(site: Site) -> str:
    out = [front_matter(title="Research digest", hide=["navigation"]),
           "# Research digest\n\n",
           f"{len(site.notes)} notes on {len(site.by_company)} companies, "
           f"{len(site.by_period)} periods and {len(site.by_source)} sources. "
           f"Search and filter them all in the {link('notes browser', HOME, BROWSE_PAGE)}.\n\n",
           downloads(HOME, all_files(), SITE_FEED, "every figure"),
           f"## Latest notes{UNINDEXED}\n\n"]
    out += [note_line(site, note, HOME) + "\n" for note in site.notes[:LATEST_ON_HOME]]
    out.append(f"\n## Coverage{UNINDEXED}\n\nEach dot is a note; a row is a company, a column a quarter.\n\n")
    out.append(coverage_grid(site))
    out.append(f"\n## Companies{UNINDEXED}\n\n")
    out += [f"- {link(bilingual(c.name_en, c.name_zh), HOME, company_page(c.id))}\n"
            for c in site.companies_with_notes()]
    return "".join(out)


def coverage_grid(site: Site) -> str:
    quarters = [label for label in site.period_order(site.by_period) if site.periods[label].kind == "Q"]
    rows = []
    for company in site.registry.companies:
        by_quarter: dict[str, list[Note]] = {}
        for note in site.by_company.get(company.id, []):
            by_quarter.setdefault(note.period.label, []).append(note)
        if not by_quarter:
            continue
        cells = [" ".join(coverage_dot(site, note) for note in by_quarter.get(quarter, [])) for quarter in quarters]
        rows.append([link(text(company.name_en), HOME, company_page(company.id))] + cells)
    return table(["Company"] + [link(q, HOME, period_page(q)) for q in quarters], rows,
                 ["left"] + ["center"] * len(quarters))


def coverage_dot(site: Site, note: Note) -> str:
    """A note in the coverage grid: a dot to the eye, its company, period and source to a screen reader
    (a link's name is its text: "●" alone names nothing), its title as the tooltip."""
    source = site.registry.sources[note.source].name_en
    name = text(f"{site.registry.companies[note.company].name_en} {note.period.label}: {source}")
    label = f'<span aria-hidden="true">●</span><span class="rd-visually-hidden">{name}</span>'
    return link(label, HOME, note_page(note), note.title)


def companies_index(site: Site) -> str:
    here = "companies/index.md"
    rows = []
    for company in site.registry.companies:
        notes = site.by_company.get(company.id, [])
        latest = notes[-1].period.label if notes else "–"
        rows.append([link(text(company.name_en), here, company_page(company.id)), chinese(company.name_zh),
                     text(", ".join(company.tickers.values())), str(len(notes)), latest])
    return (front_matter(title="Companies") + "# Companies\n\n"
            + unindexed(table(["Company", chinese("中文名"), "Tickers", "Notes", "Latest period"], rows,
                              ["left", "left", "left", "right", "left"])))


def periods_index(site: Site) -> str:
    here = "periods/index.md"
    rows = [[link(label, here, period_page(label)), str(len(site.by_period.get(label, []))),
             text(", ".join(sorted({site.registry.companies[n.company].name_en
                                    for n in site.by_period.get(label, [])})))]
            for label in reversed(site.period_order(site.periods))]
    return front_matter(title="Periods") + "# Periods\n\n" + unindexed(table(["Period", "Notes", "Companies"], rows,
                                                                           ["left", "right", "left"]))


def segments_index(site: Site) -> str:
    here = "segments/index.md"
    rows = [[link(text(s.label_en), here, segment_page(s.id)), chinese(s.label_zh),
             str(len(site.by_segment.get(s.id, [])))] for s in site.registry.segments]
    return front_matter(title="Segments") + "# Segments\n\n" + table(["Segment", chinese("中文"), "Notes"], rows,
                                                                   ["left", "left", "right"])


def sources_index(site: Site) -> str:
    here = "sources/index.md"
    rows = [[link(text(s.name_en), here, source_page(s.id)), chinese(s.name_zh), str(len(site.by_source.get(s.id, [])))]
            for s in site.registry.sources]
    return front_matter(title="Sources") + "# Sources\n\n" + table(["Source", chinese("中文"), "Notes"], rows,
                                                                 ["left", "left", "right"])

