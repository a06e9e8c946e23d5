"""Random and malformed cells and files: the importer answers with a report or one UserError, and
never leaves part of an import behind. The fast paths agree with the shared rules they shortcut."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from dangjian_desktop.core import idcard
from dangjian_desktop.core.db import Database
from dangjian_desktop.core.errors import UserError
from dangjian_desktop.core.exchange import importing as ri
from dangjian_desktop.core.exchange.importing.rules import Reject, RowRules
from dangjian_desktop.core.models import Member
from tests.core.exchange.files import id_number

TODAY = dt.date(2026, 11, 22)
HEADERS = [
    "序号",
    "姓名",
    "性别",
    "出生年月",
    "身份证号",
    "入党日期",
    "转正时间",
    "人员类别",
    "电话",
    "流动党员",
    "备注",
]

valid_ids = st.builds(id_number, st.dates(dt.date(1900, 1, 1), dt.date(2008, 1, 1)), st.integers(0, 999))
id_like = st.one_of(
    valid_ids,
    valid_ids.map(lambda s: s.lower()),
    valid_ids.map(lambda s: s[:-1] + "7"),
    valid_ids.map(lambda s: s[:6] + s[8:17]),  # 15 digits
    st.text(alphabet="0123456789Xx ", min_size=14, max_size=19),
    st.text(max_size=20),
)
cells = st.one_of(
    st.none(),
    st.just(""),
    st.text(max_size=12),
    st.sampled_from(["男", "女", "正式党员", "预备", "是", "否", "1985.3", "1985年3月12日", "19850312", " "]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-(10**19), 10**19).map(float),
    st.booleans(),
    st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)),
    st.datetimes(dt.datetime(1800, 1, 1), dt.datetime(2200, 1, 1)),
    id_like,
)


@given(id_like)
def test_the_id_rule_agrees_with_idcard(text: str) -> None:
    try:
        expected = idcard.facts(text)
    except idcard.IdNumberError:
        expected = None
    rules = RowRules(ri.detect_layout(ri.Table(Path("名册.xlsx"), "Sheet1", [["姓名", "身份证号"]])), TODAY)
    try:
        values = rules.read(["王建国", text], lambda _message: None)
    except Reject:
        values = {}
    got = values.get("id_number")
    if expected is None or expected.birth_date > TODAY:
        assert got is None
    else:
        assert (got, values["birth_date"], values["gender"]) == (
            expected.number,
            expected.birth_date,
            expected.gender,
        )


def _members(db: Database) -> int:
    with db.reading() as session:
        return session.scalar(select(func.count()).select_from(Member)) or 0


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(st.lists(cells, min_size=0, max_size=len(HEADERS) + 2), min_size=0, max_size=8),
    st.integers(0, 3),
    st.booleans(),
)
def test_random_cells_never_crash_and_never_half_import(
    db: Database, branch_id: int, rows: list[list[object]], header_at: int, dry_run: bool
) -> None:
    grid: list[list[object]] = [["XX村党支部党员花名册"] for _ in range(header_at)]
    grid += [HEADERS, *rows]
    table = ri.Table(Path("随机.xlsx"), "Sheet1", grid)
    before = _members(db)
    try:
        report = ri.import_table(db, table, dry_run=dry_run, today=TODAY, backup=False)
    except UserError:
        assert _members(db) == before
        return
    after = _members(db)
    assert after == before + (0 if dry_run else report.imported)
    assert report.imported + report.updated + report.unchanged + len(report.rejected) <= len(rows)
    assert all(r.reason for r in report.rejected)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=400), st.sampled_from([".xlsx", ".xls", ".csv", ".ods", ".txt"]))
def test_random_bytes_as_a_file_give_a_user_error(
    db: Database, branch_id: int, tmp_path: Path, data: bytes, suffix: str
) -> None:
    path = tmp_path / f"random{suffix}"
    path.write_bytes(data)
    before = _members(db)
    try:
        report = ri.import_roster(db, path, today=TODAY)
    except UserError:
        assert _members(db) == before
    else:
        assert _members(db) == before + report.imported
