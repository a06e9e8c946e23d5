"""The whole demo: the roster, then what each part of the program adds on top of it."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from dangjian_desktop.core.demo import build_demo


def build_full_demo(session: Session, *, today: dt.date | None = None) -> int:
    branch_id = build_demo(session, today=today)
    from dangjian_desktop.core.demo_meetings import build_demo_meetings

    build_demo_meetings(session, branch_id, today=today or dt.date.today())

    from dangjian_desktop.core.birthdays import build_demo_records

    build_demo_records(session, branch_id, today or dt.date.today())

    from dangjian_desktop.core.cards_demo import build_cards_demo

    build_cards_demo(session, branch_id, today=today)

    from dangjian_desktop.core.dues.demo import build_dues_demo

    build_dues_demo(session, branch_id, today or dt.date.today())
    return branch_id
