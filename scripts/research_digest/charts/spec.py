"""What a chart shows, apart from how it is drawn: its kind, categories, series and unit.

Pages, their alt text and `digest diff` read charts through this module alone, so none of them
imports matplotlib (`charts.draw` does the drawing).
"""

from __future__ import annotations

from dataclasses import dataclass

KINDS = ("bars_growth", "stacked_bars", "lines", "hbars")
DARK = "dark"  # a chart opened at "x.svg#dark" is drawn for a dark page (see charts.stylesheet)


@dataclass(frozen=True)
class Series:
    label: str
    values: tuple[float | None, ...]  # one per category; None = no data
    implied: tuple[bool, ...] = ()  # per point: derived from a growth rate, drawn hollow/hatched
    # Per point, a value stated only as a bound or approximately (">20", "~20"), which is not drawn:
    # a bar of 20 would claim an exact value. Its value is None; the chart's text gives it as written.
    bounds: tuple[str, ...] = ()
    breaks: tuple[int, ...] = ()  # the points that start a new definition: a rule before each, no line across

    def is_implied(self, i: int) -> bool:
        return bool(self.implied) and self.implied[i]

    def bound(self, i: int) -> str:
        return self.bounds[i] if self.bounds else ""


@dataclass(frozen=True)
class Chart:
    kind: str
    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    unit: str
    growth: Series | None = None  # bars_growth: YoY % on the second axis
    # lines: join each series' points across the categories it has no value for (target prices, each
    # broker's set on its own dates); otherwise a gap breaks the line
    joined: bool = False

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"chart {self.title!r}: kind must be one of {KINDS}, not {self.kind!r}")
        single = self.kind in ("bars_growth", "hbars")
        if not self.series or (single and len(self.series) > 1):
            raise ValueError(f"chart {self.title!r}: {self.kind} needs "
                             f"{'exactly one series' if single else 'a series'}, got {len(self.series)}")
        if self.growth is not None and self.kind != "bars_growth":
            raise ValueError(f"chart {self.title!r}: only bars_growth draws a growth line")
        if self.joined and self.kind != "lines":
            raise ValueError(f"chart {self.title!r}: only lines join points across gaps")
        for s in (*self.series, *([self.growth] if self.growth else [])):
            if len(s.values) != len(self.categories):
                raise ValueError(f"chart {self.title!r}: series {s.label!r} has {len(s.values)} "
                                 f"values for {len(self.categories)} categories")
            for what, flags in (("implied flags", s.implied), ("bounds", s.bounds)):
                if flags and len(flags) != len(s.values):
                    raise ValueError(f"chart {self.title!r}: series {s.label!r} has "
                                     f"{len(flags)} {what} for {len(s.values)} values")
            if any(not 0 < i < len(s.values) for i in s.breaks):
                raise ValueError(f"chart {self.title!r}: series {s.label!r} has a break outside its points")

    def ranked(self) -> list[tuple[str, float, int]]:
        """(category, value, index) of the first series with data, largest value first: the order in
        which an hbars chart draws its bars and its data table lists them."""
        s = self.series[0]
        points = [(c, v, i) for i, (c, v) in enumerate(zip(self.categories, s.values)) if v is not None]
        return sorted(points, key=lambda p: -p[1])

    def breaks(self) -> list[int]:
        """The categories before which some series starts a new definition, in order."""
        return sorted({i for s in self.series for i in s.breaks})


def value_label(v: float) -> str:
    """A value as the chart and its alt text write it: thousands separators, one decimal."""
    return f"{v:,.1f}"


def fragment(period: str = "", dark: bool = False) -> str:
    """The address fragment a page shows a chart at: its dark scheme, a period marked, both, or
    neither (""). Ids start with a letter, as XML wants."""
    if not period:
        return DARK if dark else ""
    return f"p{period}-{DARK}" if dark else f"p{period}"


def exact_label(v: float) -> str:
    """A value exactly, as a chart's tooltips and its data table give it: thousands separators, the
    decimals it has (rounded only to hide floating-point noise from unit conversion)."""
    return f"{round(v, 6):,}"
