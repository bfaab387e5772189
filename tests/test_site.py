"""The built site, opened as HTML: the pages a reader visits and every link between them."""

from __future__ import annotations

import json
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

# Kingsoft Cloud total revenue, CNY mn, as its results releases state it (shared/data/figures.csv, which
# stops at 2025Q3; 2025Q4 from the release of 25 March 2026).
KINGSOFT_REVENUE = {
    "2023Q1": "1,864.4", "2023Q2": "1,835.4", "2023Q3": "1,625.2", "2023Q4": "1,722.5",
    "2024Q1": "1,775.7", "2024Q2": "1,891.8", "2024Q3": "1,885.6", "2024Q4": "2,232.1",
    "2025Q1": "1,970.0", "2025Q2": "2,349.2", "2025Q3": "2,478.0", "2025Q4": "2,761.4",
}


class Page(HTMLParser):
    """Links, images (and charts), element ids and table rows of one built page."""

    def __init__(self, path: Path):
        super().__init__()
        self.links: list[str] = []
        self.images: list[str] = []
        self.ids: set[str] = set()
        self.tables: list[list[list[str]]] = []
        self._cell: list[str] | None = None
        self.text = path.read_text(encoding="utf-8")
        self.feed(self.text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag == "img" and attrs.get("src"):
            self.images.append(attrs["src"])
        if tag == "object" and attrs.get("data"):  # a chart
            self.images.append(attrs["data"])
        if tag == "table":
            self.tables.append([])
        if tag == "tr":
            self.tables[-1].append([])
        if tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)

    def table(self, *header: str) -> list[list[str]]:
        """The first table whose header row starts with these cells."""
        return next(t for t in self.tables if t and t[0][: len(header)] == list(header))

    @staticmethod
    def row(table: list[list[str]], first_cell: str) -> list[str]:
        return next(r for r in table if r and r[0] == first_cell)


def page(site: Path, url: str) -> Page:
    return Page(site / url / "index.html" if not url.endswith(".html") else site / url)


def test_kingsoft_page_shows_revenue_for_every_quarter(built_site):
    figures = page(built_site, "companies/kingsoft-cloud").table("Metric", "Unit")
    header = figures[0]
    revenue = Page.row(figures, "Revenue")
    for quarter, value in KINGSOFT_REVENUE.items():
        assert revenue[header.index(quarter)].split(" [")[0] == value, quarter  # [2]: a second note


def test_kingsoft_page_names_tickers_and_links_notes(built_site):
    company = page(built_site, "companies/kingsoft-cloud")
    assert "3896.HK" in company.text and "KC" in company.text and "金山云" in company.text
    notes = [link for link in company.links if "/notes/kingsoft-cloud/" in link]
    assert len(set(notes)) >= 12  # 11 quarterly releases and the Everbright review


def test_period_page_links_the_everbright_note_and_compares_companies(built_site):
    period = page(built_site, "periods/2024Q4")
    assert any("2024Q4-everbright-securities-earnings-review" in link for link in period.links)
    comparison = period.table("Company", "Revenue (CNY mn)", "YoY")
    compared = [row[0] for row in comparison[1:]]
    for company in ("Kingsoft Cloud", "Alibaba Cloud Intelligence Group", "GDS Holdings"):
        assert company in compared
    assert Page.row(comparison, "Kingsoft Cloud")[1].startswith("2,232")  # in the column's precision


def test_note_page_has_figures_body_and_neighbours(built_site):
    note = page(built_site, "notes/kingsoft-cloud/2024Q4-everbright-securities-earnings-review")
    assert "光大证券研究" in note.text and "付天姿" in note.text
    assert Page.row(note.table("Metric", "Period", "Value", "As written"), "Revenue")[2:4] == \
        ["2,232 CNY mn", "2.232 CNY bn"]
    assert any(link.endswith("companies/kingsoft-cloud/") for link in note.links)
    assert any(link.endswith("periods/2024Q4/") for link in note.links)
    assert any(link.endswith("sources/everbright-securities/") for link in note.links)
    assert "Previous:" in note.text and "Next:" in note.text


def test_segment_and_source_pages_list_their_notes(built_site):
    segment = page(built_site, "segments/public-cloud")
    assert any("/notes/kingsoft-cloud/" in link for link in segment.links)
    source = page(built_site, "sources/everbright-securities")
    assert any("2024Q4-everbright-securities" in link for link in source.links)


class CellLinks(HTMLParser):
    """The rows of a page's first comparison table: each cell's text and its first link."""

    def __init__(self, html: str):
        super().__init__()
        self.rows: list[list[tuple[str, str]]] = []
        self._cell = False
        start = html.index('<div class="rd-compare">')
        self.feed(html[start:html.index("</table>", start)])

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th") and self.rows:
            self.rows[-1].append(("", ""))
            self._cell = True
        elif tag == "a" and self._cell and not self.rows[-1][-1][1]:  # the value's link, not a mark's
            self.rows[-1][-1] = (self.rows[-1][-1][0], dict(attrs)["href"])

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self._cell = False

    def handle_data(self, data):
        if self._cell:
            text, href = self.rows[-1][-1]
            self.rows[-1][-1] = ((text + data).strip(), href)


def test_a_shared_segment_sets_its_companies_side_by_side(built_site):
    """Cloud revenue compares Alibaba's Cloud Intelligence, Baidu's AI Cloud and Kingsoft Cloud's whole revenue,
    newest quarter first, each figure linking to the note that states it."""
    shared = page(built_site, "segments/cloud-revenue")
    assert "Compares:" in shared.text and "its whole revenue" in shared.text
    header, *rows = CellLinks(shared.text).rows
    assert [text for text, _ in header] == ["Quarter", "Kingsoft Cloud", "Alibaba", "Baidu"]
    quarters = [row[0][0] for row in rows]
    assert quarters == sorted(quarters, reverse=True) and quarters[0] == "2026Q1" and len(quarters) >= 11
    by_quarter = {row[0][0]: row for row in rows}
    for quarter, value in KINGSOFT_REVENUE.items():
        assert by_quarter[quarter][1][0].split("[")[0] == value, quarter  # [2]: a second note states it
    alibaba = by_quarter["2024Q4"][2]
    assert alibaba[0] == "31,742"  # written 31.742 CNY bn: whole CNY mn, as its row shows them
    assert alibaba[1].endswith("notes/alibaba-cloud/2024Q4-company-release-results-summary/")
    assert by_quarter["2025Q2"][3][0] == "6,500"  # Baidu's AI Cloud, CNY 6.5 bn
    for row in rows:
        for text, href in row[1:]:
            assert not text or "/notes/" in href, (row[0], text)  # every figure links to its note
    assert charts_on(built_site, "segments/cloud-revenue")


def test_a_segment_one_company_reports_says_so(built_site):
    own = page(built_site, "segments/public-cloud")
    assert re.search(r"Reported by <a [^>]*>Kingsoft Cloud</a> only\.", own.text)
    assert "Compared in:" not in own.text  # Kingsoft's cloud revenue is its total, not its public cloud
    assert "Compared in:" in page(built_site, "segments/ai-cloud").text


def test_home_has_latest_notes_and_a_coverage_grid(built_site):
    home = page(built_site, "index.html")
    grid = home.table("Company")
    assert grid[0][1:] == ["2026", "2025", "2024", "2023"]  # newest year first, up to the latest note
    # each link shows its period ("Q3", "H1") and names the company, period and source for a screen reader
    kingsoft = dict(zip(grid[0], Page.row(grid, "Kingsoft Cloud"), strict=True))
    for quarter in ("Q1", "Q2", "Q3", "Q4"):
        assert f"Kingsoft Cloud 2025{quarter}: Company results release" in kingsoft["2025"]
    assert "Kingsoft Cloud 2024Q4: Everbright Securities" in kingsoft["2024"]  # the second note on 2024Q4
    kingdee = dict(zip(grid[0], Page.row(grid, "Kingdee International Software"), strict=True))
    assert "Kingdee International Software 2025H1: Company results release" in kingdee["2025"]
    assert any(link.endswith("notes/kingdee/2025H1-company-release-results-summary/") for link in home.links)


def test_gds_2025_is_complete_and_its_quarters_add_up_to_the_year(built_site):
    """GDS's fourth-quarter release (17 March 2026) fills 2025Q4 on the home grid and on its page, where
    the four quarters' net revenue adds up to the full-year total the same release states."""
    grid = page(built_site, "index.html").table("Company")
    gds = dict(zip(grid[0], Page.row(grid, "GDS Holdings"), strict=True))
    assert "GDS Holdings 2025Q4: Company results release" in gds["2025"]
    company = page(built_site, "companies/gds")
    figures = company.table("Metric", "Unit")
    header, revenue = figures[0], Page.row(figures, "Revenue")
    assert revenue[header.index("2025Q4")] == "2,921.7" and revenue[header.index("FY2025")] == "11,432.3"
    quarters = sum(float(revenue[header.index(f"2025Q{q}")].replace(",", "")) for q in range(1, 5))
    assert round(quarters, 1) == 11432.3
    assert any(link.endswith("notes/gds/2025Q4-company-release-results-summary/") for link in company.links)


def test_every_link_image_and_anchor_resolves(built_site):
    """Generated pages reach MkDocs as HTML, whose links MkDocs neither rewrites nor validates: each
    link must lead to a built file, and each #anchor to an element of the page it leads to."""
    pages = {html.resolve(): Page(html) for html in built_site.rglob("*.html")}
    broken = []
    for html, parsed in pages.items():
        for target in parsed.links + parsed.images:
            parts = urlsplit(target)
            if parts.scheme or target.startswith("mailto:"):
                continue
            base = built_site if parts.path.startswith("/") else html.parent  # 404.html links from the root
            resolved = (base / unquote(parts.path).lstrip("/")).resolve() if parts.path else html
            if resolved.is_dir():
                resolved = resolved / "index.html"
            if not resolved.exists():
                broken.append(f"{html.relative_to(built_site.resolve())} -> {target}")
            elif parts.fragment and resolved.suffix == ".html" and unquote(parts.fragment) not in pages[resolved].ids:
                broken.append(f"{html.relative_to(built_site.resolve())} -> {target} (no such anchor)")
    assert not broken, "\n".join(broken[:20])


def test_no_request_to_another_host(built_site):
    """Pages may link out (citations), but load nothing (scripts, styles, fonts, images) from elsewhere."""
    loads = re.compile(r'<(?:script|img|link)[^>]+(?:src|href)="(https?:)?//', re.I)
    offenders = [str(p.relative_to(built_site)) for p in built_site.rglob("*.html") if loads.search(p.read_text())]
    assert not offenders, offenders[:5]


@pytest.fixture(scope="module")
def pages_by_name(built_site) -> list[dict]:
    return json.loads((built_site / "search" / "names.json").read_text(encoding="utf-8"))["pages"]


@pytest.mark.parametrize("query, page_url", [
    ("金山云", "companies/kingsoft-cloud/"),
    ("Kingsoft Cloud", "companies/kingsoft-cloud/"),
    ("3896.HK", "companies/kingsoft-cloud/"),
    ("public cloud", "segments/public-cloud/"),
    ("公有云", "segments/public-cloud/"),
])
def test_a_name_leads_to_its_page_and_no_other(pages_by_name, query, page_url):
    """The header search shows the page a whole name names (notes-search.js), whatever its case."""
    named = [page["url"] for page in pages_by_name if query.casefold() in page["names"]]
    assert named == [page_url]


CHART = re.compile(r'<object class="chart-light" data="([^"]*charts/[^"#]+\.svg)(?:#[^"]*)?"[^>]* '
                   r'aria-label="([^"]*)">')


def charts_in(html: str) -> list[tuple[str, str]]:
    """(src, alt) of every chart on a page, as shown in its light scheme (the dark one is the same file)."""
    return [(unescape(src), unescape(alt)) for src, alt in CHART.findall(html)]


def charts_on(built_site: Path, url: str) -> list[tuple[str, str]]:
    """(src, alt) of every chart on a page, each checked to have its data table right after it."""
    html = (built_site / url / "index.html").read_text(encoding="utf-8")
    found = charts_in(html)
    for src, _ in found:
        after = html[html.index(src):]
        if '<figure class="chart"' in after:  # another chart follows
            assert after.index("Data behind the chart") < after.index('<figure class="chart"')
    return found


def test_company_page_shows_its_charts_with_alt_text(built_site):
    charts = charts_on(built_site, "companies/kingsoft-cloud")
    assert len(charts) >= 3
    for src, alt in charts:
        assert (built_site / "companies/kingsoft-cloud" / src).resolve().is_file()
        # the range it covers: periods, or for brokers' target prices the dates they were set
        assert re.search(r"2023Q1–20\d\dQ\d", alt) or re.search(r"by date, \d{4}-\d\d-\d\d–\d{4}-\d\d-\d\d", alt)
    revenue_alt = next(alt for src, alt in charts if src.endswith("kingsoft-cloud-revenue.svg"))
    assert "2023Q1–2025Q4" in revenue_alt and "2,761.4" in revenue_alt
    assert "up" in revenue_alt or "rising" in revenue_alt


def test_period_and_segment_pages_show_charts(built_site):
    assert charts_on(built_site, "periods/2024Q4")
    assert charts_on(built_site, "segments/public-cloud")


def test_note_page_shows_the_company_chart_by_name_and_links_to_its_data(built_site):
    """A note page does not repeat the chart's figures (they change with every other note on the
    company): its alt text names the chart, and a link leads to the data on the company page."""
    url = "notes/kingsoft-cloud/2024Q4-everbright-securities-earnings-review"
    html = (built_site / url / "index.html").read_text(encoding="utf-8")
    charts = charts_in(html)
    assert [(alt, src.rsplit("/", 1)[-1]) for src, alt in charts] == [
        ("Chart: Kingsoft Cloud: revenue (CNY mn), 2024Q4 marked", "kingsoft-cloud-revenue.svg")]
    assert (built_site / url / charts[0][0]).resolve().is_file()
    link = re.search(r'<a href="([^"]+)">Data behind the chart</a>', html)
    assert link and link[1] == "../../../companies/kingsoft-cloud/#charts"
    company = (built_site / "companies/kingsoft-cloud/index.html").read_text(encoding="utf-8")
    charts_section = company[company.index('id="charts"'):]
    assert charts_section.index("kingsoft-cloud-revenue.svg") < charts_section.index("Data behind the chart")
    assert f'data="{charts[0][0]}#p2024Q4"' in html and f'data="{charts[0][0]}#p2024Q4-dark"' in html  # marked


def test_charts_are_svg_with_text_kept_as_text(built_site):
    svg = (built_site / "charts/companies/kingsoft-cloud-revenue.svg").read_text(encoding="utf-8")
    assert "<text" in svg and "2024Q4" in svg
