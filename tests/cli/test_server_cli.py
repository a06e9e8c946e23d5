"""The command line on a server database: --db URL, merge, check, backup and restore across kinds."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dangjian_desktop", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def test_a_township_on_the_server_backed_up_and_restored_into_a_file(tmp_path: Path, pg_url) -> None:
    village = str(tmp_path / "v.sqlite3")
    assert run("--db", village, "demo").returncode == 0
    assert run("--db", village, "export", "--out", str(tmp_path)).returncode == 0
    package = next(tmp_path.glob("*.djpkg"))
    merged = run("--db", pg_url, "merge", str(package), "--enroll")
    assert merged.returncode == 0 and "已合并" in merged.stdout, merged.stderr
    checked = run("--db", pg_url, "check")
    assert checked.returncode == 0 and "数据库完好：postgresql+psycopg://" in checked.stdout
    secret = tmp_path / "pw.txt"
    secret.write_text("整库备份口令\n", encoding="utf-8")
    whole = tmp_path / "whole.djpkg"
    backed = run("--db", pg_url, "backup", "--out", str(whole), "--passphrase-file", str(secret))
    assert backed.returncode == 0 and whole.exists(), backed.stderr
    restored_file = str(tmp_path / "restored.sqlite3")
    restored = run("--db", restored_file, "backup", "--restore", str(whole), "--passphrase-file", str(secret))
    assert restored.returncode == 0 and "党支部 1 个" in restored.stdout, restored.stderr
    # the restored file is the township: the same package is already merged there
    again = run("--db", restored_file, "merge", str(package))
    assert again.returncode == 0 and "未做改动" in again.stdout
    # a restore never overwrites: the server database holds a branch already
    refused = run("--db", pg_url, "backup", "--restore", str(whole), "--passphrase-file", str(secret))
    assert refused.returncode == 1 and "只能恢复到空数据库" in refused.stderr
    assert "Traceback" not in refused.stderr


def test_a_server_that_is_not_there_is_one_chinese_sentence(tmp_path: Path) -> None:
    missing = f"postgresql+psycopg://nobody@/nothing?host={tmp_path}"
    result = run("--db", missing, "check")
    assert result.returncode == 1
    assert "无法连接数据库服务器" in result.stderr and "Traceback" not in result.stderr
    wrong = run("--db", "mysql://someone@host/db", "check")
    assert wrong.returncode == 1 and "只支持 PostgreSQL" in wrong.stderr
