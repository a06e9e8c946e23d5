"""The import writes its new rows on a second thread while the rows after them are checked
(writing.Inserts): the rows must still land in sheet order, in statements the SQLite build accepts,
inside the one transaction, and a failure of the writing thread must leave nothing behind."""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading

import pytest
from sqlalchemy import event, select, text
from sqlalchemy.exc import IntegrityError

from dangjian_desktop.core.exchange.importing import import_roster
from dangjian_desktop.core.exchange.importing.planning import CHUNK, INSERT_COLUMNS
from dangjian_desktop.core.models import Member, OperationLog

from .files import member_rows, write_xlsx

TODAY = dt.date(2026, 11, 1)
WIDTH = len(INSERT_COLUMNS)


def _numbers_in_id_order(db) -> list[str]:
    with db.reading() as session:
        return list(session.scalars(select(Member.id_number).order_by(Member.id)))


def _sheet_numbers(rows) -> list[str]:
    return [str(row[5]).upper() for row in rows]


def test_rows_land_in_sheet_order_across_chunks_and_the_bar_moves_forward(db, branch_id, tmp_path) -> None:
    """Two full chunks and a part of one: every member in sheet order, one log line, and the
    progress bar never goes back and ends full."""
    rows = member_rows(2 * CHUNK + 1, seed=21)
    workbook = write_xlsx(tmp_path / "three_chunks.xlsx", rows)
    reports: list[tuple[int, int]] = []
    report = import_roster(
        db, workbook, today=TODAY, progress=lambda done, total: reports.append((done, total))
    )
    assert report.imported == 2 * CHUNK + 1
    assert _numbers_in_id_order(db) == _sheet_numbers(rows)
    with db.reading() as session:
        assert session.scalar(select(text("count(*)")).select_from(OperationLog)) == 1
    totals = {total for _done, total in reports}
    assert totals == {2 * (2 * CHUNK + 1)}
    dones = [done for done, _total in reports]
    assert dones == sorted(dones) and dones[-1] == 2 * (2 * CHUNK + 1)
    # the writing is reported as it goes: more than one report in the bar's second half
    assert len([d for d in dones if d > 2 * CHUNK + 1]) >= 3
    assert not [t for t in threading.enumerate() if t.name.startswith("import-write")]


@pytest.mark.parametrize("limit", [2 * WIDTH - 1, 2 * WIDTH, 2 * WIDTH + 1])
def test_statements_fit_the_builds_limit_on_bound_values(db, branch_id, tmp_path, limit) -> None:
    """Old SQLite builds bind at most 999 values per statement; the rows per INSERT follow the
    connection's own limit. One below two rows' worth of values (one row per statement), on it and one
    above (two rows): all five members arrive, in order."""
    db.engine.dispose()
    event.listen(
        db.engine,
        "connect",
        lambda connection, _record: connection.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, limit),
    )
    with db.transaction() as session:
        raw = session.connection().connection.dbapi_connection
        assert raw.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) == limit
        marks = ", ".join("?" * (limit + 1))
        with pytest.raises(sqlite3.OperationalError):  # the limit is real on this connection
            raw.execute(f"SELECT {marks}", tuple(range(limit + 1)))
    rows = member_rows(5, seed=22)
    report = import_roster(db, write_xlsx(tmp_path / "five.xlsx", rows), today=TODAY)
    assert report.imported == 5
    assert _numbers_in_id_order(db) == _sheet_numbers(rows)


def test_a_failure_while_writing_leaves_nothing_and_the_file_usable(db, branch_id, tmp_path) -> None:
    """The database refuses a row of the second chunk (a trigger stands in for a full disk or a
    damaged page): the error reaches the caller, no member and no log line are left, no writing
    thread lingers, and the next import works."""
    rows = member_rows(2 * CHUNK + 10, seed=23)
    doomed = str(rows[CHUNK + 5][5]).upper()
    with db.transaction() as session:
        session.execute(
            text(
                "CREATE TRIGGER refuse_one BEFORE INSERT ON member"
                f" WHEN upper(NEW.id_number) = '{doomed}' BEGIN SELECT RAISE(ABORT, 'refused'); END"
            )
        )
    workbook = write_xlsx(tmp_path / "doomed.xlsx", rows)
    with pytest.raises(IntegrityError):
        import_roster(db, workbook, today=TODAY)
    with db.reading() as session:
        assert session.scalar(select(text("count(*)")).select_from(Member)) == 0
        assert session.scalar(select(text("count(*)")).select_from(OperationLog)) == 0
    assert not [t for t in threading.enumerate() if t.name.startswith("import-write")]
    with db.transaction() as session:
        session.execute(text("DROP TRIGGER refuse_one"))
    report = import_roster(db, workbook, today=TODAY)
    assert report.imported == 2 * CHUNK + 10
    assert _numbers_in_id_order(db) == _sheet_numbers(rows)


def test_the_same_import_on_each_backend(new_target, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """One chunk and a row more, imported again with two rows changed: on SQLite the threaded
    multi-row path, on PostgreSQL Core's executemany on the calling thread (skipped there without a
    server); the same members in the same order, the same report."""
    from dangjian_desktop.core.branch import create_branch
    from dangjian_desktop.core.db import open_database

    rows = member_rows(CHUNK + 1, seed=24)
    workbook = write_xlsx(tmp_path / "chunk_and_one.xlsx", rows)
    db = open_database(new_target("imported"))
    try:
        with db.transaction() as session:
            create_branch(session, "测试村党支部", township="测试镇")
        report = import_roster(db, workbook, today=TODAY)
        assert (report.imported, report.updated) == (CHUNK + 1, 0)
        assert _numbers_in_id_order(db) == _sheet_numbers(rows)
        rows[0][13] = rows[CHUNK][13] = "新住址1号"
        again = import_roster(db, write_xlsx(tmp_path / "again.xlsx", rows), today=TODAY)
        assert (again.imported, again.updated, again.unchanged) == (0, 2, CHUNK - 1)
        with db.reading() as session:
            moved = session.scalars(select(Member.id_number).where(Member.address == "新住址1号"))
            assert sorted(moved) == sorted(_sheet_numbers([rows[0], rows[CHUNK]]))
    finally:
        db.close()
