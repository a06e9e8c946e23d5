"""The roster's writes as whole units of work (a member together with the photo; leaving; restoring)."""

from __future__ import annotations

import datetime as dt

from dangjian_desktop.core import roster
from dangjian_desktop.core.branch import require_branch
from dangjian_desktop.core.db import Database
from dangjian_desktop.core.models import Member
from dangjian_desktop.core.versions import versioned_save


def save_member(
    db: Database,
    member_id: int | None,
    draft: roster.MemberDraft,
    photo: bytes | None = None,
    *,
    photo_changed: bool = False,
    version: int | None = None,
) -> int:
    """Adds (member_id None) or updates a member, and stores or clears the photo, in one transaction:
    a photo never lands on a member whose other fields were refused. version: the member's version
    when the dialog opened (core/versions.py); another clerk's save since then is EditConflict."""
    with db.transaction() as session:
        if member_id is None:
            member_id = roster.add_member(session, require_branch(session).id, draft)
        else:
            record = session.get(Member, member_id)
            if record is None:
                roster.update_member(session, member_id, draft)  # says the member is not found
            with versioned_save(session, record, version, f"党员 {record.name} 的信息"):
                roster.update_member(session, member_id, draft)
        if photo_changed:
            roster.set_photo(session, member_id, photo)
    return member_id


def leave(
    db: Database,
    member_id: int,
    status: str,
    day: str | dt.date,
    reason: str,
    *,
    today: dt.date | None = None,
) -> None:
    """转出 / 去世 / 停止党籍 / 出党 with the date as typed; the rules live in core/roster.leave_roster."""
    with db.transaction() as session:
        roster.leave_roster(session, member_id, status, day, reason, today=today)


def restore(db: Database, member_id: int) -> None:
    with db.transaction() as session:
        roster.restore_to_roster(session, member_id)
