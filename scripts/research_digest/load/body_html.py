"""A note body's Markdown as HTML, cleaned to an allow-list: what validation scans for active content
and what pages show. The cleaning policy lives here, once, so that what a check refuses and what a
page would drop are the same rules.

A body may link to another note by its file (`[review](2024Q4-everbright-securities.md)`); such
links are rewritten to that note's page, since MkDocs does not rewrite links inside raw HTML.
A citation marker such as [2] becomes a link to the note's sources list (load/citations.py).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable

import markdown
import nh3
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor

from research_digest.load.citations import MARKER, reference_anchor

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td", "sup", "sub", "del", "abbr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https", "mailto"}

LinkResolver = Callable[[str], "str | None"]  # a body's .md link -> the URL of that note's page


class _NoteLinks(Treeprocessor):
    def __init__(self, md: markdown.Markdown, resolve: LinkResolver):
        super().__init__(md)
        self.resolve = resolve

    def run(self, root: etree.Element) -> None:
        for anchor in root.iter("a"):
            href = anchor.get("href", "")
            if href.split("#")[0].endswith(".md"):
                anchor.set("href", self.resolve(href) or "")


class _NoteLinksExtension(Extension):
    def __init__(self, resolve: LinkResolver):
        super().__init__()
        self.resolve = resolve

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_NoteLinks(md, self.resolve), "note_links", 0)


class _Markers(InlineProcessor):
    """[2] -> a link to entry 2 of the sources list, the marker kept as written."""

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[etree.Element, int, int]:  # type: ignore[override]
        anchor = etree.Element("a", {"href": f"#{reference_anchor(int(m.group(1)))}"})
        anchor.text = m.group(0)
        return anchor, m.start(0), m.end(0)


class _MarkersExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.inlinePatterns.register(_Markers(MARKER.pattern, md), "citation_markers", 175)  # before links


def to_html(source: str, resolve: LinkResolver = lambda href: None) -> str:
    """A body's Markdown as HTML, not yet sanitised. Headings are shifted down one level: the page
    title is the h1."""
    extensions: list[str | markdown.Extension] = ["tables", "sane_lists", _NoteLinksExtension(resolve),
                                                       _MarkersExtension()]
    rendered = markdown.markdown(source, extensions=extensions, output_format="html")
    return rendered.replace("<h1>", "<h2>").replace("</h1>", "</h2>")


def clean_html(source: str, resolve: LinkResolver = lambda href: None) -> str:
    """Safe HTML for a note body: rendered, then cleaned to the allow-list."""
    return nh3.clean(
        to_html(source, resolve),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
