"""Small pieces of Markdown that every page uses: escaped text, relative links, tables."""

from __future__ import annotations

import functools
import html
import json
import posixpath
import re

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~])")
_ATTR_SPECIAL = frozenset("&<>\"'\\`*_{}[]()#+!|~")

KIND_LABELS = {"earnings-review": "Earnings review", "preview": "Results preview",
               "call-digest": "Call digest", "results-summary": "Results summary"}
LANGUAGE_LABELS = {"zh": "中文", "en": "English"}
CHANGE_LABELS = {"yoy": "YoY", "qoq": "QoQ"}


def text(value: str) -> str:
    """Contributor text made inert in Markdown: no HTML, no links, no emphasis, no table breaks."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(" ".join(str(value).split()), quote=True))


def attr(value: str) -> str:
    """Text for an HTML attribute or a Markdown link title: every character that HTML or Markdown
    reads (quotes, brackets, a table's |) as a numeric reference, which both pass through as text."""
    return "".join(f"&#{ord(c)};" if c in _ATTR_SPECIAL else c for c in " ".join(str(value).split()))


def link(label: str, from_page: str, to_page: str, title: str = "") -> str:
    """A Markdown link from one generated page to another, both given as paths in the docs folder."""
    target = _relative(to_page, posixpath.dirname(from_page) or ".")
    suffix = f' "{attr(title)}"' if title else ""
    return f"[{label}]({target}{suffix})"


# Pages link to the same few targets from the same few folders; relpath was a tenth of the render time.
_relative = functools.lru_cache(maxsize=65536)(posixpath.relpath)


def external(label: str, url: str) -> str:
    """A link to a page off the site (a citation); `url` is a validated http(s) address."""
    return f"[{label}]({url})"


def strong(value: str) -> str:
    """Already-escaped text shown in bold."""
    return f"**{value}**"


def em(value: str) -> str:
    """Already-escaped text shown in italics."""
    return f"*{value}*"


def bullets(items: list[str]) -> str:
    """A bulleted list of already-escaped items, as a block."""
    return "".join(f"- {item}\n" for item in items) + "\n" if items else ""


def table(header: list[str], rows: list[list[str]], align: list[str] | None = None) -> str:
    """A Markdown table; cells are already-escaped Markdown."""
    if not rows:
        return ""
    align = align or ["left"] * len(header)
    marks = {"left": "---", "right": "--:", "center": ":-:"}
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(marks[a] for a in align) + " |"]
    lines += ["| " + " | ".join(cell or " " for cell in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def front_matter(**fields) -> str:
    """YAML front matter for a generated page; JSON is valid YAML and quotes every string.

    Strings are HTML-escaped too: the theme puts front matter (title, description, search tags)
    into pages and the search index as HTML, unescaped.
    """
    lines = [f"{key}: {json.dumps(_html_escaped(value), ensure_ascii=False)}"
             for key, value in fields.items() if value is not None]
    return "---\n" + "\n".join(lines) + "\n---\n\n"


def _html_escaped(value):
    if isinstance(value, str):
        return html.escape(value, quote=True)
    if isinstance(value, list):
        return [_html_escaped(item) for item in value]
    if isinstance(value, dict):
        return {key: _html_escaped(item) for key, item in value.items()}
    return value
