"""Pages: the model rendered as Markdown files for MkDocs, one function per kind of page.

Every path here is relative to the generated docs folder; links between pages are relative `.md`
links, so `mkdocs build --strict` proves that each one resolves.
"""

from __future__ import annotations

import calendar
import posixpath
import textwrap
from collections.abc import Iterator

from research_digest.charts.draw import Chart
from research_digest.model.checks import Conflict
from research_digest.model.site import Implied, SeriesKey, Site, Stated
from research_digest.load.notes import Note
from research_digest.load.units import convert, format_value
from research_digest.render.body import render_body
from research_digest.render.browse import BROWSE_PAGE, browse_markdown, note_index_markup
from research_digest.render.chart_plan import PlannedChart
from research_digest.render.data_files import all_files, company_files
from research_digest.render.feeds import SITE_FEED, company_feed
from research_digest.render.markup import CHANGE_LABELS, KIND_LABELS, LANGUAGE_LABELS, front_matter, link, table, text
from research_digest.render.paths import CHECKS_PAGE, HOME, company_page, note_page, period_page, segment_page, source_page
from research_digest.render.reuse import FRESH, Reuse
from research_digest.render.search import UNINDEXED, search_terms, unindexed

LATEST_ON_HOME = 12
COMPARE_METRICS = [("revenue", "Revenue"), ("gross-margin", "Gross margin"), ("ebitda-margin", "EBITDA margin")]


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


# --- shared pieces ---------------------------------------------------------------------------------

def note_line(site: Site, note: Note, here: str, with_company: bool = True) -> str:
    """One line describing a note, for lists. What it reads of the note is what a list page's
    fingerprint names (`research_digest.build.cache.pages.PageInputs._lines`)."""
    company = site.registry.companies[note.company]
    parts = [link(text(note.title), here, note_page(note))]
    if with_company:
        parts.append(link(text(company.name_en), here, company_page(company.id)))
    parts += [link(note.period.label, here, period_page(note.period.label)),
              link(text(site.registry.sources[note.source].name_en), here, source_page(note.source)),
              note.published.strftime("%Y-%m-%d")]
    return "- " + " · ".join(parts)


def metric_label(site: Site, key: SeriesKey) -> str:
    label = site.registry.metrics[key.metric].label_en
    if key.segment:
        label += f" – {site.registry.segments[key.segment].label_en}"
    if key.basis == "adjusted":
        label += " (adjusted)"
    return text(label)


def stated_cell(site: Site, stated: list[Stated], unit: str, here: str) -> str:
    """A table cell: the value in `unit`, linking to the note(s) that state it."""
    first = stated[0]
    value = site.value(first, unit)
    shown = format_value(value, unit) if value is not None else change_text(first)
    links = [link(shown if i == 0 else f"[{i + 1}]", here, note_page(s.note), s.note.title)
             for i, s in enumerate(stated)]
    return " ".join(links)


def downloads(here: str, files: tuple[str, str], feed: str | None, what: str) -> str:
    """A line of links to the data files (CSV, JSON) and the Atom feed."""
    csv_file, json_file = files
    parts = [link(f"{what} as CSV", here, csv_file), link("JSON", here, json_file)]
    if feed:
        parts.append(link("Atom feed of the latest notes", here, feed))
    return "**Data:** " + " · ".join(parts) + "\n\n"


def implied_cell(implied: list[Implied], unit: str, here: str) -> str:
    """A table cell for a period no note states: the implied value in italics, marked, linking to its note(s)."""
    first = implied[0]
    shown = format_value(convert(first.value, first.unit, unit), unit)
    links = []
    for i, item in enumerate(implied):
        change = getattr(item.origin.figure, item.change)
        title = (f"Implied from the {item.origin.figure.period.label} value and its {CHANGE_LABELS[item.change]} "
                 f"change ({change.format()}) in {item.origin.note.title}")
        label = f"*{shown}*<sup>i</sup>" if i == 0 else f"[{i + 1}]"
        links.append(link(label, here, note_page(item.origin.note), title) + "{ .implied }")
    return " ".join(links)


def figure_cell(site: Site, key: SeriesKey, label: str, unit: str, here: str) -> str:
    """A company-table cell: stated values, else an implied one; flagged when a check found a conflict."""
    stated = site.series[key].get(label, [])
    implied = site.implied.get(key, {}).get(label, [])
    cell = " ".join(part for part in (implied_cell(implied, unit, here) if implied else "",
                                      stated_cell(site, stated, unit, here) if stated else "") if part)
    cell += "".join(f" {link('⚠', here, f'{CHECKS_PAGE}#{c.anchor}', 'A conflict: see Data checks')}"
                    "{ .conflict }" for c in conflicts_at(site, key, label))
    return cell


def conflicts_at(site: Site, key: SeriesKey, label: str) -> list[Conflict]:
    """The conflicts (on the Data checks page) a cell takes part in."""
    return site.checks.conflicts_at(key, label) if site.checks else []


def legend(here: str, implied: bool, conflicts: bool) -> str:
    """What the marks in a figures table mean, for the marks it has."""
    parts = []
    if implied:
        parts.append("*Italic* values marked <sup>i</sup> are implied: no note states them; they follow from another "
                     "period's value and its YoY or QoQ change, and link to the note that states those.")
    if conflicts:
        parts.append(f"⚠ marks a figure that disagrees with another: see {link('Data checks', here, CHECKS_PAGE)}.")
    return "\n" + " ".join(parts) + "\n" if parts else ""


def chart_blocks(charts: list[PlannedChart], here: str) -> str:
    """Each chart as an image with its alt text, and the data behind it in a collapsed table."""
    blocks = []
    for planned in charts:
        target = posixpath.relpath(planned.path, posixpath.dirname(here))
        alt, data = chart_text(planned.chart)
        blocks.append(f"![{alt}]({target}){{ loading=lazy }}\n\n"
                      f'??? info "Data behind the chart"\n\n{data}\n')
    return "".join(blocks)


def chart_references(charts: list[PlannedChart], here: str, data_page: str) -> str:
    """Charts whose data is shown on another page: each named in its alt text, with a link to its
    data, so that this page does not change with every figure the chart draws."""
    blocks = []
    for planned in charts:
        target = posixpath.relpath(planned.path, posixpath.dirname(here))
        name = text(f"{planned.chart.title} ({planned.chart.unit})")
        blocks.append(f"![Chart: {name}]({target}){{ loading=lazy }}\n\n"
                      f"{link('Data behind the chart', here, data_page + '#charts')}\n\n")
    return "".join(blocks)


def chart_text(chart: Chart) -> tuple[str, str]:
    """A chart's alt text and its data table, as Markdown."""
    return text(chart.alt_text()), textwrap.indent(chart.data_table(), "    ")


def change_text(stated: Stated) -> str:
    figure = stated.figure
    parts = [f"YoY {figure.yoy.format()}" if figure.yoy else "", f"QoQ {figure.qoq.format()}" if figure.qoq else ""]
    return text(", ".join(p for p in parts if p)) or "–"


# --- home and index pages --------------------------------------------------------------------------

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
    out += [f"- {link(text(c.display), HOME, company_page(c.id))}\n"
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
        cells = [" ".join(link("●", HOME, note_page(n), n.title) for n in by_quarter.get(quarter, []))
                 for quarter in quarters]
        rows.append([link(text(company.name_en), HOME, company_page(company.id))] + cells)
    return table(["Company"] + [link(q, HOME, period_page(q)) for q in quarters], rows,
                 ["left"] + ["center"] * len(quarters))


def companies_index(site: Site) -> str:
    here = "companies/index.md"
    rows = []
    for company in site.registry.companies:
        notes = site.by_company.get(company.id, [])
        latest = notes[-1].period.label if notes else "–"
        rows.append([link(text(company.name_en), here, company_page(company.id)), text(company.name_zh),
                     text(", ".join(company.tickers.values())), str(len(notes)), latest])
    return (front_matter(title="Companies") + "# Companies\n\n"
            + unindexed(table(["Company", "中文名", "Tickers", "Notes", "Latest period"], rows,
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
    rows = [[link(text(s.label_en), here, segment_page(s.id)), text(s.label_zh),
             str(len(site.by_segment.get(s.id, [])))] for s in site.registry.segments]
    return front_matter(title="Segments") + "# Segments\n\n" + table(["Segment", "中文", "Notes"], rows,
                                                                   ["left", "left", "right"])


def sources_index(site: Site) -> str:
    here = "sources/index.md"
    rows = [[link(text(s.name_en), here, source_page(s.id)), text(s.name_zh), str(len(site.by_source.get(s.id, [])))]
            for s in site.registry.sources]
    return front_matter(title="Sources") + "# Sources\n\n" + table(["Source", "中文", "Notes"], rows,
                                                                 ["left", "left", "right"])


# --- one page per note, company, period, segment, source -------------------------------------------

def note_markdown(site: Site, note: Note, charts: list[PlannedChart], reuse: Reuse = FRESH) -> str:
    here = note_page(note)
    registry = site.registry
    company = registry.companies[note.company]
    source = registry.sources[note.source]
    facts = [
        f"**Company:** {link(text(company.display), here, company_page(company.id))}",
        f"**Period:** {link(note.period.label, here, period_page(note.period.label))}"
        + (f" ({text(note.period.fiscal_label)})" if note.period.fiscal_label != note.period.label else ""),
        f"**Source:** {link(text(source.display), here, source_page(source.id))}",
        f"**Published:** {note.published.strftime('%Y-%m-%d %H:%M %z')}",
        f"**Kind:** {KIND_LABELS[note.kind]} · {LANGUAGE_LABELS[note.language]}",
    ]
    if note.analysts:
        facts.append(f"**Analysts:** {text(', '.join(note.analysts))}")
    if note.segments:
        facts.append("**Segments:** " + ", ".join(
            link(text(registry.segments[s].display), here, segment_page(s)) for s in note.segments))
    if note.tags:
        facts.append(f"**Tags:** {text(', '.join(note.tags))}")
    if note.link:
        facts.append(f"**Original:** <{note.link}>")
    out = [front_matter(title=note.title, description=f"{company.name_en} {note.period.label}: {note.title}",
                        search={"exclude": True}),  # notes are searched through Pagefind (fulltext.py)
           f"# {text(note.title)}\n\n", "  \n".join(facts), "\n{: .note-facts }\n\n"]
    if note.figures:
        out += ["## Figures\n\n", '<div class="note-figures" markdown>\n\n', note_figures(site, note), "\n</div>\n\n"]
    if charts:
        out += [f"## Where {note.period.label} sits\n\n", chart_references(charts, here, company_page(company.id))]
    out += ["## Note\n\n", render_body(note.body, lambda href: body_link(site, note, href), reuse), "\n\n"]
    previous, following = site.neighbours(note)
    nav = []
    if previous:
        nav.append(f"← Previous: {link(text(previous.title), here, note_page(previous))} ({previous.period.label})")
    if following:
        nav.append(f"Next: {link(text(following.title), here, note_page(following))} ({following.period.label}) →")
    if nav:
        out += ["---\n\n", "  \n".join(nav), "\n{: .note-neighbours }\n\n"]
    out.append(note_index_markup(site, note))
    return "".join(out)


def body_link(site: Site, note: Note, href: str) -> str | None:
    """The URL of the note a body links to by file name, relative to this note's page URL."""
    path, _, anchor = href.partition("#")
    target = site.note_by_path.get(posixpath.normpath(posixpath.join(note.path.parent.as_posix(), path)))
    if target is None:
        return None
    url = posixpath.relpath(f"notes/{target.slug}/", f"notes/{note.slug}/") + "/"  # directory URLs
    return url + (f"#{anchor}" if anchor else "")


def note_figures(site: Site, note: Note) -> str:
    rows = []
    for figure in note.figures:
        key = SeriesKey(note.company, figure.metric, figure.segment, figure.basis)
        citation = f"[source]({figure.citation})" if figure.citation else ""
        rows.append([metric_label(site, key), figure.period.label, format_value(figure.value, figure.unit),
                     figure.unit, figure.yoy.format() if figure.yoy else "", figure.qoq.format() if figure.qoq else "",
                     text(figure.note), citation])
    return table(["Metric", "Period", "Value", "Unit", "YoY", "QoQ", "Note", "Citation"], rows,
                 ["left", "left", "right", "left", "right", "right", "left", "left"])


def company_markdown(site: Site, company_id: str, charts: list[PlannedChart]) -> str:
    here = company_page(company_id)
    registry = site.registry
    company = registry.companies[company_id]
    notes = site.by_company.get(company_id, [])
    tickers = " · ".join(f"{text(exchange)}: **{text(ticker)}**" for exchange, ticker in company.tickers.items())
    terms = search_terms(company.name_en, company.name_zh, *company.tickers.values(), *company.aliases)
    out = [front_matter(title=f"{company.name_en} {company.name_zh}", search={"boost": 8}, tags=terms,
                        hide=["navigation", "toc"], feed=company_feed(company_id) if notes else None),
           f"# {text(company.name_en)} {text(company.name_zh)}\n\n",
           f"**Tickers:** {tickers}  \n",
           f"**Also known as:** {text(', '.join(company.aliases))}  \n" if company.aliases else "",
           f"**Fiscal year ends:** {calendar.month_name[company.fiscal_year_end]}  \n",
           "**Segments:** " + ", ".join(link(text(registry.segments[s].display), here, segment_page(s))
                                        for s in company.segments) + "\n\n",
           downloads(here, company_files(company_id), company_feed(company_id) if notes else None, "figures")]
    if charts:
        out += [f"## Charts{UNINDEXED}\n\n", chart_blocks(charts, here)]
    keys = site.company_series(company_id)
    if keys:
        out += [f"## Figures by period{UNINDEXED}\n\n", company_table(site, company_id, keys, here), "\n"]
    out.append(f"## Notes{UNINDEXED}\n\n")
    out += [note_line(site, note, here, with_company=False) + "\n" for note in reversed(notes)]
    if not notes:
        out.append("No notes yet.\n")
    return "".join(out)


def company_table(site: Site, company_id: str, keys: list[SeriesKey], here: str) -> str:
    labels = site.period_order({label for key in keys for label in (*site.series[key], *site.implied.get(key, ()))})
    rows = []
    for key in keys:
        unit = site.units[(company_id, key.metric)]
        rows.append([metric_label(site, key), unit] + [figure_cell(site, key, label, unit, here) for label in labels])
    implied = any(key in site.implied for key in keys)
    conflicts = any(conflicts_at(site, key, label) for key in keys for label in labels)
    return table(["Metric", "Unit"] + [link(label, here, period_page(label)) for label in labels], rows,
                 ["left", "left"] + ["right"] * len(labels)) + legend(here, implied, conflicts)


def period_markdown(site: Site, label: str, charts: list[PlannedChart]) -> str:
    here = period_page(label)
    period = site.periods[label]
    notes = site.by_period.get(label, [])
    out = [front_matter(title=f"Period {label}", hide=["navigation", "toc"]), f"# {label}\n\n",
           f"{period.start:%Y-%m-%d} to {period.end:%Y-%m-%d}.\n\n"]
    comparison = period_comparison(site, label, here)
    if comparison:
        out += [f"## Companies compared{UNINDEXED}\n\n", chart_blocks(charts, here), comparison, "\n"]
    out.append(f"## Notes{UNINDEXED}\n\n")
    out += [note_line(site, note, here) + "\n" for note in notes]
    if not notes:
        out.append("No note is about this period; figures for it are stated in notes on other periods.\n")
    return "".join(out)


def headline(site: Site, company: str, metric: str, label: str) -> SeriesKey | None:
    """The series a comparison shows for a company: the total if stated, else the first segment's;
    failing those, one with an implied value."""
    candidates = [key for key in site.company_series(company) if key.metric == metric
                  and (label in site.series[key] or label in site.implied.get(key, {}))]
    candidates.sort(key=lambda k: (label not in site.series[k], k.segment is not None, k.basis != "reported"))
    return candidates[0] if candidates else None


def period_comparison(site: Site, label: str, here: str) -> str:
    rows = []
    for company in site.registry.companies:
        keys = {metric: headline(site, company.id, metric, label) for metric, _ in COMPARE_METRICS}
        if not any(keys.values()):
            continue
        revenue = keys["revenue"]
        row = [link(text(company.name_en), here, company_page(company.id))]
        if revenue:
            unit = site.units[(company.id, "revenue")]
            first = site.series[revenue].get(label, [None])[0]
            changes = [getattr(first.figure, name) if first else None for name in ("yoy", "qoq")]
            row += [figure_cell(site, revenue, label, unit, here) + f" {unit}",
                    *(change.format() if change else "" for change in changes)]
        else:
            row += ["", "", ""]
        for metric, _ in COMPARE_METRICS[1:]:
            margin = keys[metric]
            row.append(figure_cell(site, margin, label, "%", here) + " %" if margin else "")
        rows.append(row)
    return table(["Company", "Revenue", "YoY", "QoQ"] + [name for _, name in COMPARE_METRICS[1:]], rows,
                 ["left", "right", "right", "right", "right", "right"])


def segment_markdown(site: Site, segment_id: str, charts: list[PlannedChart]) -> str:
    here = segment_page(segment_id)
    segment = site.registry.segments[segment_id]
    notes = site.by_segment.get(segment_id, [])
    terms = search_terms(segment.label_en, segment.label_zh, *segment.aliases)
    out = [front_matter(title=f"{segment.label_en} {segment.label_zh}", search={"boost": 6}, tags=terms),
           f"# {text(segment.label_en)} {text(segment.label_zh)}\n\n"]
    if segment.aliases:
        out.append(f"**Also called:** {text(', '.join(segment.aliases))}\n\n")
    if charts:
        out += [f"## Charts{UNINDEXED}\n\n", chart_blocks(charts, here)]
    keys = [key for key in site.series if key.segment == segment_id]
    companies = dict.fromkeys(key.company for key in keys)
    for company in companies:
        company_keys = [key for key in site.company_series(company) if key.segment == segment_id]
        out += [f"## {link(text(site.registry.companies[company].display), here, company_page(company))}{UNINDEXED}\n\n",
                company_table(site, company, company_keys, here), "\n"]
    out.append(f"## Notes{UNINDEXED}\n\n")
    out += [note_line(site, note, here) + "\n" for note in reversed(notes)]
    if not notes:
        out.append("No notes yet.\n")
    return "".join(out)


def source_markdown(site: Site, source_id: str) -> str:
    here = source_page(source_id)
    source = site.registry.sources[source_id]
    notes = site.by_source.get(source_id, [])
    figures = sum(len(note.figures) for note in notes)
    out = [front_matter(title=source.display), f"# {text(source.name_en)} {text(source.name_zh)}\n\n",
           f"{len(notes)} notes stating {figures} figures.\n\n", f"## Notes{UNINDEXED}\n\n"]
    out += [note_line(site, note, here) + "\n" for note in reversed(notes)]
    return "".join(out)
