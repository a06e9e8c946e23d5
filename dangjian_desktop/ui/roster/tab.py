"""The 花名册 tab: search and filter the roster, add, edit, leave, photos, statistics, print."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

# Light modules only: built at start, the tab shows its rows before SQLAlchemy and the models are
# loaded (core.roster's names load their module when used; the writes are imported where they happen).
from dangjian_desktop.core import roster
from dangjian_desktop.core.member_rows import MemberLine, iter_member_lines, read_lines_by_id
from dangjian_desktop.core.roster import CATEGORIES, MemberDraft
from dangjian_desktop.core.stats import roster_stats
from dangjian_desktop.ui.context import AppContext
from dangjian_desktop.ui.ops import MEMBER_VIEWS, Change, attempt, follow_changes, read, write
from dangjian_desktop.ui.roster.detail_pane import DetailPane
from dangjian_desktop.ui.roster.stats_view import StatsView
from dangjian_desktop.ui.roster.table_model import ACTIVE, ALL, COLUMN_CHARS, LEFT, RosterTableModel
from dangjian_desktop.ui.widgets import combo, empty_page

if TYPE_CHECKING:
    from dangjian_desktop.ui.roster.member_dialog import MemberDialog
    from dangjian_desktop.ui.roster.table_model import Stored

ALL_GROUPS, ALL_CATEGORIES = "全部党小组", "全部类别"


class RosterTab(QWidget):
    title = "党员花名册"
    first_screen = 300  # members read whole at start before the rest's keys: more than a screen shows

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = RosterTableModel(today=ctx.today, read_shown=self._read_shown)

        # short enough to be read whole at the largest font; the examples are in the tooltip
        self.search = QLineEdit(placeholderText="搜索姓名、拼音、身份证号或电话")
        self.search.setToolTip("可输入姓名、拼音或拼音首字母（如 zs、zhangsan）、身份证号或电话号码")
        self.search.setMinimumWidth(
            self.search.fontMetrics().horizontalAdvance(self.search.placeholderText()) + 40
        )
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda text: self._filter(query=text))
        self.group_filter = combo([ALL_GROUPS])
        self.group_filter.currentTextChanged.connect(
            lambda text: self._filter(group="" if text == ALL_GROUPS else text)
        )
        self.category_filter = combo([ALL_CATEGORIES, *CATEGORIES])
        self.category_filter.currentTextChanged.connect(
            lambda text: self._filter(category="" if text == ALL_CATEGORIES else text)
        )
        self.status_filter = combo([ACTIVE, LEFT, ALL])
        self.status_filter.currentTextChanged.connect(lambda text: self._filter(status=text))
        self.mobile_filter = QCheckBox("只看流动党员")
        self.mobile_filter.toggled.connect(lambda on: self._filter(mobile_only=on))
        self.count_label = QLabel()

        filters = QHBoxLayout()
        filters.addWidget(self.search, 3)
        filters.addWidget(self.group_filter)
        filters.addWidget(self.category_filter)
        filters.addWidget(self.status_filter)
        filters.addWidget(self.mobile_filter)

        self.add_button = QPushButton("新增党员")
        self.edit_button = QPushButton("编辑")
        self.leave_button = QPushButton("离开名册…")
        self.restore_button = QPushButton("恢复在册")
        self.print_button = QPushButton("打印花名册")
        self.import_button = QPushButton("从Excel导入…")
        self.export_button = QPushButton("导出Excel…")
        self.import_button.clicked.connect(self.import_roster)
        self.export_button.clicked.connect(self.export_roster)
        self.add_button.clicked.connect(self.add_member)
        self.edit_button.clicked.connect(self.edit_selected)
        self.leave_button.clicked.connect(self.leave_selected)
        self.restore_button.clicked.connect(self.restore_selected)
        self.print_button.clicked.connect(self.print_dialog)
        self.actions_bar = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.leave_button, self.restore_button):
            self.actions_bar.addWidget(button)
        self.actions_bar.addStretch()
        self.actions_bar.addWidget(self.count_label)
        for button in (self.import_button, self.export_button, self.print_button):
            self.actions_bar.addWidget(button)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        # Fixed widths: ResizeToContents would measure all 50,000 rows on every reset.
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        char = self.fontMetrics().horizontalAdvance("国")
        for column, title in enumerate(self.model.titles):
            self.table.setColumnWidth(column, char * COLUMN_CHARS.get(title, 6) + 16)
        header.setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        # Right-click on a member: the rarer actions, 删除误录 among them, without widening the button row.
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        for text, slot in (
            ("编辑…", self.edit_selected),
            ("离开名册（转出、去世…）…", self.leave_selected),
            ("删除误录…", self.delete_selected),
        ):
            action = QAction(text, self.table)
            action.triggered.connect(slot)
            self.table.addAction(action)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())

        self.side = side = DetailPane()
        self.photo, self.details = side.photo, side.details
        # An empty roster says what to do next instead of showing an empty grid.
        self.empty_add = QPushButton("新增党员")
        self.empty_import = QPushButton("从Excel导入…")
        self.empty_add.clicked.connect(self.add_member)
        self.empty_import.clicked.connect(self.import_roster)
        self.empty_page = empty_page(
            "花名册里还没有党员。\n可以逐个“新增党员”，也可以把已有的 Excel 花名册“从Excel导入”。",
            self.empty_add,
            self.empty_import,
        )
        self.table_stack = QStackedWidget()
        self.table_stack.addWidget(self.table)
        self.table_stack.addWidget(self.empty_page)
        splitter = QSplitter()
        splitter.addWidget(self.table_stack)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)

        roster_page = QWidget()
        page_box = QVBoxLayout(roster_page)
        page_box.setContentsMargins(0, 0, 0, 0)
        page_box.addLayout(filters)
        page_box.addLayout(self.actions_bar)
        page_box.addWidget(splitter, 1)
        self.stats = StatsView()
        self.stats.year_end_button.clicked.connect(self.open_statistics)
        self.pages = QTabWidget()
        self.pages.addTab(roster_page, "名册")
        self.pages.addTab(self.stats, "统计")
        self.pages.currentChanged.connect(lambda i: self._update_stats() if i == 1 else None)
        box = QVBoxLayout(self)
        box.addWidget(self.pages)

        QShortcut(QKeySequence.StandardKey.New, self, activated=self.add_member)
        QShortcut(QKeySequence.StandardKey.Find, self, activated=self._focus_search)
        QShortcut(QKeySequence.StandardKey.Print, self, activated=self.print_dialog)
        self._rows: list[Stored] = []  # the stored lines (ui/roster/table_model.py), all of them
        self._active = 0  # members 在册 among _rows, kept as the rows come in
        self._load = 0  # the latest read; a chunk of an older one is dropped
        self._pending = False  # the read started at start is still coming in
        self._when_loaded: list[Callable[[], None]] = []
        follow_changes(self, ctx, MEMBER_VIEWS, self.refresh)
        if ctx.starting:
            self._load_in_background()
        else:
            self.refresh()

    # --- loading and filtering -------------------------------------------------------------------
    def refresh(self) -> None:
        selected = self.selected_id()
        self._load += 1  # a read still streaming in is replaced by this one
        self._rows = read(self.ctx, roster.list_lines, self.model.keys_line)  # what is shown: when shown
        self._active = self.model.count_active(self._rows)
        self.model.set_rows(self._rows)
        self._rows_complete(selected)
        self._loaded()

    def _load_in_background(self) -> None:
        """The first rows at start: read on a worker's own connection and shown chunk by chunk, so the
        window answers while a township's 50,000 members come in."""
        self._load += 1
        self._pending = True
        load, db, line, keys = self._load, self.ctx.db, self.model.line, self.model.keys_line
        first = self.first_screen
        self._rows, self._active = [], 0
        self.model.set_rows(self._rows)  # the model extends this same list as chunks arrive

        def read_rows(deliver: Callable[[object], None]) -> None:
            with db.connect() as connection:
                # a screen first, then the rest in large pieces: they are sorted once all are read, and
                # each piece costs the view an insert
                for rows in iter_member_lines(connection, line, first=first, chunk=100_000, rest=keys):
                    if self._load != load:
                        return  # refreshed meanwhile: that read shows the rows
                    deliver(rows)

        def arrived(rows: list[Stored]) -> None:
            if self._load == load:
                self.model.append_rows(rows)
                self._active += self.model.count_active(rows)
                self._update_count()

        def done(_result: object) -> None:
            if self._load == load:
                self._rows_complete()
                self._loaded()

        def failed(message: str) -> None:
            if self._load == load:
                self.count_label.setText(f"花名册读取失败：{message}")
                self._loaded()

        self.ctx.jobs.stream(read_rows, arrived, done, failed)

    def _read_shown(self, ids: list[int]) -> dict[int, Stored]:
        """The shown fields of members whose keys only were read at start (the model asks when it shows
        them): on a connection of its own, without the ORM, which may not be loaded yet."""
        with self.ctx.db.connect() as connection:
            return read_lines_by_id(connection, self.model.line, ids)

    def when_loaded(self, callback: Callable[[], None]) -> None:
        """Calls back once the rows are in: now, or when the read started at start has finished."""
        if self._pending:
            self._when_loaded.append(callback)
        else:
            callback()

    def _loaded(self) -> None:
        self._pending = False
        callbacks, self._when_loaded = self._when_loaded, []
        for callback in callbacks:
            callback()

    def _rows_complete(self, selected: int | None = None) -> None:
        """Everything that depends on the whole roster: the 党小组 choices, the count, the selection."""
        current = self.group_filter.currentText()
        self.group_filter.blockSignals(True)
        self.group_filter.clear()
        self.group_filter.addItems([ALL_GROUPS, *self.model.groups()])
        self.group_filter.setCurrentText(current if self.group_filter.findText(current) >= 0 else ALL_GROUPS)
        self.group_filter.blockSignals(False)
        self._update_count()
        if selected is not None:
            self.select_member(selected)
        self._selection_changed()
        if self.pages.currentIndex() == 1:
            self._update_stats()

    def _filter(self, **kwargs: object) -> None:
        self.model.set_filter(**kwargs)  # type: ignore[arg-type]
        self._update_count()
        self._selection_changed()

    def _update_count(self) -> None:
        """在册 counts only those on the roster; what the filters show is said beside it when it differs."""
        active = self._active
        shown = self.model.rowCount()
        narrowed = self.model.is_filtered() or shown != active
        self.count_label.setText(f"显示 {shown} 人 / 在册 {active} 人" if narrowed else f"在册 {active} 人")
        self.table_stack.setCurrentWidget(self.empty_page if not self._rows else self.table)

    def _update_stats(self) -> None:
        today = self.ctx.today()
        self.stats.show_stats(roster_stats(self.model.all_rows(), today), today.year)

    def _focus_search(self) -> None:
        self.pages.setCurrentIndex(0)
        self.search.setFocus()
        self.search.selectAll()

    # --- selection -------------------------------------------------------------------------------
    def selected_row(self) -> MemberLine | None:
        indexes = self.table.selectionModel().selectedRows()
        return self.model.row_at(indexes[0].row()) if indexes else None

    def selected_id(self) -> int | None:
        row = self.selected_row()
        return row.id if row else None

    def select_member(self, member_id: int) -> bool:
        position = self.model.position_of(member_id)
        if position is None:
            return False
        index = self.model.index(position, 0)
        self.table.selectionModel().select(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.scrollTo(index)
        return True

    def _selection_changed(self) -> None:
        row = self.selected_row()
        self.edit_button.setEnabled(row is not None)
        self.leave_button.setEnabled(row is not None and row.is_active)
        self.restore_button.setVisible(row is not None and not row.is_active)
        if row is None:
            self.side.clear()
            return
        # the whole member (the table holds only its own fields), read now: one row and the photo
        self.side.show_read(lambda: read(self.ctx, roster.member_details, row.id))

    # --- writing ---------------------------------------------------------------------------------
    def _groups(self) -> list[str]:
        return self.model.groups()

    def member_dialog(self, member_id: int | None = None) -> MemberDialog:
        """Built apart from exec() so tests drive the same dialog the button opens."""
        from dangjian_desktop.ui.roster.member_dialog import MemberDialog  # on the first click, not at start

        if member_id is None:
            return MemberDialog(self, groups=self._groups(), today=self.ctx.today())
        draft = read(self.ctx, roster.member_draft, member_id)
        photo = read(self.ctx, roster.get_photo, member_id)
        dialog = MemberDialog(
            self,
            draft=draft,
            photo=photo,
            groups=self._groups(),
            today=self.ctx.today(),
            title=f"编辑党员：{draft.name}",
        )
        dialog.version = self._stored_version(member_id)  # what another clerk's save changes
        return dialog

    def _stored_version(self, member_id: int) -> int | None:
        """The member's version (core/versions.py): a save over another clerk's since is asked about.
        Imported here, not with the tab: the rows are painted before the ORM loads."""
        from dangjian_desktop.core.models import Member
        from dangjian_desktop.core.versions import version_of

        return read(self.ctx, version_of, Member, member_id)

    def add_member(self) -> None:
        dialog = self.member_dialog()
        dialog.submit = lambda d: self._submit(None, d)
        dialog.exec()

    def edit_selected(self) -> None:
        member_id = self.selected_id()
        if member_id is None:
            return
        dialog = self.member_dialog(member_id)
        dialog.submit = lambda d: self._submit(member_id, d)
        dialog.exec()

    def _submit(self, member_id: int | None, dialog: MemberDialog) -> bool:
        def reload() -> None:  # 重新载入: the other clerk's version in the form, to look at or edit again
            assert member_id is not None
            dialog.set_draft(read(self.ctx, roster.member_draft, member_id))
            dialog.version = self._stored_version(member_id)

        saved = self.save_member(
            member_id,
            dialog.draft(),
            dialog.photo_bytes,
            photo_changed=dialog.photo_changed,
            version=dialog.version,
            on_reload=reload,
        )
        return saved is not None

    def save_member(
        self,
        member_id: int | None,
        draft: MemberDraft,
        photo: bytes | None,
        *,
        photo_changed: bool = False,
        version: int | None = None,
        on_reload: Callable[[], None] | None = None,
    ) -> int | None:
        from dangjian_desktop.core.services import roster as roster_service

        saved = write(
            self.ctx,
            self,
            lambda db: roster_service.save_member(
                db, member_id, draft, photo, photo_changed=photo_changed, version=version
            ),
            Change.ROSTER,
            on_reload=on_reload,
        )
        if saved is None:
            return None
        member_id = saved
        if not self.select_member(member_id):
            # The filters hide the saved member; clear them so the secretary sees what was saved.
            self.search.clear()
            self.status_filter.setCurrentText(ALL)
            self.select_member(member_id)
        return member_id

    def leave_selected(self) -> None:
        row = self.selected_row()
        if row is None or not row.is_active:
            return
        from dangjian_desktop.ui.roster.leave_dialog import LeaveDialog

        dialog = LeaveDialog(row.name, self, today=self.ctx.today())
        dialog.submit = lambda status, day, reason: self.leave(row.id, status, day, reason, dialog.show_error)
        dialog.exec()

    def leave(
        self,
        member_id: int,
        status: str,
        day: object,
        reason: str,
        on_error: Callable[[str], None] | None = None,
    ) -> bool:
        """The date may be as typed; core/roster.leave_roster checks every rule of leaving."""
        from dangjian_desktop.core.services import roster as roster_service

        today = self.ctx.today()
        return attempt(
            self.ctx,
            self,
            lambda db: roster_service.leave(db, member_id, status, day, reason, today=today),  # type: ignore[arg-type]
            Change.ROSTER,
            on_error=on_error,
            title="无法办理",
        )

    def delete_selected(self) -> None:
        from dangjian_desktop.ui.delete_entry import ask_delete_mistaken

        row = self.selected_row()
        if row is not None and ask_delete_mistaken(self, self.ctx, row.id, self.leave_selected):
            self.refresh()

    def restore_selected(self) -> None:
        row = self.selected_row()
        if row is None or row.is_active:
            return
        answer = QMessageBox.question(self, "恢复在册", f"确定将 {row.name} 恢复为在册党员吗？")
        if answer == QMessageBox.StandardButton.Yes:
            from dangjian_desktop.core.services import roster as roster_service

            attempt(self.ctx, self, lambda db: roster_service.restore(db, row.id), Change.ROSTER)

    # --- the spreadsheets secretaries already have ------------------------------------------------
    def import_roster(self) -> None:
        from dangjian_desktop.ui.exchange import run_import_dialog

        if run_import_dialog(self.ctx, self):
            self.refresh()

    def export_roster(self) -> None:
        from dangjian_desktop.ui.exchange import run_export_dialog

        run_export_dialog(self.ctx, self)

    # --- printing --------------------------------------------------------------------------------
    def open_statistics(self) -> None:
        """年报统计 of the branch: the yearly report's tables, saved as Excel or printed."""
        from dangjian_desktop.ui.statistics_dialog import StatisticsDialog

        self.statistics_dialog = StatisticsDialog(self.ctx, self)
        self.statistics_dialog.open()

    def print_dialog(self) -> None:
        from dangjian_desktop.documents.common import on
        from dangjian_desktop.documents.roster import roster_pdf
        from dangjian_desktop.ui.printing import offer_print

        db, today = self.ctx.db, self.ctx.today()
        offer_print(self, self.ctx, "党员花名册", lambda out: on(db, lambda s: roster_pdf(s, today, out)))

    def print_to(self, out: Path, *, open_after: bool = False) -> None:
        from dangjian_desktop.documents.common import on
        from dangjian_desktop.documents.roster import roster_pdf

        db, today = self.ctx.db, self.ctx.today()
        self.print_button.setEnabled(False)

        def done(path: Path) -> None:
            self.print_button.setEnabled(True)
            self.last_printed = path
            if open_after:
                QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

        def failed(message: str) -> None:
            self.print_button.setEnabled(True)
            QMessageBox.warning(self, "打印失败", message)

        self.ctx.jobs.run(lambda _progress: on(db, lambda s: roster_pdf(s, today, out)), done, failed)
