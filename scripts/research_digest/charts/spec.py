"""What a chart shows, apart from how it is drawn: its kind, categories, series and unit.

Pages, their alt text and `digest diff` read charts through this module alone, so none of them
imports matplotlib (`charts.draw` does the drawing).
"""

from __future__ import annotations

from dataclasses import dataclass

KINDS = ("bars_growth", "stacked_bars", "lines", "hbars")


@dataclass(frozen=True)
class Series:
    label: str
    values: tuple[float | None, ...]  # one per category; None = no data
    implied: tuple[bool, ...] = ()  # per point: derived from a growth rate, drawn hollow/hatched

    def is_implied(self, i: int) -> bool:
        return bool(self.implied) and self.implied[i]


@dataclass(frozen=True)
class Chart:
    kind: str
    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    unit: str
    growth: Series | None = None  # bars_growth: YoY % on the second axis

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"chart {self.title!r}: kind must be one of {KINDS}, not {self.kind!r}")
        single = self.kind in ("bars_growth", "hbars")
        if not self.series or (single and len(self.series) > 1):
            raise ValueError(f"chart {self.title!r}: {self.kind} needs "
                             f"{'exactly one series' if single else 'a series'}, got {len(self.series)}")
        if self.growth is not None and self.kind != "bars_growth":
            raise ValueError(f"chart {self.title!r}: only bars_growth draws a growth line")
        for s in (*self.series, *([self.growth] if self.growth else [])):
            if len(s.values) != len(self.categories):
                raise ValueError(f"chart {self.title!r}: series {s.label!r} has {len(s.values)} "
                                 f"values for {len(self.categories)} categories")
            if s.implied and len(s.implied) != len(s.values):
                raise ValueError(f"chart {self.title!r}: series {s.label!r} has "
                                 f"{len(s.implied)} implied flags for {len(s.values)} values")

    def ranked(self) -> list[tuple[str, float, int]]:
        """(category, value, index) of the first series with data, largest value first: the order in
        which an hbars chart draws its bars and its data table lists them."""
        s = self.series[0]
        points = [(c, v, i) for i, (c, v) in enumerate(zip(self.categories, s.values)) if v is not None]
        return sorted(points, key=lambda p: -p[1])


def value_label(v: float) -> str:
    """A value as the chart and its alt text write it: thousands separators, one decimal."""
    return f"{v:,.1f}"
