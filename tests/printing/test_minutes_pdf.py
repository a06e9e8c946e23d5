"""The printed records and the year's archive, checked by the text pypdf extracts."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from PIL import Image
from pypdf import PdfReader

from dangjian_desktop.core import meetings as m
from dangjian_desktop.core.db import Database
from dangjian_desktop.core.photos import shrink_photo
from dangjian_desktop.core.roster import MemberDraft, add_member
from dangjian_desktop.printing.minutes_pdf import print_archive, print_minutes

TODAY = dt.date(2026, 1, 10)


def _photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (800, 600), (200, 30, 30)).save(out, "PNG")
    return shrink_photo(out.getvalue())


def _setup(db: Database, branch_id: int) -> list[int]:
    with db.transaction() as s:
        host = add_member(
            s,
            branch_id,
            MemberDraft(name="王建国", join_date="2000-07-01", party_group="第一党小组", is_committee=True),
        )
        clerk = add_member(
            s,
            branch_id,
            MemberDraft(name="李秀英", join_date="2005-07-01", party_group="第一党小组", is_committee=True),
        )
        ids = []
        # entered out of order: the archive must sort by date
        for kind, day, title, decision, who in (
            (m.THEME_DAY, "2025-12-31", "年终主题党日", "开展冬季防火巡查", clerk),
            (m.COMMITTEE, "2025-03-31", "第三次支委会", "推荐张三为入党积极分子", host),
            (m.LECTURE, "2025-04-01", "书记讲党课", "各党小组组织讨论", host),
        ):
            ids.append(
                m.add_meeting(
                    s,
                    branch_id,
                    m.MeetingDraft(
                        kind=kind,
                        date=day,
                        title=title,
                        host_id=who,
                        recorder_id=clerk if who == host else host,
                        present_ids=[host, clerk] if kind != m.COMMITTEE else [host],
                        content="会议内容。",
                        absent={clerk: "病假"} if kind == m.COMMITTEE else {},
                        resolutions=[m.ResolutionDraft(decision, "王建国", "2026-01-31")],
                        photos=[m.PhotoDraft(_photo(), "现场")] if kind == m.LECTURE else [],
                    ),
                    today=TODAY,
                ).meeting_id
            )
    return ids


def test_archive_holds_each_meeting_in_date_order(db: Database, branch_id: int, tmp_path: Path) -> None:
    _setup(db, branch_id)
    with db.reading() as s:
        rows = m.list_meetings(s, branch_id, year=2025)
        details = m.meeting_details(s, [r.id for r in reversed(rows)])
        comp = m.compliance(s, branch_id, 2025, today=TODAY)
        _members, kinds = m.attendance_rates(s, branch_id, 2025)
    out = print_archive(details, "测试村党支部", comp, tmp_path / "archive.pdf", rates=kinds, today=TODAY)

    pages = [page.extract_text() for page in PdfReader(out).pages]
    assert "2025年度会议记录汇编" in pages[0] and "目" in pages[0]
    assert any("会议召开情况" in p and "应开未开" in p for p in pages[:3])
    records = "".join(p for p in pages if "主持人（签字）" in p)
    expected = [
        ("第三次支委会", "2025年3月31日", "王建国", "推荐张三为入党积极分子"),
        ("书记讲党课", "2025年4月1日", "王建国", "各党小组组织讨论"),
        ("年终主题党日", "2025年12月31日", "李秀英", "开展冬季防火巡查"),
    ]
    positions = []
    for title, day, host, decision in expected:
        start = records.index(title)
        following = records[start:]
        assert day in following and host in following and decision in following
        positions.append((start, following.index(decision)))
    assert [p for p, _ in positions] == sorted(p for p, _ in positions)
    # each decision belongs to its own record: it comes before the next record's title
    for (start, decision_at), (next_start, _) in zip(positions, positions[1:], strict=False):
        assert start + decision_at < next_start
    assert "李秀英（病假）" in records
    assert "凤凰" not in records and "测试村党支部委员会会议记录" in records
    # the contents page gives the page each record starts on
    contents = pages[0]
    committee_page = next(
        i for i, p in enumerate(pages, start=1) if "第三次支委会" in p and "主持人（签字）" in p
    )
    assert str(committee_page) in contents


def test_minutes_for_one_month(db: Database, branch_id: int, tmp_path: Path) -> None:
    _setup(db, branch_id)
    with db.reading() as s:
        rows = m.list_meetings(s, branch_id, year=2025, month=4)
        details = m.meeting_details(s, [r.id for r in rows])
    out = print_minutes(details, "测试村党支部", tmp_path / "april.pdf", title="2025年4月会议记录")
    reader = PdfReader(out)
    text = "".join(page.extract_text() for page in reader.pages)
    assert "书记讲党课" in text and "第三次支委会" not in text
    assert len(reader.pages) == 1
    assert "/XObject" in str(reader.pages[0]["/Resources"])  # the photo is on the page

    empty = print_minutes([], "测试村党支部", tmp_path / "none.pdf", title="2025年5月会议记录")
    assert "没有会议记录" in PdfReader(empty).pages[0].extract_text()
