"""Active content in a note body, refused with an error at its line.

The sanitiser (render/body.py) already removes anything outside its allow-list, so nothing a body
holds runs in a reader's browser. What only ever serves an attack (scripts, event handlers, frames,
forms, style elements, javascript: or data: links) is refused here instead, so that the contributor
learns of it rather than seeing it silently vanish. Harmless markup the allow-list lacks (a <div>, a
style attribute, an <img>) is left to the sanitiser.

The body is checked as the browser would see it: rendered from Markdown first (so that
`[x](javascript:...)` and reference links count), with entities decoded (`javascript&#58;`).
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

from research_digest.load.body_html import URL_SCHEMES, to_html
from research_digest.load.problems import Problem, ProblemList

REFUSED_ELEMENTS = frozenset({
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "input", "button",
    "textarea", "select", "base", "link", "meta", "svg", "math", "template", "noscript",
})
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "srcset", "poster", "background", "data",
                            "xlink:href", "cite", "longdesc", "codebase"})
EXPECTED_MARKUP = "Markdown without scripts, event handlers, frames, forms or style elements"
EXPECTED_LINK = "links to http(s) or mailto addresses, or relative links"

_SCHEME = re.compile(r"([a-z][a-z0-9+.-]*):", re.I)
_IGNORED_IN_URLS = re.compile(r"[\t\n\r]")  # browsers drop these anywhere in a URL
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")


class _Scanner(HTMLParser):
    """Collects (expected, found, needle): the needle is what locates the finding in the source."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.findings: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        scheme = _unsafe_scheme(tag)  # an autolink such as <javascript:alert(1)> parses as a tag
        if scheme:
            self.findings.append((EXPECTED_LINK, f"a {scheme}: link", f"{scheme}:"))
        elif tag in REFUSED_ELEMENTS:
            self.findings.append((EXPECTED_MARKUP, f"an element <{tag}>", f"<{tag}"))
        for name, value in attrs:
            if name.startswith("on"):
                self.findings.append((EXPECTED_MARKUP, f"an event handler ({name}=)", f"{name}="))
            elif name in URL_ATTRIBUTES and value and (scheme := _unsafe_scheme(value)):
                self.findings.append((EXPECTED_LINK, f"a {scheme}: link", f"{scheme}:"))

    handle_startendtag = handle_starttag


def _unsafe_scheme(url: str) -> str | None:
    """The scheme of `url` when it is one the site does not link to (javascript, data, file ...)."""
    match = _SCHEME.match(_IGNORED_IN_URLS.sub("", url).strip("\x00 "))
    scheme = match.group(1).lower() if match else None
    return scheme if scheme and scheme not in URL_SCHEMES else None


def _positions(needle: str, lines: list[str], first_line: int) -> list[int]:
    """The source line of each occurrence of `needle`, read as the browser reads it."""
    found: list[int] = []
    for number, line in enumerate(lines, first_line):
        found += [number] * _INVISIBLE.sub("", html.unescape(line)).lower().count(needle)
    return found


def check_body(path: Path, body: str, first_line: int, problems: ProblemList) -> bool:
    """Report active content in `body` (which starts at line `first_line`); True when there is any."""
    scanner = _Scanner()
    scanner.feed(to_html(body))
    scanner.close()
    lines = body.split("\n")
    seen: dict[str, int] = {}
    reported: dict[tuple[int, str, str], None] = {}
    for expected, found, needle in scanner.findings:
        index = seen[needle] = seen.get(needle, -1) + 1
        positions = _positions(needle, lines, first_line) or [first_line]
        reported.setdefault((positions[min(index, len(positions) - 1)], expected, found))
    for line, expected, found in reported:
        problems.add(Problem(path, line, "body", expected, found))
    return bool(reported)
