"""Pages a reader opens, in a real browser: images that load, dark mode, and no error on the way."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

# Charts are SVG documents in <object>s, one shown per colour scheme: every shown one has its SVG.
CHARTS_LOADED = ("[...document.querySelectorAll('figure.chart object')].filter(o => o.offsetParent)"
                 ".every(o => o.contentDocument && o.contentDocument.querySelector('svg'))")
BROKEN_IMAGES = "[...document.images].filter(img => !img.complete || img.naturalWidth === 0).map(img => img.src)"
PAGES = ["./", "browse/", "companies/", "companies/kingsoft-cloud/", "segments/public-cloud/", "periods/2024Q4/",
         "sources/company-release/", "notes/kingsoft-cloud/2024Q4-everbright-securities-earnings-review/",
         "writing-a-note/"]


def open_page(page: Page, path: str) -> None:
    page.goto(path)
    page.wait_for_load_state("networkidle")  # every image and script has arrived (or failed)


@pytest.mark.parametrize("path", PAGES)
def test_page_opens_with_every_image_loaded(page, path):
    open_page(page, path)
    assert page.evaluate(BROKEN_IMAGES) == []
    page.wait_for_function(CHARTS_LOADED)
    assert page.locator("h1").first.is_visible()


def test_kingsoft_page_shows_its_figures_and_charts(page):
    open_page(page, "companies/kingsoft-cloud/")
    page.wait_for_function(CHARTS_LOADED)
    charts = page.evaluate("[...document.querySelectorAll('article figure.chart object')].filter(o => o.offsetParent)"
                           ".map(o => [o.data, o.contentDocument.documentElement.getBoundingClientRect().width])")
    assert len(charts) >= 3 and all(width > 0 for _, width in charts), charts
    assert page.locator("article table:visible").first.is_visible()  # the figures, below the charts
    assert "3896.HK" in page.locator("article").inner_text()


def test_dark_mode_toggles_and_stays(page):
    open_page(page, "./")
    scheme = "document.body.getAttribute('data-md-color-scheme')"
    assert page.evaluate(scheme) == "default"
    page.get_by_title("Switch to dark mode").click()
    assert page.evaluate(scheme) == "slate"
    open_page(page, "companies/kingsoft-cloud/")  # the choice follows the reader to the next page
    assert page.evaluate(scheme) == "slate"
    page.get_by_title("Switch to light mode").click()
    assert page.evaluate(scheme) == "default"


def test_an_implied_value_reads_as_implied(page):
    """Alibaba's 2023Q2 revenue is implied by its June 2024 quarter's YoY change: italic, marked, explained."""
    page.goto("companies/alibaba-cloud/")
    table = page.locator(".periods-table table")
    column = table.locator("th").all_inner_texts().index("2023Q2") + 1
    revenue = table.locator("tbody tr", has=page.locator("td:first-child", has_text="Revenue")).first
    implied = revenue.locator(f"td:nth-child({column}) a.implied")
    assert implied.inner_text() == "25,000i"  # 25.0 CNY bn, in the row's CNY mn
    assert implied.locator("em").evaluate("e => getComputedStyle(e).fontStyle") == "italic"
    implied.hover()
    tooltip = page.get_by_role("tooltip").filter(has_text="Implied from the 2024Q2 value and its YoY change")
    tooltip.wait_for(state="visible", timeout=5000)
    implied.click()
    assert page.url.endswith("notes/alibaba-cloud/2024Q2-company-release-results-summary/")


def test_a_citation_marker_leads_to_what_it_cites(page):
    """The Everbright note's [3] goes to the third entry of its sources list, which names what [3] cites;
    the digest gives no address for its source, so the note has no "Original" link either."""
    open_page(page, "notes/kingsoft-cloud/2024Q4-everbright-securities-earnings-review/")
    assert "Original" not in page.locator(".note-facts").inner_text()
    markers = page.locator("article a", has_text="[3]")
    assert markers.count() >= 3  # the core viewpoint and two facts cite it
    markers.first.click()
    assert page.url.endswith("#source-3")
    entry = page.locator("li:target")
    assert entry.inner_text().startswith("[3]") and "AI与公有云" in entry.inner_text()
    # the list under its heading (in a Chinese note, inside the block that says the list is Chinese)
    heading = entry.evaluate("""e => { let n = e.closest('ol');
        while (n && !n.previousElementSibling) n = n.parentElement;
        return n.previousElementSibling.textContent; }""")
    assert heading.startswith("Sources")
    assert entry.evaluate("e => e.closest('[lang]').lang") == "zh"
    assert page.locator("ol.note-sources > li").count() == 4
