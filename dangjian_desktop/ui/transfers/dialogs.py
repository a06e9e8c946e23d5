"""The small forms of the 组织关系 tab: one generic form dialog and the fields each action asks for.

Each form returns its values to a callback that makes ONE service call (through ui/ops.py); a refusal is
shown on the form's own error line and the form stays open with everything typed in it. Closing a form
that has been typed in asks 保存 / 不保存 / 取消 (ui/editing.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from dangjian_desktop.ui.editing import may_leave
from dangjian_desktop.ui.screen_fit import fit_to_screen
from dangjian_desktop.ui.widgets import error_label, qdate, scrolling, widget_value


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    kind: str = "text"  # text / long / date / int / bool / choice
    default: Any = ""
    choices: tuple[str, ...] = ()
    minimum: int = 0
    maximum: int = 0
    placeholder: str = ""


def _widget(field: Field) -> QWidget:
    if field.kind == "date":
        edit = QDateEdit()
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy年M月d日")
        day: dt.date = field.default
        edit.setDate(qdate(day))
        return edit
    if field.kind == "int":
        spin = QSpinBox()
        spin.setRange(field.minimum, field.maximum)
        spin.setValue(int(field.default))
        return spin
    if field.kind == "bool":
        box = QCheckBox()
        box.setChecked(bool(field.default))
        return box
    if field.kind == "choice":
        combo = QComboBox()
        combo.addItems(list(field.choices))
        if field.default in field.choices:
            combo.setCurrentText(field.default)
        return combo
    if field.kind == "long":
        text = QPlainTextEdit(str(field.default))
        text.setMinimumHeight(70)
        return text
    line = QLineEdit(str(field.default))
    line.setPlaceholderText(field.placeholder)
    return line


class FormDialog(QDialog):
    """A form of `fields`; 保存 calls `submit(values)`, which returns an error message or None."""

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        fields: list[Field],
        submit: Callable[[dict[str, Any]], str | None],
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.submit = submit
        self.widgets: dict[str, QWidget] = {}
        form = QFormLayout()
        for field in fields:
            widget = _widget(field)
            widget.setObjectName(field.key)
            self.widgets[field.key] = widget
            form.addRow(field.label + "：", widget)
        self.error = error_label()
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton("保存", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.setLayout(scrolling(form, self.error, buttons))
        self._initial = self.values()
        fit_to_screen(self, 560, 460)

    def values(self) -> dict[str, Any]:
        return {key: widget_value(widget) for key, widget in self.widgets.items()}

    def is_dirty(self) -> bool:
        return self.values() != self._initial

    def save(self) -> bool:
        message = self.submit(self.values())
        if message:
            self.error.setText(message)
            self.error.show()
            return False
        self._initial = self.values()
        self.accept()
        return True

    def reject(self) -> None:
        """Esc, 取消 and the window's close button all come here: typed work is never lost silently."""
        if may_leave(self, self.windowTitle(), self.is_dirty(), self.save):
            super().reject()
