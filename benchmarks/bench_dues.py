"""党费 figures on a 300-member branch with a year of quarterly payments: the year's ledger (what the tab
and `dues list` read), the 公示表 and the twelve-month 登记簿. The issue sets no target."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from benchmarks.common import Figure, median_time
from dangjian_desktop.core.db import open_database
from dangjian_desktop.core.demo import build_demo
from dangjian_desktop.core.demo.dues import build_dues_demo
from dangjian_desktop.core.dues import member_ledger, year_totals
from dangjian_desktop.documents.dues import dues_book_pdf, dues_publicity_pdf

MEMBERS = 300
TODAY = dt.date(2026, 11, 22)


def run() -> list[Figure]:
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(Path(folder) / "dues.sqlite3")
        with db.transaction() as session:
            branch_id = build_demo(session, today=TODAY, seed=3, size=MEMBERS)
            build_dues_demo(session, branch_id, TODAY)

        def ledger() -> None:
            with db.reading() as session:
                year_totals(member_ledger(session, branch_id, 2026, TODAY), 2026, TODAY)

        def publicity() -> None:
            with db.reading() as session:
                dues_publicity_pdf(session, branch_id, "基准村党支部", 2026, TODAY, Path(folder) / "p.pdf")

        def book() -> None:
            with db.reading() as session:
                dues_book_pdf(session, branch_id, "基准村党支部", 2026, TODAY, Path(folder) / "b.pdf")

        figures = [
            Figure(f"党费 ledger and totals, {MEMBERS} members", median_time(ledger, repeat=7)),
            Figure(f"党费收缴公示表, {MEMBERS} members", median_time(publicity, repeat=3)),
            Figure(f"党费收缴登记簿, 12 months x {MEMBERS} members", median_time(book, repeat=3)),
        ]
        db.close()
    return figures
