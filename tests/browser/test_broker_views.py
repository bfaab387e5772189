"""A reader follows brokers' views through a built site of FICTIONAL companies and brokers: a company's
estimates beside its actuals and each broker's latest view, the period's actual beside the estimates,
and a broker's own page with its ratings, targets and accuracy; on a wide screen and a phone."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from browser.conftest import HOST, Watch, serve, watch
from conftest import FictionalProject, run_digest
from test_broker_views import SOURCES

BROKEN_IMAGES = "[...document.images].filter(img => !img.complete || img.naturalWidth === 0).map(img => img.src)"
OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"
WIDTHS = [1280, 390]


def review(project: FictionalProject, source: str, period: str, published: str, view: str) -> None:
    project.note(f"acme-cloud/{period}-{source}.md", metrics=view, source=source, kind="earnings-review",
                 period=period, published=published, title=f'"{source} on Acme {period}"')


@pytest.fixture(scope="module")
def site_url(tmp_path_factory) -> Iterator[str]:
    """Acme's 2024Q4 actual (1,200.5 CNY mn, published 2025-03-20), estimated by two brokers before it."""
    project = FictionalProject(tmp_path_factory.mktemp("brokers"))
    project.write("registry/sources.yml", SOURCES)
    project.note()
    review(project, "northwind-securities", "2024Q3", "2024-11-20",
           "rating: {value: 增持, previous: 中性, action: upgraded}\n"
           "target_price: {value: 10.03, currency: HKD, previous: 9.80, action: raised}\n"
           "forecasts:\n  - {metric: revenue, period: 2024Q4, value: 1150.0, unit: CNY mn, previous: 1180.0}\n")
    review(project, "lakeside-capital", "2024Q3", "2024-11-22",
           "rating: {value: Buy, action: initiated}\ntarget_price: {value: 11.2, currency: HKD}\n"
           "forecasts:\n  - {metric: revenue, period: 2024Q4, value: 1.1, unit: CNY bn}\n")
    review(project, "northwind-securities", "2024Q4", "2025-03-24",
           "rating: {value: 增持, previous: 增持, action: maintained}\n"
           "target_price: {value: 10.5, currency: HKD, previous: 10.03, action: raised}\n"
           "forecasts:\n  - {metric: revenue, period: 2025, value: 5400.0, unit: CNY mn}\n")
    built = run_digest(project.root, "build", "--strict")
    assert built.returncode == 0, built.stderr + built.stdout
    server = serve(project.root / "site")
    yield f"http://{HOST}:{server.server_port}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(params=WIDTHS, ids=[f"{width}px" for width in WIDTHS])
def page(request, browser: Browser, site_url: str, seen: Watch) -> Iterator[Page]:
    context = browser.new_context(base_url=site_url, viewport={"width": request.param, "height": 900})
    tab = context.new_page()
    watch(tab, seen)
    yield tab
    context.close()
    assert not seen.problems(), "\n".join(seen.problems())


def open_page(page: Page, path: str) -> None:
    page.goto(path)
    page.wait_for_load_state("networkidle")
    assert page.evaluate(BROKEN_IMAGES) == []
    assert page.evaluate(OVERFLOW) <= 0, "the page is wider than the screen"


def row(page: Page, table_header: str, cell: str):
    table = page.locator("article table", has=page.get_by_role("columnheader", name=table_header, exact=True))
    return table.locator("tr", has=page.get_by_role("cell", name=cell, exact=True))


def test_a_company_shows_each_brokers_latest_view_its_targets_and_estimates_against_the_actual(page: Page):
    open_page(page, "companies/acme-cloud/")
    page.get_by_role("heading", name="Estimates and actuals").scroll_into_view_if_needed()
    northwind = row(page, "Broker", "Northwind Securities")
    assert northwind.locator("td").all_inner_texts()[1:4] == ["Outperform (增持)", "10.5 HKD/share", "2025-03-24"]
    assert row(page, "Broker", "Lakeside Capital").locator("td").nth(1).inner_text() == "Buy"  # its own word
    chart = page.locator("article object.chart-light[data$='acme-cloud-target-prices.svg']")
    chart.scroll_into_view_if_needed()
    assert chart.is_visible() and "Acme Cloud: target prices (HKD/share) by date" in chart.get_attribute("aria-label")
    quarter = row(page, "Beat / miss", "2024Q4").locator("td").all_inner_texts()
    assert quarter[2:] == ["1,200.5 CNY mn", "Northwind Securities 1,150.0\nLakeside Capital 1,100.0",
                           "1,100.0 – 1,150.0", "1,125.0", "+6.7% beat"]
    year = row(page, "Beat / miss", "FY2025").locator("td").all_inner_texts()
    assert year[2:4] == ["not yet reported", "Northwind Securities 5,400.0"]
    row(page, "Beat / miss", "2024Q4").get_by_role("link", name="Lakeside Capital 1,100.0").click()
    page.wait_for_url("**/notes/acme-cloud/2024Q3-lakeside-capital-earnings-review/")
    assert page.get_by_role("heading", name="Broker view").is_visible()
    assert "Rating: Buy, initiated" in page.locator("article").inner_text()


def test_a_period_shows_its_actual_beside_the_estimates_made_before_it(page: Page):
    open_page(page, "periods/2024Q4/")
    cells = row(page, "Beat / miss", "Acme Cloud").locator("td").all_inner_texts()
    assert cells == ["Acme Cloud", "Revenue", "1,200.5 CNY mn",
                     "Northwind Securities 1,150.0\nLakeside Capital 1,100.0", "1,100.0 – 1,150.0", "1,125.0",
                     "+6.7% beat"]


def test_a_broker_shows_its_ratings_and_targets_over_time_and_how_close_it_came(page: Page):
    open_page(page, "sources/northwind-securities/")
    table = page.locator("article table", has=page.get_by_role("columnheader", name="Rating change"))
    assert table.locator("tbody tr").count() == 2  # newest first
    assert table.locator("tbody tr").first.locator("td").all_inner_texts()[1:6] == [
        "2025-03-24", "Outperform (增持)", "maintained", "10.5 HKD/share", "raised from 10.03 HKD/share"]
    table.get_by_role("link", name="2024-11-20").click()  # the earlier note, by its date
    page.wait_for_url("**/notes/acme-cloud/2024Q3-northwind-securities-earnings-review/")
    assert "Target price: 10.03 HKD/share, raised from 9.80 HKD/share" in page.locator("article").inner_text()
    page.go_back()
    assert table.locator("tbody tr").nth(1).locator("td").nth(3).inner_text() == "upgraded from 中性"
    accuracy = page.locator("article p", has_text="Mean absolute error")
    accuracy.scroll_into_view_if_needed()
    assert accuracy.inner_text().startswith("Mean absolute error 4.2% over 1 estimate of total revenue")
    assert row(page, "Error", "2024Q4").locator("td").all_inner_texts()[2:] == ["1,150.0", "1,200.5 CNY mn", "4.2%"]
