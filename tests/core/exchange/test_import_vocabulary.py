"""The rosters the country really has (issue 14): the national system's columns and the templates'
variants land in their fields, nothing is dropped in silence, code rows are skipped, only 0-9 count
as digits, and a category value nobody knows is a warning naming the row."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from dangjian_desktop.core.db import Database
from dangjian_desktop.core.errors import UserError
from dangjian_desktop.core.exchange.importing import (
    IGNORE,
    Table,
    detect_layout,
    import_roster,
    import_table,
    match_header,
)
from dangjian_desktop.core.exchange.importing.vocabulary import IGNORED_HEADERS
from dangjian_desktop.core.models import Member
from tests.core.exchange.files import id_number

TODAY = dt.date(2026, 11, 22)
ID_A = id_number(dt.date(1985, 3, 12), 11)  # 男
ID_B = id_number(dt.date(1990, 7, 1), 22)  # 女

# The header of the national member information system's member export (全国党员管理信息系统,
# 党员信息 → 导出), as the sheets that went wrong had it.
NATIONAL_HEADER = [
    "序号", "姓名", "性别", "公民身份号码", "民族", "出生日期", "学历", "人员类别", "所在党支部",
    "加入党组织日期", "转为正式党员日期", "工作岗位", "联系电话", "固定电话(区号)", "家庭住址", "党籍状态",
    "是否失联党员", "是否流动党员", "外出流向",
]  # fmt: skip

# header as typed -> the field it must land in
VARIANTS = {
    "转为正式党员日期": "full_date", "转正时间": "full_date", "正式党员日期": "full_date",
    "正式日期": "full_date", "转正日期（年月日）": "full_date", "转正 日期": "full_date",
    "加入党组织日期": "join_date", "入党时间": "join_date", "预备党员日期": "join_date",
    "预备日期": "join_date", "入党日期(yyyy-mm-dd)": "join_date", "入党日期【必填】": "join_date",
    "党员类型": "category", "党员类别": "category", "人员类别": "category", "党员身份": "category",
    "公民身份号码": "id_number", "身份证号码": "id_number", "*身份证号": "id_number",
    "身份证号（18位）": "id_number",
    "联系电话": "phone", "手机号码": "phone", "固定电话": "phone", "固定电话(区号)": "phone",
    "固定电话（区号）": "phone", "联系电话：": "phone",
    "文化程度": "education", "学历": "education",
    "工作岗位": "job", "职业": "job", "现工作单位及职务": "job",
    "家庭住址": "address", "现居住地": "address", "户籍所在地": "address", "家庭住址（村/组）": "address",
    "姓别": "gender", "姓  名": "name", "出生日期（年月）": "birth_date",
}  # fmt: skip


# field -> (a cell as typed, what must be stored)
SAMPLE_VALUES: dict[str, tuple[object, object]] = {
    "full_date": ("2009-07-01", dt.date(2009, 7, 1)),
    "join_date": ("2008-07-01", dt.date(2008, 7, 1)),
    "category": ("预备党员", "预备党员"),
    "id_number": (ID_A, ID_A),
    "phone": ("0791-88881234", "0791-88881234"),
    "education": ("大专", "大学专科"),
    "job": ("务农", "务农"),
    "address": ("凤凰村3组", "凤凰村3组"),
    "gender": ("男", "男"),
    "name": ("王建国", "王建国"),
    "birth_date": ("1985.03", dt.date(1985, 3, 1)),
}


@pytest.mark.parametrize(("header", "field"), sorted(VARIANTS.items()))
def test_each_header_variant_lands_in_its_field(
    db: Database, branch_id: int, tmp_path: Path, header: str, field: str
) -> None:
    assert match_header(header) == field
    typed, stored = SAMPLE_VALUES[field]
    headers, cells = ["姓名"], ["王建国"]
    if field != "name":
        headers, cells = [*headers, header], [*cells, typed]
    else:
        headers, cells = [header, "性别"], ["王建国", "男"]
    path = _workbook(tmp_path / "变体.xlsx", [headers, cells])
    report = import_roster(db, path, today=TODAY)
    assert report.imported == 1 and report.unmapped_columns == [], report.warnings
    assert getattr(_members(db)["王建国"], field) == stored


def test_no_column_of_the_national_export_is_left_unmapped() -> None:
    layout = detect_layout(Table(Path("导出.xlsx"), "Sheet1", [NATIONAL_HEADER]))
    assert layout.unknown_columns == []
    skipped = [layout.headers[c] for c in layout.not_imported]
    assert set(skipped) <= set(IGNORED_HEADERS)  # only 序号 and the branch's own name
    assert skipped == ["序号", "所在党支部"]


def _workbook(path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _members(db: Database) -> dict[str, Member]:
    with db.reading() as session:
        return {m.name: m for m in session.scalars(select(Member))}


def test_a_national_export_lands_every_field(db: Database, branch_id: int, tmp_path: Path) -> None:
    rows: list[list[object]] = [
        NATIONAL_HEADER,
        ["1", "王建国", "男", ID_A, "汉族", "1985-03-12", "大专", "正式党员", "凤凰村党支部",
         "2008-07-01", "2009-07-01", "务农", "", "0791-88881234", "凤凰村3组", "正常", "否", "是", "广东深圳"],
        ["2", "李秀英", "女", ID_B, "回族", "1990-07-01", "本科", "预备党员", "凤凰村党支部",
         "2026-03-01", "", "教师", "13900001111", "", "凤凰村5组", "正常", "是", "否", ""],
    ]  # fmt: skip
    report = import_roster(db, _workbook(tmp_path / "导出.xlsx", rows), today=TODAY)
    assert report.imported == 2 and not report.rejected
    m = _members(db)
    wang, li = m["王建国"], m["李秀英"]
    assert wang.full_date == dt.date(2009, 7, 1) and wang.join_date == dt.date(2008, 7, 1)
    assert wang.phone == "0791-88881234"  # 固定电话 when 联系电话 is empty
    assert wang.is_mobile and wang.mobile_destination == "广东深圳"
    assert wang.education == "大学专科" and wang.job == "务农" and wang.address == "凤凰村3组"
    assert li.category == "预备党员" and li.phone == "13900001111" and li.is_lost_contact
    assert li.ethnicity == "回族" and li.full_date is None
    assert [c["header"] for c in report.unmapped_columns] == ["序号", "所在党支部"]


def test_party_member_type_values(db: Database, branch_id: int, tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["姓名", "身份证号", "入党日期", "转正日期", "党员类型"],
        ["甲", id_number(dt.date(1980, 1, 1), 1), "2000-07-01", "2001-07-01", "党员"],
        ["乙", id_number(dt.date(1980, 1, 1), 2), "2000-07-01", "", "党员"],  # long ago: 正式
        ["丙", id_number(dt.date(1980, 1, 1), 3), "2026-03-01", "", "党员"],  # under a year: 预备
        ["丁", id_number(dt.date(1980, 1, 1), 4), "2025-11-21", "", "党员"],  # a year and a day
        ["戊", id_number(dt.date(1980, 1, 1), 5), "2026-03-01", "", "预备党员"],
        ["己", id_number(dt.date(1980, 1, 1), 6), "2000-07-01", "", "积极分子"],
    ]
    report = import_roster(db, _workbook(tmp_path / "类型.xlsx", rows), today=TODAY)
    m = _members(db)
    assert [m[n].category for n in "甲乙丙丁戊"] == [
        "正式党员",
        "正式党员",
        "预备党员",
        "正式党员",
        "预备党员",
    ]
    assert any(w.row == 4 and "预备党员" in w.message for w in report.warnings)
    unknown = [w for w in report.warnings if "积极分子" in w.message]
    assert [w.row for w in unknown] == [7]  # a warning naming the row, never a silent default


@pytest.mark.parametrize(
    "code_row",
    [
        ["A0101", "A0104", "A0177", "A0107"],
        ["xm", "xb", "sfzh", "rdsj"],
        ["1", "2", "3", "4"],
    ],
)
def test_a_code_row_under_the_header_is_skipped(db: Database, branch_id: int, code_row: list[str]) -> None:
    grid: list[list[object]] = [
        ["姓名", "性别", "公民身份号码", "入党日期"],
        list(code_row),
        ["王建国", "男", ID_A, "2008-07-01"],
    ]
    report = import_table(db, Table(Path("x.xlsx"), "Sheet1", grid), today=TODAY, backup=False)
    assert report.imported == 1 and not report.rejected
    assert list(_members(db)) == ["王建国"]


def test_a_code_row_above_the_header_is_skipped(db: Database, branch_id: int) -> None:
    grid: list[list[object]] = [
        ["name", "sex", "idcard", "joindate"],
        ["姓名", "性别", "公民身份号码", "入党日期"],
        ["王建国", "男", ID_A, "2008-07-01"],
    ]
    report = import_table(db, Table(Path("x.xlsx"), "Sheet1", grid), today=TODAY, backup=False)
    assert report.imported == 1 and report.header_row == 2


def test_a_member_whose_row_is_ascii_is_not_a_code_row(db: Database, branch_id: int) -> None:
    grid: list[list[object]] = [["姓名", "性别", "公民身份号码"], ["Tom", "M", ID_A]]
    report = import_table(db, Table(Path("x.xlsx"), "Sheet1", grid), today=TODAY, backup=False)
    assert report.imported == 1


def test_an_unknown_date_column_heads_the_summary(db: Database, branch_id: int) -> None:
    grid: list[list[object]] = [
        ["姓名", "公民身份号码", "入党介绍人", "参加工作日期"],
        ["王建国", ID_A, "张三", "2000-01-01"],
    ]
    report = import_table(db, Table(Path("x.xlsx"), "Sheet1", grid), dry_run=True, today=TODAY)
    assert report.unmapped_columns == [
        {"column": "C", "header": "入党介绍人"},
        {"column": "D", "header": "参加工作日期"},
    ]
    assert report.summary().startswith("注意：C列“入党介绍人”、D列“参加工作日期” 未导入")


def test_a_column_mapped_by_hand_is_imported(db: Database, branch_id: int, tmp_path: Path) -> None:
    path = _workbook(tmp_path / "x.xlsx", [["姓名", "公民身份号码", "住处"], ["王建国", ID_A, "凤凰村1组"]])
    dry = import_roster(db, path, dry_run=True, today=TODAY)
    assert dry.unmapped_columns == [{"column": "C", "header": "住处"}]
    report = import_roster(db, path, today=TODAY, mapping={2: "address"})
    assert report.unmapped_columns == []
    assert _members(db)["王建国"].address == "凤凰村1组"


# --- digits ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "²" + ID_A[1:],  # superscript two
        "①" + ID_A[1:],  # circled one
        "".join(chr(0x660 + int(c)) if c.isdigit() else c for c in ID_A),  # Arabic-Indic
        "".join(chr(0x966 + int(c)) if c.isdigit() else c for c in ID_A),  # Devanagari
    ],
)
def test_an_id_in_other_digits_rejects_the_row(db: Database, branch_id: int, typed: str) -> None:
    grid: list[list[object]] = [["姓名", "公民身份号码"], ["王建国", typed]]
    report = import_table(db, Table(Path("x.xlsx"), "Sheet1", grid), today=TODAY, backup=False)
    assert report.imported == 0
    assert [r.row for r in report.rejected] == [2]
    assert "0-9" in report.rejected[0].reason


def test_full_width_digits_are_digits(db: Database, branch_id: int) -> None:
    wide = ID_A.translate({c: c + 0xFEE0 for c in range(0x30, 0x3A)})
    grid: list[list[object]] = [
        ["姓名", "公民身份号码", "联系电话"],
        ["王建国", wide, "１３８００１３８０００"],
    ]
    report = import_table(db, Table(Path("x.xlsx"), "Sheet1", grid), today=TODAY, backup=False)
    assert report.imported == 1
    m = _members(db)["王建国"]
    assert (m.id_number, m.phone) == (ID_A, "13800138000")


@pytest.mark.parametrize("phone", ["138００13８000", "١٣٨٠٠١٣٨٠٠٠", "13800138⁰00", "13800①38000"])
def test_a_phone_in_other_digits_rejects_the_row_full_width_does_not(
    db: Database, branch_id: int, phone: str
) -> None:
    grid: list[list[object]] = [["姓名", "公民身份号码", "联系电话"], ["王建国", ID_A, phone]]
    report = import_table(db, Table(Path("x.xlsx"), "Sheet1", grid), today=TODAY, backup=False)
    wide_only = all(c.isascii() or 0xFF10 <= ord(c) <= 0xFF19 for c in phone)
    assert (report.imported, len(report.rejected)) == ((1, 0) if wide_only else (0, 1))


unicode_cells = st.one_of(
    st.text(st.characters(categories=["Nd", "No", "Nl", "L"]), max_size=20),
    st.text(st.characters(categories=["Nd"]), min_size=15, max_size=18),
    st.builds(lambda s, i: s[:i] + "²①٣"[i % 3] + s[i + 1 :], st.just(ID_A), st.integers(0, 17)),
    st.none(),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(unicode_cells, min_size=6, max_size=6), min_size=1, max_size=6), st.booleans())
def test_unicode_digits_and_letters_in_every_cell_never_escape(
    db: Database, branch_id: int, rows: list[list[object]], dry_run: bool
) -> None:
    grid: list[list[object]] = [["姓名", "公民身份号码", "联系电话", "入党日期", "出生日期", "性别"], *rows]
    try:
        report = import_table(db, Table(Path("x.xlsx"), "Sheet1", grid), dry_run=dry_run, today=TODAY)
    except UserError:
        return
    seen = report.imported + report.updated + report.unchanged + len(report.rejected)
    assert seen <= len(rows)
    assert all(r.reason for r in report.rejected)
    with db.reading() as session:
        stored = [(m.id_number or "", m.phone) for m in session.scalars(select(Member))]
    for number, phone in stored:  # nothing but 0-9 is ever stored as a digit
        assert number.isascii()
        assert not any(ch.isdigit() and not ch.isascii() for ch in phone)


def test_ignored_headers_are_recognised() -> None:
    assert all(match_header(h) == IGNORE for h in ("序号", "年龄", "党龄", "所在党支部"))


@pytest.mark.parametrize(
    ("typed", "imported"),
    [("2008-07-01", 1), ("２００８－０７－０１", 1), ("٢٠٠٨-٠٧-٠١", 0), ("²008-07-01", 0)],
)
def test_a_join_date_in_other_digits_rejects_the_row(
    db: Database, branch_id: int, typed: str, imported: int
) -> None:
    grid: list[list[object]] = [["姓名", "公民身份号码", "入党日期"], ["王建国", ID_A, typed]]
    report = import_table(db, Table(Path("x.xlsx"), "Sheet1", grid), today=TODAY, backup=False)
    assert (report.imported, len(report.rejected)) == (imported, 1 - imported)
