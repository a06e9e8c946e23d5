from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QDialogButtonBox

from dangjian_desktop.ui.app import install_font
from dangjian_desktop.ui.main_window import MainWindow


def test_qt_own_buttons_are_chinese(qtbot, ctx) -> None:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel | QDialogButtonBox.StandardButton.Save)
    qtbot.addWidget(box)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "取消"
    assert box.button(QDialogButtonBox.StandardButton.Save).text() == "保存"


def test_bundled_font_renders_chinese(qapp) -> None:
    family = install_font(qapp)
    assert family
    assert QFontDatabase.WritingSystem.SimplifiedChinese in QFontDatabase.writingSystems(family)
    assert family in qapp.font().families()


def test_window_opens_on_tabs_when_a_branch_exists(qtbot, ctx, demo_db) -> None:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    assert window.stack.currentWidget() is window.tabs
    assert window.tabs.tabText(0) == "党员花名册"
    assert "凤凰村党支部" in window.windowTitle()
    roster_tab = window.tabs.widget(0)
    assert roster_tab.model.rowCount() == 43  # 45 demo members, two of whom left
