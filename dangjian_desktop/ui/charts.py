"""A horizontal bar chart drawn with QPainter: enough for counts a person takes in at a glance.

(QtCharts is not in PySide6-Essentials; a few bars do not justify the extra 40 MB.)
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

BAR_COLOR = QColor("#c0392b")


class BarChart(QWidget):
    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.items: list[tuple[str, int]] = []
        self.total = 0
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

    def set_data(self, items: dict[str, int] | list[tuple[str, int]], total: int | None = None) -> None:
        self.items = list(items.items()) if isinstance(items, dict) else list(items)
        self.total = total if total is not None else sum(v for _, v in self.items)
        self.updateGeometry()
        self.update()

    def _line(self) -> int:
        return self.fontMetrics().height() + 6

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(320, self._line() * (len(self.items) + 1) + 8)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return self.sizeHint()

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics, line = self.fontMetrics(), self._line()
        bold = painter.font()
        bold.setBold(True)
        painter.setFont(bold)
        painter.drawText(0, metrics.ascent() + 2, self.title)
        painter.setFont(self.font())
        label_width = max([metrics.horizontalAdvance(label) for label, _ in self.items] + [40]) + 8
        value_width = metrics.horizontalAdvance("0000 (100.0%)") + 8
        bar_space = max(20, self.width() - label_width - value_width)
        peak = max([v for _, v in self.items] + [1])
        for i, (label, value) in enumerate(self.items):
            y = line * (i + 1) + 4
            painter.setPen(self.palette().windowText().color())
            painter.drawText(
                QRectF(0, y, label_width - 6, line),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                label,
            )
            width = bar_space * value / peak
            painter.fillRect(QRectF(label_width, y + 3, width, line - 6), BAR_COLOR)
            share = f" ({value * 100 / self.total:.1f}%)" if self.total else ""
            painter.drawText(
                QRectF(label_width + width + 4, y, value_width + 40, line),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                f"{value}{share}",
            )
        painter.end()
