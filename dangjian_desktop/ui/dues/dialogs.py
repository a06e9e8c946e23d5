"""The 党费 forms: 核定 a member's year, record a payment, record a remittance.

A form only collects values; the tab hands them to ONE core service call through `save`. When that
call refuses (a Chinese UserError) the message shows in the form and the form stays open, so nothing
typed is lost.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QLabel,
    QLineEdit,
    QWidget,
)

from dangjian_desktop.core.dues.rules import (
    KINDS,
    PAYMENT_WAYS,
    RULE_BY_KIND,
    SOURCE,
    parse_yuan,
    standard_for,
)
from dangjian_desktop.core.errors import UserError
from dangjian_desktop.ui.forms import SavingForm, date_edit
from dangjian_desktop.ui.widgets import combo, edited_date, qdate, set_combo_text


def _month(edit: QDateEdit) -> str:
    day = edited_date(edit)
    return f"{day.year:04d}-{day.month:02d}"


def _yuan(edit: QLineEdit, what: str) -> Decimal | None:
    text = edit.text().strip()
    return parse_yuan(text, what) if text else None


class _Form(SavingForm):
    """A 党费 form: what it collects is a dict of values."""

    def values(self) -> dict:
        raise NotImplementedError

    def collect(self) -> object:
        return self.values()


class AssessmentDialog(_Form):
    """核定党费: 类别, the income where the rate depends on it (private), the 农民 amount, 少交/免交."""

    def __init__(
        self,
        name: str,
        year: int,
        today: dt.date,
        farmer_default: str,
        save: Callable[[dict], object],
        parent: QWidget | None = None,
        *,
        rounding: str = "不取整",
    ) -> None:
        super().__init__(f"核定{year}年党费：{name}", save, parent)
        self.rounding = rounding
        self.kind = combo(KINDS)
        self.income = QLineEdit()
        self.income.setPlaceholderText("每月税后收入，元（仅存本机，不打印、不报送）")
        self.amount = QLineEdit(farmer_default)
        self.amount.setPlaceholderText("0.2 至 1 元")
        self.reduce = QCheckBox("经批准少交或免交")
        self.reduced = QLineEdit()
        self.reduced.setPlaceholderText("少交后每月金额，免交填 0")
        self.decided = date_edit(today)
        self.approved = date_edit(today)
        self.reason = QLineEdit()
        self.preview = QLabel()
        self.preview.setWordWrap(True)
        rule_note = QLabel(f"依据：{SOURCE}")
        rule_note.setWordWrap(True)
        self.add_rows(
            (
                ("党员类别", self.kind),
                ("每月收入（元）", self.income),
                ("每月党费（元）", self.amount),
                ("", self.reduce),
                ("少交后金额（元）", self.reduced),
                ("支部决定日期", self.decided),
                ("上级党委批准日期", self.approved),
                ("少交（免交）原因", self.reason),
                ("按规定", self.preview),
                ("", rule_note),
            )
        )
        self.kind.currentTextChanged.connect(lambda _t: self._update())
        self.income.textChanged.connect(lambda _t: self._update())
        self.amount.textChanged.connect(lambda _t: self._update())
        self.reduce.toggled.connect(lambda _b: self._update())
        self._update()

    def set_values(
        self,
        kind: str,
        income: str = "",
        amount: str = "",
        reduced: str = "",
        decided: dt.date | None = None,
        approved: dt.date | None = None,
        reason: str = "",
    ) -> None:
        set_combo_text(self.kind, kind)
        self.income.setText(income)
        if amount:
            self.amount.setText(amount)
        self.reduce.setChecked(bool(reduced))
        self.reduced.setText(reduced)
        for edit, day in ((self.decided, decided), (self.approved, approved)):
            if day:
                edit.setDate(qdate(day))
        self.reason.setText(reason)
        self._update()

    def _update(self) -> None:
        rule = RULE_BY_KIND[self.kind.currentText()]
        self.income.setEnabled(rule.needs_income)
        self.amount.setEnabled(rule.needs_amount)
        for widget in (self.reduced, self.decided, self.approved, self.reason):
            widget.setEnabled(self.reduce.isChecked())
        try:
            standard = standard_for(
                rule.kind,
                income=_yuan(self.income, "每月收入") if rule.needs_income else None,
                amount=_yuan(self.amount, "每月党费") if rule.needs_amount else None,
                rounding=self.rounding,
            )
            rate = f"，比例 {standard.rate_permyriad / 100:g}%" if standard.rate_permyriad else ""
            self.preview.setText(f"每月 {standard.monthly:.2f} 元{rate}")
            self.preview.setStyleSheet("")
        except UserError as exc:
            self.preview.setText(str(exc) if (self.income.text() or self.amount.text()) else rule.label)
            self.preview.setStyleSheet("color: #666666;")

    def values(self) -> dict:
        rule = RULE_BY_KIND[self.kind.currentText()]
        reduce = self.reduce.isChecked()
        return {
            "kind": rule.kind,
            "income": _yuan(self.income, "每月收入") if rule.needs_income else None,
            "amount": _yuan(self.amount, "每月党费") if rule.needs_amount else None,
            "reduced": (_yuan(self.reduced, "少交后的金额") or Decimal(0)) if reduce else None,
            "decided": edited_date(self.decided) if reduce else None,
            "approved": edited_date(self.approved) if reduce else None,
            "reason": self.reason.text() if reduce else "",
        }


class PaymentDialog(_Form):
    """记录交纳: the months covered, the day, the amount (blank = by the standard) and how."""

    def __init__(
        self,
        name: str,
        first: dt.date,
        today: dt.date,
        save: Callable[[dict], object],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(f"记录交纳党费：{name}", save, parent)
        self.first = date_edit(first, month_only=True)
        self.last = date_edit(max(first, today.replace(day=1)), month_only=True)
        self.paid_date = date_edit(today)
        self.amount = QLineEdit()
        self.amount.setPlaceholderText("留空则按核定标准计算")
        self.how = combo(PAYMENT_WAYS)
        self.add_rows(
            (
                ("起始月份", self.first),
                ("截止月份", self.last),
                ("交纳日期", self.paid_date),
                ("金额（元）", self.amount),
                ("交纳方式", self.how),
            )
        )

    def values(self) -> dict:
        return {
            "first": _month(self.first),
            "last": _month(self.last),
            "paid_date": edited_date(self.paid_date),
            "amount": _yuan(self.amount, "交纳金额"),
            "how": self.how.currentText(),
        }


class RemittanceDialog(_Form):
    """上缴乡镇党委: the period, the amount, the day, the receipt number."""

    def __init__(
        self,
        year: int,
        today: dt.date,
        suggested: str,
        save: Callable[[dict], object],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("记录上缴党费", save, parent)
        self.first = date_edit(dt.date(year, 1, 1), month_only=True)
        self.last = date_edit(min(today, dt.date(year, 12, 1)).replace(day=1), month_only=True)
        self.amount = QLineEdit(suggested)
        self.remitted = date_edit(today)
        self.receipt = QLineEdit()
        self.note = QLineEdit()
        self.add_rows(
            (
                ("起始月份", self.first),
                ("截止月份", self.last),
                ("金额（元）", self.amount),
                ("上缴日期", self.remitted),
                ("收据号", self.receipt),
                ("备注", self.note),
            )
        )

    def values(self) -> dict:
        amount = _yuan(self.amount, "上缴金额")
        if amount is None:
            raise UserError("请填写上缴金额")
        return {
            "first_month": _month(self.first),
            "last_month": _month(self.last),
            "amount": amount,
            "remitted_date": edited_date(self.remitted),
            "receipt_no": self.receipt.text(),
            "note": self.note.text(),
        }
