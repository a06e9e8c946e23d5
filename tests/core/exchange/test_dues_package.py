"""党费 in the township package: the round trip, the income left out unless the setting says so, and
the township's per-branch 应收 / 实收 / 欠交 with the members owing 3 and 6 months."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select

from dangjian_desktop.core import settings
from dangjian_desktop.core.branch import require_branch
from dangjian_desktop.core.db import open_database
from dangjian_desktop.core.dues import (
    AssessmentDraft,
    member_ledger,
    record_payment,
    set_assessment,
    year_totals,
)
from dangjian_desktop.core.dues.rules import PACKAGE_INCOME
from dangjian_desktop.core.exchange.merge import merge_package
from dangjian_desktop.core.exchange.package_export import export_package
from dangjian_desktop.core.models import DuesAssessment, DuesPayment, Member
from dangjian_desktop.core.township import branch_dues

from .conftest import make_village

YEAR = 2026
TODAY = dt.date(2026, 11, 22)  # October is the last ended month
WHEN = dt.datetime(2026, 11, 22, 9, 30)


def _fill(db, paid_through: list[int]) -> None:
    """The first members 在职 at 4000 (40.00 a month), each paid from January through the given month."""
    with db.reading() as session:
        ids = list(
            session.scalars(
                select(Member.id).where(Member.join_date < dt.date(2026, 1, 1)).order_by(Member.id)
            )
        )
    for member_id, last in zip(ids, paid_through, strict=False):
        set_assessment(db, AssessmentDraft(member_id, YEAR, "在职", income=Decimal("4000.00")), today=TODAY)
        if last:
            record_payment(
                db, member_id, f"{YEAR}-01", f"{YEAR}-{last:02d}", dt.date(2026, 1, 5), today=TODAY
            )


def _package_rows(package: Path, table: str) -> list[dict]:
    with zipfile.ZipFile(package) as archive:
        return [
            json.loads(line) for line in archive.read(f"data/{table}.jsonl").decode().splitlines() if line
        ]


def test_round_trip_without_income_and_the_township_totals(tmp_path) -> None:
    east = make_village(tmp_path / "east.sqlite3", size=8, seed=1, name="东村党支部")
    west = make_village(tmp_path / "west.sqlite3", size=8, seed=2, name="西村党支部")
    township = open_database(tmp_path / "town.sqlite3")
    try:
        _fill(east, [11, 10, 7, 4])  # owing 0, 0 (Nov still running), 3 and 6 months
        _fill(west, [11, 11])
        expected = {}
        for village in (east, west):
            with village.reading() as session:
                branch = require_branch(session)
                rows = member_ledger(session, branch.id, YEAR, TODAY)
                expected[branch.name] = (year_totals(rows, YEAR, TODAY), rows)
            package = export_package(village, tmp_path, now=WHEN, with_documents=False)
            assessments = _package_rows(package, "dues_assessment")
            assert assessments and all("income_fen" not in row for row in assessments)
            assert len(_package_rows(package, "dues_payment")) == sum(1 for r in rows if r.shares)
            assert merge_package(township, package, backup=False, enroll=True).status == "merged"
        with township.reading() as session:
            assert all(income is None for income in session.scalars(select(DuesAssessment.income_fen)))
            by_name = {b.name: b for b in branch_dues(session, YEAR, TODAY)}
        east_totals, east_rows = expected["东村党支部"]
        got = by_name["东村党支部"]
        assert (got.due_fen, got.paid_fen, got.owed_fen) == (
            east_totals.due_fen,
            east_totals.paid_fen,
            east_totals.owed_fen,
        )
        assert got.due_fen == 4 * 11 * 4000 and got.paid_fen == (11 + 10 + 7 + 4) * 4000
        assert got.owed_fen == (0 + 1 + 4 + 7) * 4000
        assert (got.owing_3, got.owing_6) == (2, 1)
        west_got = by_name["西村党支部"]
        assert (west_got.owed_fen, west_got.owing_3, west_got.owing_6) == (0, 0, 0)
        # merged payments keep their months and amounts, remapped to the township's member ids
        with township.reading() as session:
            months = sorted(
                session.execute(
                    select(DuesPayment.first_month, DuesPayment.last_month, DuesPayment.amount_fen)
                ).all()
            )
        assert (f"{YEAR}-01", f"{YEAR}-04", 16000) in months
    finally:
        for db in (east, west, township):
            db.close()


def test_income_travels_only_when_the_setting_is_on(tmp_path) -> None:
    village = make_village(tmp_path / "v.sqlite3", size=4, seed=5, name="南村党支部")
    try:
        _fill(village, [1])
        with village.transaction() as session:
            settings.put(session, PACKAGE_INCOME, True)
        package = export_package(village, tmp_path, now=WHEN, with_documents=False)
        (row,) = _package_rows(package, "dues_assessment")
        assert row["income_fen"] == 400000
    finally:
        village.close()
