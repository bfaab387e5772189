"""A note's sources list and the in-text markers that cite it.

A digest cites its sources with numbered markers in the text, "... 同比增长29.6% [2]". The note keeps
the markers as written and lists what each stands for in its front matter:

    references:
      - marker: 2
        text: "光大证券研究, 4Q24及24年度业绩点评, 财务表现"
        url: "https://..."      # optional: only the address of the document the marker cites

A note page links each marker to its entry in the list at the end of the note. A marker with no entry
would be a link to nowhere, so it is an error at the body line that holds it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# "[2]" as a marker, not a Markdown link or definition ("[2](url)", "[2]: url") nor an escaped "\\[2]".
MARKER = re.compile(r"(?<![\\!])\[(\d{1,3})\](?![(:])")
REFERENCE_FIELDS = ("marker", "text", "url")


@dataclass(frozen=True)
class Reference:
    marker: int
    text: str
    url: str  # "" when the cited document has no address one can open


def reference_anchor(marker: int) -> str:
    """The id of a reference's entry on the note page, which its markers link to."""
    return f"source-{marker}"


def body_markers(body: str, first_line: int) -> list[tuple[int, int]]:
    """(line, marker) for every marker in a body that starts at file line `first_line`, outside code."""
    found = []
    fenced = False
    for number, line in enumerate(body.split("\n"), first_line):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        if fenced:
            continue
        outside_code = re.sub(r"`[^`]*`", "", line)
        found += [(number, int(match.group(1))) for match in MARKER.finditer(outside_code)]
    return found
