"""The member form: every field of DOMAIN.md, checked as you type, each problem shown beside its field.

The form only collects a MemberDraft; core/roster.check_member() holds the rules and the tab's save
calls the service, so the GUI, the CLI and the importer agree on what a valid member is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dangjian_desktop.core.member_fields import (
    CHECK,
    CHOICE,
    DATE,
    FORM_FIELDS,
    LINE,
    LONG_TEXT,
    OPEN_CHOICE,
    MemberField,
)
from dangjian_desktop.core.photos import PhotoError, one_inch_photo
from dangjian_desktop.core.roster import (
    MemberCheck,
    MemberDraft,
    check_member,
)
from dangjian_desktop.ui.editing import may_leave
from dangjian_desktop.ui.screen_fit import fit_to_screen
from dangjian_desktop.ui.widgets import combo, error_label, scrolling, set_combo_text, widget_value

ERROR_STYLE = "color: #c0392b; font-size: 9pt;"
HINT_STYLE = "color: #2c7a3f; font-size: 9pt;"
DATE_TIP = "如 1985-03-12，也可写 1985.3.12 或 1985年3月12日"


class MemberDialog(QDialog):
    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        draft: MemberDraft | None = None,
        photo: bytes | None = None,
        groups: list[str] | None = None,
        today: dt.date | None = None,
        title: str = "新增党员",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self._today = today or dt.date.today()
        self.photo_bytes = photo
        self.photo_changed = False
        self.result_check: MemberCheck | None = None
        self.version: int | None = None  # the member's version when opened (core/versions.py)
        # The tab's write (ui/ops.py): called by 保存 with this dialog; True when stored. The dialog stays
        # open with everything typed when the write is refused.
        self.submit: Callable[[MemberDialog], bool] | None = None
        self._touched: set[str] = set()  # errors show only for fields typed in, or all after 保存
        self._show_all = False

        # Every widget, label, order, "*" and hint comes from core/member_fields.py; each widget is also
        # an attribute named by its field (self.name, self.id_number, ...).
        self.fields: dict[str, QWidget] = {}
        for f in FORM_FIELDS:
            widget = self._widget(f, groups or [])
            self.fields[f.key] = widget
            setattr(self, f.key, widget)

        self.errors: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        for f in FORM_FIELDS:
            entry = f.form
            assert entry is not None
            if entry.widget not in (LINE, CHOICE, OPEN_CHOICE) or entry.enabled_by:
                continue
            error = error_label(ERROR_STYLE)
            error.setObjectName(f"error_{f.key}")
            self.errors[f.key] = error
            column = QVBoxLayout()
            column.setSpacing(1)
            column.addWidget(self.fields[f.key])
            column.addWidget(error)
            form.addRow(f.label + (" *" if entry.required else ""), column)
        form.addRow("情况", self._flag_grid())
        for f in FORM_FIELDS:
            if f.form is not None and f.form.widget == LONG_TEXT:
                form.addRow(f.label, self.fields[f.key])
        self.id_hint = QLabel()
        self.id_hint.setStyleSheet(HINT_STYLE)
        self.id_hint.setWordWrap(True)

        self.photo_label = QLabel("无照片")
        self.photo_label.setFixedSize(118, 165)
        self.photo_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.photo_label.setStyleSheet("border: 1px solid #bbb; background: #fafafa;")
        self.photo_button = QPushButton("选择照片…")
        self.photo_button.clicked.connect(self.pick_photo)
        self.photo_clear = QPushButton("清除照片")
        self.photo_clear.clicked.connect(self.clear_photo)
        self.photo_error = QLabel()
        self.photo_error.setStyleSheet(ERROR_STYLE)
        self.photo_error.setWordWrap(True)
        self.photo_error.setMaximumWidth(140)
        photo_box = QVBoxLayout()
        photo_box.addWidget(self.photo_label)
        photo_box.addWidget(self.photo_button)
        photo_box.addWidget(self.photo_clear)
        photo_box.addWidget(self.photo_error)
        photo_box.addStretch()

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        top = QHBoxLayout()
        left = QVBoxLayout()
        left.addLayout(form)
        left.addWidget(self.id_hint)
        left.addStretch()
        top.addLayout(left, 1)
        top.addLayout(photo_box)
        # The form scrolls; 保存/取消 stay below it on the smallest screen at the largest font.
        self.setLayout(scrolling(top, self.buttons))

        if draft is not None:
            self.set_draft(draft)
        self._show_photo()
        for key, widget in self.fields.items():
            if isinstance(widget, QLineEdit):
                widget.textEdited.connect(lambda _t, k=key: self._touch(k))
                widget.textChanged.connect(self.validate)
            elif isinstance(widget, QComboBox):
                widget.activated.connect(lambda _i, k=key: self._touch(k))
                widget.currentTextChanged.connect(self.validate)
        for f in FORM_FIELDS:
            if f.form is not None and f.form.enabled_by:
                box, dependent = self.fields[f.form.enabled_by], self.fields[f.key]
                assert isinstance(box, QCheckBox)
                box.toggled.connect(dependent.setEnabled)
                dependent.setEnabled(box.isChecked())
        self._initial = self.draft()
        if draft is not None:
            self._show_all = True  # a stored member's problems are shown at once: they are not typos
        self.validate()
        hint = self.sizeHint()
        fit_to_screen(self, hint.width() + 40, hint.height() + 40)

    def _touch(self, key: str) -> None:
        self._touched.add(key)
        self.validate()

    def is_dirty(self) -> bool:
        return self.photo_changed or self.draft() != self._initial

    # --- values in and out ---------------------------------------------------------------------
    def set_draft(self, d: MemberDraft) -> None:
        for key, widget in self.fields.items():
            value = getattr(d, key)
            if isinstance(widget, QCheckBox):
                widget.setChecked(value)
            elif isinstance(widget, QComboBox):
                set_combo_text(widget, value)
            elif isinstance(widget, QPlainTextEdit):
                widget.setPlainText(value)
            else:
                widget.setText(value)  # type: ignore[attr-defined]

    def draft(self) -> MemberDraft:
        return MemberDraft(**{key: widget_value(widget) for key, widget in self.fields.items()})

    # --- building ------------------------------------------------------------------------------
    def _widget(self, f: MemberField, groups: list[str]) -> QWidget:
        entry = f.form
        assert entry is not None
        if entry.widget == CHECK:
            return QCheckBox(entry.hint or f.label)
        if entry.widget == LONG_TEXT:
            note = QPlainTextEdit()
            note.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)
            return note
        if entry.widget in (CHOICE, OPEN_CHOICE):
            choices = list(groups if entry.roster_choices else entry.choices)
            if f.default == "":  # a field that may stay empty offers the empty choice first
                choices.insert(0, "")
            return combo(choices, editable=entry.widget == OPEN_CHOICE)
        edit = QLineEdit(placeholderText=entry.hint)
        if f.kind == DATE:
            edit.setToolTip(DATE_TIP)
        if entry.hint:  # a placeholder is a hint only when it can be read whole
            edit.setMinimumWidth(edit.fontMetrics().horizontalAdvance(entry.hint) + 24)
            edit.setMinimumHeight(edit.sizeHint().height())
        return edit

    def _flag_grid(self) -> QGridLayout:
        """The 情况 box: the check boxes two to a line, then each one that enables a field beside it."""
        dependents = {f.form.enabled_by: f.key for f in FORM_FIELDS if f.form and f.form.enabled_by}
        flags = [f.key for f in FORM_FIELDS if f.form and f.form.widget == CHECK]
        grid = QGridLayout()
        plain = [k for k in flags if k not in dependents]
        for i, key in enumerate(plain):
            grid.addWidget(self.fields[key], i // 2, i % 2)
        row = (len(plain) + 1) // 2
        for key in (k for k in flags if k in dependents):
            grid.addWidget(self.fields[key], row, 0)
            grid.addWidget(self.fields[dependents[key]], row, 1)
            row += 1
        return grid

    # --- checking ------------------------------------------------------------------------------
    def validate(self) -> MemberCheck:
        check = check_member(self.draft(), today=self._today)
        shown = False
        for key, label in self.errors.items():
            message = check.errors.get(key, "") if self._show_all or key in self._touched else ""
            label.setText(message)
            label.setVisible(bool(message))
            shown = shown or bool(message)
        # What the ID number says wins over what was typed: show it, and lock the fields it decides.
        from_id = "birth_date" in check.derived
        if from_id:
            if self.birth_date.text() != check.derived["birth_date"]:
                self.birth_date.setText(check.derived["birth_date"])
            set_combo_text(self.gender, check.derived["gender"])
            hint = f"根据身份证号：出生日期 {check.derived['birth_date']}，性别 {check.derived['gender']}"
            if "id_number" in check.derived:
                hint += f"；{check.derived['id_number']}"
            self.id_hint.setText(hint)
        else:
            self.id_hint.clear()
        self.birth_date.setReadOnly(from_id)
        self.gender.setEnabled(not from_id)
        # 保存 stays pressable on a fresh form, so pressing it is how one learns what is missing.
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(not shown)
        return check

    def accept(self) -> None:
        self._show_all = True
        check = self.validate()
        if not check.ok:
            return
        self.result_check = check
        if self.submit is not None and not self.submit(self):
            return
        super().accept()

    def reject(self) -> None:
        """取消, Esc and the window's close button: asks before typed changes are thrown away."""
        if may_leave(self, "党员信息", self.is_dirty(), self._save_and_close):
            super().reject()

    def _save_and_close(self) -> bool:
        self.accept()
        return False  # accept() closed the dialog itself when the save went through

    # --- photo ---------------------------------------------------------------------------------
    def pick_photo(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "选择照片", "", "图片 (*.jpg *.jpeg *.png *.bmp *.gif *.tif *.tiff *.webp);;所有文件 (*)"
        )
        if path:
            self.load_photo_file(Path(path))

    def load_photo_file(self, path: Path) -> bool:
        try:
            self.photo_bytes = one_inch_photo(path.read_bytes())
        except (PhotoError, OSError) as exc:
            self.photo_error.setText(str(exc) if isinstance(exc, PhotoError) else f"无法读取文件：{exc}")
            return False
        self.photo_error.clear()
        self.photo_changed = True
        self._show_photo()
        return True

    def clear_photo(self) -> None:
        self.photo_bytes = None
        self.photo_changed = True
        self._show_photo()

    def _show_photo(self) -> None:
        if self.photo_bytes:
            pixmap = QPixmap()
            pixmap.loadFromData(self.photo_bytes)
            self.photo_label.setPixmap(
                pixmap.scaled(
                    self.photo_label.size(),
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        else:
            self.photo_label.setPixmap(QPixmap())
            self.photo_label.setText("无照片")
        self.photo_clear.setEnabled(self.photo_bytes is not None)
