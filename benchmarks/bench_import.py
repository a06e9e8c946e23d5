"""Issue 8 figures: a 50,000-row workbook import against its floor, and a 50,000-member export.

The floor is what no importer can beat with these tools: python-calamine reading the same file plus a
raw sqlite3 executemany of the same rows into the member table, measured in the same run.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import multiprocessing
import resource
import shutil
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

import openpyxl
import xlwt

from benchmarks.common import Figure, median_time
from dangjian_desktop.core.branch import create_branch
from dangjian_desktop.core.db import open_database
from dangjian_desktop.core.errors import UserError
from dangjian_desktop.core.exchange.importing import import_roster
from dangjian_desktop.core.exchange.roster_export import export_roster
from tests.core.exchange.files import member_rows, repeated_rows, write_ods, write_xlsx

ROWS = 50_000
TODAY = dt.date(2026, 11, 22)


def _floor(workbook: Path, target: Path) -> None:
    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_path(str(workbook)).get_sheet_by_index(0).to_python(skip_empty_area=False)
    # the same columns the importer writes, values as read (no checking, no pinyin)
    data = [
        (1, str(r[1]), str(r[2]), str(r[3]), str(r[5]), str(r[6]), str(r[7]), str(r[8]), str(r[9]),
         str(r[10]), str(r[11]), str(r[12]), str(r[13]), str(r[14]), "在册", "", "", str(r[1]))
        for r in rows[4 : 4 + ROWS]
    ]  # fmt: skip
    with contextlib.closing(sqlite3.connect(target)) as conn:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        with conn:
            conn.executemany(
                "INSERT INTO member (branch_id, name, gender, ethnicity, id_number, education, join_date,"
                " full_date, category, party_group, job, phone, address, note, status, left_reason,"
                " mobile_destination, search_key, is_committee, is_mobile, is_lost_contact, is_hardship)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,0,0,0,0)",
                data,
            )
            assert conn.execute("SELECT count(*) FROM member").fetchone()[0] == ROWS


def _import_in_child(db_path: str, workbook: str, peak_kib: Any) -> None:
    database = open_database(db_path)
    try:
        import_roster(database, workbook, today=TODAY)
    except UserError:
        pass  # the far-cell workbook is refused: its memory is what is measured
    finally:
        database.close()
        peak_kib.value = _high_water_kib()


def _high_water_kib() -> int:
    """This process's peak resident memory. VmHWM, not ru_maxrss: Linux carries the parent's
    ru_maxrss over fork and exec, so a child of a big process would report the parent's size."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def peak_rss_mb(db_path: Path, workbook: Path) -> float:
    """Peak resident memory of a fresh process that runs this one import."""
    context = multiprocessing.get_context("spawn")
    peak = context.Value("q", 0)
    process = context.Process(target=_import_in_child, args=(str(db_path), str(workbook), peak))
    process.start()
    process.join()
    return peak.value / 1024


def run() -> list[Figure]:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        workbook = write_xlsx(root / "roster50k.xlsx", member_rows(ROWS, seed=50))
        template = root / "template.sqlite3"
        db = open_database(template)
        with db.transaction() as session:
            create_branch(session, "基准村党支部")
        db.close()
        target = root / "target.sqlite3"

        def fresh() -> None:
            for path in root.glob("target.sqlite3*"):
                path.unlink()
            shutil.copy(template, target)

        def do_import() -> None:
            database = open_database(target)
            try:
                report = import_roster(database, workbook, today=TODAY)
                assert report.imported == ROWS, report.summary()
            finally:
                database.close()

        figures = []
        floors, imports = [], []
        for _ in range(3):  # interleaved, so both see the same machine load
            floors.append(median_time(lambda: _floor(workbook, target), repeat=1, setup=fresh))
            imports.append(median_time(do_import, repeat=1, setup=fresh))
        floor, imported = sorted(floors)[1], sorted(imports)[1]
        figures.append(Figure("floor: calamine read + raw sqlite3 executemany, 50k", floor))
        ratio = imported / floor
        verdict = "OK" if ratio <= 2.0 else "MISSED"
        note = f"= {ratio:.2f}x floor (target <= 2x) {verdict}"
        figures.append(Figure("roster import, 50k-row xlsx (checks, pinyin keys)", imported, 3.0, note))

        fresh()
        far = root / "far.xlsx"
        book = openpyxl.Workbook()
        book.active.append(["姓名", "公民身份号码"])
        book.active["XFD1048576"] = "x"
        book.save(far)
        far_peak = peak_rss_mb(target, far)
        figures.append(
            Figure("far-cell workbook (XFD1048576), refused: peak memory", 0.0, None, f"{far_peak:.0f} MB")
        )
        far_xls = root / "far.xls"
        sheet_book = xlwt.Workbook(encoding="utf-8")
        sheet = sheet_book.add_sheet("花名册")
        sheet.write(0, 0, "姓名")
        sheet.write(65_535, 255, "x")  # IV65536: calamine alone took 1.2 GB for this 6 KB file
        sheet_book.save(str(far_xls))
        far_ods = write_ods(root / "far.ods", repeated_rows(1_048_574, 16_384))
        for path, far_cell in ((far_xls, "IV65536"), (far_ods, "XFD1048576")):
            peak_far = peak_rss_mb(target, path)
            figures.append(
                Figure(
                    f"far-cell {path.suffix} ({far_cell}), refused: peak memory",
                    0.0,
                    None,
                    f"{peak_far:.0f} MB",
                )
            )
        fresh()
        peak = peak_rss_mb(target, workbook)
        figures.append(
            Figure("roster import, 50k-row xlsx: peak memory of the process", 0.0, None, f"{peak:.0f} MB")
        )
        fresh()
        do_import()
        database = open_database(target)
        out = root / "export.xlsx"
        try:
            figures.append(
                Figure(
                    "roster export, 50k members to xlsx",
                    median_time(lambda: export_roster(database, out, today=TODAY), repeat=3),
                    5.0,
                )
            )
        finally:
            database.close()
        return figures
