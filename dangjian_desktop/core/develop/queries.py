"""Reading 发展党员 back: each person's steps, the list with next steps and warnings, names on the roster."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from dangjian_desktop.core.dates import format_cn
from dangjian_desktop.core.develop import rules as r
from dangjian_desktop.core.develop.path import DevelopError, PathState, StepRecord, replay
from dangjian_desktop.core.meetings import Person, roster_on
from dangjian_desktop.core.models import Member
from dangjian_desktop.core.models_develop import DevelopPerson, DevelopStep, DevelopStepPerson
from dangjian_desktop.core.text import clean

_STEP_FIELDS = (
    "id", "step", "date", "end_date", "note", "number", "method", "hours", "months", "entitled", "present",
    "votes_for", "votes_against", "votes_abstain", "passed", "meeting_id",
)  # fmt: skip


def _records(session: Session, person_ids: Iterable[int]) -> dict[int, list[StepRecord]]:
    ids = list(person_ids)
    names: dict[int, list[str]] = defaultdict(list)
    by_person: dict[int, list[StepRecord]] = {i: [] for i in ids}
    if not ids:
        return by_person
    rows = session.execute(
        select(DevelopStepPerson.step_id, Member.name)
        .join(Member, Member.id == DevelopStepPerson.member_id)
        .join(DevelopStep, DevelopStep.id == DevelopStepPerson.step_id)
        .where(DevelopStep.person_id.in_(ids))
        .order_by(DevelopStepPerson.step_id, DevelopStepPerson.position)
    )
    for step_id, name in rows:
        names[step_id].append(name)
    # plain rows, not ORM objects: the township list reads thousands of steps
    columns = [DevelopStep.person_id, *(getattr(DevelopStep, f) for f in _STEP_FIELDS)]
    for row in session.execute(select(*columns).where(DevelopStep.person_id.in_(ids))):
        values = dict(zip(_STEP_FIELDS, row[1:], strict=True))
        by_person[row[0]].append(StepRecord(**values, people=tuple(names.get(values["id"], ()))))
    return by_person


def person_records(session: Session, person_id: int) -> list[StepRecord]:
    return _records(session, [person_id])[person_id]


def entitled_on(session: Session, branch_id: int, day: dt.date) -> int:
    """应到会有表决权: the 正式党员 on the roster that day (预备党员 have no vote)."""
    return sum(1 for p in roster_on(session, branch_id, day) if p.can_vote)


def resolve_people(
    session: Session, branch_id: int, texts: Iterable[str], day: dt.date, kind: r.StepKind
) -> list[Person]:
    """Names (or roster ids, where two members share a name) -> members on the roster that day."""
    wanted = [clean(t) for t in texts if clean(t)]
    if not wanted:
        return []
    if not kind.people:
        raise DevelopError(f"“{kind.name}”不需要填写人员")
    roster = roster_on(session, branch_id, day)
    by_id = {str(p.id): p for p in roster}
    by_name: dict[str, list[Person]] = defaultdict(list)
    for p in roster:
        by_name[p.name].append(p)
    found: list[Person] = []
    for text in wanted:
        if text in by_id and text not in by_name:
            person = by_id[text]
        else:
            matches = by_name.get(text, [])
            if not matches:
                raise DevelopError(f"{format_cn(day)}在册党员中找不到“{text}”")
            if len(matches) > 1:
                ids = "、".join(str(p.id) for p in matches)
                raise DevelopError(f"在册党员中有 {len(matches)} 人名叫“{text}”，请改用花名册编号（{ids}）")
            person = matches[0]
        if kind.must_be_full and not person.can_vote:
            raise DevelopError(f"{person.name} 在 {format_cn(day)} 不是正式党员，不能作{kind.people}")
        if any(p.id == person.id for p in found):
            raise DevelopError(f"{person.name} 重复填写")
        found.append(person)
    if len(found) > kind.max_people:
        raise DevelopError(f"{kind.people}最多 {kind.max_people} 名，这里填了 {len(found)} 名")
    return found


@dataclass(frozen=True)
class PathRow:
    """One line of the 发展党员 list (and of `develop list --json`)."""

    id: int
    branch_id: int
    name: str
    id_number: str
    gender: str
    birth_date: dt.date | None
    party_group: str
    phone: str
    member_id: int | None
    state: PathState

    @property
    def stage(self) -> str:
        return self.state.stage

    def overdue(self, today: dt.date) -> bool:
        return self.state.due is not None and self.state.due < today

    def as_json(self) -> dict[str, object]:
        s = self.state
        return {
            "id": self.id,
            "name": self.name,
            "id_number": self.id_number,
            "stage": s.stage,
            "applied": _iso(s.applied),
            "activist": _iso(s.activist),
            "candidate": _iso(s.candidate),
            "admitted": _iso(s.admitted),
            "full": _iso(s.full),
            "member_id": self.member_id,
            "next_step": s.next_step or None,
            "due": _iso(s.due),
            "warnings": list(s.warnings),
        }


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _broken(exc: DevelopError) -> PathState:
    """A path that no longer replays (edited by hand, or rules changed): shown, not hidden."""
    state = PathState()
    state.warnings.append(f"记录有矛盾，请核对：{exc}")
    return state


def list_paths(
    session: Session,
    branch_id: int | None = None,
    *,
    include_finished: bool = False,
    today: dt.date | None = None,
) -> list[PathRow]:
    """Everyone on the path: overdue first, then by due date, then by stage; finished ones with --all."""
    today = today or dt.date.today()
    P = DevelopPerson  # noqa: N806 - short for the column list
    query = select(
        P.id, P.branch_id, P.name, P.id_number, P.gender, P.birth_date, P.party_group, P.phone, P.member_id
    ).order_by(P.id)
    if branch_id is not None:
        query = query.where(P.branch_id == branch_id)
    people = session.execute(query).all()
    records = _records(session, [p.id for p in people])
    local = r.local_rules(session)
    rows = []
    for p in people:
        try:
            state = replay(records[p.id], local)
        except DevelopError as exc:
            state = _broken(exc)
        if not include_finished and state.stage not in r.ON_PATH:
            continue
        rows.append(
            PathRow(
                p.id,
                p.branch_id,
                p.name,
                p.id_number,
                p.gender,
                p.birth_date,
                p.party_group,
                p.phone,
                p.member_id,
                state,
            )
        )
    far = dt.date.max
    rows.sort(
        key=lambda row: (not row.overdue(today), row.state.due or far, r.STAGES.index(row.stage), row.id)
    )
    return rows


@dataclass(frozen=True)
class PersonDetail:
    row: PathRow
    ethnicity: str
    education: str
    job: str
    address: str
    note: str
    branch_name: str
    steps: list[StepRecord]


def person_detail(session: Session, person_id: int) -> PersonDetail:
    from dangjian_desktop.core.models import Branch

    person = session.get(DevelopPerson, person_id)
    if person is None:
        raise DevelopError(f"找不到编号为 {person_id} 的发展党员记录")
    steps = person_records(session, person_id)
    try:
        state = replay(steps, r.local_rules(session))
    except DevelopError as exc:
        state = _broken(exc)
    branch = session.get(Branch, person.branch_id)
    row = PathRow(
        person.id,
        person.branch_id,
        person.name,
        person.id_number,
        person.gender,
        person.birth_date,
        person.party_group,
        person.phone,
        person.member_id,
        state,
    )
    return PersonDetail(
        row,
        person.ethnicity,
        person.education,
        person.job,
        person.address,
        person.note,
        branch.name if branch else "",
        sorted(steps, key=lambda s: (s.date, r.STEP_ORDER.get(s.step, 99), s.id)),
    )


def due_soon(
    session: Session, branch_id: int | None, today: dt.date, days: int | None = None
) -> list[PathRow]:
    """For the opening reminder: steps due in the next `days` days, and the overdue ones."""
    from dangjian_desktop.core import settings

    days = days if days is not None else settings.get(session, r.REMINDER_DAYS)
    limit = today + dt.timedelta(days=days)
    return [
        row for row in list_paths(session, branch_id, today=today) if row.state.due and row.state.due <= limit
    ]


def person_draft(session: Session, person_id: int) -> object:
    """The applicant's details as the form edits them (a service.PersonDraft)."""
    from dangjian_desktop.core.develop.service import PersonDraft

    person = session.get(DevelopPerson, person_id)
    if person is None:
        raise DevelopError(f"找不到编号为 {person_id} 的发展党员记录")
    applied = next(s.date for s in person.steps if s.step == r.APPLY)
    return PersonDraft(
        name=person.name,
        id_number=person.id_number,
        applied=applied,
        party_group=person.party_group,
        phone=person.phone,
        ethnicity=person.ethnicity,
        education=person.education,
        job=person.job,
        address=person.address,
        note=person.note,
    )
