"""Units of work on their edges, fifth part (core/services/birthdays.py; tests/MUTANTS.md): the
monthly 政治生日 celebration recorded through its service with no note given stores no note, and its
items carry the day given."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from dangjian_desktop.core import birthdays as bd
from dangjian_desktop.core.db import Database
from dangjian_desktop.core.models import BirthdayActivity
from dangjian_desktop.core.roster import MemberDraft
from dangjian_desktop.core.services import birthdays as birthday_service
from dangjian_desktop.core.services import roster as roster_service

TODAY = dt.date(2026, 6, 30)  # the day the service is told is today; the clock is later


def test_a_month_marked_done_without_a_note_stores_none(db: Database, branch_id: int) -> None:
    """The note is optional: left out, each item recorded has an empty note, not a made-up one."""
    member_id = roster_service.save_member(db, None, MemberDraft(name="六月", join_date="2000-06-15"))
    items = list(bd.SIX_ITEMS[:2])
    count = birthday_service.mark_month_done(db, 2026, 6, items, TODAY, today=TODAY)
    assert count == 2
    with db.reading() as s:
        rows = s.execute(
            select(
                BirthdayActivity.member_id,
                BirthdayActivity.item,
                BirthdayActivity.done_date,
                BirthdayActivity.note,
            ).order_by(BirthdayActivity.id)
        ).all()
    assert [tuple(r) for r in rows] == [(member_id, item, TODAY, "") for item in items]
