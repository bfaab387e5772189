"""JSON Schema of a note's front matter, made from the validator's own definitions and the registries.

`digest check` stays the authority (it resolves names case-insensitively, parses periods, checks
dates); the schema lets editors and other tools catch most mistakes as the contributor types.
`digest schema` writes it; a test fails when the committed copy is out of date.
"""

from __future__ import annotations

import json
import re
from typing import Any

from research_digest.authoring.fieldhelp import FIGURE_HELP, FORECAST_HELP, NOTE_HELP
from research_digest.load.notes import (
    _CHANGE,
    _NUMBER,
    _SAFE_URL,
    BASES,
    FIGURE_FIELDS,
    KINDS,
    LANGUAGES,
    NEW_DEFINITION,
    NOTE_FIELDS,
    RATIO_UNIT,
    REQUIRED,
)
from research_digest.load.registry import Metric, Registry, Table
from research_digest.load.units import unit_forms
from research_digest.load.views import CURRENCIES, FORECAST_FIELDS, RATING_ACTIONS, TARGET_ACTIONS

SCHEMA_FILE = "notes/.schema/note.schema.json"  # relative to the project root
# A date alone, or a date, time and time zone, as the validator's fromisoformat reads them.
PUBLISHED = r"^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2}))?$"
# `not` these: a string that ends so (a bare pattern would also match every number, vacuously)
POINT_SUFFIX = {"type": "string", "pattern": r"(pp|ppt|个百分点)\s*$"}
PERCENT_SUFFIX = {"type": "string", "pattern": r"%\s*$"}
NEGATIVE = {"type": "string", "pattern": r"^\s*-"}


def ecma(pattern: str) -> str:
    """A Python regex as ECMA 262 (editors' schema validators) reads it in unicode mode, which refuses
    needless escapes such as \\"."""
    return re.sub(r"\\([\"'])", r"\1", pattern)


def names(table: Table) -> list[str]:
    """Every name the validator accepts for an entry, ids first (editors offer them in this order)."""
    seen = dict.fromkeys(entry.id for entry in table)
    for entry in table:
        seen.update(dict.fromkeys(str(name) for name in entry.names))
    return list(seen)


def _optional(pattern: str, *types: str) -> dict[str, Any]:
    """A field that may be left empty (`link:` is null in YAML, `link: ""` empty) or match `pattern`."""
    return {"type": [*types, "string", "null"], "pattern": f"^$|{pattern}"}


def _one_or_list(item: dict[str, Any]) -> dict[str, Any]:
    """A list of words, or a single word, as the validator's text_list reads them."""
    return {"type": ["array", "string", "number", "null"], "items": item, "if": {"type": "string"}, "then": item}


def _with_help(help_text: dict[str, str], properties: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {name: {"description": help_text[name], **properties[name]} for name in properties}


def note_schema(registry: Registry) -> dict[str, Any]:
    metrics = list(registry.metrics)
    ratio_names = [n for m in metrics if m.is_ratio for n in (m.id, *m.names)]
    every_unit = list(dict.fromkeys(form for m in metrics for form in unit_forms(m.kind, m.unit)))
    unsigned_names = [n for m in metrics if not m.signed for n in (m.id, *m.names)]
    url = _optional(ecma(_SAFE_URL.pattern))
    change = _optional(ecma(_CHANGE.pattern), "number")
    segment = {"enum": names(registry.segments)}
    optional_segment = {"enum": [*names(registry.segments), "", None]}
    figure_properties: dict[str, dict[str, Any]] = {
        "metric": {"enum": names(registry.metrics)},
        "segment": optional_segment,
        "period": {"type": ["string", "integer", "null"]},
        "value": _optional(ecma(_NUMBER.pattern), "number"),
        "unit": {"enum": every_unit},
        "yoy": change,
        "qoq": change,
        "basis": {"enum": [*BASES, "", None]},
        "note": {"type": ["string", "null"]},
        "definition": {"enum": [NEW_DEFINITION, "", None]},
        "definition_note": {"type": ["string", "null"]},
        "citation": url,
    }
    stated = [{"required": [name], "properties": {name: {"type": ["number", "string"], "minLength": 1}}}
              for name in ("value", "yoy", "qoq")]
    is_ratio = {"properties": {"metric": {"enum": ratio_names}}}
    figure = {
        "type": "object",
        "required": ["metric", "unit"],
        "additionalProperties": False,
        "properties": _with_help(FIGURE_HELP, {k: figure_properties[k] for k in FIGURE_FIELDS}),
        "anyOf": stated,
        "allOf": [
            {   # a ratio is in %, changes in points, at most 100; an amount in a currency, changes in percent
                "if": is_ratio,
                "then": {"properties": {"unit": {"const": RATIO_UNIT}, "value": {"maximum": 100},
                                        "yoy": {"not": PERCENT_SUFFIX},
                                        "qoq": {"not": PERCENT_SUFFIX}}},
                "else": {"properties": {"yoy": {"not": POINT_SUFFIX},
                                        "qoq": {"not": POINT_SUFFIX}}},
            },
            *units_by_metric(metrics),
            {
                "if": {"properties": {"metric": {"enum": unsigned_names}}},
                "then": {"properties": {"value": {"minimum": 0, "not": NEGATIVE}}},
            },
        ],
    }
    note_properties: dict[str, dict[str, Any]] = {
        "title": {"type": ["string", "number"], "minLength": 1},
        "company": {"enum": names(registry.companies)},
        "period": {"type": ["string", "integer"], "minLength": 1, "examples": ["2024Q4", "FY2024", "2025H1"]},
        "published": {"type": "string", "pattern": PUBLISHED, "examples": ["2025-03-19", "2025-03-22 14:46 +08:00"]},
        "source": {"enum": names(registry.sources)},
        "analysts": _one_or_list({"type": ["string", "number"]}),
        "kind": {"enum": list(KINDS)},
        "language": {"enum": list(LANGUAGES)},
        "link": url,
        "segments": _one_or_list(segment),
        "tags": _one_or_list({"type": ["string", "number"]}),
        "references": {"type": ["array", "null"], "items": {
            "type": "object", "required": ["marker", "text"], "additionalProperties": False,
            "properties": {"marker": {"type": "integer", "minimum": 1, "maximum": 999},
                           "text": {"type": ["string", "number"], "minLength": 1}, "url": url}}},
        "metrics": {"type": ["array", "null"], "items": {"$ref": "#/definitions/figure"}},
        **view_properties(registry, figure_properties),
    }
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "Research digest note",
        "description": "Front matter of a note in notes/. Made by `digest schema` from the validator and "
                       "registry/; do not edit by hand. `digest check` has the last word.",
        "type": "object",
        "required": list(REQUIRED),
        "additionalProperties": False,
        "properties": _with_help(NOTE_HELP, {k: note_properties[k] for k in NOTE_FIELDS}),
        "definitions": {"figure": figure, "forecast": forecast_schema(figure, figure_properties)},
    }


def units_by_metric(metrics: list[Metric]) -> list[dict[str, Any]]:
    """The units each group of metrics takes (amounts, per-share values, each count's own noun), as the
    validator reads them, aliases included."""
    groups: dict[tuple[str, ...], list[str]] = {}
    for metric in metrics:
        if not metric.is_ratio:
            groups.setdefault(tuple(unit_forms(metric.kind, metric.unit)), []).extend((metric.id, *metric.names))
    return [{"if": {"properties": {"metric": {"enum": list(dict.fromkeys(metric_names))}}},
             "then": {"properties": {"unit": {"enum": list(forms)}}}} for forms, metric_names in groups.items()]


def rating_words(registry: Registry) -> list[str]:
    """Every broker's rating words, as its rating_scale lists them."""
    return list(dict.fromkeys(word for source in registry.sources for word in source.rating_scale))


def view_properties(registry: Registry, figure_properties: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """A broker's rating and target price; its forecasts, each a `forecast`."""
    word = {"enum": [*rating_words(registry), "", None]}
    number = figure_properties["value"]
    return {
        "rating": {"type": ["object", "null"], "additionalProperties": False, "required": ["value"],
                   "properties": {"value": word, "previous": word,
                                  "action": {"enum": [*RATING_ACTIONS, "", None]}}},
        "target_price": {"type": ["object", "null"], "additionalProperties": False, "required": ["value", "currency"],
                         "properties": {"value": number, "currency": {"enum": list(CURRENCIES)}, "previous": number,
                                        "action": {"enum": [*TARGET_ACTIONS, "", None]}}},
        "forecasts": {"type": ["array", "null"], "items": {"$ref": "#/definitions/forecast"}},
    }


def forecast_schema(figure: dict[str, Any], figure_properties: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """An estimate: a figure's fields and rules (a ratio in %, an amount in a currency), a period that is
    required, and the broker's previous estimate."""
    properties = {**figure_properties, "period": {"type": ["string", "integer"], "examples": [2025, "2025Q4"]},
                  "previous": figure_properties["value"]}
    return {"type": "object", "required": ["metric", "period", "value", "unit"], "additionalProperties": False,
            "properties": _with_help(FORECAST_HELP, {k: properties[k] for k in FORECAST_FIELDS}),
            "allOf": figure["allOf"]}


def schema_text(registry: Registry) -> str:
    return json.dumps(note_schema(registry), ensure_ascii=False, indent=2) + "\n"
