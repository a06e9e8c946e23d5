"""The writes of 发展党员: each user action is one call that opens and owns its transaction.

add_person() puts an applicant on the path; record_step() records one step, checks the hard facts
(refusing with one Chinese message and changing nothing), links a vote to a 支部党员大会 record, and
keeps the roster in step with the path: admission adds the member as 预备党员, 转正 makes them 正式党员
from the day the probation ended.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from dangjian_desktop.core import idcard
from dangjian_desktop.core.dates import DateError, age_on, format_cn, parse_date
from dangjian_desktop.core.db import Database
from dangjian_desktop.core.develop import rules as r
from dangjian_desktop.core.develop.path import DevelopError, PathState, StepRecord, replay
from dangjian_desktop.core.develop.queries import entitled_on, person_records, resolve_people
from dangjian_desktop.core.develop.vote import Vote, count_vote
from dangjian_desktop.core.errors import UserError
from dangjian_desktop.core.meetings import GENERAL_ASSEMBLY, MeetingDraft, add_meeting
from dangjian_desktop.core.models import Category, Meeting, Member, MemberStatus
from dangjian_desktop.core.models_develop import DevelopPerson, DevelopStep, DevelopStepPerson
from dangjian_desktop.core.oplog import log
from dangjian_desktop.core.roster import MemberDraft, add_member, leave_roster, normalize_phone, phone_problem
from dangjian_desktop.core.text import clean, clean_name


@dataclass
class PersonDraft:
    """What the form or `develop add` holds, as typed."""

    name: str = ""
    id_number: str = ""
    applied: dt.date | str | None = None
    party_group: str = ""
    phone: str = ""
    ethnicity: str = "汉族"
    education: str = ""
    job: str = ""
    address: str = ""
    note: str = ""


@dataclass
class StepDraft:
    step: str
    date: dt.date | str | None
    note: str = ""
    people: list[str] = field(default_factory=list)  # names, or roster ids where names repeat
    end_date: dt.date | str | None = None
    number: str = ""
    method: str = ""
    hours: int | None = None
    months: int | None = None
    present: int | None = None
    votes_for: int | None = None
    votes_against: int | None = None
    votes_abstain: int | None = None


@dataclass(frozen=True)
class StepResult:
    step_id: int
    stage: str
    warnings: tuple[str, ...]  # the person's warnings that this step added
    vote: Vote | None
    member_id: int | None


def check_person(draft: PersonDraft, today: dt.date) -> dict[str, str]:
    """Field -> Chinese problem; empty when the applicant can be put on the path."""
    errors: dict[str, str] = {}
    if not clean_name(draft.name):
        errors["name"] = "姓名不能为空"
    elif len(clean_name(draft.name)) > 50:
        errors["name"] = "姓名太长"
    birth = None
    if not clean(draft.id_number):
        errors["id_number"] = "请填写公民身份号码（用于核对年龄）"
    else:
        try:
            birth = idcard.facts(draft.id_number).birth_date
        except idcard.IdNumberError as exc:
            errors["id_number"] = str(exc)
    try:
        applied = parse_date(draft.applied)
    except DateError as exc:
        errors["applied"] = f"申请日期：{exc}"
        applied = None
    if applied is None and "applied" not in errors:
        errors["applied"] = "请填写递交入党申请书的日期"
    elif applied is not None and applied > today:
        errors["applied"] = "申请日期不能晚于今天"
    elif applied is not None and birth is not None:
        rule = r.RULES["age"]
        if (age_on(birth, applied) or 0) < rule.amount:
            errors["applied"] = (
                f"{format_cn(applied)}申请时未满{rule.amount}周岁，不能申请入党（{rule.cite}）"
            )
    problem = phone_problem(normalize_phone(draft.phone))
    if problem:
        errors["phone"] = problem
    return errors


def add_person(db: Database, branch_id: int, draft: PersonDraft, *, today: dt.date | None = None) -> int:
    """入党申请: the applicant goes on the path with their application as the first step."""
    with db.transaction() as session:
        return add_person_in(session, branch_id, draft, today=today)


def add_person_in(
    session: Session, branch_id: int, draft: PersonDraft, *, today: dt.date | None = None
) -> int:
    """add_person inside a unit of work the caller owns (the demo builder)."""
    today = today or dt.date.today()
    errors = check_person(draft, today)
    if errors:
        raise DevelopError("；".join(errors.values()))
    facts = idcard.facts(draft.id_number)
    _ensure_new(session, branch_id, facts.number)
    person = DevelopPerson(branch_id=branch_id, id_number=facts.number)
    _fill(person, draft, facts)
    person.steps = [DevelopStep(step=r.APPLY, date=parse_date(draft.applied))]
    session.add(person)
    session.flush()
    log(session, "入党申请", person.name)
    return person.id


def update_person(db: Database, person_id: int, draft: PersonDraft, *, today: dt.date | None = None) -> None:
    """The applicant's details and application date, corrected; the path is checked again."""
    today = today or dt.date.today()
    errors = check_person(draft, today)
    if errors:
        raise DevelopError("；".join(errors.values()))
    facts = idcard.facts(draft.id_number)
    with db.transaction() as session:
        person = _person(session, person_id)
        if facts.number != person.id_number:
            _ensure_new(session, person.branch_id, facts.number)
        person.id_number = facts.number
        _fill(person, draft, facts)
        apply_step = next(s for s in person.steps if s.step == r.APPLY)
        apply_step.date = parse_date(draft.applied)  # type: ignore[assignment]
        session.flush()
        replay(person_records(session, person.id), r.local_rules(session))
        log(session, "修改发展党员信息", person.name)


def _fill(person: DevelopPerson, draft: PersonDraft, facts: idcard.IdFacts) -> None:
    person.name = clean_name(draft.name)
    person.gender, person.birth_date = facts.gender, facts.birth_date
    person.party_group = clean(draft.party_group)
    person.phone = normalize_phone(draft.phone)
    person.ethnicity = clean(draft.ethnicity) or "汉族"
    person.education, person.job = clean(draft.education), clean(draft.job)
    person.address, person.note = clean(draft.address), draft.note.strip()


def _ensure_new(session: Session, branch_id: int, id_number: str) -> None:
    other = session.scalar(
        select(DevelopPerson).where(
            DevelopPerson.branch_id == branch_id, DevelopPerson.id_number == id_number
        )
    )
    if other is not None:
        raise DevelopError(f"此身份证号已登记在发展党员名单中（{other.name}，编号 {other.id}）")
    member = session.scalar(
        select(Member).where(Member.id_number == id_number, Member.status == MemberStatus.ACTIVE.value)
    )
    if member is not None:
        raise DevelopError(f"{member.name} 已是在册党员，不需要登记入党申请")


def _person(session: Session, person_id: int) -> DevelopPerson:
    person = session.get(DevelopPerson, person_id)
    if person is None:
        raise DevelopError(f"找不到编号为 {person_id} 的发展党员记录")
    return person


def normalize_step(text: str) -> str:
    name = clean(text)
    name = r.ALIASES.get(name, name)
    if name not in r.RECORDABLE:
        raise DevelopError(f"步骤“{text}”不认识，应为：{'、'.join(r.RECORDABLE)}")
    return name


def record_step(
    db: Database, person_id: int, draft: StepDraft, *, today: dt.date | None = None
) -> StepResult:
    """One step, all or nothing. A vote that fails is recorded and says why; the stage stays."""
    with db.transaction() as session:
        return record_step_in(session, person_id, draft, today=today)


def record_step_in(
    session: Session, person_id: int, draft: StepDraft, *, today: dt.date | None = None
) -> StepResult:
    """record_step inside a unit of work the caller owns (the demo builder)."""
    today = today or dt.date.today()
    name = normalize_step(draft.step)
    kind = r.STEPS[name]
    day, end = _dates(draft, today)
    person = _person(session, person_id)
    local = r.local_rules(session)
    existing = person_records(session, person.id)
    before = replay(existing, local)
    people = resolve_people(session, person.branch_id, draft.people, day, kind)
    vote = _vote(session, person.branch_id, draft, day) if kind.vote else None
    candidate = StepRecord(
        id=1 << 60,
        step=name,
        date=day,
        end_date=end,
        note=draft.note.strip(),
        number=clean(draft.number),
        method=clean(draft.method),
        hours=draft.hours,
        months=draft.months,
        passed=vote.passed if vote else None,
        people=tuple(p.name for p in people),
    )
    after = replay([*existing, candidate], local)  # raises when a fact is out of order
    if name == r.NAME_ACTIVIST and candidate.method and candidate.method not in r.METHODS:
        raise DevelopError(f"推荐方式应为：{'、'.join(r.METHODS)}")
    step = DevelopStep(
        step=name,
        date=day,
        end_date=end,
        note=candidate.note,
        number=candidate.number,
        method=candidate.method,
        hours=draft.hours,
        months=draft.months,
    )
    step.people = [DevelopStepPerson(position=n, member_id=p.id) for n, p in enumerate(people)]
    if vote is not None:
        step.entitled, step.present = vote.entitled, vote.present
        step.votes_for, step.votes_against, step.votes_abstain = (
            vote.votes_for,
            vote.against,
            vote.abstain,
        )
        step.passed = vote.passed
        step.meeting_id = _link_meeting(session, person, name, day, vote, today)
    person.steps.append(step)
    session.flush()
    _sync_roster(session, person, after)
    log(session, f"发展党员：{name}", f"{person.name} {day.isoformat()}")
    new = tuple(w for w in after.warnings if w not in before.warnings)
    return StepResult(step.id, after.stage, new, vote, person.member_id)


def _dates(draft: StepDraft, today: dt.date) -> tuple[dt.date, dt.date | None]:
    try:
        day = parse_date(draft.date)
        end = parse_date(draft.end_date)
    except DateError as exc:
        raise DevelopError(str(exc)) from None
    if day is None:
        raise DevelopError("请填写日期")
    if day > today:
        raise DevelopError(f"日期 {format_cn(day)} 晚于今天，只能记录已经发生的事")
    if end is not None and end < day:
        raise DevelopError("结束日期早于开始日期")
    for value, label in ((draft.hours, "学时"), (draft.months, "月数")):
        if value is not None and value < 0:
            raise DevelopError(f"{label}不能为负数")
    return day, end


def _vote(session: Session, branch_id: int, draft: StepDraft, day: dt.date) -> Vote:
    numbers = (draft.present, draft.votes_for, draft.votes_against, draft.votes_abstain)
    if any(n is None for n in numbers):
        raise DevelopError("支部大会表决须写明实到人数和赞成、反对、弃权票数")
    entitled = entitled_on(session, branch_id, day)
    return count_vote(entitled, *numbers)  # type: ignore[arg-type]


def _link_meeting(
    session: Session, person: DevelopPerson, step: str, day: dt.date, vote: Vote, today: dt.date
) -> int:
    """The vote belongs to a 支部党员大会 record, so the meeting counts for compliance too."""
    subject = f"讨论接收{person.name}为预备党员" if step == r.ASSEMBLY else f"讨论{person.name}预备党员转正"
    line = f"{subject}：{vote.summary()}"
    meeting = session.scalar(
        select(Meeting)
        .where(Meeting.branch_id == person.branch_id, Meeting.kind == GENERAL_ASSEMBLY, Meeting.date == day)
        .order_by(Meeting.id)
    )
    if meeting is None:
        draft = MeetingDraft(
            kind=GENERAL_ASSEMBLY,
            date=day,
            title=subject,
            topics=[subject],
            votes=line,
            has_vote=True,
            record_attendance=False,
        )
        return add_meeting(session, person.branch_id, draft, today=today).meeting_id
    meeting.votes = f"{meeting.votes}\n{line}".strip()
    meeting.has_vote = True
    if subject not in meeting.topics.splitlines():
        meeting.topics = f"{meeting.topics}\n{subject}".strip()
    return meeting.id


def _sync_roster(session: Session, person: DevelopPerson, state: PathState) -> None:
    """The roster follows the path: 党委审批 adds the member, 转正审批 makes them 正式党员."""
    if state.approved is not None and person.member_id is None:
        member_draft = MemberDraft(
            name=person.name,
            ethnicity=person.ethnicity,
            id_number=person.id_number,
            education=person.education,
            join_date=state.admitted.isoformat(),  # type: ignore[union-attr]
            category=Category.PROBATIONARY.value,
            party_group=person.party_group,
            job=person.job,
            phone=person.phone,
            address=person.address,
            note=person.note,
        )
        try:
            person.member_id = add_member(session, person.branch_id, member_draft)
        except UserError as exc:  # a roster rule (the ID number already there): one clear message
            raise DevelopError(f"无法把{person.name}加入花名册：{exc}") from None
        session.flush()
    member = session.get(Member, person.member_id) if person.member_id else None
    if member is None:
        return
    if state.full is not None and member.full_date != state.full:
        member.category, member.full_date = Category.FULL.value, state.full
        log(session, "预备党员转正", f"{member.name} 转正日期 {state.full.isoformat()}")
    if state.stage == r.STOPPED and member.status == MemberStatus.ACTIVE.value:
        reason = f"取消预备党员资格：{state.stop_reason}"
        leave_roster(session, member.id, MemberStatus.EXPELLED.value, state.stopped, reason)  # type: ignore[arg-type]
    session.flush()


ROSTER_STEPS = (r.APPROVAL, r.FULL_APPROVAL, r.CANCEL, r.STOP)


def undo_last_step(db: Database, person_id: int) -> str:
    """删除误录: the most recently entered step goes, unless the roster already acted on it."""
    with db.transaction() as session:
        person = _person(session, person_id)
        steps = [s for s in person.steps if s.step != r.APPLY]
        if not steps:
            raise DevelopError("只有入党申请，没有可撤销的步骤")
        last = max(steps, key=lambda s: s.id)
        if last.step in ROSTER_STEPS and person.member_id is not None:
            raise DevelopError(f"“{last.step}”已经改动了花名册，不能撤销；请在花名册中核对")
        remaining = [s for s in person_records(session, person.id) if s.id != last.id]
        replay(remaining, r.local_rules(session))
        text = f"{last.date.isoformat()} {last.step}"
        person.steps.remove(last)
        session.flush()
        log(session, "撤销发展党员步骤", f"{person.name} {text}")
        return text
