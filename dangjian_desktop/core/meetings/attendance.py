"""Who is expected at a meeting: the roster as it stood on the meeting's day, by kind and 党小组."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from dangjian_desktop.core.dates import format_cn
from dangjian_desktop.core.meetings.kinds import (
    COMMITTEE,
    GROUP,
    MeetingError,
)
from dangjian_desktop.core.models import (
    Category,
    Member,
    MemberStatus,
)
from dangjian_desktop.core.text import clean, group_sort_key

# --- who is expected --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Person:
    """A member as the meeting form and the attendance list show them."""

    id: int
    name: str
    party_group: str
    is_committee: bool
    can_vote: bool  # 正式党员 on that date; 预备党员 have no vote


def on_roster(day: dt.date):  # noqa: ANN202 - a SQLAlchemy clause
    """In the branch on `day`: admitted by then and not gone (one who left that day or before is not 应到)."""
    return (
        or_(Member.join_date.is_(None), Member.join_date <= day),
        or_(
            Member.left_date > day,
            Member.left_date.is_(None) & (Member.status == MemberStatus.ACTIVE.value),
        ),
    )


def roster_on(session: Session, branch_id: int, day: dt.date) -> list[Person]:
    rows = session.execute(
        select(
            Member.id,
            Member.name,
            Member.party_group,
            Member.is_committee,
            Member.category,
            Member.full_date,
        )
        .where(Member.branch_id == branch_id, *on_roster(day))
        .order_by(Member.party_group, Member.id)
    )
    people = []
    for mid, name, group, committee, category, full in rows:
        can_vote = full <= day if full is not None else category == Category.FULL.value
        people.append(Person(mid, name, group, bool(committee), can_vote))
    return people


def expected_people(
    session: Session, branch_id: int, kind: str, day: dt.date, party_group: str = ""
) -> list[Person]:
    """应到: the whole branch, the 支委, or one 党小组, as the roster stood on the meeting's date."""
    return expected_from(roster_on(session, branch_id, day), kind, party_group)


def expected_from(people: list[Person], kind: str, party_group: str) -> list[Person]:
    if kind == COMMITTEE:
        return [p for p in people if p.is_committee]
    if kind == GROUP:
        return [p for p in people if p.party_group == party_group]
    return people


def party_groups_on(session: Session, branch_id: int, day: dt.date) -> list[str]:
    return sorted(
        {p.party_group for p in roster_on(session, branch_id, day) if p.party_group}, key=group_sort_key
    )


def resolve_names(session: Session, branch_id: int, names: Iterable[str], day: dt.date) -> list[int]:
    """Names typed on the command line -> member ids on the roster that day; a clear error otherwise."""
    roster = roster_on(session, branch_id, day)
    by_name: dict[str, list[Person]] = defaultdict(list)
    for person in roster:
        by_name[person.name].append(person)
    ids, unknown = [], []
    for raw in names:
        name = clean(raw)
        if not name:
            continue
        found = by_name.get(name, [])
        if not found:
            unknown.append(name)
        elif len(found) > 1:
            raise MeetingError(f"{format_cn(day)}在册党员中有 {len(found)} 人名叫“{name}”，请在程序中勾选")
        else:
            ids.append(found[0].id)
    if unknown:
        raise MeetingError(f"{format_cn(day)}在册党员中找不到：{'、'.join(unknown)}")
    return ids
