"""What a chart's address switches, through the SVG's own stylesheet: the ink of a dark page, and
the period of the note whose page shows it.

No one grey has 4.5:1 contrast on both white and Material's dark slate (#1e2129), and an SVG shown
by a page cannot see which scheme the reader chose (its `prefers-color-scheme` is the system's). So
everything drawn in `INK` takes its colour from a CSS variable, light by default, dark when the
address names the dark scheme (`charts.spec.fragment`). A note's page marks its period the same way:
every period chart carries a hidden band behind each period, shown (and that period's label set in
bold) when the address names it. One drawing serves every page, so editing a figure redraws one
chart, not one per note.
"""

from __future__ import annotations

from research_digest.charts.spec import DARK, fragment

INK = "#7d8491"  # what matplotlib draws text, axes and grid in; replaced by the variable below
INK_LIGHT = "#5f6673"  # 5.8:1 on white
INK_DARK = "#a3aab7"  # 6.9:1 on Material's slate background, #1e2129
_STYLE_TAG = '<style type="text/css">'


def band_id(period: str) -> str:
    return f"band-{period}"


def label_id(period: str) -> str:
    return f"label-{period}"


def styled(svg: str, periods: tuple[str, ...]) -> str:
    """The SVG with its ink set by the scheme and `periods` (each with a band and a label drawn
    under `band_id` and `label_id`) marked by the address. Matplotlib writes one stylesheet, which
    gets the rules; the address's targets are empty groups at the top of the document."""
    if _STYLE_TAG not in svg:
        raise ValueError("chart SVG: no stylesheet to set the ink's colours in")
    dark = ", ".join(f"#{fragment(p, dark=True)}:target ~ g" for p in periods)
    rules = [f"svg {{--ink: {INK_LIGHT}}}", f"#{DARK}:target ~ g {{--ink: {INK_DARK}}}"]
    if periods:
        rules += [f"{dark} {{--ink: {INK_DARK}}}", '[id^="band-"] {visibility: hidden}']
    for period in periods:
        chosen = f"#{fragment(period)}:target ~ g, #{fragment(period, dark=True)}:target ~ g"
        rules += [f"{_within(chosen, '#' + band_id(period))} {{visibility: visible}}",
                  f"{_within(chosen, '#' + label_id(period) + ' text')} {{font-weight: 700}}"]
    targets = "".join(f'<g id="{name}"/>' for name in
                      (DARK, *(fragment(p, dark=d) for p in periods for d in (False, True))))
    svg = svg.replace(INK, "var(--ink)").replace(_STYLE_TAG, _STYLE_TAG + "\n".join(rules) + "\n", 1)
    head, sep, body = svg.partition("</defs>\n")  # the targets, ahead of (siblings of) the drawing
    return head + sep + targets + "\n" + body


def _within(targets: str, selector: str) -> str:
    """`selector` inside the drawing when one of `targets` (each "#id:target ~ g") is the address."""
    return ", ".join(f"{target} {selector}" for target in targets.split(", "))
