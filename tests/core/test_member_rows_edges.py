"""The roster's plain rows on their edges (core/member_rows.py): how many pieces a read comes in (a
chunk exactly full, one more member), an empty roster, a photo and the flags read as True, a member's
JSON, the age on a given day, the slow path for dates in another shape, one branch's members on the
roster only, a 党小组 added while the rows are being read, lines by id on the IN list's limit."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from dangjian_desktop.core import member_rows
from dangjian_desktop.core.branch import create_branch
from dangjian_desktop.core.db import Database, open_database
from dangjian_desktop.core.member_rows import (
    MemberRow,
    filter_rows,
    iter_member_lines,
    iter_member_rows,
    line_class,
    read_lines_by_id,
    read_member_lines,
    read_member_row,
    read_member_rows,
)
from dangjian_desktop.core.models import Branch
from dangjian_desktop.core.roster import MemberDraft, add_member, leave_roster, set_photo

FLAGS_FIELDS = ["is_mobile", "has_photo", "full_date", "name"]
FLAGS = line_class("EdgeFlags", FLAGS_FIELDS)


@pytest.fixture(autouse=True)
def _line_made_in_the_test(monkeypatch: pytest.MonkeyPatch) -> None:
    """FLAGS made again inside each test: a slip in line_class shows in the class it makes then."""
    monkeypatch.setitem(globals(), "FLAGS", line_class("EdgeFlags", FLAGS_FIELDS))


GROUPS = ("第三党小组", "第一党小组", "第二党小组")


def _jpeg() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (20, 28), (200, 30, 30)).save(out, "JPEG")
    return out.getvalue()


@pytest.fixture(scope="module")
def _village_file(
    tmp_path_factory: pytest.TempPathFactory, _empty_database: Path
) -> tuple[Path, dict[str, int], int]:
    """Six members in three 党小组 of one branch (one left, one with a photo, one mobile), and two in
    another branch: built once, copied for each test."""
    path = tmp_path_factory.mktemp("rows-village") / "village.sqlite3"
    shutil.copyfile(_empty_database, path)
    db = open_database(path)
    ids: dict[str, int] = {}
    try:
        with db.transaction() as session:
            branch_id = create_branch(session, "测试村党支部", township="测试镇").id
            neighbour = Branch(name="邻村党支部", township="测试镇")  # a township file holds several
            session.add(neighbour)
            session.flush()
            for n in range(6):
                draft = MemberDraft(
                    name=f"党员{n}",
                    party_group=GROUPS[n % 3],
                    birth_date="1970-02-28",
                    join_date="2001-07-01",
                    full_date="2002-07-01" if n == 2 else "",
                    phone="13812345678" if n == 4 else "",
                    is_mobile=n == 1,
                    mobile_destination="广东东莞" if n == 1 else "",
                )
                ids[draft.name] = add_member(session, branch_id, draft)
            for n in range(2):
                draft = MemberDraft(name=f"邻村{n}", join_date="2001-07-01")
                ids[draft.name] = add_member(session, neighbour.id, draft)
            leave_roster(session, ids["党员5"], "转出", dt.date(2025, 6, 1), "转至镇机关党支部")
            set_photo(session, ids["党员0"], _jpeg())
            ids["other"] = neighbour.id
    finally:
        db.close()
    return path, ids, branch_id


@pytest.fixture
def village_db(_village_file, tmp_path: Path) -> Iterator[Database]:  # type: ignore[no-untyped-def]
    path = tmp_path / "village.sqlite3"
    shutil.copyfile(_village_file[0], path)
    database = open_database(path)
    yield database
    database.close()


@pytest.fixture
def village(_village_file) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return _village_file[1]


@pytest.fixture
def village_branch(_village_file) -> int:  # type: ignore[no-untyped-def]
    return _village_file[2]


def _sizes(parts: list[list[object]]) -> list[int]:
    return [len(p) for p in parts]


def test_pieces_a_chunk_exactly_full_and_one_more(
    village_db: Database, village: dict[str, int], village_branch: int
) -> None:
    with village_db.connect() as connection:
        assert _sizes(list(iter_member_rows(connection, branch_id=village_branch, chunk=6))) == [6]
        assert _sizes(list(iter_member_rows(connection, branch_id=village_branch, chunk=5))) == [5, 1]
        assert _sizes(list(iter_member_rows(connection, branch_id=village_branch, chunk=7))) == [6]
        assert _sizes(list(iter_member_rows(connection, branch_id=village_branch, chunk=2))) == [2, 2, 2]
        # the first screen holds everyone: nothing after it, not an empty piece
        assert _sizes(list(iter_member_rows(connection, branch_id=village_branch, first=6))) == [6]
        assert _sizes(list(iter_member_rows(connection, branch_id=village_branch, first=7))) == [6]
        assert _sizes(list(iter_member_rows(connection, branch_id=village_branch, first=5, chunk=1))) == [
            5,
            1,
        ]
        assert _sizes(list(iter_member_rows(connection, branch_id=village_branch, first=1, chunk=5))) == [
            1,
            5,
        ]
        assert _sizes(list(iter_member_rows(connection, branch_id=village_branch, first=2, chunk=3))) == [
            2,
            3,
            1,
        ]
        # lines come in the same pieces
        assert _sizes(list(iter_member_lines(connection, FLAGS, branch_id=village_branch, chunk=6))) == [6]
        assert _sizes(
            list(iter_member_lines(connection, FLAGS, branch_id=village_branch, first=4, chunk=1))
        ) == [
            4,
            1,
            1,
        ]
        assert _sizes(list(iter_member_rows(connection, chunk=8))) == [8]
        # no condition at all (every branch, left members too): the first screen's own WHERE
        assert _sizes(list(iter_member_rows(connection, first=3, chunk=4))) == [3, 4, 1]
        assert _sizes(list(iter_member_lines(connection, FLAGS, first=7))) == [7, 1]
        assert _sizes(list(iter_member_rows(connection, chunk=7))) == [7, 1]


def test_an_empty_roster_gives_no_piece_at_all(db: Database, branch_id: int) -> None:
    with db.connect() as connection:
        assert list(iter_member_rows(connection, branch_id=branch_id)) == []
        assert list(iter_member_rows(connection, branch_id=branch_id, first=3)) == []
        assert list(iter_member_lines(connection, FLAGS, first=3)) == []
        assert read_member_rows(connection) == []
        assert read_member_lines(connection, FLAGS) == []


def test_one_branch_on_the_roster_only_with_and_without_a_first_screen(
    village_db: Database, village: dict[str, int], village_branch: int
) -> None:
    on_roster = {village[f"党员{n}"] for n in range(5)}
    with village_db.connect() as connection:
        for first in (None, 2, 10):
            parts = iter_member_rows(connection, branch_id=village_branch, include_left=False, first=first)
            assert {r.id for p in parts for r in p} == on_roster, first
        everyone = [r.id for r in read_member_rows(connection)]
        left_in = read_member_rows(connection, branch_id=village_branch, include_left=True)
        theirs = read_member_rows(connection, branch_id=village["other"], include_left=False)
        active = read_member_rows(connection, include_left=False)
        on_lines = read_member_lines(connection, FLAGS, branch_id=village_branch, include_left=False)
        assert {s[1] for s in on_lines} == on_roster
        assert read_member_row(connection, max(village.values()) + 100) is None
        theirs_first = [
            r for p in iter_member_rows(connection, branch_id=village["other"], first=1) for r in p
        ]
    assert len(everyone) == 8 and len(set(everyone)) == 8
    assert {r.id for r in left_in} == on_roster | {village["党员5"]}
    assert [r.name for r in theirs] == ["邻村0", "邻村1"]
    assert [r.name for r in theirs_first] == ["邻村0", "邻村1"]
    assert {r.id for r in active} == on_roster | {village["邻村0"], village["邻村1"]}


def test_roster_order_by_group_then_id(
    village_db: Database, village: dict[str, int], village_branch: int
) -> None:
    want = ["党员1", "党员4", "党员2", "党员5", "党员0", "党员3"]  # 第一, 第二, 第三; by id within
    with village_db.connect() as connection:
        for first in (None, 1, 3):
            for chunk in (1, 4, 100):
                parts = iter_member_rows(connection, branch_id=village_branch, first=first, chunk=chunk)
                assert [r.name for p in parts for r in p] == want, (first, chunk)
        lines = iter_member_lines(connection, FLAGS, branch_id=village_branch, first=2, chunk=3)
        assert [FLAGS(s).name for p in lines for s in p] == want
        assert [s[0] for s in read_member_lines(connection, FLAGS, branch_id=village_branch)] == [
            0,
            0,
            1,
            1,
            2,
            2,
        ]


def test_a_group_added_while_the_rows_are_read_comes_first_among_the_rest(
    village_db: Database, village: dict[str, int], village_branch: int
) -> None:
    """The 党小组 are ranked when the reading starts; one that first appears after the first screen
    (another window added a member) has no rank: its member comes first among the rest, not lost."""
    with village_db.connect() as connection:
        parts = iter_member_rows(connection, branch_id=village_branch, first=2, chunk=100)
        first = next(parts)
        with village_db.transaction() as session:
            late = add_member(session, village_branch, MemberDraft(name="新来的", party_group="第零党小组"))
        rest = next(parts)
        assert list(parts) == []
    assert [r.name for r in first] == ["党员1", "党员4"]
    assert [r.id for r in rest] == [
        late,
        village["党员2"],
        village["党员5"],
        village["党员0"],
        village["党员3"],
    ]


def test_a_photo_and_the_flags_read_as_true(
    village_db: Database, village: dict[str, int], village_branch: int
) -> None:
    with village_db.connect() as connection:
        rows = {r.name: r for r in read_member_rows(connection, branch_id=village_branch)}
        lines = {FLAGS(s).name: FLAGS(s) for s in read_member_lines(connection, FLAGS)}
        whole = read_member_row(connection, village["党员0"])
    assert rows["党员0"].has_photo is True and rows["党员3"].has_photo is False
    assert rows["党员1"].is_mobile is True and rows["党员0"].is_mobile is False
    assert whole is not None and whole.has_photo is True and whole.name == "党员0"
    assert lines["党员0"].has_photo is True and lines["党员1"].has_photo is False
    assert lines["党员1"].is_mobile is True and lines["党员2"].is_mobile is False
    assert lines["党员2"].full_date == dt.date(2002, 7, 1) and lines["党员3"].full_date is None
    assert rows["党员2"].full_date == dt.date(2002, 7, 1) and rows["党员3"].full_date is None


def test_the_slow_path_for_dates_in_another_shape_keeps_flags_and_empty_dates(
    village_db: Database, village: dict[str, int], village_branch: int
) -> None:
    """One date not in ISO form sends the whole batch through _slow_row: flags must still be booleans,
    the photo still there, an empty date still None."""
    connection = sqlite3.connect(village_db.path)
    connection.execute("UPDATE member SET join_date = '2001-7-1' WHERE name = '党员3'")
    connection.commit()
    connection.close()
    with village_db.connect() as conn:
        rows = {r.name: r for r in read_member_rows(conn, branch_id=village_branch)}
        one = read_member_row(conn, village["党员3"])
    assert rows["党员3"].join_date == dt.date(2001, 7, 1) == rows["党员0"].join_date
    assert rows["党员1"].is_mobile is True and rows["党员0"].is_mobile is False
    assert rows["党员0"].has_photo is True and rows["党员3"].has_photo is False
    assert rows["党员3"].full_date is None and rows["党员2"].full_date == dt.date(2002, 7, 1)
    assert rows["党员5"].left_date == dt.date(2025, 6, 1)
    assert type(rows["党员3"]) is MemberRow and one == rows["党员3"]


def test_a_date_no_reading_makes_a_date_names_itself() -> None:
    assert member_rows._day("2001-7-1") == dt.date(2001, 7, 1)
    assert member_rows._day("1999-12-31") == dt.date(1999, 12, 31)
    assert member_rows._day(dt.date(2000, 2, 29)) == dt.date(2000, 2, 29)
    with pytest.raises(ValueError, match="无法识别的日期：'不详'"):
        member_rows._day("不详")
    assert member_rows._stored_day("") is None and member_rows._stored_day(None) is None
    assert member_rows._stored_day("2001-7-1") == dt.date(2001, 7, 1)
    assert member_rows._flag(None) is None and member_rows._flag(0) is False and member_rows._flag(1) is True


def test_a_members_json_and_age(village_db: Database, village: dict[str, int]) -> None:
    with village_db.connect() as connection:
        row = read_member_row(connection, village["党员5"])
        mobile = read_member_row(connection, village["党员1"])
    assert row is not None and mobile is not None
    shown = row.as_json()
    assert shown["id"] == village["党员5"] and shown["name"] == "党员5"
    assert shown["birth_date"] == "1970-02-28" and shown["join_date"] == "2001-07-01"
    assert shown["full_date"] is None and shown["group"] == "第二党小组"
    assert shown["mobile"] is False and mobile.as_json()["mobile"] is True
    assert "left_date" not in shown and "is_mobile" not in shown  # not in the fixed contract
    assert list(shown)[0] == "id"
    # the day before, on and after the 56th birthday
    assert row.age(dt.date(2026, 2, 27)) == 55
    assert row.age(dt.date(2026, 2, 28)) == 56
    assert row.age(dt.date(2026, 3, 1)) == 56
    today = dt.date.today()
    assert row.age() == today.year - 1970 - ((today.month, today.day) < (2, 28))
    assert MemberRow(id=1).age(dt.date(2026, 1, 1)) is None


def test_filter_rows_by_the_typed_text(
    village_db: Database, village: dict[str, int], village_branch: int
) -> None:
    with village_db.connect() as connection:
        rows = read_member_rows(connection, branch_id=village_branch)
    assert [r.name for r in filter_rows(rows, "党员4")] == ["党员4"]
    assert [r.name for r in filter_rows(rows, "  １３８１２３４ ")] == ["党员4"]  # full-width digits
    assert filter_rows(rows, "") == rows and filter_rows(rows, "   ") == rows
    assert filter_rows(rows, "") is not rows  # a new list: the caller may change it
    assert filter_rows(rows, "没有这个人") == []


def test_a_line_class_names_its_fields_and_getter(village_db: Database, village: dict[str, int]) -> None:
    line = line_class("Edge", ["id", "name", "id", "party_group"])
    assert line.names == ("id", "name", "party_group") and line.__name__ == "Edge"
    assert line.columns == "m.id, m.name, m.party_group"
    assert FLAGS.columns == "m.id, m.is_mobile, p.member_id IS NOT NULL, m.full_date, m.name"
    assert line.__module__ == "dangjian_desktop.core.member_rows"
    with pytest.raises(ValueError, match=r"not member fields: \['nosuch', 'other'\]"):
        line_class("Bad", ["name", "other", "nosuch"])
    photo = line_class("EdgePhoto", ["has_photo", "name"])  # made here, not when the module loads
    assert photo.columns == "m.id, p.member_id IS NOT NULL, m.name"
    with village_db.connect() as connection:
        stored = read_member_lines(connection, line)
        shown = {photo(s).name: photo(s) for s in read_member_lines(connection, photo)}
    assert shown["党员0"].has_photo is True and shown["党员1"].has_photo is False
    with pytest.raises(AttributeError):  # no __dict__ per line: 50,000 of them stay plain tuples
        shown["党员0"].extra = 1
    first = stored[0]
    assert line.getter("id")(first) == first[1] and line.getter("party_group")(first) == "第一党小组"
    assert line.getter("name")(first) == line(first).name == "党员1"


def test_lines_by_id_on_the_in_lists_limit(
    village_db: Database, village: dict[str, int], monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """The limit counts distinct ids: 3 ids asked twice over are one IN list of 3 with a limit of 3."""
    asked = [village["党员0"], village["党员5"], village["邻村1"]]
    with village_db.connect() as connection:
        whole = {s[1]: s for s in read_member_lines(connection, FLAGS)}
        for limit in (2, 3):
            monkeypatch.setattr(member_rows, "_IDS_PER_QUERY", limit)
            statements: list[str] = []
            connection.set_trace_callback(statements.append)
            found = read_lines_by_id(connection, FLAGS, asked + asked)
            connection.set_trace_callback(None)
            assert {i: s[1:] for i, s in found.items()} == {i: whole[i][1:] for i in asked}
            assert all(type(s) is tuple for s in found.values())
            assert FLAGS(found[village["党员0"]]).has_photo is True
            assert any(" IN (" in s for s in statements) == (limit == 3), limit
        assert read_lines_by_id(connection, FLAGS, [10_000]) == {}


def test_after_the_first_screen_only_the_rest_line(village_db: Database, village_branch: int) -> None:
    rest = line_class("EdgeRest", ["is_mobile", "has_photo"])  # the start of FLAGS
    with village_db.connect() as connection:
        whole = read_member_lines(connection, FLAGS, branch_id=village_branch)
        parts = list(
            iter_member_lines(connection, FLAGS, branch_id=village_branch, first=2, chunk=3, rest=rest)
        )
        with pytest.raises(ValueError) as caught:
            iter_member_lines(connection, FLAGS, rest=line_class("EdgeOther", ["has_photo"]))
    assert str(caught.value) == "EdgeOther is not the start of EdgeFlags"
    assert _sizes(parts) == [2, 3, 1]
    assert parts[0] == whole[:2] and [s for p in parts[1:] for s in p] == [w[:4] for w in whole[2:]]


def test_the_default_piece_holds_5000_members(village_db: Database) -> None:
    """5,001 members (copies of one, made in SQL): the default chunk gives 5,000 and then 1."""
    connection = sqlite3.connect(village_db.path)
    columns = [c[1] for c in connection.execute("PRAGMA table_info(member)") if c[1] != "id"]
    listed = ", ".join(columns)
    connection.execute(
        f"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {5001 - 8})"
        f" INSERT INTO member ({listed}) SELECT {listed} FROM member, n WHERE member.name = '党员3'"
    )
    connection.commit()
    connection.close()
    with village_db.connect() as conn:
        assert _sizes(list(iter_member_rows(conn))) == [5000, 1]
        assert _sizes(list(iter_member_lines(conn, FLAGS))) == [5000, 1]


def test_the_stored_row_class_made_again_reads_a_raw_row() -> None:
    """The class the module makes once when it loads (_stored_row_class), made again here: a raw row
    (rank, then the columns) becomes the MemberRow of its converted values."""
    made = member_rows._stored_row_class()
    assert made.__name__ == "StoredMemberRow" and made.__slots__ == MemberRow.__slots__
    names = member_rows._NAMES
    raw = {name: None for name in names}
    raw.update(id=7, name="张三", birth_date="1970-02-28", join_date=dt.date(2001, 7, 1), full_date=None)
    raw.update(is_mobile=1, is_hardship=0, has_photo=1, is_committee=None, search_key="zhangsan")
    row = made(3, *(raw[name] for name in names))
    assert type(row) is MemberRow
    assert row == MemberRow(
        **{
            **raw,
            "birth_date": dt.date(1970, 2, 28),
            "is_mobile": True,
            "is_hardship": False,
            "has_photo": True,
        }
    )
    assert row.is_hardship is False and row.is_committee is None and row.full_date is None
    with pytest.raises(ValueError):
        made(0, *(("1970-2-28" if name == "birth_date" else raw[name]) for name in names))
