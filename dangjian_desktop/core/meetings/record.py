"""One meeting record: the draft the form holds, its checks (errors, and the quorum warning), and the
writes (add, update, delete)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from dangjian_desktop.core.dates import DateError, format_cn, parse_date
from dangjian_desktop.core.meetings.attendance import (
    Person,
    expected_from,
    roster_on,
)
from dangjian_desktop.core.meetings.kinds import (
    _TIME,
    GENERAL_ASSEMBLY,
    GROUP,
    QUORUM_KINDS,
    SHORT_NAMES,
    MeetingError,
    normalize_kind,
)
from dangjian_desktop.core.models import (
    Meeting,
    MeetingAttendance,
    MeetingPhoto,
    MeetingResolution,
)
from dangjian_desktop.core.oplog import log
from dangjian_desktop.core.text import clean, group_sort_key

# --- one meeting ------------------------------------------------------------------------------------


@dataclass
class ResolutionDraft:
    text: str
    owner: str = ""  # 责任人
    deadline: dt.date | str | None = None  # 时限


@dataclass
class PhotoDraft:
    jpeg: bytes  # already shrunk by core.photos.shrink_photo
    caption: str = ""


@dataclass
class MeetingDraft:
    """What the form (or the command line) holds. Attendance: present ids, absent ids with a reason.

    With `record_attendance` off (the CLI without --attendees), no one is marked either way.
    """

    kind: str
    date: dt.date | str
    party_group: str = ""
    title: str = ""
    start_time: str = ""
    end_time: str = ""
    place: str = ""
    host_id: int | None = None
    recorder_id: int | None = None
    present_ids: list[int] = field(default_factory=list)
    absent: dict[int, str] = field(default_factory=dict)  # member id -> reason (病假/事假/...)
    record_attendance: bool = True
    observers: str = ""  # 列席
    topics: list[str] = field(default_factory=list)  # 议题
    content: str = ""  # 内容/发言要点
    votes: str = ""  # 表决情况
    has_vote: bool = False
    resolutions: list[ResolutionDraft] = field(default_factory=list)
    photos: list[PhotoDraft] = field(default_factory=list)


@dataclass
class MeetingCheck:
    errors: list[str] = field(default_factory=list)  # the record cannot be saved
    warnings: list[str] = field(default_factory=list)  # saved if the user confirms (quorum)
    expected: list[Person] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _time(text: str, label: str, errors: list[str]) -> str:
    text = clean(text)
    if not text:
        return ""
    match = _TIME.match(text)
    if not match:
        errors.append(f"{label}应写成 09:30 这样的时:分")
        return ""
    return f"{int(match.group(1)):02d}:{match.group(2)}"


def check_meeting(
    session: Session, branch_id: int, draft: MeetingDraft, *, today: dt.date | None = None
) -> MeetingCheck:
    """Every rule for one record; quorum problems are warnings, the rest errors."""
    today = today or dt.date.today()
    result = MeetingCheck()
    errors, warnings = result.errors, result.warnings
    try:
        kind = normalize_kind(draft.kind)
    except MeetingError as exc:
        errors.append(str(exc))
        return result
    try:
        day = parse_date(draft.date)
    except DateError as exc:
        errors.append(f"会议日期：{exc}")
        return result
    if day is None:
        errors.append("请填写会议日期")
        return result
    if day > today:
        errors.append(f"会议日期 {format_cn(day)} 晚于今天，记录只能补记已召开的会议")
    group = clean(draft.party_group)
    people = roster_on(session, branch_id, day)
    if kind == GROUP:
        groups = sorted({p.party_group for p in people if p.party_group}, key=group_sort_key)
        if not group:
            errors.append("党小组会请选择是哪个党小组")
        elif group not in groups:
            errors.append(f"{format_cn(day)}花名册中没有“{group}”（现有：{'、'.join(groups) or '无'}）")
    start = _time(draft.start_time, "开始时间", errors)
    end = _time(draft.end_time, "结束时间", errors)
    if start and end and end <= start:
        errors.append("结束时间应晚于开始时间")

    roster = {p.id: p for p in people}
    for member_id, label in ((draft.host_id, "主持人"), (draft.recorder_id, "记录人")):
        if member_id is not None and member_id not in roster:
            errors.append(f"{label}应是{format_cn(day)}在册的本支部党员")

    expected = expected_from(people, kind, group)
    result.expected = expected
    expected_ids = {p.id for p in expected}
    if draft.record_attendance:
        both = set(draft.present_ids) & set(draft.absent)
        for member_id in sorted(both):
            errors.append(f"{_name(roster, member_id)} 既标为出席又标为缺席")
        for member_id in [*draft.present_ids, *draft.absent]:
            if member_id not in expected_ids:
                errors.append(
                    f"{_name(roster, member_id)} 不在本次{kind}的应到人员中，如确实到会请写入“列席”"
                )
    for number, item in enumerate(draft.resolutions, start=1):
        if not clean(item.text):
            errors.append(f"第{number}条决议内容为空")
        try:
            deadline = parse_date(item.deadline)
        except DateError as exc:
            errors.append(f"第{number}条决议的时限：{exc}")
        else:
            if deadline is not None and deadline < day:
                errors.append(f"第{number}条决议的时限早于会议日期")

    if kind in QUORUM_KINDS and draft.has_vote and draft.record_attendance:
        voters = [p for p in expected if p.can_vote] if kind == GENERAL_ASSEMBLY else expected
        present = set(draft.present_ids)
        came = sum(1 for p in voters if p.id in present)
        if voters and came * 2 <= len(voters):
            who = "有表决权的党员" if kind == GENERAL_ASSEMBLY else "支委"
            warnings.append(
                f"{SHORT_NAMES[kind]}进行表决须超过半数{who}到会：应到 {len(voters)} 人，"
                f"实到 {came} 人，表决结果可能无效"
            )
    return result


def _name(roster: dict[int, Person], member_id: int) -> str:
    person = roster.get(member_id)
    return person.name if person else f"编号 {member_id} 的党员"


@dataclass(frozen=True)
class SaveResult:
    meeting_id: int
    warnings: tuple[str, ...]


def add_meeting(
    session: Session, branch_id: int, draft: MeetingDraft, *, today: dt.date | None = None
) -> SaveResult:
    """One record with its attendance, resolutions and photos; warnings are returned, not raised."""
    check = _check_or_raise(session, branch_id, draft, today)
    meeting = Meeting(branch_id=branch_id)
    session.add(meeting)
    _apply(meeting, draft, check)
    session.flush()
    log(session, "新增会议记录", f"{meeting.date.isoformat()} {meeting.kind} {meeting.title}")
    return SaveResult(meeting.id, tuple(check.warnings))


def update_meeting(
    session: Session, meeting_id: int, draft: MeetingDraft, *, today: dt.date | None = None
) -> SaveResult:
    meeting = _get(session, meeting_id)
    check = _check_or_raise(session, meeting.branch_id, draft, today)
    _apply(meeting, draft, check)
    session.flush()
    log(session, "修改会议记录", f"{meeting.date.isoformat()} {meeting.kind} {meeting.title}")
    return SaveResult(meeting.id, tuple(check.warnings))


def delete_meeting(session: Session, meeting_id: int) -> None:
    meeting = _get(session, meeting_id)
    log(session, "删除会议记录", f"{meeting.date.isoformat()} {meeting.kind} {meeting.title}")
    session.delete(meeting)
    session.flush()


def _get(session: Session, meeting_id: int) -> Meeting:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise MeetingError(f"找不到编号为 {meeting_id} 的会议记录")
    return meeting


def _check_or_raise(
    session: Session, branch_id: int, draft: MeetingDraft, today: dt.date | None
) -> MeetingCheck:
    check = check_meeting(session, branch_id, draft, today=today)
    if not check.ok:
        raise MeetingError("；".join(check.errors))
    return check


def _apply(meeting: Meeting, draft: MeetingDraft, check: MeetingCheck) -> None:
    errors: list[str] = []
    meeting.kind = normalize_kind(draft.kind)
    meeting.date = parse_date(draft.date)  # type: ignore[assignment]
    meeting.party_group = clean(draft.party_group) if meeting.kind == GROUP else ""
    meeting.title = draft.title.strip()
    meeting.start_time = _time(draft.start_time, "", errors)
    meeting.end_time = _time(draft.end_time, "", errors)
    meeting.place = draft.place.strip()
    meeting.host_id = draft.host_id
    meeting.recorder_id = draft.recorder_id
    meeting.expected_count = len(check.expected)
    meeting.observers = draft.observers.strip()
    meeting.topics = "\n".join(t for t in (x.strip() for x in draft.topics) if t)
    meeting.content = draft.content.strip()
    meeting.votes = draft.votes.strip()
    meeting.has_vote = bool(draft.has_vote)
    meeting.attendance = []
    if draft.record_attendance:
        meeting.attendance = [MeetingAttendance(member_id=i, present=True) for i in draft.present_ids] + [
            MeetingAttendance(member_id=i, present=False, absence_reason=clean(r))
            for i, r in draft.absent.items()
        ]
    meeting.resolutions = [
        MeetingResolution(
            position=n, text=r.text.strip(), owner=r.owner.strip(), deadline=parse_date(r.deadline)
        )
        for n, r in enumerate(draft.resolutions)
    ]
    meeting.photos = [MeetingPhoto(jpeg=p.jpeg, caption=p.caption.strip()) for p in draft.photos]
