"""Nothing typed is lost: every editor asks 保存 / 不保存 / 取消 before its changes would go, and both
answers do what they say (the widget and the database agree)."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QMessageBox, QWidget
from sqlalchemy import select

from dangjian_desktop.core import cards, drafts
from dangjian_desktop.core import meetings as m
from dangjian_desktop.core.db import Database
from dangjian_desktop.core.models import BirthdayActivity, Meeting, Member
from dangjian_desktop.core.roster import MemberDraft, add_member
from dangjian_desktop.ui.birthdays.tab import BirthdaysTab
from dangjian_desktop.ui.cards.tab import CardsTab
from dangjian_desktop.ui.context import AppContext
from dangjian_desktop.ui.jobs import JobRunner
from dangjian_desktop.ui.meetings.tab import MeetingsTab
from dangjian_desktop.ui.roster.tab import RosterTab

from .helpers import click_in_box as answer
from .helpers import poll_modal, type_text

TODAY = dt.date(2026, 3, 10)


@pytest.fixture
def ctx(db: Database, branch_id: int):  # type: ignore[no-untyped-def]
    jobs = JobRunner()
    yield AppContext(db=db, jobs=jobs, today=lambda: TODAY)
    jobs.wait()


def _members(db: Database) -> list[str]:
    with db.reading() as s:
        return list(s.scalars(select(Member.name)))


# --- the member form -------------------------------------------------------------------------------


def test_member_form_esc_then_discard_closes_and_stores_nothing(qtbot, ctx: AppContext) -> None:
    tab = RosterTab(ctx)
    qtbot.addWidget(tab)
    dialog = tab.member_dialog()
    dialog.submit = lambda d: tab._submit(None, d)
    dialog.show()
    type_text(dialog.name, "王小二")
    seen: list[str] = []
    answer("不保存", seen)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert seen == ["党员信息有修改尚未保存。"]
    assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Rejected
    assert _members(ctx.db) == []


def test_member_form_close_then_save_stores_the_member(qtbot, ctx: AppContext) -> None:
    tab = RosterTab(ctx)
    qtbot.addWidget(tab)
    dialog = tab.member_dialog()
    dialog.submit = lambda d: tab._submit(None, d)
    dialog.show()
    type_text(dialog.name, "王小二")
    seen: list[str] = []
    answer("保存", seen)
    dialog.close()  # the window's close button
    assert seen and not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Accepted
    assert _members(ctx.db) == ["王小二"]
    assert "王小二" in [tab.model.index(r, 1).data() for r in range(tab.model.rowCount())]


def test_member_form_cancel_keeps_the_form_and_a_refused_save_keeps_it_too(qtbot, ctx: AppContext) -> None:
    tab = RosterTab(ctx)
    qtbot.addWidget(tab)
    dialog = tab.member_dialog()
    dialog.submit = lambda d: tab._submit(None, d)
    dialog.show()
    type_text(dialog.phone, "1381234")  # too short: the save is refused
    seen: list[str] = []
    answer("取消", seen)
    dialog.reject()
    assert seen and dialog.isVisible() and dialog.phone.text() == "1381234"
    answer("保存", seen)
    dialog.reject()
    assert dialog.isVisible() and dialog.errors["name"].isVisible()  # 保存 showed what is missing
    assert _members(ctx.db) == []
    dialog.phone.clear()
    answer("不保存", seen)
    dialog.reject()
    assert not dialog.isVisible()


def test_member_form_without_changes_closes_without_asking(qtbot, ctx: AppContext) -> None:
    tab = RosterTab(ctx)
    qtbot.addWidget(tab)
    dialog = tab.member_dialog()
    dialog.show()
    dialog.reject()  # a message box would block here
    assert not dialog.isVisible()


def test_first_empty_form_shows_no_error_until_typed_or_saved(qtbot, ctx: AppContext) -> None:
    tab = RosterTab(ctx)
    qtbot.addWidget(tab)
    dialog = tab.member_dialog()
    dialog.show()
    qtbot.waitExposed(dialog)
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert not any(label.isVisible() for label in dialog.errors.values())
    assert save.isEnabled()
    below = dialog.id_number.mapTo(dialog, dialog.id_number.rect().topLeft()).y()
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.errors["name"].text() == "姓名不能为空"
    assert dialog.errors["name"].isVisible() and not save.isEnabled()
    # the room for the message was kept: the field below did not move
    assert dialog.id_number.mapTo(dialog, dialog.id_number.rect().topLeft()).y() == below
    type_text(dialog.name, "甲")
    assert not dialog.errors["name"].isVisible() and save.isEnabled()
    dialog.name.clear()
    dialog.name.setText("")
    answer("不保存", [])
    dialog.reject()


# --- the meeting record ----------------------------------------------------------------------------


def _meeting_dialog(qtbot, ctx: AppContext):  # type: ignore[no-untyped-def]
    tab = MeetingsTab(ctx)
    qtbot.addWidget(tab)
    dialog = tab.open_dialog()
    dialog.kind.setCurrentText(m.LECTURE)
    dialog.date.setDate(QDate(2026, 2, 10))
    dialog.show()
    qtbot.waitExposed(dialog)
    QApplication.processEvents()  # the dialog has looked for a draft left by a crash (there is none)
    type_text(dialog.title_edit, "春季党课")
    dialog.content.setPlainText("书记讲党课，" * 200)
    return tab, dialog


def test_meeting_esc_then_discard(qtbot, ctx: AppContext) -> None:
    tab, dialog = _meeting_dialog(qtbot, ctx)
    dialog.drafts.keep()
    assert dialog.drafts.pending() is not None
    seen: list[str] = []
    answer("不保存", seen)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert seen == ["会议记录有修改尚未保存。"] and not dialog.isVisible()
    assert tab.save_dialog(dialog) is None
    assert dialog.drafts.pending() is None  # 不保存 means gone, also from the drafts
    with ctx.db.reading() as s:
        assert s.scalars(select(Meeting)).all() == []


def test_meeting_close_then_save(qtbot, ctx: AppContext) -> None:
    tab, dialog = _meeting_dialog(qtbot, ctx)
    dialog.drafts.keep()
    seen: list[str] = []
    answer("保存", seen)
    dialog.close()
    assert seen and dialog.result() == QDialog.DialogCode.Accepted
    meeting_id = tab.save_dialog(dialog)
    assert meeting_id is not None and dialog.drafts.pending() is None
    with ctx.db.reading() as s:
        assert m.meeting_detail(s, meeting_id).content.startswith("书记讲党课")


def test_meeting_cancel_keeps_typing(qtbot, ctx: AppContext) -> None:
    _tab, dialog = _meeting_dialog(qtbot, ctx)
    answer("取消", [])
    dialog.reject()
    assert dialog.isVisible() and dialog.title_edit.text() == "春季党课"
    answer("不保存", [])
    dialog.reject()


# --- the 明白卡 editor -----------------------------------------------------------------------------


def _card_editor(qtbot, ctx: AppContext, db: Database, branch_id: int):  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        member_id = add_member(s, branch_id, MemberDraft(name="刘德华", join_date="2010-07-01"))
    tab = CardsTab(ctx)
    qtbot.addWidget(tab)
    tab.select_member(member_id)
    editor = tab.open_card(member_id)
    assert editor is not None
    qtbot.waitExposed(editor)
    QApplication.processEvents()
    editor.texts[cards.COMMITMENT].setPlainText("帮助2户群众销售农产品\n为留守老人义务理发")
    return tab, editor


def _commitments(db: Database, card_id: int) -> list[str]:
    with db.reading() as s:
        return [c.text for c in cards.get_card(s, card_id).clauses_in(cards.COMMITMENT)]


def test_card_close_then_discard(qtbot, ctx: AppContext, db: Database, branch_id: int) -> None:
    _tab, editor = _card_editor(qtbot, ctx, db, branch_id)
    seen: list[str] = []
    answer("不保存", seen)
    editor.reject()  # 关闭
    assert seen and not editor.isVisible()
    assert _commitments(db, editor.card_id) == []


def test_card_close_then_save(qtbot, ctx: AppContext, db: Database, branch_id: int) -> None:
    tab, editor = _card_editor(qtbot, ctx, db, branch_id)
    editor.review_note.setPlainText("群众评价好")
    seen: list[str] = []
    answer("保存", seen)
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert seen and not editor.isVisible()
    assert _commitments(db, editor.card_id) == ["帮助2户群众销售农产品", "为留守老人义务理发"]
    assert tab.model.index(0, [c.title for c in tab.model.columns].index("承诺事项")).data() == "2"


def test_card_cancel_keeps_the_editor(qtbot, ctx: AppContext, db: Database, branch_id: int) -> None:
    _tab, editor = _card_editor(qtbot, ctx, db, branch_id)
    answer("取消", [])
    editor.reject()
    assert editor.isVisible() and "义务理发" in editor.texts[cards.COMMITMENT].toPlainText()
    answer("不保存", [])
    editor.reject()


def test_four_step_grid_does_not_widen_after_the_first_record(
    qtbot, ctx: AppContext, db: Database, branch_id: int
) -> None:
    _tab, editor = _card_editor(qtbot, ctx, db, branch_id)
    editor.tabs.setCurrentIndex(1)
    qtbot.waitExposed(editor)
    row = editor.steps["个人报"]
    before = (row.date.x(), row.note.x())
    row.date.setDate(QDate(2026, 1, 5))
    assert editor.record_step("个人报")
    QApplication.processEvents()
    assert row.state.text().startswith("已记录")
    assert (row.date.x(), row.note.x()) == before
    answer("不保存", [])
    editor.reject()


# --- the 6+X record panel --------------------------------------------------------------------------


@pytest.fixture
def birthdays(qtbot, ctx: AppContext, db: Database, branch_id: int):  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        ids = {
            name: add_member(s, branch_id, MemberDraft(name=name, join_date=join, full_date=full))
            for name, join, full in (("甲", "2016-03-10", "2017-03-10"), ("乙", "2003-03-02", "2004-03-02"))
        }
    tab = BirthdaysTab(ctx)
    qtbot.addWidget(tab)
    tab.select_member(ids["甲"])
    tab.panel.line("谈心谈话").check.setChecked(True)
    assert tab.panel.is_dirty()
    return tab, ids


def _activities(db: Database) -> list[str]:
    with db.reading() as s:
        return list(s.scalars(select(BirthdayActivity.item)))


def test_6x_switching_member_then_discard(qtbot, birthdays, db: Database) -> None:  # type: ignore[no-untyped-def]
    tab, ids = birthdays
    seen: list[str] = []
    answer("不保存", seen)
    tab.select_member(ids["乙"])
    assert seen == ["甲的6+X记录有修改尚未保存。"]
    assert tab.panel.record.birthday.name == "乙" and not tab.panel.is_dirty()
    assert _activities(db) == []


def test_6x_switching_member_then_save(qtbot, birthdays, db: Database) -> None:  # type: ignore[no-untyped-def]
    tab, ids = birthdays
    answer("保存", [])
    tab.select_member(ids["乙"])
    assert _activities(db) == ["谈心谈话"]
    assert tab.panel.record.birthday.name == "乙"


def test_6x_cancel_stays_on_the_member_with_the_ticks(qtbot, birthdays, db: Database) -> None:  # type: ignore[no-untyped-def]
    tab, ids = birthdays
    answer("取消", [])
    tab.select_member(ids["乙"])
    assert tab.panel.record.birthday.name == "甲"
    assert tab.panel.line("谈心谈话").check.isChecked()
    selected = tab.month_view.selectionModel().selectedRows()
    assert [tab.month_model.row_at(i.row()).birthday.name for i in selected] == ["甲"]
    assert _activities(db) == []
    tab.panel.line("谈心谈话").check.setChecked(False)


def test_switching_tab_asks_about_the_6x_record(qtbot, ctx: AppContext, db: Database, branch_id: int) -> None:
    from dangjian_desktop.ui.main_window import MainWindow

    with db.transaction() as s:
        add_member(s, branch_id, MemberDraft(name="甲", join_date="2016-03-10", full_date="2017-03-10"))
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    tab = window.tab(BirthdaysTab)
    window.tabs.setCurrentWidget(tab)
    tab.select_row(0)
    tab.panel.line("谈心谈话").check.setChecked(True)
    answer("取消", [])
    window.tabs.setCurrentIndex(0)
    assert window.tabs.currentWidget() is tab and tab.panel.is_dirty()
    answer("保存", [])
    window.tabs.setCurrentIndex(0)
    assert window.tabs.currentWidget() is not tab
    assert _activities(db) == ["谈心谈话"]


def test_a_draft_is_kept_only_while_the_text_differs(qtbot, ctx: AppContext) -> None:
    _tab, dialog = _meeting_dialog(qtbot, ctx)
    assert dialog.drafts.keep()
    kept = drafts.load_draft(ctx.db.path, dialog.drafts.key)
    assert kept is not None and kept.values["title"] == "春季党课"
    dialog.restore_texts(dialog.drafts._baseline or {})
    assert not dialog.drafts.keep() and dialog.drafts.pending() is None
    answer("不保存", [])  # closing still asks: the form is not the empty one it opened as
    dialog.reject()


def test_another_month_asks_and_cancel_puts_the_month_back(qtbot, birthdays, db: Database) -> None:  # type: ignore[no-untyped-def]
    tab, _ids = birthdays
    answer("取消", [])
    tab.month.setCurrentIndex(3)
    assert tab.month.currentIndex() == 2 and tab.panel.line("谈心谈话").check.isChecked()
    answer("保存", [])
    tab.month.setCurrentIndex(3)
    assert tab.month.currentIndex() == 3 and _activities(db) == ["谈心谈话"]


def test_closing_the_window_asks_about_the_6x_record(
    qtbot, ctx: AppContext, db: Database, branch_id: int
) -> None:
    from dangjian_desktop.ui.main_window import MainWindow

    with db.transaction() as s:
        add_member(s, branch_id, MemberDraft(name="甲", join_date="2016-03-10", full_date="2017-03-10"))
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    tab = window.tab(BirthdaysTab)
    window.tabs.setCurrentWidget(tab)
    tab.select_row(0)
    tab.panel.line("谈心谈话").check.setChecked(True)
    answer("取消", [])
    assert not window.close()
    assert window.isVisible() and tab.panel.is_dirty()
    answer("不保存", [])
    assert window.close()
    assert _activities(db) == []


def test_a_card_draft_is_offered_back_on_the_next_open(
    qtbot, ctx: AppContext, db: Database, branch_id: int
) -> None:
    tab, editor = _card_editor(qtbot, ctx, db, branch_id)
    assert editor.drafts.keep()  # what the minute timer does
    editor.drafts.timer.stop()
    editor.hide()  # gone without 关闭 (as in a crash): the draft stays on the disk
    again = tab.open_card(tab.model.row_at(0).member_id)
    assert again is not None
    questions: list[str] = []

    def yes(box: QWidget) -> bool:
        if not isinstance(box, QMessageBox):
            return False
        questions.append(box.text())
        box.button(QMessageBox.StandardButton.Yes).click()
        return True

    poll_modal(yes)
    qtbot.waitUntil(lambda: bool(questions), timeout=5000)
    assert "这张明白卡" in questions[0]
    assert "义务理发" in again.texts[cards.COMMITMENT].toPlainText()
    answer("不保存", [])
    again.reject()
    assert again.drafts.pending() is None
