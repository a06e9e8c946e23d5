"""年报统计: choose the year, see the tables, save them as Excel or print them (preview, printer, PDF).

Opened from the 乡镇汇总 tab (every branch of the database) and from the roster's 统计 page (the
village's own branch): documents.statistics.gather picks the scope. The figures are read off the GUI
thread (a county of 200,000 members takes a moment) and arrive checked against the roster; a mismatch
is shown as its message, never as a table.
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from dangjian_desktop.core.errors import UserError, os_error_text
from dangjian_desktop.core.statistics import YearStatistics
from dangjian_desktop.core.statistics.gather import FIRST_YEAR, LAST_YEAR
from dangjian_desktop.ui.context import AppContext


def default_year(today: dt.date) -> int:
    """In the first half of a year the report wanted is the one of the year just ended."""
    return today.year - 1 if today.month <= 6 else today.year


def tables_html(stats: YearStatistics) -> str:
    from dangjian_desktop.printing.statistics_pdf import heading_of, title_of

    parts = [f"<h3>{html.escape(title_of(stats))}</h3><p>{html.escape(heading_of(stats))}</p>"]
    for table in stats.tables:
        head = "<th width='40%'>项目</th>" + "".join(f"<th>{html.escape(c)}</th>" for c in table.columns)
        rows = []
        for row in table.rows:
            label = ("　　" if row.part else "") + html.escape(row.label)
            rows.append(f"<tr><td>{label}</td>" + "".join(f"<td align='center'>{n}</td>" for n in row.counts))
        total = "合计（本年减少）" if table.counts_leavers else "合计"
        rows.append(f"<tr><th>{total}</th>" + "".join(f"<th>{n}</th>" for n in table.column_sums()))
        note = f"<p><small>注：{html.escape(table.note)}</small></p>" if table.note else ""
        parts.append(
            f"<h4>{html.escape(table.title)}</h4><table border='1' cellspacing='0' cellpadding='3' width='100%'>"
            f"<tr>{head}</tr>{''.join(rows)}</table>{note}"
        )
    return "".join(parts)


class StatisticsDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.stats: YearStatistics | None = None
        self.saved: Path | None = None
        self.setWindowTitle("年报统计")
        self.year = QSpinBox()
        self.year.setRange(FIRST_YEAR, LAST_YEAR)
        self.year.setValue(default_year(ctx.today()))
        self.year.setSuffix(" 年")
        self.year.valueChanged.connect(lambda _v: self.refresh())
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.view = QTextBrowser()
        self.excel_button = QPushButton("保存为Excel…")
        self.print_button = QPushButton("打印 / 保存为PDF…")
        self.excel_button.clicked.connect(self.ask_excel)
        self.print_button.clicked.connect(self.print_dialog)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        for button in (self.excel_button, self.print_button):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(QLabel("统计年度（截至当年12月31日）："))
        top.addWidget(self.year)
        top.addStretch()
        box = QVBoxLayout(self)
        box.addLayout(top)
        box.addWidget(self.status)
        box.addWidget(self.view, 1)
        box.addWidget(buttons)
        from dangjian_desktop.ui.screen_fit import fit_to_screen

        em = self.fontMetrics().horizontalAdvance("国")
        fit_to_screen(self, em * 46, em * 40)
        self.refresh()

    def refresh(self) -> None:
        from dangjian_desktop.core.services import query_together
        from dangjian_desktop.documents.statistics import gather

        year, db = self.year.value(), self.ctx.db
        self.stats = None
        self._enable(False)
        self.status.setText(f"正在统计 {year} 年…")
        self.ctx.jobs.run(lambda _p: query_together(db, gather, year), self._shown, self._failed)

    def _shown(self, stats: YearStatistics) -> None:
        if stats.year != self.year.value():
            return  # the year was changed meanwhile; its own job follows
        self.stats = stats
        self.status.setText(f"每张表的合计都已与花名册核对：在册党员 {stats.roster_count} 名。")
        self.view.setHtml(tables_html(stats))
        self._enable(True)

    def _failed(self, message: str) -> None:
        self.status.setText(message)
        self.view.clear()

    def _enable(self, on: bool) -> None:
        self.excel_button.setEnabled(on)
        self.print_button.setEnabled(on)

    def what(self) -> str:
        assert self.stats is not None
        return f"{self.stats.year}年度党员统计表"

    def suggested_path(self) -> Path:
        from dangjian_desktop.ui.printing import default_folder, default_name

        assert self.stats is not None
        name = default_name(self.stats.scope, self.what(), self.ctx.today())
        return (default_folder() / name).with_suffix(".xlsx")

    def ask_excel(self) -> None:
        suggested = self.suggested_path()
        suggested.parent.mkdir(parents=True, exist_ok=True)
        name, _filter = QFileDialog.getSaveFileName(
            self, "保存为Excel", str(suggested), "Excel 文件 (*.xlsx)"
        )
        if name:
            self.save_excel(Path(name))

    def save_excel(self, target: Path) -> None:
        """Written off the GUI thread; the status line says where it went (or why not)."""
        from dangjian_desktop.documents.statistics import write_xlsx

        if target.suffix.lower() != ".xlsx":
            target = target.with_name(target.name + ".xlsx")
        stats, today = self.stats, self.ctx.today()
        assert stats is not None

        def done(path: Path) -> None:
            self.saved = path
            self.status.setText(f"已保存到 {path}")

        def write(_progress: object) -> Path:
            try:
                return write_xlsx(stats, target, today=today)
            except OSError as exc:  # a full or write-protected disk, a file open in Excel: one sentence
                raise UserError(os_error_text(exc)) from None

        self.ctx.jobs.run(write, done, self._write_failed)

    def _write_failed(self, message: str) -> None:
        self.status.setText(f"没有保存：{message}")

    def print_dialog(self) -> None:
        from dangjian_desktop.printing.statistics_pdf import print_statistics
        from dangjian_desktop.ui.printing import offer_print

        stats, today = self.stats, self.ctx.today()
        assert stats is not None
        self.printing = offer_print(
            self, self.ctx, self.what(), lambda out: print_statistics(stats, out, today=today)
        )
