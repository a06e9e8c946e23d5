import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dangjian_desktop.core import idcard
from dangjian_desktop.core.text import to_halfwidth

births = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2008, 12, 31))
areas = st.from_regex(r"[1-6][0-9]{5}", fullmatch=True)
sequences = st.integers(min_value=0, max_value=999)


def make_id(area: str, birth: dt.date, seq: int) -> str:
    first17 = f"{area}{birth:%Y%m%d}{seq:03d}"
    return first17 + idcard.check_char(first17)


def test_known_good_example() -> None:
    facts = idcard.facts("360426199101010071")
    assert facts.birth_date == dt.date(1991, 1, 1)
    assert facts.gender == "男"


@given(areas, births, sequences)
def test_any_generated_id_is_valid_with_its_facts(area: str, birth: dt.date, seq: int) -> None:
    number = make_id(area, birth, seq)
    facts = idcard.facts(number)
    assert facts.number == number
    assert facts.birth_date == birth
    assert facts.gender == ("男" if seq % 2 else "女")


@given(
    areas, births, sequences, st.integers(min_value=0, max_value=16), st.integers(min_value=1, max_value=9)
)
def test_any_single_digit_change_fails(area: str, birth: dt.date, seq: int, pos: int, delta: int) -> None:
    number = make_id(area, birth, seq)
    changed = number[:pos] + str((int(number[pos]) + delta) % 10) + number[pos + 1 :]
    assert not idcard.is_valid(changed)


@given(areas, births.filter(lambda d: d.year < 2000), sequences)
def test_15_digit_converts_to_18(area: str, birth: dt.date, seq: int) -> None:
    old = f"{area}{birth:%y%m%d}{seq:03d}"
    converted = idcard.validate(old)
    assert converted == make_id(area, birth, seq)
    assert idcard.facts(old).birth_date == birth


def test_lowercase_x_and_fullwidth_digits_are_normalised() -> None:
    upper = "42011719690624019X"
    assert idcard.validate(upper.lower()) == upper
    fullwidth = "".join(chr(ord(c) + 0xFEE0) for c in upper)
    assert to_halfwidth(fullwidth) == upper
    assert idcard.validate(fullwidth) == upper
    assert idcard.validate(" 4201 1719 6906 2401 9x ") == upper


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("", "为空"),
        ("36042619910101007", "18位"),
        ("360426199101010072", "校验位"),
        ("360426199102300071", "不是真实日期"),
        ("36042619910101007A", "只能由数字"),
    ],
)
def test_bad_numbers_say_why_in_chinese(raw: str, reason: str) -> None:
    with pytest.raises(idcard.IdNumberError, match=reason):
        idcard.validate(raw)


def test_mask_keeps_first_six_and_last_four() -> None:
    assert idcard.mask("360426199101010071") == "360426********0071"
    assert idcard.mask("") == ""
