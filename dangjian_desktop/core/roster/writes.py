"""Writing the roster: add, edit, leave, restore, photo. Each checks through check_member() first."""

from __future__ import annotations

import datetime as dt
from dataclasses import fields

from sqlalchemy import select
from sqlalchemy.orm import Session

from dangjian_desktop.core import photos
from dangjian_desktop.core.dates import DateError, parse_date
from dangjian_desktop.core.models import (
    LEFT_STATUSES,
    Member,
    MemberPhoto,
    MemberStatus,
)
from dangjian_desktop.core.oplog import log
from dangjian_desktop.core.roster.checks import MemberDraft, MemberValues, RosterError, check_member, join_md
from dangjian_desktop.core.roster.rows import _get
from dangjian_desktop.core.search import search_key
from dangjian_desktop.core.text import clean


def _apply(member: Member, values: MemberValues) -> None:
    for f in fields(MemberValues):
        setattr(member, f.name, getattr(values, f.name))
    member.join_md = join_md(values.join_date)
    member.search_key = search_key(values.name, values.id_number, values.phone)


def _check_or_raise(draft: MemberDraft) -> MemberValues:
    result = check_member(draft)
    if not result.ok:
        raise RosterError("；".join(result.errors.values()))
    assert result.values is not None
    return result.values


def _ensure_unique_id(session: Session, id_number: str | None, member_id: int | None) -> None:
    if not id_number:
        return
    existing = session.scalar(select(Member).where(Member.id_number == id_number))
    if existing is not None and existing.id != member_id:
        raise RosterError(f"身份证号 {id_number} 已属于 {existing.name}，不能重复登记")


def add_member(session: Session, branch_id: int, draft: MemberDraft) -> int:
    values = _check_or_raise(draft)
    _ensure_unique_id(session, values.id_number, None)
    member = Member(branch_id=branch_id)
    _apply(member, values)
    session.add(member)
    session.flush()
    log(session, "新增党员", values.name)
    return member.id


def update_member(session: Session, member_id: int, draft: MemberDraft) -> None:
    member = _get(session, member_id)
    values = _check_or_raise(draft)
    _ensure_unique_id(session, values.id_number, member_id)
    _apply(member, values)
    session.flush()
    log(session, "修改党员信息", values.name)


def leave_roster(
    session: Session,
    member_id: int,
    status: str,
    date: dt.date | str | None,
    reason: str,
    *,
    today: dt.date | None = None,
) -> None:
    """转出 / 去世 / 停止党籍 / 出党: the member stays in the database, findable under 已离开.

    The date may be given as typed (any form parse_date reads); every rule of leaving is here."""
    if status not in LEFT_STATUSES:
        raise RosterError(f"离开方式应为：{'、'.join(LEFT_STATUSES)}")
    try:
        day = date if isinstance(date, dt.date) else parse_date(date or "")
    except DateError as exc:
        raise RosterError(f"离开日期：{exc}") from exc
    if day is None:
        raise RosterError("请填写离开日期")
    if day > (today or dt.date.today()):
        raise RosterError("离开日期不能晚于今天")
    if not clean(reason):
        raise RosterError("请填写原因")
    member = _get(session, member_id)
    if member.status != MemberStatus.ACTIVE.value:
        raise RosterError(f"{member.name} 已于 {member.left_date} {member.status}")
    member.status, member.left_date, member.left_reason = status, day, clean(reason)
    session.flush()
    log(session, f"党员{status}", f"{member.name}：{clean(reason)}")


def restore_to_roster(session: Session, member_id: int) -> None:
    """Undo a mistaken leave: back to 在册, the old status kept in the log."""
    member = _get(session, member_id)
    log(session, "恢复在册", f"{member.name}（原为{member.status}）")
    member.status, member.left_date, member.left_reason = MemberStatus.ACTIVE.value, None, ""
    session.flush()


def set_photo(session: Session, member_id: int, jpeg: bytes | None) -> None:
    member = _get(session, member_id)
    old = member.photo.jpeg if member.photo is not None else None
    if jpeg is None:
        member.photo = None
    elif member.photo is None:
        member.photo = MemberPhoto(member_id=member_id, jpeg=jpeg)
    else:
        member.photo.jpeg = jpeg
    session.flush()
    # the print-size copy is made now, once, so that no print decodes a camera-sized photo
    if old != jpeg:
        photos.forget_print_photo(old)
    photos.prepare_print_photo(jpeg)
