"""The program's own icon on its windows and in the installer; 关于 gives the program's version."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from dangjian_desktop import __version__
from dangjian_desktop.ui.app import install_icon
from dangjian_desktop.ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]
ICONS = ROOT / "resources" / "icons"


def test_icon_files_hold_every_size_windows_asks_for() -> None:
    ico = Image.open(ICONS / "dangjian.ico")
    assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= set(ico.info["sizes"])
    png = Image.open(ICONS / "dangjian.png")
    assert png.size == (256, 256)
    # drawn, not blank: the red square and the white pages are both there
    colours = {png.getpixel((128, 20))[:3], png.getpixel((80, 90))[:3]}
    assert (200, 16, 46) in colours and (255, 255, 255) in colours


def test_the_installer_and_the_exe_use_it() -> None:
    assert "resources\\icons\\dangjian.ico" in (ROOT / "packaging" / "installer.iss").read_text("utf-8")
    assert '"icons" / "dangjian.ico"' in (ROOT / "packaging" / "dangjian.spec").read_text("utf-8")


def test_windows_get_the_icon(qtbot, qapp, ctx, branch_id) -> None:
    install_icon(qapp)
    assert not qapp.windowIcon().isNull()
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    assert window.windowIcon().cacheKey() == qapp.windowIcon().cacheKey()


def test_about_gives_the_programs_version_not_pythons(qtbot, ctx, branch_id) -> None:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    text = window.about_text()
    assert f"版本 {__version__}" in text
    assert "Python" not in text and "PySide" not in text
