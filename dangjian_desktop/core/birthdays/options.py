"""The political-birthday settings as the 设置 form shows and saves them."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from dangjian_desktop.core import settings
from dangjian_desktop.core.birthdays.record import _check_item, x_items
from dangjian_desktop.core.birthdays.window import (
    CARD_MESSAGE,
    CARDS_PER_PAGE,
    COUNT_FROM_FULL_DATE,
    DEFAULT_MESSAGE,
    REMINDER_DAYS,
    SIX_ITEMS,
    X_ITEMS,
    BirthdayError,
    check_days,
)
from dangjian_desktop.core.oplog import log
from dangjian_desktop.core.text import clean

# --- settings, as the 设置 form shows them ------------------------------------------------------------


@dataclass(frozen=True)
class BirthdaySettings:
    reminder_days: int
    count_from_full_date: bool
    x_items: list[str]
    card_message: str
    cards_per_page: int


def load_settings(session: Session) -> BirthdaySettings:
    return BirthdaySettings(
        reminder_days=settings.get(session, REMINDER_DAYS),
        count_from_full_date=settings.get(session, COUNT_FROM_FULL_DATE),
        x_items=x_items(session),
        card_message=settings.get(session, CARD_MESSAGE),
        cards_per_page=settings.get(session, CARDS_PER_PAGE),
    )


def save_settings(session: Session, values: BirthdaySettings) -> None:
    check_days(values.reminder_days)
    if values.cards_per_page not in (2, 4):
        raise BirthdayError("每张A4纸可印 2 张或 4 张贺卡")
    items: list[str] = []
    for raw in values.x_items:
        item = _check_item(raw) if clean(raw) else ""
        if item in SIX_ITEMS:
            raise BirthdayError(f"“{item}”已是六项规定动作之一，不必再列为X活动")
        if item and item not in items:
            items.append(item)
    message = clean(values.card_message)
    if len(message) > 120:
        raise BirthdayError(f"贺卡寄语太长（{len(message)}字，最多120字）")
    settings.put(session, REMINDER_DAYS, values.reminder_days)
    settings.put(session, COUNT_FROM_FULL_DATE, values.count_from_full_date)
    settings.put(session, X_ITEMS, items)
    settings.put(session, CARD_MESSAGE, message or DEFAULT_MESSAGE)
    settings.put(session, CARDS_PER_PAGE, values.cards_per_page)
    log(session, "修改政治生日设置", f"提前{values.reminder_days}天提醒；X活动：{'、'.join(items)}")


def split_items(text: str) -> list[str]:
    """X items as typed in one line: 参观学习、志愿服务，结对帮扶."""
    for sep in "，,;；/ ":
        text = text.replace(sep, "、")
    return [clean(part) for part in text.split("、") if clean(part)]
