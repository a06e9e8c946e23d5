"""Meetings (三会一课, 主题党日, 组织生活会, 民主评议党员): records, attendance and compliance. No Qt here.

The township checks above all whether every required meeting happened, so compliance is computed per
kind and per period (month, quarter, year) from one query over the year, with the 党小组会 counted per
党小组. Frequencies are settings: local rules differ, 党课 in particular.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from dangjian_desktop.core import settings
from dangjian_desktop.core.dates import DateError, format_cn, parse_date
from dangjian_desktop.core.errors import UserError
from dangjian_desktop.core.models import (
    Category,
    Meeting,
    MeetingAttendance,
    MeetingPhoto,
    MeetingResolution,
    Member,
    MemberStatus,
)
from dangjian_desktop.core.oplog import log
from dangjian_desktop.core.settings import catalogue
from dangjian_desktop.core.text import clean, group_sort_key


class MeetingError(UserError):
    """The message is Chinese and shown to the user as it is."""


# --- kinds and their frequencies --------------------------------------------------------------------

GENERAL_ASSEMBLY = "支部党员大会"
COMMITTEE = "支部委员会会议"
GROUP = "党小组会"
LECTURE = "党课"
THEME_DAY = "主题党日"
ORG_LIFE = "组织生活会"
REVIEW = "民主评议党员"
KINDS: tuple[str, ...] = (GENERAL_ASSEMBLY, COMMITTEE, GROUP, LECTURE, THEME_DAY, ORG_LIFE, REVIEW)
SHORT_NAMES = {GENERAL_ASSEMBLY: "党员大会", COMMITTEE: "支委会"}
# What people type on the command line; the stored value is always the full name.
ALIASES = {"党员大会": GENERAL_ASSEMBLY, "支委会": COMMITTEE, "小组会": GROUP, "民主评议": REVIEW}

MONTHLY, QUARTERLY, YEARLY, NOT_REQUIRED = (
    catalogue.MONTHLY,
    catalogue.QUARTERLY,
    catalogue.YEARLY,
    catalogue.NOT_REQUIRED,
)
FREQUENCIES = catalogue.FREQUENCIES
_KIND_KEYS = {
    GENERAL_ASSEMBLY: "general_assembly",
    COMMITTEE: "committee",
    GROUP: "party_group",
    LECTURE: "party_lecture",
    THEME_DAY: "theme_day",
    ORG_LIFE: "organisational_life",
    REVIEW: "member_review",
}
# Declared in the settings catalogue; a kind without its setting fails here, at import.
FREQUENCY_SETTINGS: dict[str, settings.SettingSpec[str]] = {
    kind: catalogue.MEETING_FREQUENCY[_KIND_KEYS[kind]] for kind in KINDS
}
START_MONTH = catalogue.MEETING_START_MONTH
_DEFAULT_FREQUENCY = {kind: spec.default for kind, spec in FREQUENCY_SETTINGS.items()}
ABSENCE_REASONS: tuple[str, ...] = ("病假", "事假", "公出", "外出务工")
QUORUM_KINDS = (GENERAL_ASSEMBLY, COMMITTEE)
_TIME = re.compile(r"^([01]?\d|2[0-3])[:：]([0-5]\d)$")


def normalize_kind(text: str) -> str:
    kind = clean(text)
    kind = ALIASES.get(kind, kind)
    if kind not in KINDS:
        raise MeetingError(f"会议类型“{text}”不认识，应为：{'、'.join(KINDS)}")
    return kind


def frequency(session: Session, kind: str) -> str:
    value = settings.get(session, FREQUENCY_SETTINGS[kind])
    return value if value in FREQUENCIES else _DEFAULT_FREQUENCY[kind]


def set_frequency(session: Session, kind: str, value: str) -> None:
    if value not in FREQUENCIES:
        raise MeetingError(f"召开频次应为：{'、'.join(FREQUENCIES)}")
    settings.put(session, FREQUENCY_SETTINGS[normalize_kind(kind)], value)


def frequencies(session: Session) -> dict[str, str]:
    return {kind: frequency(session, kind) for kind in KINDS}


# --- periods ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Period:
    key: str  # 2026-03, 2026-Q1, 2026: what the CLI prints and the township reads
    label: str  # 3月, 一季度, 全年
    start: dt.date
    end: dt.date  # inclusive


_QUARTER_CN = ("一", "二", "三", "四")


def periods(year: int, freq: str) -> list[Period]:
    if freq == MONTHLY:
        return [
            Period(f"{year}-{m:02d}", f"{m}月", dt.date(year, m, 1), _month_end(year, m))
            for m in range(1, 13)
        ]
    if freq == QUARTERLY:
        return [
            Period(
                f"{year}-Q{q}",
                f"{_QUARTER_CN[q - 1]}季度",
                dt.date(year, 3 * q - 2, 1),
                _month_end(year, 3 * q),
            )
            for q in range(1, 5)
        ]
    if freq == YEARLY:
        return [Period(str(year), "全年", dt.date(year, 1, 1), dt.date(year, 12, 31))]
    return []


def _month_end(year: int, month: int) -> dt.date:
    return (dt.date(year + month // 12, month % 12 + 1, 1)) - dt.timedelta(days=1)


def period_key(day: dt.date, freq: str) -> str | None:
    if freq == MONTHLY:
        return f"{day.year}-{day.month:02d}"
    if freq == QUARTERLY:
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    if freq == YEARLY:
        return str(day.year)
    return None


# --- who is expected --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Person:
    """A member as the meeting form and the attendance list show them."""

    id: int
    name: str
    party_group: str
    is_committee: bool
    can_vote: bool  # 正式党员 on that date; 预备党员 have no vote


def _on_roster(day: dt.date):  # noqa: ANN202 - a SQLAlchemy clause
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
        .where(Member.branch_id == branch_id, *_on_roster(day))
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


# --- reading back -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MeetingRow:
    """One line of the meeting list (and of the CLI's JSON)."""

    id: int
    kind: str
    party_group: str
    title: str
    date: dt.date
    start_time: str
    end_time: str
    place: str
    host: str
    recorder: str
    expected_count: int
    attendees: tuple[str, ...]
    absent: tuple[str, ...]
    resolution_count: int
    photo_count: int

    @property
    def kind_label(self) -> str:
        return f"{self.kind}（{self.party_group}）" if self.party_group else self.kind

    @property
    def present_count(self) -> int:
        return len(self.attendees)

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "kind": self.kind,
            "date": self.date.isoformat(),
            "title": self.title,
            "attendees": list(self.attendees),
            "absent": list(self.absent),
        }


def list_meetings(
    session: Session,
    branch_id: int,
    *,
    year: int | None = None,
    month: int | None = None,
    kind: str | None = None,
) -> list[MeetingRow]:
    """Meetings in date order, each with its attendees' names: three queries, whatever the count."""
    query = select(Meeting).where(Meeting.branch_id == branch_id)
    if year is not None:
        start = dt.date(year, month or 1, 1)
        end = _month_end(year, month) if month else dt.date(year, 12, 31)
        query = query.where(Meeting.date >= start, Meeting.date <= end)
    if kind:
        query = query.where(Meeting.kind == normalize_kind(kind))
    columns = (
        Meeting.id,
        Meeting.kind,
        Meeting.party_group,
        Meeting.title,
        Meeting.date,
        Meeting.start_time,
        Meeting.end_time,
        Meeting.place,
        Meeting.host_id,
        Meeting.recorder_id,
        Meeting.expected_count,
    )
    meetings = session.execute(
        query.with_only_columns(*columns).order_by(Meeting.date, Meeting.start_time, Meeting.id)
    ).all()
    if not meetings:
        return []
    ids = [m.id for m in meetings]
    names = dict(session.execute(select(Member.id, Member.name).where(Member.branch_id == branch_id)).all())
    present: dict[int, list[str]] = defaultdict(list)
    absent: dict[int, list[str]] = defaultdict(list)
    for meeting_id, member_id, is_present in session.execute(
        select(MeetingAttendance.meeting_id, MeetingAttendance.member_id, MeetingAttendance.present)
        .where(MeetingAttendance.meeting_id.in_(ids))
        .order_by(MeetingAttendance.meeting_id, MeetingAttendance.member_id)
    ):
        (present if is_present else absent)[meeting_id].append(names.get(member_id, ""))
    counts: dict[tuple[str, int], int] = {}
    for table in (MeetingResolution, MeetingPhoto):
        for meeting_id, n in session.execute(
            select(table.meeting_id, func.count()).where(table.meeting_id.in_(ids)).group_by(table.meeting_id)
        ):
            counts[(table.__tablename__, meeting_id)] = n
    return [
        MeetingRow(
            id=m.id,
            kind=m.kind,
            party_group=m.party_group,
            title=m.title,
            date=m.date,
            start_time=m.start_time,
            end_time=m.end_time,
            place=m.place,
            host=names.get(m.host_id, "") if m.host_id else "",
            recorder=names.get(m.recorder_id, "") if m.recorder_id else "",
            expected_count=m.expected_count,
            attendees=tuple(present.get(m.id, ())),
            absent=tuple(absent.get(m.id, ())),
            resolution_count=counts.get(("meeting_resolution", m.id), 0),
            photo_count=counts.get(("meeting_photo", m.id), 0),
        )
        for m in meetings
    ]


@dataclass(frozen=True, slots=True)
class AttendanceLine:
    member_id: int
    name: str
    present: bool
    reason: str


@dataclass(frozen=True, slots=True)
class ResolutionLine:
    text: str
    owner: str
    deadline: dt.date | None


@dataclass(frozen=True)
class MeetingDetail:
    """Everything on one 记录本 page: for the form (editing) and for printing."""

    id: int
    kind: str
    party_group: str
    title: str
    date: dt.date
    start_time: str
    end_time: str
    place: str
    host_id: int | None
    host: str
    recorder_id: int | None
    recorder: str
    expected_count: int
    attendance: tuple[AttendanceLine, ...]
    observers: str
    topics: tuple[str, ...]
    content: str
    votes: str
    has_vote: bool
    resolutions: tuple[ResolutionLine, ...]
    photos: tuple[PhotoDraft, ...]

    @property
    def kind_label(self) -> str:
        return f"{self.kind}（{self.party_group}）" if self.party_group else self.kind

    @property
    def present(self) -> list[AttendanceLine]:
        return [a for a in self.attendance if a.present]

    @property
    def absent(self) -> list[AttendanceLine]:
        return [a for a in self.attendance if not a.present]

    def draft(self) -> MeetingDraft:
        return MeetingDraft(
            kind=self.kind,
            date=self.date,
            party_group=self.party_group,
            title=self.title,
            start_time=self.start_time,
            end_time=self.end_time,
            place=self.place,
            host_id=self.host_id,
            recorder_id=self.recorder_id,
            present_ids=[a.member_id for a in self.present],
            absent={a.member_id: a.reason for a in self.absent},
            record_attendance=bool(self.attendance),
            observers=self.observers,
            topics=list(self.topics),
            content=self.content,
            votes=self.votes,
            has_vote=self.has_vote,
            resolutions=[ResolutionDraft(r.text, r.owner, r.deadline) for r in self.resolutions],
            photos=list(self.photos),
        )


def meeting_details(
    session: Session, meeting_ids: Sequence[int], *, with_photos: bool = True
) -> list[MeetingDetail]:
    """Full records in the order given, read in a fixed number of queries (the archive prints hundreds)."""
    if not meeting_ids:
        return []
    meetings = {m.id: m for m in session.scalars(select(Meeting).where(Meeting.id.in_(meeting_ids)))}
    missing = [i for i in meeting_ids if i not in meetings]
    if missing:
        raise MeetingError(f"找不到编号为 {missing[0]} 的会议记录")
    branch_ids = {m.branch_id for m in meetings.values()}
    names = dict(
        session.execute(select(Member.id, Member.name).where(Member.branch_id.in_(branch_ids))).all()
    )
    attendance: dict[int, list[AttendanceLine]] = defaultdict(list)
    # plain columns, not ORM objects: a year's archive reads some ten thousand attendance rows
    for meeting_id, member_id, present, reason in session.execute(
        select(
            MeetingAttendance.meeting_id,
            MeetingAttendance.member_id,
            MeetingAttendance.present,
            MeetingAttendance.absence_reason,
        )
        .where(MeetingAttendance.meeting_id.in_(meeting_ids))
        .order_by(MeetingAttendance.meeting_id, MeetingAttendance.member_id)
    ):
        attendance[meeting_id].append(AttendanceLine(member_id, names.get(member_id, ""), present, reason))
    resolutions: dict[int, list[ResolutionLine]] = defaultdict(list)
    for meeting_id, text, owner, deadline in session.execute(
        select(
            MeetingResolution.meeting_id,
            MeetingResolution.text,
            MeetingResolution.owner,
            MeetingResolution.deadline,
        )
        .where(MeetingResolution.meeting_id.in_(meeting_ids))
        .order_by(MeetingResolution.meeting_id, MeetingResolution.position)
    ):
        resolutions[meeting_id].append(ResolutionLine(text, owner, deadline))
    photos: dict[int, list[PhotoDraft]] = defaultdict(list)
    if with_photos:
        for p in session.scalars(
            select(MeetingPhoto).where(MeetingPhoto.meeting_id.in_(meeting_ids)).order_by(MeetingPhoto.id)
        ):
            photos[p.meeting_id].append(PhotoDraft(p.jpeg, p.caption))
    result = []
    for meeting_id in meeting_ids:
        m = meetings[meeting_id]
        result.append(
            MeetingDetail(
                id=m.id,
                kind=m.kind,
                party_group=m.party_group,
                title=m.title,
                date=m.date,
                start_time=m.start_time,
                end_time=m.end_time,
                place=m.place,
                host_id=m.host_id,
                host=names.get(m.host_id, "") if m.host_id else "",
                recorder_id=m.recorder_id,
                recorder=names.get(m.recorder_id, "") if m.recorder_id else "",
                expected_count=m.expected_count,
                attendance=tuple(attendance.get(m.id, ())),
                observers=m.observers,
                topics=tuple(t for t in m.topics.split("\n") if t),
                content=m.content,
                votes=m.votes,
                has_vote=m.has_vote,
                resolutions=tuple(resolutions.get(m.id, ())),
                photos=tuple(photos.get(m.id, ())),
            )
        )
    return result


def meeting_detail(session: Session, meeting_id: int) -> MeetingDetail:
    return meeting_details(session, [meeting_id])[0]


def meeting_years(session: Session, branch_id: int) -> list[int]:
    first, last = session.execute(
        select(func.min(Meeting.date), func.max(Meeting.date)).where(Meeting.branch_id == branch_id)
    ).one()
    if first is None or last is None:
        return []
    return list(range(last.year, first.year - 1, -1))


# --- compliance -------------------------------------------------------------------------------------

HELD, MISSING, IN_PROGRESS, NOT_DUE = "已召开", "缺", "进行中", "未到"
BEFORE_START = "启用前"  # ended before the 启用月份: not kept in this program, so never counted as missed


@dataclass(frozen=True, slots=True)
class ComplianceRow:
    """One kind in one period. For 党小组会 `required` is the number of 党小组, `held` how many met."""

    kind: str
    period: str  # 2026, 2026-Q1, 2026-03
    label: str  # 3月, 一季度, 全年
    frequency: str
    required: int
    held: int
    missing_groups: tuple[str, ...]
    state: str  # 已召开 / 缺 / 进行中 / 未到 (judged against today)

    @property
    def ok(self) -> bool:
        return self.held >= self.required

    def as_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "period": self.period,
            "required": self.required,
            "held": self.held,
            "ok": self.ok,
        }


@dataclass(frozen=True)
class Compliance:
    year: int
    rows: tuple[ComplianceRow, ...]

    @property
    def missing(self) -> list[ComplianceRow]:
        """Periods that are over and still short: what the inspector will find."""
        return [r for r in self.rows if r.state == MISSING]

    def missing_by_kind(self) -> dict[str, int]:
        counts = dict.fromkeys(KINDS, 0)
        for row in self.missing:
            counts[row.kind] += 1
        return counts

    def for_kind(self, kind: str) -> list[ComplianceRow]:
        return [r for r in self.rows if r.kind == kind]


def start_month(session: Session, branch_id: int) -> dt.date | None:
    """启用月份 as its first day: the setting, else the month of the branch's first meeting record."""
    text = settings.get(session, START_MONTH).strip()
    if text:
        try:
            chosen = parse_date(text, allow_month=True)
        except DateError:
            chosen = None  # an unreadable setting falls back to the records, as a missing one does
        if chosen is not None:
            return chosen.replace(day=1)
    first = session.scalar(select(func.min(Meeting.date)).where(Meeting.branch_id == branch_id))
    return first.replace(day=1) if first is not None else None


def compliance(session: Session, branch_id: int, year: int, *, today: dt.date | None = None) -> Compliance:
    """Held or missing for every kind and period of the year, from one query over the year's meetings.

    A period that ended before the 启用月份 and holds no meeting is BEFORE_START, not missed."""
    today = today or dt.date.today()
    freqs = frequencies(session)
    start = start_month(session, branch_id)
    held: dict[tuple[str, str], int] = defaultdict(int)
    groups_met: dict[str, set[str]] = defaultdict(set)
    for kind, group, day in session.execute(
        select(Meeting.kind, Meeting.party_group, Meeting.date).where(
            Meeting.branch_id == branch_id,
            Meeting.date >= dt.date(year, 1, 1),
            Meeting.date <= dt.date(year, 12, 31),
        )
    ):
        key = period_key(day, freqs.get(kind, NOT_REQUIRED))
        if key is None:
            continue
        held[(kind, key)] += 1
        if kind == GROUP and group:
            groups_met[key].add(group)
    members = session.execute(
        select(Member.party_group, Member.join_date, Member.left_date, Member.status).where(
            Member.branch_id == branch_id, Member.party_group != ""
        )
    ).all()
    rows = []
    for kind in KINDS:
        freq = freqs[kind]
        for period in periods(year, freq):
            if kind == GROUP:
                # the groups that existed then: a group formed in June owes nothing for March
                groups = _groups_on(members, min(period.end, max(today, period.start)))
                if not groups:
                    continue
                met = groups_met.get(period.key, set())
                required, count = len(groups), sum(1 for g in groups if g in met)
                missing_groups = tuple(g for g in groups if g not in met)
            else:
                required, count, missing_groups = 1, held.get((kind, period.key), 0), ()
            if count >= required:
                state = HELD
            elif start is not None and period.end < start:
                state = BEFORE_START
            elif period.end < today:
                state = MISSING
            elif period.start <= today:
                state = IN_PROGRESS
            else:
                state = NOT_DUE
            rows.append(
                ComplianceRow(kind, period.key, period.label, freq, required, count, missing_groups, state)
            )
    return Compliance(year, tuple(rows))


def _groups_on(members: Sequence[tuple[str, dt.date | None, dt.date | None, str]], day: dt.date) -> list[str]:
    """The same rule as _on_roster, in Python, so a year's calendar reads the roster once."""
    active = MemberStatus.ACTIVE.value
    return sorted(
        {
            group
            for group, join, left, status in members
            if (join is None or join <= day) and (left > day if left is not None else status == active)
        },
        key=group_sort_key,
    )


# --- attendance rates -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MemberRate:
    member_id: int
    name: str
    party_group: str
    expected: int  # meetings where the member was on the attendance list
    present: int

    @property
    def rate(self) -> float | None:
        return self.present / self.expected if self.expected else None


@dataclass(frozen=True, slots=True)
class KindRate:
    kind: str
    meetings: int
    expected: int  # the sum of 应到 over the kind's meetings with attendance recorded
    present: int

    @property
    def rate(self) -> float | None:
        return self.present / self.expected if self.expected else None


def attendance_rates(session: Session, branch_id: int, year: int) -> tuple[list[MemberRate], list[KindRate]]:
    """Per member and per kind over a year, from the attendance recorded (a meeting without a list is skipped)."""
    in_year = (
        Meeting.branch_id == branch_id,
        Meeting.date >= dt.date(year, 1, 1),
        Meeting.date <= dt.date(year, 12, 31),
    )
    per_member: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    per_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for kind, member_id, present in session.execute(
        select(Meeting.kind, MeetingAttendance.member_id, MeetingAttendance.present)
        .join(MeetingAttendance, MeetingAttendance.meeting_id == Meeting.id)
        .where(*in_year)
    ):
        per_member[member_id][0] += 1
        per_kind[kind][0] += 1
        if present:
            per_member[member_id][1] += 1
            per_kind[kind][1] += 1
    meeting_counts = dict(
        session.execute(select(Meeting.kind, func.count()).where(*in_year).group_by(Meeting.kind)).all()
    )
    members = session.execute(
        select(Member.id, Member.name, Member.party_group)
        .where(Member.id.in_(list(per_member)))
        .order_by(Member.party_group, Member.id)
    ).all()
    member_rates = [MemberRate(i, n, g, *per_member[i]) for i, n, g in members]
    kind_rates = [
        KindRate(kind, meeting_counts.get(kind, 0), *per_kind.get(kind, [0, 0]))
        for kind in KINDS
        if meeting_counts.get(kind)
    ]
    return member_rates, kind_rates
