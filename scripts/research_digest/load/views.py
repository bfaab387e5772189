"""A broker's view in a note: its rating, its target price and its forecasts.

A rating is kept as the broker writes it (增持, Outperform) and placed on one common five-step scale
through its source's `rating_scale` (registry/sources.yml), so brokers' words compare. A forecast is a
figure for a period whose actual was not yet reported when the note came out: an estimate, which the
model compares with the actual once one is reported and never checks against it as a conflict.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Protocol

import yaml

from research_digest.load.periods import Period
from research_digest.load.provenance import EARLY_KINDS
from research_digest.load.registry import RATINGS, Company, Metric, Registry, Source
from research_digest.load.units import CURRENCIES, PER_SHARE  # a target price's unit: HKD/share

RATING_ACTIONS = ("initiated", "maintained", "upgraded", "downgraded")
TARGET_ACTIONS = ("initiated", "maintained", "raised", "cut")
VIEW_FIELDS = ("rating", "target_price", "forecasts")  # a note's fields that carry a broker's view
RATING_FIELDS = ("value", "previous", "action")
TARGET_FIELDS = ("value", "currency", "previous", "action")
FORECAST_FIELDS = ("metric", "segment", "basis", "period", "value", "unit", "previous", "citation")
BARE_YEAR = re.compile(r"\d{4}")


@dataclass(frozen=True)
class Rating:
    value: str  # as the broker writes it: 增持
    step: str  # on the common scale (RATINGS): outperform
    previous: str  # as written, or ""
    action: str  # RATING_ACTIONS, or ""


@dataclass(frozen=True)
class TargetPrice:
    value: float
    places: int  # decimals as written: 10.03 has two
    currency: str
    previous: float | None
    previous_places: int
    action: str  # TARGET_ACTIONS, or ""

    @property
    def unit(self) -> str:
        return self.currency + PER_SHARE

    def shown(self, previous: bool = False) -> str:
        """As pages write it: 10.03 HKD/share."""
        value, places = (self.previous, self.previous_places) if previous else (self.value, self.places)
        return "" if value is None else f"{value:,.{places}f} {self.unit}"


@dataclass(frozen=True)
class Forecast:
    """An estimate of one figure for a future period."""

    metric: str
    segment: str | None
    basis: str
    period: Period
    value: float
    value_places: int
    unit: str
    previous: float | None  # the broker's earlier estimate, in `unit`
    previous_places: int
    citation: str
    line: int

    def shown(self, previous: bool = False) -> str:
        value, places = (self.previous, self.previous_places) if previous else (self.value, self.value_places)
        return "" if value is None else f"{value:,.{places}f}"


class Checker(Protocol):
    """What the note validator lends this module: its reports and its readers of single fields."""

    data: dict
    registry: Registry

    def fail(self, field: str, expected: str, found: Any, node: yaml.Node | None = None) -> None: ...
    def child_node(self, field: str) -> yaml.Node | None: ...
    def line(self, field: str) -> int: ...
    def choice_of(self, field: str, value: Any, allowed: tuple[str, ...]) -> str: ...
    def number(self, field: str, value: Any, node: yaml.Node | None) -> tuple[float | None, int, str]: ...
    def period(self, field: str, value: Any, company: Company | None) -> Period | None: ...
    def unit(self, field: str, value: Any, metric: Metric) -> str: ...
    def url(self, field: str, value: Any, node: yaml.Node | None = None) -> str: ...
    def resolve(self, field: str, table: Any, value: Any = None) -> str: ...
    def warn(self, field: str, expected: str, found: str) -> None: ...


def _mapping(check: Checker, field: str, allowed: tuple[str, ...]) -> dict | None:
    value = check.data.get(field)
    if value is None:
        return None
    if not isinstance(value, dict):
        check.fail(field, f"fields {', '.join(allowed)}, like {{value: ..., {allowed[-1]}: ...}}", value)
        return None
    for key in value:
        if key not in allowed:
            check.fail(f"{field}.{key}", f"one of the fields {', '.join(allowed)}", repr(str(key)))
    return value


def read_rating(check: Checker, source: Source | None) -> Rating | None:
    """The rating, placed on the common scale by the source's own words (a word it does not list is an error)."""
    data = _mapping(check, "rating", RATING_FIELDS)
    if data is None or source is None:
        return None
    steps: list[tuple[str, str]] = []  # (word, step) of the value, then of the previous rating
    for name in ("value", "previous"):
        word = " ".join(str(data.get(name) or "").split())
        if not word:
            if name == "value":
                check.fail("rating.value", "the rating as the broker writes it", "nothing")
            steps.append((word, ""))
            continue
        if not source.rating_scale:
            check.fail(f"rating.{name}", f"a rating_scale for '{source.id}' in registry/sources.yml, mapping its "
                       f"words to {', '.join(RATINGS)}", f"'{word}' and no rating_scale")
        elif word not in source.rating_scale:
            check.fail(f"rating.{name}", f"one of {source.id}'s rating words ({', '.join(source.rating_scale)})",
                       f"'{word}'")
        steps.append((word, source.rating_scale.get(word, "")))
    action = check.choice_of("rating.action", data.get("action"), RATING_ACTIONS)
    (value, step), (previous, previous_step) = steps
    if step and previous_step and action:
        moved = RATINGS.index(previous_step) - RATINGS.index(step)  # up the scale: towards buy
        implied = "upgraded" if moved > 0 else "downgraded" if moved < 0 else "maintained"
        if action != "initiated" and action != implied:
            check.fail("rating.action", f"'{implied}' (from {previous} to {value})", action)
    return Rating(value, step, previous, action) if step else None


def read_target(check: Checker) -> TargetPrice | None:
    data = _mapping(check, "target_price", TARGET_FIELDS)
    if data is None:
        return None
    value, places, _ = check.number("target_price.value", data.get("value"), check.child_node("target_price.value"))
    previous, previous_places, _ = check.number("target_price.previous", data.get("previous"),
                                                check.child_node("target_price.previous"))
    currency = str(data.get("currency") or "").strip().upper()
    if currency not in CURRENCIES:
        check.fail("target_price.currency", f"the currency of the price: one of {', '.join(CURRENCIES)}",
                   currency or "nothing")
    if value is None:
        check.fail("target_price.value", "the target price, like 10.03", data.get("value") or "nothing")
        return None
    action = check.choice_of("target_price.action", data.get("action"), TARGET_ACTIONS)
    if previous is not None and action in ("raised", "cut", "maintained"):
        implied = "raised" if value > previous else "cut" if value < previous else "maintained"
        if action != implied:
            check.fail("target_price.action", f"'{implied}' (from {previous} to {value})", action)
    return TargetPrice(value, places, currency, previous, previous_places, action)


def read_forecasts(check: Checker, company: Company, kind: str, reviewed: Period | None,
                   link: str) -> tuple[Forecast, ...]:
    """A note's estimates; `reviewed` is the period the note is about."""
    items = check.data.get("forecasts") or []
    if not isinstance(items, list):
        check.fail("forecasts", "a list of estimates, each starting with '- metric:'", f"a {type(items).__name__}")
        return ()
    found = (_forecast(check, f"forecasts[{i}]", item, company, kind, reviewed, link)
             for i, item in enumerate(items))
    return tuple(forecast for forecast in found if forecast is not None)


def _forecast(check: Checker, where: str, item: Any, company: Company, kind: str,
              reviewed: Period | None, link: str) -> Forecast | None:
    if not isinstance(item, dict):
        check.fail(where, "an estimate (metric, period, value, unit, ...)", item, check.child_node(where))
        return None
    for key in item:
        if key not in FORECAST_FIELDS:
            check.fail(f"{where}.{key}", f"one of the estimate's fields {', '.join(FORECAST_FIELDS)}", repr(str(key)))
    metric_id = check.resolve(f"{where}.metric", check.registry.metrics, item.get("metric") or "")
    written = str(item.get("period") or "").strip()
    if not written:  # even a preview names it: an estimate of what, when, is what a reader compares
        check.fail(f"{where}.period", "the period estimated: a fiscal year (2025), half (2025H2) or quarter (2025Q4)",
                   "nothing", check.child_node(where))
        return None
    # a broker's "2025" is a fiscal year (its forecasts are by fiscal year), where a note's bare year is ambiguous
    period = check.period(f"{where}.period", f"FY{written}" if BARE_YEAR.fullmatch(written) else written, company)
    if metric_id not in check.registry.metrics or period is None:
        return None
    metric = check.registry.metrics[metric_id]
    segment = None
    if item.get("segment") not in (None, ""):
        segment = check.resolve(f"{where}.segment", check.registry.segments, item["segment"])
    unit = check.unit(f"{where}.unit", item.get("unit"), metric)
    value, places, qualifier = check.number(f"{where}.value", item.get("value"), check.child_node(f"{where}.value"))
    previous, previous_places, _ = check.number(f"{where}.previous", item.get("previous"),
                                                check.child_node(f"{where}.previous"))
    if value is None or qualifier:
        check.fail(f"{where}.value", "the estimate as an exact number, like 9510.0",
                   "nothing" if value is None else str(item.get("value")))
        return None
    basis = check.choice_of(f"{where}.basis", item.get("basis") or "reported", ("reported", "adjusted"))
    # The period a review is about, or an earlier one, is reported, not estimated. A later one is an estimate
    # even when it had ended by the note's date: a January note still forecasts the year to be reported in March.
    if reviewed is not None and period.end <= reviewed.end and kind not in EARLY_KINDS:
        check.warn(f"{where}.period", f"a period after {reviewed.label}, which this note reviews (outside a preview, "
                   "a figure for it is reported: put it under metrics)", period.label)
    return Forecast(metric_id, segment, basis, period, value, places, unit, previous, previous_places,
                    check.url(f"{where}.citation", item.get("citation")) or link, check.line(where))

