"""A broker's view read from a digest: its rating, its target price and its forecasts.

Sentences that state a forecast ("预计公司2025/2026/2027年营业收入分别为…", "we forecast …") and the
target price are taken out of the facts before figures are read, so neither is ever read as a
reported figure. What is found but cannot be placed comes back with why, for the draft to mark.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from research_digest.authoring.importer.body import Section
from research_digest.authoring.importer.figures import DraftFigure, FigureReader, _excerpt, _number
from research_digest.authoring.importer.patterns import (
    AGAINST_EXPECTATIONS,
    CURRENCY,
    FORECAST_MARK,
    RATING_ACTIONS,
    RATING_PATTERNS,
    SENTENCE,
    TARGET_ACTIONS,
    TARGET_PATTERNS,
    YEAR_LIST,
    name_key,
)
from research_digest.authoring.importer.periods import PeriodReader
from research_digest.load.periods import Period


@dataclass
class View:
    """What the draft gets: front-matter fields, and (where, why, excerpt) for each thing to check."""

    rating: dict | None = None
    target_price: dict | None = None
    forecasts: list[dict] = field(default_factory=list)
    checks: list[tuple[str, str, str]] = field(default_factory=list)

    def front(self) -> dict:
        fields = {"rating": self.rating, "target_price": self.target_price, "forecasts": self.forecasts}
        return {name: value for name, value in fields.items() if value}


class ViewReader:
    """Reads one digest's view; forecasts use the figure reader's metric names and amounts."""

    def __init__(self, figures: FigureReader, periods: PeriodReader):
        self.figures = figures
        self.periods = periods
        self.amounts = [regex for kind, regex in figures.patterns if kind == "amount"]  # compiled once, there

    def read(self, sections: list[Section]) -> tuple[View, list[Section]]:
        """The view, and the sections with its sentences taken out for the figure reader."""
        view = View()
        kept: list[Section] = []
        for heading, facts in sections:
            kept.append((heading, [self.fact(view, fact) for fact in facts]))
        return view, kept

    def fact(self, view: View, fact: str) -> str:
        """Reads the view in one fact; returns what is left of it for the figure reader."""
        rest = []
        for sentence in SENTENCE.findall(fact):
            self.rating(view, sentence)
            sentence = self.target(view, sentence)
            if FORECAST_MARK.search(AGAINST_EXPECTATIONS.sub("", sentence)) and self.figures.mention.search(sentence):
                self.forecasts(view, sentence)
                continue
            rest.append(sentence)
        return "".join(rest).strip()

    @staticmethod
    def rating(view: View, sentence: str) -> None:
        for pattern in RATING_PATTERNS:
            if m := pattern.search(sentence):
                found: dict = {"value": " ".join(m["word"].split())}
                action = next((name for name, words in RATING_ACTIONS
                               if m["action"] and re.match(words, m["action"], re.I)), None)
                if action is None and re.search(r"首次|initiat", sentence[:m.start()], re.I):
                    action = "initiated"  # "首次覆盖，给予“增持”评级"
                if action:
                    found["action"] = action
                if view.rating is None:
                    view.rating = found
                elif view.rating["value"] != found["value"]:
                    view.checks.append(("rating", f"a second rating '{found['value']}' is stated", sentence))
                return

    @staticmethod
    def target(view: View, sentence: str) -> str:
        """Reads a target price; returns the sentence without it."""
        for pattern in TARGET_PATTERNS:
            m = pattern.search(sentence)
            if m is None:
                continue
            written = (m["cur0"] or m["cur"] or "").lower()
            found: dict = {"value": _number(m["num"]), "currency": CURRENCY.get(written, "CNY")}
            previous = m["prev"] or m.groupdict().get("prev2")
            if previous:
                found["previous"] = _number(previous)
            action = next((name for name, words in TARGET_ACTIONS if m["dir"] and re.match(words, m["dir"], re.I)),
                          None)
            if action:
                found["action"] = action
            if view.target_price is None:
                view.target_price = found
                if written in ("", "元"):
                    view.checks.append(("target_price", f"currency {'not stated' if not written else '元'}: "
                                        "read as CNY; a Hong Kong or US listing is priced in HKD or USD", m[0]))
            else:
                view.checks.append(("target_price", f"a second target price {m[0].strip()} (another listing?): "
                                    "one target price per note", sentence))
            return sentence[:m.start()] + sentence[m.end():]
        return sentence

    def forecasts(self, view: View, sentence: str) -> None:
        """Forecast figures: a metric, the periods named before its values, the values in order."""
        mention = self.figures.mention.search(sentence)
        assert mention is not None
        metric = self.figures.metric_by_name[name_key(mention["metric"])]
        after = sentence[mention.end():]
        amounts = sorted((m for regex in self.amounts for m in regex.finditer(after)), key=lambda m: m.start())
        amounts = [m for i, m in enumerate(amounts) if not any(o.start() <= m.start() < o.end() for o in amounts[:i])]
        # "预计2025/2026年收入分别为…" names the periods first; "revenue of RMB 9.5bn/11.7bn for 2025/26" after
        periods = self.periods_of(sentence[:mention.end() + (amounts[0].start() if amounts else len(after))]) \
            or (self.periods_of(after[amounts[-1].end():]) if amounts else [])
        if not amounts or not periods or len(amounts) != len(periods):
            view.checks.append(("forecasts", f"a forecast of {metric} the importer could not place "
                                f"({len(periods)} period(s), {len(amounts)} value(s)): add it under forecasts by hand",
                                _excerpt(sentence, 0, 0, 140)))
            return
        stated = {CURRENCY.get(_currency_word(m)) for m in amounts} - {None}
        for period, amount in zip(periods, amounts, strict=True):
            basis = "adjusted" if mention["basis"] else None
            figure = DraftFigure(metric, None, basis, period.label, True, 0, sentence)
            self.figures.amount(figure, amount, after[:amount.start()])
            unit = str(figure.unit)
            if len(stated) == 1 and "unit" in figure.checks:  # "92亿及106.7亿元人民币": stated once for the list
                del figure.checks["unit"]
                unit = f"{next(iter(stated))} {unit.split()[1]}"
            front: dict = {"metric": metric, "period": period.label}
            if basis:
                front["basis"] = basis
            front |= {"value": figure.value, "unit": unit}
            index = len(view.forecasts)
            view.forecasts.append(front)
            view.checks += [(f"forecasts[{index}]", why, sentence) for whys in figure.checks.values() for why in whys]

    def periods_of(self, text: str) -> list[Period]:
        """The forecast's periods: a quarter or half written as such, else the years of a list."""
        named = [period for period, _ in self.periods.periods_in(text)]
        if named:
            return named
        found: list[Period] = []
        for m in YEAR_LIST.finditer(text):
            years = [int(y) + (2000 if len(y) == 2 else 0) for y in re.findall(r"\d+", m[0])]
            if re.search(r"[-–]", m[0]) and len(years) == 2:
                years = list(range(years[0], years[1] + 1))
            found += [Period("FY", year, 0, self.periods.fy_end) for year in years]
        return found


def _currency_word(amount: re.Match[str]) -> str:
    groups = amount.groupdict()
    return (groups.get("cur") or groups.get("cur0") or "").lower()
