"""The roster import dialog: choose a file, check the column mapping on a preview, see what the import
would do (the same dry run as the CLI), then commit it. Reading, checking and writing run as jobs,
so the window stays responsive on a 50,000-row file; nothing is written before 导入 is pressed."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from dangjian_desktop.core.errors import UserError
from dangjian_desktop.core.exchange.importing import (
    FIELD_LABELS,
    IGNORE,
    ImportReport,
    Layout,
    Table,
    column_letter,
    detect_layout,
    import_table,
    preview_rows,
    read_table,
    save_rejected,
)
from dangjian_desktop.ui.context import AppContext
from dangjian_desktop.ui.screen_fit import fit_to_screen
from dangjian_desktop.ui.table_models import TextRowsModel as RowsModel

Index = QModelIndex | QPersistentModelIndex
NOT_IMPORTED = "（不导入）"
FILE_FILTER = "花名册表格 (*.xlsx *.xls *.csv *.xlsm *.ods);;所有文件 (*)"


@dataclass
class _Loaded:
    table: Table
    layout: Layout
    preview: list[list[str]]


class ImportDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("从 Excel 导入党员花名册")
        fit_to_screen(self, 1000, 720)
        self.imported = False  # True once an import has been committed
        self.busy = False
        self.table: Table | None = None
        self.layout_: Layout | None = None
        self.report: ImportReport | None = None
        self.combos: dict[int, QComboBox] = {}

        self.path_edit = QLineEdit(readOnly=True, placeholderText="请选择 .xlsx、.xls 或 .csv 文件")
        self.choose_button = QPushButton("选择文件…")
        self.choose_button.clicked.connect(self.choose_file)
        top = QHBoxLayout()
        top.addWidget(QLabel("花名册文件："))
        top.addWidget(self.path_edit, 1)
        top.addWidget(self.choose_button)

        self.info = QLabel("表头行、合计行和签名行会自动识别；未识别的列可以在下面手动指定。")
        self.info.setWordWrap(True)
        self.unmapped = QLabel()  # the columns that will not be imported, before anything is written
        self.unmapped.setWordWrap(True)
        self.unmapped.setStyleSheet("color: #c0392b;")
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c0392b;")

        self.mapping_box = QGroupBox("列对应")
        self.mapping_form = QFormLayout()
        inner = QWidget()
        inner.setLayout(self.mapping_form)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        box_layout = QVBoxLayout(self.mapping_box)
        box_layout.addWidget(scroll)

        self.preview_model = RowsModel()
        self.preview_view = QTableView()
        self.preview_view.setModel(self.preview_model)
        self.preview_view.verticalHeader().setDefaultSectionSize(22)
        self.problem_model = RowsModel(["类型", "Excel行", "说明"])
        self.problem_view = QTableView()
        self.problem_view.setModel(self.problem_model)
        self.problem_view.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.problem_view.verticalHeader().setVisible(False)
        self.problem_view.verticalHeader().setDefaultSectionSize(22)

        upper = QSplitter(Qt.Orientation.Horizontal)
        upper.addWidget(self.mapping_box)
        preview_box = QGroupBox("预览（前50行）")
        QVBoxLayout(preview_box).addWidget(self.preview_view)
        upper.addWidget(preview_box)
        upper.setStretchFactor(1, 3)
        self.mapping_box.setMinimumWidth(320)
        upper.setSizes([340, 660])
        problems_box = QGroupBox("检查结果")
        problems_layout = QVBoxLayout(problems_box)
        self.summary = QLabel("选择文件后，按“检查”查看将导入多少人、哪些行有问题。")
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("font-weight: bold;")
        problems_layout.addWidget(self.summary)
        problems_layout.addWidget(self.problem_view)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(upper)
        splitter.addWidget(problems_box)

        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.check_button = QPushButton("检查（不写入）")
        self.save_button = QPushButton("保存未导入的行…")
        self.import_button = QPushButton("导入")
        self.close_button = QPushButton("关闭")
        self.check_button.clicked.connect(self.check)
        self.save_button.clicked.connect(self.choose_rejected_file)
        self.import_button.clicked.connect(self.commit)
        self.close_button.clicked.connect(self._close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.progress, 1)
        for button in (self.check_button, self.save_button, self.import_button, self.close_button):
            buttons.addWidget(button)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.info)
        layout.addWidget(self.unmapped)
        layout.addWidget(self.error)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        self._update_buttons()

    # --- steps -----------------------------------------------------------------------------------
    def choose_file(self) -> None:
        from dangjian_desktop.ui.printing import documents_dir

        name, _filter = QFileDialog.getOpenFileName(self, "选择花名册文件", str(documents_dir()), FILE_FILTER)
        if name:
            self.load_file(Path(name))

    def load_file(self, path: Path) -> None:
        """Read and detect the header off the GUI thread; the preview appears when done."""
        self.path_edit.setText(str(path))
        self.table = self.layout_ = self.report = None
        self._clear_results()

        def work(_progress: Any) -> _Loaded:
            table = read_table(path)
            layout = detect_layout(table)
            return _Loaded(table, layout, preview_rows(table, layout))

        self._start("正在读取文件…", work, self._loaded)

    def _loaded(self, loaded: _Loaded) -> None:
        self._finish()
        self.table, self.layout_ = loaded.table, loaded.layout
        layout = loaded.layout
        others = (
            f"（其他工作表未导入：{'、'.join(loaded.table.other_sheets)}）"
            if loaded.table.other_sheets
            else ""
        )
        self.info.setText(
            f"工作表“{loaded.table.sheet}”，表头在第 {layout.header_row + 1} 行，"
            f"数据从第 {layout.data_start + 1} 行开始。{others}"
        )
        self._build_mapping(layout)
        self._refresh_preview(loaded.preview)
        self._update_buttons()

    def _build_mapping(self, layout: Layout) -> None:
        while self.mapping_form.rowCount():
            self.mapping_form.removeRow(0)
        self.combos.clear()
        for column, header in enumerate(layout.headers):
            if not header:
                continue
            combo = QComboBox()
            combo.addItem(NOT_IMPORTED, "")
            for key, label in FIELD_LABELS.items():
                combo.addItem(label, key)
            current = layout.mapping.get(column)
            if current and current != IGNORE:
                combo.setCurrentIndex(combo.findData(current))
            combo.currentIndexChanged.connect(self._mapping_changed)
            label = QLabel(f"{column_letter(column)}列 {header}")
            if column in layout.unknown_columns:
                label.setText(f"{column_letter(column)}列 {header}（未识别）")
                label.setStyleSheet("color: #c0392b;")
            self.mapping_form.addRow(label, combo)
            self.combos[column] = combo

    def set_column_field(self, column: int, field: str | None) -> None:
        """What choosing in a column's list does (also used by tests)."""
        combo = self.combos[column]
        combo.setCurrentIndex(combo.findData(field or ""))

    def _current_layout(self) -> Layout:
        """The detected layout with the lists' choices; a column set to 不导入 is left out quietly."""
        assert self.layout_ is not None
        base = self.layout_
        mapping = dict(base.mapping)
        mapping.update({column: combo.currentData() or IGNORE for column, combo in self.combos.items()})
        return Layout(base.header_row, base.data_start, list(base.headers), mapping)

    def _mapping_changed(self) -> None:
        self.report = None
        self._clear_results()
        if self.table is not None:
            self._refresh_preview(None)
        self._update_buttons()

    def _refresh_preview(self, rows: list[list[str]] | None) -> None:
        assert self.table is not None and self.layout_ is not None
        layout = self._current_layout()
        if rows is None:
            rows = preview_rows(self.table, layout)
        headers = []
        for column, header in enumerate(layout.headers):
            key = layout.mapping.get(column)
            target = FIELD_LABELS.get(key or "", "")
            headers.append(f"{header}\n→ {target}" if target else f"{header}\n（不导入）")
        skipped = {c for c in range(len(layout.headers)) if layout.mapping.get(c) in (None, IGNORE)}
        self.preview_model.set_rows(headers, rows, skipped)
        listed = "、".join(f"{c['column']}列“{c['header']}”" for c in layout.unmapped_json())
        self.unmapped.setText(f"以下列不会导入（可在左侧“列对应”中指定）：{listed}" if listed else "")

    def check(self) -> None:
        if self.table is None:
            return
        table, layout, today = self.table, self._current_layout(), self.ctx.today()

        def work(progress: Any) -> ImportReport:
            return import_table(self.ctx.db, table, layout, dry_run=True, today=today, progress=progress)

        self._start("正在检查…", work, self._checked)

    def _checked(self, report: ImportReport) -> None:
        self._finish()
        self.report = report
        self._show_report(report, "检查完毕：")
        self._update_buttons()

    def commit(self) -> None:
        if self.table is None or self.report is None or not self.report.dry_run:
            return
        if self.report.name_changes and not self.confirm_name_changes(self.report):
            return
        table, layout, today = self.table, self._current_layout(), self.ctx.today()

        def work(progress: Any) -> ImportReport:
            return import_table(self.ctx.db, table, layout, today=today, progress=progress)

        self._start("正在导入…", work, self._committed)

    def confirm_name_changes(self, report: ImportReport) -> bool:
        """Whether the secretary agrees to the names this import changes (an ID that matches a member
        under another name may be a typo in the file, or a file whose text was mangled)."""
        changes = report.name_changes
        lines = "\n".join(c.message for c in changes[:15])
        more = f"\n……共 {len(changes)} 人" if len(changes) > 15 else ""
        answer = QMessageBox.question(
            self,
            "姓名将被修改",
            f"这次导入会修改已有党员的姓名：\n{lines}{more}\n\n确定要导入吗？",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _committed(self, report: ImportReport) -> None:
        self._finish()
        self.report = report
        self.imported = self.imported or report.imported + report.updated > 0
        backup = f"导入前的数据已备份到 {report.backup}。" if report.backup else ""
        self._show_report(report, "导入完成：", backup)
        self._update_buttons()

    def _show_report(self, report: ImportReport, prefix: str, extra: str = "") -> None:
        self.summary.setText(f"{prefix}{report.summary()}。{extra}")
        rows = [["拒绝", str(r.row), r.reason] for r in report.rejected]
        rows += [["提示", str(w.row) if w.row else "", w.message] for w in report.warnings]
        self.problem_model.set_rows(["类型", "Excel行", "说明"], rows)
        self.problem_view.resizeColumnToContents(0)
        self.problem_view.resizeColumnToContents(1)

    def choose_rejected_file(self) -> None:
        if self.report is None or not self.report.rejected:
            return
        default = str(
            Path(self.path_edit.text()).with_name(f"{Path(self.path_edit.text()).stem}-未导入的行.xlsx")
        )
        name, _filter = QFileDialog.getSaveFileName(self, "保存未导入的行", default, "Excel 工作簿 (*.xlsx)")
        if name:
            self.save_rejected_to(Path(name))

    def save_rejected_to(self, path: Path) -> None:
        assert self.report is not None
        if path.suffix.lower() != ".xlsx":
            path = path.with_suffix(".xlsx")
        try:
            save_rejected(self.report, path)
        except UserError as exc:
            self.error.setText(str(exc))
            return
        self.error.setText("")
        self.info.setText(f"未导入的 {len(self.report.rejected)} 行已保存到 {path}，改好后可再次导入。")

    # --- plumbing ----------------------------------------------------------------------------------
    def _start(self, text: str, work: Any, on_done: Any) -> None:
        self.busy = True
        self.error.setText("")
        self.progress.setVisible(True)
        self.progress.setRange(0, 0)  # busy until the job reports numbers
        self.progress.setFormat(text)
        self._update_buttons()
        self.ctx.jobs.run(work, on_done, self._failed, self._progressed)

    def _progressed(self, done: int, total: int) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
            self.progress.setFormat("%p%")

    def _finish(self) -> None:
        self.busy = False
        self.progress.setVisible(False)

    def _failed(self, message: str) -> None:
        self._finish()
        self.error.setText(message)
        self._update_buttons()

    def _clear_results(self) -> None:
        self.problem_model.set_rows(["类型", "Excel行", "说明"], [])
        self.summary.setText("按“检查”查看将导入多少人、哪些行有问题；检查不会写入任何数据。")

    def _update_buttons(self) -> None:
        idle = not self.busy
        checked = self.report is not None and self.report.dry_run
        self.choose_button.setEnabled(idle)
        self.check_button.setEnabled(idle and self.table is not None)
        self.import_button.setEnabled(idle and checked)
        self.save_button.setEnabled(idle and self.report is not None and bool(self.report.rejected))
        self.close_button.setEnabled(idle)
        for combo in self.combos.values():
            combo.setEnabled(idle)
        self.close_button.setText("完成" if self.imported else "关闭")

    def _close(self) -> None:
        if self.imported:
            self.accept()
        else:
            self.reject()

    def reject(self) -> None:  # Esc or the window's close button while a job runs would orphan it
        if self.busy:
            return
        if self.imported:
            super().accept()
        else:
            super().reject()


def run_import_dialog(ctx: AppContext, parent: QWidget | None = None) -> bool:
    """The roster tab's 导入 button: True when members were added or updated."""
    dialog = ImportDialog(ctx, parent)
    dialog.exec()
    return dialog.imported
