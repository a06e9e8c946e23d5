"""公示期: a number of working days (Monday to Friday) from the printing day."""

import datetime as dt

import pytest

from dangjian_desktop.core.dates import add_working_days

MONDAY = dt.date(2026, 11, 23)


@pytest.mark.parametrize(
    "start, days, end",
    [
        (MONDAY, 1, MONDAY),  # the printing day itself is the first day
        (MONDAY, 4, dt.date(2026, 11, 26)),
        (MONDAY, 5, dt.date(2026, 11, 27)),  # the default: Monday to Friday
        (MONDAY, 6, dt.date(2026, 11, 30)),  # one more skips the weekend
        (dt.date(2026, 11, 27), 5, dt.date(2026, 12, 3)),  # from a Friday
        (dt.date(2026, 11, 28), 1, dt.date(2026, 11, 30)),  # from a Saturday: the Monday
        (MONDAY, 0, MONDAY),  # never shorter than one day
    ],
)
def test_working_days(start: dt.date, days: int, end: dt.date) -> None:
    assert add_working_days(start, days) == end
