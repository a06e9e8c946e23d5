"""The 组织关系 tab: 组织关系转接, 流动党员 and 失联党员, a page each.

Rows come from core/transfers.py and core/mobile.py through the shared RowsModel; every action is a
form (ui/transfers/dialogs.py) whose values go to ONE service call through ui/ops.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from dangjian_desktop.core import mobile
from dangjian_desktop.core import transfers as tr
from dangjian_desktop.core.dates import format_cn
from dangjian_desktop.core.db import Database
from dangjian_desktop.core.opening_reminders import transfer_notes
from dangjian_desktop.core.roster import list_members
from dangjian_desktop.ui.context import AppContext
from dangjian_desktop.ui.ops import Change, follow_changes, read, write
from dangjian_desktop.ui.printing import offer_print
from dangjian_desktop.ui.reminders import ReminderNote, transfers_note
from dangjian_desktop.ui.table_models import Column, RowsModel, red_when
from dangjian_desktop.ui.transfers.dialogs import Field, FormDialog


def _d(day: dt.date | None) -> str:
    return format_cn(day) if day else ""


TRANSFER_COLUMNS: tuple[Column[tr.TransferRow], ...] = (
    Column("编号", lambda r: r.number),
    Column("姓名", lambda r: r.name),
    Column("方向", lambda r: r.direction),
    Column("转往 / 转自", lambda r: r.other_org),
    Column("开具日期", lambda r: _d(r.issued), sort_key=lambda r: r.issued),
    Column(
        "有效期至",
        lambda r: _d(r.valid_until) if r.direction == tr.OUT else "",
        sort_key=lambda r: r.valid_until,
    ),
    Column("状态", lambda r: r.state, colour=red_when(lambda r: r.state == tr.OVERDUE)),
    Column("办结", lambda r: _d(r.done) + ("（网上办理）" if r.online else ""), sort_key=lambda r: r.done),
)
MOBILE_COLUMNS: tuple[Column[mobile.MobileRow], ...] = (
    Column("姓名", lambda r: r.name),
    Column("外出日期", lambda r: _d(r.left_date), sort_key=lambda r: r.left_date),
    Column("外出地点", lambda r: r.place),
    Column("原因", lambda r: r.reason),
    Column("外出期间电话", lambda r: r.phone_there),
    Column("流入地党组织", lambda r: r.host_org),
    Column("联系人", lambda r: r.contact_person),
    Column("最近联系", lambda r: _d(r.last_contact) or "无记录", sort_key=lambda r: r.last_contact),
)
INBOUND_COLUMNS: tuple[Column[mobile.InboundRow], ...] = (
    Column("流入党员", lambda r: r.name),
    Column("流入日期", lambda r: _d(r.arrived), sort_key=lambda r: r.arrived),
    Column("所在党组织（流出地）", lambda r: r.home_org),
    Column("在本村的单位或住处", lambda r: r.work),
    Column("联系电话", lambda r: r.phone),
)
LOST_COLUMNS: tuple[Column[mobile.LostRow], ...] = (
    Column("姓名", lambda r: r.name),
    Column(
        "最近联系", lambda r: _d(r.last_contact) or f"无记录（{_d(r.since)}录入）", sort_key=lambda r: r.since
    ),
    Column("未联系", lambda r: f"{r.months} 个月", sort_key=lambda r: r.months),
    Column(
        "状态",
        lambda r: "已确认失联" if r.confirmed else "疑似失联（待支部确认）",
        colour=red_when(lambda r: not r.confirmed),
    ),
)


def _table(model: RowsModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setSortingEnabled(True)
    view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    return view


def _page(view: QTableView, buttons: list[QPushButton], hint: str) -> QWidget:
    page = QWidget()
    layout = QVBoxLayout(page)
    row = QHBoxLayout()
    for button in buttons:
        row.addWidget(button)
    row.addStretch()
    layout.addLayout(row)
    note = QLabel(hint)
    note.setWordWrap(True)
    layout.addWidget(note)
    layout.addWidget(view, 1)
    return page


class TransfersTab(QWidget):
    title = "组织关系"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("transfersTab")
        self.transfer_model: RowsModel[tr.TransferRow] = RowsModel(TRANSFER_COLUMNS, row_id=lambda r: r.id)
        self.mobile_model: RowsModel[mobile.MobileRow] = RowsModel(
            MOBILE_COLUMNS, row_id=lambda r: r.member_id
        )
        self.inbound_model: RowsModel[mobile.InboundRow] = RowsModel(INBOUND_COLUMNS, row_id=lambda r: r.id)
        self.inbound_view = _table(self.inbound_model)
        self.lost_model: RowsModel[mobile.LostRow] = RowsModel(LOST_COLUMNS, row_id=lambda r: r.member_id)
        self.transfer_view = _table(self.transfer_model)
        self.mobile_view = _table(self.mobile_model)
        self.lost_view = _table(self.lost_model)

        self.out_button = QPushButton("开具介绍信…")
        self.done_button = QPushButton("回执已收回 / 网上办结…")
        self.cancel_button = QPushButton("撤销介绍信")
        self.letter_button = QPushButton("打印介绍信")
        self.go_button = QPushButton("登记外出…")
        self.back_button = QPushButton("登记返回…")
        self.contact_button = QPushButton("记录联系…")
        self.mobile_print_button = QPushButton("打印流动党员花名册")
        self.inbound_button = QPushButton("登记流入党员…")
        self.search_button = QPushButton("记录查找…")
        self.confirm_button = QPushButton("确认失联 / 取消")
        self.tabs = QTabWidget()
        self.tabs.addTab(
            _page(
                self.transfer_view,
                [self.out_button, self.done_button, self.cancel_button, self.letter_button],
                "开具介绍信后，党员仍在册（转出中），收回回执或网上办结后才转出。",
            ),
            "组织关系转接",
        )
        mobile_page = _page(
            self.mobile_view,
            [
                self.go_button,
                self.back_button,
                self.contact_button,
                self.inbound_button,
                self.mobile_print_button,
            ],
            "流动不流失，离乡不离党：外出党员的去向、流入地党组织和每次联系；下表是在本村的外地党员。",
        )
        mobile_page.layout().addWidget(self.inbound_view, 1)
        self.tabs.addTab(mobile_page, "流动党员")
        self.tabs.addTab(
            _page(
                self.lost_view,
                [self.search_button, self.confirm_button],
                "6个月以上没有联系（参会、交党费、联系记录）的党员列为疑似失联，由支部确认；程序不会自行改变党员状态。",
            ),
            "失联党员",
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)

        self.out_button.clicked.connect(self.issue_letter)
        self.done_button.clicked.connect(self.complete_selected)
        self.cancel_button.clicked.connect(self.cancel_selected)
        self.letter_button.clicked.connect(self.print_letter)
        self.go_button.clicked.connect(self.record_going_out)
        self.back_button.clicked.connect(self.record_return)
        self.contact_button.clicked.connect(lambda: self.record_contact(reached=True))
        self.search_button.clicked.connect(lambda: self.record_contact(reached=False))
        self.confirm_button.clicked.connect(self.toggle_confirmed)
        self.mobile_print_button.clicked.connect(self.print_mobile_roster)
        self.inbound_button.clicked.connect(self.register_inbound)
        follow_changes(self, ctx, Change.ROSTER | Change.MEETINGS | Change.BRANCH, self.refresh)
        self.refresh()

    # --- reading ------------------------------------------------------------------------------------
    def refresh(self) -> None:
        today = self.ctx.today()
        self.transfer_model.set_rows(read(self.ctx, lambda s: tr.list_transfers(s, today=today)))
        self.mobile_model.set_rows(read(self.ctx, mobile.members_away))
        self.inbound_model.set_rows(read(self.ctx, mobile.members_here))
        self.lost_model.set_rows(read(self.ctx, lambda s: mobile.lost_members(s, today)))

    def _selected(self, view: QTableView) -> Any:
        rows = view.selectionModel().selectedRows()
        return view.model().data(rows[0], Qt.ItemDataRole.UserRole) if rows else None

    def _need(self, view: QTableView, what: str) -> Any:
        chosen = self._selected(view)
        if chosen is None:
            QMessageBox.information(self, "请先选择", f"请先在表格中选中{what}。")
        return chosen

    def _members(self) -> dict[str, int]:
        """在册 members as "姓名（编号）" for the forms' member list."""
        rows = read(self.ctx, list_members)
        return {f"{r.name}（{r.id}）": r.id for r in rows if r.is_active}

    # --- one form, one service call ------------------------------------------------------------------
    def _form(
        self, title: str, fields: list[Field], op: Callable[[Database, dict[str, Any]], object]
    ) -> bool:
        def submit(values: dict[str, Any]) -> str | None:
            errors: list[str] = []
            write(self.ctx, self, lambda db: op(db, values), Change.ROSTER, on_error=errors.append)
            return errors[0] if errors else None

        dialog = FormDialog(self, title, fields, submit)
        dialog.setObjectName("transferForm")
        self.open_form = dialog
        return dialog.exec() == FormDialog.DialogCode.Accepted

    def issue_letter(self) -> None:
        members = self._members()
        today = self.ctx.today()
        fields = [
            Field("member", "党员", "choice", choices=tuple(members)),
            Field("to", "转往党组织", placeholder="介绍信抬头，如：中共某某街道某某社区委员会"),
            Field("date", "开具日期", "date", today),
            Field("days", "有效期（天）", "int", 30, minimum=1, maximum=90),
            Field("reason", "转出原因", placeholder="如：外出务工、升学、工作调动"),
            Field(
                "dues", "党费交到（年月）", default=f"{today.year}-{today.month:02d}", placeholder="YYYY-MM"
            ),
        ]

        def op(db: Database, v: dict[str, Any]) -> int:
            if v["member"] not in members:
                raise tr.TransferError("请选择党员")
            return tr.transfer_out(
                db,
                members[v["member"]],
                v["to"],
                v["date"],
                validity_days=v["days"],
                reason=v["reason"],
                dues_paid_through=v["dues"].strip(),
                today=today,
            )

        self._form("开具组织关系介绍信", fields, op)

    def complete_selected(self) -> None:
        transfer_id = self._need(self.transfer_view, "一封介绍信")
        if transfer_id is None:
            return
        today = self.ctx.today()
        fields = [Field("date", "办结日期", "date", today), Field("online", "已通过网上办理", "bool", False)]
        self._form(
            "组织关系转接办结",
            fields,
            lambda db, v: tr.complete_transfer(db, transfer_id, v["date"], online=v["online"], today=today),
        )

    def cancel_selected(self) -> None:
        transfer_id = self._need(self.transfer_view, "一封介绍信")
        if transfer_id is None:
            return
        answer = QMessageBox.question(self, "撤销介绍信", "撤销这封介绍信？党员仍在本支部在册。")
        if answer == QMessageBox.StandardButton.Yes:
            write(
                self.ctx,
                self,
                lambda db: tr.cancel_transfer(db, transfer_id, self.ctx.today()),
                Change.ROSTER,
            )

    def record_going_out(self) -> None:
        members = self._members()
        today = self.ctx.today()
        fields = [
            Field("member", "党员", "choice", choices=tuple(members)),
            Field("date", "外出日期", "date", today),
            Field("place", "外出地点", placeholder="省、市、县及单位"),
            Field("reason", "外出原因", "choice", "务工", choices=tr.TRIP_REASONS),
            Field("phone", "外出期间电话"),
            Field("host", "流入地党组织"),
            Field("certificate", "流动党员活动证编号"),
            Field("contact", "支部联系人"),
        ]

        def op(db: Database, v: dict[str, Any]) -> int:
            if v["member"] not in members:
                raise tr.TransferError("请选择党员")
            trip = mobile.TripDraft(
                v["date"], v["place"], v["reason"], v["phone"], v["host"], v["certificate"], v["contact"]
            )
            return mobile.go_out(db, members[v["member"]], trip, today=today)

        self._form("登记外出", fields, op)

    def register_inbound(self) -> None:
        today = self.ctx.today()
        fields = [
            Field("name", "姓名"),
            Field("gender", "性别", "choice", "", choices=("", "男", "女")),
            Field("home", "所在党组织（流出地）"),
            Field("date", "流入日期", "date", today),
            Field("work", "在本村的单位或住处"),
            Field("phone", "联系电话"),
            Field("certificate", "流动党员活动证编号"),
        ]

        def op(db: Database, v: dict[str, Any]) -> int:
            draft = mobile.InboundDraft(
                v["name"], v["home"], v["date"], v["gender"], v["phone"], v["work"], v["certificate"]
            )
            return mobile.register_inbound(db, draft, today=today)

        self._form("登记流入党员", fields, op)

    def record_return(self) -> None:
        member_id = self._need(self.mobile_view, "一名外出党员")
        if member_id is None:
            return
        fields = [
            Field("date", "返回日期", "date", self.ctx.today()),
            Field("report", "外出期间情况", "long"),
        ]
        self._form("登记返回", fields, lambda db, v: mobile.come_back(db, member_id, v["date"], v["report"]))

    def record_contact(self, *, reached: bool) -> None:
        view = self.mobile_view if reached else self.lost_view
        member_id = self._need(view, "一名党员")
        if member_id is None:
            return
        fields = [
            Field("date", "日期", "date", self.ctx.today()),
            Field("how", "方式", "choice", "电话", choices=("电话", "微信", "走访", "函询", "其他")),
            Field("by", "联系人"),
            Field("content", "情况" if reached else "查找结果", "long"),
        ]
        if not reached:
            fields.append(Field("cause", "失联原因", "choice", tr.LOST_CAUSES[0], choices=tr.LOST_CAUSES))
            fields.append(Field("reached", "已联系上", "bool", False))

        def op(db: Database, v: dict[str, Any]) -> int:
            return mobile.log_contact(
                db,
                member_id,
                v["date"],
                how=v["how"],
                by=v["by"],
                content=v["content"],
                reached=v.get("reached", reached),
                cause=v.get("cause", ""),
            )

        self._form("记录联系" if reached else "记录查找", fields, op)

    def toggle_confirmed(self) -> None:
        member_id = self._need(self.lost_view, "一名党员")
        if member_id is None:
            return
        row = next(r for r in self.lost_model.all_rows() if r.member_id == member_id)
        write(self.ctx, self, lambda db: mobile.confirm_lost(db, member_id, not row.confirmed), Change.ROSTER)

    # --- the opening reminder ----------------------------------------------------------------------
    def _notes(self) -> list[str]:
        return read(self.ctx, transfer_notes, self.ctx.today())

    def opening_note(self) -> ReminderNote | None:
        """In the words of the window's reminders at start, and only when there is something to say."""
        words = transfers_note(self._notes())
        return None if words is None else ReminderNote.of(words)

    def opening_reminder(self) -> QMessageBox | None:
        """The same in a box of its own."""
        notes = self._notes()
        if not notes:
            return None
        box = QMessageBox(QMessageBox.Icon.Information, "组织关系提醒", "\n".join(notes), parent=self)
        box.open()
        self.reminder_box = box
        return box

    # --- printing ---------------------------------------------------------------------------------------
    def print_letter(self) -> None:
        from dangjian_desktop.documents.transfers import letter_pdf

        transfer_id = self._need(self.transfer_view, "一封介绍信")
        if transfer_id is not None:
            db = self.ctx.db
            self.print_dialog = offer_print(
                self, self.ctx, "组织关系介绍信", lambda out: letter_pdf(db, transfer_id, out)
            )

    def print_mobile_roster(self) -> None:
        from dangjian_desktop.documents.transfers import mobile_roster_pdf

        db, today = self.ctx.db, self.ctx.today()
        self.print_dialog = offer_print(
            self, self.ctx, "流动党员花名册", lambda out: mobile_roster_pdf(db, out, today)
        )
