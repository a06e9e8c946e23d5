"""The built-in guide (resources/help/guide.html) in a text browser: no network, no web engine."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from dangjian_desktop.resources import resource_path
from dangjian_desktop.ui.screen_fit import fit_to_screen


def guide_path():
    return resource_path("help", "guide.html")


class HelpDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("使用指南")
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(False)  # the guide links only to its own sections
        self.browser.setSource(QUrl.fromLocalFile(str(guide_path())))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addWidget(self.browser, 1)
        box.addWidget(buttons)
        em = self.fontMetrics().horizontalAdvance("国")
        fit_to_screen(self, max(640, em * 46), max(560, em * 40))
