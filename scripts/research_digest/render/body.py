"""A note's body: the contributor's Markdown rendered to HTML and cleaned to an allow-list.

Bodies arrive by pull request from many hands and the site is public, so the body is rendered here,
in the standalone generator, and sanitised with nh3 (Ammonia): no script, event handler, iframe,
form or style survives, and links may only be http(s), mailto or relative.
"""

from __future__ import annotations

import markdown
import nh3

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td", "sup", "sub", "del", "abbr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https", "mailto"}


def render_body(source: str) -> str:
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
