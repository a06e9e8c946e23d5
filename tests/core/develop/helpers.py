"""A branch with a roster to develop new members in: real members, real database."""

from __future__ import annotations

import datetime as dt

from dangjian_desktop.core.db import Database
from dangjian_desktop.core.idcard import check_char
from dangjian_desktop.core.roster import MemberDraft, add_member


def id_for(birth: dt.date, serial: int = 7) -> str:
    first17 = f"360426{birth:%Y%m%d}{serial:03d}"
    return first17 + check_char(first17)


def add_roster(db: Database, branch_id: int, full: int = 5, probationary: int = 0) -> dict[str, int]:
    """`full` 正式党员 named 党员1.. (joined 2000) and `probationary` 预备党员 named 预备1.. (joined 2024-01-01)."""
    ids: dict[str, int] = {}
    with db.transaction() as session:
        for n in range(1, full + 1):
            draft = MemberDraft(name=f"党员{n}", join_date="2000-07-01", full_date="2001-07-01")
            ids[draft.name] = add_member(session, branch_id, draft)
        for n in range(1, probationary + 1):
            draft = MemberDraft(name=f"预备{n}", join_date="2024-01-01", category="预备党员")
            ids[draft.name] = add_member(session, branch_id, draft)
    return ids
