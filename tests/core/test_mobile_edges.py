"""流动党员, 流入党员 and 失联 at their lines (core/mobile.py): each refusal in its exact words with
nothing written, the day of leaving or coming back on the line, what is stored (trimmed, cut to its
column), each log line, the lists' order and filters, the last contact from a dues payment, and the
start-up notes in their words.

Written from reading the code against the slips mutation testing plants (tests/MUTANTS.md)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from dangjian_desktop.core.db import Database
from dangjian_desktop.core.mobile import (
    InboundDraft,
    TripDraft,
    come_back,
    confirm_lost,
    go_out,
    inbound_left,
    last_contacts,
    log_contact,
    lost_members,
    members_away,
    members_here,
    opening_notes,
    register_inbound,
    removal_reminders,
)
from dangjian_desktop.core.models import Branch, ContactLog, InboundMember, Member, MobileTrip
from dangjian_desktop.core.roster import MemberDraft, add_member, leave_roster
from dangjian_desktop.core.transfers import TransferError
from tests.core.logs import last_log

D = dt.date
TODAY = D(2026, 6, 15)


def _member(db: Database, branch_id: int, name: str = "王建国") -> int:
    with db.transaction() as session:
        return add_member(session, branch_id, MemberDraft(name=name, join_date="2010-07-01"))


def _count(db: Database, model: type) -> int:
    with db.reading() as session:
        return session.scalar(select(func.count()).select_from(model))


def _refused(db: Database, call, message: str) -> None:
    before = (_count(db, MobileTrip), _count(db, ContactLog), _count(db, InboundMember), last_log_or_none(db))
    with pytest.raises(TransferError) as raised:
        call()
    assert str(raised.value) == message
    assert (
        _count(db, MobileTrip),
        _count(db, ContactLog),
        _count(db, InboundMember),
        last_log_or_none(db),
    ) == before


def last_log_or_none(db: Database) -> tuple[str, str] | None:
    try:
        return last_log(db)
    except Exception:  # noqa: BLE001 - no line yet
        return None


@pytest.fixture
def member(db: Database, branch_id: int) -> int:
    return _member(db, branch_id)


# --- trips ------------------------------------------------------------------------------------------


def test_a_trip_is_stored_trimmed_and_logged(db: Database, member: int) -> None:
    place = " 浙江省宁波市" + "某" * 120 + " "
    go_out(
        db,
        member,
        TripDraft(TODAY, place, "经商", " 13800000000 ", " 园区党委 ", " 证001 ", " 李书记 "),
        today=TODAY,  # on the line
    )
    with db.reading() as session:
        trip = session.scalars(select(MobileTrip)).one()
        m = session.get(Member, member)
        stored = (
            trip.place,
            trip.reason,
            trip.phone_there,
            trip.host_org,
            trip.certificate_no,
            trip.contact_person,
        )
        flag = (m.is_mobile, m.mobile_destination)
    assert stored == (place.strip(), "经商", "13800000000", "园区党委", "证001", "李书记")
    assert flag == (True, place.strip()[:100])
    assert last_log(db) == ("流动党员外出", f"王建国 去往 {place.strip()}")


@pytest.mark.parametrize(
    ("trip", "message"),
    [
        (TripDraft(TODAY, "  "), "请填写外出地点"),
        (TripDraft(TODAY, "宁波", "旅游"), "外出原因应为：务工、经商、上学、其他"),
        (TripDraft(TODAY + dt.timedelta(days=1), "宁波"), "外出日期不能晚于今天"),  # one above the line
    ],
)
def test_a_trip_refused_in_exact_words(db: Database, member: int, trip: TripDraft, message: str) -> None:
    _refused(db, lambda: go_out(db, member, trip, today=TODAY), message)


def test_a_trip_of_one_not_on_the_roster_or_unknown(db: Database, member: int) -> None:
    with db.transaction() as session:
        leave_roster(session, member, "转出", TODAY, "转往外地", today=TODAY)
    _refused(db, lambda: go_out(db, member, TripDraft(TODAY, "宁波"), today=TODAY), "王建国 已转出")
    _refused(db, lambda: go_out(db, 404, TripDraft(TODAY, "宁波"), today=TODAY), "找不到编号为 404 的党员")


def test_coming_back_on_the_day_of_leaving(db: Database, member: int) -> None:
    go_out(db, member, TripDraft(TODAY, "宁波"), today=TODAY)
    _refused(db, lambda: come_back(db, member, TODAY - dt.timedelta(days=1)), "返回日期不能早于外出日期")
    come_back(db, member, TODAY, " 在外参加园区党组织活动 ")  # on the line
    with db.reading() as session:
        trip = session.scalars(select(MobileTrip)).one()
        m = session.get(Member, member)
        assert (trip.returned_date, trip.return_report) == (TODAY, "在外参加园区党组织活动")
        assert (m.is_mobile, m.mobile_destination) == (False, "")
    assert last_log(db) == ("流动党员返回", "王建国")
    _refused(db, lambda: come_back(db, member, TODAY), "王建国 没有未返回的外出登记")


def test_members_away_on_the_roster_of_a_branch_longest_away_first(db: Database, branch_id: int) -> None:
    with db.transaction() as session:
        neighbour = Branch(name="邻村党支部")
        session.add(neighbour)
        session.flush()
        other = neighbour.id
    first, second, left = (_member(db, branch_id, n) for n in ("甲", "乙", "丙"))
    elsewhere = _member(db, other, "丁")
    go_out(db, second, TripDraft(D(2026, 3, 1), "广州"), today=TODAY)
    go_out(db, first, TripDraft(D(2026, 2, 1), "宁波", contact_person="李书记"), today=TODAY)
    go_out(db, left, TripDraft(D(2026, 1, 1), "深圳"), today=TODAY)
    go_out(db, elsewhere, TripDraft(D(2026, 1, 5), "上海"), today=TODAY)
    with db.transaction() as session:
        leave_roster(session, left, "去世", TODAY, "病故", today=TODAY)
    log_contact(db, first, D(2026, 5, 1), how="电话")
    with db.reading() as session:
        here = members_away(session, branch_id=branch_id)
        everyone = members_away(session)
    assert [r.name for r in here] == ["甲", "乙"]
    assert [r.name for r in everyone] == ["丁", "甲", "乙"]
    assert here[0].as_json() == {
        "member_id": first,
        "name": "甲",
        "left": "2026-02-01",
        "place": "宁波",
        "reason": "务工",
        "phone_there": "",
        "host_org": "",
        "certificate_no": "",
        "contact_person": "李书记",
        "last_contact": "2026-05-01",
    }
    assert here[1].as_json()["last_contact"] is None


# --- the contact log --------------------------------------------------------------------------------


def test_contacts_and_searches_are_stored_and_logged_apart(db: Database, member: int) -> None:
    log_contact(db, member, D(2026, 5, 1), how=" 电话 ", by=" 支书 ", content=" 在宁波务工 ")
    assert last_log(db) == ("联系党员", "王建国")
    log_contact(db, member, D(2026, 5, 2), how="走访", reached=False, cause="下落不明")
    assert last_log(db) == ("查找失联党员", "王建国")
    with db.reading() as session:
        rows = session.execute(
            select(
                ContactLog.how, ContactLog.by, ContactLog.content, ContactLog.reached, ContactLog.cause
            ).order_by(ContactLog.id)
        ).all()
    assert [tuple(r) for r in rows] == [
        ("电话", "支书", "在宁波务工", True, ""),
        ("走访", "", "", False, "下落不明"),
    ]


def test_a_contact_refused_in_exact_words(db: Database, member: int) -> None:
    _refused(
        db,
        lambda: log_contact(db, member, TODAY, how="电话", reached=False, cause="出国"),
        "失联原因应为：外出务工经商、下落不明、其他",
    )
    _refused(db, lambda: log_contact(db, member, TODAY, how=" "), "请填写联系方式（电话、微信、走访、函询…）")


def test_the_last_contact_is_the_latest_of_each_source_dues_included(db: Database, branch_id: int) -> None:
    from decimal import Decimal

    from dangjian_desktop.core.dues import AssessmentDraft, record_payment, set_assessment

    paid, other = _member(db, branch_id, "交党费的"), _member(db, branch_id, "打电话的")
    set_assessment(
        db, AssessmentDraft(member_id=paid, year=2026, kind="农民", amount=Decimal("1")), today=TODAY
    )
    record_payment(db, paid, "2026-01", "2026-01", D(2026, 1, 9), today=TODAY)
    record_payment(db, paid, "2026-02", "2026-02", D(2026, 3, 9), today=TODAY)
    log_contact(db, paid, D(2026, 2, 1), how="电话")  # older than the payment
    log_contact(db, other, D(2026, 4, 1), how="电话")
    log_contact(db, other, D(2026, 3, 1), how="电话")
    with db.reading() as session:
        assert last_contacts(session) == {paid: D(2026, 3, 9), other: D(2026, 4, 1)}
        assert last_contacts(session, [other]) == {other: D(2026, 4, 1)}
        assert last_contacts(session, []) == {}


# --- 失联 ---------------------------------------------------------------------------------------------


def test_lost_members_longest_first_then_by_name_confirmed_always(db: Database, branch_id: int) -> None:
    names = ("甲", "乙", "丙", "丁")  # 甲 entered before 乙: the tie is ordered by name, not by entry
    ids = {n: _member(db, branch_id, n) for n in names}
    log_contact(db, ids["乙"], D(2025, 12, 1), how="电话")  # 6 months by 2026-06-15
    log_contact(db, ids["甲"], D(2025, 12, 1), how="电话")  # the same: by name
    log_contact(db, ids["丙"], D(2025, 1, 1), how="电话")  # 17 months
    log_contact(db, ids["丁"], D(2026, 6, 1), how="电话")  # in contact, but confirmed 失联
    confirm_lost(db, ids["丁"])
    assert last_log(db) == ("确认失联", "丁")
    with db.reading() as session:
        rows = lost_members(session, TODAY, branch_id=branch_id)
    assert [(r.name, r.months, r.confirmed) for r in rows] == [
        ("丙", 17, False),
        ("乙", 6, False),
        ("甲", 6, False),
        ("丁", 0, True),
    ]
    assert rows[0].as_json() == {
        "member_id": ids["丙"],
        "name": "丙",
        "last_contact": "2025-01-01",
        "months": 17,
        "confirmed": False,
    }
    confirm_lost(db, ids["丁"], confirmed=False)
    assert last_log(db) == ("取消失联", "丁")
    with db.reading() as session:
        assert session.get(Member, ids["丁"]).is_lost_contact is False
        assert [r.name for r in lost_members(session, TODAY)] == ["丙", "乙", "甲"]
        assert lost_members(session, TODAY, branch_id=branch_id + 1) == []


def test_without_any_contact_the_clock_starts_when_the_member_was_entered(db: Database, member: int) -> None:
    with db.reading() as session:
        entered = session.get(Member, member).created_at.date()
        assert lost_members(session, entered) == []
        (row,) = lost_members(session, entered + dt.timedelta(days=200))
    assert (row.last_contact, row.since, row.months) == (None, entered, 6)
    assert row.as_json()["last_contact"] is None


# --- 流入党员 -----------------------------------------------------------------------------------------


def test_an_inbound_member_stored_cut_to_size_and_logged(db: Database, branch_id: int) -> None:
    draft = InboundDraft(
        " 外来乙 ",
        " 中共某县某村支部 ",
        TODAY,
        gender=" 女 ",
        phone=" 13900000000 ",
        work=" 砖厂 ",
        certificate_no=" 证9 ",
    )
    inbound = register_inbound(db, draft, today=TODAY)
    assert last_log(db) == ("登记流入党员", "外来乙")
    with db.reading() as session:
        (row,) = members_here(session, branch_id=branch_id)
    assert (
        row.id,
        row.name,
        row.gender,
        row.phone,
        row.home_org,
        row.work,
        row.certificate_no,
        row.arrived,
    ) == (
        inbound,
        "外来乙",
        "女",
        "13900000000",
        "中共某县某村支部",
        "砖厂",
        "证9",
        TODAY,
    )
    assert row.as_json() == {
        "id": inbound,
        "name": "外来乙",
        "home_org": "中共某县某村支部",
        "work": "砖厂",
        "phone": "13900000000",
        "certificate_no": "证9",
        "arrived": "2026-06-15",
    }


@pytest.mark.parametrize(
    ("draft", "message"),
    [
        (InboundDraft(" ", "某支部", TODAY), "请填写流入党员的姓名"),
        (InboundDraft("外来乙", " ", TODAY), "请填写流入党员所在的党组织（流出地党组织）"),
        (InboundDraft("外来乙", "某支部", TODAY + dt.timedelta(days=1)), "流入日期不能晚于今天"),
    ],
)
def test_an_inbound_member_refused_in_exact_words(db: Database, branch_id: int, draft, message: str) -> None:
    _refused(db, lambda: register_inbound(db, draft, today=TODAY), message)


def test_inbound_members_leave_on_or_after_arriving_longest_here_first(db: Database, branch_id: int) -> None:
    late = register_inbound(db, InboundDraft("后来的", "某支部", D(2026, 5, 1)), today=TODAY)
    early = register_inbound(db, InboundDraft("先来的", "某支部", D(2026, 1, 1)), today=TODAY)
    gone = register_inbound(db, InboundDraft("走了的", "某支部", D(2026, 3, 1)), today=TODAY)
    _refused(db, lambda: inbound_left(db, gone, D(2026, 2, 28)), "离开日期不能早于流入日期")
    _refused(db, lambda: inbound_left(db, 404, TODAY), "找不到编号为 404 的流入党员")
    inbound_left(db, gone, D(2026, 3, 1))  # on the line
    assert last_log(db) == ("流入党员离开", "走了的")
    with db.reading() as session:
        assert [r.id for r in members_here(session)] == [early, late]
        assert session.get(InboundMember, gone).left_date == D(2026, 3, 1)


# --- 停止党籍 two years on, and the start-up notes ------------------------------------------------------


def test_removal_reminders_in_order_of_their_day(db: Database, branch_id: int) -> None:
    later, sooner = (_member(db, branch_id, n) for n in ("晚的", "早的"))
    _member(db, branch_id, "在册的")  # on the roster: never reminded
    with db.transaction() as session:
        leave_roster(session, later, "停止党籍", D(2024, 7, 10), "失联", today=TODAY)
        leave_roster(session, sooner, "停止党籍", D(2024, 6, 20), "失联", today=TODAY)
    with db.reading() as session:
        assert [r.name for r in removal_reminders(session, D(2026, 6, 10), days=30)] == [
            "早的",
            "晚的",
        ]  # 7-10: on
        assert [r.name for r in removal_reminders(session, D(2026, 6, 9), days=30)] == ["早的"]
        assert [r.name for r in removal_reminders(session, D(2026, 6, 20), days=0)] == ["早的"]
        assert removal_reminders(session, D(2026, 6, 19), days=0) == []
        (by_default,) = removal_reminders(session, D(2026, 5, 21))  # 30 days by default: 6-20 on the line
        assert (by_default.name, by_default.suspended, by_default.due) == (
            "早的",
            D(2024, 6, 20),
            D(2026, 6, 20),
        )
        assert removal_reminders(session, D(2026, 5, 20)) == []


def test_opening_notes_in_their_words(db: Database, branch_id: int) -> None:
    suspended, quiet, confirmed = (_member(db, branch_id, n) for n in ("停的", "久未联系的", "已确认的"))
    with db.transaction() as session:
        leave_roster(session, suspended, "停止党籍", D(2024, 6, 20), "失联", today=TODAY)
    log_contact(db, quiet, D(2025, 12, 1), how="电话")
    confirm_lost(db, confirmed)
    with db.reading() as session:
        notes = opening_notes(session, TODAY)
    assert "停的停止党籍将满两年（2026-06-20），仍无法取得联系的，请支部研究是否除名" in notes
    suspected = [n for n in notes if n.startswith("6个月以上")]
    assert suspected[0].startswith("6个月以上没有联系、待支部确认是否失联：")
    assert "久未联系的" in suspected[0] and "已确认的" not in suspected[0]


def test_an_inbound_members_long_name_and_organisation_are_cut_to_their_columns(
    db: Database, branch_id: int
) -> None:
    register_inbound(db, InboundDraft("阿" * 60, "中共" + "某" * 250, TODAY), today=TODAY)
    with db.reading() as session:
        (row,) = members_here(session)
    assert (row.name, len(row.home_org)) == ("阿" * 50, 200)


def test_every_field_of_an_inbound_member_is_cut_to_its_column(db: Database, branch_id: int) -> None:
    draft = InboundDraft(
        "外来乙", "某支部", TODAY, gender="男女男", phone="1" * 40, work="工" * 210, certificate_no="证" * 60
    )
    register_inbound(db, draft, today=TODAY)
    with db.reading() as session:
        (row,) = members_here(session)
    assert (row.gender, row.phone, row.work, row.certificate_no) == ("男女", "1" * 30, "工" * 200, "证" * 50)


def test_coming_back_without_a_report_stores_an_empty_one(db: Database, member: int) -> None:
    go_out(db, member, TripDraft(TODAY, "宁波"), today=TODAY)
    come_back(db, member, TODAY)
    with db.reading() as session:
        assert session.scalars(select(MobileTrip.return_report)).one() == ""


def test_reminders_and_notes_name_only_whom_they_concern_in_their_words(db: Database, branch_id: int) -> None:
    """A 转出 member is never reminded of 除名; a confirmed member entered after 'today' has 0 months;
    the names in a note are joined by 、."""
    moved, s1, s2 = (_member(db, branch_id, n) for n in ("转走的", "停一", "停二"))
    q1, q2 = _member(db, branch_id, "久一"), _member(db, branch_id, "久二")
    with db.transaction() as session:
        leave_roster(session, moved, "转出", D(2024, 6, 1), "转往外地", today=TODAY)
        leave_roster(session, s1, "停止党籍", D(2024, 6, 20), "失联", today=TODAY)
        leave_roster(session, s2, "停止党籍", D(2024, 6, 21), "失联", today=TODAY)
    for quiet in (q1, q2):
        log_contact(db, quiet, D(2025, 12, 1), how="电话")
    fresh = _member(db, branch_id, "新确认的")
    confirm_lost(db, fresh)
    with db.reading() as session:
        reminders = removal_reminders(session, TODAY)
        notes = opening_notes(session, TODAY)
        rows = {r.name: r for r in lost_members(session, TODAY)}
    assert [(r.member_id, r.name) for r in reminders] == [(s1, "停一"), (s2, "停二")]
    assert "6个月以上没有联系、待支部确认是否失联：久一、久二" in notes
    assert rows["新确认的"].months == 0  # entered after the day asked about: no months yet
