import contextlib
import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from research_digest.load.periods import Period, PeriodError, calendar_quarter, parse_period

ALIBABA = 3  # fiscal year ends in March

ACCEPTED = [
    # calendar quarters
    ("2024Q4", "2024Q4"),
    ("2024 Q4", "2024Q4"),
    ("2024-Q4", "2024Q4"),
    ("2024_q4", "2024Q4"),
    ("2024/Q4", "2024Q4"),
    ("Q4 2024", "2024Q4"),
    ("Q4-2024", "2024Q4"),
    ("q4 2024", "2024Q4"),
    ("4Q24", "2024Q4"),
    ("4Q2024", "2024Q4"),
    ("24Q4", "2024Q4"),
    ("Q4'24", "2024Q4"),
    ("Q4’24", "2024Q4"),
    ("  2024Q4\n", "2024Q4"),
    ("２０２４Ｑ４", "2024Q4"),
    ("Ｑ４　２０２４", "2024Q4"),
    # fiscal quarters (a December year-end: the same as calendar ones)
    ("Q4 FY24", "2024Q4"),
    ("FY2026Q2", "2026Q2"),
    ("FY26 Q2", "2026Q2"),
    ("2QFY26", "2026Q2"),
    ("Q2 FY2026", "2026Q2"),
    # fiscal years
    ("FY2024", "FY2024"),
    ("FY24", "FY2024"),
    ("FY 2024", "FY2024"),
    ("fy-2024", "FY2024"),
    ("2024FY", "FY2024"),
    # halves
    ("2024H1", "2024H1"),
    ("1H24", "2024H1"),
    ("H1 2024", "2024H1"),
    ("2024 1H", "2024H1"),
    ("1H2024", "2024H1"),
    ("2024H2", "2024H2"),
    ("FY2026H1", "2026H1"),
    ("1HFY26", "2026H1"),
    # Chinese
    ("2024年第四季度", "2024Q4"),
    ("2024年四季度", "2024Q4"),
    ("2024年第4季度", "2024Q4"),
    ("2024年Q4", "2024Q4"),
    ("2024Q4季度", "2024Q4"),
    ("24年Q4", "2024Q4"),
    ("２０２４年第四季度", "2024Q4"),
    ("2024年 第一季度", "2024Q1"),
    ("2024年上半年", "2024H1"),
    ("2024年下半年", "2024H2"),
    ("2024年中期", "2024H1"),
    ("2024年度", "FY2024"),
    ("2024年全年", "FY2024"),
    ("2024财年", "FY2024"),
    ("2026财年第二季度", "2026Q2"),
]


@pytest.mark.parametrize("text, label", ACCEPTED)
def test_accepted_forms_normalise_to_the_label(text: str, label: str) -> None:
    assert parse_period(text).label == label
    assert str(parse_period(text)) == label


def test_december_year_end_periods_span_calendar_dates() -> None:
    q = parse_period("2024Q4")
    assert (q.kind, q.fiscal_year, q.number) == ("Q", 2024, 4)
    assert (q.start, q.end) == (datetime.date(2024, 10, 1), datetime.date(2024, 12, 31))
    assert q.fiscal_label == "2024Q4"
    h = parse_period("2024H1")
    assert (h.start, h.end) == (datetime.date(2024, 1, 1), datetime.date(2024, 6, 30))
    assert h.fiscal_label == "2024H1"
    y = parse_period("FY2024")
    assert (y.start, y.end) == (datetime.date(2024, 1, 1), datetime.date(2024, 12, 31))


@pytest.mark.parametrize(
    "text", ["2025Q3", "3Q25", "Q3 2025", "2025年第三季度", "FY2026Q2", "FY26 Q2", "2QFY26",
             "Q2 FY2026", "2026财年第二季度"],
)
def test_alibaba_calendar_and_fiscal_quarter_forms_meet(text: str) -> None:
    q = parse_period(text, ALIBABA)
    assert q == Period("Q", 2026, 2, ALIBABA)
    assert q.label == "2025Q3"
    assert q.fiscal_label == "FY2026 Q2"
    assert (q.start, q.end) == (datetime.date(2025, 7, 1), datetime.date(2025, 9, 30))


def test_alibaba_calendar_quarters_map_to_fiscal_quarters() -> None:
    assert calendar_quarter(2025, 1, ALIBABA) == Period("Q", 2025, 4, ALIBABA)
    assert calendar_quarter(2025, 2, ALIBABA) == Period("Q", 2026, 1, ALIBABA)
    assert calendar_quarter(2025, 3, ALIBABA) == Period("Q", 2026, 2, ALIBABA)
    assert calendar_quarter(2025, 4, ALIBABA) == Period("Q", 2026, 3, ALIBABA)
    assert calendar_quarter(2024, 4) == Period("Q", 2024, 4)


def test_alibaba_fiscal_year_and_its_quarters() -> None:
    year = parse_period("FY2024", ALIBABA)
    assert (year.start, year.end) == (datetime.date(2023, 4, 1), datetime.date(2024, 3, 31))
    assert year.label == year.fiscal_label == "FY2024"
    assert [q.label for q in year.quarters()] == ["2023Q2", "2023Q3", "2023Q4", "2024Q1"]
    assert [q.fiscal_label for q in year.quarters()] == [f"FY2024 Q{n}" for n in range(1, 5)]


def test_alibaba_halves_are_fiscal_halves() -> None:
    h1 = parse_period("2025H1", ALIBABA)
    assert h1 == parse_period("FY2025H1", ALIBABA) == parse_period("1HFY25", ALIBABA)
    assert (h1.start, h1.end) == (datetime.date(2024, 4, 1), datetime.date(2024, 9, 30))
    assert h1.label == "FY2025H1"
    assert h1.fiscal_label == "FY2025 H1"
    assert [q.label for q in h1.quarters()] == ["2024Q2", "2024Q3"]
    h2 = parse_period("2025年下半年", ALIBABA)
    assert (h2.start, h2.end) == (datetime.date(2024, 10, 1), datetime.date(2025, 3, 31))


@pytest.mark.parametrize("fy_end", [12, ALIBABA])
def test_previous_and_year_ago_cross_year_boundaries(fy_end: int) -> None:
    def p(text: str) -> Period:
        return parse_period(text, fy_end)

    assert p("2024Q1").previous() == p("2023Q4")
    assert p("2024Q3").previous() == p("2024Q2")
    assert p("2024Q1").year_ago() == p("2023Q1")
    assert p("FY2024").previous() == p("FY2024").year_ago() == p("FY2023")
    assert p("2024H1").previous() == p("2023H2")
    assert p("2024H2").previous() == p("2024H1")
    assert p("2024H1").year_ago() == p("2023H1")


def test_alibaba_fiscal_quarter_one_follows_the_march_quarter() -> None:
    q1 = parse_period("FY2026Q1", ALIBABA)
    assert q1.previous() == parse_period("FY2025Q4", ALIBABA) == parse_period("2025Q1", ALIBABA)


@pytest.mark.parametrize("fy_end", [3, 6, 9, 12])
def test_quarters_of_a_year_tile_it(fy_end: int) -> None:
    year = parse_period("FY2024", fy_end)
    quarters = year.quarters()
    assert len(quarters) == 4
    assert quarters[0].start == year.start and quarters[-1].end == year.end
    for before, after in zip(quarters, quarters[1:]):
        assert before.end + datetime.timedelta(days=1) == after.start
    days = sum((q.end - q.start).days + 1 for q in quarters)
    assert days == (year.end - year.start).days + 1


def test_a_quarter_is_made_of_itself() -> None:
    q = parse_period("2024Q2")
    assert q.quarters() == (q,)


def test_contains() -> None:
    year = parse_period("FY2024")
    assert year.contains(parse_period("2024Q1"))
    assert year.contains(parse_period("2024H2"))
    assert year.contains(year)
    assert not year.contains(parse_period("2025Q1"))
    assert not parse_period("2024H1").contains(parse_period("2024Q3"))
    assert not parse_period("2024Q4").contains(year)
    alibaba_year = parse_period("FY2026", ALIBABA)
    assert alibaba_year.contains(parse_period("2025Q3", ALIBABA))
    assert not alibaba_year.contains(parse_period("2025Q1", ALIBABA))


def test_sorting_by_end_date_with_shorter_periods_first() -> None:
    texts = ["FY2024", "2024Q4", "2024H2", "2024Q1", "2023Q4", "2024H1"]
    ordered = sorted(parse_period(t) for t in texts)
    assert [p.label for p in ordered] == ["2023Q4", "2024Q1", "2024H1", "2024Q4", "2024H2", "FY2024"]
    assert parse_period("2024Q3") < parse_period("2024Q4")


@pytest.mark.parametrize(
    "text",
    ["Q5 2024", "2024Q0", "2024H3", "3H24", "FY1989", "2101Q1", "2024年第五季度", "", "   ",
     "hello", "2024Q", "Q4", "2024-13", "2024Q4Q4", "FY", "12Q24", "2024Q4 revenue", "二〇二四年"],
)
def test_bad_inputs_name_what_was_found(text: str) -> None:
    with pytest.raises(PeriodError) as caught:
        parse_period(text)
    assert repr(text) in str(caught.value)
    assert caught.value.found == text


def test_error_lists_the_accepted_forms() -> None:
    with pytest.raises(PeriodError) as caught:
        parse_period("next spring")
    message = str(caught.value)
    assert "2024Q4" in message and "FY2024" in message and "2024年第四季度" in message
    assert "'next spring'" in message


@pytest.mark.parametrize("year", [2024, "2024", "2024年", " 2024 "])
def test_a_bare_year_is_ambiguous(year: str | int) -> None:
    with pytest.raises(PeriodError) as caught:
        parse_period(year)
    message = str(caught.value)
    assert "FY2024" in message and "quarter" in message and repr(year) in message


def test_period_error_is_a_value_error() -> None:
    assert issubclass(PeriodError, ValueError)


def test_unsupported_fiscal_year_end_is_refused() -> None:
    with pytest.raises(PeriodError, match="3, 6, 9 or 12"):
        parse_period("2024Q4", 7)
    with pytest.raises(PeriodError):
        Period("Q", 2024, 1, 1)


def test_invalid_periods_cannot_be_built() -> None:
    for kind, number in [("Q", 0), ("Q", 5), ("H", 3), ("FY", 1), ("M", 1)]:
        with pytest.raises(PeriodError):
            Period(kind, 2024, number)


@given(st.text())
def test_parse_raises_only_period_error(text: str) -> None:
    with contextlib.suppress(PeriodError):
        parse_period(text)


@given(st.text(alphabet="0123456789QqHhFfYy年第一二三四五上下半中期度全财季 -_/'", max_size=14))
def test_parse_raises_only_period_error_on_near_misses(text: str) -> None:
    for fy_end in (12, ALIBABA):
        with contextlib.suppress(PeriodError):
            assert isinstance(parse_period(text, fy_end), Period)


periods = st.sampled_from(["Q", "H", "FY"]).flatmap(
    lambda kind: st.builds(
        Period,
        kind=st.just(kind),
        fiscal_year=st.integers(1990, 2100),
        number={"Q": st.integers(1, 4), "H": st.integers(1, 2), "FY": st.just(0)}[kind],
        fy_end_month=st.sampled_from([12, ALIBABA, 6, 9]),
    )
)


@given(periods)
def test_labels_round_trip(period: Period) -> None:
    assert parse_period(period.label, period.fy_end_month) == period
    assert parse_period(period.fiscal_label, period.fy_end_month) == period
    assert parse_period(str(period), period.fy_end_month) == period


@given(periods)
def test_previous_ends_the_day_before(period: Period) -> None:
    if period.fiscal_year > 1990:
        before = period.previous()
        assert before.kind == period.kind
        assert before.end + datetime.timedelta(days=1) == period.start
        assert before < period
        assert period.year_ago().end.replace(day=1) == period.end.replace(year=period.end.year - 1, day=1)


@given(periods)
def test_a_period_contains_its_quarters(period: Period) -> None:
    quarters = period.quarters()
    assert all(period.contains(q) for q in quarters)
    assert quarters[0].start == period.start and quarters[-1].end == period.end


@given(st.one_of(st.integers(), st.floats(), st.booleans(), st.none(), st.dates(), st.datetimes(),
                 st.lists(st.text(max_size=8), max_size=2), st.text(max_size=40)))
def test_any_yaml_value_raises_only_period_error(value: object) -> None:
    # front matter hands the parser whatever YAML made of the field: numbers, dates, lists
    for fy_end in (12, ALIBABA):
        try:
            assert isinstance(parse_period(value, fy_end), Period)
        except PeriodError as error:
            assert error.expected
