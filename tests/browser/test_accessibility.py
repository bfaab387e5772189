"""What a reader with a screen reader or a keyboard meets: axe-core (pinned in package.json) run in the browser over
a representative set of pages, in both colour schemes and on a phone; then, one by one, what the site does for
them: Chinese text that says it is Chinese, links with names, a named notes search, underlined links in text.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from browser.conftest import Watch, watch

ZH_NOTE = "notes/kingsoft-cloud/2024Q4-everbright-securities-earnings-review/"
EN_NOTE = "notes/alibaba-cloud/2024Q2-company-release-results-summary/"
PAGES = ["", "companies/", "companies/kingsoft-cloud/", "periods/2024Q4/", "segments/public-cloud/",
         "sources/everbright-securities/", ZH_NOTE, EN_NOTE, "browse/", "checks/"]

# axe's rule -> the Material chrome it is set aside on, and why that is Material's, not ours. Any other
# violation, anywhere on the page, fails the test.
MATERIAL = {
    "color-contrast": (".md-tabs, .md-header, .md-footer",
                       "Material's tabs, header and footer draw their labels at 70% opacity on its own colours"),
    "aria-dialog-name": (".md-search", "Material's search is a dialog without a name"),
}
VIEWS = {"light": (1280, "light"), "dark": (1280, "dark"), "phone": (390, "light")}

# Every text in the page's content holding a Chinese character, with the language it is read in. A <select>'s
# options are left out: an option holds text alone, so the Chinese half of "Kingsoft Cloud 金山云" in the notes
# browser's company list cannot be marked (a gap we know of).
HAN_TEXTS = """() => {
  const walker = document.createTreeWalker(document.querySelector("article"), NodeFilter.SHOW_TEXT);
  const found = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!/\\p{Script=Han}/u.test(node.textContent) || node.parentElement.closest("[hidden], script, select")) continue;
    found.push([node.textContent.trim(), node.parentElement.closest("[lang]").lang]);
  }
  return found;
}"""


@pytest.fixture(scope="module")
def axe_script(node_modules: Path) -> str:
    return (node_modules / "axe-core" / "axe.min.js").read_text(encoding="utf-8")


def violations(page: Page, axe_script: str) -> list[str]:
    """axe's violations on the open page, less Material's own (MATERIAL), one line per element."""
    page.add_script_tag(content=axe_script)
    return page.evaluate("""async (material) => {
      const { violations } = await axe.run(document, { resultTypes: ["violations"] });
      return violations.flatMap(v => v.nodes
        .filter(n => !(material[v.id] && document.querySelector(n.target[0])?.closest(material[v.id][0])))
        .map(n => `${v.id} (${v.impact}): ${n.target.join(" ")}: ${n.failureSummary.replaceAll("\\n", " ")}`));
    }""", MATERIAL)


@pytest.mark.parametrize("view", VIEWS)
def test_axe_finds_nothing_in_our_pages(browser: Browser, site_url: str, axe_script: str, view: str):
    width, scheme = VIEWS[view]
    context = browser.new_context(base_url=site_url, viewport={"width": width, "height": 900}, color_scheme=scheme)
    page, seen = context.new_page(), Watch()
    watch(page, seen)
    found = []
    for path in PAGES:
        page.goto(path)
        page.wait_for_load_state("networkidle")
        found += [f"{path or 'home'}: {line}" for line in violations(page, axe_script)]
    context.close()
    assert not found, "\n".join(found)
    assert not seen.problems(), seen.problems()


def test_a_chinese_note_is_read_as_chinese(page):
    """Its title, analysts and text are Chinese; the labels around them, the site's English, stay English."""
    page.goto(ZH_NOTE)
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1 > [lang]").get_attribute("lang") == "zh"
    body = page.locator("#note ~ div[lang]").first
    assert body.get_attribute("lang") == "zh" and "金山云" in body.inner_text()
    assert page.get_by_text("Analysts:").evaluate("e => e.closest('[lang]').lang") == "en"
    untagged = [text for text, lang in page.evaluate(HAN_TEXTS) if lang != "zh"]
    assert not untagged, untagged


@pytest.mark.parametrize("path", ["", "companies/", "companies/kingsoft-cloud/", "periods/2024Q4/",
                                  "segments/public-cloud/", "sources/everbright-securities/", EN_NOTE])
def test_chinese_names_in_english_pages_say_so(page, path):
    page.goto(path)
    texts = page.evaluate(HAN_TEXTS)
    assert texts, "each of these pages shows a Chinese name"
    untagged = [text for text, lang in texts if lang != "zh"]
    assert not untagged, untagged


def test_the_notes_browser_marks_chinese_titles_and_names(page):
    """Its results are made in the browser, from the full-text index: a Chinese note's title is marked there too."""
    page.goto("browse/?company=kingsoft-cloud")
    page.locator(".rd-browse__note").first.wait_for()
    chinese_title = page.locator(".rd-browse__note > a[lang=zh]").first
    assert "金山云" in chinese_title.inner_text()
    untagged = [text for text, lang in page.evaluate(HAN_TEXTS) if lang != "zh"]
    assert not untagged, untagged


def test_every_link_of_the_coverage_grid_is_named(page):
    page.goto("")
    dots = page.locator("article table a:has(.rd-visually-hidden)")
    assert dots.count() >= 40
    # what the eye sees, the period in its year's column ("Q1", "H1"), not what is read
    assert re.fullmatch(r"[QH]\d( \(\d\))?", dots.first.locator("[aria-hidden=true]").inner_text())
    everbright = page.get_by_role("link", name="Kingsoft Cloud 2024Q4: Everbright Securities", exact=True)
    assert everbright.count() == 1
    everbright.click()
    assert page.url.endswith(ZH_NOTE)


def test_the_notes_browser_form_is_a_named_search(page):
    page.goto("browse/")
    assert page.get_by_role("search", name="Filter the notes").is_visible()


@pytest.mark.parametrize("path", ["", ZH_NOTE, "companies/kingsoft-cloud/"])
def test_links_in_running_text_are_underlined(page, path):
    """Not told apart by colour alone: every link in a paragraph or list item of the content is underlined."""
    page.goto(path)
    plain = page.evaluate("""() => [...document.querySelectorAll("article :is(p, li) a:not(.md-button, .headerlink)")]
      .filter(a => a.offsetParent && getComputedStyle(a).textDecorationLine !== "underline").map(a => a.outerHTML)""")
    assert not plain, plain


def test_a_table_too_wide_for_a_phone_can_be_scrolled_from_the_keyboard(browser: Browser, site_url: str):
    context = browser.new_context(base_url=site_url, viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.goto("companies/kingsoft-cloud/")
    box = page.get_by_role("region", name="Table: Figures by period (scrolls sideways)")
    box.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.activeElement.scrollLeft > 0")
    context.close()
