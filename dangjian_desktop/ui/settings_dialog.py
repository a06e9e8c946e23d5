"""The one settings dialog: the branch's details, then one page per section of the settings registry.

The form is built from core/settings.REGISTRY, so a feature that registers a setting gets its field here
without touching this file: bool -> check box, int -> spin box, float -> decimal spin box, str -> line,
list of str -> one item per line, a setting with choices -> drop-down list.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from dangjian_desktop.core import settings
from dangjian_desktop.core.branch import BranchInfo, current_branch
from dangjian_desktop.core.db import Database
from dangjian_desktop.core.services import query, setup
from dangjian_desktop.core.settings import SettingSpec
from dangjian_desktop.core.township import (
    TO_TOWNSHIP_WARNING,
    TO_VILLAGE_WARNING,
    TOWNSHIP_MODE,
    village_switch_problem,
)
from dangjian_desktop.ui.ops import run_unit
from dangjian_desktop.ui.screen_fit import fit_to_screen

BRANCH_FIELDS = (("name", "支部名称"), ("township", "所属乡镇"), ("secretary", "书记"), ("phone", "监督电话"))
BRANCH_PAGE = "支部信息"
EDITABLE_KINDS = ("bool", "int", "float", "str", "list")


def _label_text(spec: SettingSpec) -> str:
    text = spec.label
    if spec.kind == "list":  # say how to write a list, inside the label's own brackets if it has them
        text = text[:-1] + "；每行一项）" if text.endswith("）") else text + "（每行一项）"
    return text + "："


class SettingsDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("设置")
        self.db = db
        self.branch: BranchInfo | None = query(db, current_branch)
        values = query(db, settings.current_values)
        problems = query(db, settings.problems)
        self.editors: dict[str, QWidget] = {}
        self.branch_edits: dict[str, QLineEdit] = {}

        box = QVBoxLayout(self)
        self.problems_label = QLabel()
        self.problems_label.setWordWrap(True)
        self.problems_label.setStyleSheet("color: #c0392b;")
        if problems:
            self.problems_label.setText("以下设置有问题，保存时会改正：\n" + "\n".join(problems))
        self.problems_label.setVisible(bool(problems))
        box.addWidget(self.problems_label)

        self.pages = QTabWidget()
        if self.branch is not None:
            self.pages.addTab(self._branch_page(self.branch), BRANCH_PAGE)
        for title, specs in settings.sections().items():
            self.pages.addTab(self._section_page(specs, values), title)
        box.addWidget(self.pages, 1)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.RestoreDefaults
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).clicked.connect(
            self.ask_restore_defaults
        )
        self.buttons = buttons
        box.addWidget(buttons)
        self._saved_form = self._form_state()
        township = self.editors.get(TOWNSHIP_MODE.key)
        if isinstance(township, QCheckBox):
            township.toggled.connect(self._confirm_mode_switch)
        em = self.fontMetrics().horizontalAdvance("国")
        fit_to_screen(self, max(560, em * 36), max(480, em * 30))

    # --- building the form -----------------------------------------------------------------------
    def _branch_page(self, branch: BranchInfo) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for field, label in BRANCH_FIELDS:
            edit = QLineEdit(getattr(branch, field))
            edit.setObjectName(f"branch.{field}")
            self.branch_edits[field] = edit
            form.addRow(f"{label}：", edit)
        note = QLabel("监督电话印在上墙的明白卡上，供群众监督。")
        note.setWordWrap(True)
        note.setStyleSheet("color: #666;")
        form.addRow(note)
        return page

    def _section_page(self, specs: list[SettingSpec], values: dict[str, Any]) -> QWidget:
        inner = QWidget()
        column = QVBoxLayout(inner)
        for spec in specs:
            if spec.kind not in EDITABLE_KINDS and not spec.choices:
                continue  # a structured value (a dict...) is edited by its own feature, not here
            editor = self._editor(spec)
            editor.setObjectName(spec.key)
            if spec.hint:
                editor.setToolTip(spec.hint)
            self.editors[spec.key] = editor
            self._set_value(spec, values[spec.key])
            if spec.kind == "bool":
                column.addWidget(editor)  # a check box carries its own label
            else:
                label = QLabel(_label_text(spec))
                label.setWordWrap(True)
                label.setBuddy(editor)
                column.addWidget(label)
                column.addWidget(editor)
            if spec.hint:
                hint = QLabel(spec.hint)
                hint.setWordWrap(True)
                hint.setStyleSheet("color: #666;")
                column.addWidget(hint)
            column.addSpacing(6)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(inner)
        return scroll

    def _editor(self, spec: SettingSpec) -> QWidget:
        if spec.choices:
            combo = QComboBox()
            combo.addItems([str(choice) for choice in spec.choices])
            return combo
        kind = spec.kind
        if kind == "bool":
            return QCheckBox(spec.label)
        if kind == "int":
            spin = QSpinBox()
            spin.setRange(
                int(spec.minimum) if spec.minimum is not None else -1_000_000,
                int(spec.maximum) if spec.maximum is not None else 1_000_000,
            )
            return spin
        if kind == "float":
            number = QDoubleSpinBox()
            number.setDecimals(1)
            number.setSingleStep(0.5)
            number.setRange(
                spec.minimum if spec.minimum is not None else -1e6,
                spec.maximum if spec.maximum is not None else 1e6,
            )
            return number
        if kind == "list":
            text = QPlainTextEdit()
            text.setTabChangesFocus(True)  # Tab moves on to the next field, as in every other field
            text.setMinimumHeight(self.fontMetrics().lineSpacing() * 5 + 12)
            return text
        return QLineEdit()

    def _set_value(self, spec: SettingSpec, value: Any) -> None:
        editor = self.editors[spec.key]
        if isinstance(editor, QComboBox):
            index = spec.choices.index(value) if value in spec.choices else 0
            editor.setCurrentIndex(index)
        elif isinstance(editor, QCheckBox):
            editor.setChecked(bool(value))
        elif isinstance(editor, (QSpinBox, QDoubleSpinBox)):
            editor.setValue(value)
        elif isinstance(editor, QPlainTextEdit):
            editor.setPlainText("\n".join(value))
        elif isinstance(editor, QLineEdit):
            editor.setText(str(value))

    # --- reading the form back -------------------------------------------------------------------
    def value(self, key: str) -> Any:
        spec = settings.REGISTRY[key]
        editor = self.editors[key]
        if isinstance(editor, QComboBox):
            return spec.choices[editor.currentIndex()]
        if isinstance(editor, QCheckBox):
            return editor.isChecked()
        if isinstance(editor, QSpinBox):
            return editor.value()
        if isinstance(editor, QDoubleSpinBox):
            return float(editor.value())
        if isinstance(editor, QPlainTextEdit):
            return [line.strip() for line in editor.toPlainText().splitlines() if line.strip()]
        return editor.text().strip()  # type: ignore[attr-defined]

    def values(self) -> dict[str, Any]:
        return {key: self.value(key) for key in self.editors}

    def branch_fields(self) -> dict[str, str]:
        return {field: edit.text() for field, edit in self.branch_edits.items()}

    # --- saving ----------------------------------------------------------------------------------
    def save(self) -> str | None:
        """Branch details and every setting in one transaction; the Chinese problem, or None if saved."""
        branch_id = self.branch.id if self.branch is not None else None
        branch_fields, values = self.branch_fields(), self.values()
        _, problem = run_unit(self.db, lambda db: setup.save_settings(db, branch_id, branch_fields, values))
        return problem

    def accept(self) -> None:
        problem = self.save()
        if problem:
            QMessageBox.warning(self, "无法保存设置", problem)
            return
        super().accept()

    # --- nothing typed is lost: 保存 / 不保存 / 取消 when the dialog would close with changes ---------
    def _form_state(self) -> tuple[dict[str, Any], dict[str, str]]:
        return self.values(), self.branch_fields()

    def has_changes(self) -> bool:
        return self._form_state() != self._saved_form

    def reject(self) -> None:
        """取消, Esc and the window's close button all come here."""
        if self.has_changes():
            answer = QMessageBox.question(
                self,
                "设置尚未保存",
                "设置已修改，还没有保存。要保存吗？",
                QMessageBox.StandardButton.Save
                | QMessageBox.StandardButton.Discard
                | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Save,
            )
            if answer == QMessageBox.StandardButton.Save:
                self.accept()
                return
            if answer != QMessageBox.StandardButton.Discard:
                return  # 取消: stay in the dialog with what was typed
        super().reject()

    # --- 乡镇汇总模式 is a deliberate choice -------------------------------------------------------
    def _confirm_mode_switch(self, to_township: bool) -> None:
        box = self.editors[TOWNSHIP_MODE.key]
        if not to_township:
            problem = query(self.db, village_switch_problem)
            if problem:
                QMessageBox.information(self, "不能切换", problem)
                self._set_checked_quietly(box, True)
                return
        answer = QMessageBox.question(
            self,
            "切换为乡镇汇总模式" if to_township else "切换回本村台账",
            (TO_TOWNSHIP_WARNING if to_township else TO_VILLAGE_WARNING) + "\n\n点“保存”后生效。确定切换吗？",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            self._set_checked_quietly(box, not to_township)

    @staticmethod
    def _set_checked_quietly(box: QWidget, checked: bool) -> None:
        assert isinstance(box, QCheckBox)
        box.blockSignals(True)
        box.setChecked(checked)
        box.blockSignals(False)

    def restore_defaults(self) -> None:
        """Puts the defaults into the form (the branch's details stay); nothing is stored until 保存."""
        for key in self.editors:
            spec = settings.REGISTRY[key]
            self._set_value(spec, spec.default)

    def ask_restore_defaults(self) -> None:
        answer = QMessageBox.question(
            self,
            "恢复默认设置",
            "确定把所有设置恢复为默认值吗？支部信息不会改变。\n点“保存”后才生效，点“取消”可以放弃。",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.restore_defaults()
