"""Atom feeds: what a feed reader fetches, parsed as XML, with links that lead to the notes."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from conftest import REPO

ATOM = "{http://www.w3.org/2005/Atom}"


def entries(feed: Path) -> list[ET.Element]:
    root = ET.parse(feed).getroot()
    assert root.tag == f"{ATOM}feed"
    for required in ("title", "id", "updated", "author"):
        assert root.find(f"{ATOM}{required}") is not None, required
    return root.findall(f"{ATOM}entry")


def page_for(site: Path, feed: Path, href: str) -> Path:
    """The built page a link in a feed leads to (relative links resolve against the feed's URL)."""
    url = urljoin(feed.relative_to(site).as_posix(), href)
    return site / urlsplit(url).path / "index.html"


def test_site_feed_lists_the_latest_notes_newest_first(built_site):
    feed = built_site / "feeds" / "notes.xml"
    items = entries(feed)
    assert len(items) == 30  # the shipped notes are more than a feed holds
    dates = [item.findtext(f"{ATOM}updated")[:10] for item in items]  # the date as the note gives it
    assert dates == sorted(dates, reverse=True)
    for item in items:
        assert page_for(built_site, feed, item.find(f"{ATOM}link").get("href")).is_file()
        assert item.findtext(f"{ATOM}title") and item.findtext(f"{ATOM}summary")


def test_company_feed_holds_only_that_company(built_site):
    feed = built_site / "feeds" / "kingsoft-cloud.xml"
    items = entries(feed)
    assert len(items) == len(list((REPO / "notes" / "kingsoft-cloud").glob("*.md")))  # each shipped note, no more
    for item in items:
        assert "/notes/kingsoft-cloud/" in item.find(f"{ATOM}link").get("href")
        assert page_for(built_site, feed, item.find(f"{ATOM}link").get("href")).is_file()


def test_pages_link_their_feeds(built_site):
    head_link = re.compile(r'<link rel="alternate feed" type="application/atom\+xml" title="[^"]*" href="([^"]+)">')
    for page, feeds in (("", ["feeds/notes.xml"]),
                        ("companies/kingsoft-cloud/", ["feeds/notes.xml", "feeds/kingsoft-cloud.xml"])):
        html = (built_site / page / "index.html").read_text(encoding="utf-8")
        linked = [urlsplit(urljoin(f"/{page}", href)).path.lstrip("/") for href in head_link.findall(html)]
        assert linked == feeds
        assert all((built_site / feed).is_file() for feed in linked)
        assert f'{feeds[-1].split("/")[-1]}">Atom feed' in html  # and a link a reader sees


def test_hostile_front_matter_still_makes_well_formed_feeds(project):
    title = 'Acme <script>alert(1)</script> & "]]> \x0b 4Q24'
    project.note(title='"Acme <script>alert(1)</script> & \\"]]> \\v 4Q24"',  # YAML escapes: " and \v
                 body="<b>bold</b> & `<script>x</script>` text.\n")
    result = project.run("generate")
    assert result.returncode == 0, result.stderr
    for name in ("notes.xml", "acme-cloud.xml"):
        feed = project.root / "docs" / "generated" / "feeds" / name
        (item,) = entries(feed)
        assert item.findtext(f"{ATOM}title") == title.replace("\x0b", "")
        assert "<script>" not in feed.read_text(encoding="utf-8")
