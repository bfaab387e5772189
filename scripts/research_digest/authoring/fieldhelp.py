"""One line of help per front-matter field: the comments `digest new` writes and the schema's
descriptions (what editors show on hover) come from here, so they never disagree."""

from __future__ import annotations

from research_digest.load.notes import BASES, KINDS, LANGUAGES, NEW_DEFINITION, RATIO_UNIT
from research_digest.load.registry import RATINGS
from research_digest.load.units import AMOUNT_UNITS, PER_SHARE_UNITS
from research_digest.load.views import CURRENCIES, RATING_ACTIONS, TARGET_ACTIONS

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
    "rating": "optional, a broker's: {value: 增持, previous: 增持, action: maintained}, the words as the broker "
              f"writes them (its rating_scale in registry/sources.yml maps them to {', '.join(RATINGS)}); "
              f"action: {' | '.join(RATING_ACTIONS)}",
    "target_price": f"optional: {{value: 10.03, currency: HKD, previous: 9.80, action: raised}}; currency: "
                    f"{' | '.join(CURRENCIES)}; action: {' | '.join(TARGET_ACTIONS)}",
    "forecasts": "optional: the broker's estimates for later periods, one item each; compared with the actuals "
                 "once reported, never checked against them",
}

FIGURE_HELP = {
    "metric": "metric id from registry/metrics.yml",
    "segment": "optional: a segment id; the figure is for that segment only",
    "basis": f"{' | '.join(BASES)} (default {BASES[0]})",
    "period": "optional: the note's period unless given (FY2024 for an annual total)",
    "value": "the number as the source states it, with its decimals (1.410 is kept to three); "
             "a bound in quotes, '>20' (also >=, <, <=), or '~20' when approximate",
    "unit": f"{' | '.join(AMOUNT_UNITS)} for amounts, {RATIO_UNIT} for ratios, {' | '.join(PER_SHARE_UNITS)} "
            "per share (EPS), for a count its noun with a scale (thousand customers, mn users, GW)",
    "yoy": "change year on year: points (pp) for ratios, percent for the rest",
    "qoq": "change quarter on quarter: points (pp) for ratios, percent for the rest",
    "note": "optional qualifier the source gives: continuing operations, normalised",
    "definition": f"optional: '{NEW_DEFINITION}' on the first figure of a new definition (a reorganised segment, "
                  "口径调整); earlier periods are not compared with it",
    "definition_note": f"optional, with definition: {NEW_DEFINITION}: what changed, like 'from 2025Q3 includes ...'",
    "citation": "address of the document stating this figure (the note's link if empty)",
}


FORECAST_HELP = {
    "metric": FIGURE_HELP["metric"],
    "segment": "optional: a segment id; the estimate is for that segment only",
    "basis": FIGURE_HELP["basis"],
    "period": "the period estimated: a fiscal year (2025), half (2025H2) or quarter (2025Q4)",
    "value": "the estimate as the broker states it, with its decimals",
    "unit": FIGURE_HELP["unit"],
    "previous": "optional: the broker's earlier estimate, in the same unit",
    "citation": "address of the document stating this estimate (the note's link if empty)",
}
