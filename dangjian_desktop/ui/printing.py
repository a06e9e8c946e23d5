"""Every 打印 of the program: 打印预览, 打印 (Qt's print dialog, to the real printer) and 保存为PDF.

A tab hands `offer_print` a title and a function that writes the document's PDF; the PDF is made once,
off the GUI thread, into a temporary file, and the three buttons use that same file:

- preview and printer: each page rendered by PDFium (pypdfium2) at the printer's resolution and painted
  onto the QPrinter. Qt's own PDF module (QtPdf) is not in PySide6-Essentials, and pulling in
  PySide6-Addons for it would add far more to the installer than pypdfium2's one PDFium library;
  PDFium is Chrome's PDF engine, pypdfium2 ships wheels for Windows and is actively released, and our
  tests already render pages with it. So the paper shows exactly what the saved PDF holds.
- saving: by default into 文档\\党务台账\\ under a name that says what it is
  (凤凰村党支部-党员花名册-2026年12月1日.pdf); afterwards 打开文件 / 打开文件夹.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QMarginsF, QSizeF, QStandardPaths, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dangjian_desktop.core.dates import format_cn
from dangjian_desktop.ui.context import AppContext
from dangjian_desktop.ui.ops import read

MakePdf = Callable[[Path], object]  # writes the PDF at the path; runs on the job thread
DOCUMENTS_FOLDER = "党务台账"
MAX_DPI = 300  # enough for text on paper; a 1200 dpi printer would otherwise get 400 MB pages


def documents_dir() -> Path:
    """The user's 文档 folder: where file dialogs start, never the program's own (install) folder."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents) if documents else Path.home()


def default_folder() -> Path:
    """文档\\党务台账 of the user, where the program's files go unless the user picks another place."""
    return documents_dir() / DOCUMENTS_FOLDER


def default_name(branch: str, what: str, day) -> str:  # noqa: ANN001 - a date
    """凤凰村党支部-党员花名册-2026年12月1日.pdf; characters Windows forbids in names become -."""
    name = "-".join(part for part in (branch, what, format_cn(day)) if part)
    return "".join("-" if ch in '\\/:*?"<>|' else ch for ch in name) + ".pdf"


# --- PDF pages onto a printer ------------------------------------------------------------------------
def page_count(pdf: Path) -> int:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    try:
        return len(document)
    finally:
        document.close()


def render_pdf(pdf: Path, printer: QPrinter) -> int:
    """Paints the PDF's pages (the printer's page range, if one was chosen) onto the printer; the count."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    painter = QPainter()
    printed = 0
    try:
        first = max(printer.fromPage(), 1) - 1
        last = (printer.toPage() or len(document)) - 1
        indexes = range(first, min(last, len(document) - 1) + 1)
        dpi = min(printer.resolution(), MAX_DPI)
        printer.setFullPage(True)  # our PDFs carry their own margins
        for n, index in enumerate(indexes):
            page = document[index]
            layout = _layout_of(*page.get_size())
            if n == 0 or not layout.isEquivalentTo(printer.pageLayout()):
                printer.setPageLayout(layout)  # a landscape page among portrait ones turns the sheet
            if n == 0:
                if not painter.begin(printer):
                    raise OSError("打印机无法开始打印")
            elif not printer.newPage():
                raise OSError("打印机无法换页")
            image = _page_image(page, dpi)
            page.close()
            target = painter.viewport()  # the whole sheet in device pixels, since the page is full
            painter.setWindow(target)
            painter.drawImage(target, image)
            printed += 1
    finally:
        if painter.isActive():
            painter.end()
        document.close()
    return printed


def _layout_of(width_pt: float, height_pt: float) -> QPageLayout:
    """The sheet a PDF page needs, as a named size (A4) where it is one, so the printer picks its tray."""
    landscape = width_pt > height_pt
    short, long = sorted((width_pt, height_pt))
    return QPageLayout(
        QPageSize(QSizeF(short, long), QPageSize.Unit.Point),
        QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait,
        QMarginsF(0, 0, 0, 0),
    )


def _page_image(page, dpi: int) -> QImage:  # noqa: ANN001 - a pypdfium2 page
    bitmap = page.render(scale=dpi / 72, rev_byteorder=True)
    image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGB888)
    return image.copy()  # the bitmap's memory is PDFium's and goes away with it


# --- the dialog every 打印 opens ---------------------------------------------------------------------
class PrintDialog(QDialog):
    """打印预览 / 打印 / 保存为PDF of one document; the PDF is made when the dialog opens."""

    def __init__(self, parent: QWidget | None, ctx: AppContext, what: str, make: MakePdf) -> None:
        super().__init__(parent)
        self.ctx, self.what = ctx, what
        self.setWindowTitle(f"打印：{what}")
        self._folder = tempfile.TemporaryDirectory(prefix="dangjian-print-")
        self.pdf: Path | None = None
        self.saved: Path | None = None
        self._closed = False
        self.status = QLabel(f"正在生成“{what}”…")
        self.status.setWordWrap(True)
        # room for the longest message from the start, so the buttons do not jump when it arrives
        self.status.setMinimumHeight(self.fontMetrics().lineSpacing() * 3)
        self.preview_button = QPushButton("打印预览…")
        self.print_button = QPushButton("打印…")
        self.save_button = QPushButton("保存为PDF…")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        for button in (self.preview_button, self.print_button, self.save_button):
            self.buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
            button.setEnabled(False)
        self.preview_button.clicked.connect(self.preview)
        self.print_button.clicked.connect(self.print_)
        self.save_button.clicked.connect(self.ask_save)
        self.buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addWidget(self.status)
        box.addStretch(1)
        box.addWidget(self.buttons)
        from dangjian_desktop.ui.screen_fit import fit_to_screen

        fit_to_screen(self, self.fontMetrics().horizontalAdvance("国") * 30, self.sizeHint().height())
        out = Path(self._folder.name) / "document.pdf"
        ctx.jobs.run(lambda _progress: make(out), lambda _r: self._made(out), self._failed)

    def _made(self, out: Path) -> None:
        if self._closed:
            return
        if not out.exists():
            self._failed("没有可以打印的内容")
            return
        self.pdf = out
        pages = page_count(out)
        self.status.setText(f"“{self.what}”已生成，共 {pages} 页。可以先预览，再打印或保存为PDF。")
        for button in (self.preview_button, self.print_button, self.save_button):
            button.setEnabled(True)
        self.print_button.setDefault(True)

    def _failed(self, message: str) -> None:
        if self._closed:
            return  # the dialog was closed while the PDF was being made
        self.status.setText(f"无法生成“{self.what}”：{message}")

    # --- 打印预览 and 打印 ---
    def printer(self) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.what)
        return printer

    def preview_dialog(self, printer: QPrinter | None = None) -> QPrintPreviewDialog:
        """Built apart from exec() so tests see the same preview the button opens."""
        assert self.pdf is not None
        pdf = self.pdf
        printer = printer or self.printer()
        dialog = QPrintPreviewDialog(printer, self)
        dialog.printer_ = printer  # the dialog does not own its printer: keep it alive as long
        dialog.setWindowTitle(f"打印预览：{self.what}")
        dialog.paintRequested.connect(lambda p: render_pdf(pdf, p))
        from dangjian_desktop.ui.screen_fit import fit_to_screen

        fit_to_screen(dialog, 1000, 900)
        return dialog

    def preview(self) -> None:
        self.preview_dialog().exec()

    def print_(self) -> None:
        assert self.pdf is not None
        printer = self.printer()
        chooser = QPrintDialog(printer, self)
        chooser.setWindowTitle(f"打印：{self.what}")
        if chooser.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            render_pdf(self.pdf, printer)
        except OSError as exc:
            QMessageBox.warning(self, "打印", f"打印没有成功：{exc}")
            return
        self.status.setText(f"“{self.what}”已送到打印机 {printer.printerName()}。")

    # --- 保存为PDF ---
    def suggested_path(self) -> Path:
        from dangjian_desktop.core.branch import current_branch

        branch = read(self.ctx, current_branch)
        return default_folder() / default_name(branch.name if branch else "", self.what, self.ctx.today())

    def ask_save(self) -> None:
        suggested = self.suggested_path()
        suggested.parent.mkdir(parents=True, exist_ok=True)
        name, _filter = QFileDialog.getSaveFileName(self, "保存为PDF", str(suggested), "PDF 文件 (*.pdf)")
        if name:
            self.save_to(Path(name))
            self.tell_saved()

    def save_to(self, target: Path) -> Path:
        assert self.pdf is not None
        if target.suffix.lower() != ".pdf":
            target = target.with_name(target.name + ".pdf")
        shutil.copyfile(self.pdf, target)
        self.saved = target
        self.status.setText(f"已保存到 {target}")
        return target

    def saved_message(self) -> QMessageBox:
        assert self.saved is not None
        box = QMessageBox(
            QMessageBox.Icon.Information, "已保存", f"“{self.what}”已保存到：\n{self.saved}", parent=self
        )
        open_file = box.addButton("打开文件", QMessageBox.ButtonRole.ActionRole)
        open_folder = box.addButton("打开文件夹", QMessageBox.ButtonRole.ActionRole)
        box.addButton("关闭", QMessageBox.ButtonRole.RejectRole)
        saved = self.saved
        open_file.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(saved))))
        open_folder.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(saved.parent))))
        return box

    def tell_saved(self) -> None:
        self.saved_message().exec()

    def done(self, result: int) -> None:
        """Closing removes the temporary PDF (once the job making it has finished)."""
        self._closed = True
        super().done(result)
        self.ctx.jobs.wait()
        self._folder.cleanup()


def offer_print(parent: QWidget, ctx: AppContext, what: str, make: MakePdf) -> PrintDialog:
    """The one call behind every 打印 button: opens the dialog (window-modal) and returns it."""
    dialog = PrintDialog(parent, ctx, what, make)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
