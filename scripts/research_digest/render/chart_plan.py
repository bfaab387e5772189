"""Which charts each page shows, built from the model: the data of every chart, not its drawing.

`plan_charts` returns, for every page that has charts, a list of (file name, Chart). The generator
draws them all at once (cached by content, in parallel) and the pages embed them by file name.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from research_digest.charts.spec import Chart, Series
from research_digest.load.units import convert
from research_digest.model.site import SeriesKey, Site
from research_digest.render.paths import company_page, note_page, period_page, segment_page

MARGINS = ("gross-margin", "ebitda-margin", "ebita-margin")
SEGMENT_CHART_UNIT = "CNY mn"  # one unit to compare companies in a segment


@dataclass(frozen=True)
class PlannedChart:
    path: str  # e.g. "charts/companies/kingsoft-cloud-revenue.svg"
    chart: Chart


def plan_charts(site: Site) -> dict[str, list[PlannedChart]]:
    """Page path -> the charts it shows."""
    plan: dict[str, list[PlannedChart]] = defaultdict(list)
    for company in site.by_company:
        charts = company_charts(site, company)
        plan[company_page(company)] = charts
        revenue = [c for c in charts if c.path.endswith("-revenue.svg")]
        for note in site.by_company[company]:
            plan[note_page(note)] = revenue
    for label, period in site.periods.items():
        if period.kind == "Q":
            growth = period_growth_chart(site, label)
            if growth:
                plan[period_page(label)] = [growth]
    for segment in site.by_segment:
        chart = segment_chart(site, segment)
        if chart:
            plan[segment_page(segment)] = [chart]
    return dict(plan)


def quarters(site: Site, keys: list[SeriesKey]) -> tuple[str, ...]:
    """The quarters a chart of these series covers: those stated, and those only implied."""
    labels = {label for key in keys for cells in (site.series[key], site.implied.get(key, {}))
              for label in cells if site.periods[label].kind == "Q"}
    return tuple(site.period_order(labels))


def series(site: Site, label: str, key: SeriesKey, labels: tuple[str, ...], unit: str) -> Series:
    """A chart series: stated values, and implied ones (flagged, so they are drawn hollow) in the gaps."""
    stated, implied = site.series[key], site.implied.get(key, {})
    points = []
    for period in labels:
        if period in stated:
            points.append((site.value(stated[period][0], unit), False))
        elif period in implied:
            points.append((convert(implied[period][0].value, implied[period][0].unit, unit), True))
        else:
            points.append((None, False))
    return Series(label, tuple(v for v, _ in points), tuple(i for _, i in points))


def headline_series(site: Site, company: str, metric: str) -> SeriesKey | None:
    """The series that stands for a company's metric: its total, else its best-covered segment."""
    keys = [k for k in site.company_series(company) if k.metric == metric]
    keys.sort(key=lambda k: (k.segment is not None, k.basis != "reported", -len(site.series[k])))
    return keys[0] if keys else None


def company_charts(site: Site, company: str) -> list[PlannedChart]:
    name = site.registry.companies[company].name_en
    charts = []
    revenue = headline_series(site, company, "revenue")
    labels = quarters(site, [revenue]) if revenue else ()
    if revenue and labels:
        unit = site.units[(company, "revenue")]
        growth = tuple(s[0].figure.yoy.value if s and s[0].figure.yoy else None
                       for s in (site.series[revenue].get(label) for label in labels))
        charts.append(PlannedChart(f"charts/companies/{company}-revenue.svg", Chart(
            "bars_growth", f"{name}: revenue", labels, (series(site, "Revenue", revenue, labels, unit),),
            unit, growth=Series("YoY growth", growth))))
    segments = {k: site.registry.segments[k.segment].label_en for k in site.company_series(company)
                if k.metric == "revenue" and k.segment and k.basis == "reported" and k != revenue}
    labels = quarters(site, list(segments))
    if len(segments) >= 2 and labels:
        unit = site.units[(company, "revenue")]
        parts = tuple(series(site, segment, k, labels, unit) for k, segment in segments.items())
        charts.append(PlannedChart(f"charts/companies/{company}-segments.svg", Chart(
            "stacked_bars" if segments_add_up(site, company, list(segments)) else "lines",
            f"{name}: revenue by segment", labels, parts, unit)))
    margins = [k for k in site.company_series(company) if k.metric in MARGINS and k.segment is None]
    if margins:
        labels = quarters(site, margins)
        if len(labels) >= 2:
            lines = tuple(series(site, site.registry.metrics[k.metric].label_en
                                 + (" (adjusted)" if k.basis == "adjusted" else ""), k, labels, "%") for k in margins)
            charts.append(PlannedChart(f"charts/companies/{company}-margins.svg", Chart(
                "lines", f"{name}: margins", labels, lines, "%")))
    return charts


def segments_add_up(site: Site, company: str, segments: list[SeriesKey]) -> bool:
    """Stack segments only where they partition the total (they never sum to more than it)."""
    total = SeriesKey(company, "revenue", None, "reported")
    if total not in site.series:
        return False
    unit = site.units[(company, "revenue")]
    for label, stated in site.series[total].items():
        parts = [site.value(site.series[k][label][0], unit) for k in segments if label in site.series[k]]
        whole = site.value(stated[0], unit)
        if whole is not None and sum(p or 0 for p in parts) > whole * 1.01:
            return False
    return True


def period_growth_chart(site: Site, label: str) -> PlannedChart | None:
    """Companies compared for one quarter: revenue growth year on year."""
    names, growth = [], []
    for company in site.registry.companies:
        key = headline_series(site, company.id, "revenue")
        stated = site.series[key].get(label) if key else None
        if stated and stated[0].figure.yoy:
            names.append(company.name_en)
            growth.append(stated[0].figure.yoy.value)
    if not names:
        return None
    return PlannedChart(f"charts/periods/{label}-revenue-growth.svg", Chart(
        "hbars", f"{label}: revenue growth year on year", tuple(names), (Series("YoY growth", tuple(growth)),), "%"))


def segment_chart(site: Site, segment: str) -> PlannedChart | None:
    """The segment's revenue by company over time, in one unit."""
    keys = [k for k in site.series if k.segment == segment and k.metric == "revenue" and k.basis == "reported"]
    labels = quarters(site, keys)
    if not keys or not labels:
        return None
    name = site.registry.segments[segment].label_en
    companies = tuple(site.registry.companies[k.company].name_en for k in keys)
    if len(labels) == 1:  # one quarter: compare the companies side by side
        return PlannedChart(f"charts/segments/{segment}-revenue.svg", Chart(
            "hbars", f"{name}: revenue in {labels[0]}", companies,
            (Series("Revenue", tuple(series(site, "", k, labels, SEGMENT_CHART_UNIT).values[0] for k in keys)),),
            SEGMENT_CHART_UNIT))
    lines = tuple(series(site, company, k, labels, SEGMENT_CHART_UNIT) for company, k in zip(companies, keys))
    return PlannedChart(f"charts/segments/{segment}-revenue.svg", Chart(
        "lines", f"{name}: revenue by company", labels, lines, SEGMENT_CHART_UNIT))
