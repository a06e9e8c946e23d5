"""Backups on their lines (issue 21, mutation testing of core/backup.py): the newest three kept and
not four, the interval since the newest backup (one below, on the line), a change at the very time of
the newest backup, the reason in the name, and thinning on the clock it is given, not the machine's."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from dangjian_desktop.core.backup import (
    BackupError,
    BackupInfo,
    backup_dir_for,
    backup_if_changed,
    backup_sealed,
    backups_to_keep,
    list_backups,
    thin_backups,
    unseal_backup,
)
from dangjian_desktop.core.errors import os_error_text
from dangjian_desktop.core.exchange.package_crypto import seal

T0 = dt.datetime(2020, 1, 7, 12, 0)  # years before the machine's clock: a slip to now() shows


def test_the_newest_three_are_kept_and_not_a_fourth() -> None:
    """Five backups within the hour: the three newest stay (the day keeps its newest, one of them)."""
    backups = [BackupInfo(Path(f"b{i}"), T0 - dt.timedelta(minutes=i), "periodic", 1) for i in range(5)]
    assert backups_to_keep(backups, T0) == {Path("b0"), Path("b1"), Path("b2")}


def _fake_backups(db_path: Path, days: range) -> list[Path]:
    """Backup files of the days before T0 (thinning reads only their names)."""
    folder = backup_dir_for(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for back in days:
        path = folder / f"dangjian-{T0 - dt.timedelta(days=back):%Y%m%d-%H%M%S}-periodic.sqlite3"
        path.write_bytes(b"")
        made.append(path)
    return made


def test_thinning_goes_by_the_clock_it_is_given_and_names_what_it_removed(tmp_path) -> None:
    """On T0 a backup of each of the last six days is its day's own: nothing goes. Thirty days of
    daily backups on T0 + 20 days: those older than a week go, but the newest of each week, and those removed are
    returned (planted: the machine's clock, which makes them all monthly; a list without the paths)."""
    db_path = tmp_path / "dangjian.sqlite3"
    made = _fake_backups(db_path, range(1, 7))
    assert thin_backups(db_path, T0) == []
    assert all(p.exists() for p in made)
    later = T0 + dt.timedelta(days=20)
    made += _fake_backups(db_path, range(7, 31))
    removed = thin_backups(db_path, later)
    assert removed and all(isinstance(p, Path) and not p.exists() for p in removed)
    kept = {b.path for b in list_backups(db_path, with_counts=False)}
    assert kept | set(removed) == set(made) and not kept & set(removed)
    # on T0 + 20 days each is 21 to 50 days old (weekly): the newest three, and the newest of each
    # ISO week (T0 is a Tuesday: the days before it, newest first, open a new week on each Sunday)
    expected, weeks = set(made[:3]), set()
    for back, path in zip(range(1, 31), made, strict=True):
        week = (T0 - dt.timedelta(days=back)).isocalendar()[:2]
        if week not in weeks:
            weeks.add(week)
            expected.add(path)
    assert kept == expected and len(kept) == len(weeks) + 1


def _touch(path: Path, when: float) -> None:
    os.utime(path, (when, when))


def test_a_backup_waits_for_the_interval_to_end_on_the_line(db, branch_id) -> None:
    """min_interval 30 minutes after the newest backup: at 29:59 none, at 30:00 one (planted: <=)."""
    first = backup_if_changed(db.path, "start", now=T0)
    assert first is not None and first.name == "dangjian-20200107-120000-start.sqlite3"
    later = first.stat().st_mtime + 60
    for side in (db.path, db.path.with_name(db.path.name + "-wal")):
        if side.exists():
            _touch(side, later)  # changed since the backup
    interval = dt.timedelta(minutes=30)
    below = T0 + interval - dt.timedelta(seconds=1)
    assert backup_if_changed(db.path, "periodic", min_interval=interval, now=below) is None
    made = backup_if_changed(db.path, "periodic", min_interval=interval, now=T0 + interval)
    assert made is not None and made.name == "dangjian-20200107-123000-periodic.sqlite3"


def test_a_change_at_the_very_time_of_the_newest_backup_is_already_in_it(db, branch_id) -> None:
    """The database last written at the backup's own time: no new backup; a second later: one."""
    first = backup_if_changed(db.path, "start", now=T0)
    assert first is not None
    stamp = first.stat().st_mtime
    sides = [p for p in (db.path, db.path.with_name(db.path.name + "-wal")) if p.exists()]
    for side in sides:
        _touch(side, stamp)
    assert backup_if_changed(db.path, "periodic", now=T0 + dt.timedelta(hours=1)) is None
    _touch(sides[-1], stamp + 1)
    made = backup_if_changed(db.path, "periodic", now=T0 + dt.timedelta(hours=2))
    assert made is not None and made.name.endswith("-periodic.sqlite3")


def test_a_backup_when_changed_thins_on_the_clock_it_is_given(db, branch_id) -> None:
    """Old daily backups of the last week before T0: the backup at T0 keeps them all (planted: the
    thinning on the machine's clock, where they are years old and one a month stays)."""
    made = _fake_backups(db.path, range(1, 7))
    for path in made:
        _touch(path, 0)  # older than the database: it has changed since
    new = backup_if_changed(db.path, "periodic", now=T0)
    assert new is not None and all(p.exists() for p in made)


def _info(name: str, when: dt.datetime) -> BackupInfo:
    return BackupInfo(Path(name), when, "periodic", 1)


def test_the_weekly_window_is_eight_weeks_on_the_line_and_a_second_past_it_is_monthly() -> None:
    """Exactly eight weeks old: still the week's own, kept beside an older one of the same month
    (monthly); a second older: both monthly, the older goes (planted: `<` for `<=`)."""
    now = dt.datetime(2026, 11, 25, 12, 0)  # eight weeks earlier is 30 September, mid-day
    recent = [_info(f"recent{i}", now - dt.timedelta(minutes=i)) for i in range(3)]
    older = _info("older", now - dt.timedelta(weeks=8, hours=1))
    edge = _info("edge", now - dt.timedelta(weeks=8))
    assert {Path("edge"), Path("older")} <= backups_to_keep([*recent, edge, older], now)
    past = _info("edge", now - dt.timedelta(weeks=8, seconds=1))
    keep = backups_to_keep([*recent, past, older], now)
    assert Path("edge") in keep and Path("older") not in keep


# --- sealed backups: the words of each failure, and what is left behind ------------------------------


def _os_words(action) -> str:
    """The words the program gives for the OSError this action raises (errors.os_error_text)."""
    try:
        action()
    except OSError as exc:
        return os_error_text(exc)
    raise AssertionError("no OSError")


def test_a_sealed_backup_to_a_missing_folder_names_the_system_reason(db, tmp_path) -> None:
    target = tmp_path / "拔掉的U盘" / "a.djbak"
    with pytest.raises(BackupError) as caught:
        backup_sealed(db.path, target, "123456")
    words = _os_words(lambda: open(target.with_name("a.djbak.part"), "wb"))  # noqa: SIM115
    assert str(caught.value) == f"备份到 a.djbak 失败：{words}"


def test_a_sealed_backup_of_a_file_that_is_no_database_fails_as_a_backup(tmp_path) -> None:
    """The backup of the database fails before its staging copy exists: the refusal is the backup's,
    not a FileNotFoundError of the clean-up (planted: the staging copy unlinked without missing_ok)."""
    junk = tmp_path / "dangjian.sqlite3"
    junk.write_bytes(b"not a database at all " * 500)
    with pytest.raises(BackupError) as caught:
        backup_sealed(junk, tmp_path / "a.djbak", "123456")
    assert str(caught.value).startswith("备份到 ")
    assert not (tmp_path / "a.djbak").exists() and list(tmp_path.glob("**/sealing-*")) == []


def test_a_sealed_file_that_holds_no_database_is_refused_and_nothing_is_listed(db, tmp_path) -> None:
    """Unsealed with the right passphrase, the content is no database: refused in words, the
    half-written copy removed (planted: a file SQLite cannot read taken as sound)."""
    sealed = tmp_path / "junk.djbak"
    sealed.write_bytes(seal(b"not a database at all " * 500, "123456"))
    with pytest.raises(BackupError) as caught:
        unseal_backup(db.path, sealed, "123456", now=T0)
    assert str(caught.value) == "junk.djbak 解开后不是完好的数据库"
    assert list(backup_dir_for(db.path).iterdir()) == []
    missing = tmp_path / "没有这个文件.djbak"
    with pytest.raises(BackupError) as caught:
        unseal_backup(db.path, missing, "123456", now=T0)
    assert str(caught.value) == f"无法读取 没有这个文件.djbak：{_os_words(missing.read_bytes)}"


def test_a_sealed_backup_opens_for_a_database_in_a_folder_without_backups_yet(db, tmp_path) -> None:
    """The backups folder (and a folder above it) made on the way (planted: mkdir without parents)."""
    sealed = backup_sealed(db.path, tmp_path / "a.djbak", "123456")
    elsewhere = tmp_path / "新电脑" / "dangjian.sqlite3"
    opened = unseal_backup(elsewhere, sealed, "123456", now=T0)
    assert opened == backup_dir_for(elsewhere) / "dangjian-20200107-120000-usb.sqlite3" and opened.is_file()


# --- backup_to and the leftovers of killed runs ------------------------------------------------------


def test_a_backup_into_a_folder_not_made_yet_makes_it_and_keeps_an_existing_file(
    db, branch_id, tmp_path
) -> None:
    """备份文件夹 two levels down, not made yet (planted: mkdir without parents); a second backup to the
    same name with keep_existing takes the next number (planted: keep_existing off by default)."""
    from dangjian_desktop.core.backup import backup_to

    target = tmp_path / "备份" / "二级" / "a.sqlite3"
    assert backup_to(db.path, target) == target and target.is_file()
    before = target.read_bytes()
    assert backup_to(db.path, target, keep_existing=True) == target.with_name("a-2.sqlite3")
    assert target.read_bytes() == before
    assert backup_to(db.path, target) == target  # by default the name is replaced, not numbered
    assert not target.with_name("a-3.sqlite3").exists()


def test_a_backup_of_what_sqlite_cannot_open_is_refused_in_words_and_leaves_nothing(tmp_path) -> None:
    """A folder given as the database: the source does not open, so no half-written copy was begun
    (planted: its clean-up insisting on the copy; the message left out)."""
    import sqlite3

    from dangjian_desktop.core.backup import backup_to

    target = tmp_path / "b" / "a.sqlite3"
    with pytest.raises(BackupError) as caught:
        backup_to(tmp_path, target)
    try:
        sqlite3.connect(tmp_path).execute("SELECT 1")
    except sqlite3.Error as exc:
        reason = str(exc)
    assert str(caught.value) == f"备份到 {target} 失败：{reason}"
    assert list(target.parent.iterdir()) == []


def test_leftovers_of_killed_runs_are_removed_where_they_lie_and_fresh_ones_stay(tmp_path) -> None:
    """Half-written backups (.part), packages (.partial) and sealing copies, beside the database, in
    its backups folder and in 备份文件夹: those older than ten minutes go and are returned; one written a
    minute ago belongs to a run still going and stays."""
    import time

    from dangjian_desktop.core.backup import LEFTOVER_AGE_SECONDS, remove_leftovers

    db_path = tmp_path / "村" / "dangjian.sqlite3"
    folder = tmp_path / "备份文件夹"
    places = (db_path.parent, backup_dir_for(db_path), folder)
    old = time.time() - LEFTOVER_AGE_SECONDS - 60
    stale, fresh = set(), set()
    for place in places:
        place.mkdir(parents=True, exist_ok=True)
        for name in ("a.sqlite3.1-ab.part", "p.djpkg.partial", "sealing-42.sqlite3"):
            path = place / name
            path.write_bytes(b"x")
            _touch(path, old)
            stale.add(path)
        young = place / "b.sqlite3.2-cd.part"
        young.write_bytes(b"x")
        _touch(young, time.time() - 60)
        fresh.add(young)
        (place / "dangjian-20200107-120000-start.sqlite3").write_bytes(b"x")  # a real backup: kept
    removed = remove_leftovers(db_path, folder)
    assert sorted(removed) == sorted(stale)
    assert all(p.exists() for p in fresh) and not any(p.exists() for p in stale)
    assert all((place / "dangjian-20200107-120000-start.sqlite3").exists() for place in places)
    assert remove_leftovers(tmp_path / "没有" / "x.sqlite3") == []  # folders that do not exist


def test_a_missing_folder_among_the_places_does_not_end_the_search(tmp_path) -> None:
    """The places are a set, read in the order of their hashes: over twenty layouts, a missing
    backups folder and 备份文件夹 come before the database's own folder in some (planted: break)."""
    import time

    from dangjian_desktop.core.backup import LEFTOVER_AGE_SECONDS, remove_leftovers

    for n in range(20):
        db_path = tmp_path / f"村{n}" / "dangjian.sqlite3"
        db_path.parent.mkdir()
        leftover = db_path.parent / "a.sqlite3.1-ab.part"
        leftover.write_bytes(b"x")
        _touch(leftover, time.time() - LEFTOVER_AGE_SECONDS - 60)
        assert remove_leftovers(db_path, tmp_path / f"没有{n}") == [leftover]
