"""What a merge tells the clerk, on its lines (issue 21, mutation testing of core/exchange/merge.py):
the members of the merged branch whose ID number also stands in another branch (a move to check),
only the active ones here, the other branch's name and status, in order of name. SQLite only: the
query is plain SQL (the merge on both backends is in test_merge_edges.py)."""

import datetime as dt

import pytest
from sqlalchemy import insert, select, update

from dangjian_desktop.core.db import open_database
from dangjian_desktop.core.exchange.merge import Transfer, merge_package
from dangjian_desktop.core.exchange.package_export import export_package
from dangjian_desktop.core.models import Member

from .conftest import make_village

WHEN = dt.datetime(2026, 11, 22, 9, 30)


@pytest.fixture
def town(tmp_path):
    db = open_database(tmp_path / "town.sqlite3")
    yield db
    db.close()


def test_a_merge_reports_each_active_member_also_on_another_roster_by_name(tmp_path, town) -> None:
    east = make_village(tmp_path / "east.sqlite3", size=3, seed=4, name="东村党支部")
    west = make_village(tmp_path / "west.sqlite3", size=3, seed=5, name="西村党支部")
    try:
        with east.transaction() as session:
            people = list(
                session.scalars(select(Member).where(Member.id_number.is_not(None)).order_by(Member.id))
            )
            assert len(people) >= 3
            numbers = [m.id_number for m in people[:3]]
            # the other side's status is reported as it stands there
            session.execute(update(Member).where(Member.id == people[0].id).values(status="转出"))
            session.execute(update(Member).where(Member.id == people[1].id).values(status="在册"))
        with west.transaction() as session:
            session.execute(
                insert(Member),
                [  # inserted 甲 before 乙: the report goes by name (乙 sorts first), not by id
                    {"branch_id": 1, "name": "甲", "gender": "男", "id_number": numbers[1]},
                    {"branch_id": 1, "name": "乙", "gender": "男", "id_number": numbers[0]},
                    # no longer active here: not a move to check
                    {"branch_id": 1, "name": "丙", "gender": "男", "id_number": numbers[2], "status": "去世"},
                ],
            )
        first = merge_package(
            town,
            export_package(east, tmp_path / "e.djpkg", now=WHEN, with_documents=False),
            enroll=True,
            backup=False,
        )
        assert first.transfers == []  # the only branch so far: nothing on another roster
        report = merge_package(
            town,
            export_package(west, tmp_path / "w.djpkg", now=WHEN, with_documents=False),
            enroll=True,
            backup=False,
        )
    finally:
        east.close()
        west.close()
    assert report.transfers == [
        Transfer(numbers[0], "乙", "东村党支部", "转出"),
        Transfer(numbers[1], "甲", "东村党支部", "在册"),
    ]


def test_the_archive_kept_for_rollback_holds_the_data_files_only_in_order_and_without_a_clock() -> None:
    """data_archive, read back with zipfile (not compared with itself): the data/ files only, sorted,
    compressed, each dated 1980-01-01 so that the same package gives the same bytes."""
    import zipfile
    from io import BytesIO

    from dangjian_desktop.core.exchange.merge import data_archive

    rows = b'{"id": 1, "name": "\xe7\x8e\x8b"}\n' * 50
    files = {
        "documents/roster.pdf": b"%PDF-1.4",
        "data/member.jsonl": rows,
        "data/branch.jsonl": b'{"id": 1}\n',
        "package-info.json": b"{}",
        "xdata/member.jsonl": b"not data",
    }
    blob = data_archive(files)
    assert blob == data_archive(dict(reversed(files.items())))
    with zipfile.ZipFile(BytesIO(blob)) as archive:
        assert archive.namelist() == ["data/branch.jsonl", "data/member.jsonl"]
        assert (
            archive.read("data/member.jsonl") == rows and archive.read("data/branch.jsonl") == b'{"id": 1}\n'
        )
        for info in archive.infolist():
            assert info.date_time == (1980, 1, 1, 0, 0, 0) and info.compress_type == zipfile.ZIP_DEFLATED
        assert archive.getinfo("data/member.jsonl").compress_size < len(rows)
    assert zipfile.ZipFile(BytesIO(data_archive({}))).namelist() == []


def test_a_branch_of_1000_members_with_cards_is_replaced_whole(tmp_path, town) -> None:
    """The clauses of a card are found through the cards of the branch's members, 500 member ids at a
    time: the 501st and the 1000th member's card clauses must go with the re-merge too (planted: a
    step of 501, or chunks that stop before the 1000th id; the re-merge then fails on the card its old
    clause points to)."""
    from sqlalchemy import func

    from dangjian_desktop.core.models import CardClause, ResponsibilityCard

    village = make_village(tmp_path / "v.sqlite3", size=3, seed=4, name="南村党支部")
    try:
        with village.transaction() as session:
            session.execute(
                insert(Member), [{"branch_id": 1, "name": f"党员{n}", "gender": "男"} for n in range(997)]
            )
            ids = list(session.scalars(select(Member.id)))
            assert len(ids) == 1000
            session.execute(insert(ResponsibilityCard), [{"member_id": i, "year": 2026} for i in ids])
            cards = list(session.scalars(select(ResponsibilityCard.id)))
            session.execute(
                insert(CardClause),
                [{"card_id": c, "category": "承诺", "text": "按时交纳党费"} for c in cards],
            )
        first = export_package(village, tmp_path / "1.djpkg", now=WHEN, with_documents=False)
        merge_package(town, first, enroll=True, backup=False)
        with village.transaction() as session:
            session.execute(update(CardClause).values(text="带头参加志愿服务"))
        second = export_package(village, tmp_path / "2.djpkg", now=WHEN, with_documents=False)
        assert merge_package(town, second, backup=False).status == "merged"
    finally:
        village.close()
    with town.reading() as session:
        texts = list(session.scalars(select(CardClause.text)))
        assert session.scalar(select(func.count()).select_from(ResponsibilityCard)) == 1000
    assert len(texts) == 1000 and set(texts) == {"带头参加志愿服务"}
