"""Brokers' estimates against what was then reported, and their ratings and target prices over time.

For each company, metric (and segment, basis) and period with estimates: the actual, once a note
states it, and the estimates made before it was published (an estimate made on or after that date is
no estimate: it is left out, and warned of). Estimates are never checked against actuals as conflicts
(checks.py reads only `metrics`); they are compared with them: range, median, and the actual's beat or
miss of the median in percent. Per broker, the mean absolute % error of its revenue estimates.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from research_digest.load.notes import RATIO_UNIT, Note
from research_digest.load.periods import Period
from research_digest.load.problems import Problem
from research_digest.load.units import convert
from research_digest.load.views import Forecast
from research_digest.model.site import SeriesKey, Site, Stated

ACCURACY_METRIC = "revenue"  # a broker's accuracy: its estimates of total revenue


@dataclass(frozen=True)
class Estimate:
    forecast: Forecast
    note: Note


@dataclass(frozen=True)
class Comparison:
    """One period of one series: its estimates, and the actual when one has been reported."""

    key: SeriesKey
    period: Period
    unit: str  # what the values below are in: the actual's unit, else the company's for the metric
    actual: Stated | None  # the first stated exact value, from the earliest note stating it
    estimates: tuple[Estimate, ...]  # made before the actual was published (all, while none is), oldest first
    values: tuple[float, ...]  # each estimate's value in `unit`

    @property
    def low(self) -> float:
        return min(self.values)

    @property
    def high(self) -> float:
        return max(self.values)

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    @property
    def actual_value(self) -> float | None:
        figure = self.actual.figure if self.actual else None
        return None if figure is None or figure.value is None else convert(figure.value, figure.unit, self.unit)

    @property
    def in_points(self) -> bool:
        """A ratio (a margin) is compared in percentage points: 36.6% against 35.6% is 1.0 pp, not 2.8%."""
        return self.unit == RATIO_UNIT

    @property
    def surprise(self) -> float | None:
        """The actual against the median estimate, above zero a beat and below a miss: in percent of the
        median for an amount, in points for a ratio."""
        actual = self.actual_value
        if actual is None:
            return None
        if self.in_points:
            return actual - self.median
        return None if not self.median else (actual - self.median) / abs(self.median) * 100

    def error(self, index: int) -> float | None:
        """How far estimate `index` was from the actual, in percent of the actual (absolute)."""
        actual = self.actual_value
        return None if not actual else abs(self.values[index] - actual) / abs(actual) * 100


@dataclass(frozen=True)
class Accuracy:
    """How close a broker's revenue estimates came to the actuals that followed them."""

    scored: tuple[tuple[Comparison, int], ...]  # (comparison, index of the broker's estimate in it)

    @property
    def count(self) -> int:
        return len(self.scored)

    @property
    def mean_error(self) -> float:
        return statistics.fmean(comparison.error(index) or 0.0 for comparison, index in self.scored)


@dataclass
class Estimates:
    comparisons: list[Comparison] = field(default_factory=list)
    by_company: dict[str, list[Comparison]] = field(default_factory=dict)  # in registry metric, then period order
    by_period: dict[str, list[Comparison]] = field(default_factory=dict)
    # company -> source -> its notes with a rating or target price, oldest first
    views: dict[str, dict[str, list[Note]]] = field(default_factory=dict)
    # source -> company -> the same notes, for the broker's page
    views_by_source: dict[str, dict[str, list[Note]]] = field(default_factory=dict)
    accuracy: dict[str, Accuracy] = field(default_factory=dict)  # source -> once it has a scored estimate
    late: list[tuple[Estimate, Stated]] = field(default_factory=list)  # made on or after the actual's publication

    def problems(self) -> list[Problem]:
        """A warning for each estimate made after its actual had been published: it is not compared."""
        return [Problem(estimate.note.path, estimate.forecast.line,
                        f"forecasts[{estimate.note.forecasts.index(estimate.forecast)}].period",
                        f"an estimate published before the actual ({actual.note.path}, published "
                        f"{actual.note.published.display})",
                        f"{estimate.forecast.period.label}, estimated on {estimate.note.published.display}",
                        severity="warning")
                for estimate, actual in self.late]


def gather(site: Site) -> Estimates:
    estimates = Estimates()
    forecasts: dict[tuple[SeriesKey, str], list[Estimate]] = defaultdict(list)
    periods: dict[str, Period] = {}
    for note in sorted(site.notes, key=lambda n: (n.published, n.slug)):
        for forecast in note.forecasts:
            key = SeriesKey(note.company, forecast.metric, forecast.segment, forecast.basis)
            forecasts[(key, forecast.period.label)].append(Estimate(forecast, note))
            periods[forecast.period.label] = forecast.period
        if note.rating or note.target_price:
            estimates.views.setdefault(note.company, {}).setdefault(note.source, []).append(note)
            estimates.views_by_source.setdefault(note.source, {}).setdefault(note.company, []).append(note)
    metric_order = {metric: index for index, metric in enumerate(site.registry.metrics.entries)}
    order = sorted(forecasts, key=lambda k: (k[0].company, metric_order[k[0].metric], k[0].segment or "",
                                             k[0].basis, periods[k[1]].sort_key))
    for key, label in order:
        comparison, late = compare(site, key, periods[label], forecasts[(key, label)])
        estimates.late += late
        if comparison is None:
            continue
        estimates.comparisons.append(comparison)
        estimates.by_company.setdefault(key.company, []).append(comparison)
        estimates.by_period.setdefault(label, []).append(comparison)
    scored: dict[str, list[tuple[Comparison, int]]] = defaultdict(list)
    for comparison in estimates.comparisons:
        key = comparison.key
        if comparison.actual and key.metric == ACCURACY_METRIC and key.segment is None and key.basis == "reported":
            for index, estimate in enumerate(comparison.estimates):
                scored[estimate.note.source].append((comparison, index))
    estimates.accuracy = {source: Accuracy(tuple(items)) for source, items in scored.items()}
    return estimates


def compare(site: Site, key: SeriesKey, period: Period,
            made: list[Estimate]) -> tuple[Comparison | None, list[tuple[Estimate, Stated]]]:
    """The period's estimates against its actual (None when no estimate is in a comparable unit), and
    the estimates made too late to compare."""
    stated = [s for s in site.series.get(key, {}).get(period.label, [])
              if s.figure.value is not None and not s.figure.value_qualifier]
    actual = min(stated, key=lambda s: (s.note.published, s.note.slug)) if stated else None
    unit = actual.figure.unit if actual else site.units.get((key.company, key.metric), made[0].forecast.unit)
    before = [e for e in made if actual is None or e.note.published < actual.note.published]
    late = [(e, actual) for e in made if actual is not None and e not in before]
    converted = [(e, convert(e.forecast.value, e.forecast.unit, unit)) for e in before]
    kept = [(e, value) for e, value in converted if value is not None]  # another currency: never compared
    if not kept:
        return None, late
    return Comparison(key, period, unit, actual, tuple(e for e, _ in kept), tuple(v for _, v in kept)), late
