"""The one form dialog of the 发展党员 and 党费 tabs, and the date fields their forms share.

A form collects what was typed (`collect()`) and hands it to `save`, a callback of the tab that makes
ONE service call. The call refuses with a Chinese UserError: the message shows on the form's error line
and the form stays open with everything as typed. A form that called mark_clean() asks before closing
with changes not saved. The fields scroll at the largest font on a small screen; the error line and
保存/取消 stay below them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QFormLayout,
    QLabel,
    QMessageBox,
    QWidget,
)

from dangjian_desktop.core.errors import UserError
from dangjian_desktop.ui.screen_fit import fit_to_screen
from dangjian_desktop.ui.widgets import ERROR_STYLE, dialog_buttons, qdate, scrolling


def date_edit(day: dt.date, *, month_only: bool = False) -> QDateEdit:
    """A day (with its calendar), or a month, starting on `day`."""
    edit = QDateEdit(qdate(day))
    edit.setCalendarPopup(not month_only)
    edit.setDisplayFormat("yyyy-MM" if month_only else "yyyy-MM-dd")
    return edit


class SavingForm(QDialog):
    def __init__(self, title: str, save: Callable[[object], object], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.save = save
        self.form = QFormLayout()
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        buttons = dialog_buttons(self, "保存", save=True, on_ok=self.submit)
        self.setLayout(scrolling(self.form, self.error, buttons))
        self.result_value: object = None  # what the service call returned
        self._initial: str | None = None
        self._fitted = False

    def add_rows(self, rows: Iterable[tuple[str, QWidget]]) -> None:
        for label, widget in rows:
            self.form.addRow(label, widget)

    def collect(self) -> object:
        """What was typed, as the service call takes it (a draft, or a dict of values)."""
        raise NotImplementedError

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        if not self._fitted:  # the subclass has added its rows by now
            self._fitted = True
            fit_to_screen(self, 520, 360)
        super().showEvent(event)

    def submit(self) -> bool:
        try:
            self.result_value = self.save(self.collect())
        except UserError as exc:
            self.error.setText(str(exc))  # the form stays open with everything as typed
            return False
        self._initial = None
        self.accept()
        return True

    # --- nothing typed is lost silently ------------------------------------------------------------
    def mark_clean(self) -> None:
        self._initial = self._snapshot()

    def is_modified(self) -> bool:
        return self._initial is not None and self._snapshot() != self._initial

    def _snapshot(self) -> str:
        try:
            return repr(self.collect())
        except UserError as exc:  # what is typed cannot be read yet: that is a change too
            return f"unreadable: {exc}"

    def reject(self) -> None:
        if self.is_modified():
            answer = QMessageBox.question(self, "放弃修改", "填写的内容还没有保存，确定放弃吗？")
            if answer != QMessageBox.StandardButton.Yes:
                return
        super().reject()
