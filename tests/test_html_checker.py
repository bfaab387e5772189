"""The Nu HTML Checker (vnu.jar, the W3C's validator, pinned in package.json) reads a representative set of built
pages, as it would read them published, and finds nothing wrong in our own content.

Material's chrome is set aside message by message (`MATERIAL`), each with why it is Material's: the checker reads
every page whole, and those messages come from Material's templates, which every page shares and this project
does not write. Anything else it reports, error, warning or note, fails the test.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

# Pages of every kind a reader opens: home, each index, a company, a period, a segment, a source, notes in each
# language (the Chinese one with citations and charts), the notes browser, the data checks, a hand-written page.
PAGES = ["", "companies/", "periods/", "segments/", "sources/", "companies/kingsoft-cloud/", "periods/2024Q4/",
         "segments/public-cloud/", "sources/everbright-securities/",
         "notes/kingsoft-cloud/2024Q4-everbright-securities-earnings-review/",
         "notes/alibaba-cloud/2024Q2-company-release-results-summary/", "browse/", "checks/", "writing-a-note/"]

# (what the message says, the start of the markup it is about): why it is Material's, not ours.
MATERIAL = {
    ("Attribute “autocomplete” is only allowed when the input type is", '<input class="md-toggle"'):
        "Material's drawer and search toggles are checkboxes with autocomplete=off (its partials/header.html)",
    ("The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control",
     '<label class="md-nav__title" for="__toc"'):
        "Material's table-of-contents title labels the toggle of a table of contents the page hides",
    ("Bad value “” for attribute “tabindex” on element “label”", '<label class="md-nav__link" for="__nav_'):
        "Material's navigation writes a section's label (For contributors) with an empty tabindex "
        "(partials/nav-item.html)",
}
# Python-Markdown writes void elements the XHTML way (<br />, <img />, <hr />): valid HTML, which the checker
# notes (type "info") for its interplay with unquoted attributes, of which Markdown writes none.
XHTML_VOID = "Trailing slash on void elements has no effect"


def checked(built_site: Path, node_modules: Path, java: str) -> list[dict]:
    vnu = node_modules / "vnu-jar" / "build" / "dist" / "vnu.jar"
    files = [str(built_site / page / "index.html") for page in PAGES]
    result = subprocess.run([java, "-jar", str(vnu), "--format", "json", "--stdout", *files], capture_output=True,
                            text=True, timeout=600)
    return json.loads(result.stdout)["messages"]


def ours(message: dict) -> bool:
    extract = message.get("extract", "").strip()
    if message["type"] == "info" and message["message"].startswith(XHTML_VOID):
        return False
    return not any(message["message"].startswith(text) and markup in extract for text, markup in MATERIAL)


@pytest.fixture(scope="module")
def messages(java, node_modules, built_site) -> list[dict]:  # java first: without it, skip before building
    return checked(built_site, node_modules, java)


def test_our_content_has_no_error_or_warning(messages, built_site):
    found = [f"{message['url'].partition(built_site.name + '/')[2]}:{message.get('lastLine')}: "
             f"{message.get('subType', message['type'])}: {message['message']} [{message.get('extract', '').strip()}]"
             for message in messages if ours(message)]
    assert not found, "\n".join(found)


def test_material_is_set_aside_only_for_what_it_writes(messages):
    """Every message set aside is one of Material's few, on its own markup: none hides a message about ours."""
    set_aside = {(text, markup) for message in messages for text, markup in MATERIAL
                 if message["message"].startswith(text) and markup in message.get("extract", "")}
    assert set_aside == set(MATERIAL), "a Material message no longer appears: drop it from MATERIAL"
