"""Merging a newer package of a branch again: the township then holds exactly the village's current
rows of that branch (members, meetings, attendance, cards ...), nothing stale, and nothing of the other
branches changed. Issue 21: a merge that kept the old rows and added the new ones passed every test."""

import datetime as dt
from collections import Counter
from pathlib import Path

from sqlalchemy import select, update

from dangjian_desktop.core.exchange import merge as _merge
from dangjian_desktop.core.exchange.package_export import export_package
from dangjian_desktop.core.exchange.tables import data_tables
from dangjian_desktop.core.meetings import delete_meeting
from dangjian_desktop.core.models import Meeting, Member, ResponsibilityCard
from dangjian_desktop.core.roster import MemberDraft, add_member
from dangjian_desktop.core.roster_delete import delete_mistaken_entry

from .conftest import make_village

WHEN = dt.datetime(2026, 11, 22, 9, 30)


def merge_package(db, path):
    """Content and order only; enrollment has its own tests (test_trust.py)."""
    return _merge.merge_package(db, path, enroll=True, backup=False)


def all_rows(db) -> dict[str, Counter]:
    """Every merged table's rows, ids and foreign keys left out (they differ between databases)."""
    result: dict[str, Counter] = {}
    with db.reading() as session:
        connection = session.connection()
        for table in data_tables():
            if table.name in _merge.NOT_MERGED or table.name == "branch":
                continue
            skip = {c.name for c in table.columns if c.foreign_keys} | {"id"}
            rows = connection.execute(select(table)).mappings().all()
            result[table.name] = Counter(
                tuple(sorted((k, v) for k, v in r.items() if k not in skip)) for r in rows
            )
    return result


def union(*parts: dict[str, Counter]) -> dict[str, Counter]:
    total: dict[str, Counter] = {}
    for part in parts:
        for name, rows in part.items():
            total[name] = total.get(name, Counter()) + rows
    return {name: rows for name, rows in total.items()}


def same(township: dict[str, Counter], expected: dict[str, Counter]) -> None:
    for name in expected.keys() | township.keys():
        assert +township.get(name, Counter()) == +expected.get(name, Counter()), name


def change_the_village(db) -> None:
    """A month of village work: one member added, one renamed, one meeting and one card gone."""
    with db.transaction() as session:
        add_member(session, 1, MemberDraft(name="新党员", join_date="2025-06-01"))
        first = session.scalar(select(Member.id).order_by(Member.id))
        session.execute(update(Member).where(Member.id == first).values(name="改名后"))
        meeting = session.scalar(select(Meeting.id).order_by(Meeting.id))
        delete_meeting(session, meeting)
        card = session.scalars(select(ResponsibilityCard).order_by(ResponsibilityCard.id)).first()
        session.delete(card)  # its clauses go with it


def test_a_newer_package_replaces_the_branch_rows_and_leaves_the_others(tmp_path: Path, township) -> None:
    """Fails on a re-merge that does not delete the branch's old rows, and on a delete that also
    takes another branch's rows (both planted by hand in merge.py: red; reverted)."""
    east = make_village(tmp_path / "east.sqlite3")  # the full demo: meetings, attendance, cards
    west = make_village(tmp_path / "west.sqlite3", size=10, seed=2, name="西村党支部")
    try:
        first = export_package(east, tmp_path / "e1.djpkg", now=WHEN, with_documents=False)
        assert merge_package(township, first).status == "merged"
        other = export_package(west, tmp_path / "w1.djpkg", now=WHEN, with_documents=False)
        assert merge_package(township, other).status == "merged"
        same(all_rows(township), union(all_rows(east), all_rows(west)))

        change_the_village(east)
        newer = export_package(
            east, tmp_path / "e2.djpkg", now=WHEN + dt.timedelta(days=30), with_documents=False
        )
        report = merge_package(township, newer)
        assert report.status == "merged"
        rows = all_rows(township)
        assert rows["member"] and rows["meeting"] and rows["meeting_attendance"] and rows["card_clause"]
        same(rows, union(all_rows(east), all_rows(west)))
        with township.reading() as session:
            names = list(session.scalars(select(Member.name)))
        assert "新党员" in names and "改名后" in names
        with east.reading() as session:
            assert report.counts["member"] == len(list(session.scalars(select(Member.id))))
    finally:
        east.close()
        west.close()


def test_a_member_deleted_in_the_village_is_gone_at_the_township(tmp_path: Path, township) -> None:
    """The village has two members, deletes one as 误录 and adds one: still two, and two at the
    township. Fails on a re-merge that keeps the old rows and adds the new ones (planted: no delete and
    `INSERT OR IGNORE`, 3 at the township; red, reverted)."""
    village = make_village(tmp_path / "v.sqlite3", size=2, seed=3, name="南村党支部")
    try:
        assert merge_package(
            township, export_package(village, tmp_path / "a.djpkg", now=WHEN, with_documents=False)
        ).status == ("merged")
        with village.reading() as session:
            gone = session.scalar(select(Member.id).order_by(Member.id))
        delete_mistaken_entry(village, gone)
        with village.transaction() as session:
            add_member(session, 1, MemberDraft(name="第三人", join_date="2025-06-01"))
        later = WHEN + dt.timedelta(days=1)
        report = merge_package(
            township, export_package(village, tmp_path / "b.djpkg", now=later, with_documents=False)
        )
        assert report.status == "merged" and report.counts["member"] == 2
        same(all_rows(township), all_rows(village))
    finally:
        village.close()


def test_same_export_time_different_content_is_merged(tmp_path: Path, township) -> None:
    """Two exports stamped with the same time (a clock that did not move) but different content: the
    later one (its counter is higher) is merged, not taken for the one already merged. Fails on a merge
    that orders or recognises packages by export time (planted: `exported <= existing.package_exported_at`
    as "older"; red, reverted)."""
    village = make_village(tmp_path / "v.sqlite3", size=2, seed=3, name="南村党支部")
    try:
        first = export_package(village, tmp_path / "a.djpkg", now=WHEN, with_documents=False)
        assert merge_package(township, first).status == "merged"
        with village.transaction() as session:
            add_member(session, 1, MemberDraft(name="第三人", join_date="2025-06-01"))
        second = export_package(village, tmp_path / "b.djpkg", now=WHEN, with_documents=False)
        assert first.read_bytes() != second.read_bytes()
        report = merge_package(township, second)
        assert report.status == "merged", report.message
        same(all_rows(township), all_rows(village))
        assert merge_package(township, first).status == "older"
        same(all_rows(township), all_rows(village))
    finally:
        village.close()
