import datetime as dt
import shutil
from pathlib import Path

import pytest

from dangjian_desktop.core.db import Database, open_database
from dangjian_desktop.core.demo import build_full_demo
from tests.built_once import own_folder

DAY = dt.date(2026, 11, 22)


_FULL_DEMO: list[Path] = []  # the full demo village, built once per test process and copied


def _full_demo_copy(path: Path) -> Database:
    """The full demo takes seconds to build and is the same every time (its date is fixed): build it
    once, then every test gets its own copy of the file (its own database, same branch uid and key;
    a test that needs a second village makes a different one)."""
    if not _FULL_DEMO:
        template = own_folder("dangjian-demo-village-") / "village.sqlite3"
        db = open_database(template)
        with db.transaction() as session:
            build_full_demo(session, today=DAY)
        db.close()  # the last connection closed: the WAL is checkpointed into the file
        _FULL_DEMO.append(template)
    shutil.copyfile(_FULL_DEMO[0], path)
    return open_database(path)


def make_village(path: Path, *, size: int = 45, seed: int = 2026, name: str = "凤凰村党支部") -> Database:
    from dangjian_desktop.core.demo import build_demo

    if size == 45 and seed == 2026 and name == "凤凰村党支部":
        return _full_demo_copy(path)
    from sqlalchemy import update

    from dangjian_desktop.core.models import Branch

    db = open_database(path)
    with db.transaction() as session:
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
