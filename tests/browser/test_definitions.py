"""A definition change as a reader meets it: the mark in a company's table, what it says on hover,
and the list on the Data checks page it leads to."""

from __future__ import annotations

from playwright.sync_api import Page


def test_baidus_2025q3_redefinition_is_marked_and_explained(page: Page):
    page.goto("companies/baidu-ai-cloud/")
    page.wait_for_load_state("networkidle")
    # the AI cloud row's mark (AI cloud infrastructure has its own, from Baidu's 2026 framework)
    row = page.locator("article table tr", has=page.locator("a.definition-change")) \
        .filter(has=page.get_by_role("cell", name="Revenue – AI cloud", exact=True))
    assert row.count() == 1
    mark = row.locator("a.definition-change")
    assert mark.count() == 1 and mark.inner_text() == "‖"
    mark.scroll_into_view_if_needed()
    mark.hover()
    page.get_by_role("tooltip").filter(has_text="口径调整").wait_for(state="visible", timeout=5000)
    chart = page.locator("article object.chart-light[data$='baidu-ai-cloud-revenue.svg']")
    assert "a new definition from 2025Q3" in chart.get_attribute("aria-label")
    mark.click()
    page.wait_for_url("**/checks/#definition-changes")
    assert page.locator("#definition-changes").is_visible()
    row = page.locator("table", has=page.get_by_role("columnheader", name="What changed")) \
        .locator("tr", has=page.get_by_role("cell", name="Baidu AI Cloud")).filter(has_text="2025Q3")
    assert row.is_visible() and "口径调整" in row.inner_text()
