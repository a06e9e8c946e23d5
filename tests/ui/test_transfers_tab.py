"""The 组织关系 tab driven as a secretary would: a letter issued, refused input kept, Esc guarded, done."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDateEdit, QDialog, QLineEdit, QMessageBox
from sqlalchemy import select

from dangjian_desktop.core import transfers as tr
from dangjian_desktop.core.models import Member
from dangjian_desktop.core.roster import MemberDraft, add_member
from dangjian_desktop.ui.transfers.tab import TransfersTab

from .helpers import type_text, when_dialog_opens


def _tab(qtbot, ctx, branch_id) -> tuple[TransfersTab, int]:
    with ctx.db.transaction() as session:
        member_id = add_member(session, branch_id, MemberDraft(name="王外出", join_date="2010-07-01"))
    tab = TransfersTab(ctx)
    qtbot.addWidget(tab)
    tab.show()
    return tab, member_id


def _answer(text: str, failures: list[BaseException]) -> None:
    """Presses `text` on the next message box (the 保存/不保存/取消 question)."""

    def press(box: QDialog) -> None:
        assert isinstance(box, QMessageBox), type(box)
        (button,) = [b for b in box.buttons() if b.text() == text]
        button.click()

    when_dialog_opens(press, failures)


def test_issue_a_letter_refusal_keeps_typing_then_done(qtbot, ctx, branch_id) -> None:
    tab, member_id = _tab(qtbot, ctx, branch_id)
    failures: list[BaseException] = []

    def fill(dialog: QDialog) -> None:
        dialog.findChild(QLineEdit, "dues").setText("2026-13")  # refused: the form stays, typing kept
        type_text(dialog.findChild(QLineEdit, "to"), "中共某某社区委员会")
        dialog.save_button.click()
        assert dialog.isVisible() and "YYYY-MM" in dialog.error.text()
        assert dialog.findChild(QLineEdit, "to").text() == "中共某某社区委员会"
        dialog.findChild(QLineEdit, "dues").setText("2026-10")
        dialog.save_button.click()

    when_dialog_opens(fill, failures)
    tab.issue_letter()
    assert not failures, failures
    (row,) = tab.transfer_model.rows
    assert (row.member_id, row.other_org, row.state) == (member_id, "中共某某社区委员会", tr.ISSUED)

    tab.transfer_view.selectRow(0)

    def done(dialog: QDialog) -> None:
        dialog.findChild(QDateEdit, "date").setDate(dialog.findChild(QDateEdit, "date").date())
        dialog.save_button.click()

    when_dialog_opens(done, failures)
    tab.complete_selected()
    assert not failures, failures
    assert tab.transfer_model.rows[0].state == tr.DONE
    with ctx.db.reading() as session:
        assert session.scalar(select(Member.status).where(Member.id == member_id)) == "转出"


def test_esc_on_a_typed_form_asks_and_keeps_or_discards(qtbot, ctx, branch_id) -> None:
    tab, member_id = _tab(qtbot, ctx, branch_id)
    failures: list[BaseException] = []
    for answer, kept in (("取消", True), ("不保存", False)):
        seen: dict[str, bool] = {}

        def typed_then_esc(dialog: QDialog, answer: str = answer, seen: dict[str, bool] = seen) -> None:
            type_text(dialog.findChild(QLineEdit, "place"), "宁波")
            _answer(answer, failures)
            qtbot.keyClick(dialog, Qt.Key.Key_Escape)
            seen["open_after_esc"] = dialog.isVisible()
            if dialog.isVisible():
                assert dialog.findChild(QLineEdit, "place").text() == "宁波"
                dialog.done(QDialog.DialogCode.Rejected)  # leave the test's dialog without asking again

        when_dialog_opens(typed_then_esc, failures)
        tab.record_going_out()
        assert not failures, failures
        assert seen["open_after_esc"] is kept
    assert tab.mobile_model.rows == []  # neither answer wrote anything
    assert QApplication.activeModalWidget() is None
