"""The demo package: one entry point builds every part; the parts are deterministic for a day."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from dangjian_desktop.core import demo
from dangjian_desktop.core.db import Database
from dangjian_desktop.core.models import BirthdayActivity, Meeting, Member, ResponsibilityCard

TODAY = dt.date(2026, 11, 22)


def _counts(db: Database) -> dict[str, int]:
    with db.reading() as session:
        return {
            model.__tablename__: session.scalar(select(func.count()).select_from(model)) or 0
            for model in (Member, Meeting, BirthdayActivity, ResponsibilityCard)
        }


def test_the_full_demo_fills_every_part_the_same_way_twice(tmp_path) -> None:
    from dangjian_desktop.core.db import open_database

    made = []
    for name in ("a.sqlite3", "b.sqlite3"):
        db = open_database(tmp_path / name)
        with db.transaction() as session:
            demo.build_full_demo(session, today=TODAY)
        made.append(_counts(db))
        db.close()
    assert made[0] == made[1]
    assert all(count > 0 for count in made[0].values()), made[0]


def test_the_demo_ids_are_valid() -> None:
    import random

    from dangjian_desktop.core.idcard import facts

    rng = random.Random(1)
    for birth in (dt.date(1950, 1, 1), dt.date(2000, 2, 29)):
        number = demo.make_id_number(rng, birth, "女")
        found = facts(number)
        assert (found.birth_date, found.gender) == (birth, "女")
