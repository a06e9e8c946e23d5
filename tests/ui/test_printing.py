"""Every 打印: a preview of the program's real PDF, the printer (here Qt's PDF output), and 保存为PDF."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewWidget
from PySide6.QtWidgets import QMessageBox, QPushButton

from dangjian_desktop.core.branch import current_branch
from dangjian_desktop.core.roster import list_members
from dangjian_desktop.printing.roster_pdf import print_roster
from dangjian_desktop.ui.printing import PrintDialog, default_name, documents_dir, render_pdf
from tests.pdf_render import render_page

TODAY = dt.date(2026, 11, 22)


@pytest.fixture(scope="module")
def roster_pdf(tmp_path_factory) -> Path:
    """The program's roster PDF of the demo branch, which runs to more than one page."""
    from dangjian_desktop.core.db import open_database
    from dangjian_desktop.core.demo import build_full_demo

    folder = tmp_path_factory.mktemp("print")
    db = open_database(folder / "demo.sqlite3")
    with db.transaction() as session:
        build_full_demo(session)
    with db.reading() as session:
        branch = current_branch(session)
        rows = [r for r in list_members(session) if r.is_active]
    db.close()
    return print_roster(rows, branch.name, folder / "roster.pdf", today=TODAY)


@pytest.fixture
def roster_dialog(qtbot, ctx, branch_id, roster_pdf) -> PrintDialog:
    """The print dialog as a tab opens it, once its PDF is made."""
    dialog = PrintDialog(None, ctx, "党员花名册", lambda out: shutil.copyfile(roster_pdf, out))
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.pdf is not None, timeout=20000)
    return dialog


def _pages(pdf: Path) -> int:
    return len(PdfReader(str(pdf)).pages)


def _printer_to(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def test_buttons_wait_for_the_pdf_then_offer_all_three(roster_dialog) -> None:
    assert roster_dialog.preview_button.isEnabled() and roster_dialog.print_button.isEnabled()
    assert roster_dialog.save_button.isEnabled()
    assert f"共 {_pages(roster_dialog.pdf)} 页" in roster_dialog.status.text()


def test_preview_renders_every_page_of_the_real_pdf(qtbot, roster_dialog) -> None:
    expected = _pages(roster_dialog.pdf)
    assert expected >= 2
    preview = roster_dialog.preview_dialog()
    qtbot.addWidget(preview)
    preview.show()  # the preview asks for its pages when shown
    widget = preview.findChild(QPrintPreviewWidget)
    qtbot.waitUntil(lambda: widget.pageCount() == expected, timeout=20000)
    preview.close()


def test_printing_to_a_pdf_printer_gives_the_same_pages(qtbot, roster_dialog, tmp_path) -> None:
    out = tmp_path / "printed.pdf"
    printer = _printer_to(out)
    assert render_pdf(roster_dialog.pdf, printer) == _pages(roster_dialog.pdf)
    assert _pages(out) == _pages(roster_dialog.pdf)
    # the sheet carries the page, not a blank: dark pixels where the text is
    image = render_page(out, 0, scale=0.5).convert("L")
    assert image.getextrema()[0] < 100
    width, height = PdfReader(str(out)).pages[0].mediabox.width, PdfReader(str(out)).pages[0].mediabox.height
    original = PdfReader(str(roster_dialog.pdf)).pages[0].mediabox
    assert (round(float(width)), round(float(height))) == (
        round(float(original.width)),
        round(float(original.height)),
    )


@pytest.mark.parametrize(("first", "last", "count"), [(1, 1, 1), (2, 2, 1), (1, 2, 2)])
def test_a_page_range_prints_those_pages(roster_dialog, tmp_path, first, last, count) -> None:
    printer = _printer_to(tmp_path / "range.pdf")
    printer.setFromTo(first, last)
    assert render_pdf(roster_dialog.pdf, printer) == count
    assert _pages(tmp_path / "range.pdf") == count


def test_saving_suggests_a_name_that_says_what_it_is(roster_dialog, tmp_path) -> None:
    suggested = roster_dialog.suggested_path()
    assert suggested.parent == documents_dir() / "党务台账"  # 文档\党务台账, never the install folder
    assert documents_dir() != Path.cwd()
    assert suggested.name == "测试村党支部-党员花名册-2026年11月22日.pdf"
    saved = roster_dialog.save_to(tmp_path / "花名册")
    assert saved.name == "花名册.pdf" and saved.read_bytes() == roster_dialog.pdf.read_bytes()
    box = roster_dialog.saved_message()
    texts = {b.text() for b in box.findChildren(QPushButton)}
    assert {"打开文件", "打开文件夹"} <= texts
    assert str(saved) in box.text()
    assert isinstance(box, QMessageBox)


def test_default_name_keeps_windows_file_names_legal() -> None:
    assert (
        default_name("凤凰村党支部", "党员花名册", dt.date(2026, 12, 1))
        == "凤凰村党支部-党员花名册-2026年12月1日.pdf"
    )
    assert (
        default_name("A/B村", "会议记录:汇编", dt.date(2026, 1, 9)) == "A-B村-会议记录-汇编-2026年1月9日.pdf"
    )


def test_nothing_to_print_says_so(qtbot, ctx, branch_id) -> None:
    dialog = PrintDialog(None, ctx, "明白卡", lambda _out: None)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: "无法生成" in dialog.status.text())
    assert not dialog.print_button.isEnabled() and dialog.pdf is None
