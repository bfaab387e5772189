"""Figures read from a digest's facts, clause by clause (see `patterns.FIGURE_PATTERNS`).

Nothing is guessed silently: a number that fits no figure and a figure whose reading involved an
assumption come back with why, for the draft to mark.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from research_digest.authoring.importer.body import Section
from research_digest.authoring.importer.patterns import (
    APPROX_ANY,
    BASIS,
    BP_UNITS,
    CJK,
    CLAUSE,
    CURRENCY,
    DOWN,
    FIGURE_PATTERNS,
    FILLER,
    LATIN,
    NEGATIVE_NAME,
    NUM,
    OVER,
    PERCENT_UNITS,
    PERIODS,
    SCALE,
    SUFFIX_QUALIFIER,
    Event,
    name_key,
    name_regex,
    select,
)
from research_digest.authoring.importer.periods import PeriodReader
from research_digest.load.periods import Period
from research_digest.load.registry import Registry

Lost = Callable[[Event, str], None]  # records an event that fits no figure, with why


@dataclass
class DraftFigure:
    metric: str
    segment: str | None
    basis: str | None
    period: str
    explicit_period: bool
    clause: int
    fact: str
    qualifier: str = ""  # the mention with words that make it something else: "revenue from partners"
    negative: bool = False  # the name says loss (经营亏损) or a loss word came before the amount
    value: float | int | None = None
    unit: str | None = None
    yoy: float | int | str | None = None
    qoq: float | int | str | None = None
    last_sign: int | None = None
    checks: dict[str, list[str]] = field(default_factory=dict)

    def check(self, name: str, why: str) -> None:
        self.checks.setdefault(name, []).append(why)

    @property
    def key(self) -> tuple:
        return (self.metric, self.segment, self.basis, self.period)

    def as_front(self, note_period: str) -> dict:
        front: dict = {"metric": self.metric}
        if self.segment:
            front["segment"] = self.segment
        if self.basis:
            front["basis"] = self.basis
        if self.period != note_period:
            front["period"] = self.period
        for name in ("value", "unit", "yoy", "qoq"):
            if getattr(self, name) is not None:
                front[name] = getattr(self, name)
        return front


def _number(text: str, factor: Decimal | int = 1) -> float | int:
    value = Decimal(text.replace(",", "")) * factor
    if value == value.to_integral_value() and ("." not in text or factor != 1):
        return int(value)
    return float(value)


def _excerpt(text: str, start: int, end: int, room: int = 70) -> str:
    left, right = max(0, start - room), min(len(text), end + room)
    return ("…" if left else "") + text[left:right].strip() + ("…" if right < len(text) else "")


class FigureReader:
    """Reads the figures of one digest; the mention regexes are built from the registry's names."""

    def __init__(self, registry: Registry, periods: PeriodReader):
        self.registry = registry
        self.periods = periods
        metric_names = [n for m in registry.metrics for n in m.names]
        segment_names = [n for s in registry.segments for n in s.names]
        self.metric_by_name = {name_key(n): m.id for m in registry.metrics for n in reversed(m.names)}
        self.segment_by_name = {name_key(n): s.id for s in registry.segments for n in reversed(s.names)}
        mention = (rf"(?:(?:{BASIS})\s*)?(?:(?:{name_regex(segment_names)})\s*(?:segment|business|业务|板块)?\s*)?"
                   rf"(?:{name_regex(metric_names)})")
        self.mention = re.compile(
            rf"(?:(?P<basis>{BASIS})\s*)?(?:(?P<segment>{name_regex(segment_names)})\s*"
            rf"(?:segment|business|业务|板块)?\s*(?:'s\s+)?)?(?P<metric>{name_regex(metric_names)})", re.I)
        self.segment_suffix = re.compile(
            rf"^\s*(?:from|of|in)\s+(?:the\s+|its\s+)?(?P<segment>{name_regex(segment_names)})"
            r"(?:\s+(?:business|segment|services?))?\s*(?:$|(?:was|were|is|reached|came|stood|totall?ed|"
            r"amounted|grew|rose|fell|increased|decreased|declined)\b)", re.I)
        self.patterns: list[tuple[str, re.Pattern[str]]] = [("mention", self.mention)]
        for language in ("en", "zh"):
            for kind, regex in FIGURE_PATTERNS[language]:
                regex = regex.replace("{mention}", mention).replace("{num}", NUM)
                self.patterns.append((kind, re.compile(regex, re.I)))
        self.patterns += [("period", p) for p, _ in PERIODS]
        self.patterns.append(("clause", CLAUSE))

    def read(self, sections: list[Section]) -> tuple[list[DraftFigure], list[tuple[str, str]]]:
        """One figure per metric, segment, basis and period, and what could not be placed: (why, excerpt)."""
        figures: list[DraftFigure] = []
        stray: list[tuple[str, str]] = []
        for heading, facts in sections:
            context = self.periods.periods_in(heading)
            for fact in facts:
                found, loose = self.figures(fact, context[0] if context else None)
                figures += found
                stray += loose
        return self.merge(figures, stray), stray

    def events(self, fact: str) -> list[Event]:
        found = [Event(kind, m.start(), m.end(), m) for kind, regex in self.patterns for m in regex.finditer(fact)]
        events = select(found)
        clause = 0
        for event in events:
            if event.kind == "clause":
                clause += 1
            event.clause = clause
        return events

    def figures(self, fact: str, context: tuple[Period, str] | None) -> tuple[list[DraftFigure], list[tuple[str, str]]]:
        """The figures one fact states, and what could not be placed: (why, excerpt)."""
        events = self.events(fact)
        note_label = self.periods.note.label if self.periods.note else ""
        period, explicit = (context[0].label, True) if context else (note_label, False)
        period_why = context[1] if context else ""
        figures: list[DraftFigure] = []
        stray: list[tuple[str, str]] = []
        current: DraftFigure | None = None

        def lost(event: Event, why: str) -> None:
            stray.append((f"'{event.match[0].strip()}' {why}", _excerpt(fact, event.start, event.end)))

        for index, event in enumerate(events):
            m = event.match
            next_start = events[index + 1].start if index + 1 < len(events) else len(fact)
            if event.kind == "period":
                found, why = self.periods.period_of(m)
                if found is None:
                    continue
                if current and current.clause == event.clause and not current.explicit_period:
                    current.period, current.explicit_period = found.label, True
                    if why:
                        current.check("period", why)
                period, explicit, period_why = found.label, True, why
            elif event.kind == "mention":
                current = self.open(m, fact, period, explicit, event.clause,
                                    _words_before(fact, events, index), fact[event.end:next_start])
                if period_why:
                    current.check("period", period_why)
                figures.append(current)
            elif event.kind in ("amount", "percent"):
                is_amount = event.kind == "amount"
                fits = (current is not None and current.clause == event.clause and current.value is None
                        and not current.qualifier
                        and self.registry.metrics[current.metric].is_ratio != is_amount)
                if current is None or not fits:
                    lost(event, "fits no figure: no metric recognised for it" if current is None else
                         _unregistered(current) if current.qualifier else
                         f"does not fit the figure for {current.metric}")
                    current = None
                    continue
                if is_amount:
                    self.amount(current, m, fact[:event.start])
                else:
                    current.value, current.unit = _number(m["num"]), "%"
                    self.approximate(current, fact[:event.start])
            elif event.kind == "change":
                for per, sign, number, unit, approx, direction in _changes(m):
                    self.change(current, per, sign, number, unit, approx, direction, event, fact, lost)
                    if current is None:
                        break
            elif event.kind == "share":
                current = self.share(current, m, fact, event, lost)
                if current is not None:
                    figures.append(current)
            elif event.kind == "loss":
                if current and current.clause == event.clause and current.value is None:
                    current.negative = True
                else:
                    current = None
            elif event.kind == "unknown":
                current = None
        return [f for f in figures if f.value is not None or f.yoy is not None or f.qoq is not None], stray

    def open(self, m: re.Match[str], fact: str, period: str, explicit: bool, clause: int,
             before: str, after: str) -> DraftFigure:
        metric = self.metric_by_name[name_key(m["metric"])]
        segment = self.segment_by_name[name_key(m["segment"])] if m["segment"] else None
        if segment is None and (suffix := self.segment_suffix.match(after)):
            segment = self.segment_by_name[name_key(suffix["segment"])]
        figure = DraftFigure(metric, segment, "adjusted" if m["basis"] else None, period, explicit, clause, fact,
                             negative=bool(NEGATIVE_NAME.search(m["metric"])))
        residue = FILLER.sub(" ", before)
        residue = re.sub(r"[\s\W_]+", "", residue) if not CJK.search(residue) else re.sub(r"[\s\W_\d]+", "", residue)
        if residue:
            figure.qualifier = f"{before.strip()} {m[0]}" if LATIN.search(before) else f"{before.strip()}{m[0]}"
        elif segment is None and SUFFIX_QUALIFIER.match(after):
            figure.qualifier = f"{m[0]} {after.strip()}"
        return figure

    def amount(self, figure: DraftFigure, m: re.Match[str], before: str) -> None:
        groups = m.groupdict()
        scale_word = (groups.get("scale") or "").lower()
        currency_word = (groups.get("cur") or groups.get("cur0") or "").lower()
        scale, factor = SCALE[scale_word]
        currency = CURRENCY.get(currency_word)
        if currency is None:
            currency = "CNY"
            figure.check("unit", "no currency stated; CNY assumed")
        if not scale_word:
            figure.check("value", "no scale (million, billion, 亿) stated; converted from units to mn")
        value = _number(m["num"], factor)
        if groups.get("sign") or figure.negative:
            value = -value
        if value < 0 and not self.registry.metrics[figure.metric].signed:
            figure.check("value", f"a negative value for {figure.metric}, which cannot be negative")
        figure.value, figure.unit = value, f"{currency} {scale}"
        self.approximate(figure, before)

    @staticmethod
    def approximate(figure: DraftFigure, before: str) -> None:
        word = re.search(rf"({APPROX_ANY})\s*(?:人民币|RMB|CNY|US\$|\$)?\s*$", before, re.I)
        if word:
            figure.check("value", f"the source says '{word[1]}' (approximate)")

    def change(self, figure: DraftFigure | None, per: str | None, sign: int | None, number: str, unit: str,
               approx: str, direction: str | None, event: Event, fact: str, lost: Lost) -> None:
        if figure is None or figure.qualifier:
            lost(event, "is a change with no metric recognised for it" if figure is None else _unregistered(figure))
            return
        is_ratio = self.registry.metrics[figure.metric].is_ratio
        points = unit != "%"
        if per is None:
            lost(event, f"is a change without a base (year on year or quarter on quarter?) for {figure.metric}")
            return
        if points != is_ratio:
            lost(event, f"is a change in {'percentage points' if points else 'percent'}, but {figure.metric} "
                 f"is {'an amount' if not is_ratio else 'a ratio'}")
            return
        if getattr(figure, per) is not None:
            lost(event, f"is a second {per} change for {figure.metric}")
            return
        if sign is None:
            if figure.last_sign is not None and not direction:
                sign = figure.last_sign
            else:
                sign = 1
                figure.check(per, "no direction (increase or decrease) stated; read as an increase")
        figure.last_sign = sign
        value = Decimal(number.replace(",", "")) / (100 if unit == "bp" else 1)
        stated: float | int | str = _number(str(value)) * sign if value else 0
        if approx:
            stated = f"{'>' if OVER.fullmatch(approx) else '~'}{stated}"
        if figure.value is not None and figure.value < 0:
            figure.check(per, "a change of a loss: check the sign the source means")
        setattr(figure, per, stated)

    def share(self, current: DraftFigure | None, m: re.Match[str], fact: str, event: Event,
              lost: Lost) -> DraftFigure | None:
        base = self.mention.fullmatch(m["y"].strip()) if m["y"] else None
        base_metric = self.metric_by_name[name_key(base["metric"])] if base else "revenue"
        base_segment = self.segment_by_name[name_key(base["segment"])] if base and base["segment"] else None
        if current is None or current.qualifier:
            lost(event, "is a share with no metric recognised for it" if current is None else _unregistered(current))
            return None
        share_id = f"{current.metric}-share"
        if share_id not in self.registry.metrics or base_metric != "revenue":
            lost(event, f"is a share of {current.metric} in {base_metric or m['y']}, which has no metric in "
                 "registry/metrics.yml")
            return None
        figure = DraftFigure(share_id, base_segment or current.segment, current.basis, current.period,
                             current.explicit_period, event.clause, fact, value=_number(m["num"]), unit="%")
        if not m["y"] and CJK.search(m[0]) is None:
            figure.check("", "the share is not said to be of total revenue")
        self.approximate(figure, fact[:m.start("num")])
        return figure

    def merge(self, figures: list[DraftFigure], stray: list[tuple[str, str]]) -> list[DraftFigure]:
        """One figure per metric, segment, basis and period; a second statement may fill gaps."""
        merged: dict[tuple, DraftFigure] = {}
        for figure in figures:
            first = merged.get(figure.key)
            if first is None:
                merged[figure.key] = figure
                continue
            for name in ("value", "yoy", "qoq"):
                mine, theirs = getattr(first, name), getattr(figure, name)
                if theirs is None or theirs == mine:
                    continue
                if mine is None:
                    setattr(first, name, theirs)
                    if name == "value":
                        first.unit = figure.unit
                else:
                    stray.append((f"{figure.metric} {name} {theirs} differs from {mine} stated earlier",
                                  _excerpt(figure.fact, 0, 0, 140)))
            for name, reasons in figure.checks.items():
                first.checks.setdefault(name, []).extend(reasons)
        for figure in merged.values():
            if figure.value is None and self.registry.metrics[figure.metric].is_ratio:
                figure.unit = "%"
            elif figure.value is None:
                figure.unit = "CNY mn"
                figure.check("unit", "no amount stated, only its change; CNY mn written as the unit")
        return list(merged.values())



def _unregistered(figure: DraftFigure) -> str:
    return (f"belongs to '{figure.qualifier}', which is not a registered metric "
            "(if it is one, add the name as an alias in registry/metrics.yml)")


def _words_before(fact: str, events: list[Event], index: int) -> str:
    """The words in front of a metric, back to the start of its clause or the last figure-ish event;
    periods are left out, unknown metric words ("客户", "net profit") are kept: they qualify it."""
    start, spans = 0, []
    for event in reversed(events[:index]):
        if event.kind == "period":
            spans.append((event.start, event.end))
        elif event.kind not in ("unknown", "loss"):
            start = event.end
            break
    text = list(fact[start:events[index].start])
    for begin, end in spans:
        text[begin - start:end - start] = " " * (end - begin)
    return "".join(text)


def _changes(m: re.Match[str]) -> Iterator[tuple[str | None, int | None, str, str, str, str]]:
    """(per, sign, number, unit, approx, direction) for each change a match states."""
    groups = m.groupdict()
    direction = groups.get("dir") or ""
    base_sign = -1 if direction and DOWN.match(direction) else (1 if direction else None)
    pers = [groups.get("per"), groups.get("per2")] if groups.get("per2") else [groups.get("per")]
    numbers = [(groups.get("sign"), groups["num"], groups.get("unit") or groups.get("unit2") or "%")]
    if groups.get("num2"):
        numbers.append((groups.get("sign2"), groups["num2"], groups.get("unit2") or "%"))
    for per, (sign_text, number, unit) in zip(pers, numbers):
        sign = base_sign
        if sign_text:
            sign = -1 if sign_text in "-−" else 1
            sign = sign * (base_sign or 1)
        yield (_per(per), sign, number, _unit(unit), groups.get("approx") or "", direction)


def _per(text: str | None) -> str | None:
    if not text:
        return None
    return "qoq" if re.search(r"quarter|qoq|q/q|sequential|环|季度", text, re.I) else "yoy"


def _unit(text: str) -> str:
    text = text.lower()
    if BP_UNITS.search(text):
        return "bp"
    return "%" if text in PERCENT_UNITS else "pp"

