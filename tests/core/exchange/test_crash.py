"""SIGKILL at random points: the power cut and the pulled stick, as near as a test gets."""

import datetime as dt
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from dangjian_desktop.core.db import open_database
from dangjian_desktop.core.exchange.package import verify_file
from dangjian_desktop.core.exchange.package_export import export_package
from dangjian_desktop.core.models import Member
from dangjian_desktop.core.roster import MemberDraft, add_member

ROOT = Path(__file__).resolve().parents[3]
pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")

EXPORT_LOOP = """
import datetime as dt, sys
from pathlib import Path
from dangjian_desktop.core.db import open_database
from dangjian_desktop.core.exchange.package_export import export_package
db = open_database(Path(sys.argv[1]))
print("ready", flush=True)
for i in range(1000):
    export_package(db, Path(sys.argv[2]), now=dt.datetime(2026, 1, 1) + dt.timedelta(minutes=i), with_documents=False)
"""

MERGE_ALL = """
import sys
from pathlib import Path
from dangjian_desktop.core.db import open_database
from dangjian_desktop.core.exchange.merge import merge_package
db = open_database(Path(sys.argv[1]))
print("ready", flush=True)
for name in sys.argv[2:]:
    merge_package(db, Path(name), enroll=True)
"""

BACKUP_LOOP = """
import sys
from pathlib import Path
from dangjian_desktop.core.backup import backup_to
print("ready", flush=True)
for i in range(1000):
    backup_to(Path(sys.argv[1]), Path(sys.argv[2]))
"""


def _run_and_kill(script: str, args: list[str], rng: random.Random, max_delay: float) -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", script, *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "ready"
    time.sleep(rng.uniform(0, max_delay))
    child.send_signal(signal.SIGKILL)
    child.wait()


def test_killed_export_never_leaves_a_complete_looking_broken_file(village, tmp_path) -> None:
    rng = random.Random(11)
    stick = tmp_path / "stick"
    stick.mkdir()
    for _ in range(6):
        _run_and_kill(EXPORT_LOOP, [str(village.path), str(stick)], rng, 1.5)
        for package in stick.glob("*.djpkg"):
            assert verify_file(package).ok, package.name  # under a final name: always whole
    assert list(stick.glob("*.djpkg")), "the kills all landed before any export finished"


def _members_of(path: Path) -> int:
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return connection.execute("SELECT count(*) FROM member").fetchone()[0]


def test_killed_merge_is_all_or_nothing(village, tmp_path) -> None:
    rng = random.Random(12)
    packages, sizes = [], []
    for i in range(4):
        with village.transaction() as session:
            add_member(session, 1, MemberDraft(name=f"新党员{i}"))
            sizes.append(session.scalar(select(func.count()).select_from(Member)))
        when = dt.datetime(2026, 11, 1) + dt.timedelta(days=i)
        packages.append(
            str(export_package(village, tmp_path / f"p{i}.djpkg", now=when, with_documents=False))
        )
    for attempt in range(4):
        township = tmp_path / f"township{attempt}.sqlite3"
        open_database(township).close()
        _run_and_kill(MERGE_ALL, [str(township), *packages], rng, 2.0)
        assert _members_of(township) in [0, *sizes]


def test_killed_backup_leaves_no_broken_backup(village, tmp_path) -> None:
    rng = random.Random(13)
    target = tmp_path / "backups" / "b.sqlite3"
    for _ in range(6):
        _run_and_kill(BACKUP_LOOP, [str(village.path), str(target)], rng, 0.8)
        if target.exists():
            assert _members_of(target) == 45
        assert _members_of(village.path) == 45
