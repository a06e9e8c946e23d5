"""Small widgets shared by the tabs and the editors."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

ERROR_STYLE = "color: #c0392b;"


def qdate(day: dt.date) -> QDate:
    """A Python date as Qt's (the one conversion every editor uses)."""
    return QDate(day.year, day.month, day.day)


def edited_date(edit: QDateEdit) -> dt.date:
    """The day a date field holds, as a Python date."""
    return edit.date().toPython()  # type: ignore[return-value]


def combo(
    items: list[str] | tuple[str, ...], *, editable: bool = False, parent: QWidget | None = None
) -> QComboBox:
    box = QComboBox(parent)
    box.addItems(list(items))
    box.setEditable(editable)
    return box


def set_combo_text(box: QComboBox, text: str) -> None:
    index = box.findText(text)
    if index >= 0:
        box.setCurrentIndex(index)
    elif box.isEditable():
        box.setEditText(text)


def widget_value(widget: QWidget) -> Any:
    """What an input widget holds: a date, a number, a tick, the chosen or typed text."""
    if isinstance(widget, QDateEdit):
        return edited_date(widget)
    if isinstance(widget, QSpinBox):
        return widget.value()
    if isinstance(widget, QCheckBox):
        return widget.isChecked()
    if isinstance(widget, QComboBox):
        return widget.currentText()
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    assert isinstance(widget, QLineEdit)
    return widget.text()


def dialog_buttons(
    dialog: QDialog, ok_text: str = "确定", *, save: bool = False, on_ok: Callable[[], object] | None = None
) -> QDialogButtonBox:
    """确定 (or 保存, or what `ok_text` says) and 取消, in Chinese whatever language Qt itself speaks;
    OK calls `on_ok` (the dialog's accept by default), 取消 the dialog's reject."""
    ok = QDialogButtonBox.StandardButton.Save if save else QDialogButtonBox.StandardButton.Ok
    buttons = QDialogButtonBox(ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(ok).setText(ok_text)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
    buttons.accepted.connect(on_ok or dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def error_label(style: str = ERROR_STYLE) -> QLabel:
    """A field's error line whose room is kept while it is hidden, so a message appearing or going
    does not move the fields below it (a shaky hand would click the wrong thing)."""
    label = QLabel()
    label.setStyleSheet(style)
    label.setWordWrap(True)
    policy = label.sizePolicy()
    policy.setRetainSizeWhenHidden(True)
    label.setSizePolicy(policy)
    # One line of Chinese measured with the label's own (style sheet) font: the Chinese fallback font
    # is taller than a space, so a message appearing would still push things down by a pixel or two.
    label.ensurePolished()
    label.setText("国")
    label.setMinimumHeight(label.sizeHint().height())
    label.setText("")
    label.hide()
    return label


def scrolling(body: QWidget | QLayout, *pinned: QWidget | QLayout, margins: bool = True) -> QVBoxLayout:
    """A long form in a scroll area with its button row (保存/取消) pinned below it, outside the
    scrolling part, so the buttons stay on the smallest screen (1093x580 logical) at the largest font.

    Returns the outer layout to set on the dialog: `QVBoxLayout(dialog)` is replaced by this."""
    if isinstance(body, QLayout):
        holder = QWidget()
        holder.setLayout(body)
        body = holder
    area = QScrollArea()
    area.setWidget(body)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    area.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
    outer = QVBoxLayout()
    if not margins:
        outer.setContentsMargins(0, 0, 0, 0)
    outer.addWidget(area, 1)
    for item in pinned:
        if isinstance(item, QLayout):
            outer.addLayout(item)
        else:
            outer.addWidget(item)
    return outer


def empty_page(text: str, *buttons: QPushButton) -> QWidget:
    """What an empty list shows instead of an empty grid: a sentence saying what to do next, and the
    buttons that do it, centred."""
    page = QWidget()
    box = QVBoxLayout(page)
    label = QLabel(text)
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    row = QHBoxLayout()
    row.addStretch()
    for button in buttons:
        row.addWidget(button)
    row.addStretch()
    box.addStretch()
    box.addWidget(label)
    box.addLayout(row)
    box.addStretch()
    return page


def ask(
    parent: QWidget | None,
    title: str,
    text: str,
    choices: Sequence[tuple[str, QMessageBox.ButtonRole]],
    *,
    icon: QMessageBox.Icon = QMessageBox.Icon.Question,
    detail: str = "",
    escape: int | None = None,
) -> int | None:
    """A question with buttons of its own words, the first the default (Enter): the index of the button
    clicked, or None when the box was closed another way."""
    box = QMessageBox(icon, title, text, parent=parent)
    if detail:
        box.setInformativeText(detail)
    buttons = [box.addButton(label, role) for label, role in choices]
    box.setDefaultButton(buttons[0])
    if escape is not None:
        box.setEscapeButton(buttons[escape])
    box.exec()
    clicked = box.clickedButton()
    return next((i for i, button in enumerate(buttons) if button is clicked), None)
