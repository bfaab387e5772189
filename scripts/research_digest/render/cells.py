"""Pieces that several pages share: a note's line in a list, a metric's label, the cells of a
figures table (stated, implied, in conflict, starting a new definition) and its legend, download links
and chart blocks."""

from __future__ import annotations

from research_digest.charts.spec import fragment
from research_digest.load.notes import Figure, Note
from research_digest.load.units import common_places, comparable, convert, convert_places
from research_digest.model.checks import Conflict
from research_digest.model.site import Implied, SeriesKey, Site, Stated
from research_digest.render.chart_plan import PlannedChart
from research_digest.render.chart_text import alt_text, data_table, reference_text
from research_digest.render.markup import (
    CHANGE_LABELS,
    attr,
    details,
    em,
    html_block,
    in_language,
    link,
    paragraph,
    strong,
    text,
)
from research_digest.render.paths import CHECKS_PAGE, company_page, note_page, period_page, relative_url, source_page

DEFINITIONS_SECTION = "definition-changes"  # the Data checks page's list of definition changes
DEFINITION_MARK = "‖"


def note_line(site: Site, note: Note, here: str, with_company: bool = True) -> str:
    """One line describing a note, an item of a list. What it reads of the note is what a list page's
    fingerprint names (`research_digest.build.cache.pages.PageInputs._lines`)."""
    company = site.registry.companies[note.company]
    parts = [note_link(note, here)]
    if with_company:
        parts.append(link(text(company.name_en), here, company_page(company.id)))
    parts += [link(note.period.label, here, period_page(note.period.label)),
              link(text(site.registry.sources[note.source].name_en), here, source_page(note.source)),
              note.published.date.isoformat()]
    return " · ".join(parts)


def note_link(note: Note, here: str) -> str:
    """A link to a note by its title, marked in the note's language."""
    return link(in_language(text(note.title), note.language), here, note_page(note))


def metric_label(site: Site, key: SeriesKey) -> str:
    """A row's name: the metric, its segment, and its basis where it has one (always on a margin,
    which is read differently adjusted or as reported)."""
    metric = site.registry.metrics[key.metric]
    label = metric.label_en
    if key.segment:
        label += f" – {site.registry.segments[key.segment].label_en}"
    if key.basis == "adjusted" or metric.margin_of:
        label += f" ({key.basis})"
    return text(label)


def stated_cell(site: Site, stated: list[Stated], unit: str, here: str, places: int) -> str:
    """A table cell: the value in the row's `unit` and precision (`places`), linking to the note(s) that
    state it; the value as written is in the link's title. A figure in another currency or noun than
    the row's is shown as written, with its unit: it is never converted. A figure with only a change
    has no value here: its change is in the table's change cell or row."""
    first = stated[0]
    shown = text(in_row(first.figure, unit, places)) if first.figure.value is not None else "–"
    links = [link(shown if i == 0 else f"[{i + 1}]", here, note_page(s.note), cell_title(s))
             for i, s in enumerate(stated)]
    return " ".join(links)


def in_row(figure: Figure, unit: str, places: int) -> str:
    """A stated value at a row's unit and precision; a bound keeps its sign (">20"), a figure in a unit
    the row's does not convert to keeps its own unit."""
    if figure.value is None:
        return "–"
    value = convert(figure.value, figure.unit, unit)
    if value is None:
        return figure.as_written()
    return f"{figure.value_qualifier}{value:,.{places}f}"


def cell_title(stated: Stated) -> str:
    """A cell link's tooltip: the note, and the figure as it writes it."""
    figure = stated.figure
    written = ", ".join([figure.as_written()] * (figure.value is not None) + figure.changes())
    return f"{stated.note.title} (as written: {written})"


def row_places(site: Site, key: SeriesKey, unit: str) -> int:
    """The one precision a row shows its values in: the decimals most of its stated values carry in its unit."""
    return common_places(convert_places(s.figure.value_places, s.figure.unit, unit)
                         for column in site.series.get(key, {}).values() for s in column
                         if s.figure.value is not None and comparable(s.figure.unit, unit))


def downloads(here: str, files: tuple[str, str], feed: str | None, what: str) -> str:
    """A line of links to the data files (CSV, JSON) and the Atom feed."""
    csv_file, json_file = files
    parts = [link(f"{what} as CSV", here, csv_file), link("JSON", here, json_file)]
    if feed:
        parts.append(link("Atom feed of the latest notes", here, feed))
    return paragraph(strong("Data:") + " " + " · ".join(parts))


def implied_cell(implied: list[Implied], unit: str, here: str, places: int) -> str:
    """A table cell for a period no note states: the implied value in italics, marked, linking to its note(s)."""
    first = implied[0]
    value = convert(first.value, first.unit, unit)
    shown = "–" if value is None else f"{value:,.{places}f}"
    links = []
    for i, item in enumerate(implied):
        change = getattr(item.origin.figure, item.change)
        title = (f"Implied from the {item.origin.figure.period.label} value and its {CHANGE_LABELS[item.change]} "
                 f"change ({change.format()}) in {item.origin.note.title}")
        label = em(shown) + "<sup>i</sup>" if i == 0 else f"[{i + 1}]"
        links.append(link(label, here, note_page(item.origin.note), title, classes="implied"))
    return " ".join(links)


def figure_cell(site: Site, key: SeriesKey, label: str, unit: str, here: str, places: int) -> str:
    """A company-table cell: stated values, else an implied one, in the row's unit and precision; flagged
    when a check found a conflict, and marked when a figure in it starts a new definition."""
    stated = site.series[key].get(label, [])
    implied = site.implied.get(key, {}).get(label, [])
    cell = " ".join(part for part in (implied_cell(implied, unit, here, places) if implied else "",
                                      stated_cell(site, stated, unit, here, places) if stated else "") if part)
    cell += "".join(definition_mark(s, here) for s in stated[:1] if s.figure.new_definition)
    cell += "".join(f" {link('⚠', here, f'{CHECKS_PAGE}#{c.anchor}', 'A conflict: see Data checks', 'conflict')}"
                    for c in conflicts_at(site, key, label))
    return cell


def definition_mark(stated: Stated, here: str) -> str:
    """The mark on the first figure of a new definition: its note as the tooltip, linking to the list of
    definition changes."""
    figure = stated.figure
    title = "A new definition from here: not comparable with earlier periods" \
        + (f" ({figure.definition_note})" if figure.definition_note else "")
    return " " + link(DEFINITION_MARK, here, f"{CHECKS_PAGE}#{DEFINITIONS_SECTION}", title, "definition-change")


def conflicts_at(site: Site, key: SeriesKey, label: str) -> list[Conflict]:
    """The conflicts (on the Data checks page) a cell takes part in."""
    return site.checks.conflicts_at(key, label) if site.checks else []


def legend(here: str, implied: bool, conflicts: bool, definitions: bool = False) -> str:
    """What the marks in a figures table mean, for the marks it has."""
    parts = []
    if definitions:
        parts.append(f"{DEFINITION_MARK} marks the first figure on a new definition: the periods before it are not "
                     f"comparable with it (hover for what changed; see "
                     f"{link('definition changes', here, f'{CHECKS_PAGE}#{DEFINITIONS_SECTION}')}).")
    if implied:
        parts.append(f"{em('Italic')} values marked <sup>i</sup> are implied: no note states them; they follow from "
                     "another period's value and its YoY or QoQ change, and link to the note that states those.")
    if conflicts:
        parts.append(f"⚠ marks a figure that disagrees with another: see {link('Data checks', here, CHECKS_PAGE)}.")
    return paragraph(" ".join(parts)) if parts else ""


def chart_blocks(charts: list[PlannedChart], here: str) -> str:
    """Each chart with its alt text, and the data behind it in a collapsed table."""
    return "".join(embedded_chart(planned, here, alt_text(planned.chart))
                   + details("Data behind the chart", data_table(planned.chart)) for planned in charts)


def chart_references(charts: list[PlannedChart], here: str, data_page: str) -> str:
    """Charts whose data is shown on another page: each named in its alt text, with a link to its
    data, so that this page does not change with every figure the chart draws."""
    return "".join(embedded_chart(planned, here, f"Chart: {reference_text(planned.chart, planned.marked)}")
                   + paragraph(link("Data behind the chart", here, data_page + "#charts"))
                   for planned in charts)


def embedded_chart(planned: PlannedChart, here: str, alt: str) -> str:
    """A chart's SVG as embedded documents, not images: a browser shows the tooltip of each mark (its
    exact value) only in a document. Two of them, one per colour scheme, the page's stylesheet
    showing the one for the reader's (the same file: its address chooses the dark ink, and the
    period marked, see charts.stylesheet); the hidden one is not loaded."""
    target = attr(relative_url(here, planned.path))
    light, dark = (f"{target}#{f}" if f else target
                   for f in (fragment(planned.marked), fragment(planned.marked, dark=True)))
    label = f'type="image/svg+xml" role="img" aria-label="{attr(alt)}"'
    return html_block(f'<figure class="chart"><object class="chart-light" data="{light}" {label}></object>'
                      f'<object class="chart-dark" data="{dark}" {label}></object></figure>')


