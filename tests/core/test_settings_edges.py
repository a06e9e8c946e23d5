"""Settings on their edges (core/settings/): each bound on its line and one step beyond, each kind
refusing the others with words naming the setting, the catalogue's declarations as declared, what a
broken stored value falls back to and how the dialog names it, the raw JSON stored, the dialog's
pages in order."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from dangjian_desktop.core import settings
from dangjian_desktop.core.models import Setting
from dangjian_desktop.core.settings import SettingError, catalogue
from dangjian_desktop.core.settings.spec import SettingSpec, group_of


@pytest.fixture
def made() -> Iterator[list[SettingSpec]]:
    """Settings of each kind (taken out of the registry again after the test)."""
    specs = [
        settings.register("test.days", 5, "公示天数", minimum=1, maximum=30),
        settings.register("test.size", 10.5, "字号", minimum=9.0, maximum=18.0),
        settings.register("test.ratio", 1.5, "比例", minimum=0.5, maximum=2.5),
        settings.register("test.low", 0, "下限", minimum=0),
        settings.register("test.high", 7, "上限", maximum=7),
        settings.register("test.flag", False, "开关"),
        settings.register("test.items", ["甲", "乙"], "条目"),
        settings.register("test.text", "默认", "文字"),
        settings.register("test.pages", 2, "张数", choices=[2, 4]),
        settings.register("test.empty", [], "空的"),
        settings.register("test.blank", "", "空白"),
    ]
    yield specs
    for spec in specs:
        settings.REGISTRY.pop(spec.key, None)


def _spec(key: str) -> SettingSpec:
    return settings.REGISTRY[key]


@pytest.mark.parametrize(
    ("key", "value", "ok"),
    [
        ("test.days", 1, True),
        ("test.days", 0, False),
        ("test.days", 30, True),
        ("test.days", 31, False),
        ("test.size", 9.0, True),
        ("test.size", 8.99, False),
        ("test.size", 18.0, True),
        ("test.size", 18.01, False),
        ("test.size", 9, True),  # an int for a float setting
        ("test.size", 19, False),
        ("test.low", 0, True),
        ("test.low", -1, False),
        ("test.low", 10**9, True),  # no upper bound
        ("test.high", 7, True),
        ("test.high", 8, False),
        ("test.high", -(10**9), True),  # no lower bound
    ],
)
def test_each_bound_on_its_line_and_one_beyond(made, key: str, value: float, ok: bool) -> None:  # type: ignore[no-untyped-def]
    spec = _spec(key)
    if ok:
        assert spec.check(value) == value
    else:
        with pytest.raises(SettingError, match=f"设置“{spec.label}”应在 "):
            spec.check(value)


def test_the_bounds_named_in_the_message(made) -> None:  # type: ignore[no-untyped-def]
    cases = {
        "test.days": (31, "设置“公示天数”应在 1 到 30 之间"),
        "test.size": (18.5, "设置“字号”应在 9 到 18 之间"),
        "test.ratio": (2.6, "设置“比例”应在 0.5 到 2.5 之间"),
        "test.low": (-1, "设置“下限”应在 0 到 不限 之间"),
        "test.high": (8, "设置“上限”应在 不限 到 7 之间"),
    }
    for key, (value, words) in cases.items():
        with pytest.raises(SettingError) as caught:
            _spec(key).check(value)
        assert str(caught.value) == words


def test_an_int_for_a_float_setting_becomes_a_float(made) -> None:  # type: ignore[no-untyped-def]
    value = _spec("test.size").check(12)
    assert value == 12.0 and type(value) is float
    with pytest.raises(SettingError, match="^设置“字号”应为数字$"):
        _spec("test.size").check(True)  # a bool is no number here
    with pytest.raises(SettingError, match="^设置“字号”应为数字$"):
        _spec("test.size").check("12")


def test_each_kind_refuses_the_others_in_its_own_words(made) -> None:  # type: ignore[no-untyped-def]
    refusals = [
        ("test.days", 5.0, "设置“公示天数”应为整数"),
        ("test.days", "5", "设置“公示天数”应为整数"),
        ("test.days", False, "设置“公示天数”应为整数"),
        ("test.flag", 1, "设置“开关”应为“是”或“否”"),
        ("test.flag", "是", "设置“开关”应为“是”或“否”"),
        ("test.flag", None, "设置“开关”应为“是”或“否”"),
        ("test.items", "甲", "设置“条目”应为若干行文字"),
        ("test.items", ["甲", 2], "设置“条目”应为若干行文字"),
        ("test.items", [None], "设置“条目”应为若干行文字"),
        ("test.text", 3, "设置“文字”应为文字"),
        ("test.text", True, "设置“文字”应为文字"),
        ("test.pages", 3, "设置“张数”只能是：2、4"),
        ("test.pages", 4.0, "设置“张数”应为整数"),
    ]
    for key, value, words in refusals:
        with pytest.raises(SettingError) as caught:
            _spec(key).check(value)
        assert str(caught.value) == words, (key, value)
    assert _spec("test.flag").check(True) is True and _spec("test.flag").check(False) is False
    assert _spec("test.items").check(("丙",)) == ["丙"] and type(_spec("test.items").check(("丙",))) is list
    assert _spec("test.items").check([]) == [] and _spec("test.text").check("") == ""
    assert _spec("test.pages").check(4) == 4 and _spec("test.pages").check(2) == 2


def test_a_kind_outside_the_table_is_named_by_its_type() -> None:
    odd = SettingSpec("test.odd", {"a": 1}, "其他类型")
    assert odd.kind == "dict" and odd.check({"b": 2}) == {"b": 2}
    with pytest.raises(SettingError) as caught:
        odd.check([1])
    assert str(caught.value) == "设置“其他类型”应为dict"


def test_kinds_and_pages(made) -> None:  # type: ignore[no-untyped-def]
    kinds = {s.key: s.kind for s in made}
    assert kinds == {
        "test.days": "int",
        "test.size": "float",
        "test.ratio": "float",
        "test.low": "int",
        "test.high": "int",
        "test.flag": "bool",
        "test.items": "list",
        "test.text": "str",
        "test.pages": "int",
        "test.empty": "list",
        "test.blank": "str",
    }
    assert group_of("ui.font_size") == "界面" and group_of("ui") == "界面"
    assert group_of("import.x") == group_of("exchange.y.z") == "导入导出"
    assert group_of("nosuch.x") == "其他" and group_of("x") == "其他" and group_of("") == "其他"
    assert group_of("ui_x.y") == "其他"  # the prefix is up to the first dot
    assert made[0].section == "其他" and made[0].group == "其他"
    other = SettingSpec("ui.x", 1, "甲", group="自定")
    assert other.section == "自定" and SettingSpec("ui.x", 1, "甲").section == "界面"


def test_register_keeps_everything_it_is_given(made) -> None:  # type: ignore[no-untyped-def]
    spec = settings.register(
        "cards.test_only", 3, "测试项", minimum=1, maximum=9, choices=[3, 5], hint="说明文字"
    )
    try:
        assert settings.REGISTRY["cards.test_only"] is spec
        assert (spec.key, spec.default, spec.label, spec.group) == ("cards.test_only", 3, "测试项", "明白卡")
        assert (spec.minimum, spec.maximum, spec.choices, spec.hint) == (1, 9, (3, 5), "说明文字")
        assert settings.register("cards.test_only", 4, "另一个", group="自定").group == "自定"
        assert settings.REGISTRY["cards.test_only"].default == 4  # declared again: the later one
    finally:
        settings.REGISTRY.pop("cards.test_only")
    assert (made[0].minimum, made[0].maximum, made[0].choices, made[0].hint) == (1, 30, (), "")
    assert made[8].choices == (2, 4)


def test_the_catalogue_as_declared() -> None:
    """The bounds, choices, pages and words each setting is declared with (a slip in `register` or in
    the meeting frequencies' helper would change them all)."""
    font = settings.UI_FONT_SIZE
    assert (font.key, font.default, font.minimum, font.maximum) == ("ui.font_size", 10.5, 9.0, 18.0)
    assert font.label == "界面字号（磅）" and font.group == "界面" and font.hint.startswith("年纪大的同志")
    days = catalogue.CARD_PUBLICITY_DAYS
    assert (days.minimum, days.maximum, days.group, days.choices) == (1, 30, "明白卡", ())
    letters = catalogue.TRANSFER_VALIDITY_DAYS
    assert (letters.default, letters.minimum, letters.maximum) == (30, 1, 90)
    assert catalogue.BIRTHDAY_CARDS_PER_PAGE.choices == (2, 4)
    assert catalogue.TOWNSHIP_MODE.group == "其他" and catalogue.TOWNSHIP_MODE.kind == "bool"
    assert settings.REGISTRY["birthdays.reminder_days"] is catalogue.BIRTHDAY_REMINDER_DAYS
    expected = {
        "general_assembly": ("支部党员大会", "每季度"),
        "committee": ("支部委员会会议", "每月"),
        "party_group": ("党小组会", "每月"),
        "party_lecture": ("党课", "每季度"),
        "theme_day": ("主题党日", "每月"),
        "organisational_life": ("组织生活会", "每年"),
        "member_review": ("民主评议党员", "每年"),
    }
    assert set(catalogue.MEETING_FREQUENCY) == set(expected)
    for name, (kind, default) in expected.items():
        spec = catalogue.MEETING_FREQUENCY[name]
        assert spec.key == f"meetings.frequency.{name}" and settings.REGISTRY[spec.key] is spec
        assert spec.label == f"{kind}召开频次（每月/每季度/每年/不要求）"
        assert spec.default == default and spec.choices == ("每月", "每季度", "每年", "不要求")
        assert spec.group == "三会一课" and spec.minimum is None and spec.maximum is None and spec.hint == ""


def test_parse_of_what_cannot_be_read(made) -> None:  # type: ignore[no-untyped-def]
    days = _spec("test.days")
    assert days.parse("30") == 30 and days.parse(" 1 ") == 1
    for raw in ("", "三十", "{", None):
        with pytest.raises(SettingError) as caught:
            days.parse(raw)  # type: ignore[arg-type]
        assert str(caught.value) == "设置“公示天数”保存的内容无法读取"
    with pytest.raises(SettingError, match="应在 1 到 30 之间"):
        days.parse("31")


def test_a_broken_value_falls_back_and_is_named(db, made, caplog) -> None:  # type: ignore[no-untyped-def]
    stored = {
        "test.days": "0",  # one below the lowest
        "test.flag": '"是"',
        "test.items": "[1]",
        "test.empty": "5",
        "test.blank": "5",
        "test.size": "18.5",
        "zzz.unknown": "1",
        "aaa.unknown": "2",
    }
    with db.transaction() as session:
        for key, raw in stored.items():
            session.add(Setting(key=key, value=raw))
    with caplog.at_level(logging.WARNING, logger="dangjian_desktop.core.settings"), db.reading() as session:
        assert settings.get(session, _spec("test.days")) == 5
        assert settings.get(session, _spec("test.size")) == 10.5
        found = settings.problems(session)
        values = settings.current_values(session)
    assert [r.getMessage() for r in caplog.records][:2] == [
        "设置“公示天数”应在 1 到 30 之间；已改用默认值 5",
        "设置“字号”应在 9 到 18 之间；已改用默认值 10.5",
    ]
    assert found == [
        "数据库中的设置“aaa.unknown”本程序不认识（可能来自更新的版本），已忽略",
        "设置“空白”应为文字，保存的内容已损坏，已改用默认值：（空）",
        "设置“公示天数”应在 1 到 30 之间，保存的内容已损坏，已改用默认值：5",
        "设置“空的”应为若干行文字，保存的内容已损坏，已改用默认值：（空）",
        "设置“开关”应为“是”或“否”，保存的内容已损坏，已改用默认值：否",
        "设置“条目”应为若干行文字，保存的内容已损坏，已改用默认值：甲、乙",
        "设置“字号”应在 9 到 18 之间，保存的内容已损坏，已改用默认值：10.5",
        "数据库中的设置“zzz.unknown”本程序不认识（可能来自更新的版本），已忽略",
    ]  # by key
    assert values["test.days"] == 5 and values["test.flag"] is False and values["test.items"] == ["甲", "乙"]
    assert set(values) == set(settings.REGISTRY)
    assert values["ui.font_size"] == 10.5


def test_the_fallback_shown_for_each_kind() -> None:
    from dangjian_desktop.core.settings import _show

    assert _show(True) == "是" and _show(False) == "否"
    assert _show(["甲", "乙"]) == "甲、乙" and _show([]) == "（空）"
    assert _show("") == "（空）" and _show("每月") == "每月" and _show(0) == "0" and _show(10.5) == "10.5"


def test_stored_as_json_with_chinese_kept_and_replaced_in_place(db, made) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        settings.put(session, _spec("test.items"), ["参观学习", "志愿服务"])
        settings.put(session, _spec("test.size"), 12)
        settings.put(session, _spec("test.days"), 1)
    with db.transaction() as session:
        settings.put(session, _spec("test.days"), 30)
        settings.save_all(session, {"test.text": "改过", "test.flag": True})
    with db.reading() as session:
        raw = dict(session.execute(select(Setting.key, Setting.value)).all())
        assert settings.get(session, _spec("test.days")) == 30
    assert raw == {
        "test.items": '["参观学习", "志愿服务"]',
        "test.size": "12.0",
        "test.days": "30",
        "test.text": '"改过"',
        "test.flag": "true",
    }
    with pytest.raises(SettingError, match="^没有名为“no.such”的设置$"), db.transaction() as session:
        settings.save_all(session, {"test.days": 2, "no.such": 1})
    with db.reading() as session:
        assert settings.get(session, _spec("test.days")) == 30  # nothing changed


def test_peek_on_the_line_and_beyond(db, made) -> None:  # type: ignore[no-untyped-def]
    for raw, expected in (("1", 1), ("0", 5), ("30", 30), ("31", 5), ("nonsense", 5)):
        with db.transaction() as session:
            session.merge(Setting(key="test.days", value=raw))
        assert settings.peek(db.path, _spec("test.days")) == expected, raw
    assert settings.peek(db.path, _spec("test.text")) == "默认"


def test_the_pages_in_the_dialogs_order(made) -> None:  # type: ignore[no-untyped-def]
    extra = [
        settings.register("test.z_page", 1, "乙页", group="乙页"),
        settings.register("test.a_page", 1, "甲页", group="甲页"),
    ]
    try:
        grouped = settings.sections()
        every = list(settings.REGISTRY.values())
    finally:
        for spec in extra:
            settings.REGISTRY.pop(spec.key)
    titles = list(grouped)
    declared = [t for t in settings.GROUPS if t in titles]
    assert titles[: len(declared)] == declared
    # pages no GROUPS entry names come after them all, by title (其他 is one of GROUPS: before them)
    assert titles[len(declared) :] == sorted(["乙页", "甲页"])
    for title, specs in grouped.items():  # within a page, in the order declared
        assert specs == [s for s in every if s.section == title], title
    assert [s.key for s in grouped["界面"]] == ["ui.font_size"] and grouped["甲页"] == [extra[1]]
    assert sum(len(v) for v in grouped.values()) == len(every)
    assert settings._section_rank("界面") == 0 and settings._section_rank("其他") == len(settings.GROUPS) - 1
    assert settings._section_rank("无此页") == len(settings.GROUPS)
