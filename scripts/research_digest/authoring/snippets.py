"""VS Code snippets for a note's front matter, made from the validator's fields and the registries.

VS Code completes nothing inside Markdown front matter from a JSON Schema (the YAML extension skips
.md files), so `digest schema` also writes these snippets: a whole front matter, a figure of each
shape, one line per field, and every registry name or ticker standing for its id. Values with a
fixed set (ids, kinds, units) are choice lists, in registry order.

Snippet syntax: `${1:text}` a placeholder, `${1|a,b|}` a choice. In text `\\`, `$` and `}` are escaped
with a backslash; in a choice `\\`, `,` and `|` are (VS Code's snippet parser reads no other escape there).
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import yaml

from research_digest.authoring.fieldhelp import FIGURE_HELP, NOTE_HELP
from research_digest.authoring.schema import SCHEMA_FILE, rating_words, schema_text
from research_digest.load.notes import BASES, KINDS, LANGUAGES, NEW_DEFINITION, NOTE_FIELDS, RATIO_UNIT
from research_digest.load.registry import Metric, Registry, Table
from research_digest.load.units import AMOUNT_UNITS, PER_SHARE_UNITS, unit_forms
from research_digest.load.views import CURRENCIES, RATING_ACTIONS, TARGET_ACTIONS

SNIPPETS_FILE = ".vscode/research-digest.code-snippets"  # relative to the project root
# Front matter is YAML embedded in Markdown: VS Code asks for snippets of the language at the cursor.
SCOPE = "markdown,yaml"
LISTS = ("analysts", "segments", "tags")  # written in flow style: [a, b]
QUOTED = ("title",)  # free text, where a colon would end the YAML scalar
NOTE_EXAMPLES = {"title": "Headline of the digest", "period": "2024Q4", "published": "2025-03-22 14:46 +08:00"}
FIGURE_EXAMPLES = {"period": "FY2024", "value": "0", "yoy": "0", "qoq": "0",
                   "definition_note": "from 2025Q3 includes ..."}
FIGURE_LINES = ("metric", "value", "unit", "yoy", "qoq")  # the usual figure; variants add a field
FORECAST_LINES = ("metric", "period", "value", "unit", "previous", "citation")
STRUCTURED = ("metrics", "rating", "target_price", "forecasts")  # no one-line snippet: their own below


def escape_text(text: str) -> str:
    return re.sub(r"[\\$}]", r"\\\g<0>", text)


def escape_choice(text: str) -> str:
    return re.sub(r"[\\,|]", r"\\\g<0>", text)


def yaml_scalar(text: str) -> str:
    """`text` as a plain YAML scalar if it reads back as itself, else double-quoted (`%` must be)."""
    try:
        plain = yaml.safe_load(text) == text and "#" not in text
    except yaml.YAMLError:
        plain = False
    return text if plain else json.dumps(text, ensure_ascii=False)


def ids(table: Table) -> list[str]:
    return [entry.id for entry in table]


@dataclass
class Body:
    """One snippet's lines, numbering its tabstops in the order they are written."""

    lines: list[str] = field(default_factory=list)
    numbers: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    def choice(self, values: list[str]) -> str:
        return f"${{{next(self.numbers)}|{','.join(escape_choice(yaml_scalar(v)) for v in values)}|}}"

    def blank(self, example: str = "") -> str:
        number = next(self.numbers)
        return f"${{{number}:{escape_text(example)}}}" if example else f"${number}"

    def field(self, key: str, choices: list[str] | None, example: str = "", indent: str = "") -> None:
        value = self.choice(choices) if choices else self.blank(example)
        value = f"[{value}]" if key in LISTS else f'"{value}"' if key in QUOTED else value
        self.lines.append(f"{indent}{key}: {value}")

    def figure(self, keys: tuple[str, ...], choices: dict[str, list[str]], indent: str = "") -> None:
        for i, key in enumerate(keys):
            self.field(key, choices.get(key), FIGURE_EXAMPLES.get(key, ""), indent + ("- " if i == 0 else "  "))


def snippet(prefix: list[str], body: list[str], description: str) -> dict[str, object]:
    return {"scope": SCOPE, "prefix": prefix, "body": body, "description": description}


def figure_variants(registry: Registry, choices: dict[str, list[str]]) -> list[tuple[str, str, tuple[str, ...],
                                                                                     dict[str, list[str]]]]:
    """(prefix, description, fields, choices) of each shape of figure."""
    def kind(name: str) -> list[str]:
        return [metric.id for metric in registry.metrics if metric.kind == name]

    def adding(extra: str) -> tuple[str, ...]:
        return (FIGURE_LINES[0], extra, *FIGURE_LINES[1:])

    counts = [metric for metric in registry.metrics if metric.kind == "count"]
    by_kind = [
        ("figure", "an amount in a currency, changes in percent", FIGURE_LINES,
         {**choices, "metric": kind("amount"), "unit": list(AMOUNT_UNITS)}),
        ("figure-ratio", "a ratio such as a margin, in %, changes in points", FIGURE_LINES,
         {**choices, "metric": kind("ratio"), "unit": [RATIO_UNIT]}),
        ("figure-per-share", "a value per share (EPS) in a currency, changes in percent", FIGURE_LINES,
         {**choices, "metric": kind("per_share"), "unit": list(PER_SHARE_UNITS)}),
        ("figure-count", "a count (vehicles, customers, MW) with its scale, changes in percent", FIGURE_LINES,
         {**choices, "metric": [m.id for m in counts], "unit": canonical_units(counts)}),
    ]
    return [
        *(variant for variant in by_kind if variant[3]["metric"]),  # a kind the registry has no metric of: none
        ("figure-segment", "a figure for one segment", adding("segment"), choices),
        ("figure-annual", "an annual total in a quarterly note", adding("period"), choices),
        ("figure-adjusted", "an adjusted (non-GAAP) figure", adding("basis"), choices),
        ("figure-new-definition", "the first figure on a new definition, and what changed",
         (*FIGURE_LINES, "definition", "definition_note"), choices),
    ]


def canonical_units(metrics: list[Metric]) -> list[str]:
    """The units these metrics take, each in the form the guide writes (no aliases)."""
    return list(dict.fromkeys(unit for m in metrics for unit in unit_forms(m.kind, m.unit).values()))


def snippets(registry: Registry) -> dict[str, dict[str, object]]:
    note_choices = {"company": ids(registry.companies), "source": ids(registry.sources), "kind": list(KINDS),
                    "language": list(LANGUAGES), "segments": ids(registry.segments)}
    figure_choices = {"metric": ids(registry.metrics), "segment": ids(registry.segments),
                      "unit": canonical_units(list(registry.metrics)),
                      "basis": list(BASES), "definition": [NEW_DEFINITION]}
    found: dict[str, dict[str, object]] = {}

    note = Body(["---"])
    for key in NOTE_FIELDS[:NOTE_FIELDS.index("metrics")]:
        note.field(key, note_choices.get(key), NOTE_EXAMPLES.get(key, ""))
    note.lines.append("metrics:")
    note.figure(FIGURE_LINES, figure_choices, "  ")
    note.lines += ["---", "", "$0"]
    found["Note front matter"] = snippet(["note", "front-matter"], note.lines,
                                         "Every field of a note, ids to choose from; then run digest check")

    for prefix, description, keys, choices in figure_variants(registry, figure_choices):
        figure = Body()
        figure.figure(keys, choices)
        found[f"Figure: {description}"] = snippet([prefix, "- metric"], figure.lines, f"A metrics item: {description}")

    for help_text, choices, examples in ((NOTE_HELP, note_choices, NOTE_EXAMPLES),
                                         (FIGURE_HELP, figure_choices, FIGURE_EXAMPLES)):
        for key, description in help_text.items():
            if key not in STRUCTURED:
                line = Body()
                line.field(key, choices.get(key), examples.get(key, ""))
                found.setdefault(f"Field: {key}", snippet([key], line.lines, description))

    found.update(view_snippets(registry, figure_choices))
    for table in (registry.companies, registry.sources, registry.segments, registry.metrics):
        for entry in table:
            names = list(dict.fromkeys(str(name) for name in (entry.id, *entry.names)))
            found[f"{table.what}: {entry.id}"] = snippet(names, [escape_text(entry.id)],
                                                         f"{table.what} id for {entry.display}")
    return found


def view_snippets(registry: Registry, figure_choices: dict[str, list[str]]) -> dict[str, dict[str, object]]:
    """A broker's rating, target price and one forecast."""
    words = rating_words(registry)
    rating = Body()
    word = rating.choice(words) if words else rating.blank("增持")
    rating.lines.append(f"rating: {{value: {word}, previous: {rating.blank()}, "
                        f"action: {rating.choice(list(RATING_ACTIONS))}}}")
    target = Body()
    target.lines.append(f"target_price: {{value: {target.blank('0')}, currency: {target.choice(list(CURRENCIES))}, "
                        f"previous: {target.blank()}, action: {target.choice(list(TARGET_ACTIONS))}}}")
    forecast = Body()
    forecast.figure(FORECAST_LINES, figure_choices)
    return {"Rating": snippet(["rating"], rating.lines, NOTE_HELP["rating"]),
            "Target price": snippet(["target_price", "target-price"], target.lines, NOTE_HELP["target_price"]),
            "Forecast": snippet(["forecast", "- metric"], forecast.lines,
                                "A forecasts item: an estimate for a later period")}


def snippets_text(registry: Registry) -> str:
    return ("// Made by `digest schema` from the validator and registry/; do not edit by hand.\n"
            + json.dumps(snippets(registry), ensure_ascii=False, indent=2) + "\n")


def editor_files(registry: Registry) -> dict[str, str]:
    """What `digest schema` writes, by path relative to the project root."""
    return {SCHEMA_FILE: schema_text(registry), SNIPPETS_FILE: snippets_text(registry)}
