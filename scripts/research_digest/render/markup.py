"""Small pieces of every page, as finished HTML: escaped text, links, emphasis, lists, paragraphs,
tables, and the page's front matter.

A Markdown table or list makes Python-Markdown run its inline patterns over every cell and item, and
a block of HTML makes it (and MkDocs) parse every tag: either was most of MkDocs' time on a large
digest. So the generated pages are Markdown headings over blocks of finished HTML, each marked
(`html_block`) for the site's Markdown extension `research_digest.plugin.html_blocks`, which passes
them through unread; without it, they are ordinary HTML blocks and the page looks the same. MkDocs
rewrites no link inside HTML: `link` writes the URL the built page needs (`paths.relative_url`).
"""

from __future__ import annotations

import html
import json
import re

from research_digest.render.paths import relative_url

# Text is written both into HTML blocks and into Markdown (a heading, a paragraph around a link), so
# the characters Markdown reads become numeric references, which both pass through as the character.
_TEXT = {ord(c): f"&#{ord(c)};" for c in "\\`*_{}[]|~#"} | {ord("&"): "&amp;", ord("<"): "&lt;",
                                                            ord(">"): "&gt;", ord('"'): "&quot;",
                                                            ord("'"): "&#x27;"}
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")  # CJK ideographs: Chinese in our registries
_ATTR_SPECIAL = frozenset("&<>\"'\\`*_{}[]()#+!|~")
_ALIGN = {"left": "", "right": ' style="text-align: right;"', "center": ' style="text-align: center;"'}

KIND_LABELS = {"earnings-review": "Earnings review", "preview": "Results preview",
               "call-digest": "Call digest", "results-summary": "Results summary"}
LANGUAGE_LABELS = {"zh": "中文", "en": "English"}  # each in its own language: mark with in_language
SITE_LANGUAGE = "en"  # mkdocs.yml's theme language: the pages' <html lang>
CHANGE_LABELS = {"yoy": "YoY", "qoq": "QoQ"}
# Around a block of finished HTML; a comment, which a contributor's text (escaped) or body (sanitised) cannot hold.
BLOCK_START, BLOCK_END = "<!--rd:html-->", "<!--/rd:html-->"
PERIODS_TABLE = "periods-table"  # a <div> class: a table of periods, newest first, that extra.css fits to a phone


def text(value: str) -> str:
    """Contributor text made inert in HTML and Markdown alike: no tags, no links, no emphasis."""
    return " ".join(str(value).split()).translate(_TEXT)


def attr(value: str) -> str:
    """Text for an HTML attribute: every character that HTML or Markdown reads (quotes, brackets,
    a table's |) as a numeric reference, which both pass through as text."""
    return "".join(f"&#{ord(c)};" if c in _ATTR_SPECIAL else c for c in " ".join(str(value).split()))


def link(label: str, from_page: str, to: str, title: str = "", classes: str = "") -> str:
    """A link from one generated page to another page or file (both paths in the docs folder, the
    target optionally with an #anchor), or to an absolute URL; `title` is its tooltip."""
    href = html.escape(relative_url(from_page, to), quote=True)
    title_attr = f' title="{attr(title)}"' if title else ""
    class_attr = f' class="{classes}"' if classes else ""
    return f'<a href="{href}"{title_attr}{class_attr}>{label}</a>'


def html_block(finished: str) -> str:
    """A block of finished HTML (which may hold other such blocks), marked to pass through Markdown unread."""
    return f"{BLOCK_START}\n{finished.strip()}\n{BLOCK_END}\n\n" if finished.strip() else ""


def in_language(value: str, language: str, element: str = "span") -> str:
    """Already-escaped text (or, in a `div`, a block) in `language` ("zh", "en"), marked where it is not the
    site's English, so that a screen reader reads it with that language's voice (the pages are lang="en")."""
    return value if language == SITE_LANGUAGE else f'<{element} lang="{language}">{value}</{element}>'


def chinese(value: str) -> str:
    """Contributor text in Chinese (a name, a label), escaped and marked as Chinese."""
    return in_language(text(value), "zh")


def names(values: tuple[str, ...] | list[str]) -> str:
    """A list of names in either language (aliases, tags): each written in Chinese characters marked as Chinese."""
    return ", ".join(chinese(value) if _HAN.search(value) else text(value) for value in values)


def bilingual(english: str, chinese_name: str) -> str:
    """An English name followed by its Chinese one, as registries give them ("Kingsoft Cloud 金山云")."""
    return f"{text(english)} {chinese(chinese_name)}" if chinese_name else text(english)


def strong(value: str) -> str:
    """Already-escaped text shown in bold."""
    return f"<strong>{value}</strong>"


def em(value: str) -> str:
    """Already-escaped text shown in italics."""
    return f"<em>{value}</em>"


def bullets(items: list[str]) -> str:
    """A bulleted list of already-escaped items, as a block."""
    return html_block("<ul>\n" + "".join(f"<li>{item}</li>\n" for item in items) + "</ul>") if items else ""


def paragraph(*lines: str, classes: str = "") -> str:
    """A paragraph of already-escaped lines, each on its own line, as a block."""
    class_attr = f' class="{classes}"' if classes else ""
    return html_block(f"<p{class_attr}>" + "<br>\n".join(lines) + "</p>")


def details(summary: str, block: str, kind: str = "info") -> str:
    """A collapsed block (as Material's `??? kind` admonition) that opens on its summary."""
    return html_block(f'<details class="{kind}">\n<summary>{summary}</summary>\n{block}</details>')


def table(header: list[str], rows: list[list[str]], align: list[str] | None = None) -> str:
    """A table, as a block; cells are already-escaped HTML. `align` is each column's: left, right or center."""
    if not rows:
        return ""
    styles = [_ALIGN[a] for a in align] if align else [""] * len(header)
    # A cell a line, as Python-Markdown writes tables: the search index reads the line breaks as spaces.
    head = "".join(f"<th{style}>{cell}</th>\n" for style, cell in zip(styles, header))
    body = "".join("<tr>\n" + "".join(f"<td{style}>{cell}</td>\n" for style, cell in zip(styles, row)) + "</tr>\n"
                   for row in rows)
    return html_block(f"<table>\n<thead>\n<tr>\n{head}</tr>\n</thead>\n<tbody>\n{body}</tbody>\n</table>")


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
