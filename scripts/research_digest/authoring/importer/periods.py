"""Periods as digests write them in running text: 4Q24, 2024年第四季度, FY2024, the first half of 2025.

A period without a year ("Q3", "上半年", "full year") is read against the note's period and comes
with why it is unsure, so the draft marks it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from research_digest.authoring.importer.patterns import PERIODS, Event, select, zh_digits
from research_digest.load.periods import Period, PeriodError, calendar_quarter, parse_period


@dataclass
class PeriodReader:
    fy_end: int = 12  # the company's fiscal year end month
    note: Period | None = None  # the note's period, once read from the title: yearless periods need it

    def periods_in(self, text: str) -> list[tuple[Period, str]]:
        """The periods written in `text`, in order, each with why it is unsure ("" when it is not)."""
        hits = select([Event("period", m.start(), m.end(), m) for p, _ in PERIODS for m in p.finditer(text)])
        found = []
        for event in hits:
            period, why = self.period_of(event.match)
            if period is not None:
                found.append((period, why))
        return found

    def period_of(self, match: re.Match[str]) -> tuple[Period | None, str]:
        """(period, why it is unsure or "") for a match of a PERIODS pattern."""
        template = next(t for p, t in PERIODS if p is match.re)
        if template.startswith("?"):
            note = self.note
            if note is None:
                return None, ""
            if template == "?FY":
                period = Period("FY", note.fiscal_year, 0, note.fy_end_month)
            elif template == "?H":
                half = 2 if re.search(r"下|2", match[0]) else 1
                period = Period("H", note.fiscal_year, half, note.fy_end_month)
            else:
                quarter = int(re.sub(r"\D", "", zh_digits(match[0])))
                if note.kind == "Q" and note.label.endswith(f"Q{quarter}"):
                    return note, ""
                period = calendar_quarter(note.end.year, quarter, note.fy_end_month)
            return period, f"'{match[0]}' has no year; read as {period.label}"
        text = match.expand(template)
        text = re.sub(r"^(first|second) half (\d{4})$",
                      lambda m: f"{m[2]}H{1 if m[1].lower() == 'first' else 2}", text, flags=re.I)
        try:
            return parse_period(text, self.fy_end), ""
        except PeriodError:
            return None, ""
