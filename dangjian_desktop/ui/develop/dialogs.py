"""The forms of the 发展党员 tab: an applicant, and one step. They return drafts; the tab saves.

A form keeps what was typed when saving fails (the message shows in the form) and asks before
throwing away changes (ui/forms.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from dangjian_desktop.core import idcard
from dangjian_desktop.core.dates import format_cn
from dangjian_desktop.core.develop import rules as r
from dangjian_desktop.core.develop.service import PersonDraft, StepDraft, check_person
from dangjian_desktop.core.develop.vote import count_vote
from dangjian_desktop.core.errors import UserError
from dangjian_desktop.ui.forms import SavingForm, date_edit
from dangjian_desktop.ui.widgets import edited_date, qdate

# The save callback makes ONE service call; a refusal is a UserError, shown in the form.
Save = Callable[[object], object]


class _Form(SavingForm):
    """A 发展党员 form: what it collects is its draft."""

    def draft(self) -> object:
        raise NotImplementedError

    def collect(self) -> object:
        return self.draft()

    def try_save(self) -> None:
        self.submit()


class PersonDialog(_Form):
    """登记入党申请."""

    def __init__(
        self,
        save: Save,
        today: dt.date,
        groups: list[str],
        parent: QWidget | None = None,
        initial: PersonDraft | None = None,
    ) -> None:
        super().__init__("修改入党申请人信息" if initial else "登记入党申请", save, parent)
        self.setMinimumWidth(460)
        self._today = today
        self.field_errors: dict[str, QLabel] = {}
        self.name = QLineEdit()
        self.id_number = QLineEdit()
        self.id_number.setMaxLength(18)
        self.applied = date_edit(today)
        self.group = QComboBox()
        self.group.setEditable(True)
        self.group.addItems(["", *groups])
        self.phone = QLineEdit()
        self.education = QLineEdit()
        self.job = QLineEdit()
        self.address = QLineEdit()
        for label, widget in (
            ("姓名", self.name),
            ("公民身份号码", self.id_number),
            ("递交申请书日期", self.applied),
            ("党小组", self.group),
            ("联系电话", self.phone),
            ("学历", self.education),
            ("工作岗位", self.job),
            ("家庭住址", self.address),
        ):
            self.form.addRow(label, widget)
            key = {
                self.name: "name",
                self.id_number: "id_number",
                self.applied: "applied",
                self.phone: "phone",
            }
            if widget in key:  # the same checks as on saving, shown under the field as it is typed
                error = QLabel()
                error.setStyleSheet("color: #b00020")
                error.setWordWrap(True)
                self.form.addRow("", error)
                self.form.setRowVisible(error, False)
                self.field_errors[key[widget]] = error
        self.derived = QLabel()
        id_row, _role = self.form.getWidgetPosition(self.id_number)
        self.form.insertRow(id_row + 2, "", self.derived)  # below the ID number and its error line
        self.form.setRowVisible(self.derived, False)
        if initial is not None:
            self.name.setText(initial.name)
            self.id_number.setText(initial.id_number)
            if isinstance(initial.applied, dt.date):
                self.applied.setDate(qdate(initial.applied))
            self.group.setCurrentText(initial.party_group)
            self.phone.setText(initial.phone)
            self.education.setText(initial.education)
            self.job.setText(initial.job)
            self.address.setText(initial.address)
            self._keep = initial  # fields the form does not show (民族, 备注) go back as they were
        for edit in (self.name, self.id_number, self.phone):
            edit.textChanged.connect(self.validate)
        self.applied.dateChanged.connect(self.validate)
        self.mark_clean()

    def validate(self) -> dict[str, str]:
        """Field -> problem, shown under each field; the ID number's birth date and gender beside it."""
        draft = self.draft()
        errors = check_person(draft, self._today)
        for key, label in self.field_errors.items():
            typed = bool(getattr(draft, key)) if key != "applied" else True
            message = errors.get(key, "") if typed else ""
            label.setText(message)
            self.form.setRowVisible(label, bool(message))
        try:
            facts = idcard.facts(draft.id_number)
        except idcard.IdNumberError:
            self.derived.setText("")
        else:
            self.derived.setText(f"出生日期 {format_cn(facts.birth_date)}，{facts.gender}")
        self.form.setRowVisible(self.derived, bool(self.derived.text()))
        return errors

    _keep: PersonDraft | None = None

    def draft(self) -> PersonDraft:
        keep = self._keep or PersonDraft()
        return PersonDraft(
            ethnicity=keep.ethnicity,
            note=keep.note,
            name=self.name.text(),
            id_number=self.id_number.text(),
            applied=edited_date(self.applied),
            party_group=self.group.currentText(),
            phone=self.phone.text(),
            education=self.education.text(),
            job=self.job.text(),
            address=self.address.text(),
        )


class StepDialog(_Form):
    """记录一个步骤: the fields a step does not use are hidden."""

    def __init__(
        self,
        save: Save,
        today: dt.date,
        name: str,
        first: str = "",
        parent: QWidget | None = None,
        *,
        entitled: Callable[[dt.date], int] | None = None,
    ) -> None:
        super().__init__(f"记录步骤：{name}", save, parent)
        self.setMinimumWidth(560)
        self.form.addRow("对象", QLabel(name))
        self.step = QComboBox()
        self.step.addItems(list(r.RECORDABLE))
        if first in r.RECORDABLE:
            self.step.setCurrentText(first)
        self.date = date_edit(today)
        self.people = QLineEdit()
        self.people.setPlaceholderText("姓名，多人用逗号分隔")
        self.note = QLineEdit()
        self.number = QLineEdit()
        self.method = QComboBox()
        self.method.addItems(["", *r.METHODS])
        self.has_end = QCheckBox("填写结束日期")
        self.end = date_edit(today)
        self.hours = QSpinBox()
        self.hours.setRange(0, 500)
        self.months = QSpinBox()
        self.months.setRange(0, 12)
        self.vote = {key: QSpinBox() for key in ("present", "votes_for", "votes_against", "votes_abstain")}
        for box in self.vote.values():
            box.setRange(0, 9999)
        self._entitled = entitled
        self.entitled_hint = QLabel("应到会有表决权人数由程序按当天在册正式党员计算")
        rows: list[tuple[str, QWidget]] = [
            ("步骤", self.step),
            ("日期", self.date),
            ("人员", self.people),
            ("推荐方式", self.method),
            ("", self.has_end),
            ("结束日期", self.end),
            ("学时", self.hours),
            ("延长月数", self.months),
            ("实到", self.vote["present"]),
            ("赞成", self.vote["votes_for"]),
            ("反对", self.vote["votes_against"]),
            ("弃权", self.vote["votes_abstain"]),
            ("编号/文号", self.number),
            ("情况/结论", self.note),
        ]
        for label, widget in rows:
            self.form.addRow(label, widget)
            if widget is self.vote["votes_abstain"]:
                self.form.addRow(self.entitled_hint)  # the whole width: the verdict must be readable
        self.step.currentTextChanged.connect(self._show_fields)
        self.has_end.toggled.connect(self._show_fields)
        self.date.dateChanged.connect(self._show_vote)
        for box in self.vote.values():
            box.valueChanged.connect(self._show_vote)
        self._show_fields()
        self.mark_clean()

    def _show_fields(self) -> None:
        kind = r.STEPS[self.step.currentText()]
        self.form.setRowVisible(self.people, bool(kind.people))
        if kind.people:
            self.form.labelForField(self.people).setText(kind.people)  # type: ignore[union-attr]
        self.form.setRowVisible(self.method, kind.name == r.NAME_ACTIVIST)
        ranged = kind.name in (r.PUBLICITY, r.TRAINING)
        self.form.setRowVisible(self.has_end, ranged)
        self.form.setRowVisible(self.end, ranged and self.has_end.isChecked())
        self.form.setRowVisible(self.hours, kind.name == r.TRAINING)
        self.form.setRowVisible(self.months, kind.name == r.EXTEND)
        for box in self.vote.values():
            self.form.setRowVisible(box, kind.vote)
        self.form.setRowVisible(self.entitled_hint, kind.vote)
        self.form.setRowVisible(self.number, kind.name in r.NUMBER_LABELS)
        if kind.name in r.NUMBER_LABELS:
            self.form.labelForField(self.number).setText(r.NUMBER_LABELS[kind.name])  # type: ignore[union-attr]
        self.note.setPlaceholderText(kind.hint)
        self._show_vote()

    def _show_vote(self) -> None:
        """The program counts: 应到 from the roster that day, and whether the meeting and vote stand."""
        if self._entitled is None or not r.STEPS[self.step.currentText()].vote:
            return
        entitled = self._entitled(edited_date(self.date))
        v = {key: box.value() for key, box in self.vote.items()}
        text = f"应到会有表决权 {entitled} 人（当天在册正式党员）\n表决结果"
        try:
            vote = count_vote(entitled, v["present"], v["votes_for"], v["votes_against"], v["votes_abstain"])
        except UserError as exc:
            text, why = f"{text}：人数有误", str(exc)
        else:
            text, why = f"{text}：{vote.result()}", vote.reason()
        # the short verdict on the form; the reason with the rule's article as its tooltip
        self.entitled_hint.setText(text)
        self.entitled_hint.setToolTip(why)

    def draft(self) -> StepDraft:
        kind = r.STEPS[self.step.currentText()]
        vote = {key: box.value() for key, box in self.vote.items()} if kind.vote else {}
        ranged = kind.name in (r.PUBLICITY, r.TRAINING) and self.has_end.isChecked()
        return StepDraft(
            step=kind.name,
            date=edited_date(self.date),
            note=self.note.text(),
            people=[
                p for p in self.people.text().replace("，", ",").replace("、", ",").split(",") if p.strip()
            ]
            if kind.people
            else [],
            end_date=edited_date(self.end) if ranged else None,
            number=self.number.text() if kind.name in r.NUMBER_LABELS else "",
            method=self.method.currentText() if kind.name == r.NAME_ACTIVIST else "",
            hours=self.hours.value() or None if kind.name == r.TRAINING else None,
            months=self.months.value() or None if kind.name == r.EXTEND else None,
            **vote,
        )
