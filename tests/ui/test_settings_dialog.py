"""The settings dialog: a field per registered setting, branch details, one transaction, fallbacks."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QSpinBox,
)

from dangjian_desktop.core import settings
from dangjian_desktop.core.branch import current_branch
from dangjian_desktop.core.models import Setting
from dangjian_desktop.ui.main_window import MainWindow
from dangjian_desktop.ui.settings_dialog import SettingsDialog
from tests.ui.helpers import type_text, when_dialog_opens


@pytest.fixture
def specs():
    made = [
        settings.register("birthdays.test_days", 30, "政治生日提前提醒天数", minimum=0, maximum=365),
        settings.register("birthdays.test_items", ["参观学习", "志愿服务"], "政治生日“X”活动"),
        settings.register("meetings.test_often", "每季度", "党课召开频次", choices=["每月", "每季度"]),
    ]
    yield made
    for spec in made:
        settings.REGISTRY.pop(spec.key)


def _page_titles(dialog: SettingsDialog) -> list[str]:
    return [dialog.pages.tabText(i) for i in range(dialog.pages.count())]


def test_form_is_built_from_the_registry(qtbot, ctx, branch_id, specs) -> None:
    dialog = SettingsDialog(ctx.db)
    qtbot.addWidget(dialog)
    assert _page_titles(dialog)[:4] == ["支部信息", "界面", "打印", "备份"]
    assert {"政治生日", "三会一课"} <= set(_page_titles(dialog))
    kinds = {
        "ui.font_size": QDoubleSpinBox,
        "print.use_system_fonts": QCheckBox,
        "backup.folder": QLineEdit,
        "birthdays.test_days": QSpinBox,
        "birthdays.test_items": QPlainTextEdit,
        "meetings.test_often": QComboBox,
    }
    for key, kind in kinds.items():
        assert type(dialog.editors[key]) is kind, key
    assert dialog.editors["birthdays.test_days"].maximum() == 365
    assert dialog.editors["birthdays.test_items"].toPlainText() == "参观学习\n志愿服务"
    assert dialog.editors["meetings.test_often"].currentText() == "每季度"
    # every field has its Chinese label beside it (a check box carries it as its own text)
    labels = {label.text() for label in dialog.findChildren(QLabel)}
    assert "政治生日提前提醒天数：" in labels
    assert "政治生日“X”活动（每行一项）：" in labels
    assert dialog.editors["print.use_system_fonts"].text().startswith("打印时使用本机的仿宋")
    assert dialog.branch_edits["secretary"].text() == "王书记"


def test_saving_writes_branch_and_settings_together(qtbot, ctx, branch_id, specs) -> None:
    dialog = SettingsDialog(ctx.db)
    qtbot.addWidget(dialog)
    dialog.branch_edits["secretary"].clear()
    type_text(dialog.branch_edits["secretary"], "李书记")
    dialog.branch_edits["phone"].setText("0791-7654321")
    dialog.editors["ui.font_size"].setValue(14)
    dialog.editors["birthdays.test_days"].setValue(45)
    dialog.editors["birthdays.test_items"].setPlainText("结对帮扶\n\n  重温入党誓词 \n")
    dialog.editors["meetings.test_often"].setCurrentText("每月")
    dialog.editors["print.use_system_fonts"].setChecked(False)
    dialog.accept()
    assert dialog.result() == SettingsDialog.DialogCode.Accepted
    with ctx.db.reading() as session:
        branch = current_branch(session)
        assert (branch.secretary, branch.phone) == ("李书记", "0791-7654321")
        assert settings.get(session, settings.UI_FONT_SIZE) == 14.0
        assert settings.get(session, specs[0]) == 45
        assert settings.get(session, specs[1]) == ["结对帮扶", "重温入党誓词"]
        assert settings.get(session, specs[2]) == "每月"
        assert settings.get(session, settings.PRINT_SYSTEM_FONTS) is False


def test_a_refused_save_changes_nothing_and_says_why(qtbot, ctx, branch_id, specs) -> None:
    dialog = SettingsDialog(ctx.db)
    qtbot.addWidget(dialog)
    dialog.editors["birthdays.test_days"].setValue(60)
    dialog.branch_edits["name"].setText("   ")
    seen: list[str] = []
    failures: list[BaseException] = []

    def read_warning(box) -> None:
        seen.append(box.text())
        box.accept()

    when_dialog_opens(read_warning, failures)
    dialog.accept()
    assert not failures
    assert seen == ["支部名称不能为空"]
    assert dialog.result() != SettingsDialog.DialogCode.Accepted
    with ctx.db.reading() as session:
        assert current_branch(session).name == "测试村党支部"
        assert settings.get(session, specs[0]) == 30  # the setting saved with it was rolled back too


def test_broken_values_are_named_and_repaired_on_save(qtbot, ctx, branch_id, specs) -> None:
    with ctx.db.transaction() as session:
        session.add(Setting(key="birthdays.test_days", value='"三十天"'))
        session.add(Setting(key="old.removed_setting", value="1"))
    dialog = SettingsDialog(ctx.db)
    qtbot.addWidget(dialog)
    assert not dialog.problems_label.isHidden()
    text = dialog.problems_label.text()
    assert "政治生日提前提醒天数" in text and "old.removed_setting" in text
    assert dialog.editors["birthdays.test_days"].value() == 30  # the default is shown
    assert dialog.save() is None
    with ctx.db.reading() as session:
        assert [p for p in settings.problems(session) if "test_days" in p or "提醒天数" in p] == []


def test_restore_defaults_asks_first(qtbot, ctx, branch_id, specs) -> None:
    dialog = SettingsDialog(ctx.db)
    qtbot.addWidget(dialog)
    dialog.editors["birthdays.test_days"].setValue(99)
    failures: list[BaseException] = []
    when_dialog_opens(lambda box: box.button(QMessageBox.StandardButton.No).click(), failures)
    dialog.ask_restore_defaults()
    assert dialog.editors["birthdays.test_days"].value() == 99
    when_dialog_opens(lambda box: box.button(QMessageBox.StandardButton.Yes).click(), failures)
    dialog.ask_restore_defaults()
    assert not failures
    assert dialog.editors["birthdays.test_days"].value() == 30


def test_tab_moves_through_the_fields_in_reading_order(qtbot, ctx, branch_id, specs) -> None:
    dialog = SettingsDialog(ctx.db)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    order = [dialog.branch_edits[f] for f in ("name", "township", "secretary", "phone")]
    order[0].setFocus()
    for expected in order[1:]:
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
        assert dialog.focusWidget() is expected
    dialog.pages.setCurrentIndex(_page_titles(dialog).index("政治生日"))
    dialog.editors["birthdays.test_days"].setFocus()
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.editors["birthdays.test_items"]
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)  # the list box passes Tab on, not a tab char
    assert dialog.editors["birthdays.test_items"].toPlainText() == "参观学习\n志愿服务"


def test_menu_opens_settings_and_a_new_font_size_applies_at_once(qtbot, ctx, qapp, branch_id) -> None:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    before = qapp.font()
    failures: list[BaseException] = []

    def enlarge(dialog) -> None:
        assert isinstance(dialog, SettingsDialog)
        dialog.editors["ui.font_size"].setValue(16)
        dialog.accept()

    try:
        when_dialog_opens(enlarge, failures)
        window.settings_action.trigger()
        assert not failures
        assert qapp.font().pointSizeF() == 16.0
        assert window.tabs.widget(0).font().pointSizeF() == 16.0  # the rebuilt tab follows
        assert window.statusBar().currentMessage() == "设置已保存"
    finally:
        qapp.setFont(before)


def test_a_structured_setting_is_left_to_its_feature(qtbot, ctx, branch_id) -> None:
    spec = settings.register("cards.test_layout", {"columns": 2}, "明白卡版式")
    try:
        dialog = SettingsDialog(ctx.db)
        qtbot.addWidget(dialog)
        assert spec.key not in dialog.editors
        assert dialog.save() is None
        with ctx.db.reading() as session:
            assert settings.get(session, spec) == {"columns": 2}
    finally:
        settings.REGISTRY.pop(spec.key)
