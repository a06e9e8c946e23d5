"""The 会议记录 tab: the list of meetings, the compliance calendar for a year, attendance rates."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from dangjian_desktop.core import meetings as m
from dangjian_desktop.core.branch import require_branch
from dangjian_desktop.core.models import Meeting
from dangjian_desktop.core.services import meetings as meetings_service
from dangjian_desktop.core.versions import version_of
from dangjian_desktop.ui.context import AppContext
from dangjian_desktop.ui.meetings.dialog import MeetingDialog
from dangjian_desktop.ui.meetings.table_model import (
    KIND_RATE_COLUMNS,
    MEMBER_RATE_COLUMNS,
    ComplianceModel,
    RowsModel,
    meeting_model,
)
from dangjian_desktop.ui.ops import MEMBER_VIEWS, Change, attempt, follow_changes, read, write
from dangjian_desktop.ui.printing import offer_print
from dangjian_desktop.ui.widgets import dialog_buttons

ALL = "全部"


class FrequencyDialog(QDialog):
    """How often each kind is required: local rules differ (党课 in particular). Returns the choices."""

    def __init__(self, current: dict[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("会议召开频次")
        self.combos: dict[str, QComboBox] = {}
        form = QFormLayout(self)
        form.addRow(QLabel("按本地规定设置各类会议的召开频次，按期召开情况随之计算。"))
        for kind in m.KINDS:
            combo = QComboBox()
            combo.addItems(list(m.FREQUENCIES))
            combo.setCurrentText(current.get(kind, m.NOT_REQUIRED))
            self.combos[kind] = combo
            form.addRow(kind, combo)
        form.addRow(dialog_buttons(self))

    def values(self) -> dict[str, str]:
        return {kind: combo.currentText() for kind, combo in self.combos.items()}


class ComplianceCalendar(QWidget):
    """Kinds down, months across; missing periods red and counted in the last column and the summary."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ComplianceModel()
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.view.verticalHeader().setDefaultSectionSize(34)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.legend = QLabel(
            "√ 已召开　<span style='background:#f4b4b4'>&nbsp;缺&nbsp;</span> 应开未开　"
            "<span style='background:#fff1bf'>&nbsp;进行中&nbsp;</span> 本期尚未结束　"
            "党小组会一栏为“已开会的党小组数/党小组数”"
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.legend)

    def set_compliance(self, compliance: m.Compliance) -> None:
        self.view.clearSpans()
        self.model.set_compliance(compliance)
        for row, column, width in self.model.spans():
            self.view.setSpan(row, column, 1, width)
        missing = compliance.missing
        if missing:
            counts = "；".join(f"{k} {n} 期" for k, n in compliance.missing_by_kind().items() if n)
            self.summary.setText(
                f"<b>{compliance.year}年</b>　<span style='color:#c00000'><b>应开未开 {len(missing)} 期</b></span>："
                f"{counts}"
            )
        else:
            self.summary.setText(f"<b>{compliance.year}年</b>　到期的各类会议均已召开。")

    def missing_count(self) -> int:
        return len(self.model.compliance.missing) if self.model.compliance else 0


class MeetingsTab(QWidget):
    title = "会议记录"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("meetings_tab")
        self.branch_id: int | None = None

        self.year = QComboBox()
        self.month = QComboBox()
        self.month.addItem(ALL, None)
        for month in range(1, 13):
            self.month.addItem(f"{month}月", month)
        self.kind = QComboBox()
        self.kind.addItem(ALL, None)
        for kind in m.KINDS:
            self.kind.addItem(kind, kind)
        self.new_button = QPushButton("新建记录")
        self.edit_button = QPushButton("修改")
        self.delete_button = QPushButton("删除")
        self.print_button = QPushButton("打印记录…")
        self.archive_button = QPushButton("打印年度汇编…")
        self.frequency_button = QPushButton("召开频次…")
        self.frequency_button.clicked.connect(self.edit_frequencies)
        self.new_button.clicked.connect(self.new_meeting)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.print_button.clicked.connect(self.print_listed)
        self.archive_button.clicked.connect(self.print_archive)

        filters = QHBoxLayout()
        for label, widget in (("年份", self.year), ("月份", self.month), ("类型", self.kind)):
            filters.addWidget(QLabel(label))
            filters.addWidget(widget)
        filters.addStretch(1)
        filters.addWidget(self.frequency_button)
        # Actions on a row of their own: beside the filters they need 1,330 px at the largest font.
        actions = QHBoxLayout()
        for button in (self.new_button, self.edit_button, self.delete_button):
            actions.addWidget(button)
        actions.addStretch(1)
        for button in (self.print_button, self.archive_button):
            actions.addWidget(button)

        self.model = meeting_model()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the order the service gives
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        self.count_label = QLabel()
        list_page = QWidget()
        list_layout = QVBoxLayout(list_page)
        list_layout.setContentsMargins(0, 0, 0, 0)
        list_layout.addWidget(self.table, 1)
        list_layout.addWidget(self.count_label)

        self.calendar = ComplianceCalendar()

        self.member_rates: RowsModel = RowsModel(MEMBER_RATE_COLUMNS)
        self.kind_rates: RowsModel = RowsModel(KIND_RATE_COLUMNS)
        rates_page = QSplitter(Qt.Orientation.Horizontal)
        for model in (self.kind_rates, self.member_rates):
            view = QTableView()
            view.setModel(model)
            view.setSortingEnabled(True)
            view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
            view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
            rates_page.addWidget(view)

        self.pages = QTabWidget()
        self.pages.addTab(list_page, "会议列表")
        self.pages.addTab(self.calendar, "按期召开情况")
        self.pages.addTab(rates_page, "出席率")

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(actions)
        layout.addWidget(self.pages, 1)

        self.year.currentIndexChanged.connect(lambda _i: self.refresh())
        self.month.currentIndexChanged.connect(lambda _i: self.refresh_list())
        self.kind.currentIndexChanged.connect(lambda _i: self.refresh_list())
        follow_changes(self, ctx, MEMBER_VIEWS | Change.MEETINGS, self.refresh)
        self.refresh()

    # --- loading ---------------------------------------------------------------------------------
    def selected_year(self) -> int:
        year = self.year.currentData()
        return int(year) if year is not None else self.ctx.today().year

    def _fill_years(self, years: list[int]) -> None:
        current = self.year.currentData()
        wanted = sorted(set(years) | {self.ctx.today().year}, reverse=True)
        if [self.year.itemData(i) for i in range(self.year.count())] == wanted:
            return
        self.year.blockSignals(True)
        self.year.clear()
        for year in wanted:
            self.year.addItem(f"{year}年", year)
        self.year.setCurrentIndex(max(self.year.findData(current if current is not None else wanted[0]), 0))
        self.year.blockSignals(False)

    def refresh(self) -> None:
        """Everything for the selected year: the list, the calendar and the rates."""
        branch = read(self.ctx, require_branch)
        self.branch_id = branch.id
        self._fill_years(read(self.ctx, m.meeting_years, branch.id))
        year = self.selected_year()
        compliance = read(self.ctx, m.compliance, branch.id, year, today=self.ctx.today())
        members, kinds = read(self.ctx, m.attendance_rates, branch.id, year)
        self.calendar.set_compliance(compliance)
        self.member_rates.set_rows(members)
        self.kind_rates.set_rows(kinds)
        self.refresh_list()

    def refresh_list(self) -> None:
        if self.branch_id is None:
            return
        rows = read(
            self.ctx,
            m.list_meetings,
            self.branch_id,
            year=self.selected_year(),
            month=self.month.currentData(),
            kind=self.kind.currentData(),
        )
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        self.count_label.setText(f"共 {len(rows)} 次会议")

    def selected_row(self) -> m.MeetingRow | None:
        indexes = self.table.selectionModel().selectedRows()
        return self.model.rows[indexes[0].row()] if indexes else None

    # --- writing ---------------------------------------------------------------------------------
    def open_dialog(self, detail: m.MeetingDetail | None = None) -> MeetingDialog:
        """Not yet shown: the caller (or a test) fills it, then calls save_dialog."""
        assert self.branch_id is not None
        dialog = MeetingDialog(self.ctx, self.branch_id, detail, self)
        # the record's version when opened: a save over another clerk's is asked about (core/versions)
        dialog.version = read(self.ctx, version_of, Meeting, detail.id) if detail is not None else None
        return dialog

    def save_dialog(self, dialog: MeetingDialog) -> int | None:
        """Persist what an accepted dialog holds; one transaction; the list and calendar follow."""
        if dialog.result() != QDialog.DialogCode.Accepted:
            return None
        draft, meeting_id = dialog.draft(), dialog.detail.id if dialog.detail else None
        today = self.ctx.today()
        result = write(
            self.ctx,
            self,
            lambda db: meetings_service.save_meeting(
                db, dialog.branch_id, meeting_id, draft, today=today, version=dialog.version
            ),
            Change.MEETINGS,
            title="会议记录",
        )
        if result is None:
            return None
        dialog.saved()
        self._select(result.meeting_id)
        return result.meeting_id

    def _select(self, meeting_id: int) -> None:
        for row, meeting in enumerate(self.model.rows):
            if meeting.id == meeting_id:
                self.table.selectRow(row)
                return

    def new_meeting(self) -> None:
        dialog = self.open_dialog()
        dialog.exec()
        self.save_dialog(dialog)

    def edit_selected(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        detail = read(self.ctx, m.meeting_detail, row.id)
        dialog = self.open_dialog(detail)
        dialog.exec()
        self.save_dialog(dialog)

    def delete_selected(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        answer = QMessageBox.question(
            self, "删除会议记录", f"删除 {row.date.isoformat()} 的“{row.kind_label}”记录？"
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        attempt(self.ctx, self, lambda db: meetings_service.delete_meeting(db, row.id), Change.MEETINGS)

    def frequency_dialog(self) -> FrequencyDialog:
        current = read(self.ctx, m.frequencies)
        return FrequencyDialog(current, self)

    def save_frequencies(self, values: dict[str, str]) -> None:
        attempt(self.ctx, self, lambda db: meetings_service.set_frequencies(db, values), Change.MEETINGS)

    def edit_frequencies(self) -> None:
        dialog = self.frequency_dialog()
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.save_frequencies(dialog.values())

    # --- printing (off the GUI thread) -------------------------------------------------------------
    def print_listed(self) -> None:
        """The meetings the list shows now (the filters choose them), one 记录本 page each."""
        ids = [r.id for r in self.model.rows]
        if not ids:
            QMessageBox.information(self, "打印", "列表中没有会议记录")
            return
        title = f"{self.selected_year()}年会议记录"
        offer_print(self, self.ctx, title, lambda out: self._print_minutes(ids, title, out))

    def print_archive(self) -> None:
        year = self.selected_year()
        offer_print(self, self.ctx, f"{year}年会议记录汇编", lambda out: self._print_archive(year, out))

    # the two below run on the job thread: no widget is touched there
    def _print_minutes(self, ids: list[int], title: str, out: Path) -> Path:
        from dangjian_desktop.documents.common import on
        from dangjian_desktop.documents.meetings import minutes_pdf

        today = self.ctx.today()
        return on(self.ctx.db, lambda s: minutes_pdf(s, ids, title, today, out))

    def _print_archive(self, year: int, out: Path) -> Path:
        from dangjian_desktop.documents.common import on
        from dangjian_desktop.documents.meetings import archive_pdf

        today = self.ctx.today()
        return on(self.ctx.db, lambda s: archive_pdf(s, year, today, out))
