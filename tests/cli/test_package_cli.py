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
    )


def test_export_verify_merge_from_the_command_line(tmp_path: Path) -> None:
    village, township = str(tmp_path / "v.sqlite3"), str(tmp_path / "t.sqlite3")
    assert run("--db", village, "demo").returncode == 0
    secret = tmp_path / "pw.txt"
    secret.write_text("约定口令2026\n", encoding="utf-8")
    exported = run("--db", village, "export", "--out", str(tmp_path), "--passphrase-file", str(secret))
    assert exported.returncode == 0, exported.stderr
    package = next(tmp_path.glob("*.djpkg"))
    assert run("verify", str(package), "--passphrase-file", str(secret)).returncode == 0
    no_pass = run("verify", str(package))
    assert no_pass.returncode == 1 and "口令" in no_pass.stderr
    merged = run("--db", township, "merge", str(package), "--enroll", "--passphrase-file", str(secret))
    assert merged.returncode == 0 and "已合并" in merged.stdout
    again = run("--db", township, "merge", str(package), "--passphrase-file", str(secret))
    assert again.returncode == 0 and "未做改动" in again.stdout
    truncated = tmp_path / "cut.djpkg"
    truncated.write_bytes(package.read_bytes()[:-500])
    bad = run("--db", township, "merge", str(truncated), "--passphrase-file", str(secret))
    assert bad.returncode == 1 and "截断" in bad.stderr
