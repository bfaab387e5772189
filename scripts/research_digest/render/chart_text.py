"""A chart in words, for readers who do not see the image: its alt text, and the table of the data it draws."""

from __future__ import annotations

import re

from research_digest.charts.spec import Chart, Series, exact_label, value_label
from research_digest.render.markup import table, text


def reference_text(chart: Chart, marked: str = "") -> str:
    """A chart named, for a page that shows it and leaves its data to another: its title and unit,
    and the period it marks."""
    return f"{chart.title} ({chart.unit})" + (f", {marked} marked" if marked else "")


def alt_text(chart: Chart) -> str:
    """One sentence per chart: its span, and each series' latest value and direction (plain text)."""
    if chart.kind == "hbars":
        return _hbars_alt_text(chart)
    span = f"{chart.categories[0]}–{chart.categories[-1]}" if chart.categories else "no periods"
    parts = [_trend(s, chart.categories, len(chart.series) > 1) for s in chart.series]
    if chart.growth is not None:
        latest = _last_point(chart.growth)
        if latest is not None:
            parts.append(f"{chart.growth.label} {value_label(latest[1])}% in {chart.categories[latest[0]]}")
    for s in (*chart.series, *([chart.growth] if chart.growth else [])):
        parts += [f"{s.label} {bound} in {chart.categories[i]} (not drawn: a bound)"
                  for i, bound in enumerate(s.bounds) if bound]
    parts += [f"a new definition from {chart.categories[i]}" for i in chart.breaks()]
    return f"{chart.title} ({chart.unit}) by {_period_word(chart.categories)}, {span}: " \
           + "; ".join(parts) + "."


def _hbars_alt_text(chart: Chart) -> str:
    ranked = chart.ranked()
    head = f"{chart.title} ({chart.unit}), {len(ranked)} compared"
    if not ranked:
        return f"{head}: no data."
    bounds = "".join(f"; {chart.categories[i]} {bound} (not drawn: a bound)"
                     for i, bound in enumerate(chart.series[0].bounds) if bound)
    (top, top_v, _), (low, low_v, _) = ranked[0], ranked[-1]
    if len(ranked) == 1:
        return f"{head}: {top} {value_label(top_v)}{bounds}."
    return f"{head}: highest {top} {value_label(top_v)}, lowest {low} {value_label(low_v)}{bounds}."


def data_table(chart: Chart) -> str:
    """A table of the data drawn: categories as rows, series as columns."""
    columns = [*chart.series, *([chart.growth] if chart.growth else [])]
    units = [chart.unit] * len(chart.series) + (["%"] if chart.growth else [])
    header = ["Company" if chart.kind == "hbars" else "Period",
              *(f"{text(s.label)} ({u})" for s, u in zip(columns, units))]
    order = list(range(len(chart.categories)))
    if chart.kind == "hbars":  # as drawn: largest first, then those without data
        drawn = [i for _, _, i in chart.ranked()]
        order = drawn + [i for i in order if i not in drawn]
    # labels come from notes and registries: escaped like all such text in a page
    breaks = chart.breaks()
    rows = [[text(chart.categories[i]) + (" (new definition)" if i in breaks else ""), *(_cell(s, i) for s in columns)]
            for i in order]
    return table(header, rows, ["left"] + ["right"] * len(columns))


def _last_point(s: Series) -> tuple[int, float] | None:
    return next(((i, v) for i, v in reversed(list(enumerate(s.values))) if v is not None), None)


def _trend(s: Series, categories: tuple[str, ...], named: bool) -> str:
    name = f"{s.label} " if named else ""
    since = max(s.breaks, default=0)  # a trend across a definition change would compare unlike figures
    points = [(c, v) for c, v in list(zip(categories, s.values))[since:] if v is not None]
    if not points:
        return f"{name}no data"
    (c0, v0), (c1, v1) = points[0], points[-1]
    latest = f"{name}latest {value_label(v1)} in {c1}"
    if len(points) == 1:
        return latest
    if abs(v1 - v0) <= 0.01 * max(abs(v0), abs(v1)):
        return f"{latest}, flat from {value_label(v0)} in {c0}"
    return f"{latest}, {'up' if v1 > v0 else 'down'} from {value_label(v0)} in {c0}"


_PERIOD_WORDS = ((r"\d{4}-\d{2}-\d{2}", "date"), (r"\d{4}Q[1-4]", "quarter"), (r"\d{4}H[12]", "half-year"),
                 (r"\d{4}", "year"))


def _period_word(categories: tuple[str, ...]) -> str:
    for pattern, word in _PERIOD_WORDS:
        if categories and all(re.fullmatch(pattern, c) for c in categories):
            return word
    return "period"


def _cell(s: Series, i: int) -> str:
    v = s.values[i]
    if v is None:
        return f"{text(s.bound(i))} (a bound, not drawn)" if s.bound(i) else "n/a"
    shown = exact_label(v)
    return f"{shown} (implied)" if s.is_implied(i) else shown

