"""A CSV read into a Table keeps its own path (issue 21, mutation testing of
core/exchange/importing/sheet.py): the import report names the file from it and the rejected rows
are saved beside it; a Table without its path fails the import of every CSV roster at the report."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from dangjian_desktop.core.db import Database
from dangjian_desktop.core.exchange.importing import import_roster
from dangjian_desktop.core.exchange.importing.sheet import read_table


def test_a_csv_table_keeps_its_path(tmp_path: Path) -> None:
    """Fails on `Table(None, path.stem, ...)` (sheet.x_read_table__mutmut_11)."""
    path = tmp_path / "花名册.csv"
    path.write_text("姓名,性别\n王建国,男\n", encoding="utf-8")
    table = read_table(str(path))
    assert (table.path, table.sheet) == (path, "花名册")


def test_a_csv_roster_imports_and_its_report_names_the_file(
    tmp_path: Path, db: Database, branch_id: int
) -> None:
    path = tmp_path / "花名册.csv"
    path.write_text("姓名,性别\n王建国,男\n", encoding="utf-8")
    report = import_roster(db, path, today=dt.date(2026, 11, 22), dry_run=True)
    assert (report.file_name, report.sheet, report.imported) == ("花名册.csv", "花名册", 1)
