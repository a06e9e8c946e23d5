"""The checks of a database file (core/db.py): `integrity_problems`, before a backup or on request,
reports a file whose pages still read but whose contents disagree (an index out of step with its
table, a member pointing at a branch that is not there) with what SQLite says of each problem, both
kinds together; `quick_problems`, the cheaper check on start (it does not compare indexes with their
tables), reports what it does find, a header that miscounts the free pages; a sound file has none. The damage is made with SQLite's
own writable schema, the way a half-finished write by another tool leaves a file."""

from __future__ import annotations

import sqlite3
import struct
from pathlib import Path

from dangjian_desktop.core.db import Database, integrity_problems, open_database, quick_problems
from dangjian_desktop.core.roster import MemberDraft, add_member


def _member(db: Database, branch_id: int, name: str, id_number: str) -> int:
    with db.transaction() as session:
        return add_member(session, branch_id, MemberDraft(name=name, id_number=id_number))


def _out_of_step(path: Path) -> None:
    """ix_member_id_number_branch now claims to index the phone: its entries no longer match the rows."""
    with sqlite3.connect(path, isolation_level=None) as connection:
        connection.execute("PRAGMA writable_schema=ON")
        connection.execute(
            "UPDATE sqlite_master SET sql = 'CREATE INDEX ix_member_id_number_branch ON member (phone, branch_id)'"
            " WHERE name = 'ix_member_id_number_branch'"
        )


def test_a_sound_file_has_no_problems(db: Database, branch_id: int) -> None:
    _member(db, branch_id, "甲", "360426199101010071")
    assert integrity_problems(db) == []
    db.close()
    assert quick_problems(db.path) == []


def test_an_index_out_of_step_and_a_dangling_row_are_both_reported(db: Database, branch_id: int) -> None:
    _member(db, branch_id, "甲", "360426199101010071")
    second = _member(db, branch_id, "乙", "11010519491231002X")
    db.close()
    with sqlite3.connect(db.path, isolation_level=None) as connection:  # foreign keys off, as other tools
        connection.execute("UPDATE member SET branch_id = 999 WHERE id = ?", (second,))
    _out_of_step(db.path)
    again = open_database(db.path)
    try:
        problems = integrity_problems(again)
    finally:
        again.close()
    index_lines = [p for p in problems if "ix_member_id_number_branch" in p]
    assert index_lines and index_lines == problems[: len(index_lines)], problems
    assert problems[len(index_lines) :] == [f"外键错误：表 member 第 {second} 行引用了不存在的 branch"]


def test_the_check_on_start_reports_a_header_that_miscounts_the_free_pages(
    db: Database, branch_id: int
) -> None:
    _member(db, branch_id, "甲", "360426199101010071")
    db.close()
    assert not db.path.with_name(db.path.name + "-wal").exists()  # all of it in the one file
    data = bytearray(db.path.read_bytes())
    data[36:40] = struct.pack(">I", 7)  # the header's count of free pages (the file format's offset 36)
    db.path.write_bytes(bytes(data))
    problems = quick_problems(db.path)
    assert len(problems) == 1 and problems[0].lower().endswith("freelist: size is 0 but should be 7"), (
        problems
    )
