"""The roster's detail pane: the selected member's photo and particulars, the ID number masked.

Everything the member's record holds is escaped before it goes into the pane's rich text: a note such
as "年龄<35" or a pasted "<b>" must show as typed, not vanish into markup.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QStyle, QVBoxLayout, QWidget

from dangjian_desktop.core.dates import format_cn
from dangjian_desktop.core.idcard import mask
from dangjian_desktop.core.member_rows import MemberRow

NOTHING_SELECTED = "选择一名党员查看详情"
_MASKED_SAMPLE = mask("360426199101010071") + " "  # as wide as any masked number, and a little room


def details_html(row: MemberRow) -> str:
    """The member's particulars as the pane shows them (rich text, every stored value escaped)."""

    def e(value: object) -> str:
        return escape(str(value or ""))

    lines = [
        f"<b style='font-size:14pt'>{e(row.name)}</b>　{e(row.gender)} {e(row.ethnicity)}",
        f"身份证号：{e(mask(row.id_number))}",
        f"入党日期：{e(format_cn(row.join_date))}",
        f"转正日期：{e(format_cn(row.full_date))}",
        f"{e(row.category)}　{e(row.party_group)}",
        f"联系电话：{e(row.phone)}",
        f"工作岗位：{e(row.job)}",
        f"住址：{e(row.address)}",
    ]
    if row.is_mobile:
        lines.append(f"流动党员：{e(row.mobile_destination or '是')}")
    if not row.is_active:
        lines.append(
            f"<span style='color:#c0392b'>{e(row.status)}：{e(format_cn(row.left_date))} {e(row.left_reason)}</span>"
        )
    if row.note:
        lines.append(f"备注：{e(row.note)}")
    return "<br>".join(lines)


class DetailPane(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.photo = QLabel()
        self.photo.setFixedSize(118, 165)
        self.photo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.photo.setStyleSheet("border: 1px solid #bbb; background: #fafafa;")
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # a long address or note scrolls inside the pane instead of making the window taller than the
        # screen (its 状态栏 went below a 1080 px screen at 175% and the largest font)
        scroll = QScrollArea()
        scroll.setWidget(self.details)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.viewport().setAutoFillBackground(False)  # the pane's own background, not a grey box
        self.details.setAutoFillBackground(False)  # (setWidget turned it on)
        box = QVBoxLayout(self)
        box.addWidget(self.photo, alignment=Qt.AlignmentFlag.AlignHCenter)
        box.addWidget(scroll, 1)
        self._fit_width()
        self.clear()

    def _fit_width(self) -> None:
        """At least as wide as a masked ID number, which has nowhere to break: at the largest font a
        fixed 200 px cut it after the asterisks."""
        margins = self.layout().contentsMargins()
        widest = self.details.fontMetrics().horizontalAdvance(_MASKED_SAMPLE) + margins.left() + margins.right()
        self.setMinimumWidth(max(200, widest + self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_width()

    def clear(self) -> None:
        self.photo.setPixmap(QPixmap())
        self.photo.setText("")
        self.details.setText(NOTHING_SELECTED)

    def show_read(self, details: Callable[[], tuple[MemberRow, bytes | None] | None]) -> None:
        """The whole member that `details()` reads with its photo (None: no longer there)."""
        try:
            found = details()
        except ValueError as exc:  # a date another tool stored that no reading makes a date
            self.clear()
            self.details.setText(f"无法读取这名党员的记录：{exc}")
            return
        if found is None:
            self.clear()
        else:
            self.show_member(*found)

    def show_member(self, row: MemberRow, photo: bytes | None) -> None:
        if photo:
            pixmap = QPixmap()
            pixmap.loadFromData(photo)
            self.photo.setPixmap(
                pixmap.scaled(
                    self.photo.size(),
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        else:
            self.photo.setPixmap(QPixmap())
            self.photo.setText("无照片")
        self.details.setText(details_html(row))
