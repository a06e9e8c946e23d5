"""What one roster cell says on its own (core/exchange/importing/cells.py), at the lines its rules draw:
a bare year against an Excel serial (1900 and 2100 on the line, 1899 and 2101 past it), a month where a
day is needed, 50 characters of name and 51, an ID number saved as a number, a date on today and the
day after. Pure functions: no database, no file."""

from __future__ import annotations

import datetime as dt

import pytest

from dangjian_desktop.core import member_fields
from dangjian_desktop.core.dates import DateError
from dangjian_desktop.core.exchange.importing import cells
from dangjian_desktop.core.exchange.importing import vocabulary as words
from dangjian_desktop.core.exchange.importing.cells import Cell
from tests.core.exchange.files import id_number

TODAY = dt.date(2026, 11, 22)
ID_A = id_number(dt.date(1985, 3, 12), 11)


def _rule(key: str, cell: object) -> Cell:
    return cells.CELL_RULES[key](cell, cells.cell_text(cell), TODAY)


# --- bare years and months --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "month"),
    [
        (1985.03, True),
        (1900.01, True),  # the range's first year
        (2100.12, True),  # its last
        (1899.12, False),  # below: an Excel serial (a day in 1905), not a month
        (2101.01, False),  # above
        (1985.0, False),  # a whole number is a bare year, not a month
        ("1985.03", True),
        ("1985年3月", True),
        ("1985", False),
        (" 1985年 ", False),
        ("abc", False),
        (None, False),
    ],
)
def test_month_only(value: object, month: bool) -> None:
    assert cells._month_only(value) is month


@pytest.mark.parametrize("value", [1900.0, 2100.0, 1985.0, 1900.01, 2100.12])
def test_a_number_that_is_a_year_or_a_month_is_no_day(value: float) -> None:
    with pytest.raises(DateError, match=f"^“{cells.cell_text(value)}”只有年份或年月，不是完整的日期$"):
        cells.read_date(value)


@pytest.mark.parametrize(("value", "day"), [(1899.0, dt.date(1905, 3, 13)), (2101.0, dt.date(1905, 10, 1))])
def test_a_number_past_the_years_is_an_excel_serial(value: float, day: dt.date) -> None:
    assert cells.read_date(value) == day
    assert cells.read_date(value, True) == day


def test_a_month_in_a_number_cell_reads_only_where_a_month_is_allowed() -> None:
    assert cells.read_date(1985.03, True) == dt.date(1985, 3, 1)
    with pytest.raises(DateError, match="^“1985”只有年份或年月"):
        cells.read_date(1985.0, True)  # a bare year is no month either


@pytest.mark.parametrize("value", ["1985", " 1985年 ", "2026"])
def test_a_bare_year_in_text_is_no_day(value: str) -> None:
    for allow_month in (False, True):
        with pytest.raises(DateError, match=f"^“{value.strip()}”只有年份，不是完整的日期$"):
            cells.read_date(value, allow_month)


def test_read_date_other_cells() -> None:
    assert cells.read_date(dt.datetime(2000, 1, 2, 3, 4)) == dt.date(2000, 1, 2)
    assert cells.read_date("2008-07-01") == dt.date(2008, 7, 1)
    assert cells.read_date(None) is None
    with pytest.raises(DateError, match="^无法识别的日期“是”"):
        cells.read_date(True)  # a check box cell is read as its word, and that is no date
    with pytest.raises(DateError, match=r"^无法识别的日期“\[1\]”"):
        cells.read_date([1])  # a TypeError inside parse_date becomes the user's message
    with pytest.raises(DateError, match="^无法识别的日期“1000"):
        cells.read_date(10**400)  # an OverflowError inside parse_date: the user's message too


# --- values of a cell alone -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "text", "result"),
    [
        ("ethnicity", "汉", ("汉族", "")),
        ("ethnicity", "汉 族", ("汉族", "")),
        ("ethnicity", "回族", ("回族", "")),
        ("ethnicity", "外星", ("外星", "")),
        ("education", "大 专", ("大学专科", "")),
        ("education", "夜校", ("夜校", "")),
        ("status", "去世", ("去世", "")),
        ("status", "正 常", ("在册", "")),
        ("status", "死亡", ("去世", "")),
        ("status", "休 假", ("在册", "党籍状态“休假”无法识别，已记为在册")),
        ("party_group", "第一 党小组", ("第一 党小组", "")),  # free text keeps its spaces
    ],
)
def test_simple_value(key: str, text: str, result: tuple[str, str]) -> None:
    assert cells.simple_value(key, text) == result
    assert _rule(key, text) == Cell(text, *result)


@pytest.mark.parametrize(
    ("text", "value", "problem"),
    [
        ("王　建 国", "王建国", ""),
        ("x" * 50, "x" * 50, ""),
        ("x" * 51, "x" * 51, "姓名“" + "x" * 20 + "…”太长，可能是填错了列"),
        ("", "", "没有填写姓名"),
    ],
)
def test_name(text: str, value: str, problem: str) -> None:
    assert cells._name(text, text, TODAY) == Cell(text, value, problem)


def test_a_valid_id_number_gives_its_facts() -> None:
    cell = _rule("id_number", ID_A)
    assert cell.problem == "" and cell.text == ID_A
    assert (cell.value.number, cell.value.birth_date, cell.value.gender) == (ID_A, dt.date(1985, 3, 12), "男")
    born_today = id_number(TODAY, 1)
    assert _rule("id_number", born_today).value.birth_date == TODAY


LOST = "身份证号被保存成了数字（{}），末几位已丢失；请在Excel中把该列设为“文本”后重新填写"


@pytest.mark.parametrize("value", [float(ID_A), 1e16, "4.20117E+17", "4.20117e17", "4E17"])
def test_an_id_number_saved_as_a_number_names_the_lost_digits(value: object) -> None:
    text = cells.cell_text(value)
    assert _rule("id_number", value) == Cell(text, None, LOST.format(text))


def test_a_number_below_1e16_is_checked_as_typed() -> None:
    cell = _rule("id_number", 9999999999999998.0)
    assert cell.value is None and cell.problem.startswith("身份证号“9999999999999998.0”有误：")
    fifteen = "420117850312123"  # an old 15-digit number fits a float whole: it reads
    assert _rule("id_number", float(fifteen)).value.number == "420117198503121232"


def test_a_wrong_id_number_is_named_unless_its_digits_are_foreign() -> None:
    wrong = ID_A[:-1] + ("0" if ID_A[-1] != "0" else "1")
    cell = _rule("id_number", wrong)
    assert cell == Cell(wrong, None, cell.problem)
    assert cell.problem.startswith(f"身份证号“{wrong}”有误：身份证号校验位不对")
    cell = _rule("id_number", "①" + ID_A[1:])
    assert cell.value is None and cell.problem.startswith("身份证号“（含非标准数字）”有误：")
    assert ID_A[1:] not in cell.problem
    born_tomorrow = id_number(TODAY + dt.timedelta(days=1), 1)
    cell = _rule("id_number", born_tomorrow)  # judged against the import's today, not the clock's
    assert cell.value is None and cell.problem.startswith(f"身份证号“{born_tomorrow}”有误：")


def test_join_date_on_today_and_the_day_after() -> None:
    assert _rule("join_date", TODAY) == Cell(TODAY.isoformat(), TODAY)
    tomorrow = TODAY + dt.timedelta(days=1)
    assert _rule("join_date", tomorrow) == Cell(
        tomorrow.isoformat(), None, f"入党日期 {tomorrow.isoformat()} 晚于今天，请核对"
    )


@pytest.mark.parametrize(
    ("cell", "problem"),
    [
        ("1985.03", "入党日期“1985.03”只有年月，请补全到日（政治生日要用具体日期）"),
        (1985.03, "入党日期“1985.03”只有年月，请补全到日（政治生日要用具体日期）"),
        ("1985", "入党日期“1985”无法识别"),
        ("去年", "入党日期“去年”无法识别"),
    ],
)
def test_join_date_that_is_no_day(cell: object, problem: str) -> None:
    assert _rule("join_date", cell) == Cell(cells.cell_text(cell), None, problem)


def test_birth_date_takes_a_month() -> None:
    assert _rule("birth_date", "1985.03") == Cell("1985.03", dt.date(1985, 3, 1))
    assert _rule("birth_date", 1985.03) == Cell("1985.03", dt.date(1985, 3, 1))
    assert _rule("birth_date", "不详") == Cell("不详", None, "出生日期“不详”无法识别，未导入")


def test_full_date_on_today_and_the_day_after() -> None:
    assert _rule("full_date", TODAY) == Cell(TODAY.isoformat(), TODAY)
    tomorrow = TODAY + dt.timedelta(days=1)
    assert _rule("full_date", tomorrow) == Cell(
        tomorrow.isoformat(), None, f"转正日期 {tomorrow.isoformat()} 晚于今天，未导入"
    )
    assert _rule("full_date", "1985.03") == Cell("1985.03", None, "转正日期“1985.03”无法识别，未导入")


def test_a_date_field_without_a_rule_names_its_label() -> None:
    left = member_fields.LABELS["left_date"]
    assert _rule("left_date", "2020-05-06") == Cell("2020-05-06", dt.date(2020, 5, 6))
    assert _rule("left_date", "不详") == Cell("不详", None, f"{left}“不详”无法识别，未导入")
    # a future 离开日期 is not refused here (no rule of its own)
    assert _rule("left_date", TODAY + dt.timedelta(days=3)).value == TODAY + dt.timedelta(days=3)


@pytest.mark.parametrize(("text", "value"), [("男", "男"), ("女 性", "女"), ("男性", "男"), ("M", None)])
def test_gender(text: str, value: str | None) -> None:
    assert _rule("gender", text) == Cell(text, value)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("党员", words.PLAIN_MEMBER),
        ("党 员", words.PLAIN_MEMBER),
        ("正式", "正式党员"),
        ("预 备", "预备党员"),
        ("积极分子", None),
    ],
)
def test_category(text: str, value: str | None) -> None:
    assert _rule("category", text) == Cell(text, value, "", text.replace(" ", ""))


def test_phone() -> None:
    assert _rule("phone", "13800138000") == Cell("13800138000", "13800138000")
    assert _rule("phone", 13800138000.0) == Cell("13800138000", "13800138000")
    assert _rule("phone", "0791-8888 1234") == Cell("0791-8888 1234", "0791-88881234")
    short = _rule("phone", "138")
    assert short.value == "138" and short.raw is None
    assert short.problem.startswith("联系电话“138”：") and short.problem.endswith("（已照原样导入）")
    # 11 digits that are no mobile number: the second digit is named, not the length it has
    for typed, second in (("12800138000", "2"), ("10800138000", "0")):
        assert _rule("phone", typed) == Cell(
            typed, typed, f"联系电话“{typed}”：手机号的第2位应为3-9，这里是{second}（已照原样导入）"
        )
    assert _rule("phone", "13800138000").problem == ""
    assert (
        _rule("phone", "1380013800").problem
        == "联系电话“1380013800”：手机号应为11位，这里是10位（已照原样导入）"
    )
    foreign = _rule("phone", "13800①38000")
    assert foreign == Cell(
        "13800①38000", None, "联系电话中有不是 0-9 的数字字符（如 ①、²），请改为普通数字", True
    )


@pytest.mark.parametrize(
    ("text", "value", "raw"),
    [
        ("否", False, None),
        ("no", False, None),
        ("N", False, None),
        ("/", False, None),
        ("是", True, None),
        ("y e s", True, None),
        ("√", True, None),
        ("广东深圳", True, "广东深圳"),  # a 流动 column that says where
    ],
)
def test_flag(text: str, value: bool, raw: str | None) -> None:
    for key in member_fields.FLAG_KEYS:
        assert _rule(key, text) == Cell(text, value, "", raw)


def test_every_field_has_the_rule_of_its_kind() -> None:
    for field in member_fields.FIELDS:
        rule = cells.CELL_RULES[field.key]
        if field.kind == member_fields.FLAG:
            assert rule is cells._flag
        elif field.kind == member_fields.TEXT and field.key in ("job", "address", "note", "party_group"):
            assert rule is cells._text
    assert cells.CELL_RULES["note"]("备注", " 备注 ", TODAY) == Cell(" 备注 ", " 备注 ")
    assert set(cells.SAME_CELL) == {k for k in cells.CELL_RULES if k not in cells._OWN_RULES} | set(
        cells._WORD_FIELDS
    )
    assert not {"name", "id_number", "join_date", "phone", "gender"} & set(cells.SAME_CELL)
