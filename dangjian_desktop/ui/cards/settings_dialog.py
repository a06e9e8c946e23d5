"""The 明白卡 settings: the branch's standard activities, its posts and the wall-card layout."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from dangjian_desktop.core.cards import CardSettings
from dangjian_desktop.ui.cards.step_row import lines_of


class CardSettingsDialog(QDialog):
    """The branch's standard list of required activities, its posts and the print layout."""

    def __init__(self, current: CardSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("明白卡设置")
        self.resize(560, 480)
        self.activities = QPlainTextEdit("\n".join(current.standard_activities))
        self.posts = QPlainTextEdit("\n".join(current.posts))
        self.per_page = QComboBox()
        self.per_page.addItem("每页1张（A4）", 1)
        self.per_page.addItem("每页2张（A4上下各一张）", 2)
        self.per_page.setCurrentIndex(0 if current.per_page == 1 else 1)
        form = QFormLayout()
        form.addRow("必须参加的教育管理活动\n（新建明白卡时填入，每行一条）", self.activities)
        form.addRow("设岗定责的岗位\n（每行一个）", self.posts)
        form.addRow("打印上墙明白卡", self.per_page)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("确定")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addLayout(form)
        box.addWidget(buttons)

    def value(self) -> CardSettings:
        return CardSettings(lines_of(self.activities), lines_of(self.posts), int(self.per_page.currentData()))
