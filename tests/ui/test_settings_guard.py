"""The settings dialog never drops what was typed: 保存 / 不保存 / 取消 on 取消, Esc and close."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from dangjian_desktop.core.branch import current_branch
from dangjian_desktop.ui.settings_dialog import SettingsDialog
from tests.ui.helpers import when_dialog_opens


def _edited(qtbot, ctx) -> SettingsDialog:
    dialog = SettingsDialog(ctx.db)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.branch_edits["secretary"].setText("李新书记")
    return dialog


def _secretary(ctx) -> str:
    with ctx.db.reading() as session:
        return current_branch(session).secretary


def _answer(button: QMessageBox.StandardButton, asked: list[str], failures: list) -> None:
    def reply(box: QMessageBox) -> None:
        asked.append(box.text())
        box.button(button).click()

    when_dialog_opens(reply, failures)


def test_unchanged_dialog_closes_without_asking(qtbot, ctx, branch_id) -> None:
    dialog = SettingsDialog(ctx.db)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.result() == SettingsDialog.DialogCode.Rejected and not dialog.isVisible()


@pytest.mark.parametrize("how", ["esc", "cancel", "close"])
def test_discard_closes_and_keeps_the_old_value(qtbot, ctx, branch_id, how) -> None:
    dialog = _edited(qtbot, ctx)
    asked: list[str] = []
    failures: list = []
    _answer(QMessageBox.StandardButton.Discard, asked, failures)
    if how == "esc":
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    elif how == "cancel":
        dialog.buttons.button(dialog.buttons.StandardButton.Cancel).click()
    else:
        dialog.close()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert not failures and "还没有保存" in asked[0]
    assert _secretary(ctx) == "王书记"


def test_save_answer_saves_what_was_typed(qtbot, ctx, branch_id) -> None:
    dialog = _edited(qtbot, ctx)
    asked: list[str] = []
    failures: list = []
    _answer(QMessageBox.StandardButton.Save, asked, failures)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert not failures and asked
    assert dialog.result() == SettingsDialog.DialogCode.Accepted
    assert _secretary(ctx) == "李新书记"


def test_cancel_answer_keeps_the_dialog_and_the_typing(qtbot, ctx, branch_id) -> None:
    dialog = _edited(qtbot, ctx)
    asked: list[str] = []
    failures: list = []
    _answer(QMessageBox.StandardButton.Cancel, asked, failures)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: bool(asked))
    assert dialog.isVisible()
    assert dialog.branch_edits["secretary"].text() == "李新书记"
    assert _secretary(ctx) == "王书记"
