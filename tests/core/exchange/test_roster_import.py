"""Importing real-world roster files: the sample, messy sheets of every kind, csv encodings, .xls."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from dangjian_desktop.core.backup import backup_dir_for
from dangjian_desktop.core.db import Database
from dangjian_desktop.core.exchange.importing import (
    RosterImportError,
    detect_layout,
    import_roster,
    read_table,
    save_rejected,
)
from dangjian_desktop.core.exchange.roster_export import roster_for_export
from dangjian_desktop.core.models import Member, OperationLog
from dangjian_desktop.core.roster import MemberDraft, add_member
from tests.core.exchange.files import id_number

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "roster_sample.xlsx"  # copy of shared/samples
TODAY = dt.date(2026, 11, 22)
ID_A = id_number(dt.date(1985, 3, 12), 11)  # 男
ID_B = id_number(dt.date(1990, 7, 1), 22)  # 女
ID_C = id_number(dt.date(1970, 1, 5), 33)  # 男
ID_D = id_number(dt.date(1960, 2, 29), 44)  # 女


def members(db: Database) -> dict[str, Member]:
    with db.reading() as session:
        return {m.name: m for m in session.scalars(select(Member))}


def count(db: Database) -> int:
    with db.reading() as session:
        return session.scalar(select(func.count()).select_from(Member)) or 0


def snapshot(db: Database, branch_id: int) -> list[tuple[object, ...]]:
    with db.reading() as session:
        return roster_for_export(session, branch_id)


@pytest.mark.skipif(not SAMPLE.exists(), reason="shared sample not present")
def test_the_shared_sample_imports_36_and_rejects_rows_8_20_26(db: Database, branch_id: int) -> None:
    report = import_roster(db, SAMPLE, today=TODAY)
    assert report.imported == 36
    assert [r.row for r in report.rejected] == [8, 20, 26]
    reasons = [r.reason for r in report.rejected]
    assert "校验位" in reasons[0]
    assert "姓名" in reasons[1]
    assert "与第6行重复" in reasons[2]
    assert count(db) == 36
    by_name = members(db)
    assert by_name["石云国"].id_number == "420117194003020592"  # 15 digits converted to 18
    assert by_name["范远"].id_number == "420117198308060753"  # full-width digits
    assert by_name["范远"].phone == "15814449454"
    assert by_name["覃伟"].id_number.endswith("X")  # lower-case x
    assert by_name["邹志明"].birth_date == dt.date(1947, 7, 21)  # month-only 出生年月, day from the ID
    assert by_name["陆新国"].is_mobile and by_name["陆新国"].mobile_destination == "深圳"
    assert by_name["谭凤平"].join_md == "08-06"
    assert "fengping" in by_name["谭凤平"].search_key


@pytest.mark.skipif(not SAMPLE.exists(), reason="shared sample not present")
def test_importing_the_same_file_twice_changes_nothing(db: Database, branch_id: int) -> None:
    import_roster(db, SAMPLE, today=TODAY)
    before = snapshot(db, branch_id)
    with db.reading() as session:
        stamps = sorted(session.execute(select(Member.id, Member.updated_at)).all())
    again = import_roster(db, SAMPLE, today=TODAY)
    assert (again.imported, again.updated, again.unchanged) == (0, 0, 36)
    assert [r.row for r in again.rejected] == [8, 20, 26]
    assert snapshot(db, branch_id) == before
    with db.reading() as session:
        assert sorted(session.execute(select(Member.id, Member.updated_at)).all()) == stamps


@pytest.mark.skipif(not SAMPLE.exists(), reason="shared sample not present")
def test_dry_run_reports_what_the_import_does_and_writes_nothing(db: Database, branch_id: int) -> None:
    with db.transaction() as session:
        add_member(session, branch_id, MemberDraft(name="老党员", id_number="420117194707210036"))
    with db.reading() as session:
        logs = session.scalar(select(func.count()).select_from(OperationLog))
    dry = import_roster(db, SAMPLE, dry_run=True, today=TODAY)
    assert dry.dry_run and count(db) == 1
    assert members(db)["老党员"].name == "老党员"  # not renamed to 邹志明 by the dry run
    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(OperationLog)) == logs
    assert not backup_dir_for(db.path).exists()
    real = import_roster(db, SAMPLE, today=TODAY)
    assert dry.as_json() == real.as_json()
    assert (real.imported, real.updated) == (35, 1)
    assert count(db) == 36


def _messy_workbook(path: Path) -> Path:
    """What a secretary's hand-kept roster looks like, with the Excel row of each case noted."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "2026年花名册"
    ws["A1"] = "青山镇凤凰村党支部党员花名册"
    ws.merge_cells("A1:N1")
    ws["A2"] = "填报单位（盖章）：凤凰村党支部"
    ws["H2"] = "填报日期：2026年11月"
    # row 3 blank
    ws.append([])
    header = [
        "序 号", "姓  名", "性 别", "民族", "出生年月", "身份证号码", "文化程度", "入党时间",
        "转正时间", "人员类别", "党小组", "联系电话", "现居住地", "户口性质", "备注",
    ]  # fmt: skip
    ws.append(header)  # row 4
    rows = [
        # row 5: dotted dates, month-only birth, spaces in the name, full-width phone
        [1, " 王  建国 ", "男", "汉", "1985.03", ID_A, "大专", "2008.7.1", "2009.07.01", "正式",
         "第一党小组", "１３８００１３８０００", "凤凰村1组", "农业", ""],
        # row 6: a real date cell, an Excel serial typed into a text cell, 年月日, sex disagrees with ID
        [2, "李秀英", "男", "汉族", dt.datetime(1990, 7, 1), ID_B.lower(), "本科", "42005",
         "2016年1月1日", "正式党员", "第二党小组", "0791-88881234", "凤凰村2组", "农业", "流动党员（广东深圳）"],
        # row 7: 15-digit first-generation ID, compact dates, birth disagrees with the ID
        [3, "张三", "男", "回族", "19650102", "420117650101123", "小学", "19880101", "1989/1/1",
         "正式党员", "第一党小组", "13900001111", "凤凰村3组", "非农", ""],
        [None] * 15,  # row 8: blank row in the middle of the data
        # row 9: bad checksum -> rejected
        [4, "赵四", "男", "汉族", "1970.01", ID_C[:-1] + ("0" if ID_C[-1] != "0" else "1"), "初中",
         "1995.1.1", "", "正式党员", "第三党小组", "", "", "", ""],
        # row 10: impossible date inside the ID -> rejected
        [5, "钱五", "男", "汉族", "", "420117199002300010", "初中", "2015.1.1", "", "正式党员", "", "", "",
         "", ""],
        # row 11: 入党日期 unreadable -> rejected
        [6, "孙六", "女", "汉族", "", ID_D, "高中", "去年七月", "", "预备党员", "", "", "", "", ""],
        # row 12: the ID stored as a number lost its last digits -> rejected with a hint
        [7, "周七", "男", "汉族", "", float(ID_C), "高中", "2000.1.1", "", "", "", "", "", "", ""],
        # row 13: same ID as row 5 -> rejected
        [8, "王建国", "男", "汉族", "", ID_A, "", "2008.7.1", "", "", "", "", "", "", ""],
        # row 14: no ID at all, numeric serial date cell; 预备党员
        [9, "吴八", "女", "汉族", "1999-09-09", "", "高中", 45292.0, "", "预备", "第三党小组",
         13700001234.0, "凤凰村5组", "", ""],
        [10, "", "", "", "", "", "", "", "", "", "", "", "", "", ""],  # row 15: only a 序号
        # row 16: ID on row 7 is fine; a phone that is too short is a warning, not a rejection
        [11, "郑九", "男", "汉族", "", ID_C, "硕士", "1995/7/1", "1996/7/1", "正式党员", "第三党小组",
         "138001380", "", "", ""],
    ]  # fmt: skip
    for row in rows:
        ws.append(row)
    ws.append([])  # row 17
    ws.append(["合计", "", "共8人"])  # row 18
    ws.append(["填表人：李四", "", "", "", "审核人：王五"])  # row 19
    ws.append(["注：本表由支部组织委员填写"])  # row 20
    ws.append([99, "不应导入", "男"])  # row 21, after the signatures
    wb.save(path)
    return path


def test_a_messy_hand_kept_roster(db: Database, branch_id: int, tmp_path: Path) -> None:
    report = import_roster(db, _messy_workbook(tmp_path / "messy.xlsx"), today=TODAY)
    rejected = {r.row: r.reason for r in report.rejected}
    assert sorted(rejected) == [9, 10, 11, 12, 13]
    assert "校验位" in rejected[9]
    assert "日期" in rejected[10]
    assert "入党日期" in rejected[11] and "去年七月" in rejected[11]
    assert "文本" in rejected[12]
    assert "与第5行重复" in rejected[13]
    assert report.imported == 5
    m = members(db)
    assert set(m) == {"王建国", "李秀英", "张三", "吴八", "郑九"}
    wang = m["王建国"]
    assert (wang.birth_date, wang.gender, wang.ethnicity) == (dt.date(1985, 3, 12), "男", "汉族")
    assert (wang.join_date, wang.full_date) == (dt.date(2008, 7, 1), dt.date(2009, 7, 1))
    assert (wang.education, wang.category, wang.phone) == ("大学专科", "正式党员", "13800138000")
    assert wang.address == "凤凰村1组" and wang.join_md == "07-01"
    li = m["李秀英"]
    assert li.id_number == ID_B and li.gender == "女"  # the ID wins over the sheet
    assert li.join_date == dt.date(2015, 1, 1)  # serial 42005 typed as text
    assert li.is_mobile and li.mobile_destination == "广东深圳"
    assert li.education == "大学本科"
    zhang = m["张三"]
    assert zhang.id_number == "420117196501011233" and zhang.birth_date == dt.date(1965, 1, 1)
    assert zhang.ethnicity == "回族" and zhang.join_date == dt.date(1988, 1, 1)
    wu = m["吴八"]
    assert wu.id_number is None and wu.birth_date == dt.date(1999, 9, 9)
    assert wu.join_date == dt.date(2024, 1, 1) and wu.category == "预备党员"
    assert wu.phone == "13700001234"
    assert m["郑九"].phone == "138001380" and m["郑九"].education == "研究生"
    warnings = {(w.row, w.message) for w in report.warnings}
    assert any(row == 6 and "性别" in msg for row, msg in warnings)
    assert any(row == 7 and "出生日期" in msg for row, msg in warnings)
    assert any(row == 14 and "身份证号" in msg for row, msg in warnings)
    assert any(row == 16 and "联系电话" in msg for row, msg in warnings)
    assert any(row == 4 and "户口性质" in msg for row, msg in warnings)  # the unknown column
    again = import_roster(db, tmp_path / "messy.xlsx", today=TODAY)
    assert (again.imported, again.updated, again.unchanged) == (0, 0, 5)  # 吴八 found by name+birth


def _csv_rows() -> list[list[str]]:
    return [
        ["凤凰村党支部党员名册", "", "", ""],
        ["姓名", "性别", "公民身份号码", "入党日期", "联系电话", "手机"],
        ["王建国", "男", ID_A, "2008-07-01", "13800138000", ""],
        ["李秀英", "女", ID_B, "2015年1月1日", "", "13900001111"],
    ]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_csv_in_the_encodings_excel_saves(
    db: Database, branch_id: int, tmp_path: Path, encoding: str
) -> None:
    text = "\r\n".join(",".join(r) for r in _csv_rows()) + "\r\n"
    path = tmp_path / "名册.csv"
    path.write_bytes(text.encode(encoding))
    report = import_roster(db, path, today=TODAY)
    assert report.imported == 2 and not report.rejected
    m = members(db)
    assert m["李秀英"].join_date == dt.date(2015, 1, 1)
    assert m["王建国"].phone == "13800138000"
    assert any("手机" in w.message for w in report.warnings)  # the second phone column is not mapped


def test_xls_excel_97_2003(db: Database, branch_id: int, tmp_path: Path) -> None:
    xlwt = pytest.importorskip("xlwt")
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("花名册")
    date_style = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    sheet.write_merge(0, 0, 0, 4, "XX村党支部党员花名册")
    for column, title in enumerate(["序号", "姓 名", "身份证号", "入党日期", "党小组"]):
        sheet.write(2, column, title)
    sheet.write(3, 0, 1)
    sheet.write(3, 1, "王建国")
    sheet.write(3, 2, ID_A)
    sheet.write(3, 3, dt.date(2008, 7, 1), date_style)
    sheet.write(3, 4, "第一党小组")
    sheet.write(4, 0, 2)
    sheet.write(4, 1, "李秀英")
    sheet.write(4, 2, "123")
    sheet.write(4, 3, "2015.1.1")
    path = tmp_path / "old.xls"
    book.save(str(path))
    report = import_roster(db, path, today=TODAY)
    assert report.imported == 1
    assert [(r.row, "18位" in r.reason) for r in report.rejected] == [(5, True)]
    wang = members(db)["王建国"]
    assert wang.join_date == dt.date(2008, 7, 1) and wang.party_group == "第一党小组"


def test_two_row_header_with_a_group_cell(db: Database, branch_id: int, tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["姓名", "性别", "身份证号", "党员发展情况", "", "联系电话"])
    ws.append(["", "", "", "入党时间", "转正时间", ""])
    ws.merge_cells("A1:A2")
    ws.merge_cells("D1:E1")
    ws.append(["王建国", "男", ID_A, "2008.7.1", "2009.7.1", "13800138000"])
    path = tmp_path / "two_rows.xlsx"
    wb.save(path)
    layout = detect_layout(read_table(path))
    assert layout.data_start == 2
    report = import_roster(db, path, today=TODAY)
    assert report.imported == 1 and not report.rejected
    assert members(db)["王建国"].full_date == dt.date(2009, 7, 1)


def test_an_existing_member_is_updated_and_blank_cells_do_not_erase(
    db: Database, branch_id: int, tmp_path: Path
) -> None:
    with db.transaction() as session:
        add_member(
            session,
            branch_id,
            MemberDraft(name="王建国", id_number=ID_A, phone="13800138000", address="凤凰村1组", job="务农"),
        )
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["姓名", "身份证号", "联系电话", "家庭住址"])
    ws.append(["王建国", ID_A, "13911112222", ""])
    wb.save(tmp_path / "update.xlsx")
    report = import_roster(db, tmp_path / "update.xlsx", today=TODAY)
    assert (report.imported, report.updated) == (0, 1)
    wang = members(db)["王建国"]
    assert (wang.phone, wang.address, wang.job) == ("13911112222", "凤凰村1组", "务农")
    assert "13911112222" in wang.search_key
    assert report.backup and Path(report.backup).exists()  # the database held members


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.xlsx", b"", "空"),
        ("notes.docx", b"PK\x03\x04 not really", "不是电子表格"),
        ("broken.xlsx", b"this is not a zip file at all", "无法读取"),
        ("binary.csv", b"\x00\x01\x02\x03" * 100, "不是文本表格"),
        ("no_header.csv", "甲,乙,丙\n1,2,3\n".encode(), "没有找到表头"),
        ("header_only.csv", "姓名,身份证号\n".encode(), "没有党员数据"),
    ],
)
def test_files_that_cannot_be_imported_give_one_clear_message(
    db: Database, branch_id: int, tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(RosterImportError, match=message):
        import_roster(db, path, today=TODAY)
    assert count(db) == 0


def test_rejected_rows_are_saved_for_the_secretary_to_fix(
    db: Database, branch_id: int, tmp_path: Path
) -> None:
    report = import_roster(db, _messy_workbook(tmp_path / "messy.xlsx"), dry_run=True, today=TODAY)
    out = save_rejected(report, tmp_path / "out" / "未导入.xlsx")
    sheet = openpyxl.load_workbook(out).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("原行号", "原因", "序号", "姓名")
    assert [r[0] for r in rows[1:]] == [9, 10, 11, 12, 13]
    assert rows[3][3] == "孙六" and "入党日期" in rows[3][1]
    assert count(db) == 0


def test_month_only_or_year_only_dates(db: Database, branch_id: int, tmp_path: Path) -> None:
    """出生年月 may hold a month; a 入党日期 needs the day, and a bare 1985 is never an Excel serial."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["姓名", "身份证号", "出生年月", "入党日期", "转正日期"])
    ws.append(["王建国", ID_A, 1985.03, "2008.7.1", 2009.0])  # row 2: number cells
    ws.append(["李秀英", ID_B, "1990年7月", "2015.01", ""])  # row 3: join month only
    ws.append(["张三", ID_C, "", 1995.07, ""])  # row 4: join typed as a number 1995.07
    ws.append(["郑九", ID_D, "", "1985", ""])  # row 5: a year only
    wb.save(tmp_path / "months.xlsx")
    report = import_roster(db, tmp_path / "months.xlsx", today=TODAY)
    rejected = {r.row: r.reason for r in report.rejected}
    assert sorted(rejected) == [3, 4, 5]
    assert "只有年月" in rejected[3] and "补全到日" in rejected[3]
    assert "只有年月" in rejected[4]
    assert "1985" in rejected[5] and "只有年月" not in rejected[5]
    wang = members(db)["王建国"]
    assert wang.birth_date == dt.date(1985, 3, 12) and wang.full_date is None
    assert any(w.row == 2 and "转正日期" in w.message for w in report.warnings)


def test_roster_on_a_later_sheet_with_headers_repeated_per_printed_page(
    db: Database, branch_id: int, tmp_path: Path
) -> None:
    wb = openpyxl.Workbook()
    notes = wb.active
    notes.title = "填表说明"
    notes.append(["1. 身份证号请设为文本格式"])
    roster = wb.create_sheet("党员名册")
    roster.append(["姓名", "身份证号", "党小组"])
    roster.append(["王建国", ID_A, "第一党小组"])
    roster.append(["姓  名", "身份证号", "党小组"])  # the header again, as pasted from page 2
    roster.append(["李秀英", ID_B, "第二党小组"])
    wb.save(tmp_path / "sheets.xlsx")
    report = import_roster(db, tmp_path / "sheets.xlsx", today=TODAY)
    assert (report.imported, report.rejected, report.sheet) == (2, [], "党员名册")
    assert any("填表说明" in w.message for w in report.warnings)


@pytest.mark.skipif(not SAMPLE.exists(), reason="shared sample not present")
def test_progress_is_reported_and_ends_full(db: Database, branch_id: int) -> None:
    seen: list[tuple[int, int]] = []
    import_roster(db, SAMPLE, today=TODAY, progress=lambda done, total: seen.append((done, total)))
    assert seen[0][0] == 0 and seen[-1][0] == seen[-1][1] > 0
    assert [d for d, _t in seen] == sorted(d for d, _t in seen)


def test_a_flag_column_left_blank_clears_the_flag(db: Database, branch_id: int, tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["姓名", "身份证号", "流动党员", "外出流向", "困难党员"])
    ws.append(["王建国", ID_A, "是", "广东深圳", "√"])
    ws.append(["李秀英", ID_B, "浙江宁波", "", ""])  # the flag column holds the destination
    wb.save(tmp_path / "flags.xlsx")
    import_roster(db, tmp_path / "flags.xlsx", today=TODAY)
    m = members(db)
    assert (m["王建国"].is_mobile, m["王建国"].mobile_destination, m["王建国"].is_hardship) == (
        True,
        "广东深圳",
        True,
    )
    assert (m["李秀英"].is_mobile, m["李秀英"].mobile_destination) == (True, "浙江宁波")
    ws["C2"] = ""  # back home: the secretary clears 是
    wb.save(tmp_path / "flags.xlsx")
    report = import_roster(db, tmp_path / "flags.xlsx", today=TODAY)
    assert report.updated == 1
    assert members(db)["王建国"].is_mobile is False
