"""Units: amounts are a currency and a scale (CNY mn, USD bn); ratios are in percent.

Also the precision a stated number carries, as a `Range`: 2.232 CNY bn means 2,231.5 to 2,232.5 CNY mn.
A number's precision is the decimals it was written with (`places`: 1.410 has three) when the note
gives it; a computed number's is inferred from the float.
"""

from __future__ import annotations

import math
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


def convert_places(places: int, unit: str, to: str) -> int:
    """The decimals a number written with `places` in `unit` keeps in `to`: 1.410 CNY bn is 1,410 CNY mn."""
    if unit == to or unit == "%" or to == "%":
        return places
    shift = round(math.log10(SCALES[unit.split()[1]] / SCALES[to.split()[1]]))
    return max(0, places - shift)


@lru_cache(maxsize=1 << 16)  # asked of the same few thousand values by every derive and check
def decimals(value: float) -> int:
    """How many decimals a stated value carries (2.232 -> 3), its precision."""
    text = repr(float(value))
    if "e" in text:
        return 0
    fraction = text.split(".")[1].rstrip("0")
    return len(fraction)


def half_unit(value: float, places: int | None = None) -> float:
    """Half a unit of the last digit a stated value gives (2.232 -> 0.0005; 1.410 written -> 0.0005).

    `places` are the decimals as written (inferred from the value when not given). Trailing zeros of a
    whole number are not taken as significant: a source's "590" may be 5.9亿 rounded; "590.0" is exact.
    """
    places = decimals(value) if places is None else places
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
        # a bound (>20) is open at one end: its infinite end sets no scale
        ends = [abs(end) for end in (self.low, self.high, other.low, other.high) if math.isfinite(end)]
        slack = 1e-9 * max(*ends, 1.0)
        return self.low <= other.high + slack and other.low <= self.high + slack

    def plus(self, other: Range) -> Range:
        return Range(self.low + other.low, self.high + other.high)

    @property
    def width(self) -> float:
        return self.high - self.low

    @property
    def middle(self) -> float:
        return (self.low + self.high) / 2


def stated_range(value: float, unit: str, to: str, places: int | None = None) -> Range | None:
    """What a stated value (written with `places` decimals) may stand for, in `to`; None when the units
    are not comparable."""
    half = half_unit(value, places)
    low, high = convert(value - half, unit, to), convert(value + half, unit, to)
    return None if low is None or high is None else Range(low, high)


def format_value(value: float | None, unit: str, places: int | None = None) -> str:
    """A value as a reader expects it: thousands separators, one decimal unless the source gave more
    (`places` as written; a computed value shows at most three)."""
    if value is None:
        return "–"
    shown = max(1, min(decimals(value), 3) if places is None else places)
    return f"{value:,.{shown}f}"
