"""A digest's header: the title line (company, period, kind, analysts) and the line that says
who published it when ("光大证券研究· 2025-03-22 14:46")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from research_digest.authoring.importer.draft import Checklist
from research_digest.authoring.importer.patterns import ANALYSTS, CJK, KINDS, LATIN, SOURCE_LINE, company_regex
from research_digest.authoring.importer.periods import PeriodReader
from research_digest.load.periods import Period
from research_digest.load.registry import Registry, fold_name


@dataclass
class HeaderLines:
    """A digest's lines as found: the title, the 'source · date time' line ("" when either is missing),
    the lines below them and those above the title, which are not read."""

    title: str
    source: str
    body: list[str]
    unread: list[str]


def split_header(text: str) -> HeaderLines:
    """The title is the last line above the source line, else the first with 【, else the first line."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    source_at = next((i for i, line in enumerate(lines) if SOURCE_LINE.match(line)), None)
    nonblank = [i for i, line in enumerate(lines) if line.strip()]
    if source_at is not None:
        before = [i for i in nonblank if i < source_at]
        title_at = before[-1] if before else None
        body_lines = lines[source_at + 1:]
    else:
        title_at = next((i for i in nonblank if "【" in lines[i]), nonblank[0] if nonblank else None)
        body_lines = lines[title_at + 1:] if title_at is not None else []
    unread = [lines[i].strip() for i in nonblank if title_at is not None and i < title_at]
    return HeaderLines(lines[title_at].strip() if title_at is not None else "",
                       lines[source_at] if source_at is not None else "", body_lines, unread)


@dataclass
class Header:
    front: dict  # title, company, period, published, source, analysts (when named), kind, language
    periods: PeriodReader  # knows the company's fiscal year end and the note's period


class HeaderReader:
    """Reads the header's fields, marking in the checklist what it had to guess or could not find."""

    def __init__(self, registry: Registry, checklist: Checklist):
        self.registry = registry
        self.mark = checklist.mark

    def read(self, lines: HeaderLines) -> Header:
        raw_title = lines.title
        analysts_match = ANALYSTS.search(raw_title)
        if analysts_match and self.registry.companies.resolve(analysts_match["names"].strip()):
            analysts_match = None  # "(KC)": a ticker, not the analysts
        analysts = [a for a in re.split(r"\s*(?:[/、,，;；&]|\band\b)\s*", analysts_match["names"].strip()) if a] \
            if analysts_match else []
        title = raw_title[:analysts_match.start()].strip() if analysts_match else raw_title

        body = " ".join(lines.body)
        language = language_of(raw_title + " " + body)
        company = self.company(title, body)
        periods = PeriodReader(self.registry.companies[company].fiscal_year_end if company else 12)
        periods.note = self.title_period(title, body, periods)

        front: dict = {"title": title}
        if not title:
            self.mark("title", "no title line found; write one")
        elif language == "en" and CJK.search(title) or language == "zh" and not CJK.search(title):
            self.mark("title", f"the title is not in the note's language ({language}); keep it or translate it")
        front["company"] = company
        front["period"] = periods.note.label if periods.note else ""
        front["published"], front["source"] = self.published_and_source(lines.source)
        if analysts:
            front["analysts"] = analysts
        front["kind"] = self.kind(title)
        front["language"] = language
        return Header(front, periods)

    def company(self, title: str, body: str) -> str:
        def score(text: str) -> dict[str, int]:
            counts: dict[str, int] = {}
            for company in self.registry.companies:
                hits = sum(len(re.findall(company_regex(name), text, re.I)) for name in company.names)
                if hits:
                    counts[company.id] = hits
            return counts
        in_title, in_body = score(title), score(body)
        for where, counts in (("title", in_title), ("body", in_body)):
            if not counts:
                continue
            ranked = sorted(counts, key=lambda c: (-counts[c] - in_body.get(c, 0), c))
            best = ranked[0]
            if len(ranked) > 1:
                self.mark("company", f"several companies named in the {where} ({', '.join(ranked)}); "
                          f"took {best}")
            elif where == "body":
                self.mark("company", "the company is not named in the title; found in the body")
            return best
        self.mark("company", "no company from registry/companies.yml found; write its id "
                  "(or add it to the registry)", title)
        return ""

    def title_period(self, title: str, body: str, periods: PeriodReader) -> Period | None:
        for where, text in (("title", title), ("body", body)):
            found = [period for period, _ in periods.periods_in(text)]
            if found:
                finest = min(found, key=lambda p: {"Q": 0, "H": 1, "FY": 2}[p.kind])
                if where == "body":
                    self.mark("period", "no period in the title; took the first one in the body", finest.label)
                return finest
        self.mark("period", "no period found; write it (like 2024Q4, FY2024, 2025H1)")
        return None

    def published_and_source(self, line: str) -> tuple[str, str]:
        match = SOURCE_LINE.match(line) if line else None
        if not match:
            self.mark("published", "no 'source · date time' line found; write the date "
                      "(and the time with its zone, if the source states one)")
            self.mark("source", "no 'source · date time' line found; write a source id from registry/sources.yml")
            return "", ""
        name = match["source"].strip(" ·•・|｜")
        day = f"{int(match['y']):04d}-{int(match['m']):02d}-{int(match['d']):02d}"
        if not match["H"]:  # a date alone is a valid `published`: no time is made up
            return day, self.source(name)
        zone = _zone(match["tz"])
        if zone is None:
            zone = "+08:00"
            who = "a Chinese source" if CJK.search(name) else "a source whose time zone is not known"
            self.mark("published", f"no time zone in the header; +08:00 assumed for {who}", line.strip())
        return f"{day} {int(match['H']):02d}:{int(match['M']):02d} {zone}", self.source(name)

    def source(self, name: str) -> str:
        if not name:
            self.mark("source", "no source named in the header; write a source id from registry/sources.yml")
            return ""
        found = self.registry.sources.resolve(name)
        if found:
            return found
        folded = fold_name(name)
        close = sorted({s.id for s in self.registry.sources for n in s.names
                        if len(fold_name(n)) >= 2 and (fold_name(n) in folded or folded in fold_name(n))})
        if len(close) == 1:
            self.mark("source", f"'{name}' is not a registered name; matched to {close[0]} by part of its name")
            return close[0]
        self.mark("source", f"unknown source '{name}': write a source id from registry/sources.yml "
                  "(or add the source there)")
        return name

    def kind(self, title: str) -> str:
        for kind, regex in KINDS:
            if regex.search(title):
                return kind
        self.mark("kind", "the title does not say review, preview or call; earnings-review written")
        return "earnings-review"


def language_of(text: str) -> str:
    return "zh" if len(CJK.findall(text)) >= len(LATIN.findall(text)) else "en"


def _zone(text: str | None) -> str | None:
    if not text:
        return None
    text = text.strip().upper()
    if text in ("HKT", "北京时间"):
        return "+08:00"
    if text in ("UTC", "GMT", "Z"):
        return "+00:00"
    m = re.search(r"([+-])(\d{1,2}):?(\d{2})?", text)
    return f"{m[1]}{int(m[2]):02d}:{m[3] or '00'}" if m else None
