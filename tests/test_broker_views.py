"""A broker's view in its notes, as an analyst writes it and a reader then meets it: a rating in the
broker's own words placed on the common scale, a target price, forecasts compared with the actuals
reported after them (never flagged as conflicts), and each broker's accuracy. Fictional companies
and brokers only."""

from __future__ import annotations

import csv
import json

import pytest

from research_digest.build.generate import load
from research_digest.build.project import Project
from research_digest.render.broker_views import verdict

# Two FICTIONAL brokers, one writing its ratings in Chinese, one in English.
SOURCES = """\
- id: company-release
  name_en: Company results release
  name_zh: 公司业绩公告
  kind: company
- id: northwind-securities
  name_en: Northwind Securities
  name_zh: 北风证券
  kind: broker
  rating_scale: {买入: buy, 增持: outperform, 中性: hold, 减持: underperform, 卖出: sell}
- id: lakeside-capital
  name_en: Lakeside Capital
  name_zh: 湖畔资本
  kind: broker
  rating_scale: {Buy: buy, Outperform: outperform, Neutral: hold, Underperform: underperform, Sell: sell}
"""

REVIEW = {"source": "northwind-securities", "kind": "earnings-review", "period": "2024Q3",
          "published": "2024-11-20", "title": '"Acme 3Q24: keep 增持"'}


def view(rating: str = "{value: 增持, previous: 中性, action: upgraded}",
         target: str = "{value: 10.03, currency: HKD, previous: 9.80, action: raised}",
         forecasts: str = "  - {metric: revenue, period: 2024Q4, value: 1150.0, unit: CNY mn, previous: 1180.0}\n"
                          "  - {metric: revenue, period: 2025, value: 5200.0, unit: CNY mn}\n") -> str:
    """Front matter lines of a broker's view, after the figures."""
    return f"rating: {rating}\ntarget_price: {target}\nforecasts:\n{forecasts}"


@pytest.fixture
def brokers(project):
    """The fictional project with two brokers; Acme's 2024Q4 actual (1,200.5 CNY mn) published 2025-03-20."""
    project.write("registry/sources.yml", SOURCES)
    project.note()  # the company's release: revenue 1,200.5 CNY mn for 2024Q4
    return project


def broker_note(project, name: str = "acme-cloud/2024Q3-northwind-securities.md", metrics: str = "",
                **fields: str):
    """A broker's review with a view; `metrics` holds the figures, then the view's lines."""
    return project.note(name, metrics=metrics or view(), **{**REVIEW, **fields})


def test_a_rating_word_the_broker_does_not_use_is_an_error_naming_the_words_it_does(brokers):
    broker_note(brokers, metrics=view(rating="{value: Outperform, action: maintained}"))
    result = brokers.run("check")
    assert result.returncode == 1
    line = next(line for line in result.stderr.splitlines() if "rating.value" in line)
    assert line.startswith("notes/acme-cloud/2024Q3-northwind-securities.md:")
    assert "expected one of northwind-securities's rating words (买入, 增持, 中性, 减持, 卖出)" in line
    assert line.endswith("found 'Outperform'")


def test_a_rating_scale_step_off_the_common_scale_is_an_error_in_the_registry(brokers):
    brokers.write("registry/sources.yml", SOURCES.replace("增持: outperform", "增持: overweight"))
    result = brokers.run("check")
    assert result.returncode == 1
    assert "registry/sources.yml:" in result.stderr and "rating_scale" in result.stderr
    assert "buy, outperform, hold, underperform, sell" in result.stderr and "'overweight'" in result.stderr


def test_an_action_that_contradicts_the_values_is_an_error(brokers):
    broker_note(brokers, metrics=view(rating="{value: 增持, previous: 买入, action: upgraded}",
                                      target="{value: 9.00, currency: HKD, previous: 9.80, action: raised}"))
    result = brokers.run("check")
    assert result.returncode == 1
    assert "rating.action: expected 'downgraded' (from 买入 to 增持); found 'upgraded'" in result.stderr
    assert "target_price.action: expected 'cut' (from 9.8 to 9.0); found 'raised'" in result.stderr


def test_a_review_forecasting_its_own_period_is_warned_of_but_a_preview_is_not(brokers):
    late = "  - {metric: revenue, period: 2024Q3, value: 1100.0, unit: CNY mn}\n"
    broker_note(brokers, metrics=view(forecasts=late))
    result = brokers.run("check", "--strict")
    assert result.returncode == 1
    assert "forecasts[0].period: expected a period after 2024Q3, which this note reviews" in result.stderr
    assert "found 2024Q3" in result.stderr
    broker_note(brokers, metrics=view(forecasts=late.replace("2024Q3", "2024Q4")), kind="preview",
                period="2024Q4", published="2025-01-10", name="acme-cloud/2024Q4-northwind-securities.md")
    (brokers.root / "notes/acme-cloud/2024Q3-northwind-securities.md").unlink()
    assert brokers.run("check", "--strict").returncode == 0


def test_estimates_are_compared_with_the_actual_never_flagged_as_conflicts(brokers):
    broker_note(brokers)  # 1,150.0 for 2024Q4, published 2024-11-20
    broker_note(brokers, name="acme-cloud/2024Q3-lakeside-capital.md", source="lakeside-capital",
                published="2024-11-22", metrics=view(rating="{value: Buy}", target="{value: 11.5, currency: HKD}",
                             forecasts="  - {metric: revenue, period: 2024Q4, value: 1.25, unit: CNY bn}\n"))
    # a preview that came out after the results: its estimate of the quarter is too late to compare
    broker_note(brokers, name="acme-cloud/2024Q4-lakeside-capital.md", source="lakeside-capital", period="2024Q4",
                kind="preview", published="2025-03-25",
                metrics=view(rating="{value: Buy}", target="{value: 12.0, currency: HKD}",
                             forecasts="  - {metric: revenue, period: 2024Q4, value: 1300.0, unit: CNY mn}\n"
                                       "  - {metric: revenue, period: 2025Q1, value: 1300.0, unit: CNY mn}\n"))
    result = brokers.run("check", "--strict")  # no conflict, only the estimate made after the actual
    assert result.returncode == 1
    assert result.stderr.count("warning") == 1
    assert ("2024Q4-lakeside-capital.md:13: warning: forecasts[0].period: expected an estimate published "
            "before the actual (notes/acme-cloud/2024Q4-company-release.md, published 2025-03-20 09:00 +0800)"
            in result.stderr)

    site = load(Project(brokers.root)).site
    assert site.checks is not None and not site.checks.conflicts
    assert site.estimates is not None
    [q4, q1, fy] = site.estimates.by_company["acme-cloud"]
    assert (q4.period.label, q4.actual_value, q4.values) == ("2024Q4", 1200.5, (1150.0, 1250.0))
    assert (q4.low, q4.high, q4.median) == (1150.0, 1250.0, 1200.0)
    assert q4.surprise == pytest.approx(0.5 / 1200 * 100)  # a beat of the median by 0.04%
    assert (q1.period.label, q1.actual, q1.values) == ("2025Q1", None, (1300.0,))  # not yet reported
    assert fy.period.label == "FY2025"
    northwind = site.estimates.accuracy["northwind-securities"]
    assert northwind.count == 1 and northwind.mean_error == pytest.approx(50.5 / 1200.5 * 100)
    lakeside = site.estimates.accuracy["lakeside-capital"]
    assert lakeside.count == 1 and lakeside.mean_error == pytest.approx(49.5 / 1200.5 * 100)
    views = site.estimates.views["acme-cloud"]
    assert [note.target_price.value for note in views["lakeside-capital"]] == [11.5, 12.0]


def test_data_files_and_feeds_carry_the_view_marked_as_estimates(brokers):
    broker_note(brokers)
    assert brokers.run("generate").returncode == 0
    generated = brokers.root / "docs" / "generated"
    with (generated / "data" / "acme-cloud.csv").open(encoding="utf-8") as file:
        rows = [row for row in csv.DictReader(file) if row["source"] == "northwind-securities"]
    rating, target, quarter, year = rows
    assert (rating["kind"], rating["rating"], rating["rating_step"], rating["comment"]) == \
        ("rating", "增持", "outperform", "upgraded from 中性")
    assert (target["kind"], target["metric"], target["value"], target["unit"], target["previous"]) == \
        ("estimate", "target-price", "10.03", "HKD/share", "9.8")
    assert (quarter["kind"], quarter["period"], quarter["value"], quarter["previous"]) == \
        ("estimate", "2024Q4", "1150.0", "1180.0")
    assert (year["period"], year["value"]) == ("FY2025", "5200.0")
    figures = json.loads((generated / "data" / "figures.json").read_text(encoding="utf-8"))["figures"]
    assert sum(row["kind"] == "estimate" for row in figures) == 3
    feed = (generated / "feeds" / "acme-cloud.xml").read_text(encoding="utf-8")
    assert "rating 增持 (outperform) · target price 10.03 HKD/share · 2 estimates" in feed


def test_a_margin_is_beaten_or_missed_in_points_not_percent(brokers):
    broker_note(brokers, metrics=view(forecasts='  - {metric: gross-margin, period: 2024Q4, value: 28.5, unit: "%"}\n'))
    site = load(Project(brokers.root)).site
    assert site.estimates is not None
    [margin] = site.estimates.by_company["acme-cloud"]  # the actual: 30.0%
    assert margin.in_points and margin.surprise == pytest.approx(1.5)
    assert verdict(margin) == "+1.5 pp beat"
