"""The 政治生日 settings as the 设置 form saves and shows them (core/birthdays/options.py), at their lines:
2 or 4 cards a page (3 and 5 refused), 0 and 365 days, a blank X item passed over, one of the six
fixed items refused by name, a 120-character message and one of 121, an empty message falling back to
the default, the log line, and X items typed in one line with each separator.

Written against the slips mutation testing planted (tests/MUTANTS.md) that the rest of the suite let
through; each fails on its slip and passes on the code as written."""

from __future__ import annotations

import pytest

from dangjian_desktop.core import birthdays as bd
from dangjian_desktop.core.birthdays.window import CARD_MESSAGE, DEFAULT_MESSAGE
from dangjian_desktop.core.db import Database
from tests.core.logs import last_log

S = bd.BirthdaySettings


def _save(db: Database, values: bd.BirthdaySettings) -> None:
    with db.transaction() as session:
        bd.save_settings(session, values)


def _load(db: Database) -> bd.BirthdaySettings:
    with db.reading() as session:
        return bd.load_settings(session)


def test_a_fresh_database_shows_the_declared_defaults(db: Database) -> None:
    shown = _load(db)
    assert shown == S(30, False, ["参观学习", "志愿服务", "结对帮扶"], CARD_MESSAGE.default, 2)


@pytest.mark.parametrize(
    "values",
    [
        S(0, True, ["读书会"], "祝您政治生日快乐", 4),  # every field away from its default
        S(365, False, [], "寄" * 120, 2),  # the longest window and message, no X item
    ],
)
def test_each_setting_is_stored_under_its_own_name(db: Database, values: bd.BirthdaySettings) -> None:
    _save(db, values)
    assert _load(db) == values


@pytest.mark.parametrize("per_page", [1, 3, 5])
def test_two_or_four_cards_a_page_only(db: Database, per_page: int) -> None:
    with db.transaction() as session, pytest.raises(bd.BirthdayError) as raised:
        bd.save_settings(session, S(10, False, [], "", per_page))
    assert str(raised.value) == "每张A4纸可印 2 张或 4 张贺卡"
    assert _load(db).cards_per_page == 2  # nothing stored


@pytest.mark.parametrize(("days", "ok"), [(-1, False), (0, True), (365, True), (366, False)])
def test_the_reminder_days_on_their_lines(db: Database, days: int, ok: bool) -> None:
    if ok:
        _save(db, S(days, False, [], "", 2))
        assert _load(db).reminder_days == days
    else:
        with pytest.raises(bd.BirthdayError, match=f"提醒天数应在 0 到 365 之间，这里是 {days}"):
            _save(db, S(days, False, [], "", 2))
        assert _load(db).reminder_days == 30


def test_x_items_cleaned_blank_ones_passed_over_repeats_once(db: Database) -> None:
    _save(db, S(10, False, ["  ", " 参观学习 ", "", "志愿服务", "参观学习", "志愿服务"], "", 2))
    assert _load(db).x_items == ["参观学习", "志愿服务"]
    assert last_log(db) == ("修改政治生日设置", "提前10天提醒；X活动：参观学习、志愿服务")


def test_no_x_item_logged_as_none(db: Database) -> None:
    _save(db, S(7, False, [], "", 2))
    assert last_log(db) == ("修改政治生日设置", "提前7天提醒；X活动：")


def test_one_of_the_six_fixed_items_is_refused_by_name(db: Database) -> None:
    with pytest.raises(bd.BirthdayError) as raised:
        _save(db, S(10, False, ["参观学习", " 谈心谈话 "], "", 2))
    assert str(raised.value) == "“谈心谈话”已是六项规定动作之一，不必再列为X活动"
    assert _load(db).x_items == ["参观学习", "志愿服务", "结对帮扶"]


def test_an_x_item_of_fifty_characters_and_not_more(db: Database) -> None:
    _save(db, S(10, False, ["活" * 50], "", 2))
    assert _load(db).x_items == ["活" * 50]
    with pytest.raises(bd.BirthdayError, match="活动名称太长（51字，最多50字）"):
        _save(db, S(10, False, ["活" * 51], "", 2))


def test_the_message_120_characters_and_not_more(db: Database) -> None:
    with pytest.raises(bd.BirthdayError) as raised:
        _save(db, S(10, False, [], "寄" * 121, 2))
    assert str(raised.value) == "贺卡寄语太长（121字，最多120字）"
    _save(db, S(10, False, [], " 祝福您 ", 2))
    assert _load(db).card_message == "祝福您"


def test_an_empty_message_falls_back_to_the_default(db: Database) -> None:
    _save(db, S(10, False, [], "另写的寄语", 2))
    _save(db, S(10, False, [], "   ", 2))
    assert _load(db).card_message == DEFAULT_MESSAGE


@pytest.mark.parametrize("sep", ["，", ",", ";", "；", "/", " ", "、"])
def test_x_items_typed_in_one_line(sep: str) -> None:
    assert bd.split_items(f"X活动{sep}志愿服务{sep}{sep}结对帮扶") == ["X活动", "志愿服务", "结对帮扶"]


def test_x_items_typed_with_nothing_in_them() -> None:
    assert bd.split_items("、 ，；") == []
    assert bd.split_items(" 参观学习 ") == ["参观学习"]
