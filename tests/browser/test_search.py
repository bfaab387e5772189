"""The header search as a reader uses it: type a query, read the results, and find the first one."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page

# The Material results have settled when their count is shown; the notes' when notes-search.js
# marks the section done for this query.
SETTLED = """query => {
  const meta = document.querySelector('[data-md-component="search-result"] .md-search-result__meta');
  const notes = document.querySelector('.rd-notes');
  return /matching document/.test(meta.textContent)
    && notes.dataset.rdState === 'done' && notes.dataset.rdQuery === query;
}"""


def search(page: Page, query: str) -> list[str]:
    """Type `query` into the header search box; the paths of the results, in the order shown."""
    page.goto("./")
    box = page.locator('[data-md-component="search-query"]')
    box.click()
    box.fill(query)
    box.press("End")  # Material searches on key events
    page.wait_for_function(SETTLED, arg=query)
    # as a reader sees them: Material folds a page's further sections under "more on this page"
    hrefs = page.eval_on_selector_all(".md-search__scrollwrap a.md-search-result__link",
                                      "links => links.filter(a => a.checkVisibility()).map(a => a.href)")
    return [urlsplit(href).path for href in hrefs]


@pytest.mark.parametrize("query, first", [
    ("金山云", "/companies/kingsoft-cloud/"),
    ("Kingsoft", "/companies/kingsoft-cloud/"),
    ("3896.HK", "/companies/kingsoft-cloud/"),
    ("KC", "/companies/kingsoft-cloud/"),
    ("3896", "/companies/kingsoft-cloud/"),
    ("公有云", "/segments/public-cloud/"),
    ("public cloud", "/segments/public-cloud/"),
])
def test_names_find_their_page_first(page, query, first):
    results = search(page, query)
    assert results and results[0] == first, results[:5]


@pytest.mark.parametrize("file, phrase", [
    ("notes/kingsoft-cloud/2024Q4-company-release.md", "adjusted operating result was a profit"),
    ("notes/kingsoft-cloud/2024Q4-everbright-securities.md", "生态伙伴收入"),
])
def test_words_of_a_note_find_that_note_first(page, shipped, file, phrase):
    (note,) = [note for note in shipped.notes if note.path.as_posix() == file]
    assert phrase in " ".join(note.body.split())  # the phrase is the note's own
    results = search(page, phrase)
    assert results and results[0] == f"/notes/{note.slug}/", results[:5]


@pytest.mark.parametrize("names, about, page_first", [
    (["公有云", "public cloud", "Public Cloud"], "Public cloud 公有云", "/segments/public-cloud/"),
    (["金山云", "Kingsoft Cloud", "3896.HK", "KC"], "Kingsoft Cloud 金山云", "/companies/kingsoft-cloud/"),
])
def test_a_name_lists_its_page_then_the_notes_about_it(page, shipped, names, about, page_first):
    """Whichever language or ticker is typed: the page of what it names first, then its notes (the same
    ones, newest first), before Material's other pages; the count is every note about it."""
    seen = []
    for name in names:
        results = search(page, name)
        assert results[0] == page_first, results[:3]
        assert all(path.startswith("/notes/") for path in results[1:6]), results[:7]
        seen.append(results[1:6])
        meta = page.inner_text(".rd-notes .md-search-result__meta")
        kind, subject = page_first.strip("/").split("/")
        expected = (shipped.by_segment if kind == "segments" else shipped.by_company)[subject]
        assert meta.startswith(f"{len(expected)} notes about {about}"), meta
    assert all(notes == seen[0] for notes in seen), seen


def test_company_search_also_lists_its_notes(page):
    results = search(page, "金山云")
    notes = [path for path in results if path.startswith("/notes/")]
    assert notes and all(path.startswith("/notes/kingsoft-cloud/") for path in notes)


def test_enter_opens_the_first_result(page):
    search(page, "adjusted operating result was a profit")
    page.locator('[data-md-component="search-query"]').press("Enter")
    page.wait_for_url("**/notes/kingsoft-cloud/2024Q4-company-release-results-summary/")


def test_arrow_keys_walk_through_notes_and_pages(page):
    results = search(page, "adjusted operating result was a profit")  # notes first, then Material's
    box = page.locator('[data-md-component="search-query"]')
    for expected in results[:7]:
        box.page.keyboard.press("ArrowDown")
        if page.evaluate("document.activeElement.tagName") == "SUMMARY":  # Material's "1 more on this page"
            box.page.keyboard.press("ArrowDown")
        assert urlsplit(page.evaluate("document.activeElement.href")).path == expected
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{results[6]}*")


def test_one_search_downloads_little(page, seen):
    """Material's index and worker, and Pagefind's code and the chunks one query needs."""
    search(page, "public cloud revenue")
    search_files = {url: size for url, size in seen.downloaded.items()
                    if "/search/" in url or "/workers/" in url or "/pagefind/" in url}
    assert any("/pagefind/index/" in url for url in search_files)  # the notes were searched
    assert sum(search_files.values()) < 500_000, search_files
