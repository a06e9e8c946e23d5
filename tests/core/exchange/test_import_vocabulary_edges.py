"""Where a roster's header and data are (core/exchange/importing/vocabulary.py), on the lines it draws:
the header on row 30 and on row 31, a row naming two fields and one, a code row one and two rows under
the header and three, the first of two equal headers, the signature lines under the table, the 200
rows the width is read from. Tables built in memory: no file, no database."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from dangjian_desktop.core.errors import UserError
from dangjian_desktop.core.exchange.importing import vocabulary as v
from dangjian_desktop.core.exchange.importing.sheet import RosterImportError, Table
from dangjian_desktop.core.exchange.importing.vocabulary import IGNORE, Layout
from tests.core.exchange.files import id_number

ID_A = id_number(dt.date(1985, 3, 12), 11)
HEADER = ["序号", "姓名", "性别", "公民身份号码", "入党日期"]


def _table(rows: list[list[Any]]) -> Table:
    return Table(Path("花名册.xlsx"), "Sheet1", rows)


@pytest.mark.parametrize(
    ("cell", "field"),
    [
        ("姓 名*", "name"),
        ("*姓名：", "name"),
        ("＊姓名:", "name"),
        ("入党日期（yyyy）", "join_date"),
        ("出生年/月", "birth_date"),  # the slash dropped
        ("no.", IGNORE),  # upper case looked up too
        ("No", IGNORE),
        ("年龄：", IGNORE),
        ("籍贯", IGNORE),
        ("备 注", "note"),
        ("【姓名】", None),  # all bracketed: nothing left to name
        ("身份证号/护照号", None),
        ("", None),
        (None, None),
        ("  ", None),
        (12, None),
    ],
)
def test_match_header(cell: object, field: str | None) -> None:
    assert v.match_header(cell) == field


def test_header_key_and_the_vocabulary() -> None:
    assert v.header_key(" 姓\u3000名 * ：") == "姓名"
    assert v.header_key("（区号）") == "(区号)"
    # every field's label and alias is known, bracket or not, and the ignored ones are ignored
    assert v.match_header("固定电话（区号）") == "phone"
    assert v.ALIASES["固定电话"] == "phone"
    assert all(v.ALIASES[v.header_key(h)] == IGNORE for h in v.IGNORED_HEADERS)
    assert v.ALIASES["姓名"] == "name" and v.FIELD_LABELS["name"] == "姓名"


@pytest.mark.parametrize(
    ("header", "important"),
    [("入党介绍人", True), ("参加工作日期", True), ("证号", True), ("照片说明", False), ("爱好", False)],
)
def test_is_important(header: str, important: bool) -> None:
    assert v.is_important(header) is important


def test_layout_columns_not_imported_and_hand_mapping() -> None:
    layout = Layout(0, 1, ["序号", "姓名", "", "爱好", "住处"], {0: IGNORE, 1: "name", 4: "address"})
    assert layout.unknown_columns == [3]
    assert layout.not_imported == [0, 3]
    assert layout.unmapped_json() == [{"column": "A", "header": "序号"}, {"column": "D", "header": "爱好"}]
    changed = layout.with_mapping({3: "note", 4: None, 0: "", 2: "job"})
    assert changed.mapping == {1: "name", 3: "note", 2: "job"}
    assert (changed.header_row, changed.data_start, changed.headers) == (0, 1, layout.headers)
    assert layout.mapping == {0: IGNORE, 1: "name", 4: "address"}  # the original is left as it was
    assert layout.with_mapping({3: None, 2: ""}).mapping == layout.mapping  # un-mapping what was not mapped
    changed.headers.append("x")
    assert len(layout.headers) == 5


@pytest.mark.parametrize(("at", "found"), [(0, 0), (29, 29), (30, None)])
def test_the_header_is_looked_for_in_the_first_30_rows(at: int, found: int | None) -> None:
    rows: list[list[Any]] = [["某某村党员花名册"] for _ in range(at)] + [["姓名", "性别"], ["王", "男"]]
    assert v.find_header(rows) == found


def test_the_header_names_a_name_and_one_more_field() -> None:
    assert v.find_header([["姓名"], ["王"]]) is None
    assert v.find_header([["姓名", "序号", "年龄"]]) is None  # ignored columns do not count
    assert v.find_header([["性别", "公民身份号码", "入党日期"]]) is None  # no name
    assert v.find_header([["姓名", "性别"]]) == 0
    # the row naming most fields wins; of two equal ones the first
    rows = [["姓名", "性别"], ["姓名", "性别", "民族"], ["姓名", "性别", "学历"]]
    assert v.find_header(rows) == 1
    with pytest.raises(
        RosterImportError, match="前30行中没有找到表头：需要一行同时写有“姓名”和“身份证号”“性别”等列名$"
    ) as caught:
        v.detect_layout(_table([["姓名"], ["王"]]))
    assert isinstance(caught.value, UserError)
    assert "“花名册.xlsx”（工作表“Sheet1”）" in str(caught.value)


def test_detect_layout_plain() -> None:
    layout = v.detect_layout(_table([["花名册"], ["序号", " 姓 名 ", "性别"], [1, "王", "男", "x", "y"]]))
    assert (layout.header_row, layout.data_start) == (1, 2)
    assert layout.headers == ["序号", "姓名", "性别", "", ""]  # as wide as the data
    assert layout.mapping == {0: IGNORE, 1: "name", 2: "gender"}


def test_a_two_row_header() -> None:
    rows: list[list[Any]] = [
        ["某村党员花名册"],
        ["序号", "姓名", "性别", "党员发展情况", "", "备注"],
        ["", "", "", "入党日期", "转正 日期", "", "", "年龄", "性别"],
        [1, "王", "男", "2008-07-01", "2009-07-01", "", "", 40, "男"],
    ]
    layout = v.detect_layout(_table(rows))
    assert (layout.header_row, layout.data_start) == (2, 3)
    # 性别 again below is taken already (left out); 年龄 below is ignored, which may repeat
    assert layout.mapping == {
        0: IGNORE,
        1: "name",
        2: "gender",
        3: "join_date",
        4: "full_date",
        5: "note",
        7: IGNORE,
    }
    assert layout.headers == ["序号", "姓名", "性别", "入党日期", "转正日期", "备注", "", "年龄", ""]


def test_the_name_cell_below_decides_not_another() -> None:
    # 性别 blank under the header, the name filled: a member, not a second header row
    layout = v.detect_layout(_table([["姓名", "性别"], ["王", "", "入党日期"]]))
    assert (layout.data_start, layout.mapping) == (1, {0: "name", 1: "gender"})


def test_a_second_header_row_shorter_than_the_name_column() -> None:
    rows: list[list[Any]] = [
        ["序号", "性别", "", "姓名"],
        ["", "", "入党日期"],
        [1, "男", "2008-07-01", "王"],
    ]
    layout = v.detect_layout(_table(rows))
    assert (layout.data_start, layout.mapping) == (2, {0: IGNORE, 1: "gender", 3: "name", 2: "join_date"})


def test_a_header_as_the_last_row() -> None:
    layout = v.detect_layout(_table([["x"], ["姓名", "性别"]]))
    assert (layout.header_row, layout.data_start, layout.headers) == (1, 2, ["姓名", "性别"])


@pytest.mark.parametrize(
    ("extra", "start"),
    [
        ([["A0101", "A0104"]], 2),
        ([["A0101", "A0104"], ["1", "2"]], 3),  # two code rows: both skipped
        ([["A0101", "A0104"], ["1", "2"], ["3", "4"]], 3),  # a third is the header's index + 3: data
    ],
)
def test_code_rows_under_the_header(extra: list[list[Any]], start: int) -> None:
    layout = v.detect_layout(_table([["姓名", "性别"], *extra, ["王", "男"]]))
    assert layout.data_start == start


@pytest.mark.parametrize(
    ("row", "code"),
    [
        (["A0101", "A0104"], True),
        (["xm", "", "xb"], True),
        (["1", 2], True),
        (["A0101"], False),  # one cell is not a row of codes
        (["A0101", "性别"], False),
        (["a" * 21, "b"], False),
        (["Tom", "M", ID_A], False),  # an ASCII member: the ID column holds an ID
        (["Tom", "M", ID_A[:14] + "X"], False),
        (["Tom", "M", ID_A[:13]], True),
        (["Tom", "M", "1234567890123xx"], True),  # 15 characters but not 14 digits
    ],
)
def test_is_code_row(row: list[Any], code: bool) -> None:
    assert v._is_code_row(row, {0: "name", 1: "gender", 2: "id_number", 5: "note"}) is code


def test_a_code_row_naming_a_chinese_name_is_data() -> None:
    assert v._is_code_row(["A1", "王"], {1: "name"}) is False
    assert v._is_code_row(["A1", "B2"], {1: "name"}) is True


def test_the_width_is_read_from_200_rows() -> None:
    rows: list[list[Any]] = [["姓名", "性别"]] + [["王", "男"] for _ in range(199)] + [["王", "男", "x"]]
    assert len(v.detect_layout(_table(rows)).headers) == 3
    rows.insert(1, ["李", "女"])
    assert len(v.detect_layout(_table(rows)).headers) == 2


@pytest.mark.parametrize(
    ("value", "result"),
    [("", False), ("  ", False), ("\u3000", False), ("x", True), (0, True), (None, False)],
)
def test_filled(value: object, result: bool) -> None:
    assert v.filled(value) is result


def _data(rows: list[list[Any]], mapping: dict[int, str] | None = None) -> list[int]:
    header = ["序号", "姓名", "性别"]
    layout = Layout(0, 1, header, mapping or {0: IGNORE, 1: "name", 2: "gender"})
    return [index for index, _row in v.data_rows(_table([header, *rows]), layout)]


def test_data_rows_skip_blanks_totals_and_repeated_headers() -> None:
    rows: list[list[Any]] = [
        [1, "王", "男"],  # 1
        [None, "", "  "],  # blank
        ["合 计", "", ""],  # a total
        ["小计：2人"],
        [2, "姓  名", "性别"],  # the header again (a printed page)
        [3],  # only a 序号
        [4, "", "女"],  # a mapped cell filled: data (rejected later for no name)
        [5, "名字", "男"],  # a member called 名字? the header word, skipped
        [6, "李名", "男"],  # a name with 名 in it is a member
        ["注意事项很多", "赵", "男"],  # 注 not followed by ：: data
        ["说明文字", "钱", "男"],
    ]
    assert _data(rows) == [1, 7, 9, 10, 11]


@pytest.mark.parametrize(
    "footer",
    [
        "填表人：张三",
        "填表人",
        " 制 表 人 ：李四",
        "注：以上",
        "说明",
        "审核人张三",
        "单位负责人（签字）",
        "书记:",
    ],
)
def test_data_rows_stop_at_the_signature_lines(footer: str) -> None:
    assert _data([[1, "王", "男"], [footer], [2, "李", "女"]]) == [1]


def test_data_rows_not_a_footer() -> None:
    # 书记员 is no 书记 line; 联系 is no 联系人; a number first is no footer
    assert _data([["书记员", "王", "男"], ["联系", "李", "女"], [2024, "赵", "男"]]) == [1, 2, 3]


def test_data_rows_without_a_name_column() -> None:
    assert _data([["王", "男"], [None, None]], {0: "gender", 1: "note"}) == [1]
    # without a name column no column stands in for it: a row with only an unmapped cell is no data
    assert _data([[None, "x", None], ["男", None, None]], {0: "gender", 2: "note"}) == [2]


def test_preview_rows_as_text_padded_and_limited() -> None:
    header = ["姓名", "入党日期", "x"]
    layout = Layout(0, 1, header, {0: "name", 1: "join_date"})
    rows: list[list[Any]] = [header, ["王", dt.date(2008, 7, 1)], ["李", 1.0, "a", "too far"]]
    assert v.preview_rows(_table(rows), layout) == [["王", "2008-07-01", ""], ["李", "1", "a"]]
    assert v.preview_rows(_table(rows), layout, limit=1) == [["王", "2008-07-01", ""]]
    many = [header] + [[f"人{i}"] for i in range(60)]
    assert len(v.preview_rows(_table(many), layout)) == 50
