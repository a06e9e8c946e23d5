"""The import's INSERT on SQLite: the driver gets the plan's tuples as they are (Core's executemany
spent a quarter of a 50,000-row import converting dicts). A column Core fills by itself, such as the
version column, must not send the import back to the slow path (it did, unnoticed, when the version
column came); the database fills it, and every imported member starts at version 1."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from dangjian_desktop.core.exchange.importing import import_roster
from dangjian_desktop.core.exchange.importing.writing import _sqlite_columns
from dangjian_desktop.core.models import Member

from .files import member_rows, write_xlsx


def test_sqlite_takes_the_tuple_path_and_members_start_at_version_one(db, branch_id, tmp_path) -> None:
    with db.transaction() as session:
        statement = _sqlite_columns(session.connection())
    assert statement is not None and statement.startswith("INSERT INTO member (")
    assert "version" not in statement  # the server default fills it
    workbook = write_xlsx(tmp_path / "roster.xlsx", member_rows(30, seed=3))
    report = import_roster(db, workbook, today=dt.date(2026, 11, 1))
    assert report.imported == 30
    with db.reading() as session:
        versions = session.scalars(select(Member.version)).all()
    assert versions == [1] * 30
