"""The trust boundary's command line, as the contract in issue 15 states it."""

import json
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dangjian_desktop", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        input=stdin,
    )


FINGERPRINT = re.compile(r"\d{5} \d{5} \d{5} \d{5}")


def test_keys_enrollment_encryption_and_branches(tmp_path: Path) -> None:
    village, township = str(tmp_path / "v.sqlite3"), str(tmp_path / "t.sqlite3")
    assert run("--db", village, "demo").returncode == 0
    shown = run("--db", village, "key", "show")
    (village_fp,) = FINGERPRINT.findall(shown.stdout.splitlines()[0])
    assert "尚未导入乡镇公钥" in shown.stdout

    clear = run("--db", village, "export", "--out", str(tmp_path / "clear.djpkg"))
    assert clear.returncode == 0 and "明文" in clear.stderr and village_fp in clear.stdout

    key_file = tmp_path / "乡镇公钥.djkey"
    exported = run("--db", township, "key", "export", "--out", str(key_file))
    assert exported.returncode == 0, exported.stderr
    (township_fp,) = FINGERPRINT.findall(exported.stdout)
    assert township_fp in run("--db", township, "key", "show").stdout
    imported = run("--db", village, "key", "import", str(key_file))
    assert imported.returncode == 0 and township_fp in imported.stdout
    sealed = run("--db", village, "export", "--out", str(tmp_path / "sealed.djpkg"))
    assert sealed.returncode == 0 and "加密给乡镇" in sealed.stdout

    # verify: without the township's database it cannot be opened; with it, it shows the signer
    assert run("verify", str(tmp_path / "sealed.djpkg")).returncode == 1
    verified = run("--db", township, "verify", str(tmp_path / "sealed.djpkg"))
    assert verified.returncode == 0, verified.stderr
    assert village_fp in verified.stdout and "尚未登记" in verified.stdout and "党员：新增 45" in verified.stdout

    refused = run("--db", township, "merge", str(tmp_path / "sealed.djpkg"))
    assert refused.returncode == 1 and village_fp in refused.stderr and "--enroll" in refused.stderr
    merged = run("--db", township, "merge", str(tmp_path / "sealed.djpkg"), "--enroll")
    assert merged.returncode == 0 and "已合并" in merged.stdout
    # the earlier clear package is older (number 1 < 2): reported, not an error, nothing changed
    older = run("--db", township, "merge", str(tmp_path / "clear.djpkg"))
    assert older.returncode == 0 and "较旧" in older.stdout

    listing = json.loads(run("--db", township, "branches", "--json").stdout)
    assert [(b["name"], b["fingerprint"], b["last_package_number"]) for b in listing] == [
        ("凤凰村党支部", village_fp, 2)
    ]
    assert [h["action"] for h in listing[0]["history"]] == ["登记", "合并"]
    bad_rollback = run("--db", township, "branches", "rollback", "凤凰村党支部", "--to", "1")
    assert bad_rollback.returncode == 1 and "没有合并过第 1 号" in bad_rollback.stderr
    removed = run("--db", township, "branches", "remove", "凤凰村党支部")
    assert removed.returncode == 0, removed.stderr
    assert json.loads(run("--db", township, "branches", "--json").stdout) == []

    # a village database refuses merge: its own old package would revert it
    own = run("--db", village, "merge", str(tmp_path / "clear.djpkg"), "--enroll")
    assert own.returncode == 1 and "村级数据库" in own.stderr


def test_every_command_refuses_a_damaged_database_with_the_restore_message(tmp_path: Path) -> None:
    from dangjian_desktop.core.db import damaged_message

    path = tmp_path / "v.sqlite3"
    assert run("--db", str(path), "demo").returncode == 0
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'member'").fetchone()[0]
    data = bytearray(path.read_bytes())
    start = (root - 1) * page
    data[start + 8 : start + page] = b"\xff" * (page - 8)  # the member table's root page scribbled over
    path.write_bytes(bytes(data))
    expected = damaged_message(path, ["x"]).split("\n")[0]
    for command in (["roster", "list"], ["key", "show"], ["branches"], ["export", "--out", str(tmp_path)]):
        done = run("--db", str(path), *command)
        assert done.returncode == 1, command
        assert expected in done.stderr and "请从下面的备份中选一个恢复" in done.stderr
        assert "Traceback" not in done.stderr


def test_leftovers_of_killed_runs_are_removed_on_start(tmp_path: Path) -> None:
    path = tmp_path / "v.sqlite3"
    assert run("--db", str(path), "demo").returncode == 0
    backups = tmp_path / "backups"
    backups.mkdir(exist_ok=True)
    leftovers = [backups / "dangjian-20261122-090000-merge.sqlite3.part", tmp_path / "凤凰村.djpkg.partial"]
    import os
    import time

    from dangjian_desktop.core.backup import LEFTOVER_AGE_SECONDS

    for leftover in leftovers:
        leftover.write_bytes(b"half")
        old = time.time() - LEFTOVER_AGE_SECONDS - 60  # a killed run's file: untouched for a while
        os.utime(leftover, (old, old))
    kept = tmp_path / "notes.txt"
    kept.write_text("keep")
    # another process's backup being written now (inside the age limit) is not a leftover
    writing = backups / "dangjian-20261122-090100-import.sqlite3.4242-abcd.part"
    writing.write_bytes(b"being written")
    assert run("--db", str(path), "roster", "list").returncode == 0
    assert not any(p.exists() for p in leftovers) and kept.exists()
    assert writing.exists()


def test_a_read_only_target_ends_with_a_chinese_message(tmp_path: Path) -> None:
    import os

    path = tmp_path / "v.sqlite3"
    assert run("--db", str(path), "demo").returncode == 0
    stick = tmp_path / "stick"
    stick.mkdir()
    stick.chmod(0o500)
    try:
        # running as root, permissions do not bind: /proc is read-only for everyone
        target = "/proc/version" if os.access(stick, os.W_OK) else str(stick / "p.djpkg")
        done = run("--db", str(path), "export", "--out", target)
        assert done.returncode == 1
        assert "Traceback" not in done.stderr and "失败" in done.stderr
        assert re.search(r"[\u4e00-\u9fff]", done.stderr)
    finally:
        stick.chmod(0o700)
