"""A server's safety copy (core/backup.py backup_server) where test_backup_server_edges.py leaves it:
the second copy of a second named -2 the moment it is made (a count that starts over would name it
-1, then never find a free name for the third), and a place that takes no file told in the words of
the package writer, against the real PostgreSQL of tests/server_db.py."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from dangjian_desktop.core.backup import BackupError, backup_server
from dangjian_desktop.core.branch import create_branch
from dangjian_desktop.core.db import Database, open_database
from dangjian_desktop.core.errors import os_error_text

NOW = dt.datetime(2026, 12, 2, 9, 30, 5)


@pytest.fixture
def server_db(pg_url: str) -> Iterator[Database]:
    db = open_database(pg_url)
    with db.transaction() as session:
        create_branch(session, "凤凰村党支部")
    yield db
    db.close()


def test_each_copy_in_one_second_takes_the_next_number_as_it_is_made(
    server_db: Database, tmp_path: Path
) -> None:
    """Checked one by one: the plain name, then -2, then -3; an existing copy is never overwritten."""
    names = []
    for _ in range(3):
        names.append(backup_server(server_db, "import", folder=tmp_path, now=NOW).name)
        assert (
            names[-1]
            == [
                "dangjian-20261202-093005-import.djpkg",
                "dangjian-20261202-093005-import-2.djpkg",
                "dangjian-20261202-093005-import-3.djpkg",
            ][len(names) - 1]
        )
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(names)


def _refuses_new_files(folder: Path) -> str | None:
    """The system's words when a file cannot be made in folder, or None when it can."""
    probe = folder / "probe.partial"
    try:
        with open(probe, "wb"):
            pass
    except OSError as exc:
        return os_error_text(exc)
    probe.unlink()
    return None


SYS = Path("/sys")  # Linux's sysfs takes no new file, not even from root: a write-protected stick


@pytest.mark.skipif(os.name != "posix" or not SYS.is_dir(), reason="needs Linux's /sys")
def test_a_place_that_takes_no_file_is_told_in_the_package_writers_words(server_db: Database) -> None:
    """The package writer's refusal (its PackageError: which file, and the system's reason) is what
    the clerk reads, word for word; nothing is left behind."""
    words = _refuses_new_files(SYS)
    if words is None:
        pytest.skip("this /sys takes new files")
    with pytest.raises(BackupError) as caught:
        backup_server(server_db, "manual", folder=SYS, now=NOW)
    assert str(caught.value) == f"写入 dangjian-20261202-093005-manual.djpkg 失败：{words}"
    assert not list(SYS.glob("dangjian-*"))
