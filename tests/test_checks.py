"""Data checks: implied figures, units and the consistency of figures across notes.

The real checks run on the shipped notes (Kingsoft Cloud's figures as its releases state them);
everything made up on purpose uses the fictional companies of the `project` fixture.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import REPO, copy_shipped, run_digest
from research_digest.build.generate import load
from research_digest.build.project import Project
from research_digest.load.units import stated_range
from research_digest.model.derive import derive
from research_digest.model.site import SeriesKey

RELEASE_4Q24 = "notes/kingsoft-cloud/2024Q4-company-release.md"
EVERBRIGHT_4Q24 = "notes/kingsoft-cloud/2024Q4-everbright-securities.md"
REVENUE = SeriesKey("kingsoft-cloud", "revenue", None, "reported")


class Table(HTMLParser):
    """The cells of a built page's tables: text, and each link's href, class and title."""

    def __init__(self, path: Path):
        super().__init__()
        self.rows: list[list[dict]] = []
        self.cell: dict | None = None
        self.html = path.read_text(encoding="utf-8")
        self.feed(self.html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self.cell = {"text": "", "links": [], "em": False, "header": tag == "th"}
        elif self.cell is not None and tag == "a":
            self.cell["links"].append({"href": attrs.get("href", ""), "class": attrs.get("class") or "",
                                       "title": attrs.get("title") or ""})
        elif self.cell is not None and tag == "em":
            self.cell["em"] = True

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.cell["text"] = " ".join(self.cell["text"].split())
            self.rows[-1].append(self.cell)
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell["text"] += data

    def cell_at(self, row: str, column: str) -> dict:
        """The cell in the first table row starting with `row`, under the header `column`."""
        for index, cells in enumerate(self.rows):
            if cells and cells[0]["text"] == row:
                header = next(r for r in reversed(self.rows[:index]) if r and all(c["header"] for c in r))
                return cells[[c["text"] for c in header].index(column)]
        raise AssertionError(f"no row {row!r}")


@pytest.fixture(scope="module")
def shipped():
    return load(Project(REPO))


def findings(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if ": warning: " in line]


# --- the real checks, on the shipped notes ---------------------------------------------------------

def test_shipped_notes_have_no_conflict():
    result = run_digest(REPO, "check", "--strict")
    assert result.returncode == 0, result.stderr
    assert re.search(r"OK: \d+ notes, \d+ figures, \d+ implied, \d+ checks, 0 warning\(s\)", result.stdout)


@pytest.mark.parametrize("year, total", [("FY2023", 7047.5), ("FY2024", 7785.2)])
def test_kingsoft_quarters_add_up_to_the_year(shipped, year, total):
    site = shipped.site
    quarters = [site.periods[year].quarters()[i].label for i in range(4)]
    stated = [site.series[REVENUE][q][0].figure.value for q in quarters]
    assert round(sum(stated), 1) == total
    annual = site.series[REVENUE][year]
    assert all(abs(s.figure.value * (1000 if s.figure.unit == "CNY bn" else 1) - total) < 0.5 for s in annual)
    ran = [r for r in site.checks.results if r.kind == "parts" and r.key == REVENUE and r.period == year]
    assert len(ran) == len(annual) and not any(r.conflict for r in ran)


@pytest.mark.parametrize("change, period, implied, stated", [("qoq", "2024Q3", 1885.2, 1885.6),
                                                             ("yoy", "2023Q4", 1722.3, 1722.5)])
def test_4q24_changes_imply_revenue_agreeing_with_those_quarters(shipped, change, period, implied, stated):
    site = shipped.site
    from_4q24 = [i for i in derive(site) if i.origin.note.path.as_posix() in (RELEASE_4Q24, EVERBRIGHT_4Q24)
                 and i.origin.figure.metric == "revenue" and i.origin.figure.segment is None
                 and i.change == change and i.period.label == period]
    assert len(from_4q24) == 2  # the company's release and Everbright's review both state +18.4% and +29.6%
    release = next(i for i in from_4q24 if i.unit == "CNY mn")
    assert release.value == implied
    assert site.series[REVENUE][period][0].figure.value == stated
    for item in from_4q24:
        mn = stated_range(stated, "CNY mn", item.unit)
        assert item.range.overlaps(mn), (item.range, mn)
    ran = [r for r in site.checks.results if r.kind == "implied" and r.key == REVENUE and r.period == period]
    assert len(ran) >= 2 and not any(r.conflict for r in ran)


def test_without_the_3q24_note_its_revenue_is_implied_on_the_company_page(tmp_path):
    root = copy_shipped(tmp_path)
    (root / "notes/kingsoft-cloud/2024Q3-company-release.md").unlink()
    result = run_digest(root, "build", "--strict")
    assert result.returncode == 0, result.stderr
    company = Table(root / "site/companies/kingsoft-cloud/index.html")
    cell = company.cell_at("Revenue", "2024Q3")
    # the most precise first: 3Q25's 2478.0 (written to a tenth) and +31.4% imply 1,885.8 more narrowly
    # than 4Q24's 2232.1 and +18.4% imply 1,885.2
    assert cell["text"].startswith("1,885.8") and cell["em"]
    first, second = cell["links"][:2]
    assert "implied" in first["class"].split()
    assert first["href"].endswith("notes/kingsoft-cloud/2025Q3-company-release-results-summary/")
    assert "YoY change (+31.4%)" in first["title"]
    assert second["href"].endswith("notes/kingsoft-cloud/2024Q4-company-release-results-summary/")
    assert "QoQ change (+18.4%)" in second["title"]
    assert "are implied" in company.html  # the legend under the table
    checks = Table(root / "site/checks/index.html")
    assert "2024Q3" in checks.cell_at("Kingsoft Cloud", "Only implied")["text"]


def test_every_figure_on_company_and_segment_pages_links_to_a_note(built_site):
    pages = [*built_site.glob("companies/*/index.html"), *built_site.glob("segments/*/index.html")]
    unlinked, checked = [], 0
    for path in pages:
        header: list[str] = []
        for row in Table(path).rows:
            if row and all(cell["header"] for cell in row):
                header = [cell["text"] for cell in row]
                continue
            # the figures table (not a chart's data, nor brokers' estimates, which link to theirs by name)
            for cell in row[2:] if header[:2] == ["Metric", "Unit"] else ():
                checked += bool(cell["text"])
                if cell["text"] and not any("/notes/" in link["href"] for link in cell["links"]):
                    unlinked.append(f"{path.parent.name}: {row[0]['text']}: {cell['text']}")
    assert checked > 200 and not unlinked, unlinked[:10]


def test_the_data_checks_page_lists_the_checks_and_coverage(built_site):
    page = Table(built_site / "checks/index.html")
    assert "None: every figure agrees" in page.html
    assert int(page.cell_at("Implied values against stated ones", "Run")["text"]) > 50
    assert page.cell_at("Quarters against their half or year", "Conflicts")["text"] == "0"
    assert "2024Q1" in page.cell_at("VNET Group", "Only implied")["text"]
    assert page.cell_at("VNET Group", "Missing quarters")["text"] == "2024Q4"
    # Runs of three or more quarters read as first – last, both linked.
    stated = page.cell_at("Kingsoft Cloud", "Periods stated")
    assert "2024Q1 – 2024Q4" in stated["text"] and "2024Q2" not in stated["text"]
    assert [link["href"] for link in stated["links"]][:2] == ["../periods/2023Q1/", "../periods/2023Q4/"]
    assert re.search(r'<a href="checks/"[^>]*>\s*Data checks', (built_site / "index.html").read_text(encoding="utf-8"))


# --- made-up conflicts, on fictional companies -----------------------------------------------------

def figures(*lines: str) -> str:
    return "metrics:\n" + "".join(f"  - {line}\n" for line in lines)


def revenue(value: str, unit: str = "CNY mn", extra: str = "") -> str:
    return f"{{metric: revenue, value: {value}, unit: {unit}{extra}}}"


def second_source(project, metrics: str, name: str = "acme-cloud/2024Q4-everbright.md"):
    return project.note(name=name, source="everbright-securities", kind="earnings-review", metrics=metrics)


def test_amounts_in_other_units_agree_within_the_precision_each_states(project):
    project.note(metrics=figures(revenue("2232.1")))
    second_source(project, figures(revenue("2.232", "CNY bn")))
    assert not findings(project.run("check"))
    second_source(project, figures(revenue("2.24", "CNY bn")))
    assert findings(project.run("check")) == [
        "notes/acme-cloud/2024Q4-everbright.md:11: warning: metrics[0].value: expected agreement with "
        "notes/acme-cloud/2024Q4-company-release.md:11 (2,232.1 CNY mn); found 2.24 CNY bn"]


def test_a_note_stating_another_revenue_conflicts_with_each_earlier_note_and_strict_fails(project):
    project.note(metrics=figures(revenue("2232.1")))
    project.note(name="acme-cloud/2024Q4-financial-press.md", source="financial-press",
                 metrics=figures(revenue("2250.3")))
    project.note(name="acme-cloud/2024Q4-earnings-call.md", source="earnings-call", kind="call-digest",
                 published="2025-03-22", metrics=figures(revenue("2.232", "CNY bn")))
    result = project.run("check")
    assert result.returncode == 0, result.stderr
    warnings = findings(result)
    assert ("notes/acme-cloud/2024Q4-financial-press.md:11: warning: metrics[0].value: expected agreement with "
            "notes/acme-cloud/2024Q4-company-release.md:11 (2,232.1 CNY mn); found 2,250.3 CNY mn") in warnings
    assert any(line.startswith("notes/acme-cloud/2024Q4-earnings-call.md") and "2024Q4-financial-press.md" in line
               for line in warnings)
    strict = project.run("check", "--strict")
    assert strict.returncode == 1 and "2024Q4-financial-press.md" in strict.stderr


def test_two_notes_stating_different_changes_conflict(project):
    project.note(metrics=figures(revenue("2232.1", extra=", yoy: 29.6")))
    second_source(project, figures(revenue("2232.1", extra=", yoy: 26.9")))
    (warning,) = findings(project.run("check"))
    assert "metrics[0].yoy: expected agreement with notes/acme-cloud/2024Q4-company-release.md:11 (+29.6%)" in warning
    assert warning.endswith("found +26.9%")


def test_figures_with_different_qualifiers_or_approximate_changes_are_not_compared(project):
    project.note(metrics=figures(revenue("2232.1", extra=", yoy: 29.6")))
    second_source(project, figures(revenue("2100.4", extra=', yoy: "~20", note: continuing operations')))
    project.note(name="acme-cloud/2025Q4.md", period="2025Q4", published="2026-01-20",
                 metrics=figures(revenue("2700.3", extra=', yoy: ">30"')))
    loaded = load(Project(project.root))
    assert not loaded.problems.items
    assert not [i for i in derive(loaded.site) if i.origin.note.period.label == "2025Q4"]


def test_segments_adding_up_to_more_than_the_total_conflict(project):
    segments = ("{metric: revenue, segment: public-cloud, value: 700.4, unit: CNY mn}",
                "{metric: revenue, segment: industry-cloud, value: 480.6, unit: CNY mn}")
    project.note(metrics=figures(revenue("1200.5"), *segments))
    assert not findings(project.run("check"))  # 19.5 left for revenue outside the segments
    project.note(metrics=figures(revenue("1100.5"), *segments))
    (warning,) = findings(project.run("check"))
    assert ("metrics[0].value: expected at least the sum of its segments, 1,181.0 CNY mn (Public cloud 700.4 CNY mn "
            "in notes/acme-cloud/2024Q4-company-release.md:12; Industry cloud 480.6 CNY mn in "
            "notes/acme-cloud/2024Q4-company-release.md:13); found 1,100.5 CNY mn") in warning


def test_quarters_not_adding_up_to_the_year_conflict(project):
    for quarter, value in (("2024Q1", "1000.1"), ("2024Q2", "1050.2"), ("2024Q3", "1100.3")):
        project.note(name=f"acme-cloud/{quarter}.md", period=quarter, metrics=figures(revenue(value)))
    project.note(metrics=figures(revenue("1200.5"), "{metric: revenue, period: FY2024, value: 4.351, unit: CNY bn}"))
    assert not findings(project.run("check"))
    project.note(metrics=figures(revenue("1200.5"), "{metric: revenue, period: FY2024, value: 4.41, unit: CNY bn}"))
    (warning,) = findings(project.run("check"))
    assert "metrics[1].value: expected the sum of its quarters, 4,351.1 CNY mn (2024Q1 1,000.1 CNY mn in " in warning
    assert warning.endswith("found 4.41 CNY bn")


def test_a_margin_disagreeing_with_profit_over_revenue_conflicts(project):
    base = (revenue("1200.5"), "{metric: gross-profit, value: 360.2, unit: CNY mn}")
    project.note(metrics=figures(*base, '{metric: gross-margin, value: 30.0, unit: "%"}',
                                 '{metric: gross-margin, basis: adjusted, value: 35.1, unit: "%"}'))
    assert not findings(project.run("check"))  # the adjusted margin has no adjusted profit to compare with
    project.note(metrics=figures(*base, '{metric: gross-margin, value: 33.5, unit: "%"}'))
    (warning,) = findings(project.run("check"))
    assert ("metrics[2].value: expected gross profit / revenue = 30.0% (360.2 CNY mn in "
            "notes/acme-cloud/2024Q4-company-release.md:12 / 1,200.5 CNY mn in "
            "notes/acme-cloud/2024Q4-company-release.md:11); found 33.5%") in warning


def test_a_change_stated_in_points_on_an_amount_is_refused(project):
    project.note(metrics=figures(revenue("1200.5", extra=', yoy: "+4.0pp"')))
    result = project.run("check")
    assert result.returncode == 1
    assert "metrics[0].yoy: expected a change in percent: the metric is an amount; found '+4.0pp'" in result.stderr


def test_the_site_shows_one_unit_marks_implied_values_and_flags_conflicts(project):
    project.note(name="acme-cloud/2024Q2.md", period="2024Q2", metrics=figures(revenue("1.0987", "CNY bn")))
    project.note(metrics=figures(revenue("1200.5", extra=", qoq: 5.0")))
    second_source(project, figures(revenue("1250.3")))
    result = project.run("build")
    assert result.returncode == 0, result.stderr
    assert "2024Q4-everbright.md:11: warning: metrics[0].value: expected agreement with" in result.stderr
    site = project.root / "site"
    company = Table(site / "companies/acme-cloud/index.html")
    assert company.cell_at("Revenue", "Unit")["text"] == "CNY mn"
    assert company.cell_at("Revenue", "2024Q2")["text"] == "1,098.7"
    implied = company.cell_at("Revenue", "2024Q3")
    assert implied["text"] == "1,143.3i" and implied["em"] and "implied" in implied["links"][0]["class"]
    conflicted = company.cell_at("Revenue", "2024Q4")
    flag = next(link for link in conflicted["links"] if "conflict" in link["class"].split())
    page, anchor = flag["href"].split("#")
    assert page.endswith("checks/") and anchor.startswith("conflict-")
    period = Table(site / "periods/2024Q2/index.html")
    assert period.cell_at("Acme Cloud", "Revenue (CNY mn)")["text"] == "1,098.7"  # one unit: in the header
    checks = Table(site / "checks/index.html")
    assert f'id="{anchor}"' in checks.html
    linked = re.findall(r'href="([^"]*notes/acme-cloud/[^"]*)"', checks.html.split(f'id="{anchor}"')[1])
    assert {Path(h).name for h in linked} >= {"2024Q4-company-release-results-summary",
                                              "2024Q4-everbright-securities-earnings-review"}


def test_a_change_implying_another_value_than_the_quarter_states_conflicts(project):
    project.note(name="acme-cloud/2024Q3.md", period="2024Q3", metrics=figures(revenue("1143.3")))
    project.note(metrics=figures(revenue("1200.5", extra=", qoq: 5.0")))
    assert not findings(project.run("check"))  # 1,200.5 / 1.05 = 1,143.3
    project.note(metrics=figures(revenue("1200.5", extra=", qoq: 8.0")))
    assert findings(project.run("check")) == [
        "notes/acme-cloud/2024Q4-company-release.md:11: warning: metrics[0].qoq: expected a QoQ change that agrees "
        "with notes/acme-cloud/2024Q3.md:11, which states 1,143.3 CNY mn for 2024Q3; found +8.0%, which implies "
        "1,111.6 CNY mn for 2024Q3"]


def test_two_changes_implying_different_values_for_a_quarter_no_note_states_conflict(project):
    project.note(name="acme-cloud/2024Q2.md", period="2024Q2", metrics=figures(revenue("1000.1")))
    project.note(metrics=figures(revenue("1200.5", extra=", qoq: 5.0")))
    project.note(name="acme-cloud/2025Q3.md", period="2025Q3", published="2025-11-18",
                 metrics=figures(revenue("1500.3", extra=", yoy: 20.0")))
    (warning,) = findings(project.run("check"))
    for stated in ("notes/acme-cloud/2025Q3.md:11", "notes/acme-cloud/2024Q4-company-release.md:11",
                   "+20.0%, which implies 1,250.2 CNY mn for 2024Q3", "+5.0%, which implies 1,143.3 CNY mn for 2024Q3"):
        assert stated in warning
