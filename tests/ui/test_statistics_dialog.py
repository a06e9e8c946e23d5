"""年报统计 dialog: opened from the roster's 统计 page and the 乡镇汇总 tab, the tables shown, Excel saved,
the PDF made through the one print dialog; a broken setting shown as its message."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import load_workbook
from pypdf import PdfReader

from dangjian_desktop.core import settings
from dangjian_desktop.core.demo import build_full_demo
from dangjian_desktop.core.roster import list_members
from dangjian_desktop.ui.statistics_dialog import StatisticsDialog, default_year

from .conftest import TODAY


def _wait(qtbot, dialog: StatisticsDialog) -> None:
    qtbot.waitUntil(lambda: dialog.stats is not None or "统计" not in dialog.status.text(), timeout=30000)


def test_default_year_edges() -> None:
    assert default_year(dt.date(2027, 6, 30)) == 2026  # the half-year on the line: still last year's report
    assert default_year(dt.date(2027, 7, 1)) == 2027
    assert default_year(dt.date(2026, 12, 31)) == 2026
    assert default_year(dt.date(2027, 1, 1)) == 2026


def test_from_the_roster_tab_to_excel_and_pdf(qtbot, ctx, tmp_path: Path) -> None:
    from dangjian_desktop.ui.roster.tab import RosterTab

    with ctx.db.transaction() as s:
        build_full_demo(s, today=TODAY)
        on_roster = sum(1 for r in list_members(s, include_left=False))
    tab = RosterTab(ctx)
    qtbot.addWidget(tab)
    tab.pages.setCurrentIndex(1)
    tab.stats.year_end_button.click()
    dialog = tab.statistics_dialog
    assert dialog.year.value() == TODAY.year  # November: this year's report
    _wait(qtbot, dialog)
    assert dialog.stats is not None and dialog.stats.roster_count == on_roster
    assert f"在册党员 {on_roster} 名" in dialog.status.text()
    shown = dialog.view.toPlainText()
    assert "凤凰村党支部2026年度党员统计表" in shown and "本年减少党员" in shown
    dialog.save_excel(tmp_path / "统计")  # the suffix is added
    qtbot.waitUntil(lambda: dialog.saved is not None, timeout=20000)
    assert dialog.saved == tmp_path / "统计.xlsx"
    assert load_workbook(dialog.saved)["性别"]["B3"].value == "合计"
    assert dialog.suggested_path().name.startswith("凤凰村党支部-2026年度党员统计表-")
    dialog.print_button.click()
    printing = dialog.printing
    qtbot.waitUntil(lambda: printing.pdf is not None, timeout=30000)
    text = "".join(page.extract_text() for page in PdfReader(printing.pdf).pages)
    assert f"在册党员 {on_roster} 名" in text
    printing.save_to(tmp_path / "统计.pdf")
    assert (tmp_path / "统计.pdf").exists()
    printing.reject()
    dialog.year.setValue(2020)  # another year: recounted
    qtbot.waitUntil(lambda: dialog.stats is not None and dialog.stats.year == 2020, timeout=30000)
    assert "2020年度" in dialog.view.toPlainText()
    dialog.reject()


def test_from_the_township_tab(qtbot, ctx) -> None:
    from sqlalchemy import update

    from dangjian_desktop.core.models import Branch
    from dangjian_desktop.ui.township.tab import TownshipTab

    with ctx.db.transaction() as s:
        build_full_demo(s, today=TODAY)
        s.add(Branch(name="青松村党支部", township="青山镇"))
        s.execute(update(Branch).values(township="青山镇"))
    tab = TownshipTab(ctx)
    qtbot.addWidget(tab)
    tab.statistics_button.click()
    dialog = tab.statistics_dialog
    _wait(qtbot, dialog)
    assert dialog.stats is not None and dialog.stats.scope == "青山镇" and dialog.stats.branches == 2
    assert "各党支部党员数" in dialog.view.toPlainText()
    dialog.reject()


def test_a_broken_setting_is_said_not_shown(qtbot, ctx, branch_id) -> None:
    with ctx.db.transaction() as s:
        settings.put(s, settings.STATISTICS_AGE_BANDS, ["40", "30"])
    dialog = StatisticsDialog(ctx)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: "年龄段" in dialog.status.text(), timeout=20000)
    assert (
        dialog.stats is None and not dialog.excel_button.isEnabled() and not dialog.print_button.isEnabled()
    )
    assert dialog.view.toPlainText() == ""
