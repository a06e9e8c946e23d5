"""One person's path worked out from their recorded steps: stage, key dates, warnings, next step.

A pure function over plain records (no database), replayed in date order every time: a step entered
late, between two older ones, is checked in its place. A hard fact out of order (a 发展对象 who was
never an 积极分子, a step after 终止) raises DevelopError; a broken interval rule is a warning naming
the rule, because branches also enter their past records, late ones included.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from dangjian_desktop.core.dates import format_cn
from dangjian_desktop.core.develop import rules as r
from dangjian_desktop.core.errors import UserError


class DevelopError(UserError):
    """The message is Chinese and shown to the user as it is."""


@dataclass(frozen=True)
class StepRecord:
    """A recorded step as the path needs it (from the database, or one about to be saved)."""

    id: int
    step: str
    date: dt.date
    end_date: dt.date | None = None
    note: str = ""
    number: str = ""
    method: str = ""
    hours: int | None = None
    months: int | None = None
    entitled: int | None = None
    present: int | None = None
    votes_for: int | None = None
    votes_against: int | None = None
    votes_abstain: int | None = None
    passed: bool | None = None
    people: tuple[str, ...] = ()  # names, in the order given
    meeting_id: int | None = None


@dataclass
class PathState:
    stage: str = r.APPLICANT
    applied: dt.date | None = None
    talked: dt.date | None = None
    activist: dt.date | None = None
    candidate: dt.date | None = None
    admitted: dt.date | None = None  # the 支部大会 that passed: the 入党日期
    approved: dt.date | None = None
    full_assembly: dt.date | None = None
    full_request: dt.date | None = None
    full: dt.date | None = None  # 转正日期: the day the probation ended
    stopped: dt.date | None = None
    stop_reason: str = ""
    extended_months: int = 0
    last_review: dt.date | None = None  # the latest 考察, or the day of becoming 积极分子
    done: set[str] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)
    next_step: str = ""
    due: dt.date | None = None

    @property
    def probation_end(self) -> dt.date | None:
        if self.admitted is None:
            return None
        return r.add_months(r.add_years(self.admitted, r.RULES["probation"].amount), self.extended_months)


def sort_key(step: StepRecord) -> tuple[dt.date, int, int]:
    return (step.date, r.STEP_ORDER.get(step.step, 99), step.id)


def _warn(state: PathState, rule_key: str, text: str) -> None:
    state.warnings.append(f"{text}（{r.RULES[rule_key].cite}）")


def replay(steps: list[StepRecord], local: r.LocalRules) -> PathState:
    """The state after all steps, with every warning; DevelopError at the first fact out of order."""
    state = PathState()
    ordered = sorted(steps, key=sort_key)
    # a step dated before the application comes before it in date order, when state.applied is not yet
    # set: the refusal names the application's date from here (it read "早于入党申请日期 " before)
    applied = next((s.date for s in ordered if s.step == r.APPLY), None)
    for step in ordered:
        _apply(state, step, local, applied)
    _next(state, local)
    return state


def _apply(state: PathState, step: StepRecord, local: r.LocalRules, applied: dt.date | None = None) -> None:
    kind = r.STEPS.get(step.step)
    if kind is None:
        raise DevelopError(f"步骤“{step.step}”不认识，应为：{'、'.join(r.RECORDABLE)}")
    when = format_cn(step.date)
    if step.step == r.APPLY:
        if state.applied is not None:
            raise DevelopError("入党申请只能登记一次")
        state.applied = step.date
        state.done.add(r.APPLY)
        return
    if state.applied is None or step.date < state.applied:
        raise DevelopError(f"{step.step}的日期 {when} 早于入党申请日期 {format_cn(state.applied or applied)}")
    if state.stage == r.STOPPED:
        raise DevelopError(f"已于 {format_cn(state.stopped)} 终止，{when}不能再记录{step.step}")
    if state.stage not in kind.stages:
        raise DevelopError(_out_of_order(state, step))
    if kind.people and len(step.people) < kind.min_people:
        need = f"{kind.min_people}名" if kind.min_people == kind.max_people else f"至少{kind.min_people}名"
        rule = {"入党介绍人": "sponsors", "培养联系人": "contacts"}.get(kind.people)
        text = f"{when}{step.step}未记录{need}{kind.people}"
        if rule:
            _warn(state, rule, text)
        else:
            state.warnings.append(text)
    handler = _HANDLERS.get(step.step)
    if handler is not None:
        handler(state, step, local)
    state.done.add(step.step)


def _out_of_order(state: PathState, step: StepRecord) -> str:
    when = format_cn(step.date)
    if step.step in (r.APPROVAL, r.HIGHER_TALK) and state.stage == r.CANDIDATE:
        return f"{when}之前支部大会尚未通过接收，不能记录{step.step}"
    if step.step == r.NAME_CANDIDATE and state.stage == r.APPLICANT:
        return f"{when}尚未确定为入党积极分子，不能确定为发展对象"
    return f"{when}此人是{state.stage}，这一阶段不能记录“{step.step}”"


# --- what each step does to the state ---------------------------------------------------------------


def _talk(state: PathState, step: StepRecord, _local: r.LocalRules) -> None:
    if state.talked is not None:
        return
    state.talked = step.date
    due = r.add_months(state.applied, r.RULES["talk"].amount)  # type: ignore[arg-type]
    if step.date > due:
        _warn(state, "talk", f"谈话在 {format_cn(step.date)}，晚于申请后一个月（{format_cn(due)}）")


def _activist(state: PathState, step: StepRecord, _local: r.LocalRules) -> None:
    state.stage, state.activist, state.last_review = r.ACTIVIST, step.date, step.date


def _review(state: PathState, step: StepRecord, _local: r.LocalRules) -> None:
    _check_review_gap(state, step.date, "考察")
    state.last_review = step.date


def _check_review_gap(state: PathState, day: dt.date, what: str) -> None:
    if state.last_review is None:
        return
    due = r.add_months(state.last_review, r.RULES["review"].amount)
    if day > due:
        _warn(
            state,
            "review",
            f"{format_cn(state.last_review)}之后的下一次考察应在 {format_cn(due)} 前，"
            f"{what}在 {format_cn(day)}，间隔超过半年",
        )


def _candidate(state: PathState, step: StepRecord, _local: r.LocalRules) -> None:
    earliest = r.add_years(state.activist, r.RULES["candidate"].amount)  # type: ignore[arg-type]
    if step.date < earliest:
        _warn(
            state,
            "candidate",
            f"{format_cn(state.activist)}确定为积极分子，{format_cn(step.date)}确定为发展对象，"
            f"不满一年（最早 {format_cn(earliest)}）",
        )
    _check_review_gap(state, step.date, "确定发展对象")
    state.stage, state.candidate, state.last_review = r.CANDIDATE, step.date, step.date


def _training(state: PathState, step: StepRecord, local: r.LocalRules) -> None:
    days = (step.end_date - step.date).days + 1 if step.end_date else 1
    hours = step.hours or 0
    if days < r.RULES["training"].amount and hours < local.training_hours:
        length = f"{days}天" + (f"、{hours}学时" if hours else "")
        _warn(
            state,
            "training",
            f"集中培训只有{length}，应不少于{r.RULES['training'].amount}天或{local.training_hours}学时",
        )


def _publicity(state: PathState, step: StepRecord, local: r.LocalRules) -> None:
    end = step.end_date or r.add_working_days(step.date, local.publicity_days)
    days = r.working_days(step.date, end)
    if days < local.publicity_days:
        state.warnings.append(
            f"公示 {format_cn(step.date)}至{format_cn(end)}只有{days}个工作日，"
            f"应不少于{local.publicity_days}个工作日（本地设置）"
        )


def _assembly(state: PathState, step: StepRecord, local: r.LocalRules) -> None:
    if state.admitted is not None:
        raise DevelopError(f"支部大会已于 {format_cn(state.admitted)} 通过接收，不能再次表决")
    if not step.passed:
        return
    missing = [
        (name, rule)
        for name, rule in ((r.VETTING, "vetting"), (r.TRAINING, "training"), (r.PRE_REVIEW, "pre_review"))
        if name not in state.done
    ]
    for name, rule in missing:
        _warn(state, rule, f"支部大会（{format_cn(step.date)}）前未记录{name}")
    if r.PUBLICITY not in state.done:
        state.warnings.append(f"支部大会（{format_cn(step.date)}）前未记录公示（本地规定）")
    _check_review_gap(state, step.date, "支部大会")
    state.admitted = step.date


def _approval(state: PathState, step: StepRecord, _local: r.LocalRules) -> None:
    if state.admitted is None:
        raise DevelopError(_out_of_order(state, step))
    rule = r.RULES["approval"]
    due, latest = r.add_months(state.admitted, rule.amount), r.add_months(state.admitted, rule.upper)
    if step.date > latest:
        _warn(
            state,
            "approval",
            f"党委审批在 {format_cn(step.date)}，超过支部大会后六个月（{format_cn(latest)}）",
        )
    elif step.date > due:
        _warn(
            state, "approval", f"党委审批在 {format_cn(step.date)}，超过支部大会后三个月（{format_cn(due)}）"
        )
    state.stage, state.approved = r.PROBATIONARY, step.date


def _full_request(state: PathState, step: StepRecord, local: r.LocalRules) -> None:
    state.full_request = step.date
    end = state.probation_end
    assert end is not None
    due = end - dt.timedelta(days=local.full_request_lead_days)
    if step.date > due:
        state.warnings.append(
            f"转正申请在 {format_cn(step.date)}，应在预备期满（{format_cn(end)}）前"
            f"{local.full_request_lead_days}天即 {format_cn(due)} 前提出（本地设置）"
        )


def _full_assembly(state: PathState, step: StepRecord, _local: r.LocalRules) -> None:
    if state.full_assembly is not None:
        raise DevelopError(f"转正大会已于 {format_cn(state.full_assembly)} 通过，不能再次表决")
    if not step.passed:
        return
    end = state.probation_end
    assert end is not None
    if step.date < end:
        _warn(state, "probation", f"转正大会在 {format_cn(step.date)}，预备期到 {format_cn(end)} 才满")
    state.full_assembly = step.date


def _full_approval(state: PathState, step: StepRecord, _local: r.LocalRules) -> None:
    if state.full_assembly is None:
        raise DevelopError(f"{format_cn(step.date)}之前转正大会尚未通过，不能记录转正审批")
    end = state.probation_end
    assert end is not None
    if step.date < end:
        raise DevelopError(f"预备期到 {format_cn(end)} 才满，{format_cn(step.date)}不能批准转正")
    due = r.add_months(state.full_assembly, r.RULES["full_approval"].amount)
    if step.date > due:
        _warn(
            state,
            "full_approval",
            f"转正审批在 {format_cn(step.date)}，超过转正大会后三个月（{format_cn(due)}）",
        )
    state.stage, state.full = r.FULL, end


def _extend(state: PathState, step: StepRecord, _local: r.LocalRules) -> None:
    rule = r.RULES["extension"]
    if state.extended_months:
        raise DevelopError(f"预备期只能延长一次（{rule.cite}）")
    if state.full_assembly is not None:
        raise DevelopError("转正大会已通过，不能再延长预备期")
    months = step.months
    if months is None or not rule.amount <= months <= rule.upper:
        raise DevelopError(f"延长预备期应为 {rule.amount} 到 {rule.upper} 个月（{rule.cite}）")
    state.extended_months = months


def _stop(state: PathState, step: StepRecord, _local: r.LocalRules) -> None:
    if not step.note.strip():
        raise DevelopError(f"{step.step}须写明原因")
    state.stage, state.stopped, state.stop_reason = r.STOPPED, step.date, step.note.strip()


_HANDLERS = {
    r.TALK: _talk,
    r.NAME_ACTIVIST: _activist,
    r.REVIEW: _review,
    r.NAME_CANDIDATE: _candidate,
    r.TRAINING: _training,
    r.PUBLICITY: _publicity,
    r.ASSEMBLY: _assembly,
    r.APPROVAL: _approval,
    r.FULL_REQUEST: _full_request,
    r.FULL_ASSEMBLY: _full_assembly,
    r.FULL_APPROVAL: _full_approval,
    r.EXTEND: _extend,
    r.CANCEL: _stop,
    r.STOP: _stop,
}


# --- what comes next --------------------------------------------------------------------------------


def _next(state: PathState, local: r.LocalRules) -> None:
    """The one step the branch should do next, and by when (None where no rule sets a date)."""
    stage = state.stage
    half_year = r.add_months(state.last_review, 6) if state.last_review else None
    if stage == r.APPLICANT:
        if state.talked is None and state.applied is not None:
            state.next_step, state.due = r.TALK, r.add_months(state.applied, r.RULES["talk"].amount)
        else:
            state.next_step = r.NAME_ACTIVIST
    elif stage == r.ACTIVIST:
        state.next_step, state.due = r.REVIEW, half_year
    elif stage == r.CANDIDATE and state.admitted is None:
        for name in (r.VETTING, r.TRAINING, r.PUBLICITY, r.COMMITTEE_REVIEW, r.PRE_REVIEW, r.ASSEMBLY):
            if name not in state.done:
                state.next_step = name
                break
        state.due = half_year
    elif stage == r.CANDIDATE:
        state.next_step = r.HIGHER_TALK if r.HIGHER_TALK not in state.done else r.APPROVAL
        state.due = r.add_months(state.admitted, r.RULES["approval"].amount)
    elif stage == r.PROBATIONARY:
        end = state.probation_end
        assert end is not None
        if state.full_assembly is not None:
            state.next_step = r.FULL_APPROVAL
            state.due = r.add_months(state.full_assembly, r.RULES["full_approval"].amount)
        elif state.full_request is None:
            state.next_step, state.due = r.FULL_REQUEST, end - dt.timedelta(days=local.full_request_lead_days)
        else:
            state.next_step, state.due = r.FULL_ASSEMBLY, end
