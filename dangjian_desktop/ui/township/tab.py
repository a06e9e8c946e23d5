"""乡镇汇总: merge the villages' packages and see every branch at a glance."""

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
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from dangjian_desktop.core.dates import format_cn
from dangjian_desktop.core.exchange.merge import MergeReport, merge_packages
from dangjian_desktop.core.idcard import mask
from dangjian_desktop.core.stats import AGE_BANDS
from dangjian_desktop.core.township import BranchSummary, branch_summaries
from dangjian_desktop.ui.context import AppContext

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
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[BranchSummary] = []

    def set_rows(self, rows: list[BranchSummary]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
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
            return str(values[column])
        if role == Qt.ItemDataRole.ForegroundRole and (
            (HEADERS[column] == "今年缺开会议" and r.meetings_missing)
            or (HEADERS[column] == "两年以上未发展" and r.no_new_member_in_two_years)
        ):
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


class TownshipTab(QWidget):
    title = "乡镇汇总"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = SummaryModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.merge_button = QPushButton("合并各村数据包…")
        self.merge_button.clicked.connect(self.choose_and_merge)
        self.export_button = QPushButton("导出汇总花名册…")
        self.export_button.clicked.connect(self.export_roster)
        self.totals = QLabel()
        self.log = QPlainTextEdit(readOnly=True)
        self.log.setMaximumHeight(160)
        self.log.setPlaceholderText("合并结果和待核实的组织关系转移显示在这里")
        from dangjian_desktop.ui.dues.township_view import BranchDuesView

        self.dues = BranchDuesView(ctx)
        bar = QHBoxLayout()
        bar.addWidget(self.merge_button)
        bar.addWidget(self.export_button)
        bar.addStretch()
        bar.addWidget(self.totals)
        box = QVBoxLayout(self)
        box.addLayout(bar)
        box.addWidget(self.table, 1)
        box.addWidget(self.dues, 1)
        box.addWidget(self.log)
        self.refresh()

    def refresh(self) -> None:
        with self.ctx.db.reading() as session:
            rows = branch_summaries(session, self.ctx.today())
        self.model.set_rows(rows)
        self.dues.refresh()
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
        if any(Path(f).read_bytes()[:15].startswith(b"DJPKG-SEALED") for f in files):
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

        def work(progress: Callable[[int, int], None]) -> list[tuple[Path, MergeReport | str]]:
            return merge_packages(db, files, passphrase=passphrase, progress=progress)

        self.ctx.jobs.run(work, self._merged, self._failed)

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
        self.refresh()
        self.merge_finished = results

    def _failed(self, message: str) -> None:
        self.merge_button.setEnabled(True)
        self.log.appendPlainText(f"✗ {message}")
