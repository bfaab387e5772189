"""Units: amounts are a currency and a scale (CNY mn, USD bn); ratios are in percent."""

from __future__ import annotations

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


def decimals(value: float) -> int:
    """How many decimals a stated value carries (2.232 -> 3), its precision."""
    text = repr(float(value))
    if "e" in text:
        return 0
    fraction = text.split(".")[1].rstrip("0")
    return len(fraction)


def format_value(value: float | None, unit: str) -> str:
    """A value as a reader expects it: thousands separators, one decimal unless the source gave more."""
    if value is None:
        return "–"
    places = max(1, min(decimals(value), 3))
    return f"{value:,.{places}f}"
