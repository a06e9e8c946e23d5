"""Reading the roster: the stored member as the form shows it, and plain rows for tables, the CLI and
printouts."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from dangjian_desktop.core.member_rows import MemberRow, read_member_rows
from dangjian_desktop.core.models import Member, MemberPhoto
from dangjian_desktop.core.roster.checks import MemberDraft, RosterError
from dangjian_desktop.core.text import group_sort_key


def _get(session: Session, member_id: int) -> Member:
    member = session.get(Member, member_id)
    if member is None:
        raise RosterError(f"找不到编号为 {member_id} 的党员")
    return member


def member_draft(session: Session, member_id: int) -> MemberDraft:
    """The stored member as the form shows it."""
    m = _get(session, member_id)
    return MemberDraft(
        name=m.name,
        gender=m.gender,
        ethnicity=m.ethnicity,
        birth_date=m.birth_date.isoformat() if m.birth_date else "",
        id_number=m.id_number or "",
        education=m.education,
        join_date=m.join_date.isoformat() if m.join_date else "",
        full_date=m.full_date.isoformat() if m.full_date else "",
        category=m.category,
        party_group=m.party_group,
        is_committee=m.is_committee,
        job=m.job,
        phone=m.phone,
        address=m.address,
        is_mobile=m.is_mobile,
        mobile_destination=m.mobile_destination,
        is_lost_contact=m.is_lost_contact,
        is_hardship=m.is_hardship,
        note=m.note,
    )


def list_members(
    session: Session, *, branch_id: int | None = None, include_left: bool = True
) -> list[MemberRow]:
    """Plain rows in roster order (党小组, then id), read as columns on the session's own connection
    (core/member_rows.py): no ORM objects for 50,000."""
    connection = session.connection().connection.driver_connection
    return read_member_rows(connection, branch_id=branch_id, include_left=include_left)  # type: ignore[arg-type]


def party_groups(session: Session) -> list[str]:
    groups = session.scalars(select(Member.party_group).distinct())
    return sorted((g for g in groups if g), key=group_sort_key)


def get_photo(session: Session, member_id: int) -> bytes | None:
    photo = session.get(MemberPhoto, member_id)
    return photo.jpeg if photo else None
