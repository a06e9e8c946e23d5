"""The roster written for the township on its lines (issue 21, mutation testing of
core/exchange/roster_export.py): the national columns in their order, every cell's type and style,
0, 1, 2 and 5,001 members, members who left or died last, full ID numbers (never masked, never
numbers), a long Uyghur name, markup and control characters, the township's combined roster, and
a workbook that cannot be written. Real xlsx files, read back with openpyxl and as their XML."""

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import update

from dangjian_desktop.core.branch import create_branch
from dangjian_desktop.core.db import Database
from dangjian_desktop.core.exchange import roster_export as module
from dangjian_desktop.core.exchange.roster_export import (
    COLUMNS,
    ExportError,
    _write,
    export_roster,
    roster_for_export,
    roster_workbook_bytes,
    township_roster_for_export,
)
from dangjian_desktop.core.models import Branch
from dangjian_desktop.core.roster import MemberDraft, add_member, leave_roster

TODAY = dt.date(2026, 11, 22)
NATIONAL = [
    "序号", "姓名", "性别", "民族", "出生日期", "公民身份号码", "学历", "入党日期", "转正日期", "人员类别",
    "所在党小组", "工作岗位/职业", "联系电话", "家庭住址", "党籍状态", "流动党员", "外出流向", "失联党员",
    "困难党员", "支委", "离开日期", "离开原因", "备注",
]  # fmt: skip
UYGHUR = "阿依古丽·买买提江·阿不都热合曼·艾合买提江"
ID_A, ID_B = "360426199101010071", "11010519491231002X"


def _member(session, branch_id, name, **fields) -> int:
    return add_member(session, branch_id, MemberDraft(name=name, **fields))


@pytest.fixture
def village(db: Database) -> tuple[Database, dict[str, int]]:
    """Five members: two groups, a flag or two, one who moved away and one who died."""
    with db.transaction() as session:
        branch = create_branch(session, "凤凰村党支部")
        ids = {
            "乙": _member(
                session, branch.id, "乙", party_group="第二党小组", id_number=ID_A, phone="13900001111"
            ),
            "甲": _member(
                session,
                branch.id,
                "甲",
                party_group="第一党小组",
                birth_date="1949-12-31",
                join_date="1970-01-01",
                is_mobile=True,
                mobile_destination="浙江宁波",
            ),
            "走": _member(session, branch.id, "走", party_group="第一党小组", id_number=ID_B),
            "逝": _member(session, branch.id, "逝", party_group="第一党小组"),
            UYGHUR: _member(session, branch.id, UYGHUR, party_group="第二党小组", ethnicity="维吾尔族"),
        }
        leave_roster(session, ids["走"], "转出", dt.date(2026, 6, 1), "转入县城社区", today=TODAY)
        leave_roster(session, ids["逝"], "去世", dt.date(2026, 3, 1), "病故", today=TODAY)
    return db, ids


def _sheet_xml(path_or_bytes) -> str:
    source = io.BytesIO(path_or_bytes) if isinstance(path_or_bytes, bytes) else path_or_bytes
    with zipfile.ZipFile(source) as archive:
        return archive.read("xl/worksheets/sheet1.xml").decode("utf-8")


def _rows(sheet) -> list[list]:
    return [[c.value for c in row] for row in sheet.iter_rows(min_row=3)]


def test_the_national_columns_in_their_order_with_the_members_on_the_roster_first(village, tmp_path) -> None:
    db, _ids = village
    out = tmp_path / "花名册.xlsx"
    assert export_roster(db, out, today=TODAY) == 5
    sheet = openpyxl.load_workbook(out).active
    assert sheet.title == "党员花名册"
    assert [c.value for c in sheet[2]] == NATIONAL
    assert sheet["A1"].value == "凤凰村党支部党员花名册（2026年11月22日导出，共5人）"
    rows = _rows(sheet)
    assert [r[0] for r in rows] == [1, 2, 3, 4, 5]
    # 在册 first, by 党小组 then as entered; those who left (转出, 去世) last, as entered
    assert [r[1] for r in rows] == ["甲", "乙", UYGHUR, "走", "逝"]
    status = NATIONAL.index("党籍状态")
    assert [r[status] for r in rows] == ["在册", "在册", "在册", "转出", "去世"]
    assert rows[3][NATIONAL.index("离开日期")] == dt.datetime(2026, 6, 1)
    assert rows[4][NATIONAL.index("离开原因")] == "病故"
    assert rows[2][NATIONAL.index("民族")] == "维吾尔族"
    assert sheet.max_row == 7 and sheet.max_column == 23


def test_id_numbers_are_whole_text_and_phones_text_dates_real_dates_flags_是(village, tmp_path) -> None:
    db, _ids = village
    out = tmp_path / "r.xlsx"
    export_roster(db, out, today=TODAY)
    sheet = openpyxl.load_workbook(out).active
    by_name = {row[1].value: row for row in sheet.iter_rows(min_row=3)}
    id_col, phone_col = NATIONAL.index("公民身份号码"), NATIONAL.index("联系电话")
    for name, number in (("乙", ID_A), ("走", ID_B)):
        cell = by_name[name][id_col]
        assert cell.value == number and cell.data_type == "s" and cell.number_format == "@"  # never masked
    assert by_name["乙"][phone_col].value == "13900001111" and by_name["乙"][phone_col].number_format == "@"
    assert by_name["甲"][id_col].value is None
    birth = by_name["甲"][NATIONAL.index("出生日期")]
    assert birth.value == dt.datetime(1949, 12, 31) and birth.number_format == "yyyy\\-mm\\-dd"
    assert by_name["甲"][NATIONAL.index("入党日期")].value == dt.datetime(1970, 1, 1)
    assert by_name["甲"][NATIONAL.index("流动党员")].value == "是"
    assert by_name["甲"][NATIONAL.index("外出流向")].value == "浙江宁波"
    assert by_name["乙"][NATIONAL.index("流动党员")].value is None  # 否 is an empty cell
    assert by_name["乙"][NATIONAL.index("失联党员")].value is None
    assert by_name[UYGHUR][1].value == UYGHUR
    assert by_name["甲"][0].data_type == "n"
    xml = _sheet_xml(out)
    # the serials themselves: 1949-12-31 is day 18263 of Excel's calendar, 1970-01-01 day 25569
    assert '<c r="E3" s="4"><v>18263</v></c>' in xml and '<c r="H3" s="4"><v>25569</v></c>' in xml
    assert f'<c r="F4" s="3" t="inlineStr"><is><t xml:space="preserve">{ID_A}</t></is></c>' in xml
    assert '<c r="P3" t="inlineStr"><is><t>是</t></is></c>' in xml
    assert '<c r="B3" t="inlineStr"><is><t xml:space="preserve">甲</t></is></c>' in xml


def test_the_layout_title_header_widths_panes_filter_and_print_setup(village, tmp_path) -> None:
    db, _ids = village
    out = tmp_path / "r.xlsx"
    export_roster(db, out, today=TODAY)
    book = openpyxl.load_workbook(out)
    sheet = book.active
    assert {str(r) for r in sheet.merged_cells.ranges} == {"A1:W1"}
    assert sheet.freeze_panes == "C3"
    assert sheet.auto_filter.ref == "A2:W7"
    assert sheet.dimensions == "A1:W7"
    assert sheet.row_dimensions[1].height == 30 and sheet.row_dimensions[2].height == 22
    assert sheet.column_dimensions["A"].width == pytest.approx(5.7)
    for index, column in enumerate(COLUMNS, start=2):
        letter = openpyxl.utils.get_column_letter(index)
        assert sheet.column_dimensions[letter].width == pytest.approx(column.width + 0.7), letter
    title, header = sheet["A1"], sheet["B2"]
    assert title.font.b and title.font.sz == 16 and title.alignment.horizontal == "center"
    assert header.font.b and header.font.sz == 11 and header.font.name == "宋体"
    assert header.fill.fgColor.rgb == "FFF2DCDB" and header.border.left.style == "thin"
    assert header.alignment.wrap_text and header.alignment.vertical == "center"
    assert all(c.font.b for c in sheet[2])
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
    assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_options.horizontalCentered
    assert sheet.page_margins.left == 0.4 and sheet.page_margins.top == 0.6
    assert sheet.oddFooter.center.text == "第 &P 页，共 &N 页"
    assert sheet.print_title_rows == "$1:$2"
    assert book.sheetnames == ["党员花名册"]
    # the ID and phone columns carry the text format even where a clerk types into an empty cell
    xml = _sheet_xml(out)
    assert '<c r="B1" s="1"/>' in xml and '<c r="W1" s="1"/></row>' in xml
    assert '<c r="W2" s="2" t="inlineStr"><is><t>备注</t></is></c></row>' in xml
    assert '<col min="6" max="6" width="20.7" style="3" customWidth="1"/>' in xml
    assert '<col min="13" max="13" width="13.7" style="3" customWidth="1"/>' in xml
    assert '<col min="2" max="2" width="10.7" customWidth="1"/>' in xml


def test_the_parts_of_the_workbook(village, tmp_path) -> None:
    db, _ids = village
    out = tmp_path / "r.xlsx"
    export_roster(db, out, today=TODAY)
    with zipfile.ZipFile(out) as archive:
        assert sorted(archive.namelist()) == sorted(
            [
                "[Content_Types].xml",
                "_rels/.rels",
                "xl/workbook.xml",
                "xl/_rels/workbook.xml.rels",
                "xl/styles.xml",
                "xl/worksheets/sheet1.xml",
            ]
        )
        assert all(i.compress_type == zipfile.ZIP_DEFLATED for i in archive.infolist())
        for name in archive.namelist():
            assert archive.read(name).startswith(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n')


@pytest.mark.parametrize("count, filter_to", [(0, 3), (1, 3), (2, 4)])
def test_no_one_or_two_members(db, tmp_path, count, filter_to) -> None:
    """The filter covers at least one row under the header, even with no member."""
    with db.transaction() as session:
        branch = create_branch(session, "空村党支部")
        for i in range(count):
            _member(session, branch.id, f"党员{i}")
    out = tmp_path / "r.xlsx"
    assert export_roster(db, out, today=TODAY) == count
    sheet = openpyxl.load_workbook(out).active
    assert sheet["A1"].value == f"空村党支部党员花名册（2026年11月22日导出，共{count}人）"
    assert sheet.auto_filter.ref == f"A2:W{filter_to}"
    assert f'<dimension ref="A1:W{count + 2}"/>' in _sheet_xml(out)
    assert [r[1] for r in _rows(sheet)] == [f"党员{i}" for i in range(count)]


def test_markup_spaces_and_control_characters_in_text(db, tmp_path) -> None:
    with db.transaction() as session:
        branch = create_branch(session, "凤凰村党支部")
        _member(session, branch.id, "欧阳<&>", note="x")
    # control characters that XML 1.0 forbids cannot come through the form; a database written by
    # an older program or by hand may still hold them
    note = "".join(chr(c) for c in range(0, 0x21)) + "\ufffe\uffff\ufffd末"
    with db.transaction() as session:
        session.execute(update(module.Member).values(note=note, address="  七组 "))
    out = tmp_path / "r.xlsx"
    export_roster(db, out, today=TODAY)
    xml = _sheet_xml(out)
    assert '<t xml:space="preserve">欧阳&lt;&amp;&gt;</t>' in xml
    assert '<t xml:space="preserve">  七组 </t>' in xml
    # tab, line feed and carriage return are kept; every other control character is dropped
    assert '<t xml:space="preserve">\t\n\r \ufffd末</t>' in xml
    sheet = openpyxl.load_workbook(out).active
    assert sheet["C3"].value is None and sheet["B3"].value == "欧阳<&>"


def test_escaping_of_text_without_control_characters_and_with_one() -> None:
    assert module._esc("a&b<c>d") == "a&amp;b&lt;c&gt;d"
    assert module._esc("\x08\x09\x0a\x0b\x0c\x0d\x0e\x1f\x20") == "\x09\x0a\x0d\x20"
    assert module._esc("<\x00>") == "&lt;&gt;"
    assert module._esc("平常的字") == "平常的字"


def test_a_lone_surrogate_is_replaced_not_a_crash(tmp_path) -> None:
    buffer = io.BytesIO()
    row = ("坏\ud800字", *([None] * (len(COLUMNS) - 1)))
    _write(buffer, [row], "村", TODAY, None)
    assert '<t xml:space="preserve">坏?字</t>' in _sheet_xml(buffer.getvalue())


def test_progress_every_5000_members_and_at_the_end() -> None:
    rows = [(f"党员{i}", *([None] * (len(COLUMNS) - 1))) for i in range(5001)]
    seen: list[tuple[int, int]] = []
    buffer = io.BytesIO()
    _write(buffer, rows, "大村", TODAY, lambda done, total: seen.append((done, total)))
    assert seen == [(0, 5001), (5000, 5001), (5001, 5001)]
    xml = _sheet_xml(buffer.getvalue())
    assert '<row r="5003"><c r="A5003"><v>5001</v></c>' in xml
    seen.clear()
    _write(io.BytesIO(), [], "空村", TODAY, lambda done, total: seen.append((done, total)))
    assert seen == [(0, 0)]
    seen.clear()
    _write(io.BytesIO(), rows[:5000], "村", TODAY, lambda done, total: seen.append((done, total)))
    assert seen == [(0, 5000), (5000, 5000)]


def test_the_file_name_must_end_in_xlsx_in_any_case(village, tmp_path) -> None:
    db, _ids = village
    with pytest.raises(ExportError) as caught:
        export_roster(db, tmp_path / "花名册.xls", today=TODAY)
    assert str(caught.value) == "导出文件应以 .xlsx 结尾：花名册.xls"
    assert export_roster(db, tmp_path / "新建" / "文件夹" / "R.XLSX", today=TODAY) == 5
    assert (tmp_path / "新建" / "文件夹" / "R.XLSX").is_file()
    assert not (tmp_path / "新建" / "文件夹" / "R.XLSX.part").exists()


def test_without_a_date_given_the_title_has_today(village, tmp_path) -> None:
    from dangjian_desktop.core.dates import format_cn

    db, _ids = village
    out = tmp_path / "r.xlsx"
    export_roster(db, out)
    assert format_cn(dt.date.today()) in openpyxl.load_workbook(out).active["A1"].value


def _raiser(error: BaseException):
    def progress(done, total):
        raise error

    return progress


class _Stop(BaseException):
    pass


@pytest.mark.parametrize(
    "error, words",
    [
        (PermissionError(13, "拒绝访问"), "文件可能正在 Excel 中打开，请关闭后重试"),
        (OSError(28, "磁盘已满"), "[Errno 28] 磁盘已满"),
    ],
)
def test_a_workbook_that_cannot_be_written_is_named_and_nothing_is_left(
    village, tmp_path, error, words
) -> None:
    db, _ids = village
    out = tmp_path / "out" / "r.xlsx"
    with pytest.raises(ExportError) as caught:
        export_roster(db, out, today=TODAY, progress=_raiser(error))
    assert str(caught.value) == f"无法写入 {out}：{words}"
    assert list(out.parent.iterdir()) == []


def _gone_then(error: BaseException, folder):
    """The half-written workbook already removed (by a virus checker, say) when the error comes."""

    def progress(done, total):
        for leftover in folder.glob("*.part"):
            leftover.unlink()
        raise error

    return progress


@pytest.mark.parametrize(
    "error, expected",
    [
        (PermissionError(13, "拒绝访问"), ExportError),
        (OSError(28, "磁盘已满"), ExportError),
        (_Stop(), _Stop),
    ],
)
def test_a_half_file_already_gone_is_no_second_error(village, tmp_path, error, expected) -> None:
    db, _ids = village
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(expected):
        export_roster(db, folder / "r.xlsx", today=TODAY, progress=_gone_then(error, folder))
    assert list(folder.iterdir()) == []


def test_anything_else_stopping_the_export_leaves_no_half_file_and_goes_on_up(village, tmp_path) -> None:
    db, _ids = village
    with pytest.raises(_Stop):
        export_roster(db, tmp_path / "out" / "r.xlsx", today=TODAY, progress=_raiser(_Stop()))
    assert list((tmp_path / "out").iterdir()) == []


def test_an_existing_workbook_is_replaced_whole(village, tmp_path) -> None:
    db, _ids = village
    out = tmp_path / "r.xlsx"
    out.write_bytes(b"old")
    export_roster(db, out, today=TODAY)
    assert len(_rows(openpyxl.load_workbook(out).active)) == 5


def test_the_township_roster_leads_with_the_branch_branch_by_branch(db, tmp_path) -> None:
    with db.transaction() as session:
        first = create_branch(session, "凤凰村党支部")
        _member(session, first.id, "凤甲", party_group="二组")
        _member(session, first.id, "凤乙", party_group="一组")
        other = Branch(name="北山村党支部")
        session.add(other)
        session.flush()
        gone = _member(session, other.id, "北走")
        _member(session, other.id, "北甲")
        leave_roster(session, gone, "转出", dt.date(2026, 1, 5), "外迁", today=TODAY)
    with db.reading() as session:
        rows = township_roster_for_export(session)
    # branches by name (凤 sorts before 北 by code point); in each, 在册 by 党小组, then who left
    assert [(r[0], r[1]) for r in rows] == [
        ("凤凰村党支部", "凤乙"),
        ("凤凰村党支部", "凤甲"),
        ("北山村党支部", "北甲"),
        ("北山村党支部", "北走"),
    ]
    out = tmp_path / "乡镇.xlsx"
    assert export_roster(db, out, today=TODAY) == 4
    sheet = openpyxl.load_workbook(out).active
    assert sheet["A1"].value == "乡镇党员花名册（汇总）（2026年11月22日导出，共4人）"
    assert [c.value for c in sheet[2]] == ["序号", "所在党支部", *NATIONAL[1:]]
    assert {str(r) for r in sheet.merged_cells.ranges} == {"A1:X1"}
    assert sheet.column_dimensions["B"].width == pytest.approx(16.7)
    assert [r[1:3] for r in _rows(sheet)] == [[r[0], r[1]] for r in rows]
    assert _rows(sheet)[0][0] == 1


def test_the_township_branches_come_in_the_order_of_their_names(db) -> None:
    """Made in the order 乙, 甲, 丙, 丁 (丁 without members); by name (code point) 丁, 丙, 乙, 甲."""
    with db.transaction() as session:
        first = create_branch(session, "乙村党支部")
        _member(session, first.id, "乙一")
        for name in ("甲村党支部", "丙村党支部", "丁村党支部"):
            branch = Branch(name=name)
            session.add(branch)
            session.flush()
            if name != "丁村党支部":
                _member(session, branch.id, name[0] + "一")
    with db.reading() as session:
        rows = township_roster_for_export(session)
    assert [(r[0], r[1]) for r in rows] == [
        ("丙村党支部", "丙一"),
        ("乙村党支部", "乙一"),
        ("甲村党支部", "甲一"),
    ]


def test_roster_rows_are_of_one_branch_only(db) -> None:
    with db.transaction() as session:
        first = create_branch(session, "一村党支部")
        _member(session, first.id, "本村")
        other = Branch(name="二村党支部")
        session.add(other)
        session.flush()
        _member(session, other.id, "外村")
    with db.reading() as session:
        assert [r[0] for r in roster_for_export(session, first.id)] == ["本村"]
        assert [r[0] for r in roster_for_export(session, other.id)] == ["外村"]


def test_the_workbook_in_memory_for_the_package_is_the_same_roster(village) -> None:
    db, ids = village
    with db.reading() as session:
        data = roster_workbook_bytes(session, 1, "凤凰村党支部", TODAY)
        expected = roster_for_export(session, 1)
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet["A1"].value == "凤凰村党支部党员花名册（2026年11月22日导出，共5人）"
    assert [c.value for c in sheet[2]] == NATIONAL
    assert [r[1] for r in _rows(sheet)] == [r[0] for r in expected]
    assert re.search(rf">{ID_A}<", _sheet_xml(data))
    assert len(ids) == 5 and isinstance(data, bytes)


def test_a_written_file_and_the_one_in_memory_hold_the_same_sheet(village, tmp_path: Path) -> None:
    db, _ids = village
    out = tmp_path / "r.xlsx"
    export_roster(db, out, today=TODAY)
    with db.reading() as session:
        data = roster_workbook_bytes(session, 1, "凤凰村党支部", TODAY)
    assert _sheet_xml(out) == _sheet_xml(data)


def test_the_workbook_is_written_under_a_temporary_name_then_renamed(village, tmp_path) -> None:
    """While it is written, only r.xlsx.part is there: Excel never opens half a workbook."""
    db, _ids = village
    folder = tmp_path / "out"
    folder.mkdir()
    seen: list[list[str]] = []
    export_roster(
        db,
        folder / "r.xlsx",
        today=TODAY,
        progress=lambda *_: seen.append(sorted(p.name for p in folder.iterdir())),
    )
    assert seen == [["r.xlsx.part"], ["r.xlsx.part"]]
    assert [p.name for p in folder.iterdir()] == ["r.xlsx"]


def test_the_sheet_is_utf_8_whatever_the_laptop_locale(village, tmp_path) -> None:
    """A Chinese Windows laptop's locale is GBK, an old Linux one's ASCII: the workbook's XML is
    UTF-8 all the same (here under the C locale, whose encoding is ASCII)."""
    import locale

    db, _ids = village
    saved = locale.setlocale(locale.LC_CTYPE)
    locale.setlocale(locale.LC_CTYPE, "C")
    try:
        assert locale.getpreferredencoding(False) != "UTF-8"
        export_roster(db, tmp_path / "r.xlsx", today=TODAY)
    finally:
        locale.setlocale(locale.LC_CTYPE, saved)
    sheet = openpyxl.load_workbook(tmp_path / "r.xlsx").active
    assert sheet["A1"].value.startswith("凤凰村党支部党员花名册") and sheet["B5"].value == UYGHUR


_TEXT_HOLDERS = {"t", "v", "oddFooter", "definedName"}


def test_no_part_carries_stray_text_outside_its_values(village, tmp_path) -> None:
    """Excel reads the parts against their schema: text anywhere but in a value, a string, the
    footer or a defined name is a damaged workbook to it (openpyxl lets it pass)."""
    from xml.etree import ElementTree

    db, _ids = village
    out = tmp_path / "r.xlsx"
    export_roster(db, out, today=TODAY)
    with zipfile.ZipFile(out) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    for name, data in parts.items():
        for element in ElementTree.fromstring(data).iter():
            local = element.tag.rsplit("}", 1)[-1]
            if local not in _TEXT_HOLDERS:
                assert not (element.text or "").strip(), (name, local, element.text)
            assert not (element.tail or "").strip(), (name, local, element.tail)
    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    types = ElementTree.fromstring(parts["[Content_Types].xml"])
    package = "{http://schemas.openxmlformats.org/package/2006/content-types}"
    assert {d.get("Extension"): d.get("ContentType") for d in types.iter(f"{package}Default")} == {
        "rels": "application/vnd.openxmlformats-package.relationships+xml",
        "xml": "application/xml",
    }
    assert sorted(o.get("PartName") for o in types.iter(f"{package}Override")) == [
        "/xl/styles.xml",
        "/xl/workbook.xml",
        "/xl/worksheets/sheet1.xml",
    ]
    sheet = ElementTree.fromstring(parts["xl/worksheets/sheet1.xml"])
    heads = sheet.findall(f"{main}sheetData/{main}row")[:2]
    assert [(r.get("ht"), r.get("customHeight")) for r in heads] == [("30", "1"), ("22", "1")]
    assert [r.attrib for r in sheet.iter(f"{main}row")][0] == {"r": "1", "ht": "30", "customHeight": "1"}
    view = sheet.find(f"{main}sheetViews/{main}sheetView")
    assert [(s.get("pane"), s.get("activeCell")) for s in view.iter(f"{main}selection")] == [
        ("topRight", None),
        ("bottomLeft", None),
        ("bottomRight", "C3"),
    ]
