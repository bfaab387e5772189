"""A note's date as its source gives it: a date alone, when the source states no time, is shown, written
and ordered as a date, and never gains a time nobody stated."""

from __future__ import annotations

import csv
import re
import xml.etree.ElementTree as ET

ATOM = "{http://www.w3.org/2005/Atom}"
NOTE_PAGE = "notes/{}/{}-company-release-results-summary.md"


def published_line(generated, company: str, period: str) -> str:
    """The date a note page shows: what follows "Published:" in its facts."""
    page = (generated / NOTE_PAGE.format(company, period)).read_text(encoding="utf-8")
    return re.search(r"<strong>Published:</strong> ([^<]+)", page)[1].strip()


def latest_notes(generated) -> list[str]:
    """The home page's latest notes, each as its page's path."""
    home = (generated / "index.md").read_text(encoding="utf-8")
    latest = home.split("## Latest notes")[1].split("\n## ")[0]
    return [f"{url.removesuffix('/')}.md" for url in re.findall(r'<li><a href="([^"]+)"', latest)]


def test_a_date_alone_is_shown_and_written_without_a_time(project):
    project.note(published="2025-03-19")
    project.note(name="globex/2024Q4.md", company="globex", published="2025-03-19 06:00 -04:00")
    assert project.run("generate").returncode == 0
    generated = project.root / "docs" / "generated"
    assert published_line(generated, "acme-cloud", "2024Q4") == "2025-03-19"
    assert published_line(generated, "globex", "2024Q4") == "2025-03-19 06:00 -0400"
    with open(generated / "data" / "acme-cloud.csv", encoding="utf-8", newline="") as rows:
        assert {row["published"] for row in csv.DictReader(rows)} == {"2025-03-19"}
    entry = ET.parse(generated / "feeds" / "acme-cloud.xml").getroot().find(f"{ATOM}entry")
    assert entry.find(f"{ATOM}published") is None  # optional in Atom, so no time is made up for it
    assert entry.findtext(f"{ATOM}updated").startswith("2025-03-19T")  # required: a full timestamp


def test_notes_on_one_date_keep_one_order_whatever_their_files_are_called(project):
    project.note(name="acme-cloud/a.md", published="2025-03-19")
    project.note(name="acme-cloud/b.md", period="2024Q3", published="2025-03-19")
    project.note(name="globex/c.md", company="globex", published="2025-03-19 06:00 -04:00")
    project.note(name="globex/d.md", company="globex", period="2024Q3", published="2025-03-20")
    expected = [NOTE_PAGE.format("globex", "2024Q3"),  # the newest date first
                NOTE_PAGE.format("globex", "2024Q4"),  # on one date, a stated time before the date alone
                NOTE_PAGE.format("acme-cloud", "2024Q4"),  # then by page path, in a fixed order
                NOTE_PAGE.format("acme-cloud", "2024Q3")]
    generated = project.root / "docs" / "generated"
    assert project.run("generate").returncode == 0
    assert latest_notes(generated) == expected
    notes = project.root / "notes" / "acme-cloud"
    (notes / "a.md").rename(notes / "z.md")  # the files now load in the other order
    assert project.run("generate").returncode == 0
    assert latest_notes(generated) == expected
