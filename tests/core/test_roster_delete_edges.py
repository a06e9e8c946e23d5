"""删除误录 at the places no other test looked: the refusal in its exact words, the backup in the 备份文件夹
of the settings, the print-size copy of the deleted member's photo (and only theirs), a record of a
table the program does not name, and a record of a table the program does not know at all.

Each test was written against a slip mutation testing planted (tests/MUTANTS.md) that the rest of the
suite let through."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import Column, ForeignKey, Integer, Table, text

from dangjian_desktop.core import photos, roster, settings
from dangjian_desktop.core.db import Database
from dangjian_desktop.core.models import Base, ContactLog, Member, ResponsibilityCard
from dangjian_desktop.core.roster import RosterError
from dangjian_desktop.core.roster_delete import HasRecords, delete_mistaken_entry, records_about


@pytest.fixture
def member_id(db: Database, branch_id: int) -> int:
    with db.transaction() as session:
        return roster.add_member(
            session, branch_id, roster.MemberDraft(name="误录人", join_date="2010-01-01")
        )


def _exists(db: Database, member_id: int) -> bool:
    with db.reading() as session:
        return session.get(Member, member_id) is not None


def test_the_refusal_names_the_member_each_record_and_the_ways_to_leave(db: Database, member_id: int) -> None:
    with db.transaction() as session:
        session.add(ResponsibilityCard(member_id=member_id, year=2025))
        session.add(ResponsibilityCard(member_id=member_id, year=2026))
        session.add(ContactLog(member_id=member_id, date=dt.date(2026, 3, 1), how="电话"))
    with pytest.raises(HasRecords) as raised:
        delete_mistaken_entry(db, member_id)
    assert raised.value.records == ["联系记录 1 条", "明白卡 2 张"]
    assert str(raised.value) == (
        "误录人 已有记录：联系记录 1 条、明白卡 2 张，不能作为误录删除。"
        "如果此人已不在本支部，请用“离开名册”办理（转出、去世、停止党籍、出党），记录会保留。"
    )
    assert _exists(db, member_id)


def test_the_backup_goes_to_the_folder_of_the_settings(db: Database, member_id: int, tmp_path: Path) -> None:
    folder = tmp_path / "U盘备份"
    folder.mkdir()
    with db.transaction() as session:
        settings.put(session, settings.BACKUP_FOLDER, f" {folder} ")  # as typed, with spaces around
    result = delete_mistaken_entry(db, member_id)
    assert result.backup is not None and result.backup.parent == folder
    assert result.backup.name.endswith("-delete.sqlite3")
    assert not _exists(db, member_id)


def test_without_a_folder_the_backup_is_beside_the_database(db: Database, member_id: int) -> None:
    from dangjian_desktop.core.backup import backup_dir_for

    result = delete_mistaken_entry(db, member_id)
    assert result.backup is not None and result.backup.parent == backup_dir_for(db.path)
    assert result.backup.name.endswith("-delete.sqlite3")


def _jpeg(colour: tuple[int, int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (photos.PRINT_PHOTO_PX[0] + 20, photos.PRINT_PHOTO_PX[1] + 20), colour).save(out, "JPEG")
    return out.getvalue()


def test_only_the_deleted_members_print_photo_goes(db: Database, branch_id: int, member_id: int) -> None:
    mine, theirs = _jpeg((10, 120, 10)), _jpeg((120, 10, 10))
    with db.transaction() as session:
        other = roster.add_member(session, branch_id, roster.MemberDraft(name="张三"))
        roster.set_photo(session, other, theirs)  # stored first: the first photo row of the table
        roster.set_photo(session, member_id, mine)
    assert photos._cache_file(mine).exists() and photos._cache_file(theirs).exists()
    delete_mistaken_entry(db, member_id)
    assert not photos._cache_file(mine).exists()  # nothing of the person stays in the print cache
    assert photos._cache_file(theirs).exists()
    with db.reading() as session:
        assert roster.get_photo(session, other) == theirs


@pytest.fixture
def later_tables(db: Database) -> Iterator[tuple[Table, Table]]:
    """Two tables a later feature might add, pointing at the member, which roster_delete does not name."""
    tables = tuple(
        Table(
            name,
            Base.metadata,
            Column("id", Integer, primary_key=True),
            Column("member_id", ForeignKey("member.id")),
        )
        for name in ("later_feature_a", "later_feature_b")
    )
    try:
        with db.transaction() as session:
            for table in tables:
                table.create(session.connection())
        yield tables  # type: ignore[misc]
    finally:
        for table in tables:
            Base.metadata.remove(table)


def test_records_of_tables_not_named_count_together_as_other_records(
    db: Database, member_id: int, later_tables: tuple[Table, Table]
) -> None:
    with db.transaction() as session:
        for table in later_tables:
            session.execute(table.insert().values(member_id=member_id))
    with db.reading() as session:
        assert records_about(session, member_id) == ["其他记录 2 条"]
    with pytest.raises(HasRecords, match="其他记录 2 条"):
        delete_mistaken_entry(db, member_id)
    assert _exists(db, member_id)


def test_a_record_in_a_table_the_program_does_not_know_stops_the_delete(db: Database, member_id: int) -> None:
    """A table outside the program's models (a newer version's, in a database opened by this one): the
    database itself refuses, and the member is told to leave the roster instead."""
    with db.transaction() as session:
        session.execute(
            text("CREATE TABLE unknown_later (id INTEGER PRIMARY KEY, member_id REFERENCES member(id))")
        )
        session.execute(text("INSERT INTO unknown_later (member_id) VALUES (:m)"), {"m": member_id})
    with pytest.raises(RosterError) as raised:
        delete_mistaken_entry(db, member_id)
    assert str(raised.value) == "此人在其他记录中被引用，不能作为误录删除；请用“离开名册”办理。"
    assert _exists(db, member_id)


def test_the_delete_is_logged_by_name(db: Database, member_id: int) -> None:
    from tests.core.logs import last_log

    delete_mistaken_entry(db, member_id)
    assert last_log(db) == ("删除误录", "误录人")
