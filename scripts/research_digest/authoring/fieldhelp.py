"""One line of help per front-matter field: the comments `digest new` writes and the schema's
descriptions (what editors show on hover) come from here, so they never disagree."""

from __future__ import annotations

from research_digest.load.notes import AMOUNT_UNITS, BASES, KINDS, LANGUAGES, NEW_DEFINITION, RATIO_UNIT

NOTE_HELP = {
    "title": "one line, in the note's language",
    "company": "company id from registry/companies.yml (a name or ticker works too)",
    "period": "the period the note is about: 2024Q4, 4Q24, Q4 2024, FY2024, 2025H1, 2024年第四季度",
    "published": "the date the source came out, 2025-03-19; with the time and zone only if it states them, "
                 "2025-03-22 14:46 +08:00",
    "source": "source id from registry/sources.yml",
    "analysts": "names, like [付天姿, 黄铮]",
    "kind": " | ".join(KINDS),
    "language": " | ".join(LANGUAGES),
    "link": "address of the original (http or https)",
    "segments": "segment ids the note discusses, from registry/segments.yml",
    "tags": "free words",
    "references": "optional: what the body's markers cite, one item each: {marker: 2, text: what it cites, "
                  "url: its address if it has one}; every [2] in the body needs one",
    "metrics": "the figures, one item each",
}

FIGURE_HELP = {
    "metric": "metric id from registry/metrics.yml",
    "segment": "optional: a segment id; the figure is for that segment only",
    "basis": f"{' | '.join(BASES)} (default {BASES[0]})",
    "period": "optional: the note's period unless given (FY2024 for an annual total)",
    "value": "the number as the source states it, with its decimals (1.410 is kept to three); "
             "a bound in quotes, '>20' (also >=, <, <=), or '~20' when approximate",
    "unit": f"{' | '.join(AMOUNT_UNITS)} for amounts, {RATIO_UNIT} for ratios",
    "yoy": "change year on year: percent for amounts, points (pp) for ratios",
    "qoq": "change quarter on quarter: percent for amounts, points (pp) for ratios",
    "note": "optional qualifier the source gives: continuing operations, normalised",
    "definition": f"optional: '{NEW_DEFINITION}' on the first figure of a new definition (a reorganised segment, "
                  "口径调整); earlier periods are not compared with it",
    "definition_note": f"optional, with definition: {NEW_DEFINITION}: what changed, like 'from 2025Q3 includes ...'",
    "citation": "address of the document stating this figure (the note's link if empty)",
}
