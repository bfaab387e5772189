"""Units for any research domain: a team covering an EV maker and a data-centre operator (both
fictional) tags deliveries in vehicles, capacity in MW and EPS per share, and reads them back in
tables and charts at one unit and one precision per row; no check compares across currencies or nouns.
"""

from __future__ import annotations

import csv
import io
import re

import pytest

from conftest import REPO
from research_digest.load.units import UnitError, convert, read_unit
from test_checks import Table
from test_remark import diagnostics, run_remark
from test_site import Page, page

COMPANIES = """\
- id: voltara
  name_en: Voltara Motors
  name_zh: 伏塔汽车
  tickers: {HKEX: 9998.HK}
  fiscal_year_end: 12
  segments: []
- id: rackfield
  name_en: Rackfield Data Centres
  name_zh: 架田数据
  tickers: {NASDAQ: RKFD}
  fiscal_year_end: 12
  segments: []
"""

METRICS = """\
- id: deliveries
  label_en: Vehicles delivered
  label_zh: 交付量
  kind: count
  unit: vehicles
  scale: thousand
- id: capacity-in-service
  label_en: Capacity in service
  label_zh: 在运营容量
  kind: count
  unit: MW
  balance: true
- id: eps
  signed: true
  label_en: Earnings per share
  label_zh: 每股收益
  kind: per_share
"""


PUBLISHED = {"2024Q4": "2025-03-20", "2025Q1": "2025-05-20"}  # each after its quarter ended


def note(project, name: str, period: str, metrics: str, company: str = "voltara", **fields) -> None:
    project.note(name=name, company=company, period=period, segments="[]", metrics="metrics:\n" + metrics,
                 published=PUBLISHED[period], **fields)


@pytest.fixture
def domain(project):
    """The fictional project with the two companies and the new metrics added to its registries."""
    registry = project.root / "registry"
    (registry / "companies.yml").write_text((registry / "companies.yml").read_text() + COMPANIES, encoding="utf-8")
    (registry / "metrics.yml").write_text((registry / "metrics.yml").read_text() + METRICS, encoding="utf-8")
    return project


def problems(project) -> tuple[int, str]:
    result = project.run("check")
    return result.returncode, result.stderr + result.stdout


# --- reading units ---------------------------------------------------------------------------------

def test_units_as_sources_write_them_read_in_one_form():
    assert read_unit("HK$", "per_share").text == "HKD/share"
    assert read_unit("元/股", "per_share").text == "CNY/share"
    assert read_unit("US$ per share", "per_share").text == "USD/share"
    assert read_unit("RMB million", "amount").text == "CNY mn"
    assert read_unit("million vehicles", "count", "vehicles").text == "mn vehicles"
    assert read_unit("Thousand Vehicles", "count", "vehicles").text == "thousand vehicles"
    assert read_unit("GW", "count", "MW").text == "GW"
    with pytest.raises(UnitError, match="this metric counts vehicles: one of vehicles, thousand vehicles"):
        read_unit("users", "count", "vehicles")


def test_conversions_stay_within_one_currency_and_one_noun():
    assert convert(1.5, "GW", "MW") == 1500.0
    assert convert(2.232, "CNY bn", "CNY mn") == pytest.approx(2232.0)
    assert convert(250, "thousand vehicles", "vehicles") == 250000.0
    assert convert(1.0, "CNY mn", "USD mn") is None  # no exchange rate is ever assumed
    assert convert(1.0, "HKD/share", "USD/share") is None
    assert convert(1.0, "thousand vehicles", "thousand customers") is None


# --- digest check ----------------------------------------------------------------------------------

def test_counts_and_per_share_values_in_their_units_pass(domain):
    note(domain, "voltara/2025Q1.md", "2025Q1", """\
  - metric: deliveries
    value: 61.2
    unit: thousand vehicles
    yoy: 35.0
  - metric: eps
    value: 0.42
    unit: HK$
""")
    note(domain, "rackfield/2025Q1.md", "2025Q1", """\
  - metric: capacity-in-service
    value: 1.2
    unit: GW
    qoq: 4.1
""", company="rackfield")
    code, out = problems(domain)
    assert code == 0, out


def test_a_wrong_unit_says_file_line_field_and_what_the_metric_takes(domain):
    note(domain, "voltara/2025Q1.md", "2025Q1", """\
  - metric: deliveries
    value: 61.2
    unit: CNY mn
  - metric: eps
    value: 0.42
    unit: HKD mn
  - metric: revenue
    value: 5.1
    unit: vehicles
""")
    note(domain, "rackfield/2025Q1.md", "2025Q1", """\
  - metric: capacity-in-service
    value: 1.2
    unit: GWh
""", company="rackfield")
    code, out = problems(domain)
    assert code == 1
    assert ("notes/voltara/2025Q1.md:13: metrics[0].unit: expected this metric counts vehicles: one of vehicles, "
            "thousand vehicles, mn vehicles, bn vehicles (deliveries); found 'CNY mn'") in out
    assert ("notes/voltara/2025Q1.md:16: metrics[1].unit: expected this metric is a value per share: one of "
            "CNY/share, USD/share, HKD/share (HK$, US$, RMB, 港元, 美元, 元 are read too) (eps); found 'HKD mn'") in out
    assert "notes/voltara/2025Q1.md:19: metrics[2].unit: expected this metric is an amount: one of CNY mn" in out
    assert ("notes/rackfield/2025Q1.md:13: metrics[0].unit: expected this metric counts power in W: one of W, kW, "
            "MW, GW, TW (capacity-in-service); found 'GWh'") in out


def test_a_count_without_its_noun_is_a_registry_error(domain):
    metrics = domain.root / "registry" / "metrics.yml"
    lines = metrics.read_text().splitlines()
    metrics.write_text("\n".join(line for line in lines if line != "  unit: vehicles") + "\n  scale: dozen\n",
                       encoding="utf-8")
    code, out = problems(domain)
    assert code == 1
    assert "registry/metrics.yml:108: [16].unit: expected on a count, what it counts: a plural noun (vehicles, " \
           "customers) or MW, GWh; found nothing" in out
    assert "[18].scale: expected no scale: a per_share metric is shown as written; found 'dozen'" in out


def test_counts_are_checked_across_scales_but_never_across_currencies(domain):
    note(domain, "rackfield/2025Q1-release.md", "2025Q1", """\
  - metric: capacity-in-service
    value: 1.2
    unit: GW
  - metric: revenue
    value: 100.0
    unit: USD mn
""", company="rackfield")
    note(domain, "rackfield/2025Q1-press.md", "2025Q1", """\
  - metric: capacity-in-service
    value: 1500
    unit: MW
  - metric: revenue
    value: 725.0
    unit: CNY mn
""", company="rackfield", source="financial-press", kind="earnings-review")
    result = domain.run("check")
    warnings = [line for line in result.stderr.splitlines() if ": warning: " in line]
    assert len(warnings) == 1, result.stderr
    assert "metrics[0].value: expected agreement with notes/rackfield/2025Q1-release.md:11 (1.2 GW); " \
           "found 1,500.0 MW" in warnings[0]


# --- the built site --------------------------------------------------------------------------------

def test_tables_and_charts_show_each_row_in_one_unit_and_precision(domain):
    for quarter, delivered, eps in (("2024Q4", "58,400", "0.35"), ("2025Q1", "61.2", "0.42")):
        unit = "vehicles" if "," in delivered else "thousand vehicles"
        note(domain, f"voltara/{quarter}.md", quarter, f"""\
  - metric: deliveries
    value: "{delivered}"
    unit: {unit}
    yoy: 35.0
  - metric: eps
    value: {eps}
    unit: HK$
""")
    result = domain.run("build", "--strict")
    assert result.returncode == 0, result.stderr + result.stdout
    site = domain.root / "site"
    company = Table(site / "companies/voltara/index.html")
    assert company.cell_at("Vehicles delivered", "Unit")["text"] == "thousand vehicles"
    assert company.cell_at("Vehicles delivered", "2024Q4")["text"] == "58.4"
    assert company.cell_at("Vehicles delivered", "2025Q1")["text"] == "61.2"
    assert "as written: 58,400 vehicles" in company.cell_at("Vehicles delivered", "2024Q4")["links"][0]["title"]
    assert company.cell_at("Earnings per share", "Unit")["text"] == "HKD/share"
    assert company.cell_at("Earnings per share", "2025Q1")["text"] == "0.42"
    svg = (site / "charts/companies/voltara-deliveries.svg").read_text(encoding="utf-8")
    assert "thousand vehicles" in svg
    rows = list(csv.DictReader(io.StringIO((site / "data/voltara.csv").read_text(encoding="utf-8"))))
    assert {(row["metric"], row["period"], row["value"], row["unit"]) for row in rows} >= {
        ("deliveries", "2024Q4", "58400.0", "vehicles"), ("eps", "2025Q1", "0.42", "HKD/share")}  # as written
    note_page = Page(next((site / "notes/voltara").glob("2024Q4-*/index.html")))
    row = Page.row(note_page.table("Metric", "Period", "Value", "As written"), "Vehicles delivered")
    assert row[2:4] == ["58.4 thousand vehicles", "58,400 vehicles"]


# --- the shipped site ------------------------------------------------------------------------------

def test_period_page_revenue_column_holds_one_unit_and_one_precision(built_site):
    comparison = page(built_site, "periods/2024Q4").table("Company", "Revenue (CNY mn)")
    header = comparison[0]
    assert header[4] == "Gross margin (%)"
    assert "Margins are as reported (under the company's accounting standard) unless marked (adjusted)." in \
        page(built_site, "periods/2024Q4").text
    revenues = [row[1] for row in comparison[1:] if row[1]]
    assert revenues and all("CNY" not in cell and "bn" not in cell for cell in revenues)
    decimals = {len(cell.split(" ")[0].partition(".")[2]) for cell in revenues}
    assert len(decimals) == 1, revenues


def test_everbright_note_shows_figures_normalised_beside_as_written(built_site):
    figures = page(built_site, "notes/kingsoft-cloud/2024Q4-everbright-securities-earnings-review").table(
        "Metric", "Period", "Value", "As written", "YoY")
    revenue = Page.row(figures, "Revenue")
    assert revenue[2:4] == ["2,232 CNY mn", "2.232 CNY bn"]
    ecosystem = Page.row(figures, "Ecosystem revenue")
    assert ecosystem[2] == "–" and ecosystem[4] == "+76.0%"  # a change alone: in the change cell
    assert Page.row(figures, "Gross margin (adjusted)")[2] == "19.2%"


def test_company_table_keeps_changes_out_of_value_cells_and_labels_margin_bases(built_site):
    company = page(built_site, "companies/kingsoft-cloud")
    figures = company.table("Metric", "Unit")
    assert all("YoY" not in cell for row in figures[1:] for cell in row[2:])
    changes = Page.row(figures, "Ecosystem revenue: YoY")
    assert changes[1] == "%" and "+76.0%" in changes
    assert any(row[0] == "Gross margin (reported)" for row in figures)
    assert any(row[0] == "Gross margin (adjusted)" for row in figures)
    for row in figures[1:]:
        if row[1] == "CNY mn":
            decimals = {len(m[1] or "") for cell in row[2:] if (m := re.match(r"-?[\d,]+(?:\.(\d+))?", cell))}
            assert len(decimals) <= 1, row


def test_registry_gives_every_amount_a_display_scale():
    text = (REPO / "registry" / "metrics.yml").read_text(encoding="utf-8")
    assert text.count("kind: amount") == text.count("scale: mn")


# --- the editor ------------------------------------------------------------------------------------

def test_the_editor_takes_a_counts_noun_and_an_eps_alias_and_underlines_a_currency_on_a_count(domain, checked_project,
                                                                                              remark):
    assert domain.run("schema").returncode == 0  # with the new metrics
    note(domain, "voltara/2025Q1.md", "2025Q1", """\
  - metric: deliveries
    value: 61.2
    unit: thousand vehicles
  - metric: eps
    value: 0.42
    unit: HK$
""")
    assert run_remark(remark, domain.root, "notes").stderr.strip() == ""
    note(domain, "voltara/2025Q1.md", "2025Q1", """\
  - metric: deliveries
    value: 61.2
    unit: CNY mn
""")
    result = run_remark(remark, domain.root, "notes")
    found = diagnostics(result.stderr, "notes/voltara/2025Q1.md")
    assert any(line.startswith("13:11-13:17 warning") and "`thousand vehicles`" in line for line in found), found
