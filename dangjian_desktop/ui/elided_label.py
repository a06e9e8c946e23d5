"""A one-line label that gives way when the window has no width to spare."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

# what it keeps at least, in characters of its font: a branch's name
_LEAST_CHARS = 8


class ElidedLabel(QLabel):
    """Shows its whole text when there is room and otherwise the start and the end with … between (a
    long folder path gives way, the file's name stays); the whole text is in its tooltip and in text().

    A plain QLabel asks for the width of its whole text: the status bar's branch name and database path
    made the main window wider than a 1366 px screen at 125% when the file lay in a deep folder."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._whole = ""
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.setText(text)

    def setText(self, text: str) -> None:  # noqa: N802 (Qt's name)
        self._whole = text
        self.setToolTip(text)
        self.updateGeometry()
        self._elide()

    def text(self) -> str:
        return self._whole

    def clear(self) -> None:
        self.setText("")

    def sizeHint(self) -> QSize:  # noqa: N802
        margins = self.contentsMargins()
        width = self.fontMetrics().horizontalAdvance(self._whole) + margins.left() + margins.right()
        return QSize(width, super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        least = self.fontMetrics().horizontalAdvance("国" * _LEAST_CHARS)
        return QSize(min(least, self.sizeHint().width()), super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._elide()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # the font size set in 设置: another width
            self.updateGeometry()
            self._elide()

    def _elide(self) -> None:
        metrics, room = self.fontMetrics(), self.contentsRect().width()
        # whole when it has the width sizeHint asked for (elidedText measures a little wider with some fonts)
        if metrics.horizontalAdvance(self._whole) <= room:
            QLabel.setText(self, self._whole)
        else:
            QLabel.setText(self, metrics.elidedText(self._whole, Qt.TextElideMode.ElideMiddle, room))
