"""A child process importing a large file is killed with SIGKILL at random moments, many times: the
database must stay intact and hold all of that import or none of it."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import random
import shutil
import signal
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from dangjian_desktop.core.branch import create_branch
from dangjian_desktop.core.db import integrity_problems, open_database
from dangjian_desktop.core.exchange.importing import import_roster
from dangjian_desktop.core.models import Member, OperationLog
from dangjian_desktop.core.search import search_key
from tests.core.exchange.files import member_rows, write_xlsx

ROWS = 1000
KILLS = 12

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and fork are POSIX")


def _child(db_path: str, workbook: str) -> None:
    db = open_database(db_path)
    import_roster(db, workbook, today=dt.date(2026, 11, 22))
    db.close()
    os._exit(0)


def _counts(path: Path) -> tuple[int, int, list[str]]:
    db = open_database(path)
    try:
        problems = integrity_problems(db)
        with db.reading() as session:
            members = session.scalar(select(func.count()).select_from(Member)) or 0
            logs = session.scalar(
                select(func.count()).select_from(OperationLog).where(OperationLog.action == "导入花名册")
            )
    finally:
        db.close()
    return members, logs or 0, problems


def test_sigkill_during_import_leaves_all_or_nothing(tmp_path: Path) -> None:
    workbook = write_xlsx(tmp_path / "big.xlsx", member_rows(ROWS, seed=9))
    template = tmp_path / "template.sqlite3"
    db = open_database(template)
    with db.transaction() as session:
        create_branch(session, "崩溃测试村党支部")
    db.close()
    search_key("王建国")  # pinyin tables loaded once here, inherited by every forked child
    context = multiprocessing.get_context("fork")
    target = tmp_path / "target.sqlite3"

    def fresh() -> None:
        for leftover in tmp_path.glob("target.sqlite3*"):
            leftover.unlink()
        shutil.copy(template, target)

    fresh()  # one full run to learn how long an import takes here
    started = time.perf_counter()
    process = context.Process(target=_child, args=(str(target), str(workbook)))
    process.start()
    process.join(60)
    duration = time.perf_counter() - started
    assert process.exitcode == 0, duration
    assert _counts(target)[:2] == (ROWS, 1)

    rng = random.Random(8)
    outcomes = []
    for kill in range(KILLS):
        fresh()
        process = context.Process(target=_child, args=(str(target), str(workbook)))
        process.start()
        # spread over the whole run, each somewhere in its own twelfth: some land before the commit
        # however fast the import has become against the process around it (the writing now runs
        # beside the checking, so no longer only at the end)
        time.sleep((kill + rng.random()) / KILLS * duration)
        if process.pid is not None:
            os.kill(process.pid, signal.SIGKILL)
        process.join(30)
        members, logs, problems = _counts(target)
        assert problems == []
        assert (members, logs) in ((0, 0), (ROWS, 1)), f"partial import: {members} members, {logs} log lines"
        outcomes.append(members)
    assert 0 in outcomes  # at least one kill landed before the commit


BIG = 5000  # more than two writing chunks (planning.CHUNK is 2,000 rows)


def _child_killed_while_writing(db_path: str, workbook: str, after: int) -> None:
    """Imports, and SIGKILLs itself at the writing-phase progress report number `after` (one per
    chunk written): a kill that lands after some chunks are written and before the end."""
    reports = 0

    def progress(done: int, total: int) -> None:
        nonlocal reports
        if done > total // 2:  # the second half of the bar is the writing (writing.write_plan)
            reports += 1
            if reports == after:
                os.kill(os.getpid(), signal.SIGKILL)

    db = open_database(db_path)
    import_roster(db, workbook, today=dt.date(2026, 11, 22), progress=progress)
    db.close()
    os._exit(0)


def test_sigkill_after_some_chunks_are_written_leaves_nothing(tmp_path: Path) -> None:
    """5,000 rows, killed after the 2nd and after the 3rd (last) chunk: nothing of the import is
    in the database. Fails on an import that commits every chunk (planted in writing.py: a COMMIT
    and a new transaction after each executemany, 4,000 members left; red, reverted), which the
    1,000-row test above cannot see."""
    workbook = write_xlsx(tmp_path / "big.xlsx", member_rows(BIG, seed=10))
    template = tmp_path / "template.sqlite3"
    db = open_database(template)
    with db.transaction() as session:
        create_branch(session, "崩溃测试村党支部")
    db.close()
    search_key("王建国")
    context = multiprocessing.get_context("fork")
    for after in (2, 3):
        target = tmp_path / f"target{after}.sqlite3"
        shutil.copy(template, target)
        process = context.Process(
            target=_child_killed_while_writing, args=(str(target), str(workbook), after)
        )
        process.start()
        process.join(120)
        assert process.exitcode == -signal.SIGKILL, process.exitcode  # it did reach that chunk
        members, logs, problems = _counts(target)
        assert problems == []
        assert (members, logs) == (0, 0), f"partial import: {members} members"
