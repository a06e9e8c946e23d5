"""乡镇汇总模式 is switched deliberately: a confirmation that says what changes, and a way back."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from dangjian_desktop.core import settings
from dangjian_desktop.core.township import TOWNSHIP_MODE, is_township
from dangjian_desktop.ui import tabs
from dangjian_desktop.ui.first_run import FirstRunPage
from dangjian_desktop.ui.main_window import MainWindow
from tests.ui.helpers import when_dialog_opens

VILLAGE_TABS = [entry.title for entry in tabs.VILLAGE_TABS]


def _tab_titles(window: MainWindow) -> list[str]:
    return [window.tabs.tabText(i) for i in range(window.tabs.count())]


def _switch(qtbot, window: MainWindow, answer: QMessageBox.StandardButton) -> list[str]:
    """Ticks or unticks 乡镇汇总模式 in 设置, answers the confirmation, saves; the question's text."""
    dialog = window.settings_dialog()
    qtbot.addWidget(dialog)
    box = dialog.editors[TOWNSHIP_MODE.key]
    asked: list[str] = []
    failures: list[BaseException] = []

    def reply(question: QMessageBox) -> None:
        asked.append(question.text())
        question.button(answer).click()

    when_dialog_opens(reply, failures)
    box.click()
    qtbot.waitUntil(lambda: bool(asked) or bool(failures))
    assert not failures
    dialog.accept()
    window.settings_saved()
    return asked


def _mode(window: MainWindow) -> bool:
    with window.ctx.db.reading() as session:
        return is_township(session)


def test_cancelling_leaves_the_mode_unchanged(qtbot, ctx, branch_id) -> None:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    before = _tab_titles(window)
    asked = _switch(qtbot, window, QMessageBox.StandardButton.No)
    assert "只显示“乡镇汇总”一页" in asked[0] and "数据不会删除" in asked[0]
    assert _mode(window) is False
    assert _tab_titles(window) == before
    with ctx.db.reading() as session:
        assert settings.get(session, TOWNSHIP_MODE) is False


def test_confirming_switches_and_switching_back_restores_the_village_tabs(qtbot, ctx, branch_id) -> None:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    assert _tab_titles(window)[: len(VILLAGE_TABS)] == VILLAGE_TABS
    _switch(qtbot, window, QMessageBox.StandardButton.Yes)
    assert _mode(window) is True
    assert _tab_titles(window) == ["乡镇汇总"]  # at once, without a restart
    asked = _switch(qtbot, window, QMessageBox.StandardButton.Yes)
    assert "重新显示本支部的花名册" in asked[0]
    assert _mode(window) is False
    assert _tab_titles(window)[: len(VILLAGE_TABS)] == VILLAGE_TABS


def test_first_run_page_explains_both_modes(qtbot, ctx) -> None:
    page = FirstRunPage(ctx)
    qtbot.addWidget(page)
    from PySide6.QtWidgets import QLabel

    texts = " ".join(label.text() for label in page.findChildren(QLabel))
    assert "村党支部台账" in texts and "导出数据包报送乡镇" in texts
    assert "乡镇汇总" in texts and "合并各村报送的数据包" in texts
