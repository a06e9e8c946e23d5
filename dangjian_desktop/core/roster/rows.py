"""Reading the roster: the stored member as the form shows it, and plain rows for tables, the CLI and
printouts."""

from __future__ import annotations

import datetime as dt
from dataclasses import field, fields, make_dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from dangjian_desktop.core import member_fields
from dangjian_desktop.core.dates import age_on
from dangjian_desktop.core.models import (
    Member,
    MemberPhoto,
    MemberStatus,
)
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


class _RowMethods:
    __slots__ = ()
    status: str
    birth_date: dt.date | None
    id: int

    @property
    def is_active(self) -> bool:
        return self.status == MemberStatus.ACTIVE.value

    def age(self, today: dt.date | None = None) -> int | None:
        return age_on(self.birth_date, today or dt.date.today())

    def as_json(self) -> dict[str, object]:
        """The `roster list --json` shape: the fields core/member_fields.py gives a JSON key."""
        out: dict[str, object] = {"id": self.id}
        for f in member_fields.FIELDS:
            if f.json_key:
                value = getattr(self, f.key)
                out[f.json_key] = _iso(value) if f.kind == member_fields.DATE else value
        return out


# One roster line as tables, the CLI and printouts show it: the id, every declared field (core/
# member_fields.py), whether there is a photo and the search key; read as columns in this order. A row
# made by hand (a test, a sample) names its values: the fields it leaves out hold their defaults.
MemberRow = make_dataclass(
    "MemberRow",
    [
        ("id", int),
        *((f.key, f.value_type, field(default=f.default)) for f in member_fields.FIELDS),
        ("has_photo", bool, field(default=False)),
        ("search_key", str, field(default="")),
    ],
    bases=(_RowMethods,),
    namespace={"__module__": __name__},
    frozen=True,
    slots=True,
)


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


_ROW_COLUMNS = (
    Member.id,
    *(getattr(Member, f.key) for f in member_fields.FIELDS),
    MemberPhoto.member_id.is_not(None),
    Member.search_key,
)


def list_members(
    session: Session, *, branch_id: int | None = None, include_left: bool = True
) -> list[MemberRow]:
    """Plain rows in roster order (党小组, then name), read as columns: no ORM objects for 50,000."""
    query = select(*_ROW_COLUMNS).outerjoin(MemberPhoto, MemberPhoto.member_id == Member.id)
    if branch_id is not None:
        query = query.where(Member.branch_id == branch_id)
    if not include_left:
        query = query.where(Member.status == MemberStatus.ACTIVE.value)
    # Through the connection, not session.execute: Core rows skip the ORM's per-row loading machinery,
    # which costs more than the query itself on a township's 50,000 members.
    rows = [MemberRow(*row) for row in session.connection().execute(query.order_by(Member.id))]
    # 第一、第二、第三党小组 in that order (code points would put 三 before 二); stable, so by id within
    keys = {group: group_sort_key(group) for group in {r.party_group for r in rows}}
    rows.sort(key=lambda r: keys[r.party_group])
    return rows


def filter_rows(rows: list[MemberRow], text: str) -> list[MemberRow]:
    from dangjian_desktop.core.search import normalize_query

    query = normalize_query(text)
    return [r for r in rows if query in r.search_key] if query else list(rows)


def party_groups(session: Session) -> list[str]:
    groups = session.scalars(select(Member.party_group).distinct())
    return sorted((g for g in groups if g), key=group_sort_key)


def get_photo(session: Session, member_id: int) -> bytes | None:
    photo = session.get(MemberPhoto, member_id)
    return photo.jpeg if photo else None
