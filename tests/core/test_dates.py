import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dangjian_desktop.core.dates import DateError, format_cn, parse_date


@pytest.mark.parametrize(
    "text",
    [
        "1985-03-12",
        "1985.03.12",
        "1985.3.12",
        "1985/3/12",
        "1985年3月12日",
        "19850312",
        " 1985 年 3 月 12 日 ",
        "１９８５-０３-１２",
        31118,
        "31118",
        dt.datetime(1985, 3, 12, 0, 0),
    ],
)
def test_the_ways_people_type_a_date(text: object) -> None:
    assert parse_date(text) == dt.date(1985, 3, 12)


def test_month_only_needs_permission() -> None:
    assert parse_date("1985.03", allow_month=True) == dt.date(1985, 3, 1)
    assert parse_date("1985年3月", allow_month=True) == dt.date(1985, 3, 1)
    with pytest.raises(DateError):
        parse_date("1985.03")


@pytest.mark.parametrize("text", ["1985-02-30", "明年", "85.3.12", "1985-13-01"])
def test_unreadable_dates_are_refused_in_chinese(text: str) -> None:
    with pytest.raises(DateError, match="日期"):
        parse_date(text)


@given(st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2099, 12, 31)))
def test_every_written_form_reads_back(day: dt.date) -> None:
    for text in (day.isoformat(), f"{day.year}.{day.month}.{day.day}", format_cn(day), f"{day:%Y%m%d}"):
        assert parse_date(text) == day


def test_format_cn() -> None:
    assert format_cn(dt.date(2026, 11, 22)) == "2026年11月22日"
    assert format_cn(None) == ""


@pytest.mark.parametrize(
    ("day", "years", "expected"),
    [
        (dt.date(2008, 2, 28), 18, dt.date(2026, 2, 28)),
        (dt.date(2008, 2, 29), 18, dt.date(2026, 2, 28)),  # no 29 February in 2026
        (dt.date(2008, 3, 1), 18, dt.date(2026, 3, 1)),
        (dt.date(2008, 2, 29), 4, dt.date(2012, 2, 29)),  # a leap year keeps it
        (dt.date(2026, 11, 22), -3, dt.date(2023, 11, 22)),
    ],
)
def test_add_years_keeps_the_day_or_falls_back_to_28_february(day, years, expected) -> None:
    from dangjian_desktop.core.dates import add_years

    assert add_years(day, years) == expected
