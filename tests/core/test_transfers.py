"""组织关系转接, 流动党员 and 失联党员: states from dates, the letter, last contact and its boundaries."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from dangjian_desktop.core import transfers as tr
from dangjian_desktop.core.db import Database
from dangjian_desktop.core.meetings import MeetingDraft, add_meeting
from dangjian_desktop.core.mobile import (
    TripDraft,
    come_back,
    go_out,
    last_contacts,
    log_contact,
    lost_members,
    members_away,
    removal_reminders,
)
from dangjian_desktop.core.models import Member
from dangjian_desktop.core.roster import MemberDraft, RosterError, add_member, leave_roster, list_members
from dangjian_desktop.documents.transfers import letter_pdf

D = dt.date
ID = "360426199101010071"


def _member(db: Database, branch_id: int, name: str = "王建国", **kw: str) -> int:
    draft = MemberDraft(name=name, gender="男", join_date="2010-07-01", birth_date="1991-01-01", **kw)
    with db.transaction() as session:
        return add_member(session, branch_id, draft)


def _state(db: Database, transfer_id: int, today: D) -> str:
    with db.reading() as session:
        return tr.get_transfer(session, transfer_id, today=today).state


# --- transfers ----------------------------------------------------------------------------------------


def test_a_transfer_through_every_state(db: Database, branch_id: int) -> None:
    member_id = _member(db, branch_id, id_number=ID)
    issued = D(2026, 3, 2)
    transfer_id = tr.transfer_out(db, member_id, "中共某某社区委员会", issued, validity_days=30, today=issued)
    assert _state(db, transfer_id, issued) == tr.ISSUED
    assert _state(db, transfer_id, issued + dt.timedelta(days=1)) == tr.AWAITING
    # valid through its 30th day (issued is day 1); 逾期 the day after
    assert _state(db, transfer_id, D(2026, 3, 31)) == tr.AWAITING
    assert _state(db, transfer_id, D(2026, 4, 1)) == tr.OVERDUE
    with db.reading() as session:
        (row,) = list_members(session)
        assert row.status == "在册" and tr.members_in_transfer(session) == {member_id}
    tr.complete_transfer(db, transfer_id, D(2026, 4, 5), today=D(2026, 4, 5))
    assert _state(db, transfer_id, D(2026, 4, 5)) == tr.DONE
    with db.reading() as session:
        member = session.get(Member, member_id)
        assert member is not None and (member.status, member.left_date) == ("转出", D(2026, 4, 5))
        assert tr.members_in_transfer(session) == set()


def test_cancelled_letter_and_a_second_open_letter(db: Database, branch_id: int) -> None:
    member_id = _member(db, branch_id)
    first = tr.transfer_out(db, member_id, "甲组织", D(2026, 5, 1), today=D(2026, 5, 1))
    with pytest.raises(tr.TransferError, match="未办结"):
        tr.transfer_out(db, member_id, "乙组织", D(2026, 5, 2), today=D(2026, 5, 2))
    tr.cancel_transfer(db, first, D(2026, 5, 3))
    assert _state(db, first, D(2026, 5, 3)) == tr.CANCELLED
    second = tr.transfer_out(db, member_id, "乙组织", D(2026, 5, 4), today=D(2026, 5, 4))
    with pytest.raises(tr.TransferError, match="已撤销"):
        tr.complete_transfer(db, first, D(2026, 5, 5), today=D(2026, 5, 5))
    tr.complete_transfer(db, second, D(2026, 5, 5), online=True, today=D(2026, 5, 5))
    with db.reading() as session:
        row = tr.get_transfer(session, second)
    assert row.online and row.state == tr.DONE


@pytest.mark.parametrize(("days", "ok"), [(0, False), (1, True), (89, True), (90, True), (91, False)])
def test_validity_days_bounds(db: Database, branch_id: int, days: int, ok: bool) -> None:
    member_id = _member(db, branch_id)
    if ok:
        transfer_id = tr.transfer_out(
            db, member_id, "某组织", D(2026, 1, 1), validity_days=days, today=D(2026, 1, 1)
        )
        with db.reading() as session:
            assert tr.get_transfer(session, transfer_id).valid_until == D(2026, 1, 1) + dt.timedelta(
                days=days - 1
            )
    else:
        with pytest.raises(tr.TransferError, match="有效期"):
            tr.transfer_out(db, member_id, "某组织", D(2026, 1, 1), validity_days=days, today=D(2026, 1, 1))
        with db.reading() as session:
            assert tr.list_transfers(session) == []


def test_refusals_change_nothing(db: Database, branch_id: int) -> None:
    member_id = _member(db, branch_id)
    for kwargs, message in (
        ({"to_org": "  "}, "转往"),
        ({"day": D(2026, 6, 2)}, "晚于今天"),
        ({"dues_paid_through": "2026-13"}, "YYYY-MM"),
        ({"member_id": 999}, "找不到"),
    ):
        call = {"member_id": member_id, "to_org": "某组织", "day": D(2026, 6, 1), **kwargs}
        with pytest.raises(tr.TransferError, match=message):
            tr.transfer_out(
                db, call.pop("member_id"), call.pop("to_org"), call.pop("day"), today=D(2026, 6, 1), **call
            )
    with db.reading() as session:
        assert tr.list_transfers(session) == []
    with db.transaction() as session:
        leave_roster(session, member_id, "去世", D(2026, 1, 1), "病故")
    with pytest.raises(tr.TransferError, match="去世"):
        tr.transfer_out(db, member_id, "某组织", D(2026, 6, 1), today=D(2026, 6, 1))


@pytest.mark.parametrize(
    ("month", "text"),
    [
        ("2026-01", "贰零贰陆年壹月"),
        ("2026-03", "贰零贰陆年叁月"),
        ("2030-10", "贰零叁零年拾月"),
        ("2026-12", "贰零贰陆年拾贰月"),
    ],
)
def test_capital_numerals(month: str, text: str) -> None:
    assert tr.capital_year_month(month) == text


@pytest.mark.parametrize("bad", ["2026-00", "2026-13", "2026", "二〇二六-03", ""])
def test_capital_numerals_refuse_bad_months(bad: str) -> None:
    with pytest.raises(tr.TransferError):
        tr.capital_year_month(bad)


def test_the_letter_holds_every_field(db: Database, branch_id: int, tmp_path: Path) -> None:
    member_id = _member(db, branch_id, "阿依古丽·买买提江", id_number=ID)
    with db.transaction() as session:
        session.get(Member, member_id).ethnicity = "维吾尔族"  # type: ignore[union-attr]
    transfer_id = tr.transfer_out(
        db,
        member_id,
        "中共上海市浦东新区张江镇某某社区委员会",
        D(2026, 11, 20),
        validity_days=45,
        dues_paid_through="2026-03",
        today=D(2026, 11, 20),
    )
    out = letter_pdf(db, transfer_id, tmp_path / "letter.pdf")
    reader = PdfReader(out)
    assert len(reader.pages) == 1
    text = "".join(reader.pages[0].extract_text().split())
    for expected in (
        "存根",
        "回执",
        "介绍信",
        "2026-001",
        "阿依古丽·买买提江",
        "男",
        "35岁",
        "维吾尔族",
        "正式党员",
        ID,
        "测试村党支部",
        "中共上海市浦东新区张江镇某某社区委员会",
        "贰零贰陆年叁月",
        "有效期45天",
        "0791-1234567",
        "2026年11月20日",
        "盖章",
    ):
        assert expected in text, expected


# --- received members ---------------------------------------------------------------------------------


def test_receiving_a_member_puts_them_on_the_roster(db: Database, branch_id: int) -> None:
    draft = MemberDraft(name="李新来", gender="女", join_date="2015-07-01", id_number=ID)
    member_id = tr.receive_member(
        db, branch_id, draft, "中共某县某镇某村支部", D(2026, 2, 1), number="2026-017"
    )
    with db.reading() as session:
        (row,) = [r for r in tr.list_transfers(session) if r.member_id == member_id]
        assert (row.direction, row.state, row.done) == (tr.IN, tr.RECEIVED, D(2026, 2, 1))
        assert [m.name for m in list_members(session)] == ["李新来"]
    with pytest.raises(RosterError, match="身份证"):  # the same person twice: refused, nothing added
        tr.receive_member(db, branch_id, draft, "中共某县某镇某村支部", D(2026, 2, 2))
    with db.reading() as session:
        assert len(tr.list_transfers(session)) == 1


# --- 流动党员 -------------------------------------------------------------------------------------------


def test_a_trip_away_and_back_keeps_the_roster_flag_in_step(db: Database, branch_id: int) -> None:
    member_id = _member(db, branch_id)
    go_out(
        db,
        member_id,
        TripDraft(D(2026, 2, 20), "浙江省宁波市", "务工", host_org="宁波某园区党委"),
        today=D(2026, 3, 1),
    )
    with db.reading() as session:
        (away,) = members_away(session)
        member = session.get(Member, member_id)
        assert (member.is_mobile, member.mobile_destination) == (True, "浙江省宁波市")  # type: ignore[union-attr]
    assert (away.place, away.host_org) == ("浙江省宁波市", "宁波某园区党委")
    with pytest.raises(tr.TransferError, match="尚未返回"):
        go_out(db, member_id, TripDraft(D(2026, 2, 21), "广州"), today=D(2026, 3, 1))
    with pytest.raises(tr.TransferError, match="早于"):
        come_back(db, member_id, D(2026, 2, 19))
    come_back(db, member_id, D(2026, 12, 20) - dt.timedelta(days=30), "在外参加园区党组织活动")
    with db.reading() as session:
        assert members_away(session) == []
        assert session.get(Member, member_id).is_mobile is False  # type: ignore[union-attr]


# --- last contact and 失联 ----------------------------------------------------------------------------


def test_last_contact_from_each_source(db: Database, branch_id: int) -> None:
    met, called = _member(db, branch_id, "开会的"), _member(db, branch_id, "打过电话的")
    searched = _member(db, branch_id, "没找到的")
    with db.transaction() as session:
        draft = MeetingDraft(
            kind="主题党日", date=D(2026, 5, 10), present_ids=[met], absent={called: "外出务工"}
        )
        add_meeting(session, branch_id, draft, today=D(2026, 6, 1))
    log_contact(db, called, D(2026, 5, 20), how="电话")
    log_contact(db, searched, D(2026, 5, 25), how="走访", reached=False, cause="下落不明")
    with db.reading() as session:
        latest = last_contacts(session)
    assert latest.get(met) == D(2026, 5, 10)
    assert latest.get(called) == D(2026, 5, 20)  # absent from the meeting: that is no contact
    assert searched not in latest  # a search that found nobody is no contact either


@pytest.mark.parametrize(
    ("today", "listed"), [(D(2026, 11, 9), False), (D(2026, 11, 10), True), (D(2026, 11, 11), True)]
)
def test_six_months_without_contact(db: Database, branch_id: int, today: D, listed: bool) -> None:
    member_id = _member(db, branch_id)
    log_contact(db, member_id, D(2026, 5, 10), how="电话")
    with db.reading() as session:
        rows = lost_members(session, today)
    assert [r.member_id for r in rows] == ([member_id] if listed else [])
    if listed:
        assert rows[0].months == 6 and rows[0].last_contact == D(2026, 5, 10) and not rows[0].confirmed


def test_month_end_boundary() -> None:
    assert tr.add_months(D(2026, 8, 31), 6) == D(2027, 2, 28)
    assert tr.months_between(D(2026, 8, 31), D(2027, 2, 27)) == 5
    assert tr.months_between(D(2026, 8, 31), D(2027, 2, 28)) == 6
    assert tr.months_between(D(2024, 2, 29), D(2024, 8, 28)) == 5
    assert tr.months_between(D(2024, 2, 29), D(2024, 8, 29)) == 6


def test_removal_reminder_two_years_after_suspension(db: Database, branch_id: int) -> None:
    member_id = _member(db, branch_id)
    with db.transaction() as session:
        leave_roster(session, member_id, "停止党籍", D(2024, 6, 15), "失联六个月以上")
    with db.reading() as session:
        assert removal_reminders(session, D(2026, 5, 15), days=30) == []
        (due,) = removal_reminders(session, D(2026, 5, 16), days=30)
        assert due.due == D(2026, 6, 15)
        names = session.scalars(select(Member.name)).all()
    assert names == ["王建国"]  # reminded, never changed by the program


def test_mobile_roster_pdf_lists_everyone_away_over_pages(
    db: Database, branch_id: int, tmp_path: Path
) -> None:
    from dangjian_desktop.documents.transfers import mobile_roster_pdf

    names = [f"外出党员{i:03d}" for i in range(60)] + ["阿依古丽·买买提江"]
    for name in names:
        member_id = _member(db, branch_id, name)
        trip = TripDraft(
            D(2026, 2, 1), "浙江省宁波市北仑区某某工业园区" * 3, "务工", host_org="某某非公企业联合党委" * 8
        )
        go_out(db, member_id, trip, today=D(2026, 3, 1))
    out = mobile_roster_pdf(db, tmp_path / "mobile.pdf", today=D(2026, 3, 1))
    reader = PdfReader(out)
    text = "".join("".join(page.extract_text().split()) for page in reader.pages)
    assert len(reader.pages) > 1
    for name in names:
        assert name in text
    assert "本支部外出党员61人" in text and "内部资料" in text and "目前没有登记的流入党员" in text


def test_opening_notes_at_their_boundaries(db: Database, branch_id: int) -> None:
    from dangjian_desktop.core import settings
    from dangjian_desktop.core.mobile import opening_notes

    away = _member(db, branch_id, "外出甲")
    go_out(db, away, TripDraft(D(2026, 3, 1), "宁波"), today=D(2026, 3, 1))
    log_contact(db, away, D(2026, 12, 20), how="电话")
    letter = _member(db, branch_id, "转出乙")
    log_contact(db, letter, D(2026, 12, 20), how="电话")
    tr.transfer_out(db, letter, "某组织", D(2026, 12, 1), validity_days=30, today=D(2026, 12, 1))
    with db.transaction() as session:
        settings.put(session, tr.SPRING_FESTIVAL_MONTH, 1)
    with db.reading() as session:
        on_last_valid_day = opening_notes(session, D(2026, 12, 30))
        day_after = opening_notes(session, D(2026, 12, 31))
        in_january = opening_notes(session, D(2027, 1, 5))
        in_february = opening_notes(session, D(2027, 2, 5))
    assert not any("有效期" in n for n in on_last_valid_day)
    assert any("转出乙的介绍信已过有效期" in n for n in day_after)
    assert not any("春节" in n for n in day_after)  # December is not the month set
    assert any("春节" in n and "外出甲" in n for n in in_january)
    assert not any("春节" in n for n in in_february)


@pytest.mark.parametrize(
    ("arrived", "ok"), [(D(2026, 5, 31), True), (D(2026, 6, 1), True), (D(2026, 6, 2), False)]
)
def test_inbound_members_and_their_date(db: Database, branch_id: int, arrived: D, ok: bool) -> None:
    from dangjian_desktop.core.mobile import InboundDraft, inbound_left, members_here, register_inbound

    draft = InboundDraft("外来乙", "中共某县某村支部", arrived, work="本村砖厂")
    if not ok:
        with pytest.raises(tr.TransferError, match="晚于今天"):
            register_inbound(db, draft, today=D(2026, 6, 1))
        with db.reading() as session:
            assert members_here(session) == []
        return
    inbound_id = register_inbound(db, draft, today=D(2026, 6, 1))
    with db.reading() as session:
        (row,) = members_here(session, branch_id=branch_id)
        assert (row.name, row.home_org, row.arrived) == ("外来乙", "中共某县某村支部", arrived)
        assert list_members(session) == []  # their membership stays with their own branch
    with pytest.raises(tr.TransferError, match="早于"):
        inbound_left(db, inbound_id, arrived - dt.timedelta(days=1))
    inbound_left(db, inbound_id, arrived)
    with db.reading() as session:
        assert members_here(session) == []
