"""Databases written by released schemas still open, upgraded, with every row intact.

`tests/data/rev0001_demo.sqlite3` was written by the program at schema revision 0001: the demo branch
(`build_full_demo` with today = 2026-11-22), the font size saved in 设置 and one meeting photo, so that
every table of 0001 holds rows. It is never regenerated: it stands for the files secretaries already
have. Each later revision is tested against it by these tests without being named here: opening a copy
upgrades it to the program's head, and every row of every table that existed in the old file must still
be there. A revision that deliberately rewrites a column's values lists it in REWRITTEN.
"""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from dangjian_desktop.core.db import head_revision, open_database, stored_revision

DATA = Path(__file__).resolve().parent.parent / "data"
OLD_DATABASES = {"0001_initial": DATA / "rev0001_demo.sqlite3"}

# (table, column) pairs whose stored values a later revision converts on purpose; such a column is
# compared by row count only. Empty while no revision converts data.
REWRITTEN: set[tuple[str, str]] = set()


def _tables(path: Path) -> dict[str, list[str]]:
    """Table name -> its column names, read with plain sqlite3 (no program code involved)."""
    with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
        names = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {name: [c[1] for c in conn.execute(f'PRAGMA table_info("{name}")')] for name in names}


def _rows(path: Path, table: str, columns: list[str]) -> list[tuple]:
    quoted = ", ".join(f'"{c}"' for c in columns)
    with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
        return sorted(conn.execute(f'SELECT {quoted} FROM "{table}"').fetchall(), key=repr)


@pytest.fixture(params=sorted(OLD_DATABASES), ids=lambda r: f"rev{r[:4]}")
def old_and_upgraded(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, Path]:
    original = OLD_DATABASES[request.param]
    assert stored_revision(original) == request.param
    copy = tmp_path / original.name
    shutil.copyfile(original, copy)
    open_database(copy).close()  # what the program does to a secretary's file when it starts
    return original, copy


def test_the_fixture_holds_rows_in_every_table(old_and_upgraded: tuple[Path, Path]) -> None:
    original, _ = old_and_upgraded
    empty = [
        table
        for table, columns in _tables(original).items()
        if table != "alembic_version" and not _rows(original, table, columns)
    ]
    assert empty == []


def test_opening_upgrades_a_copy_to_the_head(old_and_upgraded: tuple[Path, Path]) -> None:
    original, copy = old_and_upgraded
    assert stored_revision(copy) == head_revision()
    assert stored_revision(original) in OLD_DATABASES  # the committed file itself is never touched


def test_every_row_of_every_old_table_survives_the_upgrade(old_and_upgraded: tuple[Path, Path]) -> None:
    original, copy = old_and_upgraded
    before, after = _tables(original), _tables(copy)
    for table, columns in before.items():
        if table == "alembic_version":
            continue
        assert table in after, f"表 {table} 在升级后不见了"
        kept = [c for c in columns if c in after[table] and (table, c) not in REWRITTEN]
        old_rows, new_rows = _rows(original, table, kept), _rows(copy, table, kept)
        assert len(new_rows) == len(old_rows), table
        assert new_rows == old_rows, table


def test_the_program_reads_the_upgraded_file(old_and_upgraded: tuple[Path, Path]) -> None:
    from dangjian_desktop.core import settings
    from dangjian_desktop.core.branch import current_branch
    from dangjian_desktop.core.roster import list_members

    original, copy = old_and_upgraded
    members = _rows(original, "member", ["id"])
    db = open_database(copy)
    try:
        with db.reading() as session:
            branch = current_branch(session)
            assert branch is not None and branch.name
            listed = list_members(session)
            assert settings.get(session, settings.UI_FONT_SIZE) == 12.0
            assert settings.problems(session) == []
    finally:
        db.close()
    assert sorted(m.id for m in listed) == sorted(r[0] for r in members)


def test_an_old_database_finds_a_surname_by_every_reading(tmp_path: Path) -> None:
    """Search keys are derived data: the upgrade recomputes them, so 尉 is found by wei and by yu."""
    import shutil
    import sqlite3

    from dangjian_desktop.core.db import open_database
    from dangjian_desktop.core.search import search_key

    copy = tmp_path / "old.sqlite3"
    shutil.copy(OLD_DATABASES["0001_initial"], copy)
    with sqlite3.connect(copy) as conn:
        (member_id,) = conn.execute("SELECT id FROM member ORDER BY id LIMIT 1").fetchone()
        # a key as the program of revision 0001 wrote it: one reading only
        conn.execute(
            "UPDATE member SET name = '尉缭', search_key = '尉缭|yuliao|yl||' WHERE id = ?", (member_id,)
        )
    conn.close()
    db = open_database(copy)
    try:
        with db.reading() as session:
            from dangjian_desktop.core.models import Member

            member = session.get(Member, member_id)
            assert member is not None
            assert member.search_key == search_key("尉缭", member.id_number, member.phone)
            assert "weiliao" in member.search_key and "yuliao" in member.search_key
    finally:
        db.close()


def test_a_database_past_0006_gets_the_readings_added_later(tmp_path: Path) -> None:
    """Revision 0009: 六 lu, 贠 yun, 么 yao and 不 fou were added after 0006 had written the keys; a
    file already at 0008 holds keys without them until the upgrade writes them again. A key that was
    already right (张三) comes out the same."""
    import sqlite3

    from alembic import command

    from dangjian_desktop.core.db import alembic_config, make_engine
    from dangjian_desktop.core.search import search_key

    path = tmp_path / "rev0008.sqlite3"
    shutil.copy(OLD_DATABASES["0001_initial"], path)
    engine = make_engine(path)
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0008_versions")
    engine.dispose()
    # keys as the program of revision 0008 wrote them: the common reading only
    stale = {"六安明": "liuanming|lam", "贠华": "yuanhua|yh", "么红": "mehong|mh", "不凡": "bufan|bf"}
    with closing(sqlite3.connect(path)) as conn, conn:
        ids = [r[0] for r in conn.execute("SELECT id FROM member ORDER BY id LIMIT 5")]
        for member_id, (name, key) in zip(ids, stale.items(), strict=False):
            conn.execute(
                "UPDATE member SET name = ?, search_key = ? WHERE id = ?",
                (name, f"{name}|{key}||", member_id),
            )
        conn.execute("UPDATE member SET name = '张三' WHERE id = ?", (ids[4],))
        conn.execute(
            "UPDATE member SET search_key = ? WHERE id = ?",
            (search_key("张三", *_id_phone(conn, ids[4])), ids[4]),
        )
        before_zhang = conn.execute("SELECT search_key FROM member WHERE id = ?", (ids[4],)).fetchone()[0]
    open_database(path).close()
    with closing(sqlite3.connect(path)) as conn:
        keys = dict(conn.execute("SELECT name, search_key FROM member WHERE id IN (?, ?, ?, ?, ?)", ids))
    for name, reading in (
        ("六安明", "luanming"),
        ("贠华", "yunhua"),
        ("么红", "yaohong"),
        ("不凡", "foufan"),
    ):
        assert reading in keys[name], name
        assert stale[name].split("|")[0] in keys[name], name  # the common reading is kept as well
    assert keys["张三"] == before_zhang


def _id_phone(conn: sqlite3.Connection, member_id: int) -> tuple[str, str]:
    return conn.execute("SELECT id_number, phone FROM member WHERE id = ?", (member_id,)).fetchone()
