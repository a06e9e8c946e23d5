"""The 党费 ledger reads every payment made in its year, from 1月1日 to 12月31日 (core/dues/ledger.py
`_ledgers`): a 补交 for months two years back paid on the year's first or last day is warned of in that
year's ledger, as one paid on any day between (test_dues_ledger_edges3: paid on 12月31日 of the year
before, it is not)."""

from __future__ import annotations

import datetime as dt

import pytest

from dangjian_desktop.core.db import Database
from dangjian_desktop.core.dues import record_payment
from tests.core.test_dues_ledger_edges3 import _assess, _line, _member


@pytest.mark.parametrize(
    "paid", [dt.date(2026, 1, 1), dt.date(2026, 1, 2), dt.date(2026, 12, 30), dt.date(2026, 12, 31)]
)
def test_a_back_payment_paid_on_the_years_first_or_last_day_is_warned_of_that_year(
    db: Database, branch_id: int, paid: dt.date
) -> None:
    member = _member(db, branch_id)
    for year in (2024, 2026):
        _assess(db, member, year)
    record_payment(db, member, "2024-01", "2024-12", paid, today=paid)
    warning = f"{paid.isoformat()} 补交 12 个月党费（补交一般不超过 6 个月）"
    assert warning in _line(db, branch_id, 2026, dt.date(2026, 12, 31)).warnings
    assert warning not in _line(db, branch_id, 2027, dt.date(2027, 1, 5)).warnings
