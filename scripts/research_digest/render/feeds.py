"""Atom feeds of the latest notes: one for the whole site and one per company.

The XML is built with ElementTree, which escapes every text and attribute; characters that XML 1.0
cannot carry at all (control characters a note might smuggle in) are dropped first. Links are
absolute, from mkdocs.yml's `site_url`, so a feed still leads to the site when it is read elsewhere (a
reader's cache, an aggregator, a copy sent on); without a `site_url` (a local build) they are relative to
the feed's own URL, which readers resolve against the address they fetched it from.
"""

from __future__ import annotations

import datetime as dt
import html
import posixpath
import re
import xml.etree.ElementTree as ET
from urllib.parse import urljoin

import nh3

from research_digest.load.notes import Note, Published
from research_digest.model.site import Site
from research_digest.render.body import render_body
from research_digest.render.markup import KIND_LABELS
from research_digest.render.reuse import FRESH, Reuse

FEEDS_DIR = "feeds"
SITE_FEED = f"{FEEDS_DIR}/notes.xml"
LATEST = 30
SUMMARY_CHARS = 400
ATOM = "http://www.w3.org/2005/Atom"
ID_PREFIX = "tag:research-digest,2025:"
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_FIRST_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)


def company_feed(company_id: str) -> str:
    return f"{FEEDS_DIR}/{company_id}.xml"


def feeds(site: Site) -> dict[str, tuple[str, list[Note]]]:
    """The site's feed and one per company with notes: path -> (title, latest notes)."""
    found = {SITE_FEED: (f"{site.name}: latest notes", site.notes[:LATEST])}
    for company in site.registry.companies:
        notes = site.by_company.get(company.id)
        if notes:
            latest = sorted(notes, key=lambda n: (n.published, n.slug), reverse=True)[:LATEST]
            found[company_feed(company.id)] = (f"{site.name}: {company.name_en} {company.name_zh}", latest)
    return found


def feed_files(site: Site, site_url: str | None = None, reuse: Reuse = FRESH) -> dict[str, bytes]:
    """Every feed, path -> Atom XML, linking from `site_url`. A feed reads only its notes (and the
    registries), so the build may reuse it while they and the address are unchanged."""
    return {path: reuse.page(path, lambda: atom(site, path, title, notes, site_url, reuse))
            for path, (title, notes) in feeds(site).items()}


def atom(site: Site, path: str, title: str, notes: list[Note], site_url: str | None = None,
         reuse: Reuse = FRESH) -> bytes:
    feed = ET.Element("feed", xmlns=ATOM)
    _text(feed, "title", title)
    _text(feed, "id", ID_PREFIX + path)
    ET.SubElement(feed, "link", rel="self", href=href(site_url, path, path))
    ET.SubElement(feed, "link", rel="alternate", type="text/html", href=href(site_url, path, "./"))
    _text(feed, "updated", atom_time(max(n.published for n in notes)) if notes else "1970-01-01T00:00:00Z")
    _text(ET.SubElement(feed, "author"), "name", site.name)  # in the title too: the cache sees a change
    for note in notes:
        feed.append(entry(site, path, note, site_url, reuse))
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def atom_time(published: Published) -> str:
    """Atom's `updated` must be a full timestamp (RFC 4287 3.3), so a note known only by its date gets that
    date at 00:00 UTC there: the one place a time is filled in, because the format leaves no choice."""
    moment = published.moment or dt.datetime.combine(published.date, dt.time(), dt.UTC)
    return moment.isoformat()


def entry(site: Site, feed_path: str, note: Note, site_url: str | None = None, reuse: Reuse = FRESH) -> ET.Element:
    company = site.registry.companies[note.company]
    source = site.registry.sources[note.source]
    item = ET.Element("entry")
    _text(item, "title", note.title)
    _text(item, "id", ID_PREFIX + f"notes/{note.slug}")
    ET.SubElement(item, "link", rel="alternate", type="text/html",
                  href=href(site_url, feed_path, f"notes/{note.slug}/"))
    _text(item, "updated", atom_time(note.published))
    if note.published.moment:  # optional in Atom: left out rather than given a time nobody stated
        _text(item, "published", note.published.moment.isoformat())
    author = ET.SubElement(item, "author")
    _text(author, "name", ", ".join(note.analysts) or source.name_en)
    ET.SubElement(item, "category", term=note.company, label=_clean(company.name_en))
    ET.SubElement(item, "category", term=note.kind, label=KIND_LABELS[note.kind])
    facts = " · ".join([company.name_en, note.period.label, source.name_en, KIND_LABELS[note.kind], *view(note)])
    _text(item, "summary", f"{facts}. {first_paragraph(note, reuse)}".strip())
    return item


def view(note: Note) -> list[str]:
    """A broker's view in a feed's words, marked as such: rating, target price, the estimates' number."""
    parts = [f"rating {note.rating.value} ({note.rating.step})"] if note.rating else []
    if note.target_price:
        parts.append(f"target price {note.target_price.shown()}")
    if note.forecasts:
        parts.append(f"{len(note.forecasts)} estimate{'s' if len(note.forecasts) != 1 else ''}")
    return parts


def first_paragraph(note: Note, reuse: Reuse = FRESH) -> str:
    """The body's first paragraph as plain text, cut at SUMMARY_CHARS."""
    match = _FIRST_PARAGRAPH.search(render_body(note.body, reuse=reuse))
    plain = " ".join(html.unescape(nh3.clean(match.group(1), tags=set())).split()) if match else ""
    return plain if len(plain) <= SUMMARY_CHARS else plain[:SUMMARY_CHARS].rstrip() + "…"


def href(site_url: str | None, from_path: str, to_path: str) -> str:
    """The address of `to_path` (a path in the site) in the feed at `from_path`: absolute from `site_url`,
    or without one relative to the feed."""
    if site_url:
        return urljoin(site_url if site_url.endswith("/") else site_url + "/", to_path.removeprefix("./"))
    return posixpath.relpath(to_path, posixpath.dirname(from_path)) + ("/" if to_path.endswith("/") else "")


def _text(parent: ET.Element, tag: str, value: str) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = _clean(value)
    return element


def _clean(value: str) -> str:
    return _NOT_XML.sub("", value)
