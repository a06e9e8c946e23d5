"""A geometry check for laid-out widgets: nothing overlaps, nothing is cut off, nothing squeezed.

For every visible widget that has a layout, the widgets that layout places (through nested layouts too)
must not intersect each other, must lie inside their parent, and must be at least as large as their
minimum size hint (a widget squeezed below it shows clipped text). Splitters, stacked pages and scroll
areas place their children themselves and are walked into, not compared.

Run as a program (`python -m tests.ui.layout_check DB`) it opens the main window on DB, checks every
tab and prints one problem per line; the 150% test runs it so with QT_SCALE_FACTOR=1.5.
"""

from __future__ import annotations

import sys
from itertools import combinations

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication, QLayout, QTabWidget, QWidget


def settle() -> None:
    """Layout changes travel as posted events one level per round (chart -> grid -> scroll area ...)."""
    for _ in range(12):
        QApplication.sendPostedEvents()
        QApplication.processEvents()


def _layout_widgets(layout: QLayout) -> list[QWidget]:
    found: list[QWidget] = []
    for i in range(layout.count()):
        item = layout.itemAt(i)
        if item.widget() is not None:
            widget = item.widget()
            if not widget.isHidden():
                found.append(widget)
        elif isinstance(sub := item.layout(), QLayout):
            # not merely `is not None`: a C++ spacer item freed behind Python's back may leave its
            # wrapper to a layout made later at the same address (seen once, as a QSpacerItem)
            found.extend(_layout_widgets(sub))
    return found


def _name(widget: QWidget) -> str:
    text = ""
    for attr in ("text", "title", "placeholderText"):
        method = getattr(widget, attr, None)
        if callable(method):
            try:
                text = str(method())
            except TypeError:
                continue
            if text:
                break
    label = f"{type(widget).__name__}"
    if widget.objectName():
        label += f"#{widget.objectName()}"
    return f"{label}“{text[:16]}”" if text else label


def _within(widget: QWidget, ancestors: tuple[QWidget, ...]) -> bool:
    return any(widget is a or a.isAncestorOf(widget) for a in ancestors)


def layout_problems(root: QWidget, where: str = "", exclude: tuple[QWidget, ...] = ()) -> list[str]:
    """`exclude`: subtrees checked on their own (a main window's pages)."""
    problems: list[str] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible() or widget.layout() is None or _within(widget, exclude):
            continue
        placed = _layout_widgets(widget.layout())
        inside = widget.rect()
        for child in placed:
            geometry = child.geometry()
            if not inside.contains(geometry):
                problems.append(
                    f"{where}{_name(child)} 超出 {_name(widget)}：{_rect(geometry)} / {_rect(inside)}"
                )
            hint = child.minimumSizeHint()
            minimum = child.minimumSize()
            need_w = max(minimum.width(), hint.width()) if child.minimumWidth() == 0 else minimum.width()
            need_h = max(minimum.height(), hint.height()) if child.minimumHeight() == 0 else minimum.height()
            if (need_w > 0 and geometry.width() < need_w) or (need_h > 0 and geometry.height() < need_h):
                problems.append(
                    f"{where}{_name(child)} 被挤小：{geometry.width()}x{geometry.height()}，至少要 {need_w}x{need_h}"
                )
        for a, b in combinations(placed, 2):
            overlap = a.geometry().intersected(b.geometry())
            if overlap.width() > 0 and overlap.height() > 0:
                problems.append(
                    f"{where}{_name(a)} 与 {_name(b)} 重叠：{_rect(a.geometry())} ∩ {_rect(b.geometry())}"
                )
    return problems


def _rect(rect: QRect) -> str:
    return f"({rect.x()},{rect.y()} {rect.width()}x{rect.height()})"


def every_page_problems(root: QWidget, settle, where: str = "") -> list[str]:
    """Shows each page of every tab widget under root in turn (nested ones too) and checks it."""
    problems = layout_problems(root, where)
    for tabs in root.findChildren(QTabWidget):
        if not tabs.isVisible():
            continue
        original = tabs.currentIndex()
        for index in range(tabs.count()):
            if index == original:
                continue
            tabs.setCurrentIndex(index)
            settle()
            page = f"{where}[{tabs.tabText(index)}] "
            problems += layout_problems(tabs.widget(index), page)
        tabs.setCurrentIndex(original)
        settle()
    return problems


def check_main_window(window, settle, size=(1280, 800)) -> list[str]:
    """Every tab of the main window at `size`; the window must also fit in it (its minimum does)."""
    window.resize(*size)
    window.show()
    settle()
    problems: list[str] = []
    if window.width() > size[0] or window.height() > size[1]:
        problems.append(f"主窗口最小也要 {window.width()}x{window.height()}，超过 {size[0]}x{size[1]}")
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        settle()
        problems += every_page_problems(
            window.tabs.widget(index), settle, f"〈{window.tabs.tabText(index)}〉"
        )
    problems += layout_problems(window, "〈主窗口〉")
    return problems


def main(db_path: str) -> int:
    from dangjian_desktop.core.db import open_database
    from dangjian_desktop.ui.app import make_app
    from dangjian_desktop.ui.context import AppContext
    from dangjian_desktop.ui.jobs import JobRunner
    from dangjian_desktop.ui.main_window import MainWindow

    _app = make_app()  # kept alive while the window exists
    db = open_database(db_path)
    window = MainWindow(AppContext(db=db, jobs=JobRunner()))
    problems = check_main_window(window, settle)
    print(f"scale={window.devicePixelRatio()} tabs={window.tabs.count()}")
    for problem in problems:
        print(problem)
    db.close()
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
