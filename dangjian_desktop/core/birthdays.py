"""Political birthdays (政治生日): who has one when, milestones, the 光荣在党50年 list, the 6+X record.

The anniversary is a range query on `member.join_md` ("MM-DD" of 入党日期, indexed, kept by core/roster),
so a reminder over 50,000 members reads only the few thousand rows in the window. No Qt here.

Rules (DOMAIN.md, "Political birthday"):
- the date is the anniversary of 入党日期 (setting: of 转正日期 instead, falling back to 入党日期 for a
  预备党员, who has none yet but still has a political birthday);
- a 2月29日 date is kept on 2月28日 in other years, and `years` counts it as a full anniversary there;
- only members on the roster (在册) get one; members without a 入党日期 are listed apart (缺入党日期);
- 党龄 for the "光荣在党50年" medal counts from 转正日期 (the Party Constitution: 党龄从预备期满转为
  正式党员之日算起), whatever the birthday setting says.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from sqlalchemy import and_, delete, extract, func, null, or_, select
from sqlalchemy.orm import Session

from dangjian_desktop.core import settings
from dangjian_desktop.core.dates import format_cn
from dangjian_desktop.core.errors import UserError
from dangjian_desktop.core.models import BirthdayActivity, Category, Member, MemberStatus
from dangjian_desktop.core.oplog import log
from dangjian_desktop.core.settings import catalogue
from dangjian_desktop.core.text import clean

# The six fixed items of 高密's "6+X" practice, in the order the record book lists them.
SIX_ITEMS: tuple[str, ...] = (
    "建立户口簿记录",
    "谈心谈话",
    "重温入党誓词",
    "重读入党志愿书",
    "赠送生日礼物",
    "提出意见建议",
)
MILESTONES: tuple[int, ...] = (10, 20, 30, 40, 50)
MEDAL_YEARS = 50
MAX_WINDOW_DAYS = 365
# This feature's settings, declared in the settings catalogue.
REMINDER_DAYS = catalogue.BIRTHDAY_REMINDER_DAYS
COUNT_FROM_FULL_DATE = catalogue.BIRTHDAY_COUNT_FROM_FULL_DATE
X_ITEMS = catalogue.BIRTHDAY_X_ITEMS
CARD_MESSAGE = catalogue.BIRTHDAY_CARD_MESSAGE
CARDS_PER_PAGE = catalogue.BIRTHDAY_CARDS_PER_PAGE
DEFAULT_MESSAGE = CARD_MESSAGE.default
EMBLEM_IMAGE = catalogue.BIRTHDAY_EMBLEM_IMAGE


class BirthdayError(UserError):
    """The message is Chinese and shown to the user as it is."""


class BirthdayRow(NamedTuple):
    """One member's political birthday inside a window (a tuple: a window may hold thousands)."""

    member_id: int
    name: str
    party_group: str
    category: str
    join_date: dt.date  # 入党日期, as stored
    basis_date: dt.date  # what the anniversary counts from (入党日期, or 转正日期 by the setting)
    date: dt.date  # the anniversary in the window
    years: int

    @property
    def milestone(self) -> int | None:
        return self.years if self.years in MILESTONES else None

    def as_json(self) -> dict[str, object]:
        return {
            "member_id": self.member_id,
            "name": self.name,
            "join_date": self.join_date.isoformat(),
            "date": self.date.isoformat(),
            "years": self.years,
        }


@dataclass(frozen=True, slots=True)
class MissingDateRow:
    member_id: int
    name: str
    party_group: str
    category: str


@dataclass(frozen=True, slots=True)
class MedalRow:
    """A member whose 党龄 reaches 50 years in `year`: the branch applies for the medal before 七一."""

    member_id: int
    name: str
    party_group: str
    join_date: dt.date | None
    full_date: dt.date  # 转正日期, or 入党日期 + 1 year when the roster lacks it (estimated)
    estimated: bool
    year: int
    reach_date: dt.date

    @property
    def by_july_first(self) -> bool:
        return self.reach_date <= dt.date(self.year, 7, 1)


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


@dataclass(frozen=True)
class Reminder:
    """What the window shows on opening."""

    today: dt.date
    days: int
    today_rows: list[BirthdayRow]
    upcoming: list[BirthdayRow]  # after today, within `days`
    medal: list[MedalRow]
    missing_dates: list[MissingDateRow]

    @property
    def milestones(self) -> list[BirthdayRow]:
        return [r for r in self.today_rows + self.upcoming if r.milestone]

    @property
    def is_empty(self) -> bool:
        return not (self.today_rows or self.upcoming or self.medal)


# --- dates ------------------------------------------------------------------------------------------


def anniversary(basis: dt.date, year: int) -> dt.date:
    """The political birthday in `year`: 2月29日 falls on 2月28日 in other years."""
    if basis.month == 2 and basis.day == 29 and not calendar.isleap(year):
        return dt.date(year, 2, 28)
    return basis.replace(year=year)


def _md(day: dt.date) -> str:
    return f"{day.month:02d}-{day.day:02d}"


def _segments(start: dt.date, end: dt.date) -> list[tuple[int, str, str]]:
    """The window cut at each new year into (year, first MM-DD, last MM-DD)."""
    segments = []
    for year in range(start.year, end.year + 1):
        lo = start if year == start.year else dt.date(year, 1, 1)
        hi = end if year == end.year else dt.date(year, 12, 31)
        last = _md(hi)
        if not calendar.isleap(year) and lo <= dt.date(year, 2, 28) <= hi:
            last = max(last, "02-29")  # a 2月29日 member is remembered on 2月28日 this year
        segments.append((year, _md(lo), last))
    return segments


def check_days(days: int) -> int:
    if not 0 <= days <= MAX_WINDOW_DAYS:
        raise BirthdayError(f"提醒天数应在 0 到 {MAX_WINDOW_DAYS} 之间，这里是 {days}")
    return days


# --- queries ----------------------------------------------------------------------------------------


def count_from_full_date(session: Session) -> bool:
    return settings.get(session, COUNT_FROM_FULL_DATE)


def political_birthdays(
    session: Session,
    start: dt.date,
    days: int,
    *,
    branch_id: int | None = None,
    from_full_date: bool | None = None,
) -> list[BirthdayRow]:
    """Members on the roster whose political birthday falls in [start, start + days], by date then name.

    Each member appears at most once: a 366-day window that meets the same day twice keeps the first.
    """
    check_days(days)
    if from_full_date is None:
        from_full_date = count_from_full_date(session)
    end = start + dt.timedelta(days=days)
    columns = (
        Member.id,
        Member.name,
        Member.party_group,
        Member.category,
        Member.join_date,
        # 转正日期 only when it is the basis: one date fewer to read per row otherwise
        Member.full_date if from_full_date else null(),
        Member.branch_id,
    )
    segments = _segments(start, end)
    if from_full_date:
        # No MM-DD column for 转正日期: the database computes it, in one scan for all segments.
        basis = func.coalesce(Member.full_date, Member.join_date)
        md = extract("month", basis) * 100 + extract("day", basis)
        where = or_(
            *(md.between(int(f.replace("-", "")), int(la.replace("-", ""))) for _y, f, la in segments)
        )
        queries = [(md, where, segments)]
    else:
        # one indexed range per calendar year of the window
        queries = [(Member.join_md, Member.join_md.between(f, la), [(y, f, la)]) for y, f, la in segments]
    rows: list[BirthdayRow] = []
    seen: set[int] = set()
    dates: dict[tuple[int, int, int], dt.date] = {}  # one anniversary per calendar day, not per member
    for order, where, parts in queries:
        # branch_id is filtered below, not in SQL: without ANALYZE statistics SQLite would pick the
        # (branch_id, status) index, which matches everyone, over the selective join_md range.
        query = (
            select(*columns)
            .where(where, Member.status == MemberStatus.ACTIVE.value)
            .order_by(order, Member.party_group, Member.name, Member.id)
        )
        # Core execution, not ORM: plain tuples, no identity map, for the few thousand rows of a window.
        result = session.connection().execute(query).all()  # one fetchall, not a fetch per row
        for member_id, name, group, category, join, full, member_branch in result:
            if (branch_id is not None and member_branch != branch_id) or join is None or member_id in seen:
                continue
            basis_date = (full or join) if from_full_date else join
            month_day = f"{basis_date.month:02d}-{basis_date.day:02d}" if len(parts) > 1 else None
            for year, first, last in parts:
                if month_day is not None and not first <= month_day <= last:
                    continue
                key = (year, basis_date.month, basis_date.day)
                date = dates.get(key)
                if date is None:
                    date = dates[key] = anniversary(basis_date, year)
                years = year - basis_date.year
                if years < 1 or not start <= date <= end:
                    continue  # the day itself is joining, not a birthday
                seen.add(member_id)
                rows.append(BirthdayRow(member_id, name, group, category, join, basis_date, date, years))
                break
    # Already in day order but for 2月29日 moved to 2月28日; a stable sort on nearly sorted rows is cheap.
    rows.sort(key=_by_date)
    return rows


def _by_date(row: BirthdayRow) -> dt.date:
    return row.date


def birthdays_in_month(
    session: Session, year: int, month: int, *, branch_id: int | None = None
) -> list[BirthdayRow]:
    if not 1 <= month <= 12:
        raise BirthdayError(f"月份应为 1 到 12，这里是 {month}")
    if not 1900 <= year <= 2200:
        raise BirthdayError(f"年份 {year} 不对")
    first = dt.date(year, month, 1)
    return political_birthdays(session, first, calendar.monthrange(year, month)[1] - 1, branch_id=branch_id)


def missing_join_date(session: Session, *, branch_id: int | None = None) -> list[MissingDateRow]:
    """Members on the roster without a 入党日期: they get no reminder until the secretary fixes them."""
    # join_md is NULL exactly when join_date is, and indexed; branch_id is tested here, not in SQL,
    # for the same reason as in political_birthdays().
    query = select(Member.id, Member.name, Member.party_group, Member.category, Member.branch_id).where(
        Member.join_md.is_(None), Member.join_date.is_(None), Member.status == MemberStatus.ACTIVE.value
    )
    rows = [
        MissingDateRow(*row[:4])
        for row in session.connection().execute(query)
        if branch_id is None or row[4] == branch_id
    ]
    rows.sort(key=lambda r: (r.party_group, r.member_id))
    return rows


def medal_candidates(
    session: Session, years: Iterable[int], *, branch_id: int | None = None
) -> list[MedalRow]:
    """光荣在党50年: living members on the roster whose 党龄 (from 转正日期) reaches 50 in each year."""
    years = sorted(set(years))
    if not years:
        return []
    # 转正日期 in year-50; a 正式党员 whose roster lacks it is estimated from 入党日期 + 1 year.
    lo, hi = years[0] - MEDAL_YEARS, years[-1] - MEDAL_YEARS
    known = Member.full_date.between(dt.date(lo, 1, 1), dt.date(hi, 12, 31))
    estimated = and_(
        Member.full_date.is_(None),
        Member.category == Category.FULL.value,
        Member.join_date.between(dt.date(lo - 1, 1, 1), dt.date(hi - 1, 12, 31)),
    )
    query = select(
        Member.id, Member.name, Member.party_group, Member.join_date, Member.full_date, Member.branch_id
    ).where(or_(known, estimated), Member.status == MemberStatus.ACTIVE.value)
    wanted = set(years)
    rows = []
    for member_id, name, group, join, full, member_branch in session.connection().execute(query):
        if branch_id is not None and member_branch != branch_id:
            continue  # not in SQL: see political_birthdays()
        basis = full if full is not None else anniversary(join, join.year + 1)
        reach = anniversary(basis, basis.year + MEDAL_YEARS)
        if reach.year in wanted:
            rows.append(MedalRow(member_id, name, group, join, basis, full is None, reach.year, reach))
    rows.sort(key=lambda r: (r.reach_date, r.name))
    return rows


def reminder(
    session: Session, today: dt.date, *, branch_id: int | None = None, days: int | None = None
) -> Reminder:
    days = settings.get(session, REMINDER_DAYS) if days is None else days
    days = min(max(days, 0), MAX_WINDOW_DAYS)
    rows = political_birthdays(session, today, days, branch_id=branch_id)
    return Reminder(
        today=today,
        days=days,
        today_rows=[r for r in rows if r.date == today],
        upcoming=[r for r in rows if r.date > today],
        medal=medal_candidates(session, (today.year, today.year + 1), branch_id=branch_id),
        missing_dates=missing_join_date(session, branch_id=branch_id),
    )


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
    for chunk in (ids[i : i + 500] for i in range(0, len(ids), 500)):
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
