"""流动党员 (members working away) and 失联党员 (out of contact): trips, the contact log, last contact.

"流动不流失，离乡不离党": a member away keeps a trip record (外出日期, 地点, 原因, phone there, 流入地党组织,
《流动党员活动证》, the branch's 联系人) and a contact log. The roster's 流动党员 flag and 外出流向 follow
the open trip, so the roster and the trips never disagree.

Last contact is the latest of a meeting attended, a contact log entry that reached the member, and a dues
payment (where the branch keeps dues). Six months or more without contact puts a member on the
疑似失联 list; the branch confirms, the program never changes a status by itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dangjian_desktop.core import settings
from dangjian_desktop.core.dates import add_months
from dangjian_desktop.core.db import Database
from dangjian_desktop.core.models import (
    ContactLog,
    DuesPayment,
    InboundMember,
    Meeting,
    MeetingAttendance,
    Member,
    MemberStatus,
    MobileTrip,
)
from dangjian_desktop.core.oplog import log
from dangjian_desktop.core.transfers import (
    LOST_CAUSES,
    LOST_MONTHS,
    REMOVAL_YEARS,
    SPRING_FESTIVAL_MONTH,
    TRIP_REASONS,
    TransferError,
    months_between,
)


def _member(session: Session, member_id: int) -> Member:
    member = session.get(Member, member_id)
    if member is None:
        raise TransferError(f"找不到编号为 {member_id} 的党员")
    return member


def _open_trip(session: Session, member_id: int) -> MobileTrip | None:
    return session.scalar(
        select(MobileTrip).where(MobileTrip.member_id == member_id, MobileTrip.returned_date.is_(None))
    )


# --- trips ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TripDraft:
    left_date: dt.date
    place: str
    reason: str = "务工"
    phone_there: str = ""
    host_org: str = ""
    certificate_no: str = ""
    contact_person: str = ""


def go_out(db: Database, member_id: int, trip: TripDraft, *, today: dt.date | None = None) -> int:
    today = today or dt.date.today()
    place = trip.place.strip()
    if not place:
        raise TransferError("请填写外出地点")
    if trip.reason not in TRIP_REASONS:
        raise TransferError(f"外出原因应为：{'、'.join(TRIP_REASONS)}")
    if trip.left_date > today:
        raise TransferError("外出日期不能晚于今天")
    with db.transaction() as session:
        member = _member(session, member_id)
        if member.status != MemberStatus.ACTIVE.value:
            raise TransferError(f"{member.name} 已{member.status}")
        if _open_trip(session, member_id) is not None:
            raise TransferError(f"{member.name} 已登记外出，尚未返回")
        record = MobileTrip(
            member_id=member_id,
            left_date=trip.left_date,
            place=place,
            reason=trip.reason,
            phone_there=trip.phone_there.strip(),
            host_org=trip.host_org.strip(),
            certificate_no=trip.certificate_no.strip(),
            contact_person=trip.contact_person.strip(),
        )
        session.add(record)
        member.is_mobile, member.mobile_destination = True, place[:100]
        session.flush()
        log(session, "流动党员外出", f"{member.name} 去往 {place}")
        return record.id


def come_back(db: Database, member_id: int, day: dt.date, report: str = "") -> None:
    with db.transaction() as session:
        member = _member(session, member_id)
        trip = _open_trip(session, member_id)
        if trip is None:
            raise TransferError(f"{member.name} 没有未返回的外出登记")
        if day < trip.left_date:
            raise TransferError("返回日期不能早于外出日期")
        trip.returned_date, trip.return_report = day, report.strip()
        member.is_mobile, member.mobile_destination = False, ""
        log(session, "流动党员返回", member.name)


def log_contact(
    db: Database,
    member_id: int,
    day: dt.date,
    *,
    how: str,
    by: str = "",
    content: str = "",
    reached: bool = True,
    cause: str = "",
) -> int:
    """A contact (reached) or a search that found nobody (reached=False, with the usual cause)."""
    if cause and cause not in LOST_CAUSES:
        raise TransferError(f"失联原因应为：{'、'.join(LOST_CAUSES)}")
    if not how.strip():
        raise TransferError("请填写联系方式（电话、微信、走访、函询…）")
    with db.transaction() as session:
        member = _member(session, member_id)
        entry = ContactLog(
            member_id=member_id,
            date=day,
            how=how.strip(),
            by=by.strip(),
            content=content.strip(),
            reached=reached,
            cause=cause,
        )
        session.add(entry)
        session.flush()
        log(session, "联系党员" if reached else "查找失联党员", member.name)
        return entry.id


@dataclass(frozen=True, slots=True)
class MobileRow:
    member_id: int
    name: str
    left_date: dt.date
    place: str
    reason: str
    phone_there: str
    host_org: str
    certificate_no: str
    contact_person: str
    last_contact: dt.date | None

    def as_json(self) -> dict[str, object]:
        return {
            "member_id": self.member_id,
            "name": self.name,
            "left": self.left_date.isoformat(),
            "place": self.place,
            "reason": self.reason,
            "phone_there": self.phone_there,
            "host_org": self.host_org,
            "certificate_no": self.certificate_no,
            "contact_person": self.contact_person,
            "last_contact": self.last_contact.isoformat() if self.last_contact else None,
        }


def members_away(session: Session, *, branch_id: int | None = None) -> list[MobileRow]:
    query = (
        select(MobileTrip, Member.name)
        .join(Member, Member.id == MobileTrip.member_id)
        .where(MobileTrip.returned_date.is_(None), Member.status == MemberStatus.ACTIVE.value)
        .order_by(MobileTrip.left_date)
    )
    if branch_id is not None:
        query = query.where(Member.branch_id == branch_id)
    found = session.execute(query).all()
    contacts = last_contacts(session, [trip.member_id for trip, _ in found])
    return [
        MobileRow(
            t.member_id,
            name,
            t.left_date,
            t.place,
            t.reason,
            t.phone_there,
            t.host_org,
            t.certificate_no,
            t.contact_person,
            contacts.get(t.member_id),
        )
        for t, name in found
    ]


def spring_festival_reminder(session: Session, today: dt.date) -> list[MobileRow]:
    """In the month set before 春节: the members away, to be asked to join 组织生活 when home."""
    if today.month != settings.get(session, SPRING_FESTIVAL_MONTH):
        return []
    return members_away(session)


# --- 流入党员: members of other branches living or working here -----------------------------------------


@dataclass(frozen=True)
class InboundDraft:
    name: str
    home_org: str
    arrived: dt.date
    gender: str = ""
    phone: str = ""
    work: str = ""
    certificate_no: str = ""


@dataclass(frozen=True, slots=True)
class InboundRow:
    id: int
    name: str
    gender: str
    phone: str
    home_org: str
    work: str
    certificate_no: str
    arrived: dt.date

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "name": self.name,
            "home_org": self.home_org,
            "work": self.work,
            "phone": self.phone,
            "certificate_no": self.certificate_no,
            "arrived": self.arrived.isoformat(),
        }


def register_inbound(db: Database, draft: InboundDraft, *, today: dt.date | None = None) -> int:
    """登记流入党员: their membership stays with their own branch; here they join 组织生活."""
    from dangjian_desktop.core.text import clean_name

    name = clean_name(draft.name)
    if not name:
        raise TransferError("请填写流入党员的姓名")
    if not draft.home_org.strip():
        raise TransferError("请填写流入党员所在的党组织（流出地党组织）")
    if draft.arrived > (today or dt.date.today()):
        raise TransferError("流入日期不能晚于今天")
    with db.transaction() as session:
        from dangjian_desktop.core.branch import require_branch

        entry = InboundMember(
            branch_id=require_branch(session).id,
            name=name[:50],
            gender=draft.gender.strip()[:2],
            phone=draft.phone.strip()[:30],
            home_org=draft.home_org.strip()[:200],
            work=draft.work.strip()[:200],
            certificate_no=draft.certificate_no.strip()[:50],
            arrived=draft.arrived,
        )
        session.add(entry)
        session.flush()
        log(session, "登记流入党员", name)
        return entry.id


def inbound_left(db: Database, inbound_id: int, day: dt.date) -> None:
    with db.transaction() as session:
        entry = session.get(InboundMember, inbound_id)
        if entry is None:
            raise TransferError(f"找不到编号为 {inbound_id} 的流入党员")
        if day < entry.arrived:
            raise TransferError("离开日期不能早于流入日期")
        entry.left_date = day
        log(session, "流入党员离开", entry.name)


def members_here(session: Session, *, branch_id: int | None = None) -> list[InboundRow]:
    """流入党员 still here, longest first."""
    query = select(InboundMember).where(InboundMember.left_date.is_(None)).order_by(InboundMember.arrived)
    if branch_id is not None:
        query = query.where(InboundMember.branch_id == branch_id)
    return [
        InboundRow(m.id, m.name, m.gender, m.phone, m.home_org, m.work, m.certificate_no, m.arrived)
        for m in session.scalars(query)
    ]


# --- last contact and 失联 ----------------------------------------------------------------------------


def last_contacts(session: Session, member_ids: Iterable[int] | None = None) -> dict[int, dt.date]:
    """member_id -> the latest of: meeting attended, contact reached, dues paid."""
    wanted = None if member_ids is None else set(member_ids)
    latest: dict[int, dt.date] = {}

    def take(pairs: Iterable[tuple[int, dt.date | None]]) -> None:
        for member_id, day in pairs:
            if day is None or (wanted is not None and member_id not in wanted):
                continue
            if member_id not in latest or day > latest[member_id]:
                latest[member_id] = day

    take(
        session.execute(
            select(MeetingAttendance.member_id, func.max(Meeting.date))
            .join(Meeting, Meeting.id == MeetingAttendance.meeting_id)
            .where(MeetingAttendance.present.is_(True))
            .group_by(MeetingAttendance.member_id)
        ).all()
    )
    take(
        session.execute(
            select(ContactLog.member_id, func.max(ContactLog.date))
            .where(ContactLog.reached.is_(True))
            .group_by(ContactLog.member_id)
        ).all()
    )
    take(
        session.execute(
            select(DuesPayment.member_id, func.max(DuesPayment.paid_date)).group_by(DuesPayment.member_id)
        ).all()
    )
    return latest


@dataclass(frozen=True, slots=True)
class LostRow:
    member_id: int
    name: str
    last_contact: dt.date | None  # None: no contact on record since the member was entered
    since: dt.date  # last contact, or the day the member was entered into the program
    months: int
    confirmed: bool  # the branch has confirmed 失联 (the roster's 失联 flag)

    def as_json(self) -> dict[str, object]:
        return {
            "member_id": self.member_id,
            "name": self.name,
            "last_contact": self.last_contact.isoformat() if self.last_contact else None,
            "months": self.months,
            "confirmed": self.confirmed,
        }


def lost_members(
    session: Session, today: dt.date | None = None, *, branch_id: int | None = None
) -> list[LostRow]:
    """疑似失联 (six months or more without contact) and confirmed 失联 members on the roster."""
    today = today or dt.date.today()
    query = select(Member.id, Member.name, Member.is_lost_contact, Member.created_at).where(
        Member.status == MemberStatus.ACTIVE.value
    )
    if branch_id is not None:
        query = query.where(Member.branch_id == branch_id)
    members = session.execute(query).all()
    contacts = last_contacts(session, [m.id for m in members])
    rows = []
    for member_id, name, confirmed, created in members:
        last = contacts.get(member_id)
        # without any contact on record, the clock starts when the branch entered the member
        since = last or (created.date() if created else today)
        months = months_between(since, today) if since <= today else 0
        if confirmed or months >= LOST_MONTHS:
            rows.append(LostRow(member_id, name, last, since, months, bool(confirmed)))
    rows.sort(key=lambda r: (-r.months, r.name))
    return rows


def confirm_lost(db: Database, member_id: int, confirmed: bool = True) -> None:
    """The branch's decision that a member is (or no longer is) 失联: the roster's flag."""
    with db.transaction() as session:
        member = _member(session, member_id)
        member.is_lost_contact = confirmed
        log(session, "确认失联" if confirmed else "取消失联", member.name)


@dataclass(frozen=True, slots=True)
class RemovalDue:
    member_id: int
    name: str
    suspended: dt.date
    due: dt.date


def removal_reminders(session: Session, today: dt.date, *, days: int = 30) -> list[RemovalDue]:
    """停止党籍 two years ago (or within `days` of it): the branch is to decide on removal (除名)."""
    rows = session.execute(
        select(Member.id, Member.name, Member.left_date).where(
            Member.status == MemberStatus.SUSPENDED.value, Member.left_date.is_not(None)
        )
    ).all()
    horizon = today + dt.timedelta(days=days)
    due = [
        RemovalDue(member_id, name, left, add_months(left, 12 * REMOVAL_YEARS))
        for member_id, name, left in rows
    ]
    return sorted((r for r in due if r.due <= horizon), key=lambda r: r.due)


def opening_notes(session: Session, today: dt.date) -> list[str]:
    """What the 组织关系 tab says once at start: letters past their validity, members to ask home for
    组织生活 before 春节 (in the month set), 停止党籍 decisions reaching two years, unconfirmed 疑似失联."""
    from dangjian_desktop.core.transfers import OVERDUE, list_transfers

    notes = [
        f"{r.name}的介绍信已过有效期（{r.valid_until.isoformat()}），回执仍未收回"
        for r in list_transfers(session, today=today)
        if r.state == OVERDUE
    ]
    away = spring_festival_reminder(session, today)
    if away:
        notes.append(f"春节将至：请通知外出党员回乡时参加支部组织生活（{'、'.join(r.name for r in away)}）")
    notes += [
        f"{r.name}停止党籍将满两年（{r.due.isoformat()}），仍无法取得联系的，请支部研究是否除名"
        for r in removal_reminders(session, today)
    ]
    suspected = [r.name for r in lost_members(session, today) if not r.confirmed]
    if suspected:
        notes.append(f"6个月以上没有联系、待支部确认是否失联：{'、'.join(suspected)}")
    return notes
