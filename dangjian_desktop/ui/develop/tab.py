"""The 发展党员 tab: everyone on the path by stage with the next step and its date (overdue first),
a person's timeline with warnings, statistics, and the papers to print.

Widgets never open transactions: each write is one service call (core.develop.service), and each
read asks the services for plain rows.
"""

from __future__ import annotations

from html import escape as esc
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from dangjian_desktop.core.branch import require_branch
from dangjian_desktop.core.dates import format_cn
from dangjian_desktop.core.develop import queries, service
from dangjian_desktop.core.develop.stats import develop_stats
from dangjian_desktop.core.errors import UserError
from dangjian_desktop.core.opening_reminders import develop_due_lines
from dangjian_desktop.core.roster import party_groups
from dangjian_desktop.ui.context import AppContext
from dangjian_desktop.ui.develop.dialogs import PersonDialog, StepDialog
from dangjian_desktop.ui.develop.table_model import PathTableModel
from dangjian_desktop.ui.ops import read
from dangjian_desktop.ui.reminders import ReminderNote, develop_note


class DevelopTab(QWidget):
    title = "发展党员"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("develop_tab")
        self.model = PathTableModel(ctx.today)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.table.selectionModel().selectionChanged.connect(self._show_selected)
        self.table.doubleClicked.connect(lambda _i: self.record_step())
        self.timeline = QTextBrowser()
        self.stats = QLabel()
        self.stats.setWordWrap(True)
        self.show_all = QCheckBox("显示已转正和已终止的")
        self.show_all.toggled.connect(self.refresh)

        self.add_button = QPushButton("登记入党申请…")
        self.add_button.clicked.connect(self.add_person)
        self.step_button = QPushButton("记录步骤…")
        self.step_button.clicked.connect(self.record_step)
        self.edit_button = QPushButton("修改信息…")
        self.edit_button.clicked.connect(self.edit_person)
        self.undo_button = QPushButton("撤销上一步记录…")
        self.undo_button.clicked.connect(lambda: self.undo_last_step())
        self.print_buttons = {
            "纪实表": QPushButton("打印纪实表…"),
            "考察登记表": QPushButton("积极分子考察登记表…"),
            "公示": QPushButton("打印公示…"),
            "决议": QPushButton("支部大会决议…"),
            "名单": QPushButton("各阶段名单…"),
        }
        for kind, button in self.print_buttons.items():
            button.clicked.connect(lambda _checked=False, k=kind: self.print_document(k))

        tools = QHBoxLayout()
        for widget in (self.add_button, self.step_button, self.edit_button, self.undo_button):
            tools.addWidget(widget)
        tools.addStretch(1)
        tools.addWidget(self.show_all)
        printing = QHBoxLayout()
        for button in self.print_buttons.values():
            printing.addWidget(button)
        printing.addStretch(1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(self.timeline)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(tools)
        layout.addWidget(self.stats)
        layout.addWidget(splitter, 1)
        layout.addLayout(printing)
        self.refresh()

    # --- reading ---------------------------------------------------------------------------------
    def refresh(self) -> None:
        selected = self.selected_id()
        today = self.ctx.today()
        branch = read(self.ctx, require_branch)
        rows = read(
            self.ctx, queries.list_paths, branch.id, include_finished=self.show_all.isChecked(), today=today
        )
        stats = read(self.ctx, develop_stats, branch.id, today)
        self.model.set_rows(rows)
        since = "从未" if stats.years_since_last is None else f"{stats.years_since_last} 年"
        per_year = "、".join(f"{y}年{n}名" for y, n in list(stats.new_per_year.items())[-5:]) or "无"
        stages = "　".join(
            f"{stage} {n}"
            for stage, n in stats.by_stage.items()
            if n or stage in ("入党积极分子", "发展对象")
        )
        self.stats.setText(
            f"{stages}　｜　35岁及以下占 {stats.young_share}　｜　积极分子:发展对象 = {stats.ratio}　｜　"
            f"近年发展：{per_year}　｜　距上次发展党员：{since}"
        )
        if selected is not None:
            self.select(selected)
        self._show_selected()

    def selected_id(self) -> int | None:
        indexes = self.table.selectionModel().selectedRows()
        return self.model.row_at(indexes[0].row()).id if indexes else None

    def select(self, person_id: int) -> bool:
        position = self.model.position_of(person_id)
        if position is None:
            return False
        self.table.selectRow(position)
        return True

    def _show_selected(self) -> None:
        person_id = self.selected_id()
        if person_id is None:
            self.timeline.setHtml("<p>选中一人，这里显示其全程纪实。</p>")
            return
        from dangjian_desktop.documents.develop import step_detail

        detail = read(self.ctx, queries.person_detail, person_id)
        row, state = detail.row, detail.row.state
        parts = [f"<h3>{esc(row.name)}　{esc(row.stage)}</h3>"]
        if state.next_step:
            late = "（已逾期）" if row.overdue(self.ctx.today()) else ""
            due = f"，应于 {format_cn(state.due)} 前{late}" if state.due else ""
            parts.append(f"<p>下一步：<b>{esc(state.next_step)}</b>{esc(due)}</p>")
        if state.warnings:
            items = "".join(f"<li>{esc(w)}</li>" for w in state.warnings)
            parts.append(f"<p style='color:#b00020'>提示：</p><ul style='color:#b00020'>{items}</ul>")
        items = "".join(
            f"<li><b>{esc(format_cn(s.date))}</b>　{esc(s.step)}　{esc(step_detail(s))}</li>"
            for s in detail.steps
        )
        parts.append(f"<ol>{items}</ol>")
        self.timeline.setHtml("".join(parts))

    def timeline_text(self) -> str:
        return self.timeline.toPlainText()

    # --- writing: one service call each ----------------------------------------------------------
    def add_person(self) -> PersonDialog:
        branch_id = read(self.ctx, require_branch).id
        groups = read(self.ctx, party_groups)
        saved: list[int] = []

        def save(draft: object) -> None:  # a refusal (UserError) shows in the form
            saved.append(service.add_person(self.ctx.db, branch_id, draft, today=self.ctx.today()))  # type: ignore[arg-type]

        dialog = PersonDialog(save, self.ctx.today(), groups, self)
        dialog.finished.connect(lambda _r: self._after_save(saved[-1] if saved else None, ()))
        dialog.open()
        self.person_dialog = dialog
        return dialog

    def edit_person(self) -> PersonDialog | None:
        person_id = self.selected_id()
        if person_id is None:
            QMessageBox.information(self, "修改信息", "请先在名单中选中一人")
            return None
        initial = read(self.ctx, queries.person_draft, person_id)
        groups = read(self.ctx, party_groups)

        def save(draft: object) -> None:
            service.update_person(self.ctx.db, person_id, draft, today=self.ctx.today())  # type: ignore[arg-type]

        dialog = PersonDialog(save, self.ctx.today(), groups, self, initial)  # type: ignore[arg-type]
        dialog.finished.connect(lambda _r: self._after_save(person_id, ()))
        dialog.open()
        self.person_dialog = dialog
        return dialog

    def undo_last_step(self, *, confirm: bool = True) -> str | None:
        """删除误录: the latest entered step of the selected person, after asking."""
        person_id = self.selected_id()
        if person_id is None:
            return None
        if confirm:
            answer = QMessageBox.question(self, "撤销上一步记录", "撤销此人最近录入的一个步骤吗？")
            if answer != QMessageBox.StandardButton.Yes:
                return None
        try:
            text = service.undo_last_step(self.ctx.db, person_id)
        except UserError as exc:
            QMessageBox.warning(self, "不能撤销", str(exc))
            return None
        self._after_save(person_id, ())
        return text

    def record_step(self) -> StepDialog | None:
        person_id = self.selected_id()
        if person_id is None:
            QMessageBox.information(self, "记录步骤", "请先在名单中选中一人")
            return None
        row = self.model.row_at(self.model.position_of(person_id) or 0)
        results: list[service.StepResult] = []

        def save(draft: object) -> None:
            results.append(service.record_step(self.ctx.db, person_id, draft, today=self.ctx.today()))  # type: ignore[arg-type]

        branch_id = row.branch_id

        def entitled(day: object) -> int:
            return read(self.ctx, queries.entitled_on, branch_id, day)

        dialog = StepDialog(save, self.ctx.today(), row.name, row.state.next_step, self, entitled=entitled)
        dialog.finished.connect(lambda _r: self._after_step(person_id, results))
        dialog.open()
        self.step_dialog = dialog
        return dialog

    def _after_step(self, person_id: int, results: list[service.StepResult]) -> None:
        if not results:
            return
        result = results[-1]
        messages = []
        if result.vote is not None and not result.vote.passed:
            messages.append(f"表决未通过：{result.vote.reason()}。已记录，阶段不变。")
        messages += result.warnings
        self._after_save(person_id, messages)

    def _after_save(self, person_id: int | None, messages: tuple | list) -> None:
        self.refresh()
        if person_id is not None:
            self.select(person_id)
        if messages:
            self.last_message = QMessageBox(
                QMessageBox.Icon.Warning, "请注意", "\n".join(messages), parent=self
            )
            self.last_message.open()

    # --- printing --------------------------------------------------------------------------------
    def print_document(self, kind: str, path: Path | None = None) -> Path | None:
        from dangjian_desktop.documents import develop as documents

        person_id = self.selected_id()
        if kind != "名单" and person_id is None:
            QMessageBox.information(self, "打印", "请先在名单中选中一人")
            return None
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(self, "保存为 PDF", f"{kind}.pdf", "PDF (*.pdf)")
            if not chosen:
                return None
            path = Path(chosen)
        today = self.ctx.today()
        try:
            if kind == "名单":
                read(self.ctx, documents.stage_list_pdf, read(self.ctx, require_branch).id, path, today=today)
            elif kind == "纪实表":
                read(self.ctx, documents.record_pdf, person_id, path)
            elif kind == "考察登记表":
                read(self.ctx, documents.activist_register_pdf, person_id, path)
            elif kind == "公示":
                read(self.ctx, documents.publicity_pdf, person_id, path, today=today)
            else:
                read(self.ctx, documents.resolution_pdf, person_id, path)
        except UserError as exc:
            QMessageBox.warning(self, "无法打印", str(exc))
            return None
        return path

    # --- the opening reminder ----------------------------------------------------------------------
    def _due_lines(self) -> list[str]:
        """Steps due in the next days (谈话, 考察, 转正, 审批) and the overdue ones: heading, then one a line."""
        return read(self.ctx, develop_due_lines, self.ctx.today())

    def opening_note(self) -> ReminderNote | None:
        """The steps due soon, in the words of the window's reminders at start."""
        words = develop_note(self._due_lines())
        return None if words is None else ReminderNote.of(words)

    def opening_reminder(self) -> QMessageBox | None:
        """The steps due soon in a box of their own."""
        lines = self._due_lines()
        if not lines:
            return None
        box = QMessageBox(QMessageBox.Icon.Information, "发展党员到期事项", "\n".join(lines), parent=self)
        box.open()
        self.reminder_box = box
        return box
