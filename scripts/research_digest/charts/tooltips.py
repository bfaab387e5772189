"""Each value readable exactly on a chart, without script: an SVG `<title>` in every mark, which
browsers show as a tooltip when the pointer rests on it.

Matplotlib writes an artist given a gid as a group with that id: a bar as `<g id="…"><path/></g>`,
a line's markers as one `<use/>` per point, in the order of its data, inside its group. The titles
go in after drawing, so they cost no layout and change no byte matplotlib writes.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

_USE = re.compile(r"<use ([^>]*)/>")


def add_titles(svg: str, groups: dict[str, str], points: dict[str, list[str]]) -> str:
    """`svg` with a title for each group (by its id) and one for each marker of each points group."""
    for gid, title in groups.items():
        opening = f'<g id="{gid}">'
        svg = svg.replace(opening, f"{opening}<title>{escape(title)}</title>", 1)
    for gid, titles in points.items():
        start = svg.index(f'<g id="{gid}">')
        end = svg.find('<g id="', start + 1)  # the next artist's group
        end = len(svg) if end < 0 else end
        group = svg[start:end]
        markers = _USE.findall(group)
        if len(markers) != len(titles):
            raise ValueError(f"chart SVG: group {gid!r} has {len(markers)} markers for {len(titles)} values")
        titled = iter(titles)
        group = _USE.sub(lambda m: f"<use {m.group(1)}><title>{escape(next(titled))}</title></use>", group)
        svg = svg[:start] + group + svg[end:]
    return svg
