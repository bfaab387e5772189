"""A note's body: the contributor's Markdown rendered to HTML and cleaned to an allow-list.

Bodies arrive by pull request from many hands and the site is public, so the body is rendered here,
in the standalone generator, and sanitised with nh3 (Ammonia): no script, event handler, iframe,
form or style survives, and links may only be http(s), mailto or relative.
"""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path

import markdown
import nh3

from ..memo import TextMemo, files_version

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td", "sup", "sub", "del", "abbr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https", "mailto"}


def _render(source: str) -> str:
    """Safe HTML for a note body. Headings are shifted down one level: the page title is the h1."""
    rendered = markdown.markdown(source, extensions=["tables", "sane_lists"], output_format="html")
    rendered = rendered.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    return nh3.clean(
        rendered,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )


# Rendering bodies was half of the generator's time; each is rendered once and then read back by hash.
# The version is this file's text and the libraries' releases: a change to any re-renders every body.
render_body = TextMemo(_render, version=files_version(Path(__file__)) + f" markdown {version('markdown')} nh3 {version('nh3')}")
