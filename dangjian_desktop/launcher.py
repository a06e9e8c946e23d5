"""The first code a frozen or installed program runs: refuse too-old Windows before Qt is loaded.

PySide6 6.x needs Windows 10 1809 (build 17763) or newer; on an older system its DLLs fail to load with
an English "procedure entry point" error that a secretary cannot act on. So this module imports nothing
heavy: it decides from the version numbers alone, says in Chinese which Windows is needed, and only then
hands over to the command line (which opens the window when no command is given).

Python 3.11 itself needs Windows 8.1, so on Windows 7/8 the frozen program fails before this code can
run; there the installer is the guard (installer.iss: MinVersion=10.0.17763, Inno Setup's own Chinese
message). This check covers Windows 8.1 and the early Windows 10 releases, and a copied-over folder.
"""

from __future__ import annotations

import os
import sys

MIN_BUILD = 17763  # Windows 10 version 1809, the oldest PySide6 6.x supports
TITLE = "党务台账"

_OLD_NAMES = {(6, 0): "Windows Vista", (6, 1): "Windows 7", (6, 2): "Windows 8", (6, 3): "Windows 8.1"}


def windows_name(major: int, minor: int, build: int) -> str:
    if (major, minor) in _OLD_NAMES:
        return _OLD_NAMES[(major, minor)]
    if major == 10 and build >= 22000:
        return f"Windows 11（内部版本 {build}）"
    if major == 10:
        return f"Windows 10（内部版本 {build}）"
    if major < 6:
        return "Windows XP 或更早的系统"
    return f"Windows {major}.{minor}（内部版本 {build}）"


def windows_problem(major: int, minor: int, build: int) -> str | None:
    """The Chinese message for a Windows too old to run the program, or None when it is new enough."""
    if major > 10 or (major == 10 and build >= MIN_BUILD):
        return None
    return (
        f"这台电脑的系统是 {windows_name(major, minor, build)}，无法运行本程序。\n\n"
        "本程序需要 Windows 10（1809 版，内部版本 17763）或更新的版本，或 Windows 11。\n"
        "请升级系统，或换一台 Windows 10/11 的电脑安装；数据文件可以用 U 盘拷过去继续使用。"
    )


def _show_message(text: str) -> None:
    try:
        import ctypes

        ctypes.windll.user32.MessageBoxW(None, text, TITLE, 0x10)  # MB_ICONERROR
    except Exception:  # no desktop (a service, a console over SSH): the console still gets the text
        pass
    if sys.stderr is not None:
        print(text, file=sys.stderr)


def check_windows() -> str | None:
    if sys.platform != "win32":
        return None
    # platform_version comes from kernel32.dll itself, so it is right even when the process lacks a
    # compatibility manifest (GetVersionEx would then claim Windows 8).
    major, minor, build = sys.getwindowsversion().platform_version  # type: ignore[attr-defined]
    return windows_problem(major, minor, build)


def main() -> int:
    problem = check_windows()
    if problem:
        _show_message(problem)
        return 1
    if sys.stdout is None:  # the windowed (no console) executable: printing must not fail
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    from dangjian_desktop.cli import main as cli_main

    return cli_main()
