"""The guide's pictures, taken from the real window on the demo branch: resources/help/images/*.png.

Run again after the window changes: `python resources/help/make_pictures.py`. Pictures are scaled to
the guide's width and reduced to a palette, so the whole set stays small in the installer.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("DANGJIAN_BUNDLED_FONT_ONLY", "1")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from dangjian_desktop.core.db import open_database  # noqa: E402
from dangjian_desktop.ui.app import make_app  # noqa: E402
from dangjian_desktop.ui.context import AppContext  # noqa: E402
from dangjian_desktop.ui.jobs import JobRunner  # noqa: E402
from dangjian_desktop.ui.main_window import MainWindow  # noqa: E402

TODAY = dt.date(2026, 11, 22)
OUT = Path(__file__).resolve().parent / "images"
WIDTH = 720  # px in the guide


def settle() -> None:
    for _ in range(10):
        QApplication.sendPostedEvents()
        QApplication.processEvents()


def save(widget: QWidget, name: str) -> None:
    settle()
    raw = OUT / f"{name}.raw.png"
    widget.grab().save(str(raw))
    image = Image.open(raw).convert("RGB")
    if image.width > WIDTH:
        image = image.resize((WIDTH, round(image.height * WIDTH / image.width)), Image.Resampling.LANCZOS)
    image.quantize(colors=96, method=Image.Quantize.MEDIANCUT).save(OUT / f"{name}.png", optimize=True)
    raw.unlink()
    print(OUT / f"{name}.png")


def close_others(app: QApplication, keep: QWidget) -> None:
    for other in app.topLevelWidgets():  # the opening birthday reminder would cover the tabs
        if other is not keep and other.isVisible():
            other.close()


def main() -> int:
    app = make_app()
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        runner = JobRunner()
        db = open_database(Path(tmp) / "demo.sqlite3")
        ctx = AppContext(db=db, jobs=runner, today=lambda: TODAY)
        window = MainWindow(ctx)
        window.resize(1100, 620)
        window.show()
        save(window, "first_run")
        window.first_run.load_demo()
        settle()
        close_others(app, window)
        window.branch_label.setText("凤凰村党支部")  # not the temporary file's path
        names = ["roster", "birthdays", "meetings", "cards"]
        for index, name in enumerate(names):
            window.tabs.setCurrentIndex(index)
            save(window, name)
        window.tabs.setCurrentIndex(0)
        roster = window.tabs.widget(0)
        roster.table.selectRow(0)
        roster.print_dialog()
        runner.wait()
        settle()
        dialog = next(w for w in app.topLevelWidgets() if type(w).__name__ == "PrintDialog" and w.isVisible())
        save(dialog, "print")
        dialog.close()
        from dangjian_desktop.ui.package.export_dialog import ExportDialog

        export = ExportDialog(ctx, window)
        export.folder.setText("E:\\")
        export.encrypt.setChecked(True)
        export.show()
        save(export, "export")
        export.close()
        settings_dialog = window.settings_dialog()
        settings_dialog.show()
        titles = [settings_dialog.pages.tabText(i) for i in range(settings_dialog.pages.count())]
        settings_dialog.pages.setCurrentIndex(titles.index("三会一课"))
        save(settings_dialog, "settings_meetings")
        settings_dialog.done(0)
        window.close()
        runner.wait()
        db.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
