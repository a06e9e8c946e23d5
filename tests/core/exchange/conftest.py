import datetime as dt
from pathlib import Path

import pytest

from dangjian_desktop.core.db import Database, open_database
from dangjian_desktop.core.demo import build_full_demo

DAY = dt.date(2026, 11, 22)


def make_village(path: Path, *, size: int = 45, seed: int = 2026, name: str = "凤凰村党支部") -> Database:
    from dangjian_desktop.core.demo import build_demo

    db = open_database(path)
    with db.transaction() as session:
        if size == 45 and seed == 2026 and name == "凤凰村党支部":
            build_full_demo(session, today=DAY)
        else:
            from sqlalchemy import update

            from dangjian_desktop.core.models import Branch

            build_demo(session, today=DAY, seed=seed, size=size)
            session.execute(update(Branch).values(name=name))
    return db


@pytest.fixture
def village(tmp_path: Path) -> Database:
    db = make_village(tmp_path / "village.sqlite3")
    yield db
    db.close()


@pytest.fixture
def township(new_target) -> Database:
    """The township's database on each backend: a SQLite file, and a PostgreSQL server database."""
    db = open_database(new_target("township"))
    yield db
    db.close()
