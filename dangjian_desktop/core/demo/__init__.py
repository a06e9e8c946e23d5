"""The demo branch, all of it: the roster, then what each part of the program adds on top of it.

Deterministic for a given seed and day. One module per part: roster.py (the members, valid ID
numbers throughout), meetings.py (a year of 三会一课 with deliberate gaps), birthdays.py (the 6+X
record), cards.py (明白卡 and portraits), develop.py (people on the 发展党员 path), dues.py (a year of 党费).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from dangjian_desktop.core.demo.roster import (
    GIVEN_FEMALE,
    GIVEN_MALE,
    SURNAMES,
    build_demo,
    make_id_number,
)

__all__ = ["GIVEN_FEMALE", "GIVEN_MALE", "SURNAMES", "build_demo", "build_full_demo", "make_id_number"]


def build_full_demo(session: Session, *, today: dt.date | None = None) -> int:
    from dangjian_desktop.core.demo.birthdays import build_demo_records
    from dangjian_desktop.core.demo.cards import build_cards_demo
    from dangjian_desktop.core.demo.develop import build_develop_demo
    from dangjian_desktop.core.demo.dues import build_dues_demo
    from dangjian_desktop.core.demo.meetings import build_demo_meetings

    branch_id = build_demo(session, today=today)
    build_demo_meetings(session, branch_id, today=today or dt.date.today())
    build_demo_records(session, branch_id, today or dt.date.today())
    build_cards_demo(session, branch_id, today=today)
    build_develop_demo(session, branch_id, today=today)
    build_dues_demo(session, branch_id, today or dt.date.today())
    return branch_id
