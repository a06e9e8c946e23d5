"""The edges of reading dates and ID numbers that mutation testing found untried (issue 21): each
value on its line, one below and one above, and the exact words of each refusal (a refusal is what
the secretary reads). The mutants these kill are named in tests/MUTANTS.md's header note."""

from __future__ import annotations

import datetime as dt

import pytest

from dangjian_desktop.core import idcard
from dangjian_desktop.core.dates import DateError, add_months, age_on, parse_date

D = dt.date


# --- dates -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (19000101, D(1900, 1, 1)),  # the first 8-digit number read as YYYYMMDD
        (21001231, D(2100, 12, 31)),  # the last
        (19850312, D(1985, 3, 12)),
        (1, D(1899, 12, 31)),  # the first Excel serial
        (2958465, D(9999, 12, 31)),  # the last
        (31000.0, D(1984, 11, 14)),
        ("2025-03-12T00:00:00", D(2025, 3, 12)),  # a datetime cell written out as text
        ("2025-03-12 00:00:00", D(2025, 3, 12)),
        ("2025年3月12日", D(2025, 3, 12)),
    ],
)
def test_numbers_and_texts_on_the_lines_read(value, expected) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (0, "无法识别的日期“0.0”"),
        (2958466, "无法识别的日期“2958466.0”"),  # past 9999-12-31: refused, not a crash
        (21001232, "无法识别的日期“21001232.0”"),  # just past the 8-digit range
        (True, "无法识别的日期“True”"),  # a tick box is no date
        (dt.time(9, 30), "无法识别的日期“09:30:00”"),
        ("2025-W01-1", "无法识别的日期“2025-W01-1”"),  # an ISO week date is not how anyone writes
        ("2025-02-30", "日期“2025-02-30”不存在，请核对年月日"),
        ("XT00:00:00", "无法识别的日期“XT00:00:00”"),  # ten characters: nothing cut off
        ("12 00:00:00", "无法识别的日期“12”"),  # eleven: the midnight cut off
    ],
)
def test_what_is_no_date_is_refused_in_words(value, words) -> None:
    with pytest.raises(DateError) as caught:
        parse_date(value)
    assert words in str(caught.value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1985.03, D(1985, 3, 1)),
        (1985.1, D(1985, 10, 1)),  # 1985.10 typed into a number cell arrives as 1985.1: October
        (1900.01, D(1900, 1, 1)),  # the first year read so
        (2100.12, D(2100, 12, 1)),  # the last
        (1899.12, D(1899, 12, 30) + dt.timedelta(days=1899)),  # below: an Excel serial
        (2101.01, D(1899, 12, 30) + dt.timedelta(days=2101)),  # above: an Excel serial
        (1985, D(1905, 6, 7)),  # a whole number is a serial even where a month may stand
        ("1985.03", D(1985, 3, 1)),
    ],
)
def test_a_month_typed_as_a_number(value, expected) -> None:
    assert parse_date(value, allow_month=True) == expected


@pytest.mark.parametrize("value", [1985.13, "1985.13", "1985年13月"])
def test_a_thirteenth_month_is_refused_naming_what_was_typed(value) -> None:
    with pytest.raises(DateError) as caught:
        parse_date(value, allow_month=True)
    assert str(caught.value) == f"日期“{value}”不存在，请核对年月日"


def test_without_allow_month_a_year_and_month_number_is_a_serial() -> None:
    assert parse_date(1985.5) == D(1905, 6, 7)
    with pytest.raises(DateError, match="无法识别的日期“1985.03”"):
        parse_date("1985.03")


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2026, 1, 31), 1, D(2026, 2, 28)),
        (D(2028, 1, 31), 1, D(2028, 2, 29)),
        (D(2026, 8, 31), 6, D(2027, 2, 28)),
        (D(2026, 12, 15), 1, D(2027, 1, 15)),  # across the year
        (D(2026, 11, 30), 1, D(2026, 12, 30)),  # December stays in its year
        (D(2026, 1, 15), -1, D(2025, 12, 15)),  # backwards across the year
        (D(2026, 3, 31), -1, D(2026, 2, 28)),
        (D(2026, 5, 10), 0, D(2026, 5, 10)),
        (D(2026, 5, 10), 24, D(2028, 5, 10)),
    ],
)
def test_add_months(day, months, expected) -> None:
    assert add_months(day, months) == expected


def test_age_on_the_birthday_and_the_day_before() -> None:
    assert age_on(D(1991, 7, 1), D(2026, 7, 1)) == 35
    assert age_on(D(1991, 7, 1), D(2026, 6, 30)) == 34
    assert age_on(None, D(2026, 7, 1)) is None


# --- ID numbers ------------------------------------------------------------------------------------


def _id(birth: dt.date, seq: int = 7) -> str:
    first17 = f"360426{birth:%Y%m%d}{seq:03d}"
    return first17 + idcard.check_char(first17)


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ("", "身份证号为空"),
        (
            "３６０４２６１９９１０１０１００７１ä",
            "身份证号只能由数字0-9组成，最后一位可以是X（这里有其他字符或其他写法的数字）",
        ),
        ("36042619910101007A", "身份证号只能由数字组成，最后一位可以是X"),
        ("36042691010100A", "15位身份证号应全部为数字"),
        ("360426910230007", "身份证号中的出生日期 19910230 不是真实日期"),
        ("360426199102300071", "身份证号中的出生日期 19910230 不是真实日期"),
        ("3604261991010100", "身份证号应为18位（或旧式15位），这里是16位"),
        ("360426199101010072", "身份证号校验位不对（应为1），请核对是否抄错"),
    ],
)
def test_each_refusal_in_its_exact_words(raw, words) -> None:
    with pytest.raises(idcard.IdNumberError) as caught:
        idcard.validate(raw)
    assert str(caught.value) == words


def test_born_today_is_possible_and_tomorrow_is_not() -> None:
    today = dt.date.today()
    assert idcard.is_valid(_id(today))
    tomorrow = today + dt.timedelta(days=1)
    with pytest.raises(idcard.IdNumberError) as caught:
        idcard.validate(_id(tomorrow))
    assert str(caught.value) == f"身份证号中的出生日期 {tomorrow.isoformat()} 不可能"


def test_the_earliest_birth_year_is_1890() -> None:
    assert idcard.is_valid(_id(D(1890, 1, 1)))
    assert not idcard.is_valid(_id(D(1889, 12, 31)))


def test_numbers_from_number_cells_and_typed_with_hyphens() -> None:
    assert idcard.validate(360426199101010071) == "360426199101010071"  # a number cell
    assert idcard.validate(360426910101007.0) == _id(D(1991, 1, 1), 7)  # 15 digits through float
    assert idcard.validate("360426-19910101-0071") == "360426199101010071"
    assert idcard.normalize("12X.0") == "12X.0"  # only digits before .0 came from a float
    assert idcard.normalize("123.0") == "123"
    assert idcard.is_valid("360426199101010071") is True
    assert idcard.facts(_id(D(1991, 1, 1), 6)).gender == "女"
    assert idcard.facts(_id(D(1991, 1, 1), 9)).gender == "男"


@pytest.mark.parametrize(
    ("number", "shown"),
    [
        ("123456789", "*********"),
        ("1234567890", "**********"),  # 10: six and four would show every character
        ("12345678901", "123456*8901"),
        ("360426910101007", "360426*****1007"),
    ],
)
def test_mask_on_its_lines(number, shown) -> None:
    assert idcard.mask(number) == shown
    assert idcard.mask(None) == ""
