"""Planning a roster import (core/exchange/importing/planning.py), more lines: a member of another branch
with the same ID number or the same name and birth date is never this village's member; a dry run of
exactly CHUNK new rows (the moment `ready` would be handed a full chunk, with nobody to hand it to);
two unchanged rows counted as two; a phone changed alone gives a new search key; a stored name with
a full-width colon kept whole in the warning of its change; the report of a header on the sheet's
last row but one."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from dangjian_desktop.core.db import Database
from dangjian_desktop.core.exchange.importing import Table, detect_layout, import_table
from dangjian_desktop.core.exchange.importing.planning import CHUNK, plan_import
from dangjian_desktop.core.models import Branch, Member
from dangjian_desktop.core.roster import MemberDraft, add_member
from dangjian_desktop.core.search import search_key
from tests.core.exchange.files import id_number

TODAY = dt.date(2026, 11, 22)
ID_A = id_number(dt.date(1985, 3, 12), 11)
ID_B = id_number(dt.date(1990, 7, 1), 22)
HEADER = ["姓名", "公民身份号码", "出生日期", "联系电话", "家庭住址"]


def _table(rows: list[list[Any]]) -> Table:
    return Table(Path("花名册.xlsx"), "名册", rows)


def _import(db: Database, rows: list[list[Any]], **options: Any) -> Any:
    options.setdefault("backup", False)
    return import_table(db, _table(rows), today=TODAY, **options)


def _members(db: Database) -> list[tuple[int, str, str | None, str]]:
    with db.reading() as session:
        return [
            (m.branch_id, m.name, m.id_number, m.address)
            for m in session.scalars(select(Member).order_by(Member.id))
        ]


def test_another_branchs_members_are_never_matched(db: Database, branch_id: int) -> None:
    with db.transaction() as session:
        other = Branch(name="外村党支部")
        session.add(other)
        session.flush()
        session.add_all(
            [
                Member(branch_id=other.id, name="王建国", id_number=ID_A, address="外村", search_key="x"),
                Member(
                    branch_id=other.id,
                    name="张三",
                    birth_date=dt.date(1960, 1, 1),
                    address="外村",
                    search_key="y",
                ),
            ]
        )
        other_id = other.id
    report = _import(db, [HEADER, ["王建国", ID_A, "", "", "一组"], ["张三", "", "1960-01-01", "", "二组"]])
    assert (report.imported, report.updated, report.unchanged) == (2, 0, 0)
    assert _members(db) == [
        (other_id, "王建国", ID_A, "外村"),
        (other_id, "张三", None, "外村"),
        (branch_id, "王建国", ID_A, "一组"),
        (branch_id, "张三", None, "二组"),
    ]


def test_a_dry_run_of_exactly_one_chunk_of_new_rows(db: Database, branch_id: int) -> None:
    rows: list[list[Any]] = [["姓名", "家庭住址"]] + [[f"人{i}", "x"] for i in range(CHUNK)]
    report = _import(db, rows, dry_run=True)
    assert (report.dry_run, report.imported) == (True, CHUNK)
    assert _members(db) == []


def test_unchanged_rows_are_counted_each(db: Database, branch_id: int) -> None:
    rows: list[list[Any]] = [
        HEADER,
        ["王建国", ID_A, "", "13800138000", "一组"],
        ["李秀英", ID_B, "", "", ""],
    ]
    _import(db, rows)
    again = _import(db, rows)
    assert (again.imported, again.updated, again.unchanged) == (0, 0, 2)
    assert "2 人已在名册中且无变化" in again.summary()


def test_a_phone_changed_alone_gives_a_new_search_key(db: Database, branch_id: int) -> None:
    _import(db, [HEADER, ["王建国", ID_A, "", "13800138000", "一组"]])
    report = _import(db, [HEADER, ["王建国", ID_A, "", "13900139000", "一组"]])
    assert (report.updated, report.name_changes) == (1, [])
    with db.reading() as session:
        (wang,) = session.scalars(select(Member))
        assert (wang.phone, wang.search_key) == ("13900139000", search_key("王建国", ID_A, "13900139000"))


def test_a_member_matched_by_name_keeps_its_search_key_when_only_the_address_changes(
    db: Database, branch_id: int
) -> None:
    with db.transaction() as session:
        add_member(session, branch_id, MemberDraft(name="张三", phone="13800138000"))
    report = _import(db, [["姓名", "联系电话", "家庭住址"], ["张三", "", "三组"]])
    assert report.updated == 1
    with db.reading() as session:
        (zhang,) = session.scalars(select(Member))
        assert (zhang.address, zhang.search_key) == ("三组", search_key("张三", None, "13800138000"))


def test_a_stored_name_with_a_full_width_colon_is_kept_whole_in_the_warning(
    db: Database, branch_id: int
) -> None:
    with db.transaction() as session:
        session.add(Member(branch_id=branch_id, name="王：建国", id_number=ID_A, search_key="k"))
    report = _import(db, [HEADER, ["王建军", ID_A, "", "", ""]], dry_run=True)
    assert [(w.row, w.message) for w in report.warnings] == [(2, "姓名将由“王：建国”改为“王建军”")]
    assert [c.message for c in report.name_changes] == ["第2行：姓名将由“王：建国”改为“王建军”"]


@pytest.mark.parametrize("blank_rows", [0, 2])
def test_the_first_data_row_after_the_header_and_after_blank_rows(
    db: Database, branch_id: int, blank_rows: int
) -> None:
    rows: list[list[Any]] = [["花名册"], HEADER, *([[None] * 5] * blank_rows), ["", ID_A, "", "", ""]]
    report = _import(db, [*rows, ["李秀英", ID_B, "", "", ""]], dry_run=True)
    first = 3 + blank_rows  # Excel row of the first data row
    assert [(r.row, r.reason) for r in report.rejected] == [(first, "没有填写姓名")]
    assert (report.header_row, report.imported) == (2, 1)


def test_a_header_on_the_last_row_has_no_data_below(db: Database, branch_id: int) -> None:
    from dangjian_desktop.core.exchange.importing.sheet import RosterImportError

    rows: list[list[Any]] = [["花名册"], [None], HEADER]
    with pytest.raises(RosterImportError, match="^“花名册.xlsx”的表头（第3行）下面没有党员数据$"):
        _import(db, rows)
    with db.reading() as session:
        plan = plan_import(session, _table([*rows, ["王建国"]]), detect_layout(_table(rows)), today=TODAY)
    assert (plan.total, plan.report.header_row, plan.report.imported) == (1, 3, 1)


def test_the_summary_lists_two_columns_not_imported_with_a_pause() -> None:
    from dangjian_desktop.core.exchange.importing import ImportReport

    report = ImportReport(important_unmapped=["D列“入党介绍人”", "F列“固定电话”"], dry_run=True)
    assert (
        report.summary() == "注意：D列“入党介绍人”、F列“固定电话” 未导入。将新增 0 人，将更新 0 人，拒绝 0 行"
    )


def test_a_dry_run_reports_its_progress_and_a_real_import_its_day(db: Database, branch_id: int) -> None:
    seen: list[tuple[int, int]] = []
    rows: list[list[Any]] = [["姓名", "入党日期"], ["王建国", "2005-07-01"]]
    dry = import_table(db, _table(rows), today=TODAY, dry_run=True, progress=lambda d, t: seen.append((d, t)))
    assert seen == [(0, 2), (1, 2)] and dry.imported == 1
    # on 2000-01-01 a 入党日期 in 2005 lies ahead: refused in the real import too, whatever the clock says
    early = import_table(db, _table(rows), today=dt.date(2000, 1, 1), backup=False)
    assert (early.imported, [r.reason for r in early.rejected]) == (
        0,
        ["入党日期 2005-07-01 晚于今天，请核对"],
    )
    assert _members(db) == []


def test_the_backup_before_an_import_is_named_for_it(db: Database, branch_id: int) -> None:
    _import(db, [HEADER, ["王建国", ID_A, "", "", ""]])
    report = import_table(db, _table([HEADER, ["李秀英", ID_B, "", "", ""]]), today=TODAY)
    assert Path(report.backup).name.endswith("-import.sqlite3") and Path(report.backup).exists()
