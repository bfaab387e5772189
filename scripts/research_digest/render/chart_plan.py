"""Which charts each page shows, built from the model: the data of every chart, not its drawing.

`plan_charts` returns, for every page that has charts, a list of (file name, Chart). The generator
draws them all at once (cached by content, in parallel) and the pages embed them by file name.

A value or change stated as a bound (">20") is left out of the drawing and given as written in the
chart's text: drawn as 20 it would claim a precision the source does not. A series marks where a new
definition starts (an implied value is on the definition of the figure it comes from).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, replace

from research_digest.charts.spec import Chart, Series
from research_digest.load.notes import Change
from research_digest.load.periods import Period
from research_digest.load.units import PER_SHARE, convert
from research_digest.model.site import SeriesKey, Site, Stated
from research_digest.render.paths import company_page, note_page, period_page, segment_page

MARGINS = ("gross-margin", "ebitda-margin", "ebita-margin")
TARGETS_CHART = "-target-prices.svg"  # the end of a company's target price chart's file name
SEGMENT_CHART_UNIT = "CNY mn"  # one unit to compare companies in a segment


@dataclass(frozen=True)
class PlannedChart:
    path: str  # e.g. "charts/companies/kingsoft-cloud-revenue.svg"
    chart: Chart
    marked: str = ""  # the period the page shows marked: a note's own quarter


def plan_charts(site: Site) -> dict[str, list[PlannedChart]]:
    """Page path -> the charts it shows."""
    plan: dict[str, list[PlannedChart]] = defaultdict(list)
    for company in site.by_company:
        charts = company_charts(site, company)
        plan[company_page(company)] = charts
        revenue = [c for c in charts if c.path.endswith("-revenue.svg")]
        for note in site.by_company[company]:
            plan[note_page(note)] = [marking(c, note.period) for c in revenue]
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


def marking(planned: PlannedChart, period: Period) -> PlannedChart:
    """The chart as a note's page shows it: its quarter marked (by the chart's address, so the same
    file serves every page). A half or a year is not marked on an axis of quarters."""
    return replace(planned, marked=period.label) if period.label in planned.chart.categories else planned


def quarters(site: Site, keys: list[SeriesKey]) -> tuple[str, ...]:
    """Every quarter from the first to the last these series cover (stated or implied): a quarter
    with no value stands empty on the axis, so bars keep the spacing of time. Halves and years are
    left out: one axis holds one length of period."""
    covered = [site.periods[label] for key in keys for cells in (site.series[key], site.implied.get(key, {}))
               for label in cells if site.periods[label].kind == "Q"]
    if not covered:
        return ()
    first, period = min(covered), max(covered)
    labels = [period.label]
    while period.end > first.end:
        period = period.previous()
        labels.append(period.label)
    return tuple(reversed(labels))


def series(site: Site, label: str, key: SeriesKey, labels: tuple[str, ...], unit: str) -> Series:
    """A chart series: stated values, and implied ones (flagged, so they are drawn hollow) in the gaps;
    bounds as written, not drawn; the points where a new definition starts."""
    stated, implied = site.series[key], site.implied.get(key, {})
    values: list[float | None] = []
    flags, bounds, breaks = [], [], []
    definition = None  # of the last point with a value
    for index, period in enumerate(labels):
        origin: Stated | None = None
        value, bound = None, ""
        if period in stated:
            origin = stated[period][0]
            if origin.figure.value_qualifier:
                bound, origin = origin.figure.shown_value(unit), None
            else:
                value = site.value(origin, unit)
        elif period in implied:
            origin = implied[period][0].origin
            value = convert(implied[period][0].value, implied[period][0].unit, unit)
        if value is not None and origin is not None:
            now = site.definition(origin)
            if definition is not None and now != definition:
                breaks.append(index)
            definition = now
        values.append(value)
        flags.append(period not in stated and period in implied)
        bounds.append(bound)
    return Series(label, tuple(values), tuple(flags), tuple(bounds) if any(bounds) else (), tuple(breaks))


def growth_series(label: str, changes: list[Change | None]) -> Series:
    """Stated changes as a series; those stated as a bound or approximately (">120") as written, not drawn."""
    return Series(label, tuple(c.value if c and not c.qualifier else None for c in changes),
                  bounds=tuple(c.format() if c and c.qualifier else "" for c in changes)
                  if any(c and c.qualifier for c in changes) else ())


def headline_series(site: Site, company: str, metric: str) -> SeriesKey | None:
    """The series that stands for a company's metric: its total, else its best-covered segment."""
    keys = [k for k in site.company_series(company) if k.metric == metric]
    keys.sort(key=lambda k: (k.segment is not None, k.basis != "reported", -len(site.series[k])))
    return keys[0] if keys else None


def company_charts(site: Site, company: str) -> list[PlannedChart]:
    name = site.registry.companies[company].name_en
    charts = []
    revenue = headline_series(site, company, "revenue")
    if revenue:
        charts += bars_with_growth(site, revenue, f"charts/companies/{company}-revenue.svg", f"{name}: revenue")
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
            lines = tuple(series(site, f"{site.registry.metrics[k.metric].label_en} ({k.basis})", k, labels, "%")
                          for k in margins)
            charts.append(PlannedChart(f"charts/companies/{company}-margins.svg", Chart(
                "lines", f"{name}: margins", labels, lines, "%")))
    for key in site.company_series(company):  # values per share and counts, each in its own unit
        metric = site.registry.metrics[key.metric]
        if metric.kind in ("per_share", "count") and key.segment is None and key.basis == "reported":
            charts += bars_with_growth(site, key, f"charts/companies/{company}-{metric.id}.svg",
                                       f"{name}: {metric.label_en.lower()}")
    targets = target_price_chart(site, company)
    return charts + ([targets] if targets else [])


def target_price_chart(site: Site, company: str) -> PlannedChart | None:
    """Each broker's target price by date, a line per broker, in the currency most targets are in: a
    target in another currency (a US listing's) is in the table of views, never drawn against these."""
    views = site.estimates.views.get(company, {}) if site.estimates else {}
    targets = [note.target_price for notes in views.values() for note in notes if note.target_price]
    if not targets:
        return None
    currency = Counter(target.currency for target in targets).most_common(1)[0][0]
    priced = {source: {note.published.date.isoformat(): note.target_price.value for note in notes
                       if note.target_price and note.target_price.currency == currency}
              for source, notes in views.items()}
    dates = tuple(sorted({date for by_date in priced.values() for date in by_date}))
    lines = tuple(Series(site.registry.sources[source].name_en, tuple(by_date.get(date) for date in dates))
                  for source, by_date in priced.items() if by_date)
    name = site.registry.companies[company].name_en
    return PlannedChart(f"charts/companies/{company}{TARGETS_CHART}", Chart(
        "lines", f"{name}: target prices", dates, lines, currency + PER_SHARE, joined=True))


def bars_with_growth(site: Site, key: SeriesKey, path: str, title: str) -> list[PlannedChart]:
    """A series as bars in its row's unit by quarter, with its stated YoY growth as a line; none
    without a quarter."""
    labels = quarters(site, [key])
    if not labels:
        return []
    unit = site.units[(key.company, key.metric)]
    growth = [s[0].figure.yoy if s else None for s in (site.series[key].get(label) for label in labels)]
    return [PlannedChart(path, Chart("bars_growth", title, labels,
                                     (series(site, site.registry.metrics[key.metric].label_en, key, labels, unit),),
                                     unit, growth=growth_series("YoY growth", growth)))]


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
    names: list[str] = []
    growth: list[Change | None] = []
    for company in site.registry.companies:
        key = headline_series(site, company.id, "revenue")
        stated = site.series[key].get(label) if key else None
        if stated and stated[0].figure.yoy:
            names.append(company.name_en)
            growth.append(stated[0].figure.yoy)
    if not names:
        return None
    return PlannedChart(f"charts/periods/{label}-revenue-growth.svg", Chart(
        "hbars", f"{label}: revenue growth year on year", tuple(names), (growth_series("YoY growth", growth),), "%"))


def segment_chart(site: Site, segment: str) -> PlannedChart | None:
    """The segment's revenue by company over time, in one unit."""
    keys = [k for k in site.segment_keys(segment, "revenue") if k.basis == "reported"]
    labels = quarters(site, keys)
    if not keys or not labels:
        return None
    name = site.registry.segments[segment].label_en
    companies = tuple(site.registry.companies[k.company].name_en for k in keys)
    if len(labels) == 1:  # one quarter: compare the companies side by side
        points = [series(site, "", k, labels, SEGMENT_CHART_UNIT) for k in keys]
        bounds = tuple(p.bound(0) for p in points)
        return PlannedChart(f"charts/segments/{segment}-revenue.svg", Chart(
            "hbars", f"{name}: revenue in {labels[0]}", companies,
            (Series("Revenue", tuple(p.values[0] for p in points), bounds=bounds if any(bounds) else ()),),
            SEGMENT_CHART_UNIT))
    lines = tuple(series(site, company, k, labels, SEGMENT_CHART_UNIT) for company, k in zip(companies, keys))
    return PlannedChart(f"charts/segments/{segment}-revenue.svg", Chart(
        "lines", f"{name}: revenue by company", labels, lines, SEGMENT_CHART_UNIT))
