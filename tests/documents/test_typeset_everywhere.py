"""Chinese line breaking checked on the printed page: every document is built once from a hard branch
(names with “·”, long notes full of ，；（）, times, dates, ID numbers and Latin words), its text is
extracted line by line, and no line starts with closing or ends with opening punctuation, no time, date or
ID number is split over two lines, and no name is split at its “·”."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from dangjian_desktop.core import transfers as tr
from dangjian_desktop.core.branch import require_branch
from dangjian_desktop.core.db import Database
from dangjian_desktop.core.errors import UserError
from dangjian_desktop.core.mobile import TripDraft, go_out
from dangjian_desktop.core.models import CardClause, Meeting, Member, MemberStatus
from dangjian_desktop.core.models_develop import DevelopPerson
from dangjian_desktop.documents import (
    birthdays,
    cards,
    develop,
    dues,
    meetings,
    registration,
    roster,
    transfers,
)
from dangjian_desktop.printing.develop_pdf import Notice, print_notice
from dangjian_desktop.printing.typeset import CLOSING, OPENING

TODAY = dt.date.today()  # the demo branch is built around the clock's day
NAMES = ["阿依古丽·买买提江", "热依拉·阿不都热合曼", "买买提·艾力"]
TOKENS = ["09:00—11:00", f"{TODAY.year}年1月3日", "360426199101010071", "WeChat", "2026-01-03"]
SENTENCE = (
    "阿依古丽·买买提江同志于{year}年1月3日09:00—11:00在村委会（二楼会议室）发言，提出：要把好事办好；"
    "群众反映的问题（如道路、饮水、WeChat群通知等）逐条落实！身份证号360426199101010071的《入党志愿书》"
    "已于2026-01-03归档……热依拉·阿不都热合曼补充：“先易后难”，分三步走。"
)


def hard(n: int, repeat: int = 3) -> str:
    """The sentence shifted by n characters a time, so that its marks meet the line ends at many places."""
    text = SENTENCE.format(year=TODAY.year)
    return "".join("村" * ((n + i) % 9) + text for i in range(repeat))


def _harden(db: Database) -> None:
    with db.transaction() as s:
        members = s.scalars(
            select(Member).where(Member.status == MemberStatus.ACTIVE.value).order_by(Member.id)
        ).all()
        for i, m in enumerate(members[:8]):
            m.name = NAMES[i % len(NAMES)] + ("" if i < len(NAMES) else str(i))
            m.note = hard(i, 1)
            m.party_group = "第一党小组（含WeChat联络群）"
            m.job = "外出务工（上海，09:00—18:00）"
        for i, meeting in enumerate(s.scalars(select(Meeting)).all()):
            meeting.content = hard(i)
            meeting.topics = f"学习《中国共产党章程》（第{i + 1}讲）；\n{hard(i + 4, 1)}"
            meeting.place = "村委会（二楼会议室）"
        for i, clause in enumerate(s.scalars(select(CardClause)).all()[:60]):
            clause.text = hard(i, 1)[:90]
        for i, person in enumerate(s.scalars(select(DevelopPerson)).all()):
            person.name = NAMES[i % len(NAMES)]
            person.note = hard(i, 1)
    with db.reading() as s:
        ids = s.scalars(
            select(Member.id).where(Member.status == MemberStatus.ACTIVE.value).order_by(Member.id)
        ).all()
    trip = TripDraft(TODAY - dt.timedelta(days=30), "上海市浦东新区张江镇（WeChat群：ZJ-2026）", "务工")
    go_out(db, ids[1], trip, today=TODAY)
    letter = tr.transfer_out(
        db, ids[2], "中共上海市浦东新区张江镇某某社区委员会（阿依古丽·买买提江收）", TODAY
    )
    db.letter_id = letter  # type: ignore[attr-defined]


def _documents(db: Database, tmp: Path) -> dict[str, Callable[[], Path]]:
    year = TODAY.year
    with db.reading() as s:
        branch = require_branch(s)
        member_id = s.scalars(select(Member.id).where(Member.name == NAMES[0])).first()
        people = s.scalars(select(DevelopPerson.id)).all()
        months = sorted({m.join_date.month for m in s.scalars(select(Member)) if m.join_date})

    def on(build: Callable) -> Callable[[], Path]:  # noqa: ANN001 - a builder taking a session
        def run() -> Path:
            with db.reading() as s:
                return build(s)

        return run

    def first_person(make: Callable) -> Callable[[], Path]:  # noqa: ANN001
        def run() -> Path:
            for pid in people:  # the first person far enough on the path for this form
                try:
                    return on(lambda s, pid=pid: make(s, pid))()
                except UserError:
                    continue
            pytest.fail(f"no person for {make.__name__}")

        return run

    def birthday_month(s) -> Path:  # noqa: ANN001
        for month in months:
            try:
                return birthdays.month_cards_pdf(s, year, month, tmp / "birthday.pdf")
            except UserError:
                continue
        pytest.fail("no month with a 政治生日")

    return {
        "roster": on(lambda s: roster.roster_pdf(s, TODAY, tmp / "roster.pdf")),
        "记录本": on(lambda s: meetings.period_minutes_pdf(s, year, None, TODAY, tmp / "minutes.pdf")),
        "archive": on(lambda s: meetings.archive_pdf(s, year, TODAY, tmp / "archive.pdf")),
        "wall cards": on(lambda s: cards.wall_cards_pdf(s, year, TODAY, tmp / "wall1.pdf", per_page=1)),
        "wall cards 2": on(lambda s: cards.wall_cards_pdf(s, year, TODAY, tmp / "wall2.pdf", per_page=2)),
        "公示": on(lambda s: cards.publicity_pdf(s, year, TODAY, tmp / "publicity.pdf")),
        "greeting cards": on(birthday_month),
        "develop record": first_person(lambda s, pid: develop.record_pdf(s, pid, tmp / "dr.pdf")),
        "activist register": first_person(
            lambda s, pid: develop.activist_register_pdf(s, pid, tmp / "ar.pdf")
        ),
        "develop 公示": first_person(
            lambda s, pid: develop.publicity_pdf(s, pid, tmp / "dp.pdf", today=TODAY)
        ),
        # no demo person has reached the 支部大会 vote: its resolution is a Notice like the 公示, fed here
        "develop resolution": lambda: print_notice(
            Notice(
                f"{NAMES[0]}同志支部党员大会决议",
                [hard(n, 1) for n in range(6)],
                (branch.name, "2026年1月3日"),
            ),
            tmp / "res.pdf",
        ),
        "develop stages": on(lambda s: develop.stage_list_pdf(s, branch.id, tmp / "st.pdf", today=TODAY)),
        "dues 公示": on(
            lambda s: dues.dues_publicity_pdf(s, branch.id, branch.name, year, TODAY, tmp / "dues-p.pdf")
        ),
        "dues book": on(lambda s: dues.dues_book_pdf(s, branch.id, branch.name, year, TODAY, tmp / "db.pdf")),
        "dues reduction": on(lambda s: dues.dues_reduction_form_pdf(s, member_id, year, tmp / "dr2.pdf")),
        "letter": lambda: transfers.letter_pdf(db, db.letter_id, tmp / "letter.pdf"),  # type: ignore[attr-defined]
        "mobile roster": lambda: transfers.mobile_roster_pdf(db, tmp / "mobile.pdf", today=TODAY),
        "registration": on(lambda s: registration.registration_pdf(s, tmp / "reg.pdf", TODAY)),
    }


@dataclasses.dataclass
class Faults:
    starts: list[str] = dataclasses.field(default_factory=list)
    ends: list[str] = dataclasses.field(default_factory=list)
    splits: list[str] = dataclasses.field(default_factory=list)


def _lines(path: Path) -> list[str]:
    lines: list[str] = []
    for page in PdfReader(path).pages:
        lines.extend(line.strip() for line in page.extract_text().splitlines() if line.strip())
    return lines


def _faults(lines: list[str]) -> Faults:
    found = Faults()
    for line in lines:
        if line[0] in CLOSING and line.strip("—…") and not line.startswith("——"):
            found.starts.append(line)  # a lone "—" is an empty cell's mark, not a broken line
        if line[-1] in OPENING:
            found.ends.append(line)
    for before, after in zip(lines, lines[1:], strict=False):
        seam = before[-12:] + "|" + after[:12]
        for token in TOKENS:
            for k in range(1, len(token)):
                if token[:k] + "|" + token[k:] in seam:
                    found.splits.append(seam)
        if "·|" in seam or "|·" in seam:
            found.splits.append(seam)
    return found


def test_every_document_of_a_hard_branch_breaks_its_lines_correctly(
    demo_db: Database, tmp_path: Path
) -> None:
    _harden(demo_db)
    checked = 0
    for name, build in _documents(demo_db, tmp_path).items():
        path = build()
        lines = _lines(path)
        assert lines, name
        faults = _faults(lines)
        assert not faults.starts, (name, faults.starts[:5])
        assert not faults.ends, (name, faults.ends[:5])
        assert not faults.splits, (name, faults.splits[:5])
        checked += len(lines)
    assert checked > 1000  # the corpus reached the pages: thousands of lines were read


def test_the_checks_catch_what_they_look_for() -> None:
    """The checker itself, on lines broken the wrong way (so a passing document means something)."""
    assert _faults(["会议于", "，二楼召开"]).starts
    assert _faults(["学习《", "章程》"]).ends
    assert _faults(["时间09:0", "0—11:00"]).splits
    assert _faults([f"{TODAY.year}年1", "月3日"]).splits
    assert _faults(["阿依古丽", "·买买提江"]).splits
    assert not _faults(["会议于2026年1月3日", "09:00—11:00召开", "—"]).starts
