"""Headless Qt, a fresh database file per test, and a fixed 'today' where a test needs one."""

from __future__ import annotations

import datetime as dt
import os
import shutil

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("DANGJIAN_BUNDLED_FONT_ONLY", "1")  # the same output on every machine

from collections.abc import Iterator
from pathlib import Path

import pytest

from dangjian_desktop.core.branch import create_branch
from dangjian_desktop.core.db import Database, open_database
from tests.built_once import own_folder


@pytest.fixture(autouse=True, scope="session")
def _print_photo_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Print-size photos (core.photos) go to a temporary folder, never the user's cache folder."""
    from dangjian_desktop.core.photos import CACHE_ENV

    folder = tmp_path_factory.mktemp("print-photos")
    saved = os.environ.get(CACHE_ENV)
    os.environ[CACHE_ENV] = str(folder)
    yield folder
    if saved is None:
        os.environ.pop(CACHE_ENV, None)
    else:
        os.environ[CACHE_ENV] = saved


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "test.sqlite3"


_EMPTY_DATABASE: list[Path] = []  # built once per test process (and inherited by mutmut's forks)


@pytest.fixture(scope="session")
def _empty_database() -> Path:
    """One empty database file brought to the newest revision, copied for each test's `db`: running
    every migration again costs over a second a test (minutes over the suite, hours over a mutation
    run). tests/core/test_db.py, test_db_edges.py and test_old_databases.py still migrate files of
    their own."""
    if not _EMPTY_DATABASE or not _EMPTY_DATABASE[0].exists():
        path = own_folder("dangjian-empty-") / "empty.sqlite3"
        open_database(path).close()
        assert not path.with_name(path.name + "-wal").exists()  # all of it is in the one file
        _EMPTY_DATABASE[:] = [path]
    return _EMPTY_DATABASE[0]


@pytest.fixture
def db(db_path: Path, _empty_database: Path) -> Iterator[Database]:
    shutil.copyfile(_empty_database, db_path)
    database = open_database(db_path)
    yield database
    database.close()


@pytest.fixture
def branch_id(db: Database) -> int:
    with db.transaction() as session:
        return create_branch(
            session, "测试村党支部", township="测试镇", secretary="王书记", phone="0791-1234567"
        ).id


@pytest.fixture
def ascii_locale() -> Iterator[None]:
    """The C locale (ASCII) as the system's encoding, standing in for a Chinese Windows' GBK: files the
    program writes or reads in the system's encoding instead of UTF-8 would show under it."""
    import locale

    saved = locale.setlocale(locale.LC_CTYPE)
    locale.setlocale(locale.LC_CTYPE, "C")
    try:
        if locale.getpreferredencoding(False).lower().replace("-", "") in ("utf8",):
            pytest.skip("this Python always uses UTF-8 (UTF-8 mode)")
        yield
    finally:
        locale.setlocale(locale.LC_CTYPE, saved)


def add_branch(db: Database, name: str = "别村党支部") -> int:
    """A further branch in the same file (a township's merged database has many), made directly:
    create_branch rightly refuses a second branch in a village's database."""
    from dangjian_desktop.core.models import Branch

    with db.transaction() as session:
        branch = Branch(name=name)
        session.add(branch)
        session.flush()
        return branch.id


_DEMO_TEMPLATES: dict[dt.date, Path] = {}  # the full demo of each day, built once per test process


@pytest.fixture
def demo_db(db: Database, _empty_database: Path) -> Database:
    """The full demo village in the test's database. It takes over a second to build and is the same
    all day (its dates follow today, its names a fixed seed): built once per process and day, then
    copied over the test's file before anything has read it."""
    from dangjian_desktop.core.demo import build_full_demo

    today = dt.date.today()
    if today not in _DEMO_TEMPLATES or not _DEMO_TEMPLATES[today].exists():
        template = own_folder("dangjian-full-demo-") / "demo.sqlite3"
        shutil.copyfile(_empty_database, template)
        made = open_database(template)
        with made.transaction() as session:
            build_full_demo(session, today=today)
        made.close()  # the last connection closed: the WAL is checkpointed into the file
        _DEMO_TEMPLATES[today] = template
    db.close()
    for leftover in (db.path.with_name(db.path.name + "-wal"), db.path.with_name(db.path.name + "-shm")):
        leftover.unlink(missing_ok=True)
    shutil.copyfile(_DEMO_TEMPLATES[today], db.path)
    return db


# the PostgreSQL fixtures (pg_server, pg_url, backend, new_target): tests/server_db.py
from tests.server_db import backend, new_target, pg_server, pg_url  # noqa: E402, F401

QT_FIXTURES = {"qtbot", "qapp", "ctx"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Marks `qt` every test that makes widgets (under tests/ui, or asking for a Qt fixture): README's
    test command runs the others in a process per core and these in one, in its main thread, as
    the application runs them (a worker process of pytest-xdist crashed in the garbage collector while
    freeing widgets an earlier test had left)."""
    for item in items:
        under_ui = "ui" in item.path.relative_to(Path(__file__).parent).parts[:1]
        if under_ui or QT_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.qt)
