"""The search key's edges (core/search.py): compound surnames read as one, a surname with no listed
reading read character by character, the phone's digits whatever surrounds them, no number and no phone,
and the query's spaces."""

from __future__ import annotations

import pytest

from dangjian_desktop.core.search import name_readings, normalize_query, search_key


@pytest.mark.parametrize(
    ("name", "first_two"),
    [
        ("长孙无忌", ["zhang", "sun"]),  # 长 alone reads chang
        ("单于丹", ["chan", "yu"]),  # 单 alone reads dan
        ("长孙", ["zhang", "sun"]),  # the surname alone: two characters, nothing after them
    ],
)
def test_a_compound_surname_is_read_as_one(name: str, first_two: list[str]) -> None:
    (reading,) = name_readings(name)
    assert reading[:2] == first_two and len(reading) == len(name)


def test_a_surname_without_a_listed_reading_is_read_a_character_at_a_time() -> None:
    assert name_readings("阿依古丽·买买提江") == [["a", "yi", "gu", "li", "·", "mai", "mai", "ti", "jiang"]]
    assert name_readings("Anna") == [["a", "n", "n", "a"]]
    assert search_key("阿依古丽") == "阿依古丽|ayiguli|aygl||"


@pytest.mark.parametrize(
    ("phone", "digits"),
    [
        ("13800138000", "13800138000"),
        ("138 0013 8000", "13800138000"),  # ASCII, not all digits: the spaces go
        ("138-0013-9000 TEL", "13800139000"),  # letters below X, 0 and 9 themselves kept
        ("0791-1234567（村委会）", "07911234567"),  # not ASCII: the digits 0-9 alone
        ("", ""),
        (None, ""),
    ],
)
def test_the_phone_gives_its_ascii_digits_only(phone: str | None, digits: str) -> None:
    assert search_key("张三", "", phone) == f"张三|zhangsan|zs||{digits}"


def test_no_id_number_and_no_phone_leave_their_places_empty() -> None:
    assert search_key("张三") == search_key("张三", None, None) == "张三|zhangsan|zs||"
    assert search_key("张三", "11010119700101001X") == "张三|zhangsan|zs|11010119700101001x|"


@pytest.mark.parametrize(("typed", "query"), [("张 三", "张三"), ("　ZS　", "zs"), (" z s ", "zs"), ("", "")])
def test_a_query_loses_its_spaces_and_case(typed: str, query: str) -> None:
    assert normalize_query(typed) == query
