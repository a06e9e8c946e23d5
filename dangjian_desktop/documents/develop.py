"""The documents of 发展党员, gathered from the database for the GUI and the CLI.

Every paper masks the ID number: they are handed around and filed, and DOMAIN.md keeps full numbers
to the roster and the township export.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy.orm import Session

from dangjian_desktop.core.branch import require_branch
from dangjian_desktop.core.dates import age_on, format_cn
from dangjian_desktop.core.develop import rules as r
from dangjian_desktop.core.develop.path import DevelopError, StepRecord
from dangjian_desktop.core.develop.queries import PersonDetail, list_paths, person_detail
from dangjian_desktop.core.develop.vote import Vote
from dangjian_desktop.core.idcard import mask
from dangjian_desktop.printing.develop_pdf import (
    Notice,
    PersonFacts,
    RecordSheet,
    StageGroup,
    StepLine,
    print_notice,
    print_record,
    print_stage_list,
)


def vote_of(step: StepRecord) -> Vote | None:
    numbers = (step.entitled, step.present, step.votes_for, step.votes_against, step.votes_abstain)
    if any(n is None for n in numbers):
        return None
    return Vote(*numbers)  # type: ignore[arg-type]


def step_detail(step: StepRecord) -> str:
    """One line for the 纪实表 and the timeline: who, what came of it, numbers, the vote."""
    kind = r.STEPS.get(step.step)
    parts: list[str] = []
    if step.people and kind is not None and kind.people:
        parts.append(f"{kind.people}：{'、'.join(step.people)}")
    if step.method:
        parts.append(f"推荐方式：{step.method}")
    if step.end_date:
        parts.append(f"至{format_cn(step.end_date)}")
    if step.hours:
        parts.append(f"{step.hours}学时")
    if step.months:
        parts.append(f"延长{step.months}个月")
    vote = vote_of(step)
    if vote is not None:
        parts.append(vote.summary())
    if step.number:
        label = "入党志愿书编号" if step.step == r.PRE_REVIEW else "文号"
        parts.append(f"{label}：{step.number}")
    if step.note:
        parts.append(step.note)
    return "；".join(parts)


def _facts(detail: PersonDetail) -> PersonFacts:
    row = detail.row
    return PersonFacts(
        branch_name=detail.branch_name,
        name=row.name,
        gender=row.gender,
        birth=format_cn(row.birth_date),
        id_number=mask(row.id_number),
        ethnicity=detail.ethnicity,
        education=detail.education,
        party_group=row.party_group,
        job=detail.job,
        address=detail.address,
        stage=row.stage,
    )


def _source() -> str:
    return f"{r.SOURCE}（{r.VERSION}年）及本地规定"


def record_pdf(session: Session, person_id: int, out: Path) -> Path:
    """《发展党员全程纪实表》: every recorded step with its date, and what needs explaining."""
    detail = person_detail(session, person_id)
    lines = [StepLine(s.step, format_cn(s.date), step_detail(s)) for s in detail.steps]
    sheet = RecordSheet(_facts(detail), lines, detail.row.state.warnings, _source())
    return print_record(sheet, out)


def activist_register_pdf(session: Session, person_id: int, out: Path) -> Path:
    """《入党积极分子考察登记表》: who proposed, the 培养联系人, each half-year 考察 and its conclusion."""
    detail = person_detail(session, person_id)
    if detail.row.state.activist is None:
        raise DevelopError(f"{detail.row.name} 尚未确定为入党积极分子")
    wanted = (r.APPLY, r.TALK, r.NAME_ACTIVIST, r.FILING, r.REVIEW, r.TRAINING, r.NAME_CANDIDATE)
    lines = [StepLine(s.step, format_cn(s.date), step_detail(s)) for s in detail.steps if s.step in wanted]
    if detail.row.stage == r.ACTIVIST:  # room for the next half-year 考察, written by hand
        lines += [StepLine(r.REVIEW, "", "")] * 2
    sheet = RecordSheet(_facts(detail), lines, (), _source())
    return print_record(sheet, out, title="入党积极分子考察登记表")


def publicity_pdf(session: Session, person_id: int, out: Path, *, today: dt.date | None = None) -> Path:
    """The 公示 of a 发展对象 (or of a 预备党员 before 转正), to be posted: the ID number masked."""
    today = today or dt.date.today()
    detail = person_detail(session, person_id)
    branch = require_branch(session)
    row, state = detail.row, detail.row.state
    publicity = [s for s in detail.steps if s.step == r.PUBLICITY]
    days = r.local_rules(session).publicity_days
    start = publicity[-1].date if publicity else today
    end = (publicity[-1].end_date if publicity else None) or r.add_working_days(start, days)
    to_full = state.stage == r.PROBATIONARY
    subject = "按期转为中共正式党员" if to_full else "接收为中共预备党员"
    facts = (
        f"{row.name}，{row.gender}，{format_cn(row.birth_date)}出生，{detail.ethnicity}，"
        f"{detail.education or '学历未填'}，公民身份号码 {mask(row.id_number)}，"
        f"{detail.job or '工作单位及职务未填'}。"
    )
    # "，于2024年…": a comma followed by a Chinese character, so no line can start with the comma
    dates = f"该同志于{format_cn(state.applied)}递交入党申请书"
    if state.activist:
        dates += f"，于{format_cn(state.activist)}被确定为入党积极分子"
    if state.candidate:
        dates += f"，于{format_cn(state.candidate)}被确定为发展对象"
    if state.admitted and to_full:
        dates += f"，于{format_cn(state.admitted)}被接收为中共预备党员"
    paragraphs = [
        f"经{branch.name}委员会研究，拟将{row.name}同志{subject}。现将有关情况公示如下：",
        facts,
        dates + "。",
        f"公示时间：{format_cn(start)}至{format_cn(end)}。",
        "公示期间，党员和群众可通过来信、来电、来访等方式，向党支部或上级党委反映公示对象的情况和问题。"
        "反映问题应实事求是，以个人名义反映的请写明真实姓名。",
        f"联系电话：{branch.phone or '（请填写）'}",
    ]
    title = f"关于{row.name}同志拟{subject}的公示"
    notice = Notice(title, paragraphs, (branch.name, format_cn(start)))
    return print_notice(notice, out)


def resolution_pdf(session: Session, person_id: int, out: Path) -> Path:
    """The 支部大会 resolution with the vote: the latest 支部大会 or 转正大会 recorded for this person."""
    detail = person_detail(session, person_id)
    branch = require_branch(session)
    votes = [s for s in detail.steps if s.step in (r.ASSEMBLY, r.FULL_ASSEMBLY) and vote_of(s) is not None]
    if not votes:
        raise DevelopError(f"{detail.row.name} 还没有记录支部大会表决")
    step = votes[-1]
    vote = vote_of(step)
    assert vote is not None
    name = detail.row.name
    admit = step.step == r.ASSEMBLY
    subject = f"接收{name}同志为中共预备党员" if admit else f"{name}同志预备党员转正"
    paragraphs = [
        f"{format_cn(step.date)}，{branch.name}召开支部党员大会，讨论{subject}的问题。",
        f"本支部应到会有表决权的正式党员 {vote.entitled} 名，实到 {vote.present} 名"
        f"（{'超过' if vote.valid else '未超过'}半数，会议{'有效' if vote.valid else '无效'}）。",
        f"经无记名投票表决：赞成 {vote.votes_for} 票，反对 {vote.against} 票，弃权 {vote.abstain} 票。",
    ]
    if vote.passed and admit:
        end = r.add_years(step.date, r.RULES["probation"].amount)
        paragraphs.append(
            f"赞成票超过应到会有表决权党员的半数，同意接收{name}同志为中共预备党员，"
            f"预备期一年，自{format_cn(step.date)}至{format_cn(end)}。报上级党委审批。"
        )
    elif vote.passed:
        paragraphs.append(
            f"赞成票超过应到会有表决权党员的半数，同意{name}同志按期转为中共正式党员。报上级党委审批。"
        )
    else:
        paragraphs.append(f"表决未通过：{vote.reason()}。")
    if step.note:
        paragraphs.append(step.note)
    title = f"{branch.name}支部党员大会决议"
    return print_notice(Notice(title, paragraphs, (branch.name, format_cn(step.date))), out)


def stage_list_pdf(session: Session, branch_id: int, out: Path, *, today: dt.date | None = None) -> Path:
    """Everyone on the path, grouped by stage, with the next step and its date."""
    today = today or dt.date.today()
    branch = require_branch(session)
    rows = list_paths(session, branch_id, today=today)
    since = {
        r.APPLICANT: lambda s: s.applied,
        r.ACTIVIST: lambda s: s.activist,
        r.CANDIDATE: lambda s: s.candidate,
        r.PROBATIONARY: lambda s: s.admitted,
    }
    groups = []
    for stage in r.ON_PATH:
        lines = []
        for row in (x for x in rows if x.stage == stage):
            age = age_on(row.birth_date, today)
            due = format_cn(row.state.due) + ("（已逾期）" if row.overdue(today) else "")
            lines.append(
                (
                    row.name,
                    row.gender,
                    "" if age is None else str(age),
                    format_cn(since[stage](row.state)),
                    row.state.next_step,
                    due,
                )
            )
        groups.append(StageGroup(stage, lines))
    return print_stage_list(branch.name, format_cn(today), groups, out)
