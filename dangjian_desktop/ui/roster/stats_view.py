"""Roster statistics as bar charts: what the township asks for, at a glance."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from dangjian_desktop.core.stats import RosterStats
from dangjian_desktop.ui.charts import BarChart


class StatsView(QScrollArea):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        inner = QWidget()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("font-size: 12pt;")
        self.charts = {
            key: BarChart(title)
            for key, title in (
                ("age", "年龄结构"),
                ("category", "人员类别"),
                ("gender", "性别"),
                ("education", "学历"),
                ("ethnicity", "民族"),
                ("admitted", "近十年发展党员（按入党年份；每年至少一名为目标）"),
            )
        }
        grid = QGridLayout()
        for i, chart in enumerate(self.charts.values()):
            grid.addWidget(chart, i // 2, i % 2)
        # the yearly report's tables (Excel / PDF); the roster tab connects it to its dialog
        self.year_end_button = QPushButton("年报统计（Excel、打印）…")
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.year_end_button)
        box = QVBoxLayout(inner)
        box.addLayout(top)
        box.addLayout(grid)
        box.addStretch()
        self.setWidget(inner)

    def show_stats(self, stats: RosterStats, this_year: int) -> None:
        young = stats.by_age_band.get("35岁及以下", 0)
        self.summary.setText(
            f"在册党员 <b>{stats.total}</b> 名，其中流动党员 <b>{stats.mobile}</b> 名；"
            f"35岁及以下 <b>{young}</b> 名，占 {stats.share(young)}。"
        )
        self.charts["age"].set_data(stats.by_age_band, stats.total)
        self.charts["category"].set_data(stats.by_category, stats.total)
        self.charts["gender"].set_data(stats.by_gender, stats.total)
        self.charts["education"].set_data(stats.by_education, stats.total)
        self.charts["ethnicity"].set_data(stats.by_ethnicity, stats.total)
        # Every one of the last ten years, zeros included: a year with none is what the township asks about.
        years = range(this_year - 9, this_year + 1)
        self.charts["admitted"].set_data([(f"{y}年", stats.admitted_per_year.get(y, 0)) for y in years], None)
