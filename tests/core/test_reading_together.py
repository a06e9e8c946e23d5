"""Database.reading_together: readers of one and the same state, for reads run side by side on threads
(the township view). A commit after they started is seen by none of them; while a writer holds the
lock on SQLite the caller gets one reader and does not wait. On SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import func, select

from dangjian_desktop.core.db import open_database
from dangjian_desktop.core.models import Branch, Member
from dangjian_desktop.core.services import query_together
from dangjian_desktop.core.township import branch_summaries, township_view
from dangjian_desktop.core.transfers import township_moves

TODAY = dt.date(2026, 11, 22)


def _township(target):  # noqa: ANN001, ANN202
    db = open_database(target)
    with db.transaction() as session:
        branches = [Branch(name=f"第{i}村党支部", township="测试镇") for i in range(3)]
        session.add_all(branches)
        session.flush()
        for i, branch in enumerate(branches):
            session.add_all(
                Member(
                    branch_id=branch.id,
                    name=f"党员{i}-{k}",
                    join_date=dt.date(2000 + k, 7, 1),
                    join_md="07-01",
                )
                for k in range(i + 2)
            )
        # one person on two rosters: a move to check
        session.add_all(
            Member(branch_id=branch.id, name="两处", id_number="110101197001010011")
            for branch in branches[:2]
        )
    return db


def _count(session) -> int:  # noqa: ANN001
    return session.scalar(select(func.count()).select_from(Member))


@pytest.mark.parametrize("count", [1, 2, 3])
def test_readers_see_one_state_and_no_later_commit(new_target, count: int) -> None:
    db = _township(new_target("together"))
    with db.reading_together(count) as readers:
        assert len(readers) == count and len(set(map(id, readers))) == count
        before = [_count(reader) for reader in readers]
        with db.transaction() as session:  # another clerk merges meanwhile
            session.add(Member(branch_id=1, name="后来的"))
        assert [_count(reader) for reader in readers] == before == [2 + 3 + 4 + 2] * count
    with db.reading() as session:
        assert _count(session) == 12
    db.close()


def test_readers_started_after_a_commit_see_it(new_target) -> None:
    db = _township(new_target("after"))
    with db.transaction() as session:
        session.add(Member(branch_id=1, name="先来的"))
    with db.reading_together(2) as readers:
        assert [_count(reader) for reader in readers] == [12, 12]
    db.close()


def test_a_writer_at_work_leaves_one_reader_and_no_wait(tmp_path) -> None:
    db = _township(tmp_path / "busy.sqlite3")
    holding, release = threading.Event(), threading.Event()

    def merge() -> None:
        with db.transaction() as session:  # holds SQLite's write lock until released
            session.add(Member(branch_id=1, name="合并中"))
            session.flush()
            holding.set()
            release.wait(30)

    writer = threading.Thread(target=merge)
    writer.start()
    try:
        assert holding.wait(30)
        with db.reading_together(2) as readers:
            assert len(readers) == 1 and _count(readers[0]) == 11
        view = query_together(db, township_view, TODAY)  # read one part after another, not refused
        assert [s.members for s in view.summaries] == [3, 4, 4]
    finally:
        release.set()
        writer.join()
    with db.reading_together(2) as readers:  # the lock given back: two readers again
        assert len(readers) == 2 and [_count(reader) for reader in readers] == [12, 12]
    db.close()


def test_the_view_read_side_by_side_equals_the_view_read_in_one(new_target) -> None:
    db = _township(new_target("view"))
    with db.reading() as session:
        alone = township_view(session, TODAY)
        assert alone.summaries == branch_summaries(session, TODAY)
        assert alone.moves == township_moves(session) and len(alone.moves) == 1
    together = query_together(db, township_view, TODAY)
    db.close()
    assert together == alone
    assert [s.members for s in together.summaries] == [3, 4, 4]


def test_no_commit_falls_between_the_readers_starts(new_target) -> None:
    """A clerk commits again and again while readers are started over and over: every time, both
    readers see the same number of members (without the lock or the shared snapshot, a commit lands
    between the two starts within a few tries)."""
    db = _township(new_target("race"))
    stop, commits = threading.Event(), []

    def keep_merging() -> None:
        while not stop.is_set():
            with db.transaction() as session:
                session.add(Member(branch_id=1, name="又一个"))
            commits.append(1)

    writer = threading.Thread(target=keep_merging)
    writer.start()
    seen, pairs = set(), 0
    try:
        while len(commits) < 3:  # the writer is at work
            stop.wait(0.01)
        # readers started again and again until the writer has committed 15 times more among them
        # and 30 pairs were started (a start while the writer holds the lock gives one reader)
        target = len(commits) + 15
        while len(commits) < target or pairs < 30:
            with db.reading_together(2) as readers:
                counts = [_count(reader) for reader in readers]
            assert len(set(counts)) == 1, counts
            if len(readers) == 2:
                pairs += 1
                seen.add(counts[0])
            stop.wait(0.001)  # room for the writer's next commit
    finally:
        stop.set()
        writer.join()
    db.close()
    assert len(seen) > 1  # pairs were started at several of the writer's states


def test_the_statistics_read_side_by_side_equal_the_statistics_read_in_one(new_target) -> None:
    from dangjian_desktop.core.statistics import year_statistics

    db = _township(new_target("stats"))
    with db.reading() as session:
        alone = year_statistics(session, 2026)
    together = query_together(db, year_statistics, 2026)
    db.close()
    assert together == alone and together.roster_count == 11
    assert len(together.tables) == len(alone.tables) > 8  # the places' table too: three branches
