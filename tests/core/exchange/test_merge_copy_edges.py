"""The per-table copy of a merge on its lines (issue 21, mutation testing of core/exchange/merge.py,
`_insert_rows`, `apply_data`, `identify`): every row keeps what it points to (a meeting its host, an
attendance its member, a photo its member), in a township whose ids are not the village's; rows of one
table with different columns (an older package); a table of 5,001 rows (inserted 5,000 at a time);
the branch's own details on a re-merge. SQLite only: the copy is generic SQL (the merge on both backends
is in test_merge_edges.py)."""

import datetime as dt
import json
from collections import Counter

import pytest
from sqlalchemy import Table, insert, select

from dangjian_desktop.core.db import open_database
from dangjian_desktop.core.exchange.merge import NOT_MERGED, merge_package
from dangjian_desktop.core.exchange.package import PackageError
from dangjian_desktop.core.exchange.package_export import export_package
from dangjian_desktop.core.exchange.tables import data_tables
from dangjian_desktop.core.models import BirthdayActivity, Branch, Member

from .conftest import make_village
from .test_merge_edges import resigned

WHEN = dt.datetime(2026, 11, 22, 9, 30)


def _surrogate(table: Table) -> str | None:
    """The name of a table's own id (handed out afresh by the township), or None."""
    pk = list(table.primary_key.columns)
    return pk[0].name if len(pk) == 1 and not pk[0].foreign_keys else None


def resolved(db, only: tuple[str, ...] = ()) -> dict[str, Counter]:
    """Every merged table's rows with each foreign key replaced by the row it points to (itself
    resolved the same way), a branch by its name, own ids left out (only: these tables, each with
    the tables it points to among them): equal between a village and the
    township only if every row points to the same things there."""
    described: dict[str, dict[int, tuple]] = {}
    result: dict[str, Counter] = {}
    with db.reading() as session:
        connection = session.connection()
        for table in data_tables():  # parents before children
            if table.name in NOT_MERGED or (only and table.name not in only):
                continue
            own = _surrogate(table)
            pk = [c.name for c in table.primary_key.columns]
            described[table.name] = {}
            rows = Counter()
            for row in connection.execute(select(table)).mappings():
                if table.name == "branch":
                    text = (("name", row["name"]),)
                else:
                    items = []
                    for column in table.columns:
                        value = row[column.name]
                        if column.name == own:
                            continue
                        targets = [fk.column.table.name for fk in column.foreign_keys]
                        if targets and value is not None:
                            value = described[targets[0]][value]
                        items.append((column.name, value))
                    text = tuple(items)
                if len(pk) == 1:
                    described[table.name][row[pk[0]]] = text
                rows[text] += 1
            result[table.name] = rows
    return result


def union(*parts: dict[str, Counter]) -> dict[str, Counter]:
    total: dict[str, Counter] = {}
    for part in parts:
        for name, rows in part.items():
            total[name] = total.get(name, Counter()) + rows
    return total


@pytest.fixture
def town(tmp_path):
    db = open_database(tmp_path / "town.sqlite3")
    yield db
    db.close()


def test_every_row_keeps_what_it_points_to_in_a_township_whose_ids_are_not_the_villages(
    tmp_path, town
) -> None:
    """The full demo merged after another branch (so every id moves) and merged again newer: each
    meeting keeps its host and recorder, each attendance its member and meeting, each photo its member,
    each card its member and the meeting that discussed it. Fails on a photo given a fresh id of its
    own (its id is its member's), on a nullable key dropped or not remapped, on rows given the
    village's ids."""
    west = make_village(tmp_path / "west.sqlite3", size=7, seed=2, name="西村党支部")
    east = make_village(tmp_path / "east.sqlite3")
    try:
        merge_package(
            town,
            export_package(west, tmp_path / "w.djpkg", now=WHEN, with_documents=False),
            enroll=True,
            backup=False,
        )
        merge_package(
            town,
            export_package(east, tmp_path / "e.djpkg", now=WHEN, with_documents=False),
            enroll=True,
            backup=False,
        )
        expected = union(resolved(west), resolved(east))
        pointing = [
            name for name, rows in resolved(east).items() if rows and name not in {"branch", "member"}
        ]
        # the demo reaches the tables that point elsewhere: a slip there must show
        assert {"meeting", "meeting_attendance", "member_photo", "responsibility_card", "card_clause"} <= set(
            pointing
        )
        with east.reading() as session:
            meeting = data_table("meeting")
            assert session.scalar(
                select(meeting.c.id).where(meeting.c.host_id.is_not(None))
            )  # a host to keep
        assert resolved(town) == expected
        with east.transaction() as session:
            session.add(Member(branch_id=1, name="新党员", gender="女"))
        report = merge_package(
            town,
            export_package(
                east, tmp_path / "e2.djpkg", now=WHEN + dt.timedelta(days=1), with_documents=False
            ),
            backup=False,
        )
        assert report.status == "merged"
        assert resolved(town) == union(resolved(west), resolved(east))
    finally:
        west.close()
        east.close()


def data_table(name: str) -> Table:
    return next(t for t in data_tables() if t.name == name)


def test_rows_of_one_table_with_different_columns_keep_each_its_own(tmp_path, town) -> None:
    """An older package (or one written by hand) whose first member line lacks a column the others
    carry: each row keeps its own values and the first takes the column's default. Fails on rows
    inserted as one batch shaped by the first row (the others' values of that column dropped)."""
    village = make_village(tmp_path / "v.sqlite3", size=3, seed=4, name="南村党支部")
    try:
        with village.transaction() as session:
            members = list(session.scalars(select(Member).order_by(Member.id)))
            for n, member in enumerate(members):
                member.address = f"南村{n + 1}组"
                member.note = f"备注{n + 1}"
        first = export_package(village, tmp_path / "1.djpkg", now=WHEN, with_documents=False)

        def first_without_address(payload: dict) -> None:
            rows = [json.loads(line) for line in payload["data/member.jsonl"].decode().splitlines()]
            del rows[0]["address"]
            payload["data/member.jsonl"] = "".join(
                json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in rows
            ).encode()

        package = resigned(village, first, tmp_path / "older.djpkg", first_without_address)
    finally:
        village.close()
    assert merge_package(town, package, enroll=True, backup=False).status == "merged"
    with town.reading() as session:
        rows = session.execute(select(Member.note, Member.address).order_by(Member.id)).all()
    assert [tuple(r) for r in rows] == [("备注1", ""), ("备注2", "南村2组"), ("备注3", "南村3组")]


ACTIVITIES = ("branch", "member", "birthday_activity")


def test_a_table_of_5001_rows_is_merged_whole_across_its_batches(tmp_path, town) -> None:
    """Rows go in 5,000 at a time: the 5,000th and the 5,001st row both arrive, once each, and they
    still belong to their members (planted: a step of 5,001, which drops the 5,001st; a batch of 5,001,
    which inserts the 5,001st twice)."""
    village = make_village(tmp_path / "v.sqlite3", size=3, seed=4, name="南村党支部")
    try:
        with village.transaction() as session:
            ids = list(session.scalars(select(Member.id).order_by(Member.id)))
            session.execute(
                insert(BirthdayActivity),
                [
                    {
                        "member_id": ids[n % 3],
                        "year": 2026,
                        "item": f"第{n + 1}项",
                        "done_date": dt.date(2026, 7, 1),
                    }
                    for n in range(5001)
                ],
            )
        package = export_package(village, tmp_path / "1.djpkg", now=WHEN, with_documents=False)
        expected = resolved(village, ACTIVITIES)["birthday_activity"]
    finally:
        village.close()
    report = merge_package(town, package, enroll=True, backup=False)
    assert report.counts["birthday_activity"] == 5001
    got = resolved(town, ACTIVITIES)["birthday_activity"]
    assert sum(got.values()) == 5001 and got == expected
    with town.reading() as session:
        items = set(session.scalars(select(BirthdayActivity.item)))
    assert {"第5000项", "第5001项", "第1项"} <= items


def _branch_row_changed(change):
    def edit(payload: dict) -> None:
        row = json.loads(payload["data/branch.jsonl"])
        change(row)
        payload["data/branch.jsonl"] = (json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n").encode()

    return edit


def test_a_re_merge_takes_the_branchs_new_details_and_an_older_package_without_a_phone(
    tmp_path, town
) -> None:
    """The branch's name, township, secretary and phone are the package's on each merge; a package
    whose branch line has no phone (an older program) merges with an empty one, not a refusal."""
    village = make_village(tmp_path / "v.sqlite3", size=3, seed=4, name="南村党支部")
    try:
        first = export_package(village, tmp_path / "1.djpkg", now=WHEN, with_documents=False)
        no_phone = resigned(
            village, first, tmp_path / "old.djpkg", _branch_row_changed(lambda r: r.pop("phone"))
        )
        assert merge_package(town, no_phone, enroll=True, backup=False).status == "merged"
        with town.reading() as session:
            assert session.scalar(select(Branch.phone)) == ""
        with village.transaction() as session:
            branch = session.scalars(select(Branch)).one()
            branch.name, branch.township, branch.secretary, branch.phone = (
                "南村新党支部",
                "青山镇",
                "赵书记",
                "12345",
            )
        second = export_package(village, tmp_path / "2.djpkg", now=WHEN, with_documents=False)
    finally:
        village.close()
    report = merge_package(town, second, backup=False)
    assert (report.status, report.branch_name) == ("merged", "南村新党支部")
    with town.reading() as session:
        got = session.execute(select(Branch.name, Branch.township, Branch.secretary, Branch.phone)).one()
    assert tuple(got) == ("南村新党支部", "青山镇", "赵书记", "12345")


def test_a_package_without_a_branch_uid_is_refused_as_altered(tmp_path, town) -> None:
    """Signed information and branch line that both lack the uid agree (None == None) but name no
    branch: refused in the words of an altered package, nothing merged."""
    village = make_village(tmp_path / "v.sqlite3", size=3, seed=4, name="南村党支部")
    try:
        first = export_package(village, tmp_path / "1.djpkg", now=WHEN, with_documents=False)
        change = _branch_row_changed(lambda r: r.pop("uid"))
        forged = resigned(village, first, tmp_path / "f.djpkg", change, branch_uid=None)
    finally:
        village.close()
    with pytest.raises(PackageError) as refused:
        merge_package(town, forged, enroll=True, backup=False)
    assert str(refused.value) == "数据包 f.djpkg 未合并：数据包中的党支部与签名信息不一致，数据包已被改动"
    with town.reading() as session:
        assert session.scalar(select(Branch.id)) is None and session.scalar(select(Member.id)) is None


def _line_changed(table: str, index: int, edit):
    def change(payload: dict) -> None:
        lines = payload[f"data/{table}.jsonl"].decode().splitlines()
        lines[index] = edit(lines[index])
        payload[f"data/{table}.jsonl"] = ("\n".join(lines) + "\n").encode()

    return change


def _set(**changes):
    return lambda line: json.dumps(dict(json.loads(line), **changes), ensure_ascii=False, sort_keys=True)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (_line_changed("member", 2, lambda line: line[:-3]), "数据包中 member 表第 3 条的格式不对"),
        (_line_changed("member", 1, _set(branch_id=1.0)), "数据包中 member 引用了不存在的 branch"),
        (
            _line_changed("meeting_attendance", 0, _set(meeting_id="1")),
            "数据包中 meeting_attendance 引用了不存在的 meeting",
        ),
    ],
    ids=["third line cut", "branch id as a float", "attendance of a meeting by text"],
)
def test_a_hostile_row_is_refused_by_its_table_and_what_it_names(tmp_path, town, change, message) -> None:
    """The line counted on (the third), a key 1.0 that equals the id 1 but is not an id, a row whose
    own key (an attendance's meeting) is text: each refused in its words, nothing merged."""
    from dangjian_desktop.core.models import Meeting, MeetingAttendance

    village = make_village(tmp_path / "v.sqlite3", size=3, seed=4, name="南村党支部")
    try:
        with village.transaction() as session:
            meeting = Meeting(branch_id=1, kind="支部党员大会", date=dt.date(2026, 11, 1))
            session.add(meeting)
            session.flush()
            member = session.scalar(select(Member.id).order_by(Member.id))
            session.add(MeetingAttendance(meeting_id=meeting.id, member_id=member))
        first = export_package(village, tmp_path / "1.djpkg", now=WHEN, with_documents=False)
        forged = resigned(village, first, tmp_path / "f.djpkg", change)
    finally:
        village.close()
    with pytest.raises(PackageError) as refused:
        merge_package(town, forged, enroll=True, backup=False)
    assert str(refused.value) == message
    with town.reading() as session:
        assert session.scalar(select(Branch.id)) is None and session.scalar(select(Member.id)) is None
