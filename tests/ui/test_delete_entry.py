"""删除误录 from the roster: confirmed and backed up; or, with records, the message and 离开名册 instead."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from dangjian_desktop.core import roster
from dangjian_desktop.core.models import Member, ResponsibilityCard
from dangjian_desktop.ui.delete_entry import ask_delete_mistaken
from dangjian_desktop.ui.roster.tab import RosterTab
from tests.ui.helpers import when_dialog_opens


def _add(ctx, branch_id: int, name: str) -> int:
    with ctx.db.transaction() as session:
        return roster.add_member(session, branch_id, roster.MemberDraft(name=name, join_date="2012-05-01"))


def _exists(ctx, member_id: int) -> bool:
    with ctx.db.reading() as session:
        return session.get(Member, member_id) is not None


def _answer_in_turn(replies: list, seen: list[str], failures: list) -> None:
    """Answers each message box as it opens with the next reply: a standard button or a button's text."""

    def reply(box: QMessageBox) -> None:
        seen.append(box.text())
        answer = replies.pop(0)
        if isinstance(answer, str):
            next(b for b in box.findChildren(QPushButton) if b.text() == answer).click()
        else:
            box.button(answer).click()
        if replies:
            when_dialog_opens(reply, failures)

    when_dialog_opens(reply, failures)


def test_confirmed_delete_removes_the_member(qtbot, ctx, branch_id) -> None:
    member_id = _add(ctx, branch_id, "误录人")
    parent = QWidget()
    qtbot.addWidget(parent)
    seen: list[str] = []
    failures: list = []
    _answer_in_turn([QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.Ok], seen, failures)
    assert ask_delete_mistaken(parent, ctx, member_id, lambda: None) is True
    assert not failures and "自动备份" in seen[0] and "备份" in seen[1]
    assert not _exists(ctx, member_id)


def test_answering_no_keeps_the_member(qtbot, ctx, branch_id) -> None:
    member_id = _add(ctx, branch_id, "误录人")
    parent = QWidget()
    qtbot.addWidget(parent)
    seen: list[str] = []
    failures: list = []
    _answer_in_turn([QMessageBox.StandardButton.No], seen, failures)
    assert ask_delete_mistaken(parent, ctx, member_id, lambda: None) is False
    assert _exists(ctx, member_id)


def test_records_are_named_and_leaving_is_offered(qtbot, ctx, branch_id) -> None:
    member_id = _add(ctx, branch_id, "老党员")
    with ctx.db.transaction() as session:
        session.add(ResponsibilityCard(member_id=member_id, year=2026))
    parent = QWidget()
    qtbot.addWidget(parent)
    seen: list[str] = []
    failures: list = []
    offered: list[bool] = []
    _answer_in_turn(["办理离开名册…"], seen, failures)
    assert ask_delete_mistaken(parent, ctx, member_id, lambda: offered.append(True)) is False
    assert not failures and "明白卡 1 张" in seen[0]
    assert offered == [True] and _exists(ctx, member_id)


def test_the_roster_offers_it_on_a_right_click(qtbot, ctx, branch_id) -> None:
    member_id = _add(ctx, branch_id, "误录人")
    tab = RosterTab(ctx)
    qtbot.addWidget(tab)
    assert "删除误录…" in [a.text() for a in tab.table.actions()]
    tab.table.selectRow(0)
    seen: list[str] = []
    failures: list = []
    _answer_in_turn([QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.Ok], seen, failures)
    next(a for a in tab.table.actions() if a.text() == "删除误录…").trigger()
    assert not failures and not _exists(ctx, member_id)
    assert tab.model.rowCount() == 0
