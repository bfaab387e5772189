"""A note's body: the contributor's Markdown rendered to HTML and cleaned to an allow-list.

Bodies arrive by pull request from many hands and the site is public, so the body is rendered here,
in the standalone generator, and sanitised with nh3 (Ammonia): no script, event handler, iframe,
form or style survives, and links may only be http(s), mailto or relative.
"""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path

from research_digest.build.memo import TextMemo, files_version
from research_digest.load.body_html import LinkResolver, clean_html


def render_body(source: str, resolve: LinkResolver = lambda href: None) -> str:
    """Safe HTML for a note body.

    A body that links to no other note (nearly all) is rendered once, then read back by its hash."""
    return clean_html(source, resolve) if ".md" in source else BODIES(source)


# Rendering bodies was half of the generator's time. The version is this file's text and the
# libraries' releases: a change to any of them renders every body again.
BODIES = TextMemo(clean_html, version=files_version(Path(__file__), Path(clean_html.__code__.co_filename))
                  + f" markdown {version('markdown')} nh3 {version('nh3')}")
