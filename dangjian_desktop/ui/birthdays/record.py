"""Editing the 6+X record: one member's year (a panel beside the month view) and a month's group."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from html import escape

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dangjian_desktop.core.birthdays import SIX_ITEMS, Activity, ItemEdit, RecordRow
from dangjian_desktop.core.dates import format_cn
from dangjian_desktop.ui.screen_fit import fit_to_screen
from dangjian_desktop.ui.widgets import dialog_buttons, edited_date, qdate, scrolling

# The items a branch usually does together at the monthly 主题党日: ticked by default.
GROUP_DEFAULT = ("重温入党誓词", "重读入党志愿书", "赠送生日礼物")


class _ItemLine:
    def __init__(self, item: str, grid: QGridLayout, row: int, default_date: dt.date, today: dt.date) -> None:
        self.item = item
        self.check = QCheckBox(item)
        # never narrower than its text: squeezed checkboxes overlapped at 150% and at 18 pt
        self.check.setMinimumWidth(self.check.sizeHint().width())
        self.date = QDateEdit(qdate(default_date))
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy年M月d日")
        self.date.setMaximumDate(qdate(today))
        self.note = QLineEdit(placeholderText="简要说明（可不填）")
        self.note.setMinimumWidth(self.note.fontMetrics().horizontalAdvance("简要说明（可不填）") + 16)
        grid.addWidget(self.check, row, 0)
        grid.addWidget(self.date, row, 1)
        grid.addWidget(self.note, row, 2)
        self.check.toggled.connect(self._enable)
        self._enable(False)

    def _enable(self, on: bool) -> None:
        self.date.setEnabled(on)
        self.note.setEnabled(on)

    def set(self, activity: Activity | None) -> None:
        self.check.setChecked(activity is not None)
        if activity is not None:
            self.date.setDate(qdate(activity.done_date))
            self.note.setText(activity.note)
        self._enable(activity is not None)

    def edit(self) -> ItemEdit:
        return ItemEdit(self.item, self.check.isChecked(), edited_date(self.date), self.note.text())


class RecordPanel(QGroupBox):
    """The 6+X items of the selected member for the year; `save_requested` carries the edits."""

    save_requested = Signal(int, int, list)  # member id, year, [ItemEdit]

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("6+X 记录（一人一档）", parent)
        self.record: RecordRow | None = None
        self.year = 0
        self.lines: list[_ItemLine] = []
        self.heading = QLabel("请在左侧选择一名党员。")
        self.heading.setWordWrap(True)
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setColumnStretch(2, 1)
        self.save_button = QPushButton("保存记录")
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self._save)
        self.missing = QLabel()
        self.missing.setWordWrap(True)
        self.missing.setStyleSheet("color: #C8102E;")
        self._stored: list[ItemEdit] = []
        body = QVBoxLayout()
        body.addWidget(self.heading)
        body.addWidget(self.grid_host)
        body.addWidget(self.missing)
        body.addStretch()
        # the items scroll when the panel is short; 保存记录 stays in sight
        self.setLayout(scrolling(body, self.save_button, margins=False))

    def show_record(
        self, record: RecordRow | None, year: int, x_items: Sequence[str], today: dt.date
    ) -> None:
        self.record, self.year = record, year
        while self.grid.count():
            widget = self.grid.takeAt(0).widget()
            if widget is not None:
                widget.setParent(None)  # gone at once, not at the next turn of the event loop
                widget.deleteLater()
        self.lines = []
        self._stored = []
        self.save_button.setEnabled(record is not None)
        if record is None:
            self.heading.setText("请在左侧选择一名党员。")
            self.missing.clear()
            return
        b = record.birthday
        self.heading.setText(
            f"<b>{escape(b.name)}</b>　{escape(b.party_group)}<br>入党日期 {format_cn(b.join_date)}；"
            f"{format_cn(b.date)} 是第{b.years}个政治生日"
        )
        default = min(b.date, today)
        extra = [item for item in record.done if item not in SIX_ITEMS and item not in x_items]
        items = [*SIX_ITEMS, *x_items, *extra]
        for row, item in enumerate(items):
            line = _ItemLine(item, self.grid, row, default, today)
            line.set(record.done.get(item))
            self.lines.append(line)
        self.missing.setText("尚缺：" + "、".join(record.missing) if record.missing else "六项已全部完成。")
        self._stored = self.edits()
        # as wide as one item line needs (checkbox, date, note): the splitter narrows the table instead
        # of squeezing the boxes into overlapping strokes at 150% or 18 pt
        # (measured from the lines: new children of a shown panel are not laid out until the next turn)
        spacing = max(self.grid.horizontalSpacing(), 6) * 2
        widest = max(
            (line.check.minimumWidth() + line.date.minimumSizeHint().width() + line.note.minimumWidth())
            for line in self.lines
        )
        self.setMinimumWidth(widest + spacing + 48)

    def is_dirty(self) -> bool:
        """Ticks, dates or notes changed since the record was shown (or last saved)."""
        return self.record is not None and self.edits() != self._stored

    def line(self, item: str) -> _ItemLine:
        return next(line for line in self.lines if line.item == item)

    def edits(self) -> list[ItemEdit]:
        return [line.edit() for line in self.lines]

    def _save(self) -> None:
        if self.record is not None:
            self.save_requested.emit(self.record.birthday.member_id, self.year, self.edits())


class MarkMonthDialog(QDialog):
    """One click for the month's group: which items were done together, on which day."""

    def __init__(
        self,
        year: int,
        month: int,
        count: int,
        x_items: Sequence[str],
        today: dt.date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{year}年{month}月 集体过政治生日")
        intro = QLabel(
            f"为 {year}年{month}月 过政治生日的 {count} 名党员，一次记下集体完成的活动。已记录的项目保留原日期。"
        )
        intro.setWordWrap(True)
        self.checks: dict[str, QCheckBox] = {}
        box = QVBoxLayout()
        for item in (*SIX_ITEMS, *x_items):
            check = QCheckBox(item)
            check.setChecked(item in GROUP_DEFAULT)
            check.setMinimumSize(check.sizeHint())  # never squeezed into overlapping strokes
            self.checks[item] = check
            box.addWidget(check)
        last_day = dt.date(year, month, 28)
        while (last_day + dt.timedelta(days=1)).month == month:
            last_day += dt.timedelta(days=1)
        self.date = QDateEdit(qdate(min(today, last_day)))
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy年M月d日")
        self.date.setMaximumDate(qdate(today))
        self.note = QLineEdit("主题党日集体过政治生日")
        form = QFormLayout()
        form.addRow("活动日期", self.date)
        form.addRow("说明", self.note)
        buttons = dialog_buttons(self, "全部记为已完成")
        body = QVBoxLayout()
        body.addWidget(intro)
        body.addLayout(box)
        body.addLayout(form)
        body.addStretch()
        self.setLayout(scrolling(body, buttons))  # the items scroll; 全部记为已完成/取消 stay in sight
        hint = self.sizeHint()
        fit_to_screen(self, hint.width() + 40, hint.height() + 40)

    def values(self) -> tuple[list[str], dt.date, str]:
        items = [item for item, check in self.checks.items() if check.isChecked()]
        return items, edited_date(self.date), self.note.text()
