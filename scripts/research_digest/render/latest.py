"""The opening of a company page: its latest period at a glance, before any chart or table.

A list, not a table, so that each line wraps on a phone instead of scrolling sideways. Each value is
the same cell as in the figures table (`cells.figure_cell`): it links to the note that states it, and
an implied value, a conflict or a new definition keeps its mark.
"""

from __future__ import annotations

from research_digest.load.units import with_unit
from research_digest.model.latest import Glance, SegmentShare
from research_digest.model.site import SeriesKey, Site
from research_digest.render.cells import figure_cell, metric_label, row_places
from research_digest.render.markup import bullets, link, strong, text
from research_digest.render.paths import period_page


def glance_markdown(site: Site, glance: Glance, here: str) -> str:
    label = glance.period
    lines = [figure_line(site, key, label, here, with_basis=key in glance.results)
             for key in ([glance.revenue] if glance.revenue else []) + glance.results]
    out = [f"## Latest period: {link(label, here, period_page(label))}\n\n"]
    out.append(bullets(lines) if lines else f"No revenue, margin or profit is stated for {label}.\n\n")
    if glance.segments:
        out += ["### Segment mix\n\n", bullets([segment_line(site, share, label, here)
                                                            for share in glance.segments])]
    return "".join(out)


def figure_line(site: Site, key: SeriesKey, label: str, here: str, with_basis: bool = False) -> str:
    """"Revenue 2,478.0 CNY mn · YoY +31.4% · QoQ +5.5%": the value links to its note; a margin or
    profit names its basis even when it is the reported one, since companies report both."""
    name = metric_label(site, key) + (text(" (reported)") if with_basis and key.basis == "reported" else "")
    return " · ".join([f"{strong(name)} {value(site, key, label, here)}", *changes(site, key, label)])


def segment_line(site: Site, segment: SegmentShare, label: str, here: str) -> str:
    """"Public cloud 1,752.3 CNY mn · 70.7% of revenue · YoY +49.1%"."""
    name = text(site.registry.segments[segment.key.segment or ""].label_en)
    share = [f"{segment.share:.1f}% of revenue"] if segment.share is not None else []
    return " · ".join([f"{strong(name)} {value(site, segment.key, label, here)}", *share,
                       *changes(site, segment.key, label)])


def value(site: Site, key: SeriesKey, label: str, here: str) -> str:
    unit = site.units[(key.company, key.metric)]
    cell = figure_cell(site, key, label, unit, here, row_places(site, key, unit))  # as in the table below
    return with_unit(cell, text(unit))


def changes(site: Site, key: SeriesKey, label: str) -> list[str]:
    """The changes the first note stating the period's value gives (an implied value has none of its own)."""
    stated = site.series[key].get(label)
    return [text(change) for change in stated[0].figure.changes()] if stated else []
