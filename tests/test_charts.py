"""Charts: what a reader sees in the SVG, drawn the same every time (the cache of drawn charts is
tested in test_cache.py)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import logging
import os
import re
import subprocess
import sys
import warnings
from html import unescape
from pathlib import Path
from typing import Any

import matplotlib
import pytest
from matplotlib.transforms import Bbox

from research_digest.build.generate import load
from research_digest.build.project import Project
from research_digest.charts import draw as charts
from research_digest.charts.draw import draw_charts, render_svg
from research_digest.charts.spec import Chart, Series
from research_digest.load.periods import parse_period
from research_digest.render.chart_plan import plan_charts
from research_digest.render.chart_text import alt_text, data_table
from research_digest.render.paths import company_page, note_page
from test_checks import figures, revenue

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"
QUARTERS = tuple(f"{y}Q{q}" for y in (2023, 2024, 2025) for q in (1, 2, 3, 4))[:11]
REVENUE = (1864.4, 1799.0, 1697.0, 1800.0, 1773.5, 1946.4, 1887.7, 2233.4, 1970.0, 2348.3, 2478.0)


def revenue_chart(**changes) -> Chart:
    growth = Series("YoY growth", (None,) * 4 + (-4.9, 8.2, 11.2, 24.1, 11.1, 20.6, 31.3))
    chart = Chart("bars_growth", "Revenue 营收", QUARTERS, (Series("Revenue", REVENUE),), "CNY mn",
                  growth=growth)
    return dataclasses.replace(chart, **changes)


def segment_chart(other: tuple[float | None, ...] = (None, -50.0) + (10.0,) * 9) -> Chart:
    return Chart("stacked_bars", "Segment revenue", QUARTERS, (
        Series("公有云 Public cloud", (1100.0,) * 11),
        Series("行业云 Industry cloud", (700.0,) * 11),
        Series("Other", other),
    ), "CNY mn")


def growth_ranking(values: tuple[float | None, ...] = (24.1, 13.0, None, -8.5)) -> Chart:
    return Chart("hbars", "YoY revenue growth, 2024Q4",
                 ("Acme Cloud 艾克云", "Globex Data 环球数据", "Initech Cloud 英泰云", "Umbrella Cloud 伞云"),
                 (Series("YoY growth", values),), "%")


def texts(svg: bytes) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg.decode())


def drawn_figure(chart: Chart):
    with matplotlib.rc_context(charts.STYLE):
        fig, _ = charts._figure(chart)
        fig.draw_without_rendering()
    return fig


# --- determinism and drawing in parallel -----------------------------------------------------

def test_the_same_chart_renders_byte_identical_in_this_and_another_process():
    chart = revenue_chart()
    svg = render_svg(chart)
    assert render_svg(chart) == svg
    code = ("import sys; from research_digest.charts.draw import render_svg; "
            "from research_digest.charts.spec import Chart, Series; "
            f"sys.stdout.buffer.write(render_svg({chart!r}))")
    env = {**os.environ, "PYTHONPATH": str(SCRIPTS), "PYTHONHASHSEED": "12345"}
    other = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, check=True)
    assert other.stdout == svg
    assert b"<dc:date>" not in svg


def test_pages_and_digest_diff_load_without_matplotlib():
    """Pages and `digest diff` read a chart's data (charts.spec), never its drawing: importing them
    leaves matplotlib, which only the step that draws the SVGs needs, unloaded."""
    code = ("import sys, research_digest.render.pages, research_digest.authoring.diff; "
            "print(sorted(name for name in sys.modules if name.split('.')[0] == 'matplotlib'))")
    env = {**os.environ, "PYTHONPATH": str(SCRIPTS)}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_many_charts_drawn_in_parallel_match_serial_renders(monkeypatch):
    pools = []

    class SpyPool(charts.ProcessPoolExecutor):
        def __init__(self, *args, **kwargs):
            pools.append(self)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(charts, "ProcessPoolExecutor", SpyPool)
    many = {f"rank{i}": growth_ranking((float(i), 13.0, None, -8.5))
            for i in range(charts.PARALLEL_MIN + 2)}
    svgs = draw_charts(many, workers=2)
    assert pools, "the process pool was not used"
    assert svgs == {name: render_svg(chart) for name, chart in many.items()}


# --- what the reader sees -----------------------------------------------------------------------

def test_chinese_labels_stay_text_and_rendering_warns_about_nothing(caplog):
    with warnings.catch_warnings(record=True) as caught, caplog.at_level(logging.DEBUG):
        warnings.simplefilter("always")
        svg = render_svg(segment_chart())
    assert [str(w.message) for w in caught] == []
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
    assert "公有云 Public cloud" in texts(svg)
    assert b'id="DejaVuSans-' not in svg  # no text converted to glyph outlines
    family = re.search(r"font-family: ([^;]*);", svg.decode()).group(1)
    for font in ("'Noto Sans CJK SC'", "'PingFang SC'", "'Microsoft YaHei'"):
        assert font in family
    assert family.endswith("sans-serif")


def test_axes_show_thousands_separators_and_the_unit():
    labels = texts(render_svg(revenue_chart()))
    assert "2,000" in labels
    assert "CNY mn" in labels
    assert "YoY growth (%)" in labels
    assert any(label.endswith("%") for label in labels)


def test_losses_draw_as_bars_below_zero():
    loss = revenue_chart(series=(Series("Net profit", (-450.0, -120.5) + (80.0,) * 9),))
    ax = drawn_figure(loss).axes[0]
    low = min(ax.patches, key=lambda bar: bar.get_height())  # a bar: the periods' bands reach 0 to 1
    assert low.get_y() == 0 and low.get_height() == -450.0
    assert ax.get_ylim()[0] < -450.0
    assert "\N{MINUS SIGN}400" in texts(render_svg(loss))


def test_negative_segments_hang_below_zero_while_positives_stack_up():
    ax = drawn_figure(segment_chart()).axes[0]
    second_quarter = sorted((bar.get_y(), bar.get_height()) for bar in ax.patches
                            if bar.get_x() < 1 < bar.get_x() + 1 and not bar.get_gid().startswith("band-"))
    assert second_quarter == [(0.0, -50.0), (0.0, 1100.0), (1100.0, 700.0)]


def test_missing_values_leave_gaps_instead_of_failing():
    gaps = (None, 5.0, None) + (7.0,) * 7 + (None,)
    for chart in (revenue_chart(series=(Series("Revenue", gaps),)),
                  segment_chart(gaps),
                  Chart("lines", "Margins", QUARTERS, (Series("Gross margin", gaps),), "%")):
        assert texts(render_svg(chart))


def test_ranking_is_sorted_largest_first_and_omits_companies_without_data():
    chart = growth_ranking()
    ax = drawn_figure(chart).axes[0]
    top_to_bottom = [label.get_text().replace("\n", " ") for _, label in  # long names wrap
                     sorted(zip(ax.get_yticks(), ax.get_yticklabels()), key=lambda t: -t[0])]
    assert top_to_bottom == ["Acme Cloud 艾克云", "Globex Data 环球数据", "Umbrella Cloud 伞云"]
    assert "Initech Cloud 英泰云" not in texts(render_svg(chart))


def test_implied_figures_are_hatched_and_the_legend_says_so():
    plain = render_svg(revenue_chart())
    implied = render_svg(revenue_chart(series=(Series("Revenue", REVENUE, (False,) * 10 + (True,)),)))
    assert "hollow = implied" in texts(implied) and b"<pattern" in implied
    assert "hollow = implied" not in texts(plain) and b"<pattern" not in plain
    margin = Series("Gross margin", (1.0, 2.0, 3.0), (False, True, False))
    margins = Chart("lines", "Margins", QUARTERS[:3], (margin,), "%")
    assert "hollow = implied" in texts(render_svg(margins))


# --- accessibility ------------------------------------------------------------------------------

def test_alt_text_names_the_metric_range_latest_value_and_direction():
    alt = alt_text(revenue_chart())
    assert alt.startswith("Revenue 营收 (CNY mn) by quarter, 2023Q1–2025Q3")
    assert "latest 2,478.0 in 2025Q3, up from 1,864.4 in 2023Q1" in alt
    falling = alt_text(revenue_chart(series=(Series("Revenue", tuple(reversed(REVENUE))),)))
    assert "down from 2,478.0" in falling
    flat = alt_text(revenue_chart(series=(Series("Revenue", (100.0,) * 10 + (100.5,)),)))
    assert "flat from 100.0" in flat
    ranking = alt_text(growth_ranking())
    assert "highest Acme Cloud 艾克云 24.1, lowest Umbrella Cloud 伞云 -8.5" in ranking


def test_data_table_has_a_row_per_period_and_marks_implied_and_missing_values():
    chart = revenue_chart(series=(Series("Revenue", REVENUE, (False,) * 10 + (True,)),))
    rows = [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)
            for row in re.findall(r"<tr>(.*?)</tr>", data_table(chart), re.S)]
    assert rows[0] == ["Period", "Revenue (CNY mn)", "YoY growth (%)"]
    assert [row[0] for row in rows[1:]] == list(QUARTERS)
    assert rows[1] == ["2023Q1", "1,864.4", "n/a"]
    assert rows[-1] == ["2025Q3", "2,478.0 (implied)", "31.3"]


def test_a_series_that_does_not_fit_the_categories_is_refused():
    with pytest.raises(ValueError, match="has 2 values for 11 categories"):
        revenue_chart(series=(Series("Revenue", (1.0, 2.0)),))


# --- layout -------------------------------------------------------------------------------------

LONG_ZH = "北京艾克云网络技术有限公司华东数据中心分公司"
LONG_EN = "Consolidated Worldwide Hyperscale Infrastructure Holdings"


def every_kind_with_long_text() -> list[Chart]:
    """One chart of each kind whose names, units and values are as long as notes may make them."""
    periods = tuple(f"{y}Q{q}" for y in range(2019, 2025) for q in range(1, 5))
    big = tuple(1_234_567.8 * (i % 5 - 1) for i in range(len(periods)))
    growth = Series("Year-on-year revenue growth 同比增长", tuple(-1234.5 + 300 * i for i in range(len(periods))))
    names = (LONG_ZH, f"{LONG_EN} {LONG_ZH}", "Globex 环球", "W" * 40, "宽" * 60)
    return [
        Chart("bars_growth", f"{LONG_EN} {LONG_ZH}: revenue", periods,
              (Series("Revenue", big, (True,) + (False,) * (len(periods) - 1)),), "CNY mn", growth=growth),
        Chart("bars_growth", "Short: revenue", QUARTERS[:4], (Series("Revenue", (5.0, 6.0, 7.0, 8.0)),),
              "CNY mn", growth=Series("YoY growth", (1.0, -2.0, 3.0, 4.0))),
        Chart("stacked_bars", f"{LONG_ZH}: revenue by segment", QUARTERS,
              tuple(Series(f"{name} segment", tuple(1000.0 + i for i in range(11))) for name in names), "CNY mn"),
        Chart("lines", "Margins", QUARTERS[:3],
              tuple(Series(f"{name} {i}", (-10.5, 20.0, 999.9), (False, True, False)) for i, name in
                    enumerate(names * 3)), "%"),
        Chart("hbars", f"{LONG_ZH} {LONG_EN} growth", names + ("A",),
              (Series("YoY growth", (-99_999.9, 1_234_567.8, 3.0, 0.0, -5.0, 12.0), (False, True) + (False,) * 4),),
              "%"),
        growth_ranking(),
        Chart("hbars", "Nothing yet", ("Acme 极客",), (Series("Revenue", (None,)),), "CNY mn"),
    ]


def drawn_texts(chart: Chart, monkeypatch) -> tuple[Any, Bbox, dict[Any, Bbox]]:
    """The figure, its page and the extent of every text drawn, as render_svg draws it, in points."""
    boxes = {}
    draw = matplotlib.text.Text.draw

    def measuring(self, renderer):
        draw(self, renderer)
        if self.get_visible() and self.get_text():
            boxes[self] = self.get_window_extent(renderer)

    monkeypatch.setattr(matplotlib.text.Text, "draw", measuring)
    with matplotlib.rc_context(charts.STYLE):
        fig, _ = charts._figure(chart)
        fig.savefig(io.BytesIO(), format="svg")  # the SVG renderer measures at 72 dpi: in points
    return fig, Bbox.from_bounds(0, 0, *fig.get_size_inches() * 72), boxes


@pytest.mark.parametrize("chart", every_kind_with_long_text(), ids=lambda c: f"{c.kind}-{len(c.title)}")
@pytest.mark.usefixtures("cjk_font")  # measured without it, Chinese labels take a Latin font's missing-glyph boxes
def test_no_text_is_cut_off_or_covers_a_tick_label(chart, monkeypatch):
    fig, page, boxes = drawn_texts(chart, monkeypatch)
    assert len(boxes) > 5
    for text, box in boxes.items():
        assert page.x0 <= box.x0 and box.x1 <= page.x1 and page.y0 <= box.y0 and box.y1 <= page.y1, \
            f"{text.get_text()!r} at {box.bounds} is cut off by the figure's edge {page.bounds}"
    ticks = {t for ax in fig.axes for t in (*ax.get_xticklabels(), *ax.get_yticklabels())}
    for text, box in boxes.items():
        if text in ticks or text in fig.axes[0].texts:  # bar value labels sit by their bars
            continue
        for tick in ticks & boxes.keys():
            assert not box.overlaps(boxes[tick]), f"{text.get_text()!r} covers the tick label {tick.get_text()!r}"
    for ax in fig.axes:  # level tick labels side by side do not touch (turned ones overlap as boxes)
        for labels in (ax.get_xticklabels(), ax.get_yticklabels()):
            level = sorted((boxes[t] for t in labels if t in boxes and not t.get_rotation()),
                           key=lambda b: (b.x0, b.y0))
            for one, other in zip(level, level[1:]):
                assert not one.overlaps(other), f"tick labels touch: {one.bounds} {other.bounds}"


# --- charts that don't mislead ------------------------------------------------------------------

def titles(svg: bytes) -> list[str]:
    return [unescape(t) for t in re.findall(r"<title>([^<]*)</title>", svg.decode())]


def test_the_time_axis_has_every_quarter_from_the_first_to_the_last_and_no_half_year(project):
    """Acme's 2024Q1 and 2024Q4 notes, and a half-year one: the chart's axis runs 2024Q1 to 2024Q4,
    the two quarters with no figure left empty; the half-year is not put among the quarters."""
    for label, value in (("2024Q1", "100.0"), ("2024Q4", "130.0"), ("2024H2", "250.0")):
        published = (parse_period(label).end + dt.timedelta(days=21)).isoformat()
        project.note(name=f"acme-cloud/{label}.md", period=label, title=f'"Acme {label}"', published=published,
                     metrics=figures(revenue(value)))
    (planned, *_) = plan_charts(load(Project(project.root)).site)[company_page("acme-cloud")]
    assert planned.chart.categories == ("2024Q1", "2024Q2", "2024Q3", "2024Q4")
    assert planned.chart.series[0].values == (100.0, None, None, 130.0)


def test_a_note_page_shows_its_companys_chart_with_its_own_period_marked(project):
    for label in ("2024Q3", "2024Q4"):
        published = (parse_period(label).end + dt.timedelta(days=21)).isoformat()
        project.note(name=f"acme-cloud/{label}.md", period=label, title=f'"Acme {label}"', published=published,
                     metrics=figures(revenue("100.0")))
    site = load(Project(project.root)).site
    plan = plan_charts(site)
    company = {c.path: c for c in plan[company_page("acme-cloud")]}["charts/companies/acme-cloud-revenue.svg"]
    for note in site.by_company["acme-cloud"]:
        (marked,) = plan[note_page(note)]
        assert marked == dataclasses.replace(company, marked=note.period.label)  # the same file, marked


def test_bars_start_from_zero_on_every_chart_of_the_shipped_notes(shipped):
    """The value axis of every bar chart ends at zero on the side where no bar is, so no bar is cut short."""
    charts = {p.path: p.chart for page in plan_charts(shipped).values() for p in page}
    bars = {path: chart for path, chart in charts.items() if chart.kind != "lines"}
    assert len(bars) > 10
    for path, chart in bars.items():
        ax = drawn_figure(chart).axes[0]
        low, high = ax.get_xlim() if chart.kind == "hbars" else ax.get_ylim()
        values = [v for s in chart.series for v in s.values if v is not None]
        assert low == 0 if min(values, default=0) >= 0 else low < min(values), f"{path}: axis from {low}"
        assert high == 0 if max(values, default=0) <= 0 else high > max(values), f"{path}: axis to {high}"


def test_a_single_series_is_named_in_a_legend():
    margin = Chart("lines", "Acme Cloud: margins", QUARTERS[:3], (Series("Gross margin", (30.0, 31.0, 32.5)),), "%")
    fig = drawn_figure(margin)
    assert [t.get_text() for t in fig.legends[0].get_texts()] == ["Gross margin"]
    assert [t.get_text() for t in drawn_figure(revenue_chart()).legends[0].get_texts()] == ["Revenue", "YoY growth"]


def test_each_period_has_a_band_and_a_label_its_address_shows_and_sets_in_bold():
    svg = render_svg(revenue_chart()).decode()
    ax = drawn_figure(revenue_chart()).axes[0]
    bands = {p.get_gid(): p for p in ax.patches if (p.get_gid() or "").startswith("band-")}
    assert list(bands) == [f"band-{q}" for q in QUARTERS]
    assert bands["band-2024Q4"].get_x() == pytest.approx(QUARTERS.index("2024Q4") - 0.5)
    assert [t.get_gid() for t in ax.get_xticklabels()] == [f"label-{q}" for q in QUARTERS]
    assert '[id^="band-"] {visibility: hidden}' in svg  # shown only at its address
    assert ('#p2024Q4:target ~ g #band-2024Q4, #p2024Q4-dark:target ~ g #band-2024Q4 {visibility: visible}'
            in svg)
    assert '#p2024Q4:target ~ g #label-2024Q4 text, #p2024Q4-dark:target ~ g #label-2024Q4 text {font-weight: 700}' \
        in svg
    targets = svg.index('<g id="p2024Q4"/>'), svg.index('<g id="p2024Q4-dark"/>'), svg.index('<g id="dark"/>')
    assert max(targets) < svg.index('<g id="figure_1">')  # siblings ahead of the drawing, as "~ g" needs
    assert "band-" not in render_svg(growth_ranking()).decode()  # a ranking has no periods to mark


def test_every_mark_carries_its_exact_value_as_a_tooltip():
    implied = Series("Revenue", REVENUE[:-1] + (2478.05,), (False,) * 10 + (True,))
    svg = render_svg(revenue_chart(series=(implied,)))
    shown = titles(svg)
    assert "2024Q4 · Revenue: 2,233.4 CNY mn" in shown
    assert "2025Q3 · Revenue: 2,478.05 CNY mn (implied)" in shown  # as precise as the figure, not the axis
    assert "2024Q1 · YoY growth: \N{MINUS SIGN}4.9%" in shown
    assert len(shown) == 11 + 7  # a bar per quarter, a point per stated growth rate
    hostile = Chart("lines", "M", QUARTERS[:2], (Series("<b>A & B</b>", (1.0, None)),), "%")
    assert titles(render_svg(hostile)) == ["2023Q1 · <b>A & B</b>: 1.0%"]
    ranking = titles(render_svg(growth_ranking()))
    assert sorted(ranking) == ["Acme Cloud 艾克云 · YoY growth: 24.1%", "Globex Data 环球数据 · YoY growth: 13.0%",
                               "Umbrella Cloud 伞云 · YoY growth: \N{MINUS SIGN}8.5%"]


def contrast(one: str, other: str) -> float:
    def luminance(colour: str) -> float:
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    dark, light = sorted((luminance(one), luminance(other)))
    return (light + 0.05) / (dark + 0.05)


def test_text_is_drawn_in_an_ink_with_4_5_to_1_contrast_in_either_scheme():
    """All text takes the ink variable; the SVG sets it per scheme, dark at the address #dark."""
    svg = render_svg(every_kind_with_long_text()[0]).decode()
    fills = set(re.findall(r"<text style=\"[^\"]*fill: ([^;\"]*)", svg))
    assert fills == {"var(--ink)"}
    light = re.search(r"svg \{--ink: (#\w{6})\}", svg).group(1)
    dark = re.search(r"#dark:target ~ g \{--ink: (#\w{6})\}", svg).group(1)
    assert '<g id="dark"/>' in svg
    assert contrast(light, "#ffffff") >= 4.5 and contrast(dark, "#1e2129") >= 4.5  # Material's two backgrounds
