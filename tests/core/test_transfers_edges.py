"""组织关系转接 on its lines, with its exact words, where mutation testing found them untried
(tests/MUTANTS.md, core/transfers.py): whole months, the capital numerals' years, the states on each
day, the letters' numbers per year, the refusals (each changing nothing), the log lines, and the
township's list of people on two rosters in each case it tells apart."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from dangjian_desktop.core import settings
from dangjian_desktop.core import transfers as tr
from dangjian_desktop.core.db import Database
from dangjian_desktop.core.models import Branch, Member, OperationLog, Transfer
from dangjian_desktop.core.roster import MemberDraft, add_member, leave_roster

D = dt.date
ID = "360426199101010071"


def _member(db: Database, branch_id: int, name: str = "王建国", **kw: str) -> int:
    draft = MemberDraft(name=name, gender="男", join_date="2010-07-01", birth_date="1991-01-01", **kw)
    with db.transaction() as session:
        return add_member(session, branch_id, draft)


def _logs(db: Database) -> list[tuple[str, str]]:
    with db.reading() as session:
        return [(o.action, o.detail) for o in session.scalars(select(OperationLog).order_by(OperationLog.id))]


def _transfers(db: Database) -> list[Transfer]:
    with db.reading() as session:
        return list(session.scalars(select(Transfer).order_by(Transfer.id)))


# --- whole months and the capital numerals --------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (D(2026, 1, 15), D(2026, 1, 15), 0),
        (D(2026, 1, 15), D(2026, 2, 14), 0),
        (D(2026, 1, 15), D(2026, 2, 15), 1),
        (D(2026, 1, 15), D(2026, 7, 14), 5),
        (D(2026, 1, 15), D(2026, 7, 15), 6),
        (D(2026, 1, 15), D(2026, 7, 16), 6),
        (D(2025, 12, 15), D(2026, 1, 15), 1),  # over the year's turn
        (D(2026, 1, 15), D(2026, 1, 14), 0),  # an end before the start: none, never negative
        (D(2026, 3, 15), D(2025, 1, 1), 0),
    ],
)
def test_whole_months_on_the_line(start: dt.date, end: dt.date, months: int) -> None:
    assert tr.months_between(start, end) == months


@pytest.mark.parametrize(
    ("month", "text"),
    [("1900-01", "壹玖零零年壹月"), ("2999-12", "贰玖玖玖年拾贰月"), ("2026-09", "贰零贰陆年玖月")],
)
def test_capital_numerals_at_the_years_allowed(month: str, text: str) -> None:
    assert tr.capital_year_month(month) == text


@pytest.mark.parametrize("bad", ["1899-12", "3000-01", "2026-0", "2026-13", "2026-03-01", "abcd-ef"])
def test_capital_numerals_refuse_in_words(bad: str) -> None:
    with pytest.raises(tr.TransferError) as caught:
        tr.capital_year_month(bad)
    assert str(caught.value) == f"党费交到的年月应写成 YYYY-MM，如 2026-03：{bad}"


# --- the states, the rows, the letters ------------------------------------------------------------


def test_each_state_on_its_day_and_the_row_as_json(db: Database, branch_id: int) -> None:
    member_id = _member(db, branch_id)
    issued = D(2026, 3, 2)
    transfer_id = tr.transfer_out(
        db, member_id, "  中共某某社区委员会 ", issued, validity_days=30, reason=" 随子女 ", today=issued
    )
    with db.reading() as session:
        states = {
            day: tr.get_transfer(session, transfer_id, today=day)
            for day in (issued, D(2026, 3, 3), D(2026, 3, 31), D(2026, 4, 1))
        }
    assert [row.state for row in states.values()] == [tr.ISSUED, tr.AWAITING, tr.AWAITING, tr.OVERDUE]
    assert all(row.is_open for row in states.values())
    row = states[issued]
    assert (row.number, row.other_org, row.reason, row.dues_paid_through) == (
        "2026-001",
        "中共某某社区委员会",
        "随子女",
        "",
    )
    assert row.as_json() == {
        "id": transfer_id,
        "member_id": member_id,
        "name": "王建国",
        "direction": tr.OUT,
        "to": "中共某某社区委员会",
        "issued": "2026-03-02",
        "valid_until": "2026-03-31",
        "state": tr.ISSUED,
        "done": None,
        "online": False,
    }
    assert _logs(db)[-1] == ("开具组织关系介绍信", "王建国 转往 中共某某社区委员会")


def test_a_done_or_cancelled_letter_is_never_overdue_nor_open(db: Database, branch_id: int) -> None:
    done_id = tr.transfer_out(db, _member(db, branch_id, "甲"), "某组织", D(2026, 1, 5), today=D(2026, 1, 5))
    tr.complete_transfer(db, done_id, D(2026, 1, 5), today=D(2026, 1, 5))  # on the day it was issued
    cancelled_id = tr.transfer_out(
        db, _member(db, branch_id, "乙"), "某组织", D(2026, 1, 6), today=D(2026, 1, 6)
    )
    tr.cancel_transfer(db, cancelled_id, D(2026, 1, 7))
    later = D(2026, 12, 1)
    with db.reading() as session:
        done = tr.get_transfer(session, done_id, today=later)
        cancelled = tr.get_transfer(session, cancelled_id, today=later)
        assert tr.members_in_transfer(session) == set()
    assert (done.state, done.done, done.online, done.is_open) == (tr.DONE, D(2026, 1, 5), False, False)
    assert done.as_json()["done"] == "2026-01-05"
    assert (cancelled.state, cancelled.is_open) == (tr.CANCELLED, False)
    assert _logs(db)[-1] == ("撤销组织关系介绍信", "编号 2026-002")


def test_a_received_member_is_received_whatever_the_day(db: Database, branch_id: int) -> None:
    member_id = tr.receive_member(
        db, branch_id, MemberDraft(name="李新来", join_date="2015-07-01"), "  中共某村支部 ", D(2026, 2, 1),
        number=" 2026-017 ",
    )  # fmt: skip
    (transfer,) = _transfers(db)
    assert (transfer.member_id, transfer.direction, transfer.number, transfer.other_org) == (
        member_id,
        tr.IN,
        "2026-017",
        "中共某村支部",
    )
    assert (transfer.issued, transfer.done_date) == (D(2026, 2, 1), D(2026, 2, 1))
    with db.reading() as session:
        row = tr.get_transfer(session, transfer.id, today=D(2030, 1, 1))
        assert (row.state, row.is_open) == (tr.RECEIVED, False)
        assert tr.members_in_transfer(session) == set()  # a letter in is no letter out
        with pytest.raises(tr.TransferError) as caught:
            tr.letter(session, transfer.id)  # not a letter out of this branch
    assert str(caught.value) == f"找不到编号为 {transfer.id} 的转出介绍信"
    assert _logs(db)[-1] == ("组织关系转入", "李新来 自 中共某村支部")
    with pytest.raises(tr.TransferError, match="^请填写转出的党组织（介绍信的开具单位）$"):
        tr.receive_member(
            db, branch_id, MemberDraft(name="张三", join_date="2015-07-01"), "  ", D(2026, 2, 1)
        )
    assert len(_transfers(db)) == 1


def test_a_number_not_found_is_named(db: Database) -> None:
    with db.reading() as session:
        with pytest.raises(tr.TransferError) as letter:
            tr.letter(session, 404)
        with pytest.raises(tr.TransferError) as row:
            tr.get_transfer(session, 404)
    assert str(letter.value) == "找不到编号为 404 的转出介绍信"
    assert str(row.value) == "找不到编号为 404 的组织关系转接记录"


def test_the_list_is_newest_first_and_by_branch(db: Database, branch_id: int) -> None:
    with db.transaction() as session:
        other_branch = Branch(name="另一村党支部", township="测试镇")  # as merged at the township
        session.add(other_branch)
        session.flush()
        other = other_branch.id
    day = D(2026, 6, 1)
    first = tr.transfer_out(db, _member(db, branch_id, "甲"), "某组织", D(2026, 5, 1), today=day)
    same_day = tr.transfer_out(db, _member(db, branch_id, "乙"), "某组织", D(2026, 5, 1), today=day)
    newest = tr.transfer_out(db, _member(db, branch_id, "丙"), "某组织", D(2026, 5, 20), today=day)
    elsewhere = tr.transfer_out(db, _member(db, other, "丁"), "某组织", D(2026, 5, 10), today=day)
    with db.reading() as session:
        everyone = [row.id for row in tr.list_transfers(session, today=day)]
        here = [row.id for row in tr.list_transfers(session, today=day, branch_id=branch_id)]
        there = [(row.id, row.name) for row in tr.list_transfers(session, today=day, branch_id=other)]
    assert everyone == [newest, elsewhere, same_day, first]
    assert here == [newest, same_day, first]
    assert there == [(elsewhere, "丁")]


def test_letters_are_numbered_within_their_year(db: Database, branch_id: int) -> None:
    today = D(2027, 1, 2)

    def out(name: str, day: dt.date) -> str:
        transfer_id = tr.transfer_out(db, _member(db, branch_id, name), "某组织", day, today=today)
        with db.reading() as session:
            return tr.get_transfer(session, transfer_id).number

    tr.receive_member(
        db, branch_id, MemberDraft(name="转入者", join_date="2015-07-01"), "某支部", D(2026, 3, 1)
    )
    assert [t.number for t in _transfers(db)] == [""]  # a letter in without its number: none
    assert out("甲", D(2025, 12, 31)) == "2025-001"
    assert out("乙", D(2026, 1, 1)) == "2026-001"  # last year's letter and the letter in do not count
    assert out("丙", D(2026, 12, 31)) == "2026-002"
    assert out("丁", D(2027, 1, 1)) == "2027-001"
    assert out("戊", D(2026, 6, 1)) == "2026-003"  # a letter entered late takes the year's next number


# --- refusals: each in its words, nothing changed -------------------------------------------------


def test_the_organisation_is_at_most_200_characters(db: Database, branch_id: int) -> None:
    member_id = _member(db, branch_id)
    day = D(2026, 6, 1)
    with pytest.raises(tr.TransferError, match="^转往的党组织名称太长（最多200字）$"):
        tr.transfer_out(db, member_id, "组" * 201, day, today=day)
    with pytest.raises(tr.TransferError, match="^请填写转往的党组织（介绍信抬头）$"):
        tr.transfer_out(db, member_id, " \u3000", day, today=day)
    assert _transfers(db) == []
    transfer_id = tr.transfer_out(db, member_id, " " + "组" * 200 + " ", day, today=day)
    (transfer,) = _transfers(db)
    assert (transfer.id, transfer.other_org) == (transfer_id, "组" * 200)


def test_the_day_of_issue_may_be_today_not_tomorrow(db: Database, branch_id: int) -> None:
    member_id = _member(db, branch_id)
    today = D(2026, 6, 1)
    with pytest.raises(tr.TransferError, match="^开具日期不能晚于今天$"):
        tr.transfer_out(db, member_id, "某组织", D(2026, 6, 2), today=today)
    assert _transfers(db) == []
    tr.transfer_out(db, member_id, "某组织", today, dues_paid_through="2026-05", today=today)
    (transfer,) = _transfers(db)
    assert (transfer.issued, transfer.dues_paid_through, transfer.reason) == (today, "2026-05", "")


def test_the_validity_comes_from_the_setting_and_is_refused_in_words(db: Database, branch_id: int) -> None:
    first, second = _member(db, branch_id, "甲"), _member(db, branch_id, "乙")
    day = D(2026, 6, 1)
    with db.transaction() as session:
        settings.put(session, tr.VALIDITY_DAYS, 45)
    tr.transfer_out(db, first, "某组织", day, today=day)
    assert _transfers(db)[0].validity_days == 45
    with pytest.raises(tr.TransferError) as caught:
        tr.transfer_out(db, second, "某组织", day, validity_days=91, today=day)
    assert str(caught.value) == "介绍信有效期应为 1 到 90 天：91"
    assert len(_transfers(db)) == 1


def test_only_a_member_on_the_roster_gets_a_letter(db: Database, branch_id: int) -> None:
    member_id = _member(db, branch_id)
    with db.transaction() as session:
        leave_roster(session, member_id, "去世", D(2026, 1, 1), "病故")
    with pytest.raises(tr.TransferError) as gone:
        tr.transfer_out(db, member_id, "某组织", D(2026, 6, 1), today=D(2026, 6, 1))
    with pytest.raises(tr.TransferError) as missing:
        tr.transfer_out(db, 999, "某组织", D(2026, 6, 1), today=D(2026, 6, 1))
    assert (str(gone.value), str(missing.value)) == (
        "王建国 已去世，不能办理组织关系转出",
        "找不到编号为 999 的党员",
    )
    other = _member(db, branch_id, "李四")
    tr.transfer_out(db, other, "甲组织", D(2026, 6, 1), today=D(2026, 6, 1))
    with pytest.raises(tr.TransferError) as twice:
        tr.transfer_out(db, other, "乙组织", D(2026, 6, 1), today=D(2026, 6, 1))
    assert str(twice.value) == "李四 已有一封未办结的介绍信，请先办结或撤销"
    assert len(_transfers(db)) == 1


def test_completing_on_its_lines_and_the_reason_on_the_roster(db: Database, branch_id: int) -> None:
    paper, online = _member(db, branch_id, "甲"), _member(db, branch_id, "乙")
    issued, today = D(2026, 6, 10), D(2026, 6, 20)
    by_paper = tr.transfer_out(db, paper, "某社区党委", issued, today=issued)
    by_net = tr.transfer_out(db, online, "某街道党工委", issued, today=issued)
    with pytest.raises(tr.TransferError, match="^办结日期不能早于开具日期$"):
        tr.complete_transfer(db, by_paper, D(2026, 6, 9), today=today)
    with pytest.raises(tr.TransferError, match="^办结日期不能晚于今天$"):
        tr.complete_transfer(db, by_paper, D(2026, 6, 21), today=today)
    with db.reading() as session:
        assert tr.members_in_transfer(session) == {paper, online}
    tr.complete_transfer(db, by_paper, today, today=today)
    tr.complete_transfer(db, by_net, issued, online=True, today=today)
    with db.reading() as session:
        gone = {m.name: (m.status, m.left_date, m.left_reason) for m in session.scalars(select(Member))}
        rows = {row.id: (row.done, row.online) for row in tr.list_transfers(session, today=today)}
    assert gone == {
        "甲": ("转出", today, "转往某社区党委（回执已收回）"),
        "乙": ("转出", issued, "转往某街道党工委（网上办理）"),
    }
    assert rows == {by_paper: (today, False), by_net: (issued, True)}


def test_a_letter_done_or_cancelled_is_refused_in_words(db: Database, branch_id: int) -> None:
    day = D(2026, 6, 10)
    done = tr.transfer_out(db, _member(db, branch_id, "甲"), "某组织", day, today=day)
    tr.complete_transfer(db, done, day, today=day)
    cancelled = tr.transfer_out(db, _member(db, branch_id, "乙"), "某组织", day, today=day)
    tr.cancel_transfer(db, cancelled, day)
    with pytest.raises(tr.TransferError) as again:
        tr.complete_transfer(db, done, day, today=day)
    with pytest.raises(tr.TransferError) as undone:
        tr.complete_transfer(db, cancelled, day, today=day)
    assert (str(again.value), str(undone.value)) == ("这封介绍信已办结", "这封介绍信已撤销")
    for transfer_id in (done, cancelled):
        with pytest.raises(tr.TransferError, match="^这封介绍信已办结或已撤销$"):
            tr.cancel_transfer(db, transfer_id, day)
    assert [(t.done_date, t.cancelled_date) for t in _transfers(db)] == [(day, None), (None, day)]


# --- the township: one person on two rosters ------------------------------------------------------


def _person(session, branch: Branch, name: str, id_number: str | None = None, **values: object) -> Member:  # noqa: ANN001
    member = Member(
        branch_id=branch.id, name=name, id_number=id_number, birth_date=D(1970, 5, 5),
        join_date=D(2000, 7, 1), join_md="07-01", **values,
    )  # fmt: skip
    session.add(member)
    session.flush()
    return member


def _letter(session, member: Member, **values: object) -> None:  # noqa: ANN001
    values.setdefault("issued", D(2026, 3, 1))
    session.add(Transfer(member_id=member.id, direction=tr.OUT, other_org="某村", **values))


def _ids(n: int) -> str:
    first17 = f"36042619700505{n:03d}"
    from dangjian_desktop.core.idcard import check_char

    return first17 + check_char(first17)


def test_the_township_tells_a_move_from_a_person_to_check(db: Database) -> None:
    left = D(2026, 4, 1)
    with db.transaction() as session:
        a, b, c = (
            Branch(name=name, township="测试镇") for name in ("甲村党支部", "乙村党支部", "丙村党支部")
        )
        session.add_all([a, b, c])
        session.flush()
        # done: left 甲村 with a letter (回执 back), on 乙村's roster
        _letter(session, _person(session, a, "办结", _ids(1), status="转出", left_date=left), done_date=left)
        _person(session, b, "办结", _ids(1))
        # open: still on 甲村's roster (转出中) with the letter, already on 丙村's
        _letter(session, _person(session, a, "在途", _ids(2)))
        _person(session, c, "在途", _ids(2))
        # left 乙村 as 转出 but no letter was recorded: to check
        _person(session, b, "无信", _ids(3), status="转出", left_date=left)
        _person(session, a, "无信", _ids(3))
        # the letter was cancelled: no move at all
        _letter(session, _person(session, a, "撤销", _ids(4)), cancelled_date=left)
        _person(session, b, "撤销", _ids(4))
        # a letter, but the member died in 甲村: not a move
        _letter(session, _person(session, a, "去世", _ids(5), status="去世", left_date=left))
        _person(session, c, "去世", _ids(5))
        # received into 乙村 once (a letter in), left it as 转出 with no letter out: to check
        received = _person(session, b, "仅转入", _ids(6), status="转出", left_date=left)
        session.add(
            Transfer(
                member_id=received.id,
                direction=tr.IN,
                other_org="外县",
                issued=D(2020, 1, 1),
                done_date=D(2020, 1, 1),
            )
        )
        _person(session, c, "仅转入", _ids(6))
        # gone from both, one village only, no ID number: nobody
        _person(session, a, "都走了", _ids(7), status="转出", left_date=left)
        _person(session, b, "都走了", _ids(7), status="去世", left_date=left)
        _person(session, a, "一处", _ids(8))
        _person(session, a, "无号")
        _person(session, b, "无号")
    with db.reading() as session:
        moves = tr.township_moves(session)
    to_check = [
        tr.MoveRow(_ids(6), "仅转入", "乙村党支部", "丙村党支部", tr.TO_CHECK),
        tr.MoveRow(_ids(5), "去世", "甲村党支部", "丙村党支部", tr.TO_CHECK),
        tr.MoveRow(_ids(4), "撤销", "甲村党支部", "乙村党支部", tr.TO_CHECK),
        tr.MoveRow(_ids(3), "无信", "乙村党支部", "甲村党支部", tr.TO_CHECK),
    ]
    settled = [
        tr.MoveRow(_ids(1), "办结", "甲村党支部", "乙村党支部", tr.SETTLED),
        tr.MoveRow(_ids(2), "在途", "甲村党支部", "丙村党支部", tr.SETTLED),
    ]
    # to check first, then by name (in code-point order, as the list sorts them)
    assert moves == sorted(to_check, key=lambda row: row.name) + sorted(settled, key=lambda row: row.name)


@pytest.mark.parametrize("letter_in_first_branch", [True, False])
def test_an_open_letter_is_one_move_whichever_branch_came_first(
    db: Database, letter_in_first_branch: bool
) -> None:
    """Active on both rosters, with the letter out of one still open: settled, reported once, whether the
    branch with the letter was entered (merged) before the other or after."""
    with db.transaction() as session:
        first, second = (
            Branch(name="甲村党支部", township="测试镇"),
            Branch(name="乙村党支部", township="测试镇"),
        )
        session.add_all([first, second])
        session.flush()
        sender, receiver = (first, second) if letter_in_first_branch else (second, first)
        _letter(session, _person(session, sender, "在途", _ids(2)))
        _person(session, receiver, "在途", _ids(2))
    with db.reading() as session:
        moves = tr.township_moves(session)
    assert moves == [tr.MoveRow(_ids(2), "在途", sender.name, receiver.name, tr.SETTLED)]


def test_two_active_without_a_letter_are_one_row_to_check(db: Database) -> None:
    with db.transaction() as session:
        a, b = Branch(name="甲村党支部", township="测试镇"), Branch(name="乙村党支部", township="测试镇")
        session.add_all([a, b])
        session.flush()
        _person(session, b, "两处", _ids(9))
        _person(session, a, "两处", _ids(9))
    with db.reading() as session:
        assert tr.township_moves(session) == [
            tr.MoveRow(_ids(9), "两处", "甲村党支部", "乙村党支部", tr.TO_CHECK)
        ]
        # nobody on two rosters: an empty list, and the branches' names are not needed
        session.execute(select(Member))
    with db.transaction() as session:
        session.get(Member, 1).id_number = _ids(10)  # type: ignore[union-attr]
    with db.reading() as session:
        assert tr.township_moves(session) == []


def test_completing_uses_the_day_given_as_today_throughout(db: Database, branch_id: int) -> None:
    """`today` is passed on to the roster's rule too: a day after the machine's own date (a clock set
    wrong, or dates entered ahead) is judged against the same today everywhere."""
    ahead = dt.date.today() + dt.timedelta(days=400)
    member_id = _member(db, branch_id)
    transfer_id = tr.transfer_out(db, member_id, "某组织", ahead, today=ahead)
    tr.complete_transfer(db, transfer_id, ahead + dt.timedelta(days=5), today=ahead + dt.timedelta(days=9))
    with db.reading() as session:
        member = session.get(Member, member_id)
        assert (member.status, member.left_date) == ("转出", ahead + dt.timedelta(days=5))  # type: ignore[union-attr]
