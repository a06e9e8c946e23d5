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

from dangjian_desktop.core.photos import PhotoError, one_inch_photo
from dangjian_desktop.core.roster import (
    CATEGORIES,
    EDUCATIONS,
    ETHNICITIES,
    GENDERS,
    MemberCheck,
    MemberDraft,
    check_member,
)
from dangjian_desktop.ui.editing import may_leave
from dangjian_desktop.ui.screen_fit import fit_to_screen
from dangjian_desktop.ui.widgets import combo, error_label, scrolling, set_combo_text

ERROR_STYLE = "color: #c0392b; font-size: 9pt;"
HINT_STYLE = "color: #2c7a3f; font-size: 9pt;"
DATE_HINT = "如 1985-03-12"
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

        self.name = QLineEdit()
        self.id_number = QLineEdit(placeholderText="18位，旧式15位会自动转换")
        self.gender = combo(["", *GENDERS])
        self.ethnicity = combo(ETHNICITIES, editable=True)
        self.birth_date = QLineEdit(placeholderText=DATE_HINT)
        self.education = combo(["", *EDUCATIONS], editable=True)
        self.join_date = QLineEdit(placeholderText=DATE_HINT)
        self.full_date = QLineEdit(placeholderText="预备党员留空")
        self.category = combo(CATEGORIES)
        self.party_group = combo(["", *(groups or [])], editable=True)
        self.is_committee = QCheckBox("支部委员（支委）")
        self.job = QLineEdit()
        self.phone = QLineEdit(placeholderText="11位手机号或固定电话")
        self.address = QLineEdit(placeholderText="如：凤凰村3组12号")
        self.is_mobile = QCheckBox("流动党员")
        self.mobile_destination = QLineEdit(placeholderText="外出流向，如：广东深圳")
        self.is_lost_contact = QCheckBox("失联（6个月以上联系不上）")
        self.is_hardship = QCheckBox("困难党员")
        self.note = QPlainTextEdit()
        self.note.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)
        for edit in (self.birth_date, self.join_date):
            edit.setToolTip(DATE_TIP)
        # A placeholder is a hint only when it can be read whole.
        for edit in (
            self.id_number,
            self.birth_date,
            self.join_date,
            self.full_date,
            self.phone,
            self.address,
        ):
            edit.setMinimumWidth(edit.fontMetrics().horizontalAdvance(edit.placeholderText()) + 24)
        self.mobile_destination.setMinimumHeight(self.mobile_destination.sizeHint().height())
        self.mobile_destination.setMinimumWidth(
            self.mobile_destination.fontMetrics().horizontalAdvance(self.mobile_destination.placeholderText())
            + 24
        )

        self.errors: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        for key, label, widget in (
            ("name", "姓名 *", self.name),
            ("id_number", "公民身份号码", self.id_number),
            ("gender", "性别", self.gender),
            ("ethnicity", "民族", self.ethnicity),
            ("birth_date", "出生日期", self.birth_date),
            ("education", "学历", self.education),
            ("join_date", "入党日期", self.join_date),
            ("full_date", "转正日期", self.full_date),
            ("category", "人员类别", self.category),
            ("party_group", "所在党小组", self.party_group),
            ("job", "工作岗位/职业", self.job),
            ("phone", "联系电话", self.phone),
            ("address", "家庭住址", self.address),
        ):
            error = error_label(ERROR_STYLE)
            error.setObjectName(f"error_{key}")
            self.errors[key] = error
            column = QVBoxLayout()
            column.setSpacing(1)
            column.addWidget(widget)
            column.addWidget(error)
            form.addRow(label, column)
        flags = QGridLayout()
        flags.addWidget(self.is_committee, 0, 0)
        flags.addWidget(self.is_hardship, 0, 1)
        flags.addWidget(self.is_lost_contact, 1, 0, 1, 2)
        flags.addWidget(self.is_mobile, 2, 0)
        flags.addWidget(self.mobile_destination, 2, 1)
        form.addRow("情况", flags)
        form.addRow("备注", self.note)
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
        for key, edit in (
            ("name", self.name),
            ("id_number", self.id_number),
            ("birth_date", self.birth_date),
            ("join_date", self.join_date),
            ("full_date", self.full_date),
            ("phone", self.phone),
            ("job", self.job),
            ("address", self.address),
            ("mobile_destination", self.mobile_destination),
        ):
            edit.textEdited.connect(lambda _t, k=key: self._touch(k))
            edit.textChanged.connect(self.validate)
        for key, box in (
            ("gender", self.gender),
            ("category", self.category),
            ("ethnicity", self.ethnicity),
            ("education", self.education),
            ("party_group", self.party_group),
        ):
            box.activated.connect(lambda _i, k=key: self._touch(k))
            box.currentTextChanged.connect(self.validate)
        self.is_mobile.toggled.connect(self.mobile_destination.setEnabled)
        self.mobile_destination.setEnabled(self.is_mobile.isChecked())
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
        self.name.setText(d.name)
        self.id_number.setText(d.id_number)
        set_combo_text(self.gender, d.gender)
        set_combo_text(self.ethnicity, d.ethnicity)
        self.birth_date.setText(d.birth_date)
        set_combo_text(self.education, d.education)
        self.join_date.setText(d.join_date)
        self.full_date.setText(d.full_date)
        set_combo_text(self.category, d.category)
        set_combo_text(self.party_group, d.party_group)
        self.is_committee.setChecked(d.is_committee)
        self.job.setText(d.job)
        self.phone.setText(d.phone)
        self.address.setText(d.address)
        self.is_mobile.setChecked(d.is_mobile)
        self.mobile_destination.setText(d.mobile_destination)
        self.is_lost_contact.setChecked(d.is_lost_contact)
        self.is_hardship.setChecked(d.is_hardship)
        self.note.setPlainText(d.note)

    def draft(self) -> MemberDraft:
        return MemberDraft(
            name=self.name.text(),
            gender=self.gender.currentText(),
            ethnicity=self.ethnicity.currentText(),
            birth_date=self.birth_date.text(),
            id_number=self.id_number.text(),
            education=self.education.currentText(),
            join_date=self.join_date.text(),
            full_date=self.full_date.text(),
            category=self.category.currentText(),
            party_group=self.party_group.currentText(),
            is_committee=self.is_committee.isChecked(),
            job=self.job.text(),
            phone=self.phone.text(),
            address=self.address.text(),
            is_mobile=self.is_mobile.isChecked(),
            mobile_destination=self.mobile_destination.text(),
            is_lost_contact=self.is_lost_contact.isChecked(),
            is_hardship=self.is_hardship.isChecked(),
            note=self.note.toPlainText(),
        )

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
