"""Implied figures: the year-ago or prior-quarter value a stated value and its stated change imply.

Kingsoft's 2024Q4 revenue of 2,232.1 CNY mn, up 18.4% QoQ, implies about 1,885.2 for 2024Q3. Each
implied value carries the range its rounded inputs allow, so a check can tell rounding from
disagreement. Changes are as the source states them: percent on amounts, points on ratios.

Nothing is implied
- from an approximate change (">120", "~120") or a value stated as a bound or approximately (">20"):
  the source gives no exact figure;
- from a loss or a zero: a percent change on a negative base has no agreed meaning;
- outside the span of periods a series is stated for (first to last stated period of the same
  kind): there a change may be measured against another definition, e.g. Kingsoft's 2025 AI gross
  billing grows against its 2024 AI revenue, a different metric.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterator

from research_digest.load.notes import Change
from research_digest.load.periods import Period
from research_digest.load.units import Range, convert, half_unit
from research_digest.model.site import Implied, PerCompany, SeriesKey, Site, Stated, each_time

CHANGES: tuple[tuple[str, Callable[[Period], Period]], ...] = (("yoy", Period.year_ago), ("qoq", Period.previous))


def derive(site: Site, per_company: PerCompany = each_time) -> list[Implied]:
    """Every implied value inside its series' span, whether or not a note states that period too;
    company by company in registry order (through `per_company`, which may keep a company's)."""
    return [item for company in site.companies_with_notes()
            for item in per_company("derive", company.id, lambda: _derive_company(site, company.id))]


def _derive_company(site: Site, company: str) -> list[Implied]:
    implied = []
    for key in site.company_series(company):
        cells = site.series[key]
        is_ratio = site.registry.metrics[key.metric].is_ratio
        spans = _spans(site, cells)
        for stated in (s for column in cells.values() for s in column):
            for item in _implied(stated, is_ratio):
                span = spans.get(item.period.kind)
                if span and span[0] <= item.period.sort_key <= span[1]:
                    implied.append(item)
    return implied


def add_implied(site: Site, implied: list[Implied]) -> None:
    """Put into the model the implied values for periods no note states a value for, most precise first."""
    gaps: dict[SeriesKey, dict[str, list[Implied]]] = defaultdict(lambda: defaultdict(list))
    for item in implied:
        key, label = series_key(item.origin), item.period.label
        if not any(s.figure.value is not None for s in site.series[key].get(label, ())):
            gaps[key][label].append(item)
            site.periods.setdefault(label, item.period)
    for key, cells in gaps.items():
        unit = site.units[(key.company, key.metric)]
        for items in cells.values():
            items.sort(key=lambda i: math.inf if (width := convert(i.range.width, i.unit, unit)) is None else width)
    site.implied = {key: dict(cells) for key, cells in gaps.items()}


def series_key(stated: Stated) -> SeriesKey:
    return SeriesKey.of(stated.note, stated.figure)


def change_range(change: Change) -> Range:
    half = 0.5 * 10.0 ** -change.places
    return Range(change.value - half, change.value + half)


def _spans(site: Site, cells: dict[str, list[Stated]]) -> dict[str, tuple]:
    """Per period kind, the first and last period stated with a value."""
    spans: dict[str, tuple] = {}
    for label, stated in cells.items():
        if any(s.figure.value is not None for s in stated):
            period = site.periods[label]
            first, last = spans.get(period.kind, (period.sort_key, period.sort_key))
            spans[period.kind] = (min(first, period.sort_key), max(last, period.sort_key))
    return spans


def _implied(stated: Stated, is_ratio: bool) -> Iterator[Implied]:
    figure = stated.figure
    if figure.value is None or figure.value_qualifier:
        return
    half = half_unit(figure.value, figure.value_places)
    for name, before in CHANGES:
        change: Change | None = getattr(figure, name)
        if change is None or change.qualifier or (name == "qoq" and figure.period.kind != "Q"):
            continue
        changed = change_range(change)
        low_change, high_change = changed.low, changed.high
        if is_ratio:  # points: the earlier value is this one less the change
            value = figure.value - change.value
            span = Range(figure.value - half - high_change, figure.value + half - low_change)
            places = max(figure.value_places, change.places)
        else:
            if figure.value <= 0 or low_change <= -100:
                continue
            value = figure.value / (1 + change.value / 100)
            span = Range((figure.value - half) / (1 + high_change / 100),
                         (figure.value + half) / (1 + low_change / 100))
            places = figure.value_places
        yield Implied(before(figure.period), round(value, places), places, figure.unit, span, name, stated)
