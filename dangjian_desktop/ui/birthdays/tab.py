"""The 政治生日 tab: the reminder banner, a month view with the 6+X record, upcoming birthdays,
what is missing this year, the 光荣在党50年 list, members without a 入党日期, and the settings.

The tab asks core/birthdays for plain rows and shows them through RowsModel; writes are service calls,
one transaction each; printing runs off the GUI thread through ctx.jobs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from dangjian_desktop.core import birthdays as bd
from dangjian_desktop.core.branch import current_branch
from dangjian_desktop.core.services import birthdays as service
from dangjian_desktop.ui.birthdays.record import MarkMonthDialog, RecordPanel
from dangjian_desktop.ui.birthdays.reminder import (
    ReminderBanner,
    ReminderDialog,
    load_reminder,
    open_reminder,
)
from dangjian_desktop.ui.birthdays.table_model import (
    BIRTHDAY_COLUMNS,
    MEDAL_COLUMNS,
    MISSING_DATE_COLUMNS,
    MISSING_RECORD_COLUMNS,
    RowsModel,
    record_columns,
)
from dangjian_desktop.ui.context import AppContext
from dangjian_desktop.ui.editing import may_leave
from dangjian_desktop.ui.ops import MEMBER_VIEWS, Change, attempt, follow_changes, read, write
from dangjian_desktop.ui.reminders import ReminderNote, birthday_note
from dangjian_desktop.ui.widgets import scrolling


def _table(model: RowsModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setSortingEnabled(True)
    view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the order the service gives until clicked
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    view.verticalHeader().setDefaultSectionSize(24)
    return view


class BirthdaysTab(QWidget):
    title = "政治生日"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("birthdaysTab")
        self.branch_id: int | None = None
        self.x_items: list[str] = []
        self.last_pdf: Path | None = None
        # what shows this tab's reminder: its own dialog, or its note in the window's reminders at start
        self.reminder_dialog: ReminderDialog | ReminderNote | None = None
        today = ctx.today()

        self.banner = ReminderBanner()
        self.error = QLabel()
        self.error.setStyleSheet("color: #c0392b;")
        self.error.setWordWrap(True)
        self.error.hide()
        self.status = QLabel()

        # --- 按月查看 ---
        self.year = QSpinBox()
        self.year.setRange(1950, 2200)
        self.year.setValue(today.year)
        self.year.setSuffix(" 年")
        self.month = QComboBox()
        self.month.addItems([f"{m}月" for m in range(1, 13)])
        self.month.setCurrentIndex(today.month - 1)
        self.mark_button = QPushButton("本月集体完成…")
        self.mark_button.setToolTip("主题党日集体过政治生日：一次为本月所有人记下共同完成的项目")
        self.print_month_button = QPushButton("打印本月贺卡")
        self.print_selected_button = QPushButton("打印选中党员贺卡")
        self.summary = QLabel()
        controls = QHBoxLayout()
        for widget in (
            QLabel("月份："),
            self.year,
            self.month,
            self.mark_button,
            self.print_month_button,
            self.print_selected_button,
        ):
            controls.addWidget(widget)
        controls.addStretch()
        self.month_model: RowsModel[bd.RecordRow] = RowsModel(record_columns())
        self.month_view = _table(self.month_model)
        self.month_view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.panel = RecordPanel()
        splitter = self.splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.month_view)
        splitter.addWidget(self.panel)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        month_page = QWidget()
        month_box = QVBoxLayout(month_page)
        month_box.addLayout(controls)
        month_box.addWidget(self.summary)
        month_box.addWidget(splitter, 1)

        # --- the lists ---
        self.upcoming_model: RowsModel[bd.BirthdayRow] = RowsModel(BIRTHDAY_COLUMNS)
        self.missing_model: RowsModel[bd.RecordRow] = RowsModel(MISSING_RECORD_COLUMNS)
        self.medal_model: RowsModel[bd.MedalRow] = RowsModel(MEDAL_COLUMNS)
        self.no_date_model: RowsModel[bd.MissingDateRow] = RowsModel(MISSING_DATE_COLUMNS)
        self.upcoming_view = _table(self.upcoming_model)
        self.missing_view = _table(self.missing_model)
        self.medal_view = _table(self.medal_model)
        self.no_date_view = _table(self.no_date_model)
        self.medal_note = QLabel(
            "党龄从转正日期（预备期满）算起。名单为今明两年党龄满50年、仍在册的党员，供七一前申报"
            "“光荣在党50年”纪念章；缺转正日期的按入党满一年估算，请核对档案。"
        )
        self.medal_note.setWordWrap(True)

        self.views = QTabWidget()
        self.views.addTab(month_page, "按月查看")
        self.views.addTab(self.upcoming_view, "近期政治生日")
        self.views.addTab(self.missing_view, "今年尚缺")
        self.views.addTab(self._with_note(self.medal_note, self.medal_view), "光荣在党50年")
        self.views.addTab(self.no_date_view, "缺入党日期")
        self.views.addTab(self._settings_page(), "设置")

        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.error)
        layout.addWidget(self.views, 1)
        layout.addWidget(self.status)

        self._period = (self.year.value(), self.month.currentIndex())
        self.year.valueChanged.connect(lambda _v: self._period_changed())
        self.month.currentIndexChanged.connect(lambda _i: self._period_changed())
        self.month_view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.panel.save_requested.connect(self.save_record)
        self.missing_view.doubleClicked.connect(
            lambda index: self.open_record(self.missing_model.row_at(index.row()).birthday)
        )
        self.upcoming_view.doubleClicked.connect(
            lambda index: self.open_record(self.upcoming_model.row_at(index.row()))
        )
        self.missing_view.setToolTip("双击打开该党员的6+X记录")
        self.upcoming_view.setToolTip("双击打开该党员的6+X记录")
        self.mark_button.clicked.connect(self._ask_mark_month)
        self.print_month_button.clicked.connect(lambda: self._ask_and_print(self.month_rows()))
        self.print_selected_button.clicked.connect(lambda: self._ask_and_print(self.selected_rows()))
        follow_changes(self, ctx, MEMBER_VIEWS | Change.BIRTHDAYS, self.refresh)
        self.refresh()

    @staticmethod
    def _with_note(note: QLabel, view: QTableView) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        box.addWidget(note)
        box.addWidget(view, 1)
        return page

    def _settings_page(self) -> QWidget:
        self.days_edit = QSpinBox()
        self.days_edit.setRange(0, bd.MAX_WINDOW_DAYS)
        self.days_edit.setSuffix(" 天")
        self.full_date_check = QCheckBox("按转正日期计算政治生日（默认按入党日期；预备党员仍按入党日期）")
        self.x_items_edit = QLineEdit(placeholderText="用顿号分隔，如：参观学习、志愿服务、结对帮扶")
        self.message_edit = QLineEdit()
        self.per_page_edit = QComboBox()
        self.per_page_edit.addItems(["2", "4"])
        self.save_settings_button = QPushButton("保存设置")
        self.save_settings_button.clicked.connect(self.save_settings)
        form = QFormLayout()
        form.addRow("提前提醒", self.days_edit)
        form.addRow("", self.full_date_check)
        form.addRow("“X”活动", self.x_items_edit)
        form.addRow("贺卡寄语", self.message_edit)
        form.addRow("每张A4纸贺卡数", self.per_page_edit)
        form.addRow("", self.save_settings_button)
        page = QWidget()
        # scrolls instead of squeezing its fields when the window is short (18 pt on 1366x768)
        page.setLayout(scrolling(form, margins=False))
        return page

    # --- loading ---------------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Everything from the database again (the main window calls this when the tab is shown)."""
        today = self.ctx.today()
        branch = read(self.ctx, current_branch)
        self.branch_id = branch.id if branch else None
        values = read(self.ctx, bd.load_settings)
        missing = read(self.ctx, bd.missing_this_year, today, branch_id=self.branch_id)
        self.x_items = values.x_items
        self.days_edit.setValue(values.reminder_days)
        self.full_date_check.setChecked(values.count_from_full_date)
        self.x_items_edit.setText("、".join(values.x_items))
        self.message_edit.setText(values.card_message)
        self.per_page_edit.setCurrentText(str(values.cards_per_page))
        reminder = load_reminder(self.ctx)
        self.banner.set_reminder(reminder)
        self.upcoming_model.set_rows(reminder.today_rows + reminder.upcoming)
        self.medal_model.set_rows(reminder.medal)
        self.no_date_model.set_rows(reminder.missing_dates)
        self.missing_model.set_rows(missing)
        self.views.setTabText(2, f"今年尚缺（{len(missing)}）")
        self.views.setTabText(4, f"缺入党日期（{len(reminder.missing_dates)}）")
        self.month_model.set_columns(record_columns(self.x_items))
        self.load_month()

    def load_month(self) -> None:
        selected = self.panel.record.birthday.member_id if self.panel.record else None
        year, month = self.year.value(), self.month.currentIndex() + 1
        rows = read(self.ctx, bd.month_record, year, month, branch_id=self.branch_id)
        self.month_model.set_rows(rows)
        complete = sum(1 for r in rows if r.complete)
        self.summary.setText(
            f"{year}年{month}月 过政治生日 {len(rows)} 人，六项全部完成 {complete} 人，尚有缺项 {len(rows) - complete} 人。"
        )
        self.mark_button.setEnabled(bool(rows))
        self.print_month_button.setEnabled(bool(rows))
        position = next((i for i, r in enumerate(rows) if r.birthday.member_id == selected), None)
        if position is None:
            self.panel.show_record(None, year, self.x_items, self.ctx.today())
        else:
            self.select_row(position)

    def _period_changed(self) -> None:
        """Another month replaces the record being typed: ask first; 取消 puts the month back."""
        if self.panel.is_dirty() and not self.confirm_leave():
            for control, value in ((self.year, self._period[0]), (self.month, self._period[1])):
                control.blockSignals(True)
                if control is self.year:
                    self.year.setValue(value)
                else:
                    self.month.setCurrentIndex(value)
                control.blockSignals(False)
            return
        self._period = (self.year.value(), self.month.currentIndex())
        self.load_month()

    def select_row(self, position: int) -> None:
        self._set_selection(position)
        self._selection_changed()  # once, so an unsaved record is asked about once

    def _set_selection(self, position: int) -> None:
        index = self.month_model.index(position, 0)
        selection = self.month_view.selectionModel()
        selection.blockSignals(True)
        selection.select(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.NoUpdate)
        selection.blockSignals(False)
        self.month_view.viewport().update()

    def select_member(self, member_id: int) -> None:
        for position, row in enumerate(self.month_model.rows()):
            if row.birthday.member_id == member_id:
                self.select_row(position)
                return
        raise LookupError(member_id)

    def open_record(self, row: bd.BirthdayRow) -> None:
        """From a list to the member's 6+X record in the month view."""
        self.year.setValue(row.date.year)
        self.month.setCurrentIndex(row.date.month - 1)
        self.views.setCurrentIndex(0)
        self.select_member(row.member_id)

    def _selected_positions(self) -> list[int]:
        return sorted({index.row() for index in self.month_view.selectionModel().selectedRows()})

    def _selection_changed(self, *_args: object) -> None:
        if self.panel.is_dirty() and not self._selected_is_shown():
            positions = self._selected_positions()
            wanted = self.month_model.row_at(positions[0]).birthday.member_id if positions else None
            if not self.confirm_leave():
                self._reselect_shown()
                return
            if wanted is not None and not self.panel.is_dirty():
                # 保存 reloaded the month (and reselected the saved member): go where the user clicked
                shown = self.panel.record
                if shown is None or shown.birthday.member_id != wanted:
                    self.select_member(wanted)
                    return
        positions = self._selected_positions()
        record = self.month_model.row_at(positions[0]) if len(positions) == 1 else None
        self.panel.show_record(record, self.year.value(), self.x_items, self.ctx.today())
        self._give_panel_room()
        self.print_selected_button.setEnabled(bool(positions))

    def _selected_is_shown(self) -> bool:
        positions = self._selected_positions()
        shown = self.panel.record
        return (
            shown is not None
            and len(positions) == 1
            and self.month_model.row_at(positions[0]).birthday.member_id == shown.birthday.member_id
        )

    def _reselect_shown(self) -> None:
        """取消: back to the member whose record is being typed, without reloading the panel."""
        shown = self.panel.record
        if shown is None:
            return
        for position, row in enumerate(self.month_model.rows):
            if row.birthday.member_id == shown.birthday.member_id:
                self._set_selection(position)
                return

    def confirm_leave(self) -> bool:
        """Before the 6+X record being typed is replaced (another member, month, or tab): 保存 /
        不保存 / 取消. True when the tab may move on."""
        record = self.panel.record
        if record is None:
            return True
        member_id, year, edits = record.birthday.member_id, self.panel.year, self.panel.edits()
        return may_leave(
            self,
            f"{record.birthday.name}的6+X记录",
            self.panel.is_dirty(),
            lambda: self.save_record(member_id, year, edits),
        )

    def _give_panel_room(self) -> None:
        """The splitter does not re-read a child's minimum once shown: widen the record panel to what
        its item lines need (the table scrolls sideways instead)."""
        sizes = self.splitter.sizes()
        need = self.panel.minimumWidth()
        if len(sizes) == 2 and sum(sizes) > need > sizes[1]:
            self.splitter.setSizes([sum(sizes) - need, need])

    def month_rows(self) -> list[bd.BirthdayRow]:
        return [r.birthday for r in self.month_model.rows()]

    def selected_rows(self) -> list[bd.BirthdayRow]:
        return [self.month_model.row_at(p).birthday for p in self._selected_positions()]

    # --- writing ---------------------------------------------------------------------------------------
    def _fail(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def _clear_error(self) -> None:
        self.error.clear()
        self.error.hide()

    def save_record(self, member_id: int, year: int, edits: list[bd.ItemEdit]) -> bool:
        today = self.ctx.today()
        if not attempt(
            self.ctx,
            self,
            lambda db: service.save_record(db, member_id, year, edits, today=today),
            Change.BIRTHDAYS,
            on_error=self._fail,
        ):
            return False
        self._clear_error()
        self.status.setText("已保存 6+X 记录")
        return True

    def _ask_mark_month(self) -> None:
        year, month = self.year.value(), self.month.currentIndex() + 1
        dialog = MarkMonthDialog(
            year, month, self.month_model.rowCount(), self.x_items, self.ctx.today(), self
        )
        if dialog.exec() == QDialog.DialogCode.Accepted:
            items, done_date, note = dialog.values()
            self.mark_month(items, done_date, note)

    def mark_month(self, items: Sequence[str], done_date: object, note: str = "") -> int | None:
        year, month = self.year.value(), self.month.currentIndex() + 1
        branch_id, today = self.branch_id, self.ctx.today()
        count = write(
            self.ctx,
            self,
            lambda db: service.mark_month_done(
                db,
                year,
                month,
                list(items),
                done_date,
                note,
                branch_id=branch_id,
                today=today,  # type: ignore[arg-type]
            ),
            Change.BIRTHDAYS,
            on_error=self._fail,
        )
        if count is None:
            return None
        self._clear_error()
        self.status.setText(f"{year}年{month}月集体活动：新记录 {count} 项")
        return count

    def save_settings(self) -> bool:
        values = bd.BirthdaySettings(
            reminder_days=self.days_edit.value(),
            count_from_full_date=self.full_date_check.isChecked(),
            x_items=bd.split_items(self.x_items_edit.text()),
            card_message=self.message_edit.text(),
            cards_per_page=int(self.per_page_edit.currentText()),
        )
        if not attempt(
            self.ctx,
            self,
            lambda db: service.save_settings(db, values),
            Change.BIRTHDAYS,
            on_error=self._fail,
        ):
            return False
        self._clear_error()
        self.status.setText("设置已保存")
        return True

    # --- printing --------------------------------------------------------------------------------------
    def _cards_to(self, rows: list[bd.BirthdayRow]) -> Callable[[Path], Path]:
        """Writes these members' cards to a file: plain data only, so it may run off the GUI thread."""
        from dangjian_desktop.documents.birthdays import birthday_cards_pdf
        from dangjian_desktop.documents.common import on

        db = self.ctx.db
        return lambda out: on(db, lambda s: birthday_cards_pdf(s, rows, out))

    def _ask_and_print(self, rows: list[bd.BirthdayRow]) -> None:
        if not rows:
            self._fail("没有选中要打印贺卡的党员")
            return
        from dangjian_desktop.ui.printing import offer_print

        title = f"{self.year.value()}年{self.month.currentIndex() + 1}月政治生日贺卡"
        offer_print(self, self.ctx, title, self._cards_to(rows))

    def print_cards(self, rows: list[bd.BirthdayRow], out: Path) -> None:
        self.status.setText(f"正在生成 {len(rows)} 张贺卡…")
        write_to = self._cards_to(rows)
        self.ctx.jobs.run(lambda _progress: write_to(out), self._printed, self._fail)

    def _printed(self, out: Path) -> None:
        self.last_pdf = out
        self._clear_error()
        self.status.setText(f"已生成 {out}")

    # --- the opening reminder --------------------------------------------------------------------------
    def opening_note(self) -> ReminderNote | None:
        """Today's and the coming days' birthdays, in the words of the window's reminders at start."""
        words = birthday_note(load_reminder(self.ctx))
        if words is None:
            return None
        note = ReminderNote.of(words)
        note.show_requested.connect(self.show_me)
        self.take_note(note)
        return note

    def take_note(self, note: ReminderNote) -> None:
        """The note that shows this tab's reminder (the window's at start, read without this tab)."""
        self.reminder_dialog = note

    def opening_reminder(self) -> ReminderDialog | None:
        """The reminder in a dialog of its own: today's and the coming days' birthdays."""
        self.reminder_dialog = open_reminder(self.ctx, self.window())
        if self.reminder_dialog is not None:
            self.reminder_dialog.show_tab_requested.connect(self.show_me)
        return self.reminder_dialog

    def show_me(self) -> None:
        parent = self.parentWidget()
        while parent is not None and not isinstance(parent, QTabWidget):
            parent = parent.parentWidget()
        if parent is not None:
            parent.setCurrentWidget(self)
        self.views.setCurrentIndex(1)
