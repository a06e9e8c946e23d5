"""month_of() and day_of() (core/db.py) say what extract() says, on both backends: SQLite cuts the
digits out of the stored text instead of parsing the date."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import extract, select

from dangjian_desktop.core.db import open_database
from dangjian_desktop.core.db_dates import day_of, month_of
from dangjian_desktop.core.models import Branch, Member

D = dt.date
# the first and last day of the year and of a month, a leap day, one-digit months and days, no date
DAYS = (D(2026, 1, 1), D(2026, 12, 31), D(2024, 2, 29), D(2026, 10, 9), D(2026, 9, 30), D(1, 1, 1), None)


def test_month_and_day_equal_extract(new_target) -> None:
    db = open_database(new_target("parts"))
    with db.transaction() as session:
        branch = Branch(name="甲村党支部")
        session.add(branch)
        session.flush()
        session.add_all(
            Member(branch_id=branch.id, name=f"党员{i}", full_date=day) for i, day in enumerate(DAYS)
        )
    with db.reading() as session:
        date = Member.full_date
        query = select(date, month_of(date), day_of(date), extract("month", date), extract("day", date))
        rows = session.execute(query.order_by(Member.id)).all()
    db.close()
    assert [row[0] for row in rows] == list(DAYS)
    for day, month, mday, month_x, mday_x in rows:
        expected = (day.month, day.day) if day else (None, None)
        assert (month, mday) == expected == (month_x and int(month_x), mday_x and int(mday_x))
        assert month is None or type(month) is int
