"""The package's data files and what a merge would change (issue 21, mutation testing of
core/exchange/tables.py and changes.py): each table as JSON lines and back (dates, times, bytes,
a private column left out unless its setting is on, a column of a newer program ignored), and the
counts of members, meetings and 明白卡 added, changed and removed, matched by what identifies them
to a person, never by id. A real demo village dumped to files and changed line by line."""

import base64
import datetime as dt
import json

import pytest
from sqlalchemy import select

from dangjian_desktop.core import settings
from dangjian_desktop.core.exchange.changes import Change, changes_for
from dangjian_desktop.core.exchange.tables import (
    count_lines,
    data_tables,
    dump_all,
    dump_table,
    load_rows,
    omitted_columns,
    table_file,
)
from dangjian_desktop.core.models import Base, Branch
from dangjian_desktop.core.settings.catalogue import DUES_PACKAGE_INCOME

from .conftest import make_village

TABLES = {t.name: t for t in Base.metadata.sorted_tables}


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    db = make_village(tmp_path_factory.mktemp("tables") / "v.sqlite3")
    with db.reading() as session:
        files = dump_all(session.connection())
        uid = session.scalar(select(Branch.uid))
    yield db, files, uid
    db.close()


def _lines(files, table: str) -> list[dict]:
    return [json.loads(line) for line in files[table_file(table)].decode("utf-8").splitlines()]


def _with(files, table: str, rows: list[dict]) -> dict:
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    return {**files, table_file(table): text.encode("utf-8")}


def _changes(db, uid, files) -> dict[str, tuple[int, int, int]]:
    with db.reading() as session:
        return {c.table: (c.added, c.changed, c.removed) for c in changes_for(session, uid, files)}


# --- tables ---------------------------------------------------------------------------------------------


def test_the_tables_that_travel_and_those_that_never_do() -> None:
    names = [t.name for t in data_tables()]
    assert not {"setting", "local_key", "merge_record"} & set(names)
    assert {"branch", "member", "meeting", "member_photo", "operation_log"} <= set(names)
    assert len(names) == len(Base.metadata.sorted_tables) - 3
    assert names.index("branch") < names.index("member") < names.index("member_photo")  # parents first


def test_the_file_of_a_table_by_table_or_by_name() -> None:
    assert table_file("member") == "data/member.jsonl" == table_file(TABLES["member"])


def test_a_dump_is_one_sorted_json_object_a_line_in_id_order(demo) -> None:
    _db, files, _uid = demo
    assert set(files) == {table_file(t) for t in data_tables()}
    text = files["data/member.jsonl"].decode("utf-8")
    assert text.endswith("\n") and "\n\n" not in text
    lines = text.splitlines()
    ids = [json.loads(line)["id"] for line in lines]
    assert ids == sorted(ids) and len(ids) == 45
    first = json.loads(lines[0])
    assert lines[0] == json.dumps(first, ensure_ascii=False, sort_keys=True)
    assert "王建国" in lines[0]  # not escaped
    assert first["birth_date"] == "1974-08-13" and first["created_at"].count("T") == 1
    assert files["data/branch.jsonl"].count(b"\n") == 1


def test_dates_times_and_bytes_come_back_as_they_were(demo) -> None:
    db, files, _uid = demo
    member, photo = TABLES["member"], TABLES["member_photo"]
    rows = list(load_rows(member, files[table_file(member)]))
    first = rows[0]
    assert first["birth_date"] == dt.date(1974, 8, 13)
    assert isinstance(first["created_at"], dt.datetime) and first["left_date"] is None
    assert first["is_committee"] is True and first["id"] == 1
    photos = list(load_rows(photo, files[table_file(photo)]))
    raw = json.loads(files[table_file(photo)].decode().splitlines()[0])["jpeg"]
    assert set(raw) == {"$b64"} and base64.b64decode(raw["$b64"]) == photos[0]["jpeg"]
    with db.reading() as session:
        stored = session.execute(select(photo.c.jpeg).order_by(photo.c.member_id)).scalars().all()
    assert [p["jpeg"] for p in photos] == list(stored) and photos[0]["jpeg"][:2] == b"\xff\xd8"


def test_blank_lines_and_columns_of_a_newer_program_are_passed_over() -> None:
    meeting = TABLES["meeting"]
    payload = (
        '{"newer": 1, "id": 1, "date": "2026-01-05", "title": "会", "created_at": "2026-01-05T09:00:00"}\n'
        "\n   \n"
        '{"id": 2, "date": null, "title": null}\n'
    ).encode()
    rows = list(load_rows(meeting, payload))
    assert rows == [
        {"id": 1, "date": dt.date(2026, 1, 5), "title": "会", "created_at": dt.datetime(2026, 1, 5, 9)},
        {"id": 2, "date": None, "title": None},
    ]
    assert count_lines(payload) == 2 and count_lines(b"") == 0 and count_lines(b"x") == 1


def test_bytes_that_are_no_base64_are_refused() -> None:
    with pytest.raises(ValueError):
        list(load_rows(TABLES["member_photo"], b'{"member_id": 1, "jpeg": {"$b64": "!!!!"}}\n'))


def test_the_private_income_travels_only_when_the_setting_is_on(tmp_path, db) -> None:
    with db.reading() as session:
        assert omitted_columns(session) == {"dues_assessment.income_fen"}
    with db.transaction() as session:
        settings.put(session, DUES_PACKAGE_INCOME, True)
    with db.reading() as session:
        assert omitted_columns(session) == set()


def test_a_private_column_naming_no_known_setting_never_travels(db, monkeypatch) -> None:
    column = TABLES["member"].c.note
    monkeypatch.setitem(column.info, "private", "no.such.setting")
    with db.reading() as session:
        assert omitted_columns(session) == {"dues_assessment.income_fen", "member.note"}


def test_an_omitted_column_is_left_out_of_its_table_only(demo) -> None:
    db, _files, _uid = demo
    assessment = TABLES["dues_assessment"]
    with db.reading() as session:
        connection = session.connection()
        kept = dump_table(connection, assessment)
        left = dump_table(connection, assessment, {"dues_assessment.income_fen", "member.income_fen"})
        both = dump_all(connection, [assessment, TABLES["branch"]], omit={"dues_assessment.income_fen"})
    assert '"income_fen"' in kept.decode() and '"income_fen"' not in left.decode()
    assert count_lines(left) == count_lines(kept) == 45
    assert set(both) == {"data/dues_assessment.jsonl", "data/branch.jsonl"}
    assert both["data/dues_assessment.jsonl"] == left


def test_a_table_with_no_rows_is_an_empty_file(db) -> None:
    with db.reading() as session:
        assert dump_table(session.connection(), TABLES["member"]) == b""


# --- changes ----------------------------------------------------------------------------------------------


def test_the_same_data_changes_nothing(demo) -> None:
    db, files, uid = demo
    assert _changes(db, uid, files) == {
        "member": (0, 0, 0),
        "meeting": (0, 0, 0),
        "responsibility_card": (0, 0, 0),
    }
    with db.reading() as session:
        result = changes_for(session, uid, files)
    assert [(c.table, c.label) for c in result] == [
        ("member", "党员"),
        ("meeting", "会议"),
        ("responsibility_card", "明白卡"),
    ]


def test_a_branch_the_township_does_not_know_is_all_new(demo) -> None:
    db, files, _uid = demo
    # every row of the package's three tables is new: as many as the package carries of each
    assert _changes(db, "0" * 32, files) == {
        table: (len(_lines(files, table)), 0, 0) for table in ("member", "meeting", "responsibility_card")
    }
    assert all(len(_lines(files, table)) > 10 for table in ("member", "meeting", "responsibility_card"))


def test_members_added_changed_removed_matched_by_id_number_or_name(demo) -> None:
    db, files, uid = demo
    rows = _lines(files, "member")
    gone, changed, quiet = rows[0], dict(rows[1]), dict(rows[2])
    changed["phone"] = "13800000000"
    quiet.update(updated_at="2030-01-01T00:00:00", search_key="x", created_at="2030-01-01T00:00:00")
    new = {**rows[3], "id": 999, "id_number": "110105194912310021", "name": "新人"}
    assert _changes(db, uid, _with(files, "member", [changed, quiet, *rows[3:], new]))["member"] == (1, 1, 1)
    assert gone["id"] == 1


def test_a_member_is_known_by_the_id_number_before_the_name(demo) -> None:
    """An ID number corrected is another person to the count; a name corrected is the same one."""
    db, files, uid = demo
    rows = _lines(files, "member")
    renumbered = {**rows[0], "id_number": "110105194912310021"}
    assert _changes(db, uid, _with(files, "member", [renumbered, *rows[1:]]))["member"] == (1, 0, 1)
    renamed = {**rows[0], "name": "改名"}
    assert _changes(db, uid, _with(files, "member", [renamed, *rows[1:]]))["member"] == (0, 1, 0)


def test_a_member_without_an_id_number_is_known_by_name(demo) -> None:
    db, files, uid = demo
    rows = [dict(r) for r in _lines(files, "member")]
    for row in rows[:2]:
        row["id_number"] = None
    with db.transaction() as session:  # the township's copy lacks the two ID numbers too
        session.execute(
            TABLES["member"]
            .update()
            .where(TABLES["member"].c.id.in_([r["id"] for r in rows[:2]]))
            .values(id_number=None)
        )
    try:
        assert _changes(db, uid, _with(files, "member", rows))["member"] == (0, 0, 0)
        renamed = [{**rows[0], "name": "改名"}, *rows[1:]]
        assert _changes(db, uid, _with(files, "member", renamed))["member"] == (1, 0, 1)
    finally:
        with db.transaction() as session:
            for row in _lines(files, "member")[:2]:
                session.execute(
                    TABLES["member"]
                    .update()
                    .where(TABLES["member"].c.id == row["id"])
                    .values(id_number=row["id_number"])
                )


def test_rows_numbered_otherwise_in_the_package_are_the_same_rows(demo) -> None:
    """Ids differ between databases: members, meetings and cards with every id moved by 1000."""
    db, files, uid = demo
    moved = dict(files)
    for table, keys in (
        ("member", ("id",)),
        ("meeting", ("id", "host_id", "recorder_id")),
        ("responsibility_card", ("id", "member_id")),
    ):
        rows = []
        for row in _lines(files, table):
            rows.append({k: (v + 1000 if k in keys and v is not None else v) for k, v in row.items()})
        moved = _with(moved, table, rows)
    assert _changes(db, uid, moved) == {
        "member": (0, 0, 0),
        "meeting": (0, 0, 0),
        "responsibility_card": (0, 0, 0),
    }


def test_meetings_by_kind_date_and_title(demo) -> None:
    db, files, uid = demo
    rows = _lines(files, "meeting")
    retitled = {**rows[0], "title": "另一个标题"}
    noted = {**rows[1], "place": "别处"}
    moved_day = {**rows[2], "date": "2020-01-01"}
    assert _changes(db, uid, _with(files, "meeting", [retitled, noted, moved_day, *rows[3:]]))["meeting"] == (
        2,
        1,
        2,
    )
    other_kind = {**rows[0], "kind": "党员大会" if rows[0]["kind"] != "党员大会" else "党课"}
    assert _changes(db, uid, _with(files, "meeting", [other_kind, *rows[1:]]))["meeting"] == (1, 0, 1)


def test_cards_by_member_and_year(demo) -> None:
    db, files, uid = demo
    rows = _lines(files, "responsibility_card")
    later = {**rows[0], "year": rows[0]["year"] + 10}
    posted = {**rows[1], "post": "别的岗位"}
    assert _changes(db, uid, _with(files, "responsibility_card", [later, posted, *rows[2:]]))[
        "responsibility_card"
    ] == (1, 1, 1)
    with_card = {r["member_id"] for r in rows}
    without = min(r["id"] for r in _lines(files, "member") if r["id"] not in with_card)
    taken = [{**rows[0], "member_id": without}, *rows[1:]]  # the card named for another person
    assert _changes(db, uid, _with(files, "responsibility_card", taken))["responsibility_card"] == (1, 0, 1)


def test_the_text_of_a_change() -> None:
    assert Change("member", "党员", 3, 2, 1).text() == "党员：新增 3，修改 2，删除 1"
