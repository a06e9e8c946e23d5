"""The widgets of the card editor's four steps, and the small helpers the 明白卡 dialogs share."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QComboBox, QDateEdit, QLabel, QLineEdit, QPlainTextEdit, QPushButton

from dangjian_desktop.ui.widgets import qdate


def date_edit(day: dt.date) -> QDateEdit:
    edit = QDateEdit(qdate(day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy年M月d日")
    return edit


def lines_of(edit: QPlainTextEdit) -> list[str]:
    return [line.strip() for line in edit.toPlainText().splitlines() if line.strip()]


class StepRow:
    """The widgets of one of the four steps."""

    def __init__(self, step: str, today: dt.date) -> None:
        self.step = step
        self.state = QLabel()
        # as wide as its widest text from the start: the grid must not widen after the first 记录
        self.state.setMinimumWidth(self.state.fontMetrics().horizontalAdvance("已记录 2026年12月30日") + 8)
        self.date = date_edit(today)
        self.note = QLineEdit(placeholderText=_STEP_HINTS[step])
        self.record = QPushButton("记录")
        self.clear = QPushButton("撤销")
        self.meeting: QComboBox | None = QComboBox() if step == "党员议" else None


_STEP_HINTS = {
    "个人报": "如：本人对照岗位提出承诺事项",
    "党员议": "如：支部党员大会逐条讨论",
    "群众评": "如：公示5天，群众提出意见2条",
    "支部定": "如：支委会审定",
}
