"""Text sizes for laying a chart out without drawing it: margins follow from the characters.

Matplotlib finds margins itself (constrained layout, `bbox_inches="tight"`) only by drawing the
figure once more and measuring every text with the installed fonts; that was most of a chart's cost.
Here a text's width is estimated from its characters: an em for a wide (Chinese) character and, for
Latin ones, at least DejaVu Sans' advance (the widest of the fonts a chart names, and the one
matplotlib measures with when the others are missing). Margins then fit the text in any of the
browser's fonts, and the layout depends only on the text, never on the fonts installed.
All sizes are in points.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence

import numpy as np

# Ems per character, rounded up from DejaVu Sans; anything not listed is 0.65 (lower case, digits).
_EMS = {
    **dict.fromkeys("'ijlIJ ,./\\|:;", 0.34),
    **dict.fromkeys("f-[]t()!r\"", 0.5),
    **dict.fromkeys("ZAVBXCRUHNDGOQ&", 0.8),
    **dict.fromkeys("w#<>^~+=M\N{MINUS SIGN}", 0.87),
    **dict.fromkeys("%mW@", 1.0),
}
_DEFAULT_EM = 0.65
BOLD = 1.12  # bold Latin is up to 12% wider
LINE = 1.3  # height of a line of text, in ems: Chinese glyphs stand taller than Latin ones


def char_ems(char: str) -> float:
    return 1.0 if unicodedata.east_asian_width(char) in "WF" else _EMS.get(char, _DEFAULT_EM)


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The width of `text` (its longest line) set in `size` points."""
    ems = max(sum(char_ems(c) for c in line) for line in text.split("\n"))
    return ems * size * (BOLD if bold else 1.0)


def text_height(text: str, size: float) -> float:
    return (text.count("\n") + 1) * LINE * size


def widest(texts: Sequence[str], size: float) -> float:
    return max((text_width(t, size) for t in texts), default=0.0)


def wrap(text: str, size: float, width: float, bold: bool = False) -> str:
    """`text` broken into lines no wider than `width`: at spaces, or anywhere in a run too long."""
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        candidate = f"{line} {word}" if line else word
        if text_width(candidate, size, bold) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = ""
        for char in word:  # a word wider than a line (a long Chinese name) breaks between characters
            if line and text_width(line + char, size, bold) > width:
                lines.append(line)
                line = ""
            line += char
    lines.append(line)
    return "\n".join(lines)


def rotated_height(width: float, height: float, degrees: float) -> float:
    """Vertical extent of a box `width` x `height` turned by `degrees`."""
    a = math.radians(degrees)
    return width * math.sin(a) + height * math.cos(a)


def legend_grid(labels: Sequence[str], size: float, width: float, handle_ems: float,
                spacing_ems: float, row_gap_ems: float) -> tuple[int, float]:
    """Columns and height of a legend: the most columns that fit `width`. Labels must already be
    wrapped to fit it alone."""
    entries = [handle_ems * size + text_width(label, size) for label in labels]
    ncols = next((n for n in range(len(entries), 1, -1)
                  if sum(max(column) for column in _columns(entries, n)) + spacing_ems * size * (n - 1)
                  <= width), 1)
    columns = _columns([text_height(label, size) for label in labels], ncols)
    heights = [max(column[r] for column in columns if r < len(column)) for r in range(len(columns[0]))]
    return ncols, sum(heights) + row_gap_ems * size * (len(heights) - 1)


def _columns(items: list[float], ncols: int) -> list[list[float]]:
    """`items` split into columns as matplotlib's legend splits its entries."""
    return [column.tolist() for column in np.array_split(items, ncols) if len(column)]
