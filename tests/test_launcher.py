"""The Windows-version guard decides from plain numbers, before PySide6 is ever imported."""

from __future__ import annotations

import subprocess
import sys

import pytest

from dangjian_desktop.launcher import windows_name, windows_problem


@pytest.mark.parametrize(
    ("version", "name"),
    [
        ((6, 1, 7601), "Windows 7"),
        ((6, 2, 9200), "Windows 8"),
        ((6, 3, 9600), "Windows 8.1"),
        ((10, 0, 17134), "Windows 10（内部版本 17134）"),
        ((5, 1, 2600), "Windows XP 或更早的系统"),
    ],
)
def test_too_old_windows_is_named_and_the_needed_one_said(version, name) -> None:
    assert windows_name(*version) == name
    message = windows_problem(*version)
    assert message is not None
    assert name in message
    assert "Windows 10（1809 版，内部版本 17763）" in message


@pytest.mark.parametrize("version", [(10, 0, 17763), (10, 0, 19045), (10, 0, 22631), (11, 0, 0)])
def test_windows_10_1809_and_newer_pass(version) -> None:
    assert windows_problem(*version) is None


def test_the_launcher_loads_no_qt() -> None:
    code = "import sys, dangjian_desktop.launcher; print('PySide6' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
