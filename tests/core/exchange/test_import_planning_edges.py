"""Planning and writing a roster import (core/exchange/importing/planning.py, writing.py, report.py):
what the report says row by row, which existing member a row is (by ID number within the branch, by
name and birth date without one), what is updated and what is left, and that an import writes all
of its rows, its one log line and its backup or nothing. Tables built in memory, real SQLite files."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import event, select

from dangjian_desktop.core.db import Database
from dangjian_desktop.core.exchange.importing import (
    ImportReport,
    NameChange,
    RejectedRow,
    RowWarning,
    Table,
    detect_layout,
    import_roster,
    import_table,
    load,
    save_rejected,
    write_plan,
)
from dangjian_desktop.core.exchange.importing.planning import CHUNK, INSERT_COLUMNS, plan_import, stored
from dangjian_desktop.core.exchange.importing.sheet import RosterImportError
from dangjian_desktop.core.exchange.importing.vocabulary import IGNORE, Layout
from dangjian_desktop.core.models import Member, OperationLog
from dangjian_desktop.core.search import search_key
from tests.core.exchange.files import id_number

TODAY = dt.date(2026, 11, 22)
ID_A = id_number(dt.date(1985, 3, 12), 11)  # 男
ID_B = id_number(dt.date(1990, 7, 1), 22)  # 女
HEADER = ["姓名", "公民身份号码", "入党日期", "联系电话", "家庭住址"]


def _table(rows: list[list[Any]], other_sheets: list[str] | None = None) -> Table:
    return Table(Path("花名册.xlsx"), "名册", rows, other_sheets or [])


def _import(db: Database, rows: list[list[Any]], **options: Any) -> ImportReport:
    options.setdefault("backup", False)
    return import_table(db, _table(rows), today=TODAY, **options)


def _members(db: Database) -> list[Member]:
    with db.reading() as session:
        return list(session.scalars(select(Member).order_by(Member.id)))


def _logs(db: Database) -> list[str]:
    with db.reading() as session:
        return [
            log.detail
            for log in session.scalars(select(OperationLog).where(OperationLog.action == "导入花名册"))
        ]


def test_the_header_report(db: Database, branch_id: int) -> None:
    rows: list[list[Any]] = [
        ["花名册"],
        ["序号", "姓名", "手机号码", "爱好", "入党介绍人", "固定电话", "联系电话"],
        [1, "王建国", "13800138000", "下棋", "张三", "", ""],
    ]
    report = import_table(db, _table(rows, ["Sheet2", "Sheet3"]), today=TODAY, dry_run=True)
    assert report.dry_run and (report.file_name, report.sheet, report.header_row) == (
        "花名册.xlsx",
        "名册",
        2,
    )
    assert report.headers == rows[1]
    assert [w.row for w in report.warnings[:5]] == [2, 2, 2, 2, 0]
    assert [w.message for w in report.warnings[:5]] == [
        "第D列“爱好”未识别，未导入",
        "第E列“入党介绍人”未识别，未导入",
        "第F列“固定电话”与第C列“手机号码”都是联系电话：每行取先填写的一列",
        "第G列“联系电话”与第C列“手机号码”都是联系电话：每行取先填写的一列",
        "只导入了工作表“名册”；其他工作表未导入：Sheet2、Sheet3",
    ]
    assert report.important_unmapped == ["E列“入党介绍人”"]
    assert report.unmapped_columns == [
        {"column": "A", "header": "序号"},
        {"column": "D", "header": "爱好"},
        {"column": "E", "header": "入党介绍人"},
    ]
    assert report.imported == 1 and _members(db) == []


def test_no_name_column_and_no_data_rows(db: Database, branch_id: int) -> None:
    table = _table([["姓名", "性别"], ["王", "男"]])
    layout = detect_layout(table).with_mapping({0: None})
    with pytest.raises(RosterImportError, match="^没有指定哪一列是“姓名”，无法导入$"):
        import_table(db, table, layout, today=TODAY, backup=False)
    with pytest.raises(RosterImportError, match="^“花名册.xlsx”的表头（第2行）下面没有党员数据$"):
        _import(db, [["标题"], ["姓名", "性别"], ["合计", ""]])
    assert _members(db) == [] and _logs(db) == []


def test_rejected_and_warned_rows_name_their_excel_row(db: Database, branch_id: int) -> None:
    rows: list[list[Any]] = [
        HEADER,
        ["王建国", ID_A, "2008-07-01", "13800138000", ""],  # row 2
        ["", ID_B, "", "", "凤凰村"],  # row 3: no name
        ["王建国", ID_A.lower(), "", "", ""],  # row 4: the same ID again
        ["李秀英", ID_B, "2008-07-01", 138, None],  # row 5: a short phone, imported with a warning
        ["张三", "", "", "", ""],  # row 6: no ID
    ]
    report = _import(db, rows)
    assert report.rejected == [
        RejectedRow(3, "没有填写姓名", ["", ID_B, "", "", "凤凰村"]),
        RejectedRow(4, f"身份证号 {ID_A} 与第2行重复", ["王建国", ID_A.lower(), "", "", ""]),
    ]
    assert [(w.row, w.message[:6]) for w in report.warnings] == [(5, "联系电话“1"), (6, "没有身份证号")]
    assert (report.imported, report.updated, report.unchanged) == (3, 0, 0)
    assert [m.name for m in _members(db)] == ["王建国", "李秀英", "张三"]


def test_new_rows_take_the_defaults_and_derived_columns(db: Database, branch_id: int) -> None:
    _import(db, [HEADER, ["王 建国", ID_A, "2008-07-01", "138 0013 8000", ""]])
    (wang,) = _members(db)
    assert (wang.branch_id, wang.name, wang.gender, wang.birth_date) == (
        branch_id,
        "王建国",
        "男",
        dt.date(1985, 3, 12),
    )
    assert (wang.join_md, wang.category, wang.status, wang.is_mobile) == ("07-01", "正式党员", "在册", False)
    assert wang.search_key == search_key("王建国", ID_A, "13800138000")
    assert wang.phone == "13800138000" and wang.address == ""
    assert _logs(db) == ["花名册.xlsx：新增1人，更新0人，拒绝0行"]


def test_stored_dates_are_iso_text() -> None:
    record: dict[str, Any] = dict.fromkeys(INSERT_COLUMNS)
    record.update(name="王", join_date=dt.date(2008, 7, 1), birth_date=None)
    row = stored(record)
    assert row[INSERT_COLUMNS.index("join_date")] == "2008-07-01"
    assert row[INSERT_COLUMNS.index("birth_date")] is None and row[INSERT_COLUMNS.index("name")] == "王"
    assert len(row) == len(INSERT_COLUMNS)


def test_an_existing_member_is_updated_only_where_the_sheet_changed(db: Database, branch_id: int) -> None:
    _import(db, [HEADER, ["王建国", ID_A, "2008-07-01", "13800138000", "一组"], ["李秀英", ID_B, "", "", ""]])
    before = {m.id: m for m in _members(db)}
    rows: list[list[Any]] = [
        HEADER,
        ["王建军", ID_A, "2008-08-02", "", "一组"],  # renamed, joined on another day; phone left blank
        ["李秀英", ID_B, "", "", ""],
    ]
    dry = _import(db, rows, dry_run=True)
    assert (dry.imported, dry.updated, dry.unchanged) == (0, 1, 1)
    assert dry.name_changes == [NameChange(2, "王建国", "王建军")]
    assert RowWarning(2, "姓名将由“王建国”改为“王建军”") in dry.warnings
    assert "其中 1 人的姓名将被修改" in dry.summary()
    assert {m.id: m.name for m in _members(db)} == {i: m.name for i, m in before.items()}  # dry: nothing
    report = _import(db, rows)
    assert (report.imported, report.updated, report.unchanged) == (0, 1, 1)
    wang, li = _members(db)
    assert (wang.id, wang.name, wang.join_date, wang.join_md) == (
        min(before),
        "王建军",
        dt.date(2008, 8, 2),
        "08-02",
    )
    assert wang.phone == "13800138000" and wang.address == "一组"  # blank cells erase nothing
    assert wang.search_key == search_key("王建军", ID_A, "13800138000")
    assert (li.name, li.id) == ("李秀英", max(before))
    assert _logs(db)[-1] == "花名册.xlsx：新增0人，更新1人，拒绝0行"


def test_a_change_that_leaves_the_search_key_alone(db: Database, branch_id: int) -> None:
    _import(db, [HEADER, ["王建国", ID_A, "", "13800138000", ""]])
    report = _import(db, [HEADER, ["王建国", ID_A, "", "138 0013 8000", "二组"]])
    assert report.updated == 1
    (wang,) = _members(db)
    assert wang.address == "二组" and wang.search_key == search_key("王建国", ID_A, "13800138000")


def test_members_without_an_id_are_matched_by_name_and_birth_date(db: Database, branch_id: int) -> None:
    header = ["姓名", "出生日期", "家庭住址"]
    first = [
        header,
        ["张三", "1960-01-01", "一组"],
        ["张三", "1960-01-01", "二组"],
        ["张三", "1961-01-01", "三组"],
    ]
    _import(db, first)
    ids = [m.id for m in _members(db)]
    report = _import(
        db, [header, ["张三", "1960-01-01", "四组"], ["张三", "1960-01-01", "五组"], ["张三", "", "六组"]]
    )
    # the two of 1960 are taken in turn; the one without a birth date is someone new
    assert (report.imported, report.updated) == (1, 2)
    assert [(m.id, m.address) for m in _members(db)][:3] == [
        (ids[0], "四组"),
        (ids[1], "五组"),
        (ids[2], "三组"),
    ]


def test_progress_and_ready_by_chunks(db: Database, branch_id: int) -> None:
    rows: list[list[Any]] = [["姓名", "家庭住址"]] + [[f"人{i}", "x"] for i in range(CHUNK + 1)]
    table = _table(rows)
    layout = detect_layout(table)
    seen: list[tuple[int, int]] = []
    ready: list[int] = []
    with db.reading() as session:
        plan = plan_import(
            session, table, layout, today=TODAY, progress=lambda d, t: seen.append((d, t)),
            ready=lambda inserts: ready.append(len(inserts)),
        )  # fmt: skip
    total = CHUNK + 1
    assert seen == [(0, 2 * total), (CHUNK, 2 * total), (total, 2 * total)]
    assert ready == [CHUNK]
    assert (plan.total, plan.report.imported, len(plan.inserts), plan.updates) == (total, total, total, [])


def test_progress_of_a_real_import_ends_full(db: Database, branch_id: int) -> None:
    seen: list[tuple[int, int]] = []
    _import(db, [HEADER, ["王建国", ID_A, "", "", ""]], progress=lambda d, t: seen.append((d, t)))
    assert seen[-1] == (2, 2) and all(t == 2 for _d, t in seen)
    assert [d for d, _t in seen] == sorted(d for d, _t in seen)


def test_a_backup_is_made_before_an_import_into_a_roster_with_members(db: Database, branch_id: int) -> None:
    first = import_table(db, _table([HEADER, ["王建国", ID_A, "", "", ""]]), today=TODAY)
    assert first.backup == ""  # nothing to lose yet
    second = import_table(db, _table([HEADER, ["李秀英", ID_B, "", "", ""]]), today=TODAY)
    assert second.backup and Path(second.backup).exists()
    dry = import_table(db, _table([HEADER, ["张三", "", "", "", ""]]), today=TODAY, dry_run=True)
    assert dry.backup == ""


def test_on_sqlite_the_rows_are_written_on_the_writing_thread(db: Database, branch_id: int) -> None:
    """SQLite takes the tuple path (writing.Inserts): the INSERTs run on the import-write thread while
    the main thread checks the next rows; Core's executemany (other databases) would run them here."""
    threads: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        if statement.startswith("INSERT INTO member"):
            threads.append(threading.current_thread().name)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        _import(db, [HEADER, ["王建国", ID_A, "", "", ""], ["李秀英", ID_B, "", "", ""]])
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    assert threads and all(name.startswith("import-write") for name in threads)
    assert [m.name for m in _members(db)] == ["王建国", "李秀英"]


def test_a_plan_written_on_its_own(db: Database, branch_id: int) -> None:
    """write_plan without the import's Inserts (the public entry point): it makes its own, and the bar
    goes from the rows checked to full."""
    _import(db, [HEADER, ["王建国", ID_A, "", "", "一组"]])
    table = _table([HEADER, ["王建国", ID_A, "", "", "二组"], ["李秀英", ID_B, "", "", ""]])
    seen: list[tuple[int, int]] = []
    with db.transaction() as session:
        plan = plan_import(session, table, detect_layout(table), today=TODAY)
        write_plan(session, plan, lambda d, t: seen.append((d, t)))
    assert seen == [(2, 4), (3, 4), (4, 4), (4, 4)]  # checked; one inserted; one updated; full
    assert [(m.name, m.address) for m in _members(db)] == [("王建国", "二组"), ("李秀英", "")]
    assert _logs(db)[-1] == "花名册.xlsx：新增1人，更新1人，拒绝0行"


def test_stopped_while_a_chunk_is_in_flight_leaves_nothing(db: Database, branch_id: int) -> None:
    """The progress callback raises (a window closed) just after the first CHUNK went to the writing
    thread: the caller gets that error itself, once the chunk is done, and nothing is written."""

    class Stopped(Exception):
        pass

    def progress(done: int, _total: int) -> None:
        if done >= CHUNK:
            raise Stopped

    rows: list[list[Any]] = [["姓名", "家庭住址"]] + [[f"人{i}", "x"] for i in range(CHUNK + 1)]
    with pytest.raises(Stopped):
        _import(db, rows, progress=progress)
    assert _members(db) == [] and _logs(db) == []
    assert not [t for t in threading.enumerate() if t.name.startswith("import-write")]


def test_a_failing_import_leaves_nothing(db: Database, branch_id: int) -> None:
    """A row the database refuses (name too long for nothing: a NULL name forced through the layout)
    rolls back the rows before it and the log line."""
    _import(db, [HEADER, ["王建国", ID_A, "", "", ""]])
    table = _table([HEADER, ["李秀英", ID_B, "", "", ""], ["张三", "", "", "", ""]])
    layout = Layout(0, 1, HEADER, {0: "name", 1: "id_number", 2: "join_date", 4: "address"})
    from sqlalchemy import text

    with db.transaction() as session:
        session.execute(
            text(
                "CREATE TRIGGER refuse BEFORE INSERT ON member WHEN NEW.name = '张三' BEGIN SELECT RAISE(ABORT, 'no'); END"
            )
        )
    with pytest.raises(Exception, match="no"):
        import_table(db, table, layout, today=TODAY, backup=False)
    assert [m.name for m in _members(db)] == ["王建国"] and len(_logs(db)) == 1


def test_load_applies_a_hand_mapping(tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    book = openpyxl.Workbook()
    for row in (["标题"], ["姓名", "性别", "住处", "序号"], ["王", "男", "一组", 1]):
        book.active.append(row)
    book.save(path)
    table, layout = load(path)
    assert (layout.header_row, layout.mapping) == (1, {0: "name", 1: "gender", 3: IGNORE})
    table, layout = load(path, {2: "address", 3: None})
    assert layout.mapping == {0: "name", 1: "gender", 2: "address"} and table.rows[2] == [
        "王",
        "男",
        "一组",
        1,
    ]


def test_import_roster_passes_the_mapping_and_the_day_on(
    db: Database, branch_id: int, tmp_path: Path
) -> None:
    path = tmp_path / "x.xlsx"
    book = openpyxl.Workbook()
    for row in (["姓名", "性别", "住处", "入党日期"], ["王", "男", "一组", "2005-07-01"]):
        book.active.append(row)
    book.save(path)
    # on 2000-01-01 a 入党日期 in 2005 lies ahead: the row is refused, whatever the clock says
    early = import_roster(db, path, dry_run=True, today=dt.date(2000, 1, 1))
    assert (early.imported, [r.reason for r in early.rejected]) == (
        0,
        ["入党日期 2005-07-01 晚于今天，请核对"],
    )
    report = import_roster(db, path, today=TODAY, mapping={2: "address"})
    assert report.imported == 1 and report.unmapped_columns == []
    assert _members(db)[0].address == "一组"


def test_save_rejected_keeps_every_value_as_text(tmp_path: Path) -> None:
    report = ImportReport(headers=["姓名", "公民身份号码"])
    report.rejected = [RejectedRow(7, "没有填写姓名", ["", "=1+1"]), RejectedRow(9, "重复", ["王", ID_A])]
    out = save_rejected(report, tmp_path / "a" / "b" / "未导入.xlsx")
    sheet = openpyxl.load_workbook(out).active
    assert sheet.title == "未导入的行" and sheet.freeze_panes == "A2"
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values == [
        ["原行号", "原因", "姓名", "公民身份号码"],
        [7, "没有填写姓名", None, "=1+1"],
        [9, "重复", "王", ID_A],
    ]
    assert sheet["D2"].data_type == "s" and sheet["D3"].number_format == "@" and sheet["A1"].font.b
    assert not sheet["A2"].font.b and sheet.column_dimensions["B"].width == 48
    with pytest.raises(RosterImportError, match="^无法保存 "):
        save_rejected(report, tmp_path)  # a folder


def test_report_summary_json_and_details() -> None:
    report = ImportReport(imported=2, updated=1, unchanged=3)
    report.rejected = [RejectedRow(4, "x")]
    report.warnings = [RowWarning(5, "w")]
    report.unmapped_columns = [{"column": "C", "header": "爱好"}, {"column": "D", "header": "入党介绍人"}]
    report.important_unmapped = ["D列“入党介绍人”"]
    assert report.summary() == (
        "注意：D列“入党介绍人” 未导入。已新增 2 人，已更新 1 人，3 人已在名册中且无变化，拒绝 1 行，提示 1 条"
    )
    report.name_changes = [NameChange(2, "甲", "乙")]
    assert "其中 1 人的姓名已被修改" in report.summary()
    assert report.details() == ["未导入的列：C列“爱好”、D列“入党介绍人”"]
    assert report.as_json() == {
        "imported": 2,
        "updated": 1,
        "rejected": [{"row": 4, "reason": "x"}],
        "warnings": [{"row": 5, "message": "w"}],
        "unmapped_columns": report.unmapped_columns,
    }
    empty = ImportReport(dry_run=True)
    assert empty.summary() == "将新增 0 人，将更新 0 人，拒绝 0 行" and empty.details() == []
