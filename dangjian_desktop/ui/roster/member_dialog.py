"""The member form: every field of DOMAIN.md, checked as you type, each problem shown beside its field.

The form only collects a MemberDraft; core/roster.check_member() holds the rules and the tab's save
calls the service, so the GUI, the CLI and the importer agree on what a valid member is.
"""

from __future__ import annotations

import datetime as dt
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
from dangjian_desktop.ui.widgets import combo, set_combo_text

ERROR_STYLE = "color: #c0392b; font-size: 9pt;"
HINT_STYLE = "color: #2c7a3f; font-size: 9pt;"
DATE_HINT = "如 1985-03-12，也可写 1985.3.12 或 1985年3月12日"


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
        self.note.setFixedHeight(60)

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
            error = QLabel()
            error.setStyleSheet(ERROR_STYLE)
            error.setWordWrap(True)
            error.setObjectName(f"error_{key}")
            error.hide()
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
        top.addLayout(left, 1)
        top.addLayout(photo_box)
        outer = QVBoxLayout(self)
        outer.addLayout(top)
        outer.addWidget(self.buttons)

        if draft is not None:
            self.set_draft(draft)
        self._show_photo()
        for edit in (
            self.name,
            self.id_number,
            self.birth_date,
            self.join_date,
            self.full_date,
            self.phone,
            self.job,
            self.address,
            self.mobile_destination,
        ):
            edit.textChanged.connect(self.validate)
        for box in (self.gender, self.category, self.ethnicity, self.education, self.party_group):
            box.currentTextChanged.connect(self.validate)
        self.is_mobile.toggled.connect(self.mobile_destination.setEnabled)
        self.mobile_destination.setEnabled(self.is_mobile.isChecked())
        self.validate()

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
        for key, label in self.errors.items():
            message = check.errors.get(key, "")
            label.setText(message)
            label.setVisible(bool(message))
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
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(check.ok)
        return check

    def accept(self) -> None:
        check = self.validate()
        if not check.ok:
            return
        self.result_check = check
        super().accept()

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
