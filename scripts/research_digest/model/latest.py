"""A company's latest period at a glance: which figures its page opens with, and each segment's
share of revenue; and the one figure a list of notes shows beside each note. Only the choice and the
arithmetic are here; the pages draw them (render/latest.py, render/index_pages.py)."""

from __future__ import annotations

from dataclasses import dataclass

from research_digest.load.notes import Figure, Note
from research_digest.load.units import convert
from research_digest.model.site import SeriesKey, Site

REVENUE = "revenue"


@dataclass(frozen=True)
class SegmentShare:
    """A segment's revenue in the period, and its share of the company's revenue when both are known."""

    key: SeriesKey
    share: float | None  # percent of total revenue


@dataclass(frozen=True)
class Glance:
    """What a company reported for its latest period: the period, its revenue (the total, else the one
    segment it reports), its profits and margins (each on its own basis), and the other segments' revenue."""

    period: str
    revenue: SeriesKey | None
    results: list[SeriesKey]
    segments: list[SegmentShare]


def latest_glance(site: Site, company_id: str) -> Glance | None:
    """The company's latest period is that of its newest note (by period): what it just reported."""
    notes = site.by_company.get(company_id)
    if not notes:
        return None
    label = notes[-1].period.label
    keys = [key for key in site.company_series(company_id) if has_value(site, key, label)]
    revenue = headline(site, company_id, REVENUE, label)
    revenue = revenue if revenue in keys else None  # a change alone (YoY +34%) is no revenue to open with
    metrics = site.registry.metrics
    # Profits and margins are the metrics that may be negative (metrics.yml's `signed`).
    results = [key for key in keys if key.segment is None and metrics[key.metric].signed]
    # A share of the total only: a segment's share of another segment would mislead.
    total = value_at(site, revenue, label) if revenue and revenue.segment is None else None
    segments = []
    for key in keys:
        if key.segment is None or key.metric != REVENUE or key == revenue:
            continue
        part = value_at(site, key, label)
        share = 100 * part / total if part is not None and total else None
        segments.append(SegmentShare(key, share))
    return Glance(label, revenue, results, segments)


def headline(site: Site, company: str, metric: str, label: str) -> SeriesKey | None:
    """The series that stands for a company's metric in a period: the total if stated, else the first
    segment's; failing those, one with an implied value."""
    candidates = [key for key in site.company_series(company) if key.metric == metric
                  and (label in site.series[key] or label in site.implied.get(key, {}))]
    candidates.sort(key=lambda k: (label not in site.series[k], k.segment is not None, k.basis != "reported"))
    return candidates[0] if candidates else None


def has_value(site: Site, key: SeriesKey, label: str) -> bool:
    """A value stated (a bound too) or implied for the period; a change alone is no value to open with."""
    return (any(s.figure.value is not None for s in site.series[key].get(label, []))
            or label in site.implied.get(key, {}))


def value_at(site: Site, key: SeriesKey, label: str) -> float | None:
    """The period's value in the company's display unit: the first stated one that is a number (not a
    bound), else the most precise implied one."""
    unit = site.units[(key.company, key.metric)]
    for stated in site.series[key].get(label, []):
        if stated.figure.value is not None and not stated.figure.value_qualifier:
            return site.value(stated, unit)
    implied = site.implied.get(key, {}).get(label)
    return convert(implied[0].value, implied[0].unit, unit) if implied else None


def headline_figure(note: Note) -> Figure | None:
    """The figure a list of notes shows beside a note: its total revenue for its own period, else the
    first figure for that period with a value."""
    own = [f for f in note.figures if f.period.label == note.period.label and f.value is not None]
    return next((f for f in own if f.metric == REVENUE and f.segment is None), own[0] if own else None)
