"""Small widgets shared by the tabs."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QWidget


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
