"""Where the print-size photos are kept on Windows (core/photos.py `print_photo_dir`): the user's local
cache folder of the program itself, with no author folder above it (platformdirs puts one there unless
told not to: ...\\dangjian_desktop\\dangjian_desktop\\Cache). platformdirs' real Windows rules, with its
own override of the folder, since this machine is not Windows; as the data folder's test in
test_db_edges3.py."""

from __future__ import annotations

from pathlib import PureWindowsPath

import platformdirs
import platformdirs.windows
import pytest

from dangjian_desktop.core.photos import CACHE_ENV, print_photo_dir


def test_the_print_photos_on_windows_are_in_the_programs_own_cache_folder(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    local = "C:\\Users\\clerk\\AppData\\Local"
    monkeypatch.delenv(CACHE_ENV, raising=False)  # the tests' own folder is set for the session
    monkeypatch.setenv("WIN_PD_OVERRIDE_LOCAL_APPDATA", local)  # platformdirs' own override
    monkeypatch.setattr(platformdirs, "PlatformDirs", platformdirs.windows.Windows)
    folder = PureWindowsPath(str(print_photo_dir()).replace("/", "\\"))
    assert folder == PureWindowsPath(local, "dangjian_desktop", "Cache", "print-photos")
