"""Pieces that several pages share: a note's line in a list, a metric's label, the cells of a
figures table (stated, implied, in conflict, starting a new definition) and its legend, download links
and chart blocks."""

from __future__ import annotations

import posixpath

from research_digest.load.notes import Note
from research_digest.load.units import convert, convert_places, format_value
from research_digest.model.checks import Conflict
from research_digest.model.site import Implied, SeriesKey, Site, Stated
from research_digest.render.chart_plan import PlannedChart
from research_digest.render.chart_text import chart_text
from research_digest.render.markup import CHANGE_LABELS, in_language, link, text
from research_digest.render.paths import CHECKS_PAGE, company_page, note_page, period_page, source_page

DEFINITIONS_SECTION = "definition-changes"  # the Data checks page's list of definition changes
DEFINITION_MARK = "‖"


def note_line(site: Site, note: Note, here: str, with_company: bool = True) -> str:
    """One line describing a note, for lists. What it reads of the note is what a list page's
    fingerprint names (`research_digest.build.cache.pages.PageInputs._lines`)."""
    company = site.registry.companies[note.company]
    parts = [note_link(note, here)]
    if with_company:
        parts.append(link(text(company.name_en), here, company_page(company.id)))
    parts += [link(note.period.label, here, period_page(note.period.label)),
              link(text(site.registry.sources[note.source].name_en), here, source_page(note.source)),
              note.published.date.isoformat()]
    return "- " + " · ".join(parts)


def note_link(note: Note, here: str) -> str:
    """A link to a note by its title, marked in the note's language."""
    return link(in_language(text(note.title), note.language), here, note_page(note))


def metric_label(site: Site, key: SeriesKey) -> str:
    label = site.registry.metrics[key.metric].label_en
    if key.segment:
        label += f" – {site.registry.segments[key.segment].label_en}"
    if key.basis == "adjusted":
        label += " (adjusted)"
    return text(label)


def stated_cell(site: Site, stated: list[Stated], unit: str, here: str) -> str:
    """A table cell: the value in `unit` as written (its decimals, a bound), linking to the note(s) that state it."""
    first = stated[0]
    shown = text(first.figure.shown_value(unit)) if first.figure.value is not None else change_text(first)
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
    shown = format_value(convert(first.value, first.unit, unit), unit, convert_places(first.places, first.unit, unit))
    links = []
    for i, item in enumerate(implied):
        change = getattr(item.origin.figure, item.change)
        title = (f"Implied from the {item.origin.figure.period.label} value and its {CHANGE_LABELS[item.change]} "
                 f"change ({change.format()}) in {item.origin.note.title}")
        label = f"*{shown}*<sup>i</sup>" if i == 0 else f"[{i + 1}]"
        links.append(link(label, here, note_page(item.origin.note), title) + "{ .implied }")
    return " ".join(links)


def figure_cell(site: Site, key: SeriesKey, label: str, unit: str, here: str) -> str:
    """A company-table cell: stated values, else an implied one; flagged when a check found a conflict,
    and marked when a figure in it starts a new definition."""
    stated = site.series[key].get(label, [])
    implied = site.implied.get(key, {}).get(label, [])
    cell = " ".join(part for part in (implied_cell(implied, unit, here) if implied else "",
                                      stated_cell(site, stated, unit, here) if stated else "") if part)
    cell += "".join(definition_mark(s, here) for s in stated[:1] if s.figure.new_definition)
    cell += "".join(f" {link('⚠', here, f'{CHECKS_PAGE}#{c.anchor}', 'A conflict: see Data checks')}"
                    "{ .conflict }" for c in conflicts_at(site, key, label))
    return cell


def definition_mark(stated: Stated, here: str) -> str:
    """The mark on the first figure of a new definition: its note as the tooltip, linking to the list of
    definition changes."""
    figure = stated.figure
    title = "A new definition from here: not comparable with earlier periods" \
        + (f" ({figure.definition_note})" if figure.definition_note else "")
    return f" {link(DEFINITION_MARK, here, f'{CHECKS_PAGE}#{DEFINITIONS_SECTION}', title)}{{ .definition-change }}"


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


def change_text(stated: Stated) -> str:
    return text(", ".join(stated.figure.changes())) or "–"

