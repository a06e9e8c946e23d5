"""Several clerks at once on one PostgreSQL database, each a real `dangjian merge` process.

The test holds the write lock (the advisory lock every unit of work takes) while both processes
start, so both have looked at the database and are waiting to write when it lets go: the case where
a merge that only checked before taking the lock would merge one package twice.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text

from dangjian_desktop.core.db import open_database
from dangjian_desktop.core.db_server import WRITE_LOCK_KEY
from dangjian_desktop.core.exchange.merge import merge_package
from dangjian_desktop.core.exchange.package_export import export_package
from dangjian_desktop.core.models import Branch, Member
from dangjian_desktop.core.roster import MemberDraft, add_member, list_members
from dangjian_desktop.core.township import branch_summaries

from ..exchange.conftest import make_village

WHEN = dt.datetime(2026, 11, 22, 10, 0)
ROOT = Path(__file__).resolve().parents[3]


def _package(tmp_path: Path, name: str, seed: int, size: int = 12) -> Path:
    village = make_village(tmp_path / f"{seed}.sqlite3", size=size, seed=seed, name=name)
    try:
        return export_package(village, tmp_path / f"{seed}.djpkg", now=WHEN, with_documents=False)
    finally:
        village.close()


def _clerks_at_once(url: str, packages: list[Path]) -> list[subprocess.CompletedProcess]:
    """Start one `dangjian merge` per package while the write lock is held here; release it once
    every process waits for it; return what each printed."""
    holder = create_engine(url)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
    with holder.connect() as lock:
        lock.execute(text("SELECT pg_advisory_lock(:k)"), {"k": WRITE_LOCK_KEY})
        processes = [
            subprocess.Popen(
                [sys.executable, "-m", "dangjian_desktop", "--db", url, "merge", str(p), "--enroll"],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                encoding="utf-8",
            )
            for p in packages
        ]
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            waiting = lock.execute(
                text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")
            ).scalar()
            if waiting == len(processes) or any(p.poll() is not None for p in processes):
                break
            time.sleep(0.05)
        assert waiting == len(processes), [p.communicate() for p in processes if p.poll() is not None]
        lock.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": WRITE_LOCK_KEY})
    holder.dispose()
    results = []
    for process in processes:
        out, err = process.communicate(timeout=120)
        results.append(subprocess.CompletedProcess(process.args, process.returncode, out, err))
    return results


def test_two_clerks_merging_different_villages_at_once_both_succeed(pg_url, tmp_path) -> None:
    east = _package(tmp_path, "东村党支部", 1)
    west = _package(tmp_path, "西村党支部", 2)
    results = _clerks_at_once(pg_url, [east, west])
    assert [r.returncode for r in results] == [0, 0], [r.stderr for r in results]
    assert all("已合并" in r.stdout for r in results)
    db = open_database(pg_url)
    with db.reading() as session:
        per_branch = dict(
            session.execute(select(Branch.name, func.count(Member.id)).join(Member).group_by(Branch.name)).all()
        )
    assert per_branch == {"东村党支部": 12, "西村党支部": 12}
    # the ids the merges chose are behind the server's sequences: a member added by hand still fits
    with db.transaction() as session:
        branch_id = session.scalar(select(Branch.id).where(Branch.name == "东村党支部"))
        add_member(session, branch_id, MemberDraft(name="新来的", join_date="2020-01-01"))
    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(Member)) == 25
    db.close()


def test_two_clerks_merging_the_same_package_at_once_one_merges_one_is_told(pg_url, tmp_path) -> None:
    package = _package(tmp_path, "东村党支部", 1)
    results = _clerks_at_once(pg_url, [package, package])
    assert [r.returncode for r in results] == [0, 0], [r.stderr for r in results]
    said = sorted(r.stdout.strip().split("：", 1)[1] for r in results)
    assert said == sorted(["已合并 东村党支部（第 1 号）：党员 12 名", "东村党支部 的这个数据包已合并过，未做改动"])
    db = open_database(pg_url)
    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(Member)) == 12
        assert session.scalar(select(func.count()).select_from(Branch)) == 1
    db.close()


def test_a_reader_sees_the_township_before_or_after_a_merge_never_half(pg_url, tmp_path) -> None:
    first = make_village(tmp_path / "v.sqlite3", size=12, seed=1, name="东村党支部")
    old = export_package(first, tmp_path / "old.djpkg", now=WHEN, with_documents=False)
    with first.transaction() as session:
        for i in range(5):
            add_member(session, 1, MemberDraft(name=f"新党员{i}", join_date="2021-07-01"))
    new = export_package(first, tmp_path / "new.djpkg", now=WHEN + dt.timedelta(days=1), with_documents=False)
    first.close()
    west = _package(tmp_path, "西村党支部", 2)
    township = open_database(pg_url)
    merge_package(township, old, enroll=True)
    day = dt.date(2026, 11, 22)
    with township.reading() as session:
        before = [(s.name, s.members) for s in branch_summaries(session, day)]
        # another clerk merges the newer package and a second village meanwhile, in another process
        results = _clerks_at_once(pg_url, [new, west])
        assert [r.returncode for r in results] == [0, 0], [r.stderr for r in results]
        # this reader's view is still the one it started with, in every query it makes
        assert [(s.name, s.members) for s in branch_summaries(session, day)] == before
        assert len(list_members(session)) == 12
    with township.reading() as session:
        after = [(s.name, s.members) for s in branch_summaries(session, day)]
    (east_before,) = before
    assert east_before[0] == "东村党支部"
    assert [name for name, _count in after] == ["东村党支部", "西村党支部"]
    assert after[0][1] == east_before[1] + 5  # the five added in the newer package, all at once
    township.close()


@pytest.mark.parametrize("second_reader", [False, True])
def test_a_writer_waits_for_the_other_clerk_and_never_interleaves(pg_url, second_reader) -> None:
    """The advisory lock is the server's BEGIN IMMEDIATE: a unit of work that reads before it writes
    does not run beside another; a reader is never held up by it."""
    one, two = open_database(pg_url), open_database(pg_url)
    with one.transaction() as session:
        from dangjian_desktop.core.branch import create_branch

        create_branch(session, "测试村党支部", township="测试镇", secretary="王书记", phone="0791-1234567")
    with one.transaction() as session:
        if second_reader:
            with two.reading() as other:
                assert other.scalar(select(func.count()).select_from(Branch)) == 1
        else:
            other_connection = two.engine.connect()
            other_connection.execute(text("SET lock_timeout = '200ms'"))
            with pytest.raises(Exception, match="lock timeout"):
                other_connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": WRITE_LOCK_KEY})
            other_connection.close()
        session.execute(select(1))
    one.close()
    two.close()


def test_a_writer_kept_waiting_too_long_is_told_in_chinese_and_nothing_is_written(pg_url) -> None:
    from dangjian_desktop.core.branch import create_branch
    from dangjian_desktop.core.db import DatabaseError

    one = open_database(pg_url)
    holder = create_engine(pg_url)
    with holder.connect() as lock:
        lock.execute(text("SELECT pg_advisory_lock(:k)"), {"k": WRITE_LOCK_KEY})
        with one.engine.connect() as probe:  # the pool's connection: its lock wait made short
            probe.execute(text("SET SESSION lock_timeout = '300ms'"))
            probe.commit()
        with pytest.raises(DatabaseError, match="另一位同志"), one.transaction() as session:
            create_branch(session, "测试村党支部", township="测试镇", secretary="王书记", phone="0791-1234567")
        lock.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": WRITE_LOCK_KEY})
    holder.dispose()
    with one.reading() as session:
        assert session.scalar(select(func.count()).select_from(Branch)) == 0
    one.close()
