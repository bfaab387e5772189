"""The notes browser: narrowing the list of notes, as a reader does, against the notes themselves."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page

from conftest import FictionalProject
from research_digest.bench.synthetic import QUARTERS, write_corpus

SETTLED = "document.querySelector('.rd-browse__status').dataset.rdState === 'done'"


def shown(page: Page) -> list[str]:
    page.wait_for_function(SETTLED)
    return page.eval_on_selector_all(".rd-browse__results li", "items => items.map(li => li.dataset.url)")


def shown_all(page: Page) -> list[str]:
    """Every note the current view holds, asking for more while the browser offers them."""
    urls = shown(page)
    while page.locator(".rd-browse__more").is_visible():
        page.evaluate("document.querySelector('.rd-browse__status').dataset.rdState = 'more'")
        page.click(".rd-browse__more")
        urls = shown(page)
    return urls


def choose(page: Page, field: str, value: str) -> list[str]:
    """Pick a value in one of the browser's lists; the notes shown afterwards."""
    page.evaluate("document.querySelector('.rd-browse__status').dataset.rdState = 'changing'")
    page.select_option(f'.rd-browse select[name="{field}"]', value)
    return shown(page)


def pages(notes) -> set[str]:
    return {f"/notes/{note.slug}/" for note in notes}


def test_every_note_is_listed_newest_first(page, shipped):
    page.goto("browse/")
    urls = shown_all(page)  # the shipped notes outgrew one page of the list
    assert set(urls) == pages(shipped.notes) and len(urls) == len(shipped.notes)
    newest = max(shipped.notes, key=lambda note: note.published)
    assert urls[0] == f"/notes/{newest.slug}/"


def test_filter_by_company_shows_exactly_its_notes(page, shipped):
    page.goto("browse/")
    shown(page)
    for company in ("kingsoft-cloud", "gds", "kingdee"):
        urls = choose(page, "company", company)
        assert set(urls) == pages(n for n in shipped.notes if n.company == company), company
        assert len(urls) == len(set(urls))
        assert parse_qs(urlsplit(page.url).query) == {"company": [company]}  # the view is in the URL


def test_filter_by_segment_shows_exactly_the_notes_about_it(page, shipped):
    page.goto("browse/")
    shown(page)
    for segment in ("public-cloud", "ai-cloud", "wholesale-idc"):
        expected = pages(n for n in shipped.notes
                         if segment in n.segments or any(f.segment == segment for f in n.figures))
        assert set(choose(page, "segment", segment)) == expected, segment


def test_a_shared_address_opens_the_same_view(page, shipped):
    """Company, period range and source from the URL: what a colleague's link shows."""
    order = shipped.period_order(shipped.by_period)
    in_range = set(order[order.index("2024Q3"): order.index("2025Q1") + 1])
    page.goto("browse/?company=kingsoft-cloud&from=2024Q3&to=2025Q1&source=company-release")
    expected = pages(n for n in shipped.notes if n.company == "kingsoft-cloud" and n.period.label in in_range
                     and n.source == "company-release")
    assert set(shown(page)) == expected and len(expected) == 3
    assert page.locator('.rd-browse select[name="from"]').input_value() == "2024Q3"


def test_words_narrow_the_list_in_chinese_and_english(page, shipped):
    everbright = next(n for n in shipped.notes if n.source == "everbright-securities")
    page.goto("browse/?q=生态伙伴收入")
    assert shown(page)[0] == f"/notes/{everbright.slug}/"
    page.goto("browse/?q=adjusted+EBITDA&company=gds")
    urls = shown(page)
    assert urls and set(urls) <= pages(n for n in shipped.notes if n.company == "gds")
    assert all("EBITDA" in page.locator(f'li[data-url="{url}"]').inner_text() for url in urls)


def type_words(page: Page, words: str) -> list[str]:
    """Type into the browser's words box as a reader does; the notes shown afterwards."""
    page.evaluate("document.querySelector('.rd-browse__status').dataset.rdState = 'typing'")
    box = page.locator('.rd-browse input[name="words"]')
    box.fill(words)
    box.press("End")
    return shown(page)


@pytest.mark.parametrize("field, value, names", [
    ("segment", "public-cloud", ["公有云", "public cloud", "Public Cloud", "公有云服务"]),
    ("company", "kingsoft-cloud", ["金山云", "Kingsoft Cloud", "3896.HK", "KC"]),
    ("segment", "cloud-revenue", ["云业务", "Cloud revenue"]),
])
def test_a_name_in_either_language_finds_every_note_about_it(page, shipped, field, value, names):
    """公有云 and "public cloud" list the same notes, and as many as the segment filter: every note about
    public cloud, whether its text says 公有云 or public cloud (or neither)."""
    page.goto("browse/")
    by_filter = choose(page, field, value)
    page.select_option(f'.rd-browse select[name="{field}"]', "")
    about = shipped.by_segment[value] if field == "segment" else shipped.by_company[value]
    assert set(by_filter) == pages(about)
    for name in names:
        assert sorted(type_words(page, name)) == sorted(by_filter), name
        assert page.inner_text(".rd-browse__status").startswith(f"{len(by_filter)} notes about ")


def test_names_and_words_together_agree_across_languages(page):
    page.goto("browse/")
    shown(page)
    for names in (("公有云 AI", "public cloud AI"), ("金山云 AI", "Kingsoft Cloud AI")):  # a segment, a company
        found = {words: set(type_words(page, words)) for words in names}
        assert len(set(map(frozenset, found.values()))) == 1, found
        assert next(iter(found.values()))


def test_a_shared_address_with_words_opens_its_results_without_the_search_overlay(page):
    page.goto("browse/?q=EBITDA")
    urls = shown(page)
    assert urls and page.inner_text(".rd-browse__status").endswith("best match first.")
    assert page.locator('.rd-browse input[name="words"]').input_value() == "EBITDA"
    assert not page.evaluate("document.querySelector('[data-md-toggle=\"search\"]').checked")
    assert page.locator(".md-search__output").is_hidden()
    page.locator(".rd-browse__results a").first.click()  # nothing lies over the results
    page.wait_for_url("**/notes/**")


def test_unknown_values_in_the_address_are_ignored(page, shipped):
    page.goto("browse/?company=no-such-company&kind=<script>")
    assert set(shown_all(page)) == pages(shipped.notes)


def test_the_browser_downloads_little(page, seen):
    page.goto("browse/")
    shown(page)
    pagefind = sum(size for url, size in seen.downloaded.items() if "/pagefind/" in url)
    assert pagefind < 500_000, seen.downloaded


@pytest.mark.slow  # builds and serves a second site of sixty notes
def test_a_long_list_comes_in_pages(page, served, tmp_path):
    """Sixty notes on one company: the first fifty at once (each costs a download), the rest on request."""
    project = FictionalProject(tmp_path)
    (note, *_) = write_corpus(tmp_path, 3 * len(QUARTERS), companies=1)
    build = project.run("build")
    assert build.returncode == 0, build.stderr
    page.goto(served(tmp_path / "site") + "browse/")
    assert len(shown(page)) == 50
    assert page.inner_text(".rd-browse__status").startswith("60 notes")
    page.evaluate("document.querySelector('.rd-browse__status').dataset.rdState = 'more'")
    page.click(".rd-browse__more")
    urls = shown(page)
    assert len(set(urls)) == 60 and all(url.startswith(f"/notes/{note.parent.name}/") for url in urls)
    assert page.locator(".rd-browse__more").is_hidden()
