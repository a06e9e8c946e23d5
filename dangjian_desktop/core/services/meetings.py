"""Meeting writes as units of work."""

from __future__ import annotations

import datetime as dt

from dangjian_desktop.core import meetings as m
from dangjian_desktop.core.db import Database
from dangjian_desktop.core.models import Meeting
from dangjian_desktop.core.versions import versioned_save


def save_meeting(
    db: Database,
    branch_id: int,
    meeting_id: int | None,
    draft: m.MeetingDraft,
    *,
    today: dt.date | None = None,
    version: int | None = None,
) -> m.SaveResult:
    """version: the record's when the dialog opened; another clerk's save since is EditConflict."""
    with db.transaction() as session:
        if meeting_id is None:
            return m.add_meeting(session, branch_id, draft, today=today)
        record = session.get(Meeting, meeting_id)
        if record is None:
            return m.update_meeting(session, meeting_id, draft, today=today)  # says it is not found
        with versioned_save(session, record, version, f"{record.date:%Y-%m-%d} 的会议记录"):
            return m.update_meeting(session, meeting_id, draft, today=today)


def delete_meeting(db: Database, meeting_id: int) -> None:
    with db.transaction() as session:
        m.delete_meeting(session, meeting_id)


def set_frequencies(db: Database, values: dict[str, str]) -> None:
    """All kinds at once: a bad value leaves every frequency as it was."""
    with db.transaction() as session:
        for kind, value in values.items():
            m.set_frequency(session, kind, value)
