"""Reporting periods (quarters, halves, fiscal years) and the many ways notes write them.

A fiscal year is named by the calendar year in which it ends: with a March year-end (Alibaba)
FY2026 runs from April 2025 to March 2026.

- A plain quarter (2025Q3, 3Q25, Q3 2025, 2025年第三季度) is a CALENDAR quarter, mapped to the fiscal
  quarter covering it: for a March year-end 2025Q3 (Jul-Sep 2025) is FY2026 Q2.
- A fiscal quarter (FY2026Q2, 2QFY26, Q2 FY2026, 2026财年第二季度) names the fiscal quarter itself.
- Halves (2025H1, 1H25, 2025年上半年) and years (FY2024, 2024年度) are always FISCAL: for a March
  year-end 2025H1 is FY2025 H1, April to September 2024.
"""

from __future__ import annotations

import calendar
import datetime
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cached_property, partial
from typing import NamedTuple

ACCEPTED = "a period like 2024Q4, 4Q24, Q4 2024, FY2024, 2025H1 or 2024年第四季度"
BARE_YEAR = "FY2024 for a fiscal year or a quarter like 2024Q4 (a bare year is ambiguous)"
FY_END_MONTHS = (3, 6, 9, 12)
FISCAL_YEARS = range(1990, 2101)


class PeriodError(ValueError):
    """A period that cannot be read: what was expected and what was found."""

    def __init__(self, found: object, expected: str = ACCEPTED):
        super().__init__(f"expected {expected}; found {found!r}")
        self.expected, self.found = expected, found


class _Kind(NamedTuple):
    months: int
    numbers: range
    expected: str


_KINDS = {
    "Q": _Kind(3, range(1, 5), "a quarter from 1 to 4"),
    "H": _Kind(6, range(1, 3), "half 1 or 2"),
    "FY": _Kind(12, range(0, 1), "number 0 for a whole fiscal year"),
}


def _check_fy_end(fy_end_month: int) -> None:
    if fy_end_month not in FY_END_MONTHS:
        raise PeriodError(fy_end_month, "a fiscal year ending in month 3, 6, 9 or 12")


def _month_start(month: int) -> datetime.date:
    """First day of a month counted from year 0 (year * 12 + month - 1)."""
    return datetime.date(month // 12, month % 12 + 1, 1)


@dataclass(frozen=True)
class Period:
    """A quarter, half or fiscal year of a company whose fiscal year ends in `fy_end_month`."""

    kind: str  # "Q", "H" or "FY"
    fiscal_year: int  # the calendar year in which the fiscal year ends
    number: int  # quarter 1-4 or half 1-2 within the fiscal year; 0 for FY
    fy_end_month: int = 12  # 3, 6, 9 or 12

    def __post_init__(self) -> None:
        _check_fy_end(self.fy_end_month)
        if self.kind not in _KINDS:
            raise PeriodError(self.kind, "a kind Q, H or FY")
        if self.number not in _KINDS[self.kind].numbers:
            raise PeriodError(self.number, _KINDS[self.kind].expected)
        if self.fiscal_year not in FISCAL_YEARS:
            raise PeriodError(self.fiscal_year, "a fiscal year from 1990 to 2100")

    @property
    def _months(self) -> int:
        return _KINDS[self.kind].months

    @property
    def _first_month(self) -> int:
        """The first month, counted from year 0."""
        fy_start = (self.fiscal_year - 1) * 12 + self.fy_end_month
        return fy_start + self._months * max(self.number - 1, 0)

    @property
    def start(self) -> datetime.date:
        return _month_start(self._first_month)

    @cached_property  # end, label and sort_key are read for every link and sort: computed once each
    def end(self) -> datetime.date:
        last = _month_start(self._first_month + self._months - 1)
        return last.replace(day=calendar.monthrange(last.year, last.month)[1])

    @cached_property
    def label(self) -> str:
        """The slug and key: the calendar quarter "2025Q3", the half "2025H1" or "FY2026H1", "FY2024"."""
        if self.kind == "Q":
            return f"{self.end.year}Q{(self.end.month + 2) // 3}"
        if self.kind == "H":
            prefix = "" if self.fy_end_month == 12 else "FY"
            return f"{prefix}{self.fiscal_year}H{self.number}"
        return f"FY{self.fiscal_year}"

    @property
    def fiscal_label(self) -> str:
        """As the company reports it: "FY2026 Q2", "FY2026 H1"; the label for a December year-end."""
        if self.kind == "FY" or self.fy_end_month == 12:
            return self.label
        return f"FY{self.fiscal_year} {self.kind}{self.number}"

    @cached_property
    def sort_key(self) -> tuple[datetime.date, int, int]:
        """By end date, then shorter periods first, then fiscal year-end month."""
        return (self.end, self._months, self.fy_end_month)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self.sort_key < other.sort_key

    def __str__(self) -> str:
        return self.label

    def previous(self) -> Period:
        """The period of the same kind just before this one."""
        per_year = 12 // self._months
        fiscal_year, index = divmod(self.fiscal_year * per_year + max(self.number - 1, 0) - 1, per_year)
        number = index + 1 if self.kind != "FY" else 0
        return replace(self, fiscal_year=fiscal_year, number=number)

    def year_ago(self) -> Period:
        """The same period one fiscal year earlier."""
        return replace(self, fiscal_year=self.fiscal_year - 1)

    def quarters(self) -> tuple[Period, ...]:
        """The quarters this period is made of, in order."""
        count = self._months // 3
        first = max(self.number - 1, 0) * count + 1
        return tuple(replace(self, kind="Q", number=n) for n in range(first, first + count))

    def contains(self, other: Period) -> bool:
        """Whether `other` lies wholly within this period."""
        return self.start <= other.start and other.end <= self.end


def calendar_quarter(year: int, quarter: int, fy_end_month: int = 12) -> Period:
    """The fiscal quarter covering calendar quarter `quarter` of `year`."""
    _check_fy_end(fy_end_month)
    if quarter not in _KINDS["Q"].numbers:
        raise PeriodError(quarter, _KINDS["Q"].expected)
    months_into_fy = year * 12 + 3 * (quarter - 1) - fy_end_month
    fiscal_year, month = divmod(months_into_fy, 12)
    return Period("Q", fiscal_year + 1, month // 3 + 1, fy_end_month)


# Forms are written as tokens with an optional separator between them; "X?" makes a token optional.
_TOKENS = {
    "Y": r"(?P<y>[0-9]{4}|[0-9]{2})",
    "N": r"(?P<n>[0-9])",
    "ZH": r"(?P<n>[0-9一二三四五六七八九])",  # a number in 2024年第四季度
    "HALF": r"(?P<n>上半年|下半年|中期)",
    "FY": r"(?:FY|财年)",
}
_NUMERALS = {str(i): i for i in range(10)} | {
    **{c: i for i, c in enumerate("一二三四五六七八九", start=1)},
    "上半年": 1,
    "中期": 1,
    "下半年": 2,
}
_Make = Callable[[int, int, int], Period]
_FORMS: tuple[tuple[str, _Make], ...] = (
    ("Y 年? Q N 季度?", calendar_quarter),  # 2024Q4, 2024-Q4, 24Q4, 2024年Q4, 2024Q4季度
    ("Q N Y", calendar_quarter),  # Q4 2024, Q4'24
    ("N Q Y", calendar_quarter),  # 4Q24, 4Q2024
    ("Y 年? 第? ZH 季度", calendar_quarter),  # 2024年第四季度, 2024年四季度
    ("FY Y Q N", partial(Period, "Q")),  # FY2026Q2, FY26 Q2
    ("N Q FY Y", partial(Period, "Q")),  # 2QFY26
    ("Q N FY Y", partial(Period, "Q")),  # Q2 FY2026, Q4 FY24
    ("Y 财年 第? ZH 季度", partial(Period, "Q")),  # 2026财年第二季度
    ("Y H N", partial(Period, "H")),  # 2024H1
    ("H N Y", partial(Period, "H")),  # H1 2024
    ("N H Y", partial(Period, "H")),  # 1H24, 1H2024
    ("Y N H", partial(Period, "H")),  # 2024 1H
    ("FY Y H N", partial(Period, "H")),  # FY2026H1
    ("N H FY Y", partial(Period, "H")),  # 1HFY26
    ("H N FY Y", partial(Period, "H")),  # H1 FY26
    ("Y 年? HALF", partial(Period, "H")),  # 2024年上半年, 2024年下半年, 2024年中期
    ("FY Y", partial(Period, "FY")),  # FY2024, FY24, FY 2024
    ("Y FY", partial(Period, "FY")),  # 2024FY, 2024财年
    ("Y 年度", partial(Period, "FY")),  # 2024年度
    ("Y 年? 全年", partial(Period, "FY")),  # 2024年全年
)


def _compile(form: str) -> re.Pattern[str]:
    parts = []
    for token in form.split():
        optional = token.endswith("?")
        token = token.rstrip("?")
        regex = _TOKENS.get(token, re.escape(token))
        parts.append(f"(?:{regex})?" if optional else regex)
    return re.compile(" ?".join(parts))


_PATTERNS = tuple((_compile(form), make) for form, make in _FORMS)
_BARE_YEAR = _compile("Y 年?")
_SEPARATORS = re.compile(r"[\s\-_/'‘’–—]+")


def parse_period(text: str | int, fy_end_month: int = 12) -> Period:
    """Read a period in any accepted form (see the module docstring); raises PeriodError."""
    _check_fy_end(fy_end_month)
    clean = _SEPARATORS.sub(" ", unicodedata.normalize("NFKC", str(text))).strip().upper()
    if _BARE_YEAR.fullmatch(clean):
        raise PeriodError(text, BARE_YEAR)
    for pattern, make in _PATTERNS:
        if match := pattern.fullmatch(clean):
            year = int(match["y"]) + (2000 if len(match["y"]) == 2 else 0)
            number = _NUMERALS[match["n"]] if "n" in match.groupdict() else 0
            try:
                return make(year, number, fy_end_month)
            except PeriodError as error:
                raise PeriodError(text, error.expected) from None
    raise PeriodError(text)
