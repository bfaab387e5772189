"""The importer's output: a draft note whose every unsure field carries a `# CHECK:` mark."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from research_digest.load.notes import FIGURE_FIELDS, NOTE_FIELDS
from research_digest.load.views import FORECAST_FIELDS


@dataclass
class Checklist:
    """What the contributor must check: the reasons by field, and one line each for the summary."""

    unsure: list[str] = field(default_factory=list)  # lines not read, figures and fields to check, with their text
    marks: dict[str, list[str]] = field(default_factory=dict)  # "published", "metrics[2].yoy", "metrics" -> why

    def mark(self, where: str, why: str, text: str = "") -> None:
        self.marks.setdefault(where, []).append(why)
        self.unsure.append(f"{where}: {why}" + (f" — from “{text}”" if text else ""))


@dataclass
class Draft:
    front: dict  # front matter fields in the order of the note format
    body: str  # Markdown
    unsure: list[str]  # for the contributor: lines not read, figures and fields to check, with their text
    marks: dict[str, list[str]] = field(default_factory=dict)  # "published", "metrics[2].yoy", "metrics" -> why

    def to_markdown(self) -> str:
        """Front matter with `# CHECK: why` on every field to check, then the body.

        Figures that fit nowhere are `# CHECK:` comment lines at the end of `metrics`; unread lines
        are a comment block at the top of the body. Once the marks are dealt with the note validates.
        """
        lines = ["---"]
        for key in NOTE_FIELDS:
            if key not in self.front:
                continue
            value = self.front[key]
            if key == "references":  # one item per marker, written as a block like the figures
                lines.append(_marked("references:", self.marks.get(key)))
                lines += [f"  - marker: {item['marker']}\n    text: {_scalar(item['text'])}" for item in value]
            elif key in LIST_FIELDS:
                lines += self.figure_lines(key, value, LIST_FIELDS[key])
            else:
                lines.append(_marked(f"{key}: {_scalar(value)}", self.marks.get(key)))
        lines.append("---")
        body = self.body
        if self.marks.get("body"):
            listed = "\n".join("  " + line.replace("--", "- -") for line in self.marks["body"])
            body = ("<!-- CHECK: lines the importer could not read; move what matters into the note, "
                    f"then delete this block:\n{listed}\n-->\n\n{body}")
        return "\n".join(lines) + "\n\n" + body.rstrip() + "\n"

    def figure_lines(self, key: str, figures: list[dict], order: tuple[str, ...]) -> list[str]:
        """A list of figures (metrics, forecasts), one field a line, each marked where it is to check."""
        lines = [f"{key}:" if figures else f"{key}: []"]
        for index, figure in enumerate(figures):
            where = f"{key}[{index}]"
            # marks on fields the figure does not write (a period equal to the note's) go on its first line
            whole = self.marks.get(where, []) + [why for name, whys in self.marks.items()
                                                 if name.startswith(where + ".")
                                                 and name.removeprefix(where + ".") not in figure
                                                 for why in whys]
            for position, name in enumerate(sorted(figure, key=order.index)):
                prefix = "  - " if position == 0 else "    "
                reasons = self.marks.get(f"{where}.{name}", []) + (whole if position == 0 else [])
                lines.append(_marked(f"{prefix}{name}: {_scalar(figure[name])}", reasons))
        return lines + [f"  # CHECK: {why}" for why in self.marks.get(key, [])]

    def suggested_path(self) -> str:
        """notes/<company>/<period>-<source>.md, with `unknown-...` for what is not known yet."""
        def part(key: str, placeholder: str) -> str:
            value = str(self.front.get(key) or "")
            return value if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9-]*", value) and key not in self.marks \
                else placeholder
        return (f"notes/{part('company', 'unknown-company')}/"
                f"{part('period', 'unknown-period')}-{part('source', 'unknown-source')}.md")


LIST_FIELDS = {"metrics": FIGURE_FIELDS, "forecasts": FORECAST_FIELDS}  # lists of figures, in their fields' order


def _marked(line: str, reasons: list[str] | None) -> str:
    return f"{line}   # CHECK: {'; '.join(reasons)}" if reasons else line


def _scalar(value: object) -> str:
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10**9, sort_keys=False)
    return text.removesuffix("\n").removesuffix("\n...").strip()

