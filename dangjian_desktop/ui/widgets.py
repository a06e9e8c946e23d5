"""Small widgets shared by the tabs and the editors."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QLabel,
    QLayout,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

ERROR_STYLE = "color: #c0392b;"


def combo(
    items: list[str] | tuple[str, ...], *, editable: bool = False, parent: QWidget | None = None
) -> QComboBox:
    box = QComboBox(parent)
    box.addItems(list(items))
    box.setEditable(editable)
    return box


def set_combo_text(box: QComboBox, text: str) -> None:
    index = box.findText(text)
    if index >= 0:
        box.setCurrentIndex(index)
    elif box.isEditable():
        box.setEditText(text)


def error_label(style: str = ERROR_STYLE) -> QLabel:
    """A field's error line whose room is kept while it is hidden, so a message appearing or going
    does not move the fields below it (a shaky hand would click the wrong thing)."""
    label = QLabel()
    label.setStyleSheet(style)
    label.setWordWrap(True)
    policy = label.sizePolicy()
    policy.setRetainSizeWhenHidden(True)
    label.setSizePolicy(policy)
    label.setText(" ")  # one line's height is measured from the text; an empty label measures 0
    label.hide()
    return label


def scrolling(body: QWidget | QLayout, *pinned: QWidget | QLayout, margins: bool = True) -> QVBoxLayout:
    """A long form in a scroll area with its button row (保存/取消) pinned below it, outside the
    scrolling part, so the buttons stay on the smallest screen (1093x580 logical) at the largest font.

    Returns the outer layout to set on the dialog: `QVBoxLayout(dialog)` is replaced by this."""
    if isinstance(body, QLayout):
        holder = QWidget()
        holder.setLayout(body)
        body = holder
    area = QScrollArea()
    area.setWidget(body)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    area.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
    outer = QVBoxLayout()
    if not margins:
        outer.setContentsMargins(0, 0, 0, 0)
    outer.addWidget(area, 1)
    for item in pinned:
        if isinstance(item, QLayout):
            outer.addLayout(item)
        else:
            outer.addWidget(item)
    return outer


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """resize() to the wished size, but never beyond the screen's available area (taskbar taken off)."""
    screen = widget.screen() if widget.screen() is not None else None
    if screen is None:
        widget.resize(width, height)
        return
    available = screen.availableGeometry()
    widget.resize(min(width, available.width() - 16), min(height, available.height() - 40))
