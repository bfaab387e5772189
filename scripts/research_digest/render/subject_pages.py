"""One page per note, company, period, segment and source: its facts, figures, charts and notes."""

from __future__ import annotations

import calendar
import posixpath

from research_digest.load.notes import Figure, Note
from research_digest.load.registry import Segment
from research_digest.load.units import common_places, comparable, convert_places, with_unit
from research_digest.model.latest import headline, latest_glance
from research_digest.model.site import SeriesKey, Site
from research_digest.render.body import render_body
from research_digest.render.broker_views import company_estimates, note_view, period_estimates, source_views
from research_digest.render.browse import note_index_markup
from research_digest.render.cells import (
    cell_title,
    chart_blocks,
    chart_references,
    conflicts_at,
    downloads,
    figure_cell,
    in_row,
    legend,
    metric_label,
    note_line,
    note_link,
    row_places,
)
from research_digest.render.chart_plan import TARGETS_CHART, PlannedChart
from research_digest.render.data_files import company_files
from research_digest.render.feeds import company_feed
from research_digest.render.latest import glance_markdown
from research_digest.render.markup import (
    CHANGE_LABELS,
    KIND_LABELS,
    LANGUAGE_LABELS,
    PERIODS_TABLE,
    bilingual,
    bullets,
    front_matter,
    html_block,
    in_language,
    link,
    names,
    paragraph,
    strong,
    table,
    text,
)
from research_digest.render.paths import company_page, note_page, period_page, relative_url, segment_page, source_page
from research_digest.render.reuse import FRESH, Reuse
from research_digest.render.search import NOT_INDEXED
from research_digest.render.sources_list import sources_list

COMPARE_METRICS = [("revenue", "Revenue"), ("gross-margin", "Gross margin"), ("ebitda-margin", "EBITDA margin")]


def note_markdown(site: Site, note: Note, charts: list[PlannedChart], reuse: Reuse = FRESH) -> str:
    here = note_page(note)
    registry = site.registry
    company = registry.companies[note.company]
    source = registry.sources[note.source]
    facts = [
        f"{strong('Company:')} {link(bilingual(company.name_en, company.name_zh), here, company_page(company.id))}",
        f"{strong('Period:')} {link(note.period.label, here, period_page(note.period.label))}"
        + (f" ({text(note.period.fiscal_label)})" if note.period.fiscal_label != note.period.label else ""),
        f"{strong('Source:')} {link(bilingual(source.name_en, source.name_zh), here, source_page(source.id))}",
        f"{strong('Published:')} {note.published.display}",
        f"{strong('Kind:')} {KIND_LABELS[note.kind]} · {in_language(LANGUAGE_LABELS[note.language], note.language)}",
    ]
    if note.analysts:
        facts.append(f"{strong('Analysts:')} {in_language(text(', '.join(note.analysts)), note.language)}")
    if note.segments:
        facts.append(f"{strong('Segments:')} " + ", ".join(
            link(segment_name(registry.segments[s]), here, segment_page(s)) for s in note.segments))
    if note.tags:
        facts.append(f"{strong('Tags:')} {names(note.tags)}")
    if note.link:
        facts.append(f"{strong('Original:')} {link(text(note.link), here, note.link)}")
    out = [front_matter(title=note.title, description=f"{company.name_en} {note.period.label}: {note.title}",
                        search={"exclude": True}),  # notes are searched through Pagefind (fulltext.py)
           f"# {in_language(text(note.title), note.language)}\n\n", paragraph(*facts, classes="note-facts")]
    if note.figures:
        out += ["## Figures\n\n", html_block(f'<div class="note-figures">\n{note_figures(site, note)}</div>')]
    out.append(note_view(site, note, here))
    if charts:
        out += [f"## Where {note.period.label} sits\n\n", chart_references(charts, here, company_page(company.id))]
    body = render_body(note.body, lambda href: body_link(site, note, href), reuse)
    out += ["## Note\n\n", html_block(in_language(f"\n{body}\n", note.language, "div")), sources_list(note)]
    previous, following = site.neighbours(note)
    nav = []
    if previous:
        nav.append(f"← Previous: {note_link(previous, here)} ({previous.period.label})")
    if following:
        nav.append(f"Next: {note_link(following, here)} ({following.period.label}) →")
    if nav:
        out += ["---\n\n", paragraph(*nav, classes="note-neighbours")]
    out.append(html_block(note_index_markup(site, note)))
    return "".join(out)


def body_link(site: Site, note: Note, href: str) -> str | None:
    """The URL of the note a body links to by file name, relative to this note's page URL."""
    path, _, anchor = href.partition("#")
    target = site.note_by_path.get(posixpath.normpath(posixpath.join(note.path.parent.as_posix(), path)))
    if target is None:
        return None
    return relative_url(note_page(note), note_page(target) + (f"#{anchor}" if anchor else ""))


def note_figures(site: Site, note: Note) -> str:
    """The note's figures, each in its company's unit for the metric (as the company's tables show it)
    and, where that differs, as the note writes it."""
    rows = []
    for figure in note.figures:
        key = SeriesKey.of(note, figure)
        unit = site.units[(note.company, figure.metric)]
        if not comparable(figure.unit, unit):  # another currency than the company's: never converted
            unit = figure.unit
        # the company row's precision, or fewer where the note gives fewer: never a digit it does not state
        places = min(row_places(site, key, unit), convert_places(figure.value_places, figure.unit, unit))
        shown = in_row(figure, unit, places)
        citation = link("source", note_page(note), figure.citation) if figure.citation else ""
        rows.append([metric_label(site, key), figure.period.label,
                     text(with_unit(shown, unit) if figure.value is not None else shown),
                     text(figure.as_written()) if figure.unit != unit else "",
                     figure.yoy.format() if figure.yoy else "", figure.qoq.format() if figure.qoq else "",
                     text(figure_comment(figure)), citation])
    return table(["Metric", "Period", "Value", "As written", "YoY", "QoQ", "Note", "Citation"], rows,
                 ["left", "left", "right", "right", "right", "right", "left", "left"])


def segment_name(segment: Segment) -> str:
    return bilingual(segment.label_en, segment.label_zh)


def figure_comment(figure: Figure) -> str:
    """A figure's qualifier and, on the first figure of a new definition, what changed."""
    change = f"new definition: {figure.definition_note}" if figure.definition_note else "new definition"
    return "; ".join(part for part in (figure.note, change if figure.new_definition else "") if part)


def company_markdown(site: Site, company_id: str, charts: list[PlannedChart]) -> str:
    here = company_page(company_id)
    registry = site.registry
    company = registry.companies[company_id]
    notes = site.by_company.get(company_id, [])
    tickers = " · ".join(f"{text(exchange)}: {strong(text(ticker))}" for exchange, ticker in company.tickers.items())
    out = [front_matter(title=f"{company.name_en} {company.name_zh}", search=NOT_INDEXED,
                        hide=["navigation", "toc"], feed=company_feed(company_id) if notes else None),
           f"# {bilingual(company.name_en, company.name_zh)}\n\n"]
    glance = latest_glance(site, company_id)  # first: what the company just reported
    if glance:
        out.append(glance_markdown(site, glance, here))
    aliases = [f"{strong('Also known as:')} {names(company.aliases)}"] if company.aliases else []
    out += ["## About\n\n" if glance else "",
            paragraph(*[f"{strong('Tickers:')} {tickers}", *aliases,
                        f"{strong('Fiscal year ends:')} {calendar.month_name[company.fiscal_year_end]}",
                        f"{strong('Segments:')} " + ", ".join(link(segment_name(registry.segments[s]), here,
                                                                   segment_page(s)) for s in company.segments)]),
            downloads(here, company_files(company_id), company_feed(company_id) if notes else None, "figures")]
    targets = [chart for chart in charts if chart.path.endswith(TARGETS_CHART)]  # shown with the brokers' views
    figures = [chart for chart in charts if chart not in targets]
    if figures:
        out += ["## Charts\n\n", chart_blocks(figures, here)]
    keys = site.company_series(company_id)
    if keys:
        out += ["## Figures by period\n\n", company_table(site, company_id, keys, here)]
    out.append(company_estimates(site, company_id, here, targets))
    out.append("## Notes\n\n")
    out.append(bullets([note_line(site, note, here, with_company=False) for note in reversed(notes)]))
    if not notes:
        out.append("No notes yet.\n")
    return "".join(out)


def company_table(site: Site, company_id: str, keys: list[SeriesKey], here: str) -> str:
    """Newest period first, beside the metric: on a phone the latest figures show without scrolling."""
    labels = site.period_order({label for key in keys for label in (*site.series[key], *site.implied.get(key, ()))})
    labels.reverse()
    rows = []
    for key in keys:
        unit = site.units[(company_id, key.metric)]
        places = row_places(site, key, unit)
        rows.append([metric_label(site, key), unit]
                    + [figure_cell(site, key, label, unit, here, places) for label in labels])
        rows += change_rows(site, key, labels, here)
    implied = any(key in site.implied for key in keys)
    conflicts = any(conflicts_at(site, key, label) for key in keys for label in labels)
    definitions = any(key in site.breaks for key in keys)
    figures = table(["Metric", "Unit"] + [link(label, here, period_page(label)) for label in labels], rows,
                    ["left", "left"] + ["right"] * len(labels))
    return (html_block(f'<div class="{PERIODS_TABLE}">\n{figures}</div>')
            + legend(here, implied, conflicts, definitions))


def change_rows(site: Site, key: SeriesKey, labels: list[str], here: str) -> list[list[str]]:
    """Where a note states only a change for a period (ecosystem revenue up 76%, no value), the row's
    changes in rows of their own, so a value cell never holds a change."""
    cells = site.series[key]
    rows = []
    for name, label_text in CHANGE_LABELS.items():
        if not any(s.figure.value is None and getattr(s.figure, name) for column in cells.values() for s in column):
            continue
        unit = "pp" if site.registry.metrics[key.metric].is_ratio else "%"
        row = [f"{metric_label(site, key)}: {label_text}", unit]
        for label in labels:
            stated = [s for s in cells.get(label, ()) if getattr(s.figure, name)]
            row.append(" ".join(link(text(getattr(s.figure, name).format()) if i == 0 else f"[{i + 1}]", here,
                                     note_page(s.note), cell_title(s)) for i, s in enumerate(stated)))
        rows.append(row)
    return rows


def period_markdown(site: Site, label: str, charts: list[PlannedChart]) -> str:
    here = period_page(label)
    period = site.periods[label]
    notes = site.by_period.get(label, [])
    out = [front_matter(title=f"Period {label}", search=NOT_INDEXED, hide=["navigation", "toc"]), f"# {label}\n\n",
           f"{period.start:%Y-%m-%d} to {period.end:%Y-%m-%d}.\n\n"]
    comparison = period_comparison(site, label, here)
    if comparison:
        out += ["## Companies compared\n\n", chart_blocks(charts, here), comparison]
    out.append(period_estimates(site, label, here))
    out.append("## Notes\n\n")
    out.append(bullets([note_line(site, note, here) for note in notes]))
    if not notes:
        out.append("No note is about this period; its figures or estimates are in notes on other periods.\n")
    return "".join(out)


def period_comparison(site: Site, label: str, here: str) -> str:
    """Each company's headline figures for the period: one unit and precision per column (a company in
    another currency keeps its own, written in its cell); each margin with its basis."""
    keys = {company.id: {metric: headline(site, company.id, metric, label) for metric, _ in COMPARE_METRICS}
            for company in site.registry.companies}
    keys = {company: found for company, found in keys.items() if any(found.values())}
    revenue_units = {site.units[(company, "revenue")] for company, found in keys.items() if found["revenue"]}
    column_unit = revenue_units.pop() if len(revenue_units) == 1 else None
    places = {metric: column_places(site, [found[metric] for found in keys.values()], label)
              for metric, _ in COMPARE_METRICS}
    rows = []
    for company, found in keys.items():
        revenue = found["revenue"]
        row = [link(text(site.registry.companies[company].name_en), here, company_page(company))]
        if revenue:
            unit = site.units[(company, "revenue")]
            first = site.series[revenue].get(label, [None])[0]
            changes = [getattr(first.figure, name) if first else None for name in ("yoy", "qoq")]
            row += [figure_cell(site, revenue, label, unit, here, places["revenue"])
                    + ("" if column_unit else f" {unit}") + segment_mark(site, revenue),
                    *(change.format() if change else "" for change in changes)]
        else:
            row += ["", "", ""]
        for metric, _ in COMPARE_METRICS[1:]:
            margin = found[metric]
            row.append(figure_cell(site, margin, label, "%", here, places[metric])
                       + (" (adjusted)" if margin.basis == "adjusted" else "") if margin else "")
        rows.append(row)
    revenue_header = f"Revenue ({column_unit})" if column_unit else "Revenue"
    margin_headers = [f"{name} (%)" for _, name in COMPARE_METRICS[1:]]
    return table(["Company", revenue_header, "YoY", "QoQ", *margin_headers], rows,
                 ["left", "right", "right", "right", "right", "right"]) \
        + "\nMargins are as reported (under the company's accounting standard) unless marked (adjusted).\n"


def column_places(site: Site, keys: list[SeriesKey | None], label: str) -> int:
    """One precision for a column of companies' figures for a period: what most of them carry."""
    places = []
    for key in keys:
        if key is None:
            continue
        unit = site.units[(key.company, key.metric)]
        places += [convert_places(s.figure.value_places, s.figure.unit, unit) for s in site.series[key].get(label, ())
                   if s.figure.value is not None and comparable(s.figure.unit, unit)]
    return common_places(places)


def segment_mark(site: Site, key: SeriesKey) -> str:
    """Where a company's revenue in the comparison is one segment's (it states no total), which segment."""
    return f" ({text(site.registry.segments[key.segment].label_en)})" if key.segment else ""


def source_markdown(site: Site, source_id: str) -> str:
    here = source_page(source_id)
    source = site.registry.sources[source_id]
    notes = site.by_source.get(source_id, [])
    figures = sum(len(note.figures) for note in notes)
    out = [front_matter(title=source.display, search=NOT_INDEXED), f"# {bilingual(source.name_en, source.name_zh)}\n\n",
           f"{len(notes)} notes stating {figures} figures.\n\n", source_views(site, source_id, here),
           "## Notes\n\n"]
    out.append(bullets([note_line(site, note, here) for note in reversed(notes)]))
    return "".join(out)
