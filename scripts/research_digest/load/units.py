"""Units: amounts are a currency and a scale (CNY mn, USD bn); ratios are in percent.

Also the precision a stated number carries, as a `Range`: 2.232 CNY bn means 2,231.5 to 2,232.5 CNY mn.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

SCALES = {"mn": 1.0, "bn": 1000.0}


def convert(value: float, unit: str, to: str) -> float | None:
    """`value` in `unit` expressed in `to`, or None when they are not comparable (other currency)."""
    if unit == to:
        return value
    if unit == "%" or to == "%":
        return None
    currency, scale = unit.split()
    to_currency, to_scale = to.split()
    if currency != to_currency:
        return None
    return value * SCALES[scale] / SCALES[to_scale]


@lru_cache(maxsize=1 << 16)  # asked of the same few thousand values by every derive and check
def decimals(value: float) -> int:
    """How many decimals a stated value carries (2.232 -> 3), its precision."""
    text = repr(float(value))
    if "e" in text:
        return 0
    fraction = text.split(".")[1].rstrip("0")
    return len(fraction)


def half_unit(value: float) -> float:
    """Half a unit of the last digit a stated value gives (2.232 -> 0.0005).

    Trailing zeros of a whole number are not taken as significant: a source's "590" may be 5.9亿
    rounded (and YAML reads "590.0" as 590, so the note's own decimals are lost).
    """
    places = decimals(value)
    if places:
        return 0.5 * 10.0 ** -places
    digits = str(abs(int(round(value))))
    return 0.5 * 10.0 ** (len(digits) - len(digits.rstrip("0")) if digits != "0" else 0)


@dataclass(frozen=True)
class Range:
    """The values a rounded figure may stand for."""

    low: float
    high: float

    def overlaps(self, other: Range) -> bool:
        slack = 1e-9 * max(abs(self.low), abs(self.high), abs(other.low), abs(other.high), 1.0)
        return self.low <= other.high + slack and other.low <= self.high + slack

    def plus(self, other: Range) -> Range:
        return Range(self.low + other.low, self.high + other.high)

    @property
    def width(self) -> float:
        return self.high - self.low

    @property
    def middle(self) -> float:
        return (self.low + self.high) / 2


def stated_range(value: float, unit: str, to: str) -> Range | None:
    """What a stated value may stand for, in `to`; None when the units are not comparable."""
    half = half_unit(value)
    low, high = convert(value - half, unit, to), convert(value + half, unit, to)
    return None if low is None or high is None else Range(low, high)


def format_value(value: float | None, unit: str) -> str:
    """A value as a reader expects it: thousands separators, one decimal unless the source gave more."""
    if value is None:
        return "–"
    places = max(1, min(decimals(value), 3))
    return f"{value:,.{places}f}"
