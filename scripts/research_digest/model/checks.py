"""Consistency checks: do the figures the notes state, and those they imply, agree?

Agreement is judged within the precision each figure states, as written: 2.232 CNY bn (2,231.5 to
2,232.5 CNY mn) agrees with 2,232.1 CNY mn, and 1.410 is checked to the third decimal. A value stated
as a bound (">20") is the interval it names: it agrees with any value inside it; sums and margins are
worked out from exact values only. Figures whose `note` qualifiers differ (continuing operations, a
restated comparative) are different definitions and are never compared, nor are figures on either
side of a definition change (`definition: new`); approximate values and changes ("~20", ">120" as a
change) are never compared either.

A disagreement is a `Conflict`: a warning naming both notes with file and line, and both values.
"""

from __future__ import annotations

import functools
import hashlib
import math
from collections import defaultdict
from dataclasses import dataclass, field, replace
from functools import cached_property

from research_digest.load.problems import Problem
from research_digest.load.units import Range, convert, convert_places, format_value, stated_range, with_unit
from research_digest.model.derive import change_range, series_key
from research_digest.model.site import Implied, PerCompany, SeriesKey, Site, Stated, each_time

KINDS = {
    "same": "The same figure in two notes",
    "implied": "Implied values against stated ones",
    "segments": "Segments against the total",
    "parts": "Quarters against their half or year",
    "margin": "Margins against profit over revenue",
}
CHANGE_NAMES = {"yoy": "YoY change", "qoq": "QoQ change"}

Cell = tuple[SeriesKey, str]  # a series and a period label: one cell of a company's table


@dataclass(frozen=True)
class Conflict:
    kind: str  # a key of KINDS
    subject: Stated  # the figure the warning points at
    field: str  # "value", "yoy" or "qoq"
    expected: str
    found: str
    others: tuple[Stated, ...]  # the other figures involved, each with its note
    cells: tuple[Cell, ...]  # the company-table cells that show figures involved

    @property
    def anchor(self) -> str:
        """Its id on the Data checks page, from what it compares rather than its place in the list,
        so that a new conflict does not change the links on every other page."""
        what = (self.kind, self.field, *(f"{s.note.path.as_posix()}|{series_key(s)}|{s.figure.period.label}"
                                         for s in (self.subject, *self.others)))
        return "conflict-" + hashlib.sha1("\n".join(map(str, what)).encode("utf-8")).hexdigest()[:10]

    def problem(self) -> Problem:
        index = self.subject.note.figures.index(self.subject.figure)
        return Problem(self.subject.note.path, self.subject.figure.line, f"metrics[{index}].{self.field}",
                       self.expected, self.found, severity="warning")


@dataclass(frozen=True)
class Checked:
    """One comparison that was made, and the conflict it found, if any."""

    kind: str
    key: SeriesKey
    period: str
    conflict: Conflict | None


@dataclass
class Checks:
    results: list[Checked] = field(default_factory=list)

    @cached_property
    def conflicts(self) -> list[Conflict]:
        """Open conflicts, in the order of the Data checks page."""
        return [r.conflict for r in self.results if r.conflict]

    @cached_property
    def _by_cell(self) -> dict[Cell, list[Conflict]]:
        found: dict[Cell, list[Conflict]] = {}
        for conflict in self.conflicts:
            for cell in dict.fromkeys(conflict.cells):
                found.setdefault(cell, []).append(conflict)
        return found

    def conflicts_at(self, key: SeriesKey, label: str) -> list[Conflict]:
        """The conflicts a company-table cell takes part in."""
        return self._by_cell.get((key, label), [])

    def problems(self) -> list[Problem]:
        return [conflict.problem() for conflict in self.conflicts]


def run_checks(site: Site, implied: list[Implied], per_company: PerCompany = each_time) -> Checks:
    """Compare every figure with every other that speaks of the same thing: all of one company's,
    then the next's, in registry order (through `per_company`, which may keep a company's)."""
    by_company: dict[str, list[Implied]] = defaultdict(list)
    for item in implied:
        by_company[item.origin.note.company].append(item)
    return Checks([result for company in site.companies_with_notes()
                   for result in per_company("checks", company.id,
                                            lambda: _Checker(site).run(company.id, by_company[company.id]))])


def where(stated: Stated) -> str:
    return f"{stated.note.path.as_posix()}:{stated.figure.line}"


def amount(value: float | None, unit: str, places: int | None = None) -> str:
    return with_unit(format_value(value, unit, places), unit)


def shown(stated: Stated, what: str = "value") -> str:
    """A stated value or change as its note writes it."""
    figure = stated.figure
    return with_unit(figure.shown_value(), figure.unit) if what == "value" else getattr(figure, what).format()


# A value stated as a bound: the interval it names. Its number is a threshold, not a rounded measure:
# ">1000" does not reach down to 500, as a rounded 1000 would.
_BOUNDS = {">": lambda end: Range(end, math.inf), ">=": lambda end: Range(end, math.inf),
           "<": lambda end: Range(-math.inf, end), "<=": lambda end: Range(-math.inf, end)}


class _Checker:
    """The checks of one company."""

    def __init__(self, site: Site):
        self.site = site
        self.results: list[Checked] = []

    def run(self, company: str, implied: list[Implied]) -> list[Checked]:
        keys = self.site.company_series(company)
        for key in keys:
            for label, column in self.site.series[key].items():
                self.same(key, label, column)
        self.implied(keys, implied)
        self.segments(company, keys)
        self.parts(keys)
        self.margins(keys)
        return self.results

    def record(self, kind: str, key: SeriesKey, label: str, conflict: Conflict | None) -> None:
        self.results.append(Checked(kind, key, label, conflict))

    def unit(self, key: SeriesKey) -> str:
        return self.site.units[(key.company, key.metric)]

    def range(self, stated: Stated, what: str, unit: str) -> Range | None:
        """A stated value (in `unit`) or exact change as a range; None when there is nothing to compare."""
        figure = stated.figure
        if what == "value":
            if figure.value is None or figure.value_qualifier == "~":
                return None
            if figure.value_qualifier:
                end = convert(figure.value, figure.unit, unit)
                return None if end is None else _BOUNDS[figure.value_qualifier](end)
            return stated_range(figure.value, figure.unit, unit, figure.value_places)
        change = getattr(figure, what)
        return None if change is None or change.qualifier else change_range(change)

    def best(self, column: list[Stated], unit: str) -> tuple[Stated, Range] | None:
        """The most precise exact value stated in a cell (no bound), with its range in `unit`."""
        ranges = [(s, r) for s in column
                  if not s.figure.value_qualifier and (r := self.range(s, "value", unit)) is not None]
        return min(ranges, key=lambda pair: pair[1].width, default=None)

    def every_best(self, columns: list[list[Stated]], unit: str) -> list[tuple[Stated, Range]] | None:
        """The best of each cell, or None when a cell states no value in `unit`."""
        found = []
        for column in columns:
            best = self.best(column, unit)
            if best is None:
                return None
            found.append(best)
        return found

    # --- the checks ------------------------------------------------------------------------------

    def same(self, key: SeriesKey, label: str, column: list[Stated]) -> None:
        unit = self.unit(key)
        for index, later in enumerate(column):
            for earlier in column[:index]:
                if earlier.note is later.note or earlier.figure.note != later.figure.note:
                    continue
                for what in ("value", "yoy", "qoq"):
                    first, second = self.range(earlier, what, unit), self.range(later, what, unit)
                    if first is None or second is None:
                        continue
                    conflict = None if first.overlaps(second) else Conflict(
                        "same", later, what, f"agreement with {where(earlier)} ({shown(earlier, what)})",
                        shown(later, what), (earlier,), ((key, label),))
                    self.record("same", key, label, conflict)

    def implied(self, keys: list[SeriesKey], implied: list[Implied]) -> None:
        """Each implied value against what notes state for its period."""
        for item in implied:
            key, label = series_key(item.origin), item.period.label
            unit = self.unit(key)
            ours = self.implied_range(item, unit)
            column = [s for s in self.site.series[key].get(label, ()) if s.figure.value is not None]
            for stated in column:
                theirs = self.range(stated, "value", unit)
                if ours is None or theirs is None or stated.figure.note != item.origin.figure.note \
                        or self.site.definition(stated) != self.site.definition(item.origin):
                    continue
                conflict = None if ours.overlaps(theirs) else Conflict(
                    "implied", item.origin, item.change,
                    f"a {CHANGE_NAMES[item.change]} that agrees with {where(stated)}, which states "
                    f"{shown(stated)} for {label}", implies(item), (stated,),
                    ((key, label), (key, item.origin.figure.period.label)))
                self.record("implied", key, label, conflict)
        for key in keys:
            for label, items in self.site.implied.get(key, {}).items():
                self.implied_pairs(key, label, items)

    def implied_pairs(self, key: SeriesKey, label: str, items: list[Implied]) -> None:
        """Where no note states the period, the values implied for it against each other."""
        unit = self.unit(key)
        for index, later in enumerate(items):
            for earlier in items[:index]:
                first, second = self.implied_range(earlier, unit), self.implied_range(later, unit)
                if first is None or second is None or earlier.origin.figure.note != later.origin.figure.note \
                        or self.site.definition(earlier.origin) != self.site.definition(later.origin):
                    continue
                conflict = None if first.overlaps(second) else Conflict(
                    "implied", later.origin, later.change,
                    f"a {CHANGE_NAMES[later.change]} that agrees with {where(earlier.origin)} "
                    f"({implies(earlier)})", implies(later), (earlier.origin,),
                    ((key, label), (key, earlier.origin.figure.period.label), (key, later.origin.figure.period.label)))
                self.record("implied", key, label, conflict)

    def implied_range(self, item: Implied, unit: str) -> Range | None:
        low, high = convert(item.range.low, item.unit, unit), convert(item.range.high, item.unit, unit)
        return None if low is None or high is None else Range(low, high)

    def segments(self, company_id: str, keys: list[SeriesKey]) -> None:
        """When every registry segment of a company is stated, their sum must not exceed the total."""
        registry = self.site.registry
        company = registry.companies[company_id]
        for key in keys:
            if key.segment is not None or registry.metrics[key.metric].is_ratio or not company.segments:
                continue
            unit = self.unit(key)
            for label, column in self.site.series[key].items():
                parts = self.every_best([self.site.series.get(replace(key, segment=s), {}).get(label, [])
                                         for s in company.segments], unit)
                if parts is None:
                    continue
                for total in column:
                    self.compare_sum("segments", key, label, total, parts, unit, at_most=True)

    def parts(self, keys: list[SeriesKey]) -> None:
        """Quarters against their half or fiscal year (or halves against the year)."""
        for key in keys:
            cells = self.site.series[key]
            metric = self.site.registry.metrics[key.metric]
            if metric.is_ratio or metric.balance:
                continue
            unit = self.unit(key)
            for label, column in cells.items():
                period = self.site.periods[label]
                if period.kind == "Q":
                    continue
                options = [period.quarters()]
                if period.kind == "FY":
                    options.append(tuple(replace(period, kind="H", number=n) for n in (1, 2)))
                for option in options:
                    parts = self.every_best([cells.get(p.label, []) for p in option], unit)
                    if parts is not None:
                        for total in column:
                            self.compare_sum("parts", key, label, total, parts, unit, at_most=False)
                        break

    def compare_sum(self, kind: str, key: SeriesKey, label: str, total: Stated,
                    parts: list[tuple[Stated, Range]], unit: str, at_most: bool) -> None:
        whole = self.range(total, "value", unit)
        if whole is None or any(s.figure.note != total.figure.note for s, _ in parts):
            return
        if kind == "parts" and any(self.site.definition(s) != self.site.definition(total) for s, _ in parts):
            return  # a year whose quarters straddle a definition change
        added = functools.reduce(Range.plus, (r for _, r in parts))
        slack = 1e-9 * max(abs(added.high), 1.0)
        agrees = added.low <= whole.high + slack if at_most else added.overlaps(whole)
        conflict = None
        if not agrees:
            # every part has a value in `unit`: best() chose it by that value's range
            values = [value for s, _ in parts if (value := self.site.value(s, unit)) is not None]
            places = max(convert_places(s.figure.value_places, s.figure.unit, unit) for s, _ in parts)
            listed = "; ".join(f"{part_name(self.site, s)} {shown(s)} in {where(s)}" for s, _ in parts)
            what = "at least the sum of its segments" if at_most else f"the sum of its {part_kind(parts)}"
            conflict = Conflict(kind, total, "value", f"{what}, {amount(round(sum(values), places), unit, places)} "
                                f"({listed})",
                                shown(total), tuple(s for s, _ in parts),
                                ((key, label), *((series_key(s), s.figure.period.label) for s, _ in parts)))
        self.record(kind, key, label, conflict)

    def margins(self, keys: list[SeriesKey]) -> None:
        """A margin against its profit over revenue, on the margin's basis (revenue as reported if need be)."""
        metrics = self.site.registry.metrics
        for key in keys:
            cells = self.site.series[key]
            profit_metric = metrics[key.metric].margin_of
            if not profit_metric:
                continue
            unit = self.site.units.get((key.company, profit_metric))
            if unit is None:  # the profit is never stated
                continue
            profits = self.site.series.get(replace(key, metric=profit_metric), {})
            revenues = [self.site.series.get(replace(key, metric="revenue", basis=b), {})
                        for b in (key.basis, "reported")]
            for label, column in cells.items():
                profit = self.best(profits.get(label, []), unit)
                revenue = next((r for cells_ in revenues if (r := self.best(cells_.get(label, []), unit))), None)
                if profit is None or revenue is None or revenue[1].low <= 0:
                    continue
                (profit_stated, amount_range), (revenue_stated, base) = profit, revenue
                corners = [100 * p / r for p in (amount_range.low, amount_range.high) for r in (base.low, base.high)]
                ratio = Range(min(corners), max(corners))
                for margin in column:
                    stated = self.range(margin, "value", "%")
                    if stated is None or len({margin.figure.note, profit_stated.figure.note,
                                              revenue_stated.figure.note}) > 1:
                        continue
                    conflict = None if ratio.overlaps(stated) else Conflict(
                        "margin", margin, "value",
                        f"{metrics[profit_metric].label_en.lower()} / revenue = {ratio.middle:.1f}% "
                        f"({shown(profit_stated)} in {where(profit_stated)} / {shown(revenue_stated)} in "
                        f"{where(revenue_stated)})", shown(margin), (profit_stated, revenue_stated),
                        ((key, label), (series_key(profit_stated), label), (series_key(revenue_stated), label)))
                    self.record("margin", key, label, conflict)


def implies(item: Implied) -> str:
    change = getattr(item.origin.figure, item.change)
    return f"{change.format()}, which implies {amount(item.value, item.unit, item.places)} for {item.period.label}"


def part_name(site: Site, stated: Stated) -> str:
    figure = stated.figure
    return site.registry.segments[figure.segment].label_en if figure.segment else figure.period.label


def part_kind(parts: list[tuple[Stated, Range]]) -> str:
    return "quarters" if parts[0][0].figure.period.kind == "Q" else "halves"
