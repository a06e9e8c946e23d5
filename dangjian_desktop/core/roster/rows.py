"""Reading the roster: the stored member as the form shows it, and plain rows for tables, the CLI and
printouts."""

from __future__ import annotations

import datetime as dt
from dataclasses import fields

from sqlalchemy import select
from sqlalchemy.orm import Session

from dangjian_desktop.core.member_rows import (
    MemberLine,
    MemberRow,
    read_member_lines,
    read_member_row,
    read_member_rows,
)
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
    return MemberDraft(**{f.name: _as_typed(getattr(m, f.name)) for f in fields(MemberDraft)})


def _as_typed(value: object) -> object:
    """A stored value as the form holds it: a date as 1985-03-12, nothing as an empty line."""
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else value


def list_members(
    session: Session, *, branch_id: int | None = None, include_left: bool = True
) -> list[MemberRow]:
    """Plain rows in roster order (党小组, then id), read as columns on the session's own connection
    (core/member_rows.py): no ORM objects for 50,000."""
    connection = session.connection().connection.driver_connection
    return read_member_rows(connection, branch_id=branch_id, include_left=include_left)  # type: ignore[arg-type]


def list_lines(
    session: Session, line: type[MemberLine], *, branch_id: int | None = None, include_left: bool = True
) -> list[tuple[object, ...]]:
    """The stored lines of `line` (a table's fields only) in roster order, as list_members reads rows."""
    connection = session.connection().connection.driver_connection
    return read_member_lines(connection, line, branch_id=branch_id, include_left=include_left)


def member_details(session: Session, member_id: int) -> tuple[MemberRow, bytes | None] | None:
    """The whole member a table's line stands for, and the photo; None when no longer there."""
    row = read_member_row(session.connection().connection.driver_connection, member_id)
    if row is None:
        return None
    return row, get_photo(session, member_id) if row.has_photo else None


def party_groups(session: Session) -> list[str]:
    groups = session.scalars(select(Member.party_group).distinct())
    return sorted((g for g in groups if g), key=group_sort_key)


def get_photo(session: Session, member_id: int) -> bytes | None:
    photo = session.get(MemberPhoto, member_id)
    return photo.jpeg if photo else None
