"""Every tab lays out without overlapping or squeezed widgets at 150% scaling and at the largest font."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QWidget

from dangjian_desktop.core import settings
from dangjian_desktop.ui.app import set_font_size
from dangjian_desktop.ui.main_window import MainWindow
from dangjian_desktop.ui.settings_dialog import SettingsDialog
from tests.ui.layout_check import check_main_window, every_page_problems, layout_problems, settle

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def largest_font(qapp):
    before = qapp.font()
    set_font_size(qapp, settings.FONT_SIZES[1])
    qapp.processEvents()
    yield settings.FONT_SIZES[1]
    qapp.setFont(before)


def test_the_check_sees_overlap_and_squeezing(qtbot) -> None:
    """The checker itself must be able to fail."""
    parent = QWidget()
    qtbot.addWidget(parent)
    row = QHBoxLayout(parent)
    first, second = QLabel("党员花名册"), QLineEdit()
    row.addWidget(first)
    row.addWidget(second)
    parent.resize(400, 60)
    parent.show()
    qtbot.waitExposed(parent)
    assert layout_problems(parent) == []
    second.setGeometry(first.geometry().adjusted(10, 0, 10, 0))  # what a broken layout would do
    assert any("重叠" in p for p in layout_problems(parent))
    parent.layout().activate()
    first.setGeometry(first.x(), first.y(), 5, first.height())
    assert any("被挤小" in p for p in layout_problems(parent))


def test_every_tab_at_the_largest_font(qtbot, ctx, demo_db, largest_font) -> None:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    assert window.font().pointSizeF() == largest_font
    problems = check_main_window(window, settle)
    assert window.tabs.count() >= 1
    assert problems == []


def test_settings_dialog_at_the_largest_font(qtbot, ctx, branch_id, largest_font) -> None:
    dialog = SettingsDialog(ctx.db)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert every_page_problems(dialog, settle) == []


@pytest.mark.parametrize("scale", ["1.5", "1.25"])
def test_every_tab_at_high_dpi_scaling(tmp_path, demo_db, scale) -> None:
    """QT_SCALE_FACTOR applies only when Qt starts, so the window is checked in a fresh process."""
    demo_db.close()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_SCALE_FACTOR": scale}
    env["PYTHONPATH"] = str(ROOT)
    result = subprocess.run(
        [sys.executable, "-m", "tests.ui.layout_check", str(demo_db.path)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
    )
    assert result.stdout.startswith(f"scale={float(scale)}"), result.stdout + result.stderr
    assert result.returncode == 0, result.stdout


def test_a_database_in_a_deep_folder_does_not_widen_the_window(qtbot, largest_font) -> None:
    """The status bar names the branch and the file: a path of 200 characters gives way in the middle
    (its start and the file's name stay, the whole of it in the tooltip); a short one shows whole."""
    from dangjian_desktop.ui.main_window import StartPreview

    deep = Path("C:/Users/村委会/Documents/" + "党建资料备份/" * 25 + "凤凰村.sqlite3")
    for path, whole in ((Path("/data/fh.sqlite3"), True), (deep, False)):
        window = MainWindow(preview=StartPreview(path, "凤凰村党支部"))
        qtbot.addWidget(window)
        window.resize(1280, 800)
        window.show()
        settle()
        label, expected = window.branch_label, f"凤凰村党支部　数据：{path}"
        assert window.width() <= 1280 and layout_problems(window, "〈主窗口〉") == []
        assert label.text() == label.toolTip() == expected
        shown = QLabel.text(label)  # what is painted
        assert (shown == expected) == whole
        assert shown.startswith("凤凰村党支部") and shown.endswith(".sqlite3")
        assert whole or ("…" in shown and label.width() < label.fontMetrics().horizontalAdvance(expected))


def test_the_detail_pane_keeps_the_masked_number_whole_and_the_window_its_height(
    qtbot, ctx, demo_db, largest_font
) -> None:
    """At the largest font on the smallest screen (1093x580 logical): the masked ID number has nowhere
    to break, so the pane is at least as wide as it; a long note scrolls inside the pane instead of
    making the window taller."""
    import sqlite3

    from dangjian_desktop.core.idcard import mask

    with sqlite3.connect(demo_db.path) as connection:
        member_id, number = connection.execute(
            "SELECT id, id_number FROM member WHERE id_number != '' ORDER BY id LIMIT 1"
        ).fetchone()
        connection.execute("UPDATE member SET note = ? WHERE id = ?", ("入党积极分子培养联系人。" * 40, member_id))
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1093, 580)
    window.show()
    settle()
    tab = window.tabs.currentWidget()
    before = window.size()
    assert tab.select_member(member_id)
    settle()
    details = tab.details
    assert f"身份证号：{mask(number)}" in details.text() and "入党积极分子培养联系人" in details.text()
    assert details.width() >= details.fontMetrics().horizontalAdvance(mask(number))
    assert window.size() == before and layout_problems(window, "〈主窗口〉") == []
