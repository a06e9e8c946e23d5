"""Leaving the roster (转出 / 去世 / 停止党籍 / 出党): a status with a date and a reason, never a delete."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from dangjian_desktop.core.dates import DateError, parse_date
from dangjian_desktop.core.models import LEFT_STATUSES
from dangjian_desktop.ui.widgets import combo


class LeaveDialog(QDialog):
    def __init__(self, name: str, parent: QWidget | None = None, *, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{name} 离开党员名册")
        self._today = today or dt.date.today()
        self.status = combo(LEFT_STATUSES)
        self.date = QLineEdit(self._today.isoformat())
        self.reason = QLineEdit(placeholderText="如：组织关系转至某某党支部")
        self.error = QLabel()
        self.error.setStyleSheet("color: #c0392b;")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(QLabel(f"{name} 将标记为离开，仍可在“已离开”中查到，不会删除。"))
        form.addRow("离开方式", self.status)
        form.addRow("日期", self.date)
        form.addRow("原因", self.reason)
        form.addRow(self.error)
        form.addRow(self.buttons)

    def values(self) -> tuple[str, dt.date, str] | None:
        try:
            day = parse_date(self.date.text())
        except DateError as exc:
            self.error.setText(str(exc))
            return None
        if day is None:
            self.error.setText("请填写离开日期")
            return None
        if day > self._today:
            self.error.setText("离开日期不能晚于今天")
            return None
        if not self.reason.text().strip():
            self.error.setText("请填写原因")
            return None
        return self.status.currentText(), day, self.reason.text().strip()

    def accept(self) -> None:
        if self.values() is not None:
            super().accept()
