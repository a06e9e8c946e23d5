"""乡镇汇总: merge the villages' packages and see every branch at a glance.

A branch's first package is merged only after the clerk confirms its key fingerprint (read aloud
with the village secretary): the packages are checked off the GUI thread, the clerk answers one
question per new branch, then the merge runs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from dangjian_desktop.core.dates import format_cn
from dangjian_desktop.core.exchange.merge import (
    MergeReport,
    PackageIdentity,
    merge_packages,
    pending_enrollments,
)
from dangjian_desktop.core.idcard import mask
from dangjian_desktop.core.services import query, query_together
from dangjian_desktop.core.stats import AGE_BANDS
from dangjian_desktop.core.township import BranchDues, BranchSummary, TownshipView, branch_dues, township_view
from dangjian_desktop.core.transfers import TO_CHECK, MoveRow
from dangjian_desktop.ui.context import AppContext
from dangjian_desktop.ui.table_models import Column, RowsModel, fit_columns, red_when

Index = QModelIndex | QPersistentModelIndex
DEVELOP_STAGES = ("入党申请人", "入党积极分子", "发展对象")
HEADERS = (
    "党支部",
    "数据包导出时间",
    "合并时间",
    "在册党员",
    "预备党员",
    "流动党员",
    *AGE_BANDS,
    "今年缺开会议",
    "明白卡承诺完成率",
    "30天内政治生日",
    *DEVELOP_STAGES,
    "今年发展党员",
    "两年以上未发展",
)


class SummaryModel(QAbstractTableModel):
    """The branches' lines. Their texts are made once per read: sizing the columns to their contents
    asks every cell of a county's 1,000 branches for several roles, on the GUI thread."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[BranchSummary] = []
        self.texts: list[list[str]] = []

    def set_rows(self, rows: list[BranchSummary]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.texts = [_texts(r) for r in rows]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self.texts[index.row()][index.column()] if index.isValid() else None
        red = _RED_WHEN.get(index.column()) if role == Qt.ItemDataRole.ForegroundRole else None
        if red is not None and red(self.rows[index.row()]):
            return QBrush(QColor("#c0392b"))
        return None

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,  # noqa: N802
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section]
        return None


def _texts(r: BranchSummary) -> list[str]:
    values = [
        r.name,
        f"{r.package_exported_at:%Y-%m-%d %H:%M}" if r.package_exported_at else "",
        format_cn(r.package_merged_at.date()) if r.package_merged_at else "",
        r.members,
        r.probationary,
        r.mobile,
        *(r.age_bands[b] for b in AGE_BANDS),
        r.meetings_missing,
        r.cards_completion,
        r.birthdays_upcoming,
        *(r.develop_by_stage.get(stage, 0) for stage in DEVELOP_STAGES),
        r.new_this_year,
        "是" if r.no_new_member_in_two_years else "",
    ]
    return [str(v) for v in values]


# the columns shown in red, and when
_RED_WHEN: dict[int, Callable[[BranchSummary], bool]] = {
    HEADERS.index("今年缺开会议"): lambda r: bool(r.meetings_missing),
    HEADERS.index("两年以上未发展"): lambda r: r.no_new_member_in_two_years,
}


MOVE_COLUMNS: tuple[Column[MoveRow], ...] = (
    Column("姓名", lambda r: r.name),
    Column("身份证号", lambda r: mask(r.id_number)),
    Column("转出支部", lambda r: r.from_branch),
    Column("转入支部", lambda r: r.to_branch),
    Column("情况", lambda r: r.state, colour=red_when(lambda r: r.state == TO_CHECK)),
)


class TownshipTab(QWidget):
    title = "乡镇汇总"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = SummaryModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.merge_button = QPushButton("合并各村数据包…")
        self.merge_button.clicked.connect(self.choose_and_merge)
        self.export_button = QPushButton("导出汇总花名册…")
        self.export_button.clicked.connect(self.export_roster)
        self.branches_button = QPushButton("登记与合并记录…")
        self.branches_button.clicked.connect(self.open_branches)
        self.statistics_button = QPushButton("年报统计…")
        self.statistics_button.clicked.connect(self.open_statistics)
        self.enroll_box: QMessageBox | None = None
        self.totals = QLabel()
        self.log = QPlainTextEdit(readOnly=True)
        # five lines: on a 1366x768 screen at 125% the table of branches keeps the room
        self.log.setMaximumHeight(self.log.fontMetrics().lineSpacing() * 5 + 12)
        self.log.setPlaceholderText("合并结果和待核实的组织关系转移显示在这里")
        from dangjian_desktop.ui.dues.township_view import BranchDuesView

        self.dues = BranchDuesView(ctx)
        # People on the rosters of two villages: a recorded transfer is one person moving (已转接);
        # anything else is for the clerk to check (待核实).
        self.moves_model: RowsModel[MoveRow] = RowsModel(MOVE_COLUMNS)
        self.moves = QTableView()
        self.moves.setModel(self.moves_model)
        self.moves.setSortingEnabled(True)
        self.moves.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.moves.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.moves.horizontalHeader().setStretchLastSection(True)
        self.details = QTabWidget()
        self.details.addTab(self.dues, "各支部党费")
        self.details.addTab(self.moves, "各村之间的人员流动")
        bar = QHBoxLayout()
        bar.addWidget(self.merge_button)
        bar.addWidget(self.export_button)
        bar.addWidget(self.branches_button)
        bar.addWidget(self.statistics_button)
        bar.addStretch()
        bar.addWidget(self.totals)
        box = QVBoxLayout(self)
        box.addLayout(bar)
        box.addWidget(self.table, 3)
        box.addWidget(self.details, 2)
        box.addWidget(self.log)
        self._load = 0  # a read still running when another starts is not shown
        self.loading = False  # True while the view or the 党费 table is being read
        self.refresh()

    def refresh(self, then: Callable[[], None] | None = None) -> None:
        """Reads the view on the worker (a county's 1,000 branches take a while) and shows it when it
        arrives; the window answers meanwhile. The 党费 table follows in a read of its own: in a county
        whose villages keep their 党费 it is the longer read, and the branches are not kept waiting.
        then: called once the branches show the new state."""
        self._load += 1
        load, db, today = self._load, self.ctx.db, self.ctx.today()
        self.loading = True
        self.totals.setText("正在读取各党支部的汇总……")
        self.dues.heading.setText("正在读取各支部党费……")

        def current() -> bool:
            return isValid(self) and self._load == load

        def arrived(view: TownshipView) -> None:
            if current():
                self._show(view)
            if then is not None:
                then()

        def dues_arrived(rows: list[BranchDues]) -> None:
            if current():
                self.dues.show(rows, today.year)
                self.loading = False

        def failed(message: str) -> None:
            if current():
                self.totals.setText(f"汇总读取失败：{message}")
            if then is not None:
                then()

        def dues_failed(message: str) -> None:
            if current():
                self.dues.heading.setText(f"党费读取失败：{message}")
                self.loading = False

        self.ctx.jobs.run(lambda _progress: query_together(db, township_view, today), arrived, failed)
        self.ctx.jobs.run(
            lambda _progress: query(db, branch_dues, today.year, today), dues_arrived, dues_failed
        )

    def _show(self, view: TownshipView) -> None:
        rows, moves = view.summaries, view.moves
        self.model.set_rows(rows)
        fit_columns(self.table, HEADERS, self.model.texts)
        self.moves_model.set_rows(moves)
        unexplained = sum(1 for m in moves if m.state == TO_CHECK)
        self.details.setTabText(
            1, f"各村之间的人员流动（待核实 {unexplained}）" if unexplained else "各村之间的人员流动"
        )
        self.totals.setText(f"{len(rows)} 个党支部，在册党员 {sum(r.members for r in rows)} 名")

    def export_roster(self) -> None:
        from dangjian_desktop.ui.exchange import run_export_dialog

        run_export_dialog(self.ctx, self)  # in a township database this is the combined roster

    def choose_and_merge(self) -> None:
        from dangjian_desktop.ui.printing import documents_dir

        files, _ = QFileDialog.getOpenFileNames(
            self, "选择各村数据包", str(documents_dir()), "党务数据包 (*.djpkg)"
        )
        if not files:
            return
        passphrase = None
        if any(_head(Path(f)).startswith(b"DJPKG-SEALED") for f in files):
            text, ok = QInputDialog.getText(
                self, "口令", "数据包已加密，请输入约定的口令：", QLineEdit.EchoMode.Password
            )
            if not ok:
                return
            passphrase = text
        self.merge_files([Path(f) for f in files], passphrase)

    def merge_files(self, files: list[Path], passphrase: str | None = None) -> None:
        self.merge_button.setEnabled(False)
        db = self.ctx.db
        self._pending_merge = (files, passphrase)
        self.ctx.jobs.run(
            lambda _p: pending_enrollments(db, files, passphrase), self._ask_enrollment, self._failed
        )

    def _ask_enrollment(self, pending: list[PackageIdentity], approved: set[str] | None = None) -> None:
        """One question per new branch, non-modal so that the window stays alive; then the merge."""
        approved = set() if approved is None else approved
        if not pending:
            self._run_merge(approved)
            return
        identity, rest = pending[0], pending[1:]
        box = QMessageBox(self)
        box.setWindowTitle("登记新的党支部")
        box.setIcon(QMessageBox.Icon.Question)
        box.setText(
            f"{identity.describe()} 第一次报送数据包。\n\n"
            f"密钥指纹：{identity.fingerprint}\n\n"
            "请打电话给该村书记，请他读出导出窗口里的“本村密钥指纹”。"
            "二十位数字完全一致才登记；以后只接受这把密钥签名的数据包。"
        )
        box.enroll_button = box.addButton("指纹一致，登记", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("不一致，不合并", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(None)  # the clerk must choose; Enter does not enroll

        def answered() -> None:
            if box.clickedButton() is box.enroll_button:
                approved.add(identity.uid)
            self.enroll_box = None
            self._ask_enrollment(rest, approved)

        box.finished.connect(answered)
        self.enroll_box = box
        box.open()

    def _run_merge(self, approved: set[str]) -> None:
        files, passphrase = self._pending_merge
        db = self.ctx.db

        def work(progress: Callable[[int, int], None]) -> list[tuple[Path, MergeReport | str]]:
            return merge_packages(
                db, files, passphrase=passphrase, enroll=lambda i: i.uid in approved, progress=progress
            )

        self.ctx.jobs.run(work, self._merged, self._failed)

    def open_branches(self) -> None:
        from dangjian_desktop.ui.township.branches_dialog import BranchesDialog

        dialog = BranchesDialog(self.ctx, self)
        dialog.finished.connect(lambda _r: self.refresh())
        self.branches_dialog = dialog
        dialog.open()

    def open_statistics(self) -> None:
        """年报统计 over every branch merged here."""
        from dangjian_desktop.ui.statistics_dialog import StatisticsDialog

        self.statistics_dialog = StatisticsDialog(self.ctx, self)
        self.statistics_dialog.open()

    def _merged(self, results: list) -> None:
        self.merge_button.setEnabled(True)
        for path, outcome in results:
            name = path.name
            if isinstance(outcome, str):
                self.log.appendPlainText(f"✗ {name}：{outcome}")
                continue
            self.log.appendPlainText(
                f"{'✓' if outcome.status == 'merged' else '·'} {name}：{outcome.message}"
            )
            for t in outcome.transfers:
                self.log.appendPlainText(
                    f"    待核实的组织关系转移：{t.name}（{mask(t.id_number)}）"
                    f"也在 {t.other_branch}（{t.other_status}）"
                )
        self.refresh(then=lambda: setattr(self, "merge_finished", results))

    def _failed(self, message: str) -> None:
        self.merge_button.setEnabled(True)
        self.log.appendPlainText(f"✗ {message}")


def _head(path: Path) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read(16)
    except OSError:
        return b""
