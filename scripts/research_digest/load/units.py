"""Units: what a figure counts, and the precision a stated number carries.

A unit is one of four kinds, as the registry's metric says:
- amount: a currency and a scale (CNY mn, USD bn);
- ratio: percent (%);
- per_share: a currency per share (HKD/share), for EPS and target prices;
- count: a noun with a scale (vehicles, thousand customers, mn users), or a unit of power or energy
  with its SI prefix (MW, GW, MWh).
Two units compare only when they count the same thing: one currency, one noun. A value is never turned
from CNY into USD, nor customers into users: `convert` says None and the checks skip the pair.

Also the precision a stated number carries, as a `Range`: 2.232 CNY bn means 2,231.5 to 2,232.5 CNY mn.
A number's precision is the decimals it was written with (`places`: 1.410 has three) when the note
gives it; a computed number's is inferred from the float.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

KINDS = ("amount", "ratio", "per_share", "count")
CURRENCIES = ("CNY", "USD", "HKD")
AMOUNT_SCALES = {"mn": 1e6, "bn": 1e9}
COUNT_SCALES = {"": 1.0, "thousand": 1e3, "mn": 1e6, "bn": 1e9}
SI_PREFIXES = {"": 1.0, "k": 1e3, "M": 1e6, "G": 1e9, "T": 1e12}
SI_QUANTITIES = {"W": "power in W", "Wh": "energy in Wh"}  # capacity in MW, output in GWh
SI_UNITS = tuple(SI_QUANTITIES)
RATIO = "%"
PER_SHARE = "/share"
AMOUNT_UNITS = tuple(f"{currency} {scale}" for currency in CURRENCIES for scale in AMOUNT_SCALES)
PER_SHARE_UNITS = tuple(currency + PER_SHARE for currency in CURRENCIES)
# How notes and digests write a currency or a scale; a per-share figure may give the currency alone ("HK$").
CURRENCY_ALIASES = {"CNY": "CNY", "RMB": "CNY", "人民币": "CNY", "元": "CNY", "USD": "USD", "US$": "USD",
                    "美元": "USD", "HKD": "HKD", "HK$": "HKD", "港元": "HKD", "港币": "HKD"}
SCALE_ALIASES = {"": "", "thousand": "thousand", "mn": "mn", "million": "mn", "bn": "bn", "billion": "bn"}
SHARE_ALIASES = ("/share", " per share", "/股")
_SI = re.compile(r"^([kMGT]?)(" + "|".join(SI_UNITS) + r")$")


class UnitError(ValueError):
    """A unit a note writes that its metric does not take; `expected` says what it does take."""

    def __init__(self, expected: str):
        super().__init__(expected)
        self.expected = expected


@dataclass(frozen=True)
class Unit:
    kind: str  # one of KINDS
    base: str  # what it counts: a currency (CNY), a noun (vehicles), W or Wh; "%" for a ratio
    scale: str  # as written before the base: mn, bn, thousand, an SI prefix (M), or ""
    factor: float  # how many of the base one of this unit is: CNY mn is 1e6 CNY

    @property
    def text(self) -> str:
        """As notes, pages and data files write it."""
        if self.kind == "ratio":
            return RATIO
        if self.kind == "per_share":
            return self.base + PER_SHARE
        if self.kind == "amount":
            return f"{self.base} {self.scale}"
        if self.base in SI_UNITS:
            return self.scale + self.base
        return f"{self.scale} {self.base}".strip()

    def scaled(self, scale: str) -> Unit:
        """The same thing counted at another scale of its kind (CNY bn -> CNY mn, MW -> GW)."""
        if self.kind in ("ratio", "per_share"):
            return self
        factors = SI_PREFIXES if self.base in SI_UNITS else AMOUNT_SCALES if self.kind == "amount" else COUNT_SCALES
        return Unit(self.kind, self.base, scale, factors[scale])


@lru_cache(maxsize=4096)  # every convert asks it of the same few unit texts
def unit_of(text: str) -> Unit:
    """A unit as written in its canonical form (`Unit.text`): CNY mn, %, HKD/share, thousand customers, MW."""
    if text == RATIO:
        return Unit("ratio", RATIO, "", 1.0)
    if text.endswith(PER_SHARE) and text[: -len(PER_SHARE)] in CURRENCIES:
        return Unit("per_share", text[: -len(PER_SHARE)], "", 1.0)
    first, _, rest = text.partition(" ")
    if first in CURRENCIES and rest in AMOUNT_SCALES:
        return Unit("amount", first, rest, AMOUNT_SCALES[rest])
    if si := _SI.match(text):
        return Unit("count", si[2], si[1], SI_PREFIXES[si[1]])
    if first in COUNT_SCALES and rest:
        return Unit("count", rest, first, COUNT_SCALES[first])
    return Unit("count", text, "", 1.0)


def read_unit(written: str, kind: str, noun: str = "") -> Unit:
    """The unit a note writes, for a metric of `kind` (a count's `noun` from the registry), in canonical
    form; aliases are read, in any letter case (HK$ -> HKD/share, million users -> mn users). UnitError
    says what is expected."""
    found = _folded_forms(kind, noun).get(" ".join(str(written).split()).casefold())
    if found is None:
        raise UnitError(expected_units(kind, noun))
    return unit_of(found)


@lru_cache(maxsize=256)  # asked for every figure a note states
def _folded_forms(kind: str, noun: str) -> dict[str, str]:
    return {form.casefold(): canonical for form, canonical in unit_forms(kind, noun).items()}


@lru_cache(maxsize=256)
def unit_forms(kind: str, noun: str = "") -> dict[str, str]:
    """Every way a note may write a unit of `kind` (a count's of `noun`), each with its canonical form;
    the canonical forms first. The JSON Schema offers the same list."""
    if kind == "ratio":
        return {RATIO: RATIO, "％": RATIO, "percent": RATIO}
    if kind == "per_share":
        forms = {unit: unit for unit in PER_SHARE_UNITS}
        for alias, currency in CURRENCY_ALIASES.items():
            forms.update({alias + suffix: currency + PER_SHARE for suffix in ("", *SHARE_ALIASES)})
        return forms
    if kind == "amount":
        forms = {unit: unit for unit in AMOUNT_UNITS}
        forms.update({f"{alias} {scale}": f"{currency} {SCALE_ALIASES[scale]}"
                      for alias, currency in CURRENCY_ALIASES.items()
                      for scale in SCALE_ALIASES if SCALE_ALIASES[scale] in AMOUNT_SCALES})
        return forms
    base = unit_of(noun)
    if base.base in SI_UNITS:
        return {prefix + base.base: prefix + base.base for prefix in SI_PREFIXES}
    return {f"{scale} {base.base}".strip(): base.scaled(SCALE_ALIASES[scale]).text for scale in SCALE_ALIASES}


def expected_units(kind: str, noun: str = "") -> str:
    """What a metric of `kind` takes, in words for an error message."""
    canonical = ", ".join(dict.fromkeys(unit_forms(kind, noun).values()))
    return {"ratio": "this metric is a ratio, so its unit is %",
            "per_share": f"this metric is a value per share: one of {canonical} (HK$, US$, RMB, 港元, 美元, 元 "
                         "are read too)",
            "amount": f"this metric is an amount: one of {canonical}"}.get(
        kind, f"this metric counts {SI_QUANTITIES.get(unit_of(noun).base, unit_of(noun).base)}: one of {canonical}")


def comparable(unit: str, to: str) -> bool:
    """Whether two units count the same thing (one currency, one noun), so one converts to the other."""
    a, b = unit_of(unit), unit_of(to)
    return (a.kind, a.base) == (b.kind, b.base)


def _ratio(unit: str, to: str) -> tuple[float, bool]:
    """The factor from `unit` to `to`, and whether to divide by it (so 2.232 / 1000 stays exact)."""
    a, b = unit_of(unit).factor, unit_of(to).factor
    return (a / b, False) if a >= b else (b / a, True)


def convert(value: float, unit: str, to: str) -> float | None:
    """`value` in `unit` expressed in `to`, or None when they are not comparable (another currency or noun)."""
    if unit == to:
        return value
    if not comparable(unit, to):
        return None
    factor, divide = _ratio(unit, to)
    return value / factor if divide else value * factor


def convert_places(places: int, unit: str, to: str) -> int:
    """The decimals a number written with `places` in `unit` keeps in `to`: 1.410 CNY bn is 1,410 CNY mn."""
    if unit == to or not comparable(unit, to):
        return places
    factor, divide = _ratio(unit, to)
    shift = round(math.log10(factor))
    return places + shift if divide else max(0, places - shift)


def with_unit(number: str, unit: str) -> str:
    """A formatted number and its unit, as pages and messages write them: 19.2%, 2.232 CNY bn, 1.2 GW."""
    return f"{number}%" if unit == RATIO else f"{number} {unit}"


def common_places(places: Iterable[int]) -> int:
    """One precision for a row or column of figures: the decimals most of them carry (the fewer on a
    tie), so one source's extra digits (7,047.461 among 2,232.1s) do not set a precision the rest lack."""
    counts = Counter(places).most_common()
    if not counts:
        return 1
    top = counts[0][1]
    return min(p for p, n in counts if n == top)


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
