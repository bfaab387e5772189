"""A note's body: the contributor's Markdown rendered to HTML and cleaned to an allow-list.

Bodies arrive by pull request from many hands and the site is public, so the body is rendered here,
in the standalone generator, and sanitised with nh3 (Ammonia): no script, event handler, iframe,
form or style survives, and links may only be http(s), mailto or relative.
"""

from __future__ import annotations

from research_digest.load.body_html import LinkResolver, clean_html
from research_digest.render.reuse import FRESH, Reuse


def render_body(source: str, resolve: LinkResolver = lambda href: None, reuse: Reuse = FRESH) -> str:
    """Safe HTML for a note body.

    A body that links to no other note (nearly all) depends on its text alone: `reuse` may give it
    from an earlier build (rendering bodies was half of the generator's time)."""
    return clean_html(source, resolve) if ".md" in source else reuse.body(source)
