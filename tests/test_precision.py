"""Figures as written: the decimals a value was written with, a value stated as a bound, and a series
that changes its definition. All on the fictional companies of the `project` fixture."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from html import unescape

import pytest

from conftest import FictionalProject
from research_digest.build.generate import load
from research_digest.build.project import Project
from research_digest.load.periods import parse_period
from research_digest.render.chart_plan import plan_charts
from research_digest.render.paths import company_page
from test_checks import Table, figures, findings, revenue, second_source

BREAK_NOTE = "from 2025Q1 includes the hosting business bought from Globex"


def quarter(project: FictionalProject, label: str, *lines: str) -> None:
    """A note on one quarter, dated three weeks after it ended, as a results note is."""
    published = (parse_period(label).end + dt.timedelta(days=21)).isoformat()
    project.note(name=f"acme-cloud/{label}.md", period=label, title=f'"Acme Cloud {label}"', published=published,
                 metrics=figures(*lines))


# --- precision as written --------------------------------------------------------------------------

def test_a_figure_is_checked_to_the_decimals_it_was_written_with(project):
    """1.410 CNY bn is 1,409.5 to 1,410.5 CNY mn: 1,407.0 disagrees, though it agrees with 1.41."""
    project.note(metrics=figures(revenue("1.410", "CNY bn")))
    second_source(project, figures(revenue("1407.0")))
    (warning,) = findings(project.run("check"))
    assert "expected agreement with notes/acme-cloud/2024Q4-company-release.md:11 (1.410 CNY bn)" in warning
    assert warning.endswith("found 1,407.0 CNY mn")
    project.note(metrics=figures(revenue("1.41", "CNY bn")))
    assert not findings(project.run("check"))


def test_an_implied_value_is_as_precise_as_the_figures_it_comes_from(project):
    """1.410 CNY bn up 10.0% implies 1.2808 to 1.2829 for a year earlier; 1.41 would allow up to 1.2869."""
    project.note(metrics=figures(revenue("1.410", "CNY bn", ", yoy: 10.0")))
    quarter(project, "2023Q4", revenue("1.2835", "CNY bn"))
    (warning,) = findings(project.run("check"))
    assert "metrics[0].yoy: expected a YoY change that agrees with notes/acme-cloud/2023Q4.md:11" in warning
    assert "+10.0%, which implies 1.282 CNY bn for 2023Q4" in warning  # to the decimals of 1.410
    project.note(metrics=figures(revenue("1.41", "CNY bn", ", yoy: 10.0")))
    assert not findings(project.run("check"))


def test_numbers_written_as_text_keep_their_decimals(project):
    project.note(metrics=figures(revenue('"1,410.50"'), '{metric: gross-margin, value: "29.60%", unit: "%", '
                                                          'yoy: "+4.00pp"}'))
    loaded = load(Project(project.root))
    assert not loaded.problems.items
    revenue_figure, margin = loaded.site.notes[0].figures
    assert (revenue_figure.shown_value(), margin.shown_value(), margin.yoy.format()) == ("1,410.50", "29.60",
                                                                                         "+4.00 pp")


# --- bounds ----------------------------------------------------------------------------------------

def test_a_bound_agrees_with_values_inside_it_and_implies_nothing(project):
    project.note(metrics=figures(revenue('">1000"', extra=", yoy: 25.0")))
    second_source(project, figures(revenue("1200.5")))
    quarter(project, "2023Q4", revenue("500.1"))  # what 1000 up 25% would contradict, were it exact
    assert not findings(project.run("check"))
    second_source(project, figures(revenue("900.2")))
    (warning,) = findings(project.run("check"))
    assert "expected agreement with notes/acme-cloud/2024Q4-company-release.md:11 (>1,000 CNY mn)" in warning


def test_a_value_after_less_than_or_about_is_read_as_such(project):
    project.note(metrics=figures(revenue('"<= 1,000"'), '{metric: gross-margin, value: "≈30", unit: "%"}'))
    second_source(project, figures(revenue("1200.5"), '{metric: gross-margin, value: 10.0, unit: "%"}'))
    (warning,) = findings(project.run("check"))  # the bound, not the approximate margin
    assert "metrics[0].value" in warning and "(<=1,000 CNY mn)" in warning


# --- definition changes ----------------------------------------------------------------------------

BEFORE = (("2024Q1", "1.100"), ("2024Q2", "1.150"))


def changing_definition(project: FictionalProject, marked: bool) -> None:
    """Revenue of 1.1 bn in 2024Q1, and 2.000 bn up 30.0% in 2025Q1: a year-ago 1.538 bn, on the new definition."""
    for label, value in BEFORE:
        quarter(project, label, revenue(value, "CNY bn"))
    mark = f', definition: new, definition_note: "{BREAK_NOTE}"' if marked else ""
    quarter(project, "2025Q1", revenue("2.000", "CNY bn", ", yoy: 30.0" + mark))


def test_no_check_compares_across_a_definition_change(project):
    changing_definition(project, marked=False)
    (warning,) = findings(project.run("check"))
    assert "notes/acme-cloud/2025Q1.md:11: warning: metrics[0].yoy" in warning
    changing_definition(project, marked=True)
    assert not findings(project.run("check"))


def test_definition_takes_new_and_its_note_needs_it(project):
    project.note(metrics=figures(revenue("1200.5", extra=", definition: old"),
                                 revenue("1.2", "CNY bn", extra=', definition_note: "restated"')))
    result = project.run("check")
    assert result.returncode == 1
    assert "metrics[0].definition: expected 'new' (the first figure on a new definition), or nothing; found 'old'" \
        in result.stderr
    assert "metrics[1].definition_note: expected a definition note only with 'definition: new'; found 'restated'" \
        in result.stderr


# --- all of it on the built site -------------------------------------------------------------------

@pytest.fixture(scope="module")
def built(tmp_path_factory) -> FictionalProject:
    project = FictionalProject(tmp_path_factory.mktemp("written"))
    changing_definition(project, marked=True)
    quarter(project, "2024Q3", revenue("1.410", "CNY bn"))
    quarter(project, "2024Q4", revenue('">1.5"', "CNY bn"))
    result = project.run("build", "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    return project


def test_the_company_table_shows_values_in_its_unit_as_written_in_the_tooltip_and_the_break(built):
    table = Table(built.root / "site/companies/acme-cloud/index.html")
    assert table.cell_at("Revenue", "Unit")["text"] == "CNY mn"  # the registry's scale for revenue
    written = table.cell_at("Revenue", "2024Q3")
    assert written["text"] == "1,410" and "(as written: 1.410 CNY bn)" in written["links"][0]["title"]
    assert table.cell_at("Revenue", "2024Q4")["text"] == ">1,500"
    cell = table.cell_at("Revenue", "2025Q1")
    assert cell["text"] == "2,000 ‖"
    mark = cell["links"][-1]
    assert "definition-change" in mark["class"].split() and BREAK_NOTE in mark["title"]
    assert mark["href"].endswith("checks/#definition-changes")
    assert "marks the first figure on a new definition" in table.html


def test_the_chart_leaves_a_bound_out_and_marks_the_break(built):
    loaded = load(Project(built.root))
    (chart, *_) = plan_charts(loaded.site)[company_page("acme-cloud")]
    assert chart.chart.categories == ("2024Q1", "2024Q2", "2024Q3", "2024Q4", "2025Q1")
    (bars,) = chart.chart.series
    assert bars.values[3] is None and bars.bounds[3] == ">1,500"
    assert bars.breaks == (4,)
    page = (built.root / "site/companies/acme-cloud/index.html").read_text(encoding="utf-8")
    label = unescape(re.search(r'class="chart-light"[^>]* aria-label="([^"]*)"', page).group(1))
    assert ">1,500 in 2024Q4 (not drawn: a bound); a new definition from 2025Q1" in label  # the alt text
    assert "2025Q1 (new definition)" in page and "&gt;1,500 (a bound, not drawn)" in page  # the data behind it
    svg = (built.root / "site/charts/companies/acme-cloud-revenue.svg").read_text(encoding="utf-8")
    assert "new definition" in svg


def test_the_data_files_keep_what_was_written(built):
    rows = {row["period"]: row for row in csv.DictReader(io.StringIO(
        (built.root / "site/data/acme-cloud.csv").read_text(encoding="utf-8"))) if row["kind"] == "stated"}
    assert (rows["2024Q3"]["value"], rows["2024Q3"]["value_decimals"]) == ("1.41", "3")
    assert (rows["2024Q4"]["value"], rows["2024Q4"]["value_qualifier"]) == ("1.5", ">")
    assert (rows["2025Q1"]["definition"], rows["2025Q1"]["definition_note"]) == ("new", BREAK_NOTE)
    assert rows["2024Q1"]["definition"] == ""


def test_the_data_checks_page_lists_the_break(built):
    table = Table(built.root / "site/checks/index.html")
    row = table.cell_at("Acme Cloud", "What changed")
    assert row["text"] == BREAK_NOTE
    assert table.cell_at("Acme Cloud", "From")["text"] == "2025Q1"
