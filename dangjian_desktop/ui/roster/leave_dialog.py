"""Leaving the roster (转出 / 去世 / 停止党籍 / 出党): a status with a date and a reason, never a delete.

The form only collects what was typed; `submit` (the tab's write through ui/ops.py) hands it to
core/roster.leave_roster, which holds every rule. A refused value keeps the dialog open with the message.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from dangjian_desktop.core.member_fields import LEFT_STATUSES
from dangjian_desktop.ui.widgets import combo, error_label


class LeaveDialog(QDialog):
    def __init__(self, name: str, parent: QWidget | None = None, *, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{name} 离开党员名册")
        self._today = today or dt.date.today()
        # (status, date as typed, reason) -> stored?; set by the tab
        self.submit: Callable[[str, str, str], bool] | None = None
        self.status = combo(LEFT_STATUSES)
        self.date = QLineEdit(self._today.isoformat())
        self.reason = QLineEdit(placeholderText="如：组织关系转至某某党支部")
        self.error = error_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        intro = QLabel(f"{name} 将标记为离开，仍可在“已离开”中查到，不会删除。")
        intro.setWordWrap(True)
        form.addRow(intro)
        form.addRow("离开方式", self.status)
        form.addRow("日期", self.date)
        form.addRow("原因", self.reason)
        form.addRow(self.error)
        form.addRow(self.buttons)

    def values(self) -> tuple[str, str, str]:
        return self.status.currentText(), self.date.text(), self.reason.text()

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def accept(self) -> None:
        if self.submit is None or self.submit(*self.values()):
            super().accept()
