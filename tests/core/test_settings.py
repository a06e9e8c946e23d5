"""The typed settings registry: defaults, persistence, and broken or unknown values falling back."""

from __future__ import annotations

import pytest

from dangjian_desktop.core import settings
from dangjian_desktop.core.models import Setting
from dangjian_desktop.core.settings import SettingError


@pytest.fixture
def specs():
    """A few settings of every kind, removed again so other tests see the real registry only."""
    made = [
        settings.register("test.days", 30, "提前提醒天数", minimum=0, maximum=365),
        settings.register("test.flag", False, "按转正日期计算"),
        settings.register("test.items", ["参观学习", "志愿服务"], "活动"),
        settings.register("test.often", "每季度", "频次", choices=["每月", "每季度", "每年"]),
        settings.register("test.ratio", 1.5, "比例"),
    ]
    yield made
    for spec in made:
        settings.REGISTRY.pop(spec.key)


def test_defaults_when_nothing_is_stored(db) -> None:
    with db.reading() as session:
        assert settings.get(session, settings.UI_FONT_SIZE) == 10.5
        assert settings.get(session, settings.PRINT_SYSTEM_FONTS) is True
        assert settings.get(session, settings.BACKUP_FOLDER) == ""
        assert settings.problems(session) == []


def test_changes_are_persisted_across_reopening(db_path, specs) -> None:
    from dangjian_desktop.core.db import open_database

    days, flag, items, often, ratio = specs
    db = open_database(db_path)
    with db.transaction() as session:
        settings.save_all(
            session,
            {
                days.key: 45,
                flag.key: True,
                items.key: ["结对帮扶"],
                often.key: "每月",
                ratio.key: 2,
                settings.UI_FONT_SIZE.key: 14.0,
            },
        )
    db.close()
    db = open_database(db_path)
    with db.reading() as session:
        assert settings.get(session, days) == 45
        assert settings.get(session, flag) is True
        assert settings.get(session, items) == ["结对帮扶"]
        assert settings.get(session, often) == "每月"
        assert settings.get(session, ratio) == 2.0
        assert settings.current_values(session)[settings.UI_FONT_SIZE.key] == 14.0
    db.close()


def test_a_bad_value_in_save_all_changes_nothing(db, specs) -> None:
    days, flag, *_ = specs
    with pytest.raises(SettingError, match="提前提醒天数.*0 到 365"), db.transaction() as session:
        settings.save_all(session, {flag.key: True, days.key: 400})
    with db.reading() as session:
        assert settings.get(session, flag) is False
    with pytest.raises(SettingError, match="频次.*每月、每季度、每年"), db.transaction() as session:
        settings.save_all(session, {"test.often": "每周"})
    with pytest.raises(SettingError, match="没有名为"), db.transaction() as session:
        settings.save_all(session, {"no.such": 1})
    with pytest.raises(SettingError, match="应为整数"), db.transaction() as session:
        settings.put(session, days, True)  # a bool is not an int here


@pytest.mark.parametrize(
    ("key", "raw"),
    [
        ("test.days", "not json"),
        ("test.days", '"三十"'),
        ("test.days", "true"),
        ("test.days", "9999"),
        ("test.flag", "1"),
        ("test.items", '["参观学习", 3]'),
        ("test.often", '"每周"'),
    ],
)
def test_broken_values_fall_back_with_a_message(db, specs, key, raw) -> None:
    spec = settings.REGISTRY[key]
    with db.transaction() as session:
        session.add(Setting(key=key, value=raw))
    with db.reading() as session:
        assert settings.get(session, spec) == spec.default
        (message,) = settings.problems(session)
    assert spec.label in message and "已改用默认值" in message


def test_unknown_keys_are_ignored_with_a_message(db) -> None:
    with db.transaction() as session:
        session.add(Setting(key="future.feature", value="1"))
    with db.reading() as session:
        (message,) = settings.problems(session)
        assert "future.feature" in message and "不认识" in message
        assert "future.feature" not in settings.current_values(session)


def test_saving_repairs_a_broken_value(db, specs) -> None:
    days = specs[0]
    with db.transaction() as session:
        session.add(Setting(key=days.key, value="garbage"))
    with db.transaction() as session:
        settings.save_all(session, settings.current_values(session))
    with db.reading() as session:
        assert settings.problems(session) == []
        assert settings.get(session, days) == 30


def test_sections_group_by_prefix_or_given_group(specs) -> None:
    spec = settings.register("birthdays.test_only", 1, "测试", group="")
    try:
        grouped = settings.sections()
        assert list(grouped)[:3] == ["界面", "打印", "备份"]
        assert spec in grouped["政治生日"]
        assert specs[0] in grouped[settings.OTHER_GROUP]
    finally:
        settings.REGISTRY.pop(spec.key)
    assert settings.register("x.y", 1, "甲", group="自定").section == "自定"
    settings.REGISTRY.pop("x.y")


def test_register_keeps_its_three_argument_form() -> None:
    spec = settings.register("test.plain", 7, "普通")
    try:
        assert (spec.key, spec.default, spec.label, spec.kind) == ("test.plain", 7, "普通", "int")
        assert spec.parse("8") == 8
    finally:
        settings.REGISTRY.pop("test.plain")
