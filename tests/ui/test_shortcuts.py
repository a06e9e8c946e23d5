"""The common keys, pressed on the real window: new, search, print, settings, help."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QTextBrowser, QWidget

from dangjian_desktop import __version__
from dangjian_desktop.ui.help_dialog import HelpDialog
from dangjian_desktop.ui.main_window import MainWindow
from dangjian_desktop.ui.printing import PrintDialog
from dangjian_desktop.ui.roster.member_dialog import MemberDialog
from dangjian_desktop.ui.settings_dialog import SettingsDialog
from tests.ui.helpers import when_dialog_opens

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def window(qtbot, ctx, demo_db) -> MainWindow:
    main = MainWindow(ctx)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    # The opening 政治生日 reminder shows without taking the keyboard on a real desktop; the offscreen
    # platform activates it anyway, so it is closed here to press keys on the main window.
    qtbot.waitUntil(lambda: main.opening_reminders_shown, timeout=3000)
    for other in QApplication.topLevelWidgets():
        if other is not main and other.isVisible():
            other.close()
    main.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is main)
    return main


def _press_and_catch(qtbot, window, key, modifier=CTRL) -> type:
    opened: list[object] = []
    failures: list[BaseException] = []

    def catch(dialog) -> None:
        opened.append(dialog)
        dialog.reject()

    window.activateWindow()  # a dialog that just closed may have left no window active
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    when_dialog_opens(catch, failures)
    qtbot.keyClick(window, key, modifier)
    qtbot.waitUntil(lambda: bool(opened), timeout=3000)
    assert not failures
    return type(opened[0])


def test_menu_actions_carry_the_shortcuts(window) -> None:
    keys = {name: action.shortcut() for name, action in window.common_actions.items()}
    assert keys == {
        "new_item": QKeySequence(QKeySequence.StandardKey.New),
        "focus_search": QKeySequence(QKeySequence.StandardKey.Find),
        "print_current": QKeySequence(QKeySequence.StandardKey.Print),
    }
    assert all(action.isEnabled() for action in window.common_actions.values())
    assert window.settings_action.shortcut() == QKeySequence("Ctrl+,")


def test_ctrl_f_goes_to_the_search_box(qtbot, window) -> None:
    roster_tab = window.tabs.widget(0)
    roster_tab.pages.setCurrentIndex(1)  # even from the statistics page
    roster_tab.table.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_F, CTRL)
    assert roster_tab.pages.currentIndex() == 0
    assert QApplication.focusWidget() is roster_tab.search


def test_ctrl_n_opens_the_new_member_form(qtbot, window) -> None:
    assert _press_and_catch(qtbot, window, Qt.Key.Key_N) is MemberDialog


def test_ctrl_p_offers_preview_printer_and_pdf(qtbot, window) -> None:
    assert _press_and_catch(qtbot, window, Qt.Key.Key_P) is PrintDialog


def test_the_menu_item_does_what_the_key_does(qtbot, window) -> None:
    opened: list[object] = []
    failures: list[BaseException] = []
    when_dialog_opens(lambda d: (opened.append(type(d)), d.reject()), failures)
    window.common_actions["new_item"].trigger()
    assert opened == [MemberDialog]


def test_ctrl_comma_opens_settings_and_f1_the_guide(qtbot, window) -> None:
    assert _press_and_catch(qtbot, window, Qt.Key.Key_Comma) is SettingsDialog
    assert _press_and_catch(qtbot, window, Qt.Key.Key_F1, Qt.KeyboardModifier.NoModifier) is HelpDialog


def test_the_guide_is_chinese_and_local(qtbot) -> None:
    dialog = HelpDialog()
    qtbot.addWidget(dialog)
    text = dialog.findChild(QTextBrowser).toPlainText()
    for heading in ("第一次使用", "导入原来的花名册", "明白卡的四个步骤", "向乡镇报送"):
        assert heading in text
    for step in ("个人报", "党员议", "群众评", "支部定"):
        assert step in text
    assert dialog.browser.source().isLocalFile()


def test_about_names_the_version_and_the_data_file(window) -> None:
    text = window.about_text()
    assert __version__ in text and str(window.ctx.db.path) in text


class _OtherTab(QWidget):
    """A tab as another feature might write it: its own QAction on Ctrl+N and a focus_search method."""

    title = "其他"

    def __init__(self, ctx) -> None:
        super().__init__()
        self.created = 0
        self.searched = 0
        new = QAction("新建记录", self)
        new.setShortcut(QKeySequence.StandardKey.New)
        new.triggered.connect(self._new)
        self.addAction(new)

    def _new(self) -> None:
        self.created += 1

    def focus_search(self) -> None:
        self.searched += 1


def test_keys_follow_the_current_tab(qtbot, ctx, demo_db, monkeypatch) -> None:
    from dangjian_desktop.ui import main_window
    from dangjian_desktop.ui.roster.tab import RosterTab

    monkeypatch.setattr(main_window, "tab_factories", lambda: [RosterTab, _OtherTab])
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.tabs.setCurrentIndex(1)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    other = window.tabs.widget(1)
    for _ in range(2):  # the second press proves the tab's own binding no longer collides
        qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    qtbot.keyClick(window, Qt.Key.Key_F, CTRL)
    assert (other.created, other.searched) == (2, 1)
    assert not window.common_actions["print_current"].isEnabled()  # this tab prints nothing
    window.tabs.setCurrentIndex(0)
    assert window.common_actions["print_current"].isEnabled()
    window.tabs.setCurrentIndex(1)
    assert window.common_actions["new_item"].isEnabled()
