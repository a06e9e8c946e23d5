"""The command line as scripts use it: a real process, a real database file, real PDF text."""

import json
import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, db: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dangjian_desktop", "--db", str(db), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
    )


def test_init_demo_list_print_check(tmp_path: Path) -> None:
    db = tmp_path / "cli.sqlite3"
    assert run("init", "--branch", "凤凰村党支部", "--township", "青山镇", db=db).returncode == 0
    again = run("init", "--branch", "别的支部", db=db)
    assert again.returncode == 1
    assert "已有党支部" in again.stderr

    demo_db = tmp_path / "demo.sqlite3"
    assert run("demo", db=demo_db).returncode == 0
    listed = run("roster", "list", "--json", db=demo_db)
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    assert 40 <= len(rows) <= 50
    expected_keys = {
        "id",
        "name",
        "gender",
        "ethnicity",
        "birth_date",
        "id_number",
        "education",
        "join_date",
        "full_date",
        "category",
        "group",
        "job",
        "phone",
        "address",
        "status",
        "mobile",
        "note",
    }
    assert all(set(r) == expected_keys for r in rows)
    assert {r["status"] for r in rows} == {"在册"}
    assert {r["category"] for r in rows} == {"正式党员", "预备党员"}
    assert len({r["group"] for r in rows}) == 3
    assert any(r["mobile"] for r in rows)
    everyone = json.loads(run("roster", "list", "--all", "--json", db=demo_db).stdout)
    assert {r["status"] for r in everyone} >= {"在册", "转出", "去世"}

    first = rows[0]
    found = json.loads(
        run("roster", "list", "--search", first["id_number"][-8:], "--json", db=demo_db).stdout
    )
    assert [r["name"] for r in found] == [first["name"]]

    pdf = tmp_path / "roster.pdf"
    printed = run("print", "roster", "--out", str(pdf), db=demo_db)
    assert printed.returncode == 0, printed.stderr
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    for r in rows:
        assert r["name"] in text
    assert "凤凰村党支部党员花名册" in text
    assert run("check", db=demo_db).returncode == 0


def test_print_without_branch_is_a_clear_error(tmp_path: Path) -> None:
    result = run("print", "roster", "--out", str(tmp_path / "x.pdf"), db=tmp_path / "empty.sqlite3")
    assert result.returncode == 1
    assert "还没有创建党支部" in result.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_usage_error_exits_2(tmp_path: Path) -> None:
    assert run("roster", "frobnicate", db=tmp_path / "x.sqlite3").returncode == 2
