"""`dangjian roster import FILE [--dry-run] [--json]` and `dangjian roster export FILE.xlsx`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from dangjian_desktop.cli import main
from dangjian_desktop.core.db import open_database
from dangjian_desktop.core.models import Member

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "roster_sample.xlsx"  # copy of shared/samples
pytestmark = pytest.mark.skipif(not SAMPLE.exists(), reason="shared sample not present")


def _count(path: Path) -> int:
    db = open_database(path)
    try:
        with db.reading() as session:
            return session.scalar(select(func.count()).select_from(Member)) or 0
    finally:
        db.close()


@pytest.fixture
def db_file(tmp_path: Path) -> Path:
    path = tmp_path / "cli.sqlite3"
    assert main(["--db", str(path), "init", "--branch", "示范村党支部"]) == 0
    return path


def test_import_json_dry_run_then_real(db_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["--db", str(db_file), "roster", "import", str(SAMPLE), "--dry-run", "--json"]) == 0
    dry = json.loads(capsys.readouterr().out)
    assert _count(db_file) == 0
    assert set(dry) == {"imported", "updated", "rejected", "warnings", "unmapped_columns"}
    assert dry["imported"] == 36 and [r["row"] for r in dry["rejected"]] == [8, 20, 26]
    assert main(["--db", str(db_file), "roster", "import", str(SAMPLE), "--json"]) == 0
    real = json.loads(capsys.readouterr().out)
    assert real == dry and _count(db_file) == 36
    assert main(["--db", str(db_file), "roster", "import", str(SAMPLE)]) == 0
    out = capsys.readouterr().out
    assert "新增 0 人" in out and "第20行" in out and "已备份" in out


def test_bad_input_exits_1_with_one_message(
    db_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "名册.xlsx"
    bad.write_text("not a workbook")
    capsys.readouterr()
    assert main(["--db", str(db_file), "roster", "import", str(bad)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("错误：") and len(err.strip().splitlines()) == 1
    assert main(["--db", str(db_file), "roster", "import", str(tmp_path / "missing.xlsx")]) == 1
    assert "找不到文件" in capsys.readouterr().err
    assert _count(db_file) == 0


def test_export_then_import_elsewhere(
    db_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(db_file), "roster", "import", str(SAMPLE)]) == 0
    out = tmp_path / "导出" / "花名册.xlsx"
    assert main(["--db", str(db_file), "roster", "export", str(out)]) == 0
    assert "已导出 36 名党员" in capsys.readouterr().out
    other = tmp_path / "other.sqlite3"
    assert main(["--db", str(other), "init", "--branch", "示范村党支部"]) == 0
    capsys.readouterr()
    assert main(["--db", str(other), "roster", "import", str(out), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["imported"] == 36 and report["rejected"] == []


def test_usage_error_exits_2(db_file: Path) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--db", str(db_file), "roster", "import"])
    assert exc.value.code == 2
