"""Front matter and bodies come from many hands: whatever they hold, search shows it as text.

(A body with live active content is refused outright: tests/test_hostile.py. Here it is quoted as code.)"""

from __future__ import annotations

from playwright.sync_api import Page

TITLE = "Acme <img src=x onerror=alert(1)> zebra"
COMPANY = "Acme <img src=x onerror=alert(4)> Cloud"


def test_hostile_note_is_shown_as_text_in_search_and_browser(project, served, page: Page):
    companies = project.root / "registry" / "companies.yml"
    companies.write_text(companies.read_text(encoding="utf-8").replace("name_en: Acme Cloud", f'name_en: "{COMPANY}"'),
                         encoding="utf-8")
    project.note(title=f'"{TITLE}"',
                 body="Zebra crossing `<img src=y onerror=alert(2)>`, a < b & c `<script>alert(3)</script>`.\n")
    build = project.run("build", "--strict")
    assert build.returncode == 0, build.stderr
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    url = served(project.root / "site")

    page.goto(f"{url}browse/?q=zebra")
    page.wait_for_function("document.querySelector('.rd-browse__status').dataset.rdState === 'done'")
    assert page.locator(".rd-browse__results a").inner_text() == TITLE
    assert page.locator(".rd-browse__results img, .rd-browse__results script").count() == 0

    box = page.locator('[data-md-component="search-query"]')
    box.click()
    box.fill("zebra")
    box.press("End")
    page.wait_for_function("document.querySelector('.rd-notes').dataset.rdState === 'done'")
    assert page.locator(".rd-notes h1").inner_text() == TITLE
    assert page.locator(".md-search__scrollwrap img, .md-search__scrollwrap script").count() == 0

    box.fill("acme")  # the company's page, found by its name
    box.press("End")
    page.wait_for_function("document.querySelector('.rd-notes').dataset.rdQuery === 'acme'")
    assert page.locator(".rd-pages h1").inner_text() == f"{COMPANY} 艾克云"
    assert page.locator(".md-search__scrollwrap img, .md-search__scrollwrap script").count() == 0
    assert dialogs == []
