"""The list at the end of a note page of what its in-text markers cite (load/citations.py).

Each entry carries the id a marker in the body links to, and shows the marker as the body writes it
("[2]"), so a reader who follows a marker lands on its entry and knows it by the same label.
"""

from __future__ import annotations

import html

from research_digest.load.citations import reference_anchor
from research_digest.load.notes import Note
from research_digest.render.markup import html_block, in_language


def sources_list(note: Note) -> str:
    """The "Sources" section, or nothing for a note without references."""
    if not note.references:
        return ""
    items = []
    for reference in note.references:
        address = html.escape(reference.url, quote=True)
        opened = f' <a href="{address}">{address}</a>' if reference.url else ""
        items.append(f'<li id="{reference_anchor(reference.marker)}"><span class="note-sources__marker">'
                     f"[{reference.marker}]</span> {html.escape(reference.text)}{opened}</li>")
    listed = in_language('<ol class="note-sources">\n' + "\n".join(items) + "\n</ol>", note.language, "div")
    return "## Sources\n\n" + html_block(listed)
