"""The 6+X record: which of the six items (and the branch's X items) each member's birthday got."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from dangjian_desktop.core import settings
from dangjian_desktop.core.birthdays.window import (
    SIX_ITEMS,
    X_ITEMS,
    BirthdayError,
    BirthdayRow,
    birthdays_in_month,
    political_birthdays,
)
from dangjian_desktop.core.dates import format_cn
from dangjian_desktop.core.db import in_batches
from dangjian_desktop.core.models import BirthdayActivity, Member
from dangjian_desktop.core.oplog import log
from dangjian_desktop.core.text import clean


@dataclass(frozen=True, slots=True)
class Activity:
    item: str
    done_date: dt.date
    note: str


@dataclass(frozen=True, slots=True)
class RecordRow:
    """A birthday with its 6+X record for that year: what the month view shows."""

    birthday: BirthdayRow
    done: dict[str, Activity] = field(default_factory=dict)

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(item for item in SIX_ITEMS if item not in self.done)

    @property
    def complete(self) -> bool:
        return not self.missing


# --- the 6+X record ---------------------------------------------------------------------------------


def x_items(session: Session) -> list[str]:
    return [clean(x) for x in settings.get(session, X_ITEMS) if clean(x)]


def _check_item(item: str) -> str:
    item = clean(item)
    if not item:
        raise BirthdayError("活动名称不能为空")
    if len(item) > 50:
        raise BirthdayError(f"活动名称太长（{len(item)}字，最多50字）：{item[:10]}…")
    return item


def _check_year(year: int) -> None:
    if not 1921 <= year <= 2200:
        raise BirthdayError(f"年份 {year} 不对")


def activities(session: Session, member_ids: Sequence[int], year: int) -> dict[int, dict[str, Activity]]:
    """The recorded 6+X items of these members in `year`: member id -> item -> activity."""
    result: dict[int, dict[str, Activity]] = {m: {} for m in member_ids}
    ids = list(member_ids)
    for chunk in in_batches(ids):
        query = select(
            BirthdayActivity.member_id,
            BirthdayActivity.item,
            BirthdayActivity.done_date,
            BirthdayActivity.note,
        ).where(BirthdayActivity.year == year, BirthdayActivity.member_id.in_(chunk))
        for member_id, item, done_date, note in session.execute(query):
            result[member_id][item] = Activity(item, done_date, note)
    return result


def record_activity(
    session: Session,
    member_id: int,
    year: int,
    item: str,
    done_date: dt.date,
    note: str = "",
    *,
    today: dt.date | None = None,
) -> None:
    """Records (or corrects) one 6+X item of a member's political birthday in `year`."""
    today = today or dt.date.today()
    item = _check_item(item)
    _check_year(year)
    if done_date > today:
        raise BirthdayError(f"“{item}”的完成日期 {format_cn(done_date)} 晚于今天")
    member = session.get(Member, member_id)
    if member is None:
        raise BirthdayError(f"找不到编号为 {member_id} 的党员")
    note = clean(note)
    existing = session.scalar(
        select(BirthdayActivity).where(
            BirthdayActivity.member_id == member_id,
            BirthdayActivity.year == year,
            BirthdayActivity.item == item,
        )
    )
    if existing is None:
        session.add(
            BirthdayActivity(member_id=member_id, year=year, item=item, done_date=done_date, note=note)
        )
    else:
        existing.done_date, existing.note = done_date, note
    session.flush()
    log(session, "政治生日记录", f"{member.name} {year}年：{item}（{format_cn(done_date)}）")


def clear_activity(session: Session, member_id: int, year: int, item: str) -> bool:
    """Removes a mistaken item; True when there was one."""
    result = session.execute(
        delete(BirthdayActivity).where(
            BirthdayActivity.member_id == member_id,
            BirthdayActivity.year == year,
            BirthdayActivity.item == item,
        )
    )
    if result.rowcount:
        member = session.get(Member, member_id)
        log(session, "撤销政治生日记录", f"{member.name if member else member_id} {year}年：{item}")
    return bool(result.rowcount)


@dataclass(frozen=True)
class ItemEdit:
    """One line of the record form: done or not, with its date and note."""

    item: str
    done: bool
    done_date: dt.date
    note: str = ""


def save_record(
    session: Session, member_id: int, year: int, edits: Sequence[ItemEdit], *, today: dt.date | None = None
) -> None:
    """The whole form of one member's year at once: checked items stored, unchecked ones removed."""
    for edit in edits:
        if edit.done:
            record_activity(session, member_id, year, edit.item, edit.done_date, edit.note, today=today)
        else:
            clear_activity(session, member_id, year, _check_item(edit.item))


def mark_month_done(
    session: Session,
    year: int,
    month: int,
    items: Sequence[str],
    done_date: dt.date,
    note: str = "",
    *,
    branch_id: int | None = None,
    today: dt.date | None = None,
) -> int:
    """The monthly group celebration (主题党日): these items done for everyone with a birthday that month.

    Items already recorded keep their own date and note. Returns how many items were recorded.
    """
    if not items:
        raise BirthdayError("请至少选择一项集体完成的活动")
    today = today or dt.date.today()
    if done_date > today:
        raise BirthdayError(f"完成日期 {format_cn(done_date)} 晚于今天")
    items = [_check_item(i) for i in items]
    rows = birthdays_in_month(session, year, month, branch_id=branch_id)
    done = activities(session, [r.member_id for r in rows], year)
    count = 0
    for row in rows:
        for item in items:
            if item not in done[row.member_id]:
                session.add(
                    BirthdayActivity(
                        member_id=row.member_id, year=year, item=item, done_date=done_date, note=clean(note)
                    )
                )
                count += 1
    session.flush()
    log(
        session,
        "政治生日集体活动",
        f"{year}年{month}月 {len(rows)} 人：{'、'.join(items)}，共记录 {count} 项",
    )
    return count


def month_record(session: Session, year: int, month: int, *, branch_id: int | None = None) -> list[RecordRow]:
    rows = birthdays_in_month(session, year, month, branch_id=branch_id)
    done = activities(session, [r.member_id for r in rows], year)
    return [RecordRow(r, done[r.member_id]) for r in rows]


def missing_this_year(session: Session, today: dt.date, *, branch_id: int | None = None) -> list[RecordRow]:
    """Members whose political birthday this year is past (or today) and whose six items are not all done."""
    start = dt.date(today.year, 1, 1)
    rows = political_birthdays(session, start, (today - start).days, branch_id=branch_id)
    done = activities(session, [r.member_id for r in rows], today.year)
    records = [RecordRow(r, done[r.member_id]) for r in rows]
    return [r for r in records if not r.complete]
