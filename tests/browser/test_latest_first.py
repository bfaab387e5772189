"""A reader's first look, on a desktop and on a 390-px phone: a company page opens with its latest
period and its figures table starts with the newest period; the home page says what the site covers
and lists the latest notes; contributor pages sit in one section of the navigation."""

from __future__ import annotations

import re

import pytest
import yaml
from playwright.sync_api import Page

from conftest import REPO
from research_digest.load.periods import parse_period

WIDTHS = {"desktop": 1280, "phone": 390}
COMPANY = "companies/kingsoft-cloud/"
QUARTER = re.compile(r"^\d{4}Q[1-4]$")


@pytest.fixture(params=list(WIDTHS))
def reader(request, page: Page) -> Page:
    """The browser page at desktop or phone width."""
    page.set_viewport_size({"width": WIDTHS[request.param], "height": 844})
    return page


def latest_note_period(company: str) -> str:
    """The period of the company's newest note, read from the shipped notes' file names."""
    labels = [path.name.split("-")[0] for path in (REPO / "notes" / company).glob("*.md")]
    return max(labels, key=lambda label: parse_period(label).sort_key)


def in_view(page: Page, selector: str) -> bool:
    """Whether the element is inside the viewport, with no scrolling sideways (its own or the table's)."""
    return page.locator(selector).first.evaluate(
        """e => { const r = e.getBoundingClientRect();
                  let box = e.closest('.md-typeset__scrollwrap');
                  const clip = box ? box.getBoundingClientRect() : {left: 0, right: innerWidth};
                  return r.width > 0 && r.left >= Math.max(0, clip.left) - 1
                         && r.right <= Math.min(innerWidth, clip.right) + 1; }""")


def test_company_page_opens_with_its_latest_period_before_any_chart(reader):
    reader.goto(COMPANY)
    latest = latest_note_period("kingsoft-cloud")
    heading = reader.locator("article h2").first
    assert heading.inner_text().startswith(f"Latest period: {latest}")
    glance = reader.locator("article h2 + ul").first
    revenue = glance.locator("li").first
    assert revenue.inner_text().startswith("Revenue ")
    assert re.search(r"YoY [+-]\d", revenue.inner_text())
    # The value links to the note that states it, which is about that period.
    revenue.locator("a").first.click()
    assert f"/notes/kingsoft-cloud/{latest}-" in reader.url
    reader.go_back()
    # Before the first chart, and readable without scrolling sideways on a phone.
    assert reader.evaluate("""() => { const list = document.querySelector('article h2 + ul');
        const chart = document.querySelector('article figure.chart');
        return list.compareDocumentPosition(chart) & Node.DOCUMENT_POSITION_FOLLOWING; }""")
    assert in_view(reader, "article h2 + ul li a")
    assert reader.evaluate("document.documentElement.scrollWidth <= innerWidth")


def test_segment_mix_gives_each_segment_its_share_of_revenue(reader):
    reader.goto(COMPANY)
    mix = reader.locator("h3:has-text('Segment mix') + ul li")
    assert mix.count() >= 1
    assert re.search(r"\d+\.\d% of revenue", mix.first.inner_text())


def test_figures_table_starts_with_the_newest_period_in_view(reader):
    reader.goto(COMPANY)
    table = reader.locator("h2:has-text('Figures by period') + div table").first
    headers = table.locator("th").all_inner_texts()
    quarters = [h for h in headers if QUARTER.match(h)]
    keys = [parse_period(q).sort_key for q in quarters]
    assert keys == sorted(keys, reverse=True), headers  # newest first
    assert quarters[0] == latest_note_period("kingsoft-cloud")
    table.scroll_into_view_if_needed()
    # The revenue row's latest value shows without scrolling the table sideways, even on a phone.
    column = headers.index(quarters[0]) + 1
    row = "h2:has-text('Figures by period') + div table tbody tr:first-child"
    assert reader.locator(f"{row} td:nth-child(1)").inner_text().startswith("Revenue")
    assert in_view(reader, f"{row} td:nth-child({column})")


def test_home_says_what_the_site_covers_and_lists_the_latest_notes(reader):
    reader.goto("./")
    head = (REPO / "mkdocs.yml").read_text(encoding="utf-8").split("\ntheme:")[0]
    settings = yaml.safe_load(re.sub(r"^site_url: !ENV .*$", "", head, flags=re.M))  # the address is the workflow's
    assert reader.locator("article h1").inner_text().removesuffix("¶") == settings["site_name"]
    article = reader.locator("article").inner_text()
    assert settings["site_description"] in article
    notes = sorted((REPO / "notes").glob("*/*.md"))
    assert re.search(rf"{len(notes)} notes on \d+ companies \(.*Kingsoft Cloud.*\), from \S+ to \S+, by \d+ sources",
                     article)
    latest = reader.locator("h2:has-text('Latest notes') + ul li")
    assert latest.count() >= 5
    first = latest.first
    assert re.search(r"· Revenue[^·]* [\d,.]+ [A-Z]{3} [mb]n", first.inner_text())  # its headline figure
    first.locator("a").first.click()
    assert "/notes/" in reader.url


def test_coverage_grid_runs_to_the_latest_period_with_halves(reader):
    reader.goto("./")
    grid = reader.locator("h2:has-text('Coverage') ~ div table").first
    years = grid.locator("th").all_inner_texts()[1:]
    assert years == sorted(years, reverse=True)
    kingdee = grid.locator("tr", has=reader.locator("a", has_text="Kingdee"))
    half = kingdee.locator("a", has_text="H1").first
    assert "2025H1" in half.get_attribute("title")
    kingsoft = grid.locator("tr", has=reader.locator("a", has_text="Kingsoft Cloud"))
    latest = latest_note_period("kingsoft-cloud")
    assert kingsoft.locator(f"a[title^='{latest}:']").count() >= 1  # its release, and a broker's preview
    assert in_view(reader, f"h2:has-text('Coverage') ~ div table tbody tr:first-child td a[title^='{latest}:']")


def test_contributor_pages_are_one_section_of_the_navigation(reader):
    reader.goto("./")
    tabs = reader.locator(".md-tabs__item").all_inner_texts()
    if WIDTHS["phone"] == reader.viewport_size["width"]:  # the phone has no tabs: the drawer lists sections
        reader.locator("label.md-header__button[for='__drawer']").click()
        sections = reader.locator(".md-nav--primary > .md-nav__list > .md-nav__item").all_inner_texts()
        assert any(s.strip().startswith("For contributors") for s in sections), sections
    else:
        assert "For contributors" in [t.strip() for t in tabs], tabs
        assert not {"Writing a note", "Guarantees", "Benchmarks"} & {t.strip() for t in tabs}
        reader.get_by_role("link", name="For contributors").first.click()
    reader.goto("writing-a-note/")
    sidebar = reader.locator(".md-nav--primary").first.inner_text()
    assert all(name in sidebar for name in ("Writing a note", "Guarantees", "Benchmarks"))
