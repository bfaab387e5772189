"""The home page and the index pages of companies, periods, segments and sources."""

from __future__ import annotations

from research_digest.load.notes import Note
from research_digest.model.latest import headline_figure
from research_digest.model.site import SeriesKey, Site
from research_digest.render.browse import BROWSE_PAGE
from research_digest.render.cells import downloads, metric_label, note_line
from research_digest.render.data_files import all_files
from research_digest.render.feeds import SITE_FEED
from research_digest.render.markup import (
    PERIODS_TABLE,
    bilingual,
    bullets,
    chinese,
    front_matter,
    html_block,
    link,
    table,
    text,
)
from research_digest.render.paths import HOME, company_page, note_page, period_page, segment_page, source_page
from research_digest.render.search import UNINDEXED, unindexed

LATEST_ON_HOME = 12


def home(site: Site) -> str:
    out = [front_matter(title=site.name, description=site.description or None, hide=["navigation"]),
           f"# {text(site.name)}\n\n", f"{text(site.description)}\n\n" if site.description else "",
           coverage(site), f"Search and filter them all in the {link('notes browser', HOME, BROWSE_PAGE)}.\n\n",
           downloads(HOME, all_files(), SITE_FEED, "every figure"),
           f"## Latest notes{UNINDEXED}\n\n"]
    out.append(bullets([note_line(site, note, HOME) + headline(site, note) for note in site.notes[:LATEST_ON_HOME]]))
    out.append(f"## Coverage{UNINDEXED}\n\nA row is a company, a column a year, newest first; each link is "
               "a note on the period it names, and · a quarter with no note.\n\n")
    out.append(html_block(f'<div class="{PERIODS_TABLE}">\n{coverage_grid(site)}</div>'))
    out.append(f"## Companies{UNINDEXED}\n\n")
    out.append(bullets([link(bilingual(c.name_en, c.name_zh), HOME, company_page(c.id))
                        for c in site.companies_with_notes()]))
    return "".join(out)


def coverage(site: Site) -> str:
    """What the site covers, in a sentence: its companies, the periods from first to last, its notes and sources."""
    companies = site.companies_with_notes()
    periods = site.period_order(site.by_period)
    if not periods:
        return "No notes yet.\n\n"
    first, last = (link(label, HOME, period_page(label)) for label in (periods[0], periods[-1]))
    names = text(", ".join(company.name_en for company in companies))
    return (f"{len(site.notes)} notes on {len(companies)} companies ({names}), from {first} to {last}, "
            f"by {len(site.by_source)} sources.\n\n")


def headline(site: Site, note: Note) -> str:
    """" · Revenue 2,478.0 CNY mn, YoY +31.4%": the figure a reader looks for first in a note."""
    figure = headline_figure(note)
    if figure is None:
        return ""
    yoy = f", YoY {figure.yoy.format()}" if figure.yoy else ""
    return f" · {metric_label(site, SeriesKey.of(note, figure))} {text(f'{figure.shown_value()} {figure.unit}{yoy}')}"


def coverage_grid(site: Site) -> str:
    """Companies by year, newest year first so the latest notes are in view. Within a year, a company
    with quarterly notes has a slot for each quarter any note is about, so its gaps line up with the
    others'; a half or a fiscal year shows where the company has a note on it."""
    years: dict[int, list[str]] = {}
    for label in site.period_order(site.by_period):
        years.setdefault(site.periods[label].end.year, []).append(label)
    order = sorted(years, reverse=True)
    rows = []
    for company in site.companies_with_notes():
        by_period: dict[str, list[Note]] = {}
        for note in site.by_company[company.id]:
            by_period.setdefault(note.period.label, []).append(note)
        quarterly = any(site.periods[label].kind == "Q" for label in by_period)
        cells = [" ".join(slot(site, label, by_period.get(label, [])) for label in years[year]
                          if label in by_period or (quarterly and site.periods[label].kind == "Q"))
                 for year in order]
        rows.append([link(text(company.name_en), HOME, company_page(company.id))] + cells)
    return table(["Company"] + [str(year) for year in order], rows, ["left"] + ["left"] * len(order))


def slot(site: Site, label: str, notes: list[Note]) -> str:
    """A period's place in a year's cell: a link per note named by the period ("Q3", "H1"), or a dot.
    A screen reader hears the company and source too ("Q3" alone, in a row, names little)."""
    short = label[4:] if label[:4].isdigit() else label
    if not notes:
        return '<span aria-hidden="true">·</span>'
    links = []
    for i, note in enumerate(notes):
        shown = short if i == 0 else f"{short} ({i + 1})"
        source = site.registry.sources[note.source].name_en
        name = text(f"{site.registry.companies[note.company].name_en} {label}: {source}")
        label_html = f'<span aria-hidden="true">{shown}</span><span class="rd-visually-hidden">{name}</span>'
        links.append(link(label_html, HOME, note_page(note), f"{label}: {note.title}"))
    return " ".join(links)


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

