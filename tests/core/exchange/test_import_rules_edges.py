"""The rules a roster row is checked by against the rest of its row (core/exchange/importing/rules.py),
on their lines: 入党 on the 18th birthday and the day before, 转正 on the day of 入党 and the day after,
党员 that joined 365, 366 and 367 days ago, 出生年月 read as the first of its month, the first filled
of two columns, numbers remembered apart from the texts and flags they equal. No database, no file."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dangjian_desktop.core.exchange.importing.rules import Reject, RowRules
from dangjian_desktop.core.exchange.importing.vocabulary import IGNORE, Layout
from tests.core.exchange.files import id_number

TODAY = dt.date(2026, 11, 22)
BIRTH = dt.date(1985, 3, 12)
ID_A = id_number(BIRTH, 11)  # 男
NO_ID = "没有身份证号：无法核对出生日期和性别，再次导入时按姓名和出生日期认人"


def _rules(*keys: str) -> RowRules:
    mapping = {column: key for column, key in enumerate(keys)}
    return RowRules(Layout(0, 1, list(keys), mapping), TODAY)


def _read(keys: tuple[str, ...], row: list[Any]) -> tuple[dict[str, Any], list[str]]:
    warnings: list[str] = []
    return _rules(*keys).read(row, warnings.append), warnings


def _rejected(keys: tuple[str, ...], row: list[Any]) -> str:
    with pytest.raises(Reject) as caught:
        _read(keys, row)
    return str(caught.value)


def test_what_rejects_a_row() -> None:
    assert _rejected(("name", "id_number"), [None, ID_A]) == "没有填写姓名"
    assert _rejected(("name",), ["x" * 51]).startswith("姓名“xxxxxxxxxxxxxxxxxxxx…”太长")
    assert _rejected(("name", "id_number"), ["王", ID_A[:-1] + "Y"]).startswith("身份证号“")
    assert _rejected(("name", "join_date"), ["王", "1985.03"]).startswith("入党日期“1985.03”只有年月")
    assert _rejected(("name", "phone"), ["王", "13800①38000"]).startswith("联系电话中有不是 0-9 的数字字符")
    values, warnings = _read(("name", "id_number"), ["王", ID_A])
    assert values == {"name": "王", "id_number": ID_A, "birth_date": BIRTH, "gender": "男"}
    assert warnings == []


def test_a_row_without_an_id_number_is_warned_about_once() -> None:
    values, warnings = _read(("name", "gender"), ["王", "女"])
    assert values == {"name": "王", "gender": "女"} and warnings == [NO_ID]


@pytest.mark.parametrize(
    ("gender", "warning"),
    [
        ("男", None),
        ("男性", None),
        ("女", "性别“女”与身份证号不符，已按身份证号记为男"),
        ("M", "性别“M”与身份证号不符，已按身份证号记为男"),
    ],
)
def test_gender_against_the_id_number(gender: str, warning: str | None) -> None:
    values, warnings = _read(("name", "id_number", "gender"), ["王", ID_A, gender])
    assert values["gender"] == "男" and warnings == ([warning] if warning else [])


def test_gender_unknown_without_an_id_number() -> None:
    values, warnings = _read(("name", "gender"), ["王", "M"])
    assert "gender" not in values and warnings == ["性别“M”无法识别，未导入", NO_ID]


@pytest.mark.parametrize(
    ("typed", "warned"),
    [
        ("1985-03-12", False),
        ("1985.03", False),  # 出生年月 holds the month only: the first of it agrees
        ("1985-03-01", False),
        ("1985-03-02", True),
        ("1985.04", True),  # the first of another month
        ("1984.03", True),  # of another year
        ("1986-03-12", True),
    ],
)
def test_birth_date_against_the_id_number(typed: str, warned: bool) -> None:
    values, warnings = _read(("name", "id_number", "birth_date"), ["王", ID_A, typed])
    assert values["birth_date"] == BIRTH
    assert warnings == ([f"出生日期“{typed}”与身份证号不符，已按身份证号记为1985-03-12"] if warned else [])


def test_an_unreadable_birth_date_is_warned_only_without_an_id_number() -> None:
    values, warnings = _read(("name", "id_number", "birth_date"), ["王", ID_A, "不详"])
    assert values["birth_date"] == BIRTH and warnings == []
    values, warnings = _read(("name", "birth_date"), ["王", "不详"])
    assert "birth_date" not in values and warnings == ["出生日期“不详”无法识别，未导入", NO_ID]


def test_birth_date_without_an_id_on_today_and_the_day_after() -> None:
    values, warnings = _read(("name", "birth_date"), ["王", TODAY])
    assert values["birth_date"] == TODAY and warnings == [NO_ID]
    tomorrow = TODAY + dt.timedelta(days=1)
    values, warnings = _read(("name", "birth_date"), ["王", tomorrow])
    assert "birth_date" not in values
    assert warnings == [f"出生日期 {tomorrow.isoformat()} 晚于今天，未导入", NO_ID]


@pytest.mark.parametrize(
    ("join", "warned"), [("2003-03-11", True), ("2003-03-12", False), ("2003-03-13", False)]
)
def test_joining_on_the_18th_birthday(join: str, warned: bool) -> None:
    for keys, row in ((("name", "id_number", "join_date"), ["王", ID_A, join]),
                      (("name", "birth_date", "join_date"), ["王", BIRTH, join])):  # fmt: skip
        values, warnings = _read(keys, row)
        assert values["join_date"] == dt.date.fromisoformat(join)
        early = f"入党日期 {join} 早于年满18周岁，请核对"
        assert (early in warnings) is warned


@pytest.mark.parametrize(
    ("full", "warned"), [("2008-06-30", True), ("2008-07-01", True), ("2008-07-02", False)]
)
def test_full_date_on_the_join_date(full: str, warned: bool) -> None:
    values, warnings = _read(
        ("name", "id_number", "join_date", "full_date"), ["王", ID_A, "2008-07-01", full]
    )
    assert values["full_date"] == dt.date.fromisoformat(full)
    assert warnings == (["转正日期不晚于入党日期，请核对"] if warned else [])


def test_full_date_problems_and_no_join_date() -> None:
    values, warnings = _read(("name", "id_number", "full_date"), ["王", ID_A, "不详"])
    assert "full_date" not in values and warnings == ["转正日期“不详”无法识别，未导入"]
    values, warnings = _read(("name", "id_number", "full_date"), ["王", ID_A, "2009-07-01"])
    assert values["full_date"] == dt.date(2009, 7, 1) and warnings == []


PLAIN = "人员类别“党员”：入党不满一年且没有转正日期，已记为预备党员，请核对"


@pytest.mark.parametrize(
    ("days_ago", "category"),
    [(0, "预备党员"), (365, "预备党员"), (366, "正式党员"), (367, "正式党员")],
)
def test_plain_member_is_probationary_within_a_year(days_ago: int, category: str) -> None:
    join = TODAY - dt.timedelta(days=days_ago)
    values, warnings = _read(("name", "id_number", "join_date", "category"), ["王", ID_A, join, "党员"])
    assert values["category"] == category
    assert warnings == ([PLAIN] if category == "预备党员" else [])


def test_plain_member_with_a_full_date_or_no_join_date_is_full() -> None:
    join = TODAY - dt.timedelta(days=10)
    values, warnings = _read(
        ("name", "id_number", "join_date", "full_date", "category"), ["王", ID_A, join, TODAY, "党员"]
    )
    assert values["category"] == "正式党员" and warnings == []
    values, warnings = _read(("name", "id_number", "category"), ["王", ID_A, "党 员"])
    assert values["category"] == "正式党员" and warnings == []


def test_category_words() -> None:
    values, warnings = _read(("name", "id_number", "category"), ["王", ID_A, "积极分子"])
    assert "category" not in values
    assert warnings == ["人员类别“积极分子”无法识别，应为正式党员或预备党员，未导入此项，请核对"]
    values, warnings = _read(
        ("name", "id_number", "full_date", "category"), ["王", ID_A, "2009-07-01", "预备"]
    )
    assert values["category"] == "预备党员" and warnings == ["已填写转正日期却标为预备党员，请核对"]
    values, warnings = _read(("name", "id_number", "category"), ["王", ID_A, "预备党员"])
    assert values["category"] == "预备党员" and warnings == []


def test_phone_warning_keeps_the_phone() -> None:
    values, warnings = _read(("name", "id_number", "phone"), ["王", ID_A, "138"])
    assert values["phone"] == "138" and len(warnings) == 1 and warnings[0].startswith("联系电话“138”：")
    values, warnings = _read(("name", "id_number", "phone"), ["王", ID_A, "13800138000"])
    assert values["phone"] == "13800138000" and warnings == []


def test_left_date_warning_comes_before_the_status_warning() -> None:
    keys = ("name", "id_number", "status", "left_date", "job")
    values, warnings = _read(keys, ["王", ID_A, "休假", "不详", "务农"])
    assert warnings == ["离开日期“不详”无法识别，未导入", "党籍状态“休假”无法识别，已记为在册"]
    assert values["status"] == "在册" and "left_date" not in values and values["job"] == "务农"
    values, warnings = _read(keys, ["王", ID_A, "去世", "2020-01-02", None])
    assert (values["status"], values["left_date"], "job" in values) == ("去世", dt.date(2020, 1, 2), False)


def test_flags_blank_is_no_and_a_place_is_the_destination() -> None:
    keys = ("name", "id_number", "is_mobile", "is_hardship", "is_lost_contact")
    values, warnings = _read(keys, ["王", ID_A, "广东深圳", None, "是"])
    assert (values["is_mobile"], values["is_hardship"], values["is_lost_contact"]) == (True, False, True)
    assert values["mobile_destination"] == "广东深圳" and warnings == []
    # a blank flag before a filled one: each flag read on its own
    values, _ = _read(
        ("name", "id_number", "is_mobile", "is_lost_contact", "is_committee"), ["王", ID_A, None, "是", None]
    )
    assert (values["is_mobile"], values["is_lost_contact"], values["is_committee"]) == (False, True, False)
    # a destination column of its own wins over the place in the flag column
    keys = ("name", "id_number", "mobile_destination", "is_mobile")
    values, _ = _read(keys, ["王", ID_A, "浙江杭州", "广东深圳"])
    assert values["mobile_destination"] == "浙江杭州" and values["is_mobile"] is True
    values, _ = _read(("name", "id_number", "is_hardship"), ["王", ID_A, "失联"])
    assert (
        values["is_hardship"] is True and "mobile_destination" not in values
    )  # only 流动's column says where


@pytest.mark.parametrize(
    ("note", "mobile", "destination"),
    [
        ("流动党员（广东深圳）", True, "广东深圳"),
        ("流动党员( 浙江 )", True, "浙江"),
        ("流动党员", True, None),
        ("流动党员（）", True, None),
        ("困难党员", None, None),
    ],
)
def test_a_note_saying_mobile_marks_the_member(
    note: str, mobile: bool | None, destination: str | None
) -> None:
    values, _ = _read(("name", "id_number", "note"), ["王", ID_A, note])
    assert values.get("is_mobile") is mobile and values.get("mobile_destination") == destination
    assert values["note"] == note


def test_a_note_is_not_read_when_there_is_a_mobile_column() -> None:
    values, _ = _read(("name", "id_number", "is_mobile", "note"), ["王", ID_A, None, "流动党员（广东）"])
    assert values["is_mobile"] is False and "mobile_destination" not in values
    values, _ = _read(
        ("name", "id_number", "mobile_destination", "note"), ["王", ID_A, "浙江", "流动党员（广东）"]
    )
    assert values["is_mobile"] is True and values["mobile_destination"] == "浙江"


def test_two_columns_for_one_field_the_first_filled_wins() -> None:
    rules = RowRules(
        Layout(0, 1, ["姓名", "手机", "固话", "序号"], {0: "name", 1: "phone", 2: "phone", 3: IGNORE}), TODAY
    )
    rows = [["甲", "13800138000", "0791-1234567", 1], ["乙", None, "0791-1234567", 2], ["丙", "", "", 3]]
    found = [rules.check(cells, lambda _w: None).get("phone") for cells in rules.cells_of(rows)]
    assert found == ["13800138000", "0791-1234567", None]
    assert rules.mapped == {"name", "phone"}


def test_numbers_are_remembered_apart_from_what_they_equal() -> None:
    """1, 1.0 and True are one key to a dict; as cells they say 1, 1 and 是."""
    rules = _rules("name", "note", "job")
    rows: list[list[Any]] = [["甲", 1, True], ["乙", True, 1], ["丙", 1.0, 1.5], ["丁", [1], None]]
    found = [rules.check(c, lambda _w: None) for c in rules.cells_of(rows)]
    assert [(v.get("note"), v.get("job")) for v in found] == [
        ("1", "是"),
        ("是", "1"),
        ("1", "1.5"),
        ("[1]", None),
    ]


def test_ragged_rows_and_rows_of_dates_and_texts() -> None:
    rules = _rules("name", "join_date", "note")
    rows: list[list[Any]] = [
        ["甲", dt.date(2008, 7, 1), " 备注 "],
        ["乙"],
        ["丙", "2008-07-01", "  "],
        ["丁", "2008-07-01"],
    ]
    found = [rules.check(c, lambda _w: None) for c in rules.cells_of(rows)]
    assert found[0] == {"name": "甲", "join_date": dt.date(2008, 7, 1), "note": "备注"}
    assert found[1] == {"name": "乙"}
    assert found[2] == {"name": "丙", "join_date": dt.date(2008, 7, 1)}
    assert found[3] == {"name": "丁", "join_date": dt.date(2008, 7, 1)}
    # the same cells read again in a later chunk come from the memo and say the same
    again = [rules.check(c, lambda _w: None) for c in rules.cells_of(rows)]
    assert again == found


def test_no_mapped_field_gives_an_empty_row_per_row() -> None:
    rules = RowRules(Layout(0, 1, ["序号", "x"], {0: IGNORE, 1: "no_such_field"}), TODAY)
    assert list(rules.cells_of([[1, 2], [3, 4]])) == [{}, {}]
    with pytest.raises(Reject, match="^没有填写姓名$"):
        rules.read([1, 2], lambda _w: None)


def test_join_md_is_the_month_and_day() -> None:
    rules = _rules("name")
    assert rules.join_md(None) is None
    assert rules.join_md(dt.date(2008, 7, 1)) == "07-01"
    assert rules.join_md(dt.date(1999, 7, 1)) == "07-01"  # remembered per day of the year
    assert rules.join_md(dt.date(2008, 12, 31)) == "12-31"
    assert rules.join_md(dt.date(2008, 1, 7)) == "01-07"


def test_full_width_text_is_made_half_width() -> None:
    values, _ = _read(("name", "id_number", "address", "note"), ["王", ID_A, " 凤凰村１组\u3000", "ＡＢ"])
    assert (values["address"], values["note"]) == ("凤凰村1组", "AB")


def test_a_blank_cell_among_numbers_is_no_value() -> None:
    """A column of numbers and a cell of spaces: the spaces say nothing (no key), as an empty cell."""
    rules = _rules("name", "note")
    rows: list[list[Any]] = [["甲", 1], ["乙", "  "], ["丙", 2.5], ["丁", None]]
    found = [rules.check(c, lambda _w: None) for c in rules.cells_of(rows)]
    assert found == [
        {"name": "甲", "note": "1"},
        {"name": "乙"},
        {"name": "丙", "note": "2.5"},
        {"name": "丁"},
    ]


def test_no_rows_give_no_cells() -> None:
    assert list(_rules("name", "note").cells_of([])) == []


def test_two_columns_for_one_field_in_column_order_whatever_the_mapping_order() -> None:
    mapping = {2: "phone", 0: "name", 1: "phone"}
    rules = RowRules(Layout(0, 1, ["姓名", "手机", "固话"], mapping), TODAY)
    (cells,) = rules.cells_of([["甲", "13800138000", "0791-1234567"]])
    assert rules.check(cells, lambda _w: None)["phone"] == "13800138000"
