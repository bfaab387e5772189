"""Chart text that reads in the page's light and in its dark scheme.

No one grey has 4.5:1 contrast on both white and Material's dark slate (#1e2129), and an SVG shown
by a page cannot see which scheme the reader chose (its `prefers-color-scheme` is the system's).
So everything drawn in `INK` takes its colour from a CSS variable, light by default and dark when the
document is opened at `#dark` (`charts.spec.DARK_FRAGMENT`), the id of the figure's outermost group:
the page shows the chart at that address in its dark scheme.
"""

from __future__ import annotations

from research_digest.charts.spec import DARK_FRAGMENT

INK = "#7d8491"  # what matplotlib draws text, axes and grid in; replaced by the variable below
INK_LIGHT = "#5f6673"  # 5.8:1 on white
INK_DARK = "#a3aab7"  # 6.9:1 on Material's slate background, #1e2129
_STYLE_TAG = '<style type="text/css">'
_INK_RULES = f"svg {{--ink: {INK_LIGHT}}} #{DARK_FRAGMENT}:target {{--ink: {INK_DARK}}}\n"


def themed(svg: str) -> str:
    """The SVG with its ink set by the scheme: matplotlib writes one stylesheet, which gets the rules."""
    if _STYLE_TAG not in svg or f'id="{DARK_FRAGMENT}"' not in svg:
        raise ValueError("chart SVG: no stylesheet or no figure group to set the ink's colours on")
    return svg.replace(INK, "var(--ink)").replace(_STYLE_TAG, _STYLE_TAG + _INK_RULES, 1)
