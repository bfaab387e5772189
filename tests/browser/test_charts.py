"""Charts as a reader meets them on the built site, at 1280 px and on a 390-px phone, in both colour
schemes: bars from zero, every quarter on the axis, every series named, the note's own period
marked, text large enough and dark or light enough to read, each value on its mark, a definition
change drawn as a break.

Each chart is an SVG document in an <object> (one per scheme, the page shows one): the tests read
what the browser drew inside it."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from browser.conftest import Watch, watch

WIDTHS = (1280, 390)
KINGSOFT, TENCENT, BAIDU = "companies/kingsoft-cloud/", "companies/tencent-fbs/", "companies/baidu-ai-cloud/"
EVERBRIGHT = "notes/kingsoft-cloud/2024Q4-everbright-securities-earnings-review/"
PAGES = (KINGSOFT, TENCENT, BAIDU, EVERBRIGHT)
SHOWN = "[...document.querySelectorAll('article figure.chart object')].filter(o => o.offsetParent)"
LOADED = f"{SHOWN}.length > 0 && {SHOWN}.every(o => o.contentDocument && o.contentDocument.querySelector('svg'))"


@pytest.fixture(params=[(width, scheme) for width in WIDTHS for scheme in ("light", "dark")],
                ids=lambda p: f"{p[0]}px-{p[1]}")
def reader(request, browser: Browser, site_url: str) -> Iterator[Page]:
    """A page at one width, its scheme the system's (which Material follows until the reader toggles)."""
    width, scheme = request.param
    context = browser.new_context(base_url=site_url, viewport={"width": width, "height": 900}, color_scheme=scheme)
    tab = context.new_page()
    seen = Watch()
    watch(tab, seen)
    yield tab
    context.close()
    assert not seen.problems(), "\n".join(seen.problems())


@pytest.fixture(params=WIDTHS, ids=lambda w: f"{w}px")
def light_reader(request, browser: Browser, site_url: str) -> Iterator[Page]:
    context = browser.new_context(base_url=site_url, viewport={"width": request.param, "height": 900})
    tab = context.new_page()
    yield tab
    context.close()


def open_charts(page: Page, path: str) -> None:
    page.goto(path)
    page.wait_for_function(LOADED)


def chart(page: Page, name: str, script: str):
    """Evaluate `script` (a function body of `svg`, the chart's document element) in the shown chart
    whose file name starts with `name`."""
    return page.evaluate(f"""() => {{
        const object = {SHOWN}.find(o => o.data.split('/').pop().startsWith({name!r}));
        const svg = object.contentDocument.documentElement;
        {script}
    }}""")


TICKS = """const ticks = (axes, axis) => [...svg.querySelectorAll(`#${axes} g[id^="${axis}tick_"] text`)]
    .map(t => ({text: t.textContent, x: parseFloat(t.getAttribute('x')), y: parseFloat(t.getAttribute('y')),
                weight: getComputedStyle(t).fontWeight}));"""
TITLES = "const titles = [...svg.querySelectorAll('title')].map(t => t.textContent);"


def test_bars_stand_on_zero(light_reader):
    """The lowest label on each bar chart's value axis is 0: no bar is cut short at the bottom."""
    for path in (KINGSOFT, TENCENT, BAIDU):
        open_charts(light_reader, path)
        name = path.split("/")[1]
        for suffix in ("-revenue.svg", "-segments.svg"):
            lowest = chart(light_reader, name, TICKS + f"""
                if (!object.data.endsWith({suffix!r})) return '0';
                return ticks('axes_1', 'y').sort((a, b) => b.y - a.y)[0].text;""")
            assert lowest == "0", f"{path}{suffix}: the value axis starts at {lowest}"


def test_every_quarter_between_the_first_and_the_last_is_on_the_axis(light_reader):
    open_charts(light_reader, TENCENT)
    labels = chart(light_reader, "tencent-fbs-revenue", TICKS + "return ticks('axes_1', 'x');")
    assert [t["text"] for t in labels] == ["2023Q2", "2023Q3", "2023Q4", "2024Q1", "2024Q2", "2024Q3", "2024Q4",
                                           "2025Q1", "2025Q2", "2025Q3"]
    steps = {round(b["x"] - a["x"], 1) for a, b in zip(labels, labels[1:])}
    assert len(steps) == 1, f"quarters are not evenly spaced: {steps}"
    bars = chart(light_reader, "tencent-fbs-revenue", TITLES + "return titles.filter(t => t.includes('Revenue'));")
    assert sorted(t.split(" ")[0] for t in bars) == ["2023Q2", "2024Q3", "2025Q3"]  # the quarters between stand empty
    open_charts(light_reader, BAIDU)
    labels = [t["text"] for t in chart(light_reader, "baidu-ai-cloud-revenue", TICKS + "return ticks('axes_1', 'x');")]
    assert labels[:3] == ["2023Q2", "2023Q3", "2023Q4"] and "2024Q4" in labels and labels[-1] == "2025Q3"
    bars = chart(light_reader, "baidu-ai-cloud-revenue", TITLES + "return titles.filter(t => t.includes('Revenue'));")
    assert not any(t.startswith(("2023Q4", "2024Q4")) for t in bars)  # shown empty: no figure for them
    assert all(re.fullmatch(r"20\d\dQ[1-4]", label) for label in labels)  # no half-year among the quarters


def test_every_series_is_named_in_a_legend(light_reader):
    """Each series in a chart's data table (one alone too) has its name in the chart's legend."""
    for path in (KINGSOFT, TENCENT, BAIDU):
        open_charts(light_reader, path)
        named = light_reader.evaluate(f"""() => {SHOWN}.map(object => {{
            const table = object.closest('figure').nextElementSibling.querySelector('table');
            const series = [...table.querySelectorAll('th')].slice(1)
                .map(th => th.textContent.replace(/ \\([^()]*\\)$/, ''));  // "Revenue (CNY mn)": its unit off
            const legend = [...object.contentDocument.querySelectorAll('#legend_1 text')].map(t => t.textContent);
            return [object.data, series, legend];
        }})""")
        assert named
        for data, series, legend in named:
            assert series and all(name in legend for name in series), f"{data}: {series} not all in {legend}"


def test_a_note_page_marks_its_own_period(reader):
    """The company's chart, on the page of its 2024Q4 note: 2024Q4's band shows and its label is bold,
    in either scheme; on the company page no period is marked."""
    open_charts(reader, EVERBRIGHT)
    marks = TICKS + """return [ticks('axes_1', 'x').filter(t => t.weight === '700').map(t => t.text),
        [...svg.querySelectorAll('[id^="band-"]')].filter(b => getComputedStyle(b).visibility === 'visible')
            .map(b => b.id)];"""
    assert chart(reader, "kingsoft-cloud-revenue", marks) == [["2024Q4"], ["band-2024Q4"]]
    label = reader.locator("figure.chart object:visible").get_attribute("aria-label")
    assert label == "Chart: Kingsoft Cloud: revenue (CNY mn), 2024Q4 marked"
    open_charts(reader, KINGSOFT)
    assert chart(reader, "kingsoft-cloud-revenue", marks) == [[], []]


@pytest.mark.parametrize("path", PAGES)
def test_chart_text_reads_at_10_px_or_more_and_charts_fit_the_screen(light_reader, path):
    open_charts(light_reader, path)
    sizes = light_reader.evaluate(f"""() => {SHOWN}.map(object => {{
        const svg = object.contentDocument.documentElement;
        const scale = object.getBoundingClientRect().width / svg.viewBox.baseVal.width;
        return [object.data, object.getBoundingClientRect().right,
                Math.min(...[...svg.querySelectorAll('text')]
                    .map(t => parseFloat(getComputedStyle(t).fontSize) * scale))];
    }})""")
    width = light_reader.viewport_size["width"]
    assert sizes
    for data, right, smallest in sizes:
        assert smallest >= 10, f"{data}: text at {smallest:.1f} px"
        assert right <= width, f"{data} reaches {right} px on a {width}-px screen"


def test_each_mark_gives_its_exact_value_on_hover(light_reader):
    """Every value in the chart's data table is the tooltip (SVG title) of a mark; the mark under the
    pointer at a bar's centre is the one titled with that bar's value."""
    open_charts(light_reader, KINGSOFT)
    rows = light_reader.evaluate(f"""() => [...{SHOWN}[0].closest('figure').nextElementSibling
        .querySelectorAll('tbody tr')].map(tr => [...tr.querySelectorAll('td')].map(td => td.textContent))""")
    titles = chart(light_reader, "kingsoft-cloud-revenue", TITLES + "return titles;")
    for period, revenue, growth in rows:
        if revenue != "n/a":
            value = revenue.replace(" (implied)", "")
            assert f"{period} · Revenue: {value} CNY mn" + (" (implied)" if "implied" in revenue else "") in titles
        if growth != "n/a":
            assert f"{period} · YoY growth: {growth.replace('-', '−')}%" in titles
    hovered = chart(light_reader, "kingsoft-cloud-revenue", """
        return [...svg.querySelectorAll('#axes_1 g[id^="mark"]')].map(mark => {
            const box = mark.querySelector('path').getBoundingClientRect();
            const under = [1, 2, 3, 4, 5, 6, 7, 8, 9].map(tenth => object.contentDocument
                .elementFromPoint(box.x + box.width / 2, box.y + box.height * tenth / 10).closest('g[id^="mark"]'));
            return [mark.querySelector('title').textContent,
                    under.filter(g => g).map(g => g.querySelector('title') && g.querySelector('title').textContent)];
        });""")
    assert len(hovered) >= 11
    for title, under in hovered:
        assert title in under, f"pointing at the bar {title!r} shows {under}"
        assert all(t == title or "Revenue" not in t for t in under)  # no other bar's value


def luminance(rgb: str) -> float:
    channels = [int(c) / 255 for c in re.findall(r"\d+", rgb)[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    dark, light = sorted((luminance(one), luminance(other)))
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("path", PAGES)
def test_chart_text_has_4_5_to_1_contrast_in_either_scheme(reader, path):
    open_charts(reader, path)
    found = reader.evaluate(f"""() => {SHOWN}.map(object => {{
        let behind = object;  // the charts are transparent: the first background behind them
        while (behind && getComputedStyle(behind).backgroundColor.match(/rgba\\(.*, 0\\)|transparent/)) {{
            behind = behind.parentElement;
        }}
        const fills = [...object.contentDocument.querySelectorAll('text')].map(t => getComputedStyle(t).fill);
        return [object.data, getComputedStyle(behind).backgroundColor, [...new Set(fills)]];
    }})""")
    scheme = reader.evaluate("document.body.getAttribute('data-md-color-scheme')")
    assert found
    for data, background, fills in found:
        assert fills, f"{data} has no text"
        for fill in fills:
            assert contrast(fill, background) >= 4.5, f"{scheme}: {data} text {fill} on {background}"


def test_the_dark_chart_follows_the_readers_toggle(light_reader):
    """Material's toggle, not only the system's scheme: after it, the dark page shows the chart in light ink."""
    open_charts(light_reader, KINGSOFT)
    light_reader.get_by_title("Switch to dark mode").click()
    light_reader.wait_for_function(LOADED)
    shown = light_reader.evaluate(f"{SHOWN}.map(o => o.className)")
    assert shown and set(shown) == {"chart-dark"}
    ink = chart(light_reader, "kingsoft-cloud-revenue", "return getComputedStyle(svg.querySelector('text')).fill;")
    assert contrast(ink, "rgb(30, 33, 41)") >= 4.5


def test_a_definition_change_is_drawn_as_a_break(light_reader):
    """Baidu redefined AI cloud revenue from 2025Q3: a dashed rule before it, labelled above the bars."""
    open_charts(light_reader, BAIDU)
    rule = chart(light_reader, "baidu-ai-cloud-revenue", TICKS + """
        const label = [...svg.querySelectorAll('text')].find(t => t.textContent === 'new definition');
        const dashed = [...svg.querySelectorAll('#axes_1 path')]
            .filter(p => getComputedStyle(p).strokeDasharray !== 'none');
        const x = ticks('axes_1', 'x');
        return [label && label.getBBox().y + label.getBBox().height, dashed.map(p => p.getBBox().x),
                x.find(t => t.text === '2025Q2').x, x.find(t => t.text === '2025Q3').x,
                Math.min(...[...svg.querySelectorAll('#axes_1 g[id^="mark"] path')].map(p => p.getBBox().y))];""")
    label_bottom, rules, before, after, highest_bar = rule
    assert label_bottom is not None and label_bottom <= highest_bar  # above the bars, not across them
    assert len(rules) == 1 and before < rules[0] < after
