"""The roster's writes and checks at the places no other test looked: each message in its exact words,
each log line, the photo's print-size copy, the form's empty draft, and the rules at their lines.

Each test here was written against a slip mutation testing planted (tests/MUTANTS.md) that the rest of
the suite let through; each fails on that slip and passes on the code as written.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from PIL import Image
from sqlalchemy import select

from dangjian_desktop.core import photos
from dangjian_desktop.core.db import Database
from dangjian_desktop.core.models import LEFT_STATUSES, Member, MemberPhoto
from dangjian_desktop.core.roster import (
    MemberDraft,
    RosterError,
    add_member,
    leave_roster,
    restore_to_roster,
    set_photo,
    update_member,
)
from tests.core.logs import last_log

TODAY = dt.date(2026, 11, 22)


def _jpeg(colour: tuple[int, int, int]) -> bytes:
    """A camera-sized photo (larger than the print size): setting it makes a print-size copy."""
    out = io.BytesIO()
    Image.new("RGB", (photos.PRINT_PHOTO_PX[0] + 20, photos.PRINT_PHOTO_PX[1] + 20), colour).save(out, "JPEG")
    return out.getvalue()


@pytest.fixture(scope="module")
def two_photos() -> tuple[bytes, bytes]:
    return _jpeg((200, 30, 30)), _jpeg((30, 30, 200))


@pytest.fixture
def member_id(db: Database, branch_id: int) -> int:
    with db.transaction() as session:
        return add_member(session, branch_id, MemberDraft(name="赵六", id_number="360426199101010071"))


def _left(db: Database, member_id: int) -> tuple[str, dt.date | None, str]:
    with db.reading() as s:
        m = s.get(Member, member_id)
        return m.status, m.left_date, m.left_reason


# --- the form's empty draft -------------------------------------------------------------------------


def test_an_empty_draft_holds_the_declared_defaults() -> None:
    """A new member's form: every yes/no field starts at no, 民族 and 人员类别 at their declared
    defaults, every other field empty text (never None, which the form cannot show)."""
    draft = MemberDraft()
    flags = (draft.is_mobile, draft.is_lost_contact, draft.is_hardship, draft.is_committee)
    assert all(flag is False for flag in flags)
    assert (draft.ethnicity, draft.category) == ("汉族", "正式党员")
    assert (draft.name, draft.birth_date, draft.join_date, draft.full_date, draft.phone) == ("",) * 5


# --- leaving the roster: each refusal in its own words, nothing changed -----------------------------


def test_an_unknown_way_of_leaving_names_the_four(db: Database, member_id: int) -> None:
    with db.transaction() as session, pytest.raises(RosterError) as raised:
        leave_roster(session, member_id, "调走", TODAY, "调往县里", today=TODAY)
    assert str(raised.value) == "离开方式应为：" + "、".join(LEFT_STATUSES)
    assert str(raised.value) == "离开方式应为：转出、去世、停止党籍、出党"
    assert _left(db, member_id) == ("在册", None, "")


@pytest.mark.parametrize(
    ("day", "reason", "message"),
    [
        ("", "转至镇机关", "请填写离开日期"),
        (None, "转至镇机关", "请填写离开日期"),
        (TODAY + dt.timedelta(days=1), "转至镇机关", "离开日期不能晚于今天"),  # one above the line
        (TODAY, " ", "请填写原因"),
    ],
)
def test_leaving_refused_in_exact_words(db: Database, member_id: int, day, reason: str, message: str) -> None:
    with db.transaction() as session, pytest.raises(RosterError) as raised:
        leave_roster(session, member_id, "转出", day, reason, today=TODAY)
    assert str(raised.value) == message
    assert _left(db, member_id) == ("在册", None, "")


@pytest.mark.parametrize("day", [TODAY, TODAY - dt.timedelta(days=1)])  # on the line and one below
def test_leaving_today_or_before_is_logged_with_name_and_reason(db: Database, member_id: int, day) -> None:
    with db.transaction() as session:
        leave_roster(session, member_id, "去世", day, " 病故 ", today=TODAY)
    assert _left(db, member_id) == ("去世", day, "病故")
    assert last_log(db) == ("党员去世", "赵六：病故")


def test_leaving_twice_says_when_and_how_the_member_left(db: Database, member_id: int) -> None:
    with db.transaction() as session:
        leave_roster(session, member_id, "转出", "2026-01-05", "转至镇机关", today=TODAY)
    with db.transaction() as session, pytest.raises(RosterError) as raised:
        leave_roster(session, member_id, "去世", TODAY, "病故", today=TODAY)
    assert str(raised.value) == "赵六 已于 2026-01-05 转出"
    assert _left(db, member_id) == ("转出", dt.date(2026, 1, 5), "转至镇机关")


def test_restoring_clears_the_leave_and_logs_the_old_status(db: Database, member_id: int) -> None:
    with db.transaction() as session:
        leave_roster(session, member_id, "停止党籍", TODAY, "长期不参加组织生活", today=TODAY)
    with db.transaction() as session:
        restore_to_roster(session, member_id)
    assert _left(db, member_id) == ("在册", None, "")
    assert last_log(db) == ("恢复在册", "赵六（原为停止党籍）")


# --- editing ----------------------------------------------------------------------------------------


def test_an_edit_is_logged_with_the_new_name(db: Database, member_id: int) -> None:
    with db.transaction() as session:
        update_member(session, member_id, MemberDraft(name="赵六六", id_number="360426199101010071"))
    assert last_log(db) == ("修改党员信息", "赵六六")


def test_an_edit_may_not_take_another_members_id_number(db: Database, branch_id: int, member_id: int) -> None:
    with db.transaction() as session:
        other = add_member(session, branch_id, MemberDraft(name="钱七"))
    with db.transaction() as session, pytest.raises(RosterError) as raised:
        update_member(session, other, MemberDraft(name="钱七", id_number="360426199101010071"))
    assert str(raised.value) == "身份证号 360426199101010071 已属于 赵六，不能重复登记"
    with db.reading() as s:
        assert s.get(Member, other).id_number is None


def test_an_edit_keeping_its_own_id_number_is_no_duplicate(db: Database, member_id: int) -> None:
    with db.transaction() as session:
        update_member(
            session, member_id, MemberDraft(name="赵六", id_number="360426199101010071", job="会计")
        )
    with db.reading() as s:
        assert s.get(Member, member_id).job == "会计"


# --- the photo and its print-size copy --------------------------------------------------------------


def _cached(jpeg: bytes) -> bool:
    return photos._cache_file(jpeg).exists()


def test_setting_replacing_and_removing_a_photo(db: Database, member_id: int, two_photos) -> None:
    first, second = two_photos
    with db.transaction() as session:
        set_photo(session, member_id, first)
    assert _cached(first)  # made when set, not at the first print
    with db.reading() as s:
        assert s.get(MemberPhoto, member_id).jpeg == first
    with db.transaction() as session:
        set_photo(session, member_id, second)
    with db.reading() as s:
        assert s.get(MemberPhoto, member_id).jpeg == second
        assert len(s.scalars(select(MemberPhoto)).all()) == 1
    assert _cached(second) and not _cached(first)  # the replaced photo's copy goes
    with db.transaction() as session:
        set_photo(session, member_id, second)  # the same photo again: its copy stays
    assert _cached(second)
    with db.transaction() as session:
        set_photo(session, member_id, None)
    with db.reading() as s:
        assert s.get(MemberPhoto, member_id) is None
    assert not _cached(second)


# --- adding: the log, and what the roster's 查找 finds the member by ---------------------------------


def test_a_new_member_is_logged_by_name_and_found_by_name_id_number_and_phone(
    db: Database, branch_id: int
) -> None:
    from dangjian_desktop.core.roster import filter_rows, list_members

    with db.transaction() as session:
        add_member(
            session, branch_id, MemberDraft(name="孙八", id_number="360426199101010071", phone="13812345678")
        )
        add_member(session, branch_id, MemberDraft(name="周九"))
    assert last_log(db) == ("新增党员", "周九")
    with db.reading() as session:
        rows = list_members(session)
    for typed in ("孙八", "sunba", "360426199101010071", "13812345678"):
        assert [r.name for r in filter_rows(rows, typed)] == ["孙八"], typed


def test_refusals_of_several_fields_are_joined_in_one_message(db: Database, branch_id: int) -> None:
    with db.transaction() as session, pytest.raises(RosterError) as raised:
        add_member(session, branch_id, MemberDraft(name=" ", phone="0123"))
    assert str(raised.value) == "姓名不能为空；联系电话应为11位手机号，或固定电话（如 0791-88881234）"


# --- the name: 50 characters at most ---------------------------------------------------------------


@pytest.mark.parametrize(("length", "ok"), [(49, True), (50, True), (51, False)])
def test_a_name_of_at_most_fifty_characters(length: int, ok: bool) -> None:
    from dangjian_desktop.core.roster import check_member

    check = check_member(MemberDraft(name="阿" * length), today=TODAY)
    assert check.ok is ok
    assert check.errors == ({} if ok else {"name": "姓名太长"})


# --- the phone: as a spreadsheet or a person types it ------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("138 1234 5678", "13812345678"),  # spaces between the groups
        ("13812345678.0", "13812345678"),  # a number cell read as a float
        ("7.0", "7"),  # the digits before .0 are all there is
        ("0791-88881234.0", "0791-88881234.0"),  # not all digits before .0: kept as typed
    ],
)
def test_a_phone_is_normalized(typed: str, stored: str) -> None:
    from dangjian_desktop.core.roster import normalize_phone

    assert normalize_phone(typed) == stored


@pytest.mark.parametrize(
    ("phone", "problem"),
    [
        ("1381234567", "手机号应为11位，这里是10位"),  # one below 11 digits
        ("13812345678", None),
        ("138123456789", "手机号应为11位，这里是12位"),  # one above
        ("0123", "联系电话应为11位手机号，或固定电话（如 0791-88881234）"),  # digits, not a mobile
        ("1381234567a", "联系电话应为11位手机号，或固定电话（如 0791-88881234）"),  # a 1, not all digits
        ("", None),
    ],
)
def test_a_phone_problem_in_exact_words(phone: str, problem: str | None) -> None:
    from dangjian_desktop.core.roster import phone_problem

    assert phone_problem(phone) == problem


# --- the birth date: from the ID number, or as typed --------------------------------------------------


def test_what_an_18_digit_id_number_tells_is_shown_and_nothing_more() -> None:
    from dangjian_desktop.core.roster import check_member

    check = check_member(MemberDraft(name="张三", id_number="360426199101010071"), today=TODAY)
    assert check.derived == {"birth_date": "1991-01-01", "gender": "男"}  # already 18 digits: not 规范


def test_a_birth_month_alone_is_read_as_its_first_day() -> None:
    from dangjian_desktop.core.roster import check_member

    check = check_member(MemberDraft(name="张三", birth_date="1985.03"), today=TODAY)
    assert check.ok and check.values.birth_date == dt.date(1985, 3, 1)


def test_an_impossible_birth_date_is_named_in_the_date_readers_words() -> None:
    from dangjian_desktop.core.dates import DateError, parse_date
    from dangjian_desktop.core.roster import check_member

    with pytest.raises(DateError) as raised:
        parse_date("1985-02-30", allow_month=True)
    check = check_member(MemberDraft(name="张三", birth_date="1985-02-30"), today=TODAY)
    assert check.errors == {"birth_date": str(raised.value)}
    assert "不存在" in check.errors["birth_date"]


@pytest.mark.parametrize(("days", "ok"), [(-1, True), (0, True), (1, False)])  # below, on, above today
def test_a_birth_date_up_to_today(days: int, ok: bool) -> None:
    from dangjian_desktop.core.roster import check_member

    born = TODAY + dt.timedelta(days=days)
    check = check_member(MemberDraft(name="张三", birth_date=born.isoformat()), today=TODAY)
    assert check.errors == ({} if ok else {"birth_date": "出生日期不能晚于今天"})


# --- each rule's refusal in its exact words, under its own field -------------------------------------

OLD = "1960-05-01"  # a birth date long past 18


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        ({"birth_date": OLD, "gender": "男女"}, {"gender": "性别应为“男”或“女”"}),
        ({"birth_date": OLD, "full_date": "2016-07-01"}, {"join_date": "填写了转正日期，也请填写入党日期"}),
        (
            {"birth_date": OLD, "join_date": "2016-07-01", "full_date": "2016-07-01"},  # on the line
            {"full_date": "转正日期应晚于入党日期"},
        ),
        ({"birth_date": OLD, "join_date": "2016-07-01", "full_date": "2016-07-02"}, {}),  # one day after
        ({"birth_date": OLD, "category": "群众"}, {"category": "人员类别应为“正式党员”或“预备党员”"}),
        (
            {"birth_date": OLD, "join_date": "2016-07-01", "full_date": "2017-07-01", "category": "预备党员"},
            {"category": "已填写转正日期的应为正式党员"},
        ),
        # a future 入党日期 is refused as future even when it also comes before the 18th birthday
        (
            {"birth_date": "2016-05-01", "join_date": "2026-11-23"},
            {"join_date": "入党日期不能晚于今天"},
        ),
        # and a future 转正日期 as future, even when it is not after a (future) 入党日期
        (
            {"birth_date": OLD, "join_date": "2026-11-24", "full_date": "2026-11-23"},
            {"join_date": "入党日期不能晚于今天", "full_date": "转正日期不能晚于今天"},
        ),
    ],
)
def test_each_refusal_in_exact_words(fields: dict[str, str], errors: dict[str, str]) -> None:
    from dangjian_desktop.core.roster import check_member

    assert check_member(MemberDraft(name="张三", **fields), today=TODAY).errors == errors


@pytest.mark.parametrize(("days", "ok"), [(-1, True), (0, True), (1, False)])  # below, on, above today
def test_a_join_date_up_to_today(days: int, ok: bool) -> None:
    from dangjian_desktop.core.roster import check_member

    joined = TODAY + dt.timedelta(days=days)
    check = check_member(MemberDraft(name="张三", birth_date=OLD, join_date=joined.isoformat()), today=TODAY)
    assert check.errors == ({} if ok else {"join_date": "入党日期不能晚于今天"})


def test_what_the_id_number_told_is_kept_when_another_field_is_refused() -> None:
    from dangjian_desktop.core.roster import check_member

    check = check_member(MemberDraft(name="张三", id_number="360426199101010071", phone="abc"), today=TODAY)
    assert not check.ok and check.values is None
    assert check.derived == {"birth_date": "1991-01-01", "gender": "男"}
