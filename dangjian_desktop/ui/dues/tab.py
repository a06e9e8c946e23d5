"""The 党费 tab: the year's members with their amount, paid-through month and warnings; 本月收缴 for
the ticked; the month's and the year's 应收 / 实收 / 欠交; remittances; the three printed documents.

Every write is one core service call that opens its own transaction; the tab only refreshes after.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from dangjian_desktop.core import dues, settings
from dangjian_desktop.core.branch import current_branch, require_branch
from dangjian_desktop.core.dues.rules import FARMER_DEFAULT, ROUNDING, month_cn, month_key, yuan_text
from dangjian_desktop.core.errors import UserError
from dangjian_desktop.ui.context import AppContext
from dangjian_desktop.ui.dues.dialogs import AssessmentDialog, PaymentDialog, RemittanceDialog
from dangjian_desktop.ui.dues.table_model import DuesTableModel, RemittanceModel
from dangjian_desktop.ui.jobs import Progress
from dangjian_desktop.ui.ops import read

ERROR_STYLE = "color: #c0392b;"
OK_STYLE = "color: #1b7d2c;"


def _table(model) -> QTableView:  # noqa: ANN001 - any of the tab's models
    view = QTableView()
    view.setModel(model)
    view.setSortingEnabled(True)
    view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    return view


class DuesTab(QWidget):
    title = "党费"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dues_tab")
        self.ctx = ctx
        self.dialog: QWidget | None = None
        self.rows: list[dues.MemberDues] = []

        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(ctx.today().year)
        self.year.setSuffix(" 年")
        self.year.valueChanged.connect(lambda _y: self.refresh())
        self.collect_button = QPushButton("本月收缴")
        self.collect_button.setToolTip("为勾选的党员记录本月党费（按核定金额）")
        self.tick_all_button = QPushButton("全选")
        self.tick_none_button = QPushButton("全不选")
        self.assess_button = QPushButton("核定党费…")
        self.pay_button = QPushButton("记录交纳…")
        self.remit_button = QPushButton("上缴乡镇…")
        self.publicity_button = QPushButton("公示表…")
        self.book_button = QPushButton("登记簿…")
        self.form_button = QPushButton("审批表…")
        self.publicity_button.setToolTip("打印《党费收缴公示表》（不含收入）")
        self.book_button.setToolTip("打印《党费收缴登记簿》，每月（或每季度）一页，本人签名栏")
        self.form_button.setToolTip("打印选中党员的《党员少交（免交）党费审批表》")
        self.collect_button.clicked.connect(lambda: self.collect_this_month())
        self.tick_all_button.clicked.connect(lambda: self.model.set_ticked({r.member_id for r in self.rows}))
        self.tick_none_button.clicked.connect(lambda: self.model.set_ticked(set()))
        self.assess_button.clicked.connect(lambda: self.open_assessment())
        self.pay_button.clicked.connect(lambda: self.open_payment())
        self.remit_button.clicked.connect(lambda: self.open_remittance())
        self.publicity_button.clicked.connect(lambda: self.print_document("publicity"))
        self.book_button.clicked.connect(lambda: self.print_document("book"))
        self.form_button.clicked.connect(lambda: self.print_document("form"))

        self.model = DuesTableModel()
        self.view = _table(self.model)
        self.view.doubleClicked.connect(lambda index: self.open_assessment() if index.column() else None)
        self.remittances = RemittanceModel()
        self.remittance_view = _table(self.remittances)

        self.totals = QLabel()
        self.totals.setWordWrap(True)
        self.totals.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status = QLabel()
        self.status.setWordWrap(True)

        bar = QHBoxLayout()
        bar.addWidget(QLabel("年度："))
        bar.addWidget(self.year)
        for button in (self.collect_button, self.tick_all_button, self.tick_none_button):
            bar.addWidget(button)
        bar.addStretch()
        for button in (self.assess_button, self.pay_button, self.remit_button):
            bar.addWidget(button)
        # printing on a row of its own, so the tab fits 1366 px at 125% and the largest font
        actions = QHBoxLayout()
        actions.addWidget(QLabel("打印："))
        for button in (self.publicity_button, self.book_button, self.form_button):
            actions.addWidget(button)
        actions.addStretch()
        lower = QWidget()
        lower_box = QVBoxLayout(lower)
        lower_box.setContentsMargins(0, 0, 0, 0)
        lower_box.addWidget(QLabel("上缴乡镇党委："))
        lower_box.addWidget(self.remittance_view)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.view)
        split.addWidget(lower)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)
        box = QVBoxLayout(self)
        box.addLayout(bar)
        box.addLayout(actions)
        box.addWidget(self.totals)
        box.addWidget(split, 1)
        box.addWidget(self.status)
        self.refresh()

    # --- data ------------------------------------------------------------------------------------
    def this_month(self) -> str:
        today = self.ctx.today()
        year = self.year.value()
        return month_key(year, today.month if year == today.year else 12 if year < today.year else 1)

    def refresh(self) -> None:
        year, today = self.year.value(), self.ctx.today()
        branch = read(self.ctx, current_branch)
        self.rows = read(self.ctx, dues.member_ledger, branch.id, year, today) if branch else []
        remitted = read(self.ctx, dues.list_remittances, branch.id, year) if branch else []
        selected = self.selected_member_id()
        self.model.set_rows(self.rows)
        self.remittances.set_rows(remitted)
        if selected is not None:
            self.select_member(selected)
        month = self.this_month()
        m, y = dues.month_totals(self.rows, month, today), dues.year_totals(self.rows, year, today)
        remitted_fen = sum(r.amount_fen for r in remitted)
        warned = sum(1 for r in self.rows if r.level)
        self.totals.setText(
            f"<b>{month_cn(month)}</b>：应收 {yuan_text(m.due_fen)} 元，实收 {yuan_text(m.paid_fen)} 元，"
            f"欠交 {yuan_text(m.owed_fen)} 元<br><b>{year}年</b>（至今）：应收 {yuan_text(y.due_fen)} 元，"
            f"实收 {yuan_text(y.paid_fen)} 元，欠交 {yuan_text(y.owed_fen)} 元"
            + (f"，预交 {yuan_text(y.advance_fen)} 元" if y.advance_fen else "")
            + f"，已上缴 {yuan_text(remitted_fen)} 元"
            + (
                f"<br><span style='color:#c0392b'>{warned} 名党员连续 3 个月以上未交纳党费</span>"
                if warned
                else ""
            )
        )

    def selected_member_id(self) -> int | None:
        rows = self.view.selectionModel().selectedRows() if self.view.selectionModel() else []
        return self.model.row_at(rows[0].row()).member_id if rows else None

    def select_member(self, member_id: int) -> bool:
        position = self.model.position_of(member_id)
        if position is None:
            return False
        self.view.selectRow(position)
        return True

    def _selected_row(self) -> dues.MemberDues | None:
        member_id = self.selected_member_id()
        row = next((r for r in self.rows if r.member_id == member_id), None)
        if row is None:
            self.show_status("请先在表中选中一名党员", ERROR_STYLE)
        return row

    def show_status(self, text: str, style: str = OK_STYLE) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(style)

    # --- writes: each ONE service call -----------------------------------------------------------
    def collect_this_month(self, *, paid_date: dt.date | None = None) -> dues.CollectResult | None:
        ticked = self.model.ticked()
        if not ticked:
            self.show_status("请先勾选要收缴的党员", ERROR_STYLE)
            return None
        month = self.this_month()
        try:
            result = dues.collect_month(
                self.ctx.db, ticked, month, paid_date or self.ctx.today(), today=self.ctx.today()
            )
        except UserError as exc:
            self.show_status(str(exc), ERROR_STYLE)
            return None
        self.model.set_ticked(set())
        self.refresh()
        text = f"已记录{month_cn(month)}党费 {len(result.recorded)} 人，共 {yuan_text(result.amount_fen)} 元"
        if result.skipped:
            text += "；未记录：" + "；".join(result.skipped)
        self.show_status(text, ERROR_STYLE if result.skipped and not result.recorded else OK_STYLE)
        return result

    def open_assessment(self) -> AssessmentDialog | None:
        row = self._selected_row()
        if row is None:
            return None
        year, today = self.year.value(), self.ctx.today()
        farmer = read(self.ctx, settings.get, FARMER_DEFAULT)
        rounding = read(self.ctx, settings.get, ROUNDING)

        def save(values: dict) -> dues.Result:
            return dues.set_assessment(
                self.ctx.db, dues.AssessmentDraft(member_id=row.member_id, year=year, **values), today=today
            )

        dialog = AssessmentDialog(row.name, year, today, farmer, save, self, rounding=rounding)
        a = row.assessed
        if a is not None:
            dialog.set_values(
                a.kind,
                income=yuan_text(a.income_fen) if a.income_fen is not None else "",
                amount=yuan_text(a.standard_fen) if a.rate_permyriad is None else "",
                reduced=yuan_text(a.reduced_fen) if a.reduced_fen is not None else "",
                decided=a.decided_date,
                approved=a.approved_date,
                reason=a.reduction_reason,
            )
        dialog.accepted.connect(lambda: self._saved(row.member_id, f"已核定 {row.name} 的{year}年党费"))
        self.dialog = dialog
        dialog.open()
        return dialog

    def open_payment(self) -> PaymentDialog | None:
        row = self._selected_row()
        if row is None:
            return None
        today = self.ctx.today()
        owed = [m for m in row.due_months if m not in row.paid_months]
        first = owed[0] if owed else self.this_month()
        first_day = dt.date(int(first[:4]), int(first[5:]), 1)

        def save(values: dict) -> dues.Result:
            return dues.record_payment(
                self.ctx.db,
                row.member_id,
                values["first"],
                values["last"],
                values["paid_date"],
                amount=values["amount"],
                how=values["how"],
                today=today,
            )

        dialog = PaymentDialog(row.name, first_day, today, save, self)

        def done() -> None:
            result = dialog.result_value
            warnings = "；".join(result.warnings) if isinstance(result, dues.Result) else ""
            self._saved(
                row.member_id, f"已记录 {row.name} 交纳党费" + (f"。注意：{warnings}" if warnings else "")
            )

        dialog.accepted.connect(done)
        self.dialog = dialog
        dialog.open()
        return dialog

    def open_remittance(self) -> RemittanceDialog | None:
        year, today = self.year.value(), self.ctx.today()
        branch_id = read(self.ctx, require_branch).id
        paid = dues.year_totals(self.rows, year, today).paid_fen
        done_fen = sum(r.amount_fen for r in self.remittances.visible_rows())
        suggested = yuan_text(max(paid - done_fen, 0)) if paid > done_fen else ""

        def save(values: dict) -> dues.Result:
            return dues.add_remittance(self.ctx.db, branch_id, **values, today=today)

        dialog = RemittanceDialog(year, today, suggested, save, self)
        dialog.accepted.connect(lambda: self._saved(None, "已记录上缴党费"))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _saved(self, member_id: int | None, text: str) -> None:
        self.refresh()
        if member_id is not None:
            self.select_member(member_id)
        self.show_status(text)

    # --- printing, off the GUI thread -----------------------------------------------------------
    def print_document(self, which: str, path: Path | None = None) -> None:
        year, today, ctx = self.year.value(), self.ctx.today(), self.ctx
        member_id = self.selected_member_id() if which == "form" else None
        if which == "form" and member_id is None:
            self.show_status("请先选中要打印审批表的党员", ERROR_STYLE)
            return
        names = {
            "publicity": f"党费收缴公示表_{year}.pdf",
            "book": f"党费收缴登记簿_{year}.pdf",
            "form": f"少交免交党费审批表_{year}.pdf",
        }
        if path is None:
            chosen, _filter = QFileDialog.getSaveFileName(self, "保存 PDF", names[which], "PDF 文件 (*.pdf)")
            if not chosen:
                return
            path = Path(chosen)

        def job(_progress: Progress) -> Path:
            from dangjian_desktop.documents import dues as documents

            if which == "form":
                return read(ctx, documents.dues_reduction_form_pdf, member_id, year, path)
            branch = read(ctx, require_branch)
            pdf = documents.dues_publicity_pdf if which == "publicity" else documents.dues_book_pdf
            return read(ctx, pdf, branch.id, branch.name, year, today, path)

        self.show_status("正在生成 PDF……")
        self.ctx.jobs.run(
            job,
            lambda p: self.show_status(f"已生成 {p}"),
            lambda message: self.show_status(message, ERROR_STYLE),
        )
