"""Charts for the digest: deterministic SVGs drawn with matplotlib's object API.

A `Chart` (charts.spec) holds the data of one chart; `render_svg` draws it; `draw_charts` draws many,
in parallel when there are many (the build keeps what it drew: `research_digest.build.cache.caches.ChartCache`).

Text stays text in the SVG (`svg.fonttype: none`): the reader's browser draws it with the fonts
in `FONT_FAMILIES`, so Chinese labels render and files stay small. Matplotlib still measures text
to lay the chart out, using the first of those fonts installed here plus an installed CJK font.
"""

from __future__ import annotations

import io
import math
import os
import warnings
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

import matplotlib
import numpy as np
from matplotlib import font_manager, ticker
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.rcsetup import cycler
from matplotlib.transforms import offset_copy

from research_digest.charts import layout, tooltips
from research_digest.charts.spec import Chart, Series, exact_label, value_label
from research_digest.charts.stylesheet import INK, band_id, label_id, styled
from research_digest.load.units import with_unit

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

# Latin fonts first so browsers take Latin glyphs from them and CJK glyphs from the fonts after.
LATIN_FONTS = ("Helvetica Neue", "Segoe UI", "Arial", "Liberation Sans", "DejaVu Sans")
CJK_FONTS = ("PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC",
             "WenQuanYi Micro Hei")
FONT_FAMILIES = (*LATIN_FONTS, *CJK_FONTS)

_INSTALLED = {entry.name for entry in font_manager.fontManager.ttflist}
# The fonts matplotlib measures text with: the first installed Latin font (DejaVu Sans ships with
# matplotlib) and, as fallback for Chinese, the first installed CJK font.
METRIC_FONTS = (
    next(name for name in LATIN_FONTS if name in _INSTALLED),
    *[name for name in CJK_FONTS if name in _INSTALLED][:1],
)
_HAS_CJK_METRICS = len(METRIC_FONTS) > 1

# The series colours have at least 3:1 contrast on white and on Material's dark slate (#1e2129);
# text, axes and grid are drawn in INK, which charts.scheme makes a grey that reads on either.
# The background stays transparent.
PALETTE = ("#3b82f6", "#d97706", "#16a34a", "#8b5cf6", "#db2777", "#0891b2", "#e15759", "#a16207")
GROWTH_COLOR = "#d97706"
IMPLIED_LABEL = "hollow = implied"
BAND_ALPHA = 0.25  # of a marked period's band
IMPLIED_HATCH = "////"
DEFINITION_LABEL = "new definition"

# Sizes in points. A chart is drawn narrow, with large text, so that shrunk to a 390-px phone's
# column (about three quarters of its size) its text still reads at 10 px and more; on a wide screen
# it stands at its own size.
FIGSIZE = (5.0, 3.2)  # inches; hbars grow with the number of bars
FONT_SIZE = 11.0
TITLE_SIZE = 12.5
LEGEND_SIZE = 10.5
BAR_LABEL_SIZE = 10.5

STYLE: dict[RcKeyType, Any] = {
    # "sans-serif" expands to FONT_FAMILIES in the SVG; the CJK entry, already in that list, only
    # adds a measuring fallback for Chinese glyphs.
    "font.family": ["sans-serif", *METRIC_FONTS[1:]],
    "font.sans-serif": list(FONT_FAMILIES),
    "font.size": FONT_SIZE,
    "axes.labelsize": FONT_SIZE,
    "text.color": INK,
    "axes.labelcolor": INK,
    "axes.edgecolor": INK,
    "xtick.color": INK,
    "ytick.color": INK,
    "axes.prop_cycle": cycler(color=PALETTE),
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.grid.axis": "y",
    "axes.axisbelow": True,
    "grid.color": INK,
    "grid.alpha": 0.25,
    "grid.linewidth": 0.6,
    "legend.frameon": False,
    "legend.fontsize": LEGEND_SIZE,
    "hatch.linewidth": 0.8,
    "figure.facecolor": "none",
    "axes.facecolor": "none",
    "savefig.facecolor": "none",
    "savefig.edgecolor": "none",
    "svg.fonttype": "none",
    "svg.hashsalt": "research-digest",
    "path.simplify": False,
}
SVG_METADATA = {"Date": None, "Creator": None}
BAR_WIDTH = 0.65  # of a period's room
PARALLEL_MIN = 8  # more charts than this to draw: use a process pool


def render_svg(chart: Chart) -> bytes:
    """Draw one chart as SVG; the same chart always gives the same bytes."""
    with matplotlib.rc_context(STYLE), warnings.catch_warnings():
        if not _HAS_CJK_METRICS:
            # No CJK font to measure with: matplotlib would warn about glyphs it never draws
            # (the browser draws the text); Chinese labels are then measured approximately.
            warnings.filterwarnings("ignore", message=r"Glyph \d+ .* missing from font")
        buf = io.BytesIO()
        fig, marks = _figure(chart)
        fig.savefig(buf, format="svg", metadata=SVG_METADATA)
    periods = () if chart.kind == "hbars" else chart.categories  # which a page may mark
    return styled(tooltips.add_titles(buf.getvalue().decode(), marks.groups, marks.points), periods).encode()


def draw_charts(charts: dict[str, Chart], workers: int | None = None) -> dict[str, bytes]:
    """SVGs for these charts by name. More than PARALLEL_MIN are drawn in a process pool of `workers`
    (default: all cores)."""
    workers = workers or os.cpu_count() or 1
    if len(charts) > PARALLEL_MIN and workers > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            chunk = max(1, len(charts) // (workers * 4))
            return dict(zip(charts, pool.map(render_svg, charts.values(), chunksize=chunk)))
    return {name: render_svg(chart) for name, chart in charts.items()}


# --- drawing ------------------------------------------------------------------------------------

class _Thousands(ticker.Formatter):
    """Tick labels with thousands separators and as many decimals as the tick step needs."""

    def __init__(self, suffix: str = ""):
        self.suffix = suffix
        self.decimals = 0

    def set_locs(self, locs: list[float]) -> None:
        steps = np.abs(np.diff(locs))
        step = float(steps.min()) if len(steps) else 1.0
        self.decimals = len(f"{step:.6f}".rstrip("0").split(".")[1])

    def __call__(self, x: float, pos: int | None = None) -> str:
        return _minus(f"{x + 0.0:,.{self.decimals}f}") + self.suffix


def _minus(text: str) -> str:
    return text.replace("-", "\N{MINUS SIGN}")


def _array(s: Series) -> np.ndarray:
    return np.array([np.nan if v is None else v for v in s.values], dtype=float)


def _bar_style(color: str, implied: bool) -> dict[str, Any]:
    if implied:
        return {"facecolor": "none", "edgecolor": color, "hatch": IMPLIED_HATCH, "linewidth": 1.0}
    return {"facecolor": color, "edgecolor": "none"}


@dataclass
class _Marks:
    """What each mark's tooltip says, by the gid given to its artist (see charts.tooltips)."""
    chart: Chart
    groups: dict[str, str] = field(default_factory=dict)  # a bar's gid -> its title
    points: dict[str, list[str]] = field(default_factory=dict)  # a line's markers' gid -> a title per point

    def title(self, s: Series, i: int, unit: str) -> str:
        """"2024Q4 · Revenue: 2,233.4 CNY mn (implied)": the value exactly, as the data table has it."""
        value = _minus(exact_label(cast(float, s.values[i])))
        implied = " (implied)" if s.is_implied(i) else ""
        return f"{self.chart.categories[i]} · {s.label}: {with_unit(value, unit)}{implied}"

    def bar(self, bar: Any, s: Series, i: int, unit: str) -> None:
        gid = f"mark{len(self.groups) + len(self.points)}"
        bar.set_gid(gid)
        self.groups[gid] = self.title(s, i, unit)

    def markers(self, line: Any, s: Series, indices: np.ndarray, unit: str) -> None:
        gid = f"mark{len(self.groups) + len(self.points)}"
        line.set_gid(gid)
        self.points[gid] = [self.title(s, int(i), unit) for i in indices if s.values[i] is not None]


def _bars(ax: Axes, x: np.ndarray, s: Series, color: str, marks: _Marks,
          bottom: np.ndarray | float = 0.0) -> None:
    heights = _array(s)
    for implied in (False, True):
        mask = ~np.isnan(heights) & np.array([s.is_implied(i) == implied for i in range(len(x))], dtype=bool)
        if mask.any():
            base = bottom[mask] if isinstance(bottom, np.ndarray) else bottom
            drawn = ax.bar(x[mask], heights[mask], BAR_WIDTH, bottom=base, **_bar_style(color, implied))
            for bar, i in zip(drawn, np.flatnonzero(mask)):
                marks.bar(bar, s, int(i), marks.chart.unit)


def _line(ax: Axes, x: np.ndarray, s: Series, color: str, marks: _Marks, unit: str, joined: bool = False) -> None:
    y = _array(s)
    if joined:  # one line through the points with a value
        known = ~np.isnan(y)
        ax.plot(x[known], y[known], color=color, linewidth=1.8)
    else:  # no line across a definition change: a gap (NaN) between the two sides
        ax.plot(np.insert(x, s.breaks, np.nan), np.insert(y, s.breaks, np.nan), color=color, linewidth=1.8)
    hollow = np.array([s.is_implied(i) for i in range(len(y))], dtype=bool)
    solid, = ax.plot(x[~hollow], y[~hollow], "o", color=color, markersize=5)
    marks.markers(solid, s, np.flatnonzero(~hollow), unit)
    if hollow.any():
        empty, = ax.plot(x[hollow], y[hollow], "o", color=color, markersize=6, markerfacecolor="none",
                         markeredgewidth=1.2)
        marks.markers(empty, s, np.flatnonzero(hollow), unit)


def _definition_rules(ax: Axes, chart: Chart) -> None:
    """A dashed rule between the last period on one definition and the first on the next, labelled
    above the axes (`_lay_out` leaves the room), where no bar or line runs through the label."""
    figure = cast(Figure, ax.figure)
    above = offset_copy(ax.get_xaxis_transform(), fig=figure, y=BAR_LABEL_PAD, units="points")
    for i in chart.breaks():
        ax.axvline(i - 0.5, color=INK, linestyle=(0, (3, 2)), linewidth=1.0)
        right = i > len(chart.categories) / 2  # the label on the side with room for it
        ax.text(i - 0.5, 1.0, DEFINITION_LABEL, transform=above, ha="right" if right else "left",
                va="bottom", color=INK, fontsize=BAR_LABEL_SIZE)


def _has_implied(series: tuple[Series, ...] | list[Series]) -> bool:
    return any(any(s.implied) for s in series)


def _legend_handles(handles: list[Any], bars_implied: bool, markers_implied: bool) -> list[Any]:
    """The legend's entries: every series, even one alone (the reader is told what is drawn, not
    left to infer it from the title), and how implied figures look."""
    if bars_implied:
        handles.append(Patch(facecolor="none", edgecolor=INK, hatch=IMPLIED_HATCH, label=IMPLIED_LABEL))
    elif markers_implied:
        handles.append(Line2D([], [], color=INK, marker="o", linestyle="none",
                              markerfacecolor="none", label=IMPLIED_LABEL))
    return handles


def _period_axes(ax: Axes, chart: Chart) -> np.ndarray:
    x = np.arange(len(chart.categories), dtype=float)
    ax.set_xticks(x, chart.categories)
    for i, (period, label) in enumerate(zip(chart.categories, ax.get_xticklabels())):
        # a band behind each period and an id on its label, which the SVG's address shows and sets
        # in bold on the page of a note on that period (charts.stylesheet)
        ax.axvspan(i - 0.5, i + 0.5, color=INK, alpha=BAND_ALPHA, linewidth=0, zorder=0, gid=band_id(period))
        label.set_gid(label_id(period))
    if _rotated(chart.categories):
        ax.tick_params(axis="x", labelrotation=45)
        for label in ax.get_xticklabels():
            label.set_horizontalalignment("right")
            label.set_rotation_mode("anchor")
    ax.tick_params(axis="x", length=0)
    ax.set_xlim(-0.6, len(x) - 0.4)
    ax.yaxis.set_major_formatter(_Thousands())
    ax.set_ylabel(chart.unit)
    return x


def _zero_line(ax: Axes, values: np.ndarray, vertical: bool = False) -> None:
    if np.nanmin(values, initial=0.0) < 0:
        (ax.axvline if vertical else ax.axhline)(0, color=INK, linewidth=0.8)


def _draw_bars_growth(ax: Axes, chart: Chart, marks: _Marks) -> _Drawn:
    x = _period_axes(ax, chart)
    main = chart.series[0]
    _bars(ax, x, main, PALETTE[0], marks)
    _zero_line(ax, _array(main))
    handles: list[Any] = [Patch(color=PALETTE[0], label=main.label)]
    gax = None
    if chart.growth is not None:
        gax = ax.twinx()
        gax.grid(False)
        gax.spines["right"].set_visible(True)
        _line(gax, x, chart.growth, GROWTH_COLOR, marks, "%")
        gax.yaxis.set_major_formatter(_Thousands("%"))
        gax.set_ylabel(f"{chart.growth.label} (%)")
        handles.append(Line2D([], [], color=GROWTH_COLOR, marker="o", markersize=4,
                              label=chart.growth.label))
    return _Drawn(_legend_handles(handles, _has_implied([main]),
                                  chart.growth is not None and _has_implied([chart.growth])), gax)


def _draw_stacked_bars(ax: Axes, chart: Chart, marks: _Marks) -> _Drawn:
    x = _period_axes(ax, chart)
    up, down = np.zeros(len(x)), np.zeros(len(x))
    handles: list[Any] = []
    for s, color in zip(chart.series, _colors(len(chart.series))):
        values = np.nan_to_num(_array(s))
        _bars(ax, x, s, color, marks, bottom=np.where(values >= 0, up, down))
        up += np.maximum(values, 0)
        down += np.minimum(values, 0)
        handles.append(Patch(color=color, label=s.label))
    _zero_line(ax, down)
    return _Drawn(_legend_handles(handles, _has_implied(chart.series), False))


def _draw_lines(ax: Axes, chart: Chart, marks: _Marks) -> _Drawn:
    x = _period_axes(ax, chart)
    handles: list[Any] = []
    for s, color in zip(chart.series, _colors(len(chart.series))):
        _line(ax, x, s, color, marks, chart.unit, chart.joined)
        handles.append(Line2D([], [], color=color, marker="o", markersize=4, label=s.label))
    _zero_line(ax, np.concatenate([_array(s) for s in chart.series]))
    return _Drawn(_legend_handles(handles, False, _has_implied(chart.series)))


def _draw_hbars(ax: Axes, chart: Chart, marks: _Marks) -> _Drawn:
    ranked = chart.ranked()
    s = chart.series[0]
    y = np.arange(len(ranked), dtype=float)[::-1]  # largest on top
    values = np.array([v for _, v, _ in ranked], dtype=float)
    for implied in (False, True):
        mask = np.array([s.is_implied(i) == implied for _, _, i in ranked], dtype=bool)
        if mask.any():
            drawn = ax.barh(y[mask], values[mask], BAR_WIDTH, **_bar_style(PALETTE[0], implied))
            for bar, (_, _, i) in zip(drawn, [r for r, m in zip(ranked, mask) if m]):
                marks.bar(bar, s, i, chart.unit)
    # plain texts: bar_label's annotations cost several times as much to draw
    figure = cast(Figure, ax.figure)  # _figure puts the axes on a Figure, never a SubFigure
    beside = {side: offset_copy(ax.transData, fig=figure, x=side * BAR_LABEL_PAD, units="points")
              for side in (1, -1)}
    for value, at in zip(values, y):
        side = 1 if value >= 0 else -1
        ax.text(value, at, _bar_label(value), transform=beside[side], ha="left" if side > 0 else "right",
                va="center", color=INK, fontsize=BAR_LABEL_SIZE)
    # names too long for a third of the width take several lines
    ax.set_yticks(y, [layout.wrap(name, FONT_SIZE, 0.33 * FIGSIZE[0] * 72) for name, _, _ in ranked])
    ax.set_ylim(-0.6, len(ranked) - 0.4)
    ax.tick_params(axis="y", length=0)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    ax.xaxis.set_major_formatter(_Thousands())
    ax.set_xlabel(chart.unit)
    _zero_line(ax, values, vertical=True)
    return _Drawn(_legend_handles([], _has_implied([s]), False))


def _figure(chart: Chart) -> tuple[Figure, _Marks]:
    """The chart as a Figure on an Agg canvas, laid out once, and its marks' tooltips; call under
    `rc_context(STYLE)`."""
    fig = Figure(figsize=FIGSIZE)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    marks = _Marks(chart)
    drawn = _DRAW[chart.kind](ax, chart, marks)
    _definition_rules(ax, chart)
    _lay_out(fig, ax, chart, drawn)
    return fig, marks


# --- layout -------------------------------------------------------------------------------------
# Margins are computed from the text they hold (see chart_layout), so a figure is drawn once, by
# savefig, instead of once more by matplotlib's constrained layout. Sizes in points.

BAR_LABEL_PAD = 3.0
EDGE = 6.0  # between the figure's edge and any text
GAP = 8.0  # between blocks: title, axes, legend
TICK_PAD = 3.5  # matplotlib's defaults for tick length, tick-label padding and axis-label padding
TICK_LENGTH = 3.5
LABEL_PAD = 4.0
LINE_HEIGHT = layout.text_height("", FONT_SIZE)  # of one line of tick or axis labels
AXIS_ROOM = 72.0  # at most, beside the axes on either side: the room period labels cannot count on
MIN_AXES_HEIGHT = 150.0
BAR_PITCH = 0.32 * 72  # height per bar of an hbars chart
LEGEND_HANDLE_EMS, LEGEND_SPACING_EMS = 1.6 + 0.8, 1.2  # handle + gap to its text; between columns


@dataclass
class _Drawn:
    legend: list[Any]  # legend handles; empty: no legend
    twin: Axes | None = None  # bars_growth: the growth axis


@dataclass
class _Box:
    """The axes' place in the figure, in points from the figure's left and bottom edges."""
    left: float
    bottom: float
    width: float
    height: float


def _lay_out(fig: Figure, ax: Axes, chart: Chart, drawn: _Drawn) -> None:
    width = FIGSIZE[0] * 72
    title = layout.wrap(chart.title, TITLE_SIZE, width - 2 * EDGE, bold=True)
    top = EDGE + layout.text_height(title, TITLE_SIZE) + GAP
    if chart.breaks():  # the definition rules' labels
        top += layout.text_height(DEFINITION_LABEL, BAR_LABEL_SIZE) + BAR_LABEL_PAD
    legend_height, ncols = _legend_size(drawn.legend, width - 2 * EDGE)
    bottom = EDGE + (legend_height + GAP if drawn.legend else 0.0)
    if chart.kind == "hbars":
        names = [t.get_text() for t in ax.get_yticklabels()]
        pitch = max(BAR_PITCH, max((layout.text_height(n, FONT_SIZE) for n in names), default=0.0) + 6)
        bottom += TICK_LENGTH + TICK_PAD + 2 * LINE_HEIGHT + LABEL_PAD
        height = max(2.2 * 72, top + bottom + pitch * max(len(names), 1))
        left = EDGE + layout.widest(names, FONT_SIZE) + TICK_PAD
    else:
        bottom += TICK_PAD + _period_labels_height(chart.categories)
        height = max(FIGSIZE[1] * 72, top + bottom + MIN_AXES_HEIGHT)
        left = EDGE  # until the y tick labels are known, which needs the axes' height
    fig.set_size_inches(width / 72, height / 72)
    box = _Box(left, bottom, width - left - EDGE, height - top - bottom)
    _place(fig, ax, box)
    if chart.kind == "hbars":
        _fit_bar_labels(ax, box)
        _spread_ticks(ax, box.width)
        reach = layout.widest(_tick_labels(ax.xaxis), FONT_SIZE) / 2  # x tick labels at either end
        box.left = max(box.left, EDGE + reach)
        box.width = width - box.left - EDGE - reach
        _place(fig, ax, box)
        _fit_bar_labels(ax, box)
        ax.xaxis.set_label_coords(0.5, -(TICK_LENGTH + TICK_PAD + LINE_HEIGHT + LABEL_PAD) / box.height)
    else:
        _period_margins(ax, drawn.twin, box, width, chart.categories)
        _place(fig, ax, box)
        ax.yaxis.set_label_coords((EDGE + LINE_HEIGHT - box.left) / box.width, 0.5)
        if drawn.twin is not None:
            drawn.twin.yaxis.set_label_coords((width - EDGE - LINE_HEIGHT - box.left) / box.width, 0.5)
    fig.suptitle(title, x=EDGE / width, y=1 - EDGE / height, ha="left", va="top",
                 fontsize=TITLE_SIZE, fontweight="bold")
    if drawn.legend:
        fig.legend(handles=drawn.legend, loc="lower left", ncols=ncols,
                   bbox_to_anchor=(EDGE / width, EDGE / height), borderpad=0, borderaxespad=0,
                   handlelength=1.6, handletextpad=0.8, columnspacing=LEGEND_SPACING_EMS)


def _place(fig: Figure, ax: Axes, box: _Box) -> None:
    w, h = fig.get_size_inches() * 72
    ax.set_position((box.left / w, box.bottom / h, box.width / w, box.height / h))  # and its twin


def _legend_size(handles: list[Any], width: float) -> tuple[float, int]:
    """Height of the legend and its number of columns, as many as fit; wraps labels too long for one."""
    if not handles:
        return 0.0, 1
    for handle in handles:
        handle.set_label(layout.wrap(handle.get_label(), LEGEND_SIZE,
                                     width - LEGEND_HANDLE_EMS * LEGEND_SIZE))
    ncols, height = layout.legend_grid([h.get_label() for h in handles], LEGEND_SIZE, width,
                                       LEGEND_HANDLE_EMS, LEGEND_SPACING_EMS,
                                       matplotlib.rcParams["legend.labelspacing"])
    return height, ncols


def _rotated(categories: tuple[str, ...]) -> bool:
    """Whether period labels turn 45 degrees: when level ones would not fit side by side."""
    room = (FIGSIZE[0] * 72 - 2 * AXIS_ROOM) / max(len(categories), 1)
    return layout.widest(categories, FONT_SIZE) + FONT_SIZE > room


def _period_labels_height(categories: tuple[str, ...]) -> float:
    if _rotated(categories):
        return layout.rotated_height(layout.widest(categories, FONT_SIZE), LINE_HEIGHT, 45)
    return LINE_HEIGHT


def _tick_labels(axis: Any) -> list[str]:
    """The labels the axis will draw, formatted without drawing (its limits and size must be set)."""
    return axis.get_major_formatter().format_ticks(axis.get_majorticklocs())


def _period_margins(ax: Axes, twin: Axes | None, box: _Box, width: float,
                    categories: tuple[str, ...]) -> None:
    """Left and right margins from the y axes' tick labels and axis labels."""
    side = TICK_LENGTH + TICK_PAD + LABEL_PAD + LINE_HEIGHT + EDGE  # around an axis' tick labels
    left = side + layout.widest(_tick_labels(ax.yaxis), FONT_SIZE)
    if _rotated(categories):  # the first label reaches left of its tick
        reach = layout.text_width(categories[0], FONT_SIZE) + LINE_HEIGHT
        left = max(left, EDGE + reach * math.cos(math.radians(45)))
    if twin is not None:
        right = side + layout.widest(_tick_labels(twin.yaxis), FONT_SIZE)
    else:  # the last label, centred on its tick, may reach past the axes
        right = EDGE + (0 if _rotated(categories) or not categories
                        else layout.text_width(categories[-1], FONT_SIZE) / 2)
    box.left, box.width = left, width - left - right


def _fit_bar_labels(ax: Axes, box: _Box) -> None:
    """x limits leaving room for each bar's value label beside it, whatever the scale; an axis with
    no bar on one side of zero ends at zero there, so that every bar visibly starts from it."""
    values = [bar.get_width() for bar in ax.patches if isinstance(bar, Rectangle)]  # the bars
    if not any(values):
        return  # nothing drawn, or nothing but zeros: matplotlib's default limits
    low, high = min([0.0, *values]), max([0.0, *values])
    negative, positive = [v for v in values if v < 0], [v for v in values if v >= 0]
    room = BAR_LABEL_PAD + 2
    left = room + layout.widest([_bar_label(v) for v in negative], BAR_LABEL_SIZE) if negative else 0.0
    right = room + layout.widest([_bar_label(v) for v in positive], BAR_LABEL_SIZE) if positive else 0.0
    scale = max(box.width - left - right, box.width / 4) / ((high - low) or 1.0)  # points per unit
    ax.set_xlim(low - left / scale, high + right / scale)


def _spread_ticks(ax: Axes, width: float) -> None:
    """Fewer x ticks when their labels (long numbers) would touch: matplotlib spaces them by font size."""
    locs = ax.xaxis.get_majorticklocs()
    room = layout.widest(_tick_labels(ax.xaxis), FONT_SIZE) + FONT_SIZE  # points a label needs
    low, high = ax.get_xlim()
    if len(locs) > 1 and (locs[1] - locs[0]) * width / (high - low) < room:
        # MaxNLocator's nbins is the most intervals: each is then at least width / nbins wide
        ax.xaxis.set_major_locator(ticker.MaxNLocator(nbins=max(int(width // room), 1),
                                                      steps=[1, 2, 2.5, 5, 10]))


def _bar_label(v: float) -> str:
    return _minus(value_label(v))


_DRAW = {"bars_growth": _draw_bars_growth, "stacked_bars": _draw_stacked_bars,
         "lines": _draw_lines, "hbars": _draw_hbars}


def _colors(n: int) -> list[str]:
    return [PALETTE[i % len(PALETTE)] for i in range(n)]
