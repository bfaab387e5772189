"""Brokers' views on pages: a note's rating, target and estimates; a company's estimates against its
actuals and each broker's latest view; a period's actuals beside their estimates; a broker's ratings,
targets and accuracy. Every table and link goes through `markup`."""

from __future__ import annotations

from research_digest.load.notes import Note
from research_digest.load.units import format_value
from research_digest.load.views import Forecast, Rating
from research_digest.model.estimates import Comparison, Estimates
from research_digest.model.site import SeriesKey, Site
from research_digest.render.cells import chart_blocks, metric_label
from research_digest.render.chart_plan import PlannedChart
from research_digest.render.markup import em, link, names, paragraph, strong, table, text
from research_digest.render.paths import company_page, note_page, period_page, source_page

MOVES = ("upgraded", "downgraded", "raised", "cut")  # actions that name what they moved from
ESTIMATE_HEADER = ["Actual", "Estimates", "Range", "Median", "Beat / miss"]


def _estimates(site: Site) -> Estimates:
    return site.estimates or Estimates()


def rating_cell(rating: Rating | None) -> str:
    """The rating on the common scale, bold, then as the broker writes it when that differs:
    **Outperform** (增持), **Buy**."""
    if rating is None:
        return ""
    step = strong(rating.step.capitalize())
    return step if rating.value.casefold() == rating.step.casefold() else f"{step} ({names([rating.value])})"


def _revision(action: str, previous: str) -> str:
    """'raised from 9.80 HKD/share', 'maintained', or '' when the note says nothing of it."""
    return f"{action} from {previous}" if action in MOVES and previous else action


def note_view(site: Site, note: Note, here: str) -> str:
    """A note's rating, target price and estimates, for its page."""
    if not (note.rating or note.target_price or note.forecasts):
        return ""
    facts = []
    if note.rating:
        revision = _revision(note.rating.action, note.rating.previous)
        facts.append(f"{strong('Rating:')} {rating_cell(note.rating)}" + (f", {text(revision)}" if revision else ""))
    if note.target_price:
        target = note.target_price
        revision = _revision(target.action, target.shown(previous=True))
        facts.append(f"{strong('Target price:')} {text(target.shown())}" + (f", {text(revision)}" if revision else ""))
    out = ["## Broker view\n\n", paragraph(*facts, classes="note-facts") if facts else ""]
    if note.forecasts:
        rows = [forecast_row(site, note, forecast, here) for forecast in note.forecasts]
        out += [f"{em('Estimates')}: figures the broker expects, compared with the actuals once reported.\n\n",
                table(["Metric", "Period", "Estimate", "Unit", "Previous estimate", "Citation"], rows,
                      ["left", "left", "right", "left", "right", "left"]), "\n"]
    return "".join(out)


def forecast_row(site: Site, note: Note, forecast: Forecast, here: str) -> list[str]:
    key = SeriesKey(note.company, forecast.metric, forecast.segment, forecast.basis)
    return [metric_label(site, key), link(forecast.period.label, here, period_page(forecast.period.label)),
            forecast.shown(), forecast.unit, forecast.shown(previous=True),
            link("source", here, forecast.citation) if forecast.citation else ""]


def company_estimates(site: Site, company_id: str, here: str, charts: list[PlannedChart]) -> str:
    """The company's brokers: each one's latest view, their target prices over time, and every
    period's estimates against the actual."""
    estimates = _estimates(site)
    views = estimates.views.get(company_id, {})
    comparisons = estimates.by_company.get(company_id, [])
    if not views and not comparisons:
        return ""
    out = ["## Estimates and actuals\n\n"]
    if views:
        rows = []
        for source, notes in views.items():
            latest = notes[-1]
            target = next((n.target_price for n in reversed(notes) if n.target_price), None)
            rows.append([link(text(site.registry.sources[source].name_en), here, source_page(source)),
                         rating_cell(next((n.rating for n in reversed(notes) if n.rating), None)),
                         text(target.shown()) if target else "", dated_link(latest, here)])
        out += ["### Brokers' latest views\n\n",
                table(["Broker", "Rating", "Target price", "Latest note"], rows, ["left", "left", "right", "left"]),
                "\n", chart_blocks(charts, here)]
    if comparisons:
        rows = [[metric_label(site, c.key), link(c.period.label, here, period_page(c.period.label)),
                 *comparison_cells(site, c, here)] for c in comparisons]
        out += ["### Estimates against actuals\n\n", ESTIMATES_LEGEND,
                table(["Metric", "Period", *ESTIMATE_HEADER], rows,
                      ["left", "left", "right", "left", "right", "right", "right"]), "\n"]
    return "".join(out)


def dated_link(note: Note, here: str) -> str:
    """A note by its date, its title on hover: narrow enough for a table on a phone."""
    return link(note.published.date.isoformat(), here, note_page(note), note.title)


ESTIMATES_LEGEND = ("Each actual beside the estimates brokers published before it: their range and median, and "
                    "how far the actual came above (beat) or below (miss) the median, in percent (in points for "
                    "a margin). Values in the unit of the actual; a period not yet reported shows its estimates "
                    "alone.\n\n")


def comparison_cells(site: Site, comparison: Comparison, here: str) -> list[str]:
    """Actual, estimates (each linked to its note), range, median and beat or miss."""
    unit = comparison.unit
    actual = comparison.actual
    actual_cell = (link(text(actual.figure.shown_value(unit)), here, note_page(actual.note), actual.note.title)
                   + f" {text(unit)}") if actual else "not yet reported"
    estimate_links = [link(f"{text(site.registry.sources[e.note.source].name_en)} {format_value(value, unit)}",
                           here, note_page(e.note), f"{e.note.title} ({e.note.published.display})")
                      for e, value in zip(comparison.estimates, comparison.values)]
    spread = (format_value(comparison.low, unit) + " – " + format_value(comparison.high, unit)
              if len(comparison.values) > 1 else "")
    return [actual_cell, "<br>".join(estimate_links), spread, format_value(comparison.median, unit),
            verdict(comparison)]


def verdict(comparison: Comparison) -> str:
    """+1.2% beat, -3.0% miss, +1.0 pp beat (a ratio), or in line when it rounds to nothing."""
    surprise = comparison.surprise
    if surprise is None:
        return ""
    shown = f"{surprise:+.1f}{' pp' if comparison.in_points else '%'}"
    if shown.lstrip("+-").startswith("0.0"):
        return "in line"
    return f"{shown} {'beat' if surprise > 0 else 'miss'}"


def period_estimates(site: Site, label: str, here: str) -> str:
    """Every company's actual for the period beside the estimates made before it."""
    comparisons = _estimates(site).by_period.get(label, [])
    if not comparisons:
        return ""
    rows = [[link(text(site.registry.companies[c.key.company].name_en), here, company_page(c.key.company)),
             metric_label(site, c.key), *comparison_cells(site, c, here)] for c in comparisons]
    return "".join(["## Estimates and actuals\n\n", ESTIMATES_LEGEND,
                    table(["Company", "Metric", *ESTIMATE_HEADER], rows,
                          ["left", "left", "right", "left", "right", "right", "right"]), "\n"])


def source_views(site: Site, source_id: str, here: str) -> str:
    """A broker's ratings and targets by company over time, and how close its revenue estimates came."""
    estimates = _estimates(site)
    views = estimates.views_by_source.get(source_id, {})
    accuracy = estimates.accuracy.get(source_id)
    out = []
    if views:
        rows = []
        for company, notes in views.items():
            name = link(text(site.registry.companies[company].name_en), here, company_page(company))
            for note in reversed(notes):
                target = note.target_price
                rows.append([name, dated_link(note, here), rating_cell(note.rating),
                             text(_revision(note.rating.action, note.rating.previous))
                             if note.rating else "",
                             text(target.shown()) if target else "",
                             text(_revision(target.action, target.shown(previous=True)))
                             if target else ""])
        out += ["## Ratings and target prices\n\n",
                table(["Company", "Note", "Rating", "Rating change", "Target price", "Target change"], rows,
                      ["left", "left", "left", "left", "right", "left"]), "\n"]
    if accuracy:
        rows = []
        for comparison, index in accuracy.scored:
            estimate, unit = comparison.estimates[index], comparison.unit
            rows.append([link(text(site.registry.companies[comparison.key.company].name_en), here,
                              company_page(comparison.key.company)),
                         link(comparison.period.label, here, period_page(comparison.period.label)),
                         link(format_value(comparison.values[index], unit), here, note_page(estimate.note),
                              estimate.note.title),
                         *comparison_cells(site, comparison, here)[:1], f"{comparison.error(index):.1f}%"])
        out += ["## Accuracy of its revenue estimates\n\n",
                f"Mean absolute error {strong(f'{accuracy.mean_error:.1f}%')} over {accuracy.count} "
                f"estimate{'s' if accuracy.count != 1 else ''} of total revenue that an actual has followed "
                "(each as a share of the actual).\n\n",
                table(["Company", "Period", "Estimate", "Actual", "Error"], rows,
                      ["left", "left", "right", "right", "right"]), "\n"]
    return "".join(out)
