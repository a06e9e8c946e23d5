"""政治生日 writes as units of work."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from dangjian_desktop.core import birthdays as bd
from dangjian_desktop.core.db import Database


def save_record(
    db: Database, member_id: int, year: int, edits: Sequence[bd.ItemEdit], *, today: dt.date | None = None
) -> None:
    with db.transaction() as session:
        bd.save_record(session, member_id, year, edits, today=today)


def mark_month_done(
    db: Database,
    year: int,
    month: int,
    items: Sequence[str],
    done_date: dt.date,
    note: str = "",
    *,
    branch_id: int | None = None,
    today: dt.date | None = None,
) -> int:
    with db.transaction() as session:
        return bd.mark_month_done(
            session, year, month, items, done_date, note, branch_id=branch_id, today=today
        )


def save_settings(db: Database, values: bd.BirthdaySettings) -> None:
    with db.transaction() as session:
        bd.save_settings(session, values)
