"""The 政治生日 tables: column declarations over the plain rows of core/birthdays (ui/table_models.py)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt

from dangjian_desktop.core.birthdays import (
    SIX_ITEMS,
    BirthdayRow,
    MedalRow,
    MissingDateRow,
    RecordRow,
)
from dangjian_desktop.core.dates import format_cn
from dangjian_desktop.core.text import group_sort_key
from dangjian_desktop.ui.table_models import Column, RowsModel, red_when

DONE = "✓"
__all__ = ["RowsModel"]  # the tab builds its tables from these columns and the shared model


def _md(row: BirthdayRow) -> str:
    return f"{row.date.month}月{row.date.day}日"


def _milestone(row: BirthdayRow) -> str:
    return f"入党{row.years}周年" if row.milestone else ""


BIRTHDAY_COLUMNS: list[Column[BirthdayRow]] = [
    Column("政治生日", lambda r: format_cn(r.date), lambda r: r.date),
    Column("姓名", lambda r: r.name),
    Column("党小组", lambda r: r.party_group, lambda r: group_sort_key(r.party_group)),
    Column("人员类别", lambda r: r.category),
    Column("入党日期", lambda r: format_cn(r.join_date), lambda r: r.join_date),
    Column("第几个", lambda r: f"第{r.years}个", lambda r: r.years),
    Column("逢十纪念", _milestone, lambda r: r.milestone or 0, colour=red_when(lambda r: bool(r.milestone))),
]


def _item_column(item: str) -> Column[RecordRow]:
    return Column(item, lambda r: DONE if item in r.done else "", align=Qt.AlignmentFlag.AlignCenter)


def record_columns(x_items: Sequence[str] = ()) -> list[Column[RecordRow]]:
    """The month view: who, when, then one column per 6+X item, then what is still missing."""
    return [
        Column("政治生日", lambda r: _md(r.birthday), lambda r: r.birthday.date),
        Column("姓名", lambda r: r.birthday.name),
        Column("党小组", lambda r: r.birthday.party_group, lambda r: group_sort_key(r.birthday.party_group)),
        Column("入党日期", lambda r: format_cn(r.birthday.join_date), lambda r: r.birthday.join_date),
        Column("第几个", lambda r: f"第{r.birthday.years}个", lambda r: r.birthday.years),
        Column(
            "逢十纪念",
            lambda r: _milestone(r.birthday),
            lambda r: r.birthday.milestone or 0,
            colour=red_when(lambda r: bool(r.birthday.milestone)),
        ),
        *[_item_column(item) for item in SIX_ITEMS],
        *[_item_column(item) for item in x_items],
        Column(
            "尚缺",
            lambda r: "、".join(r.missing) if r.missing else "已完成",
            lambda r: len(r.missing),
            colour=red_when(lambda r: bool(r.missing)),
        ),
    ]


MISSING_RECORD_COLUMNS: list[Column[RecordRow]] = [
    Column("政治生日", lambda r: format_cn(r.birthday.date), lambda r: r.birthday.date),
    Column("姓名", lambda r: r.birthday.name),
    Column("党小组", lambda r: r.birthday.party_group, lambda r: group_sort_key(r.birthday.party_group)),
    Column("第几个", lambda r: f"第{r.birthday.years}个", lambda r: r.birthday.years),
    Column("尚缺", lambda r: "、".join(r.missing), lambda r: len(r.missing), colour=red_when(lambda r: True)),
]

MEDAL_COLUMNS: list[Column[MedalRow]] = [
    Column("年度", lambda r: f"{r.year}年", lambda r: r.year),
    Column("姓名", lambda r: r.name),
    Column("党小组", lambda r: r.party_group, lambda r: group_sort_key(r.party_group)),
    Column("入党日期", lambda r: format_cn(r.join_date), lambda r: r.join_date),
    Column(
        "转正日期",
        lambda r: format_cn(r.full_date) + ("（缺，按入党满一年估算）" if r.estimated else ""),
        lambda r: r.full_date,
    ),
    Column("党龄满50年", lambda r: format_cn(r.reach_date), lambda r: r.reach_date),
    Column("七一前满50年", lambda r: "是" if r.by_july_first else "否（七一之后才满）"),
]

MISSING_DATE_COLUMNS: list[Column[MissingDateRow]] = [
    Column("姓名", lambda r: r.name),
    Column("党小组", lambda r: r.party_group, lambda r: group_sort_key(r.party_group)),
    Column("人员类别", lambda r: r.category),
    Column("问题", lambda r: "缺入党日期，无法提醒政治生日", colour=red_when(lambda r: True)),
]
