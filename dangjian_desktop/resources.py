"""Where the bundled resources (fonts, icons, translations) are, installed, frozen or in a checkout."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path


@cache
def resources_dir() -> Path:
    here = Path(__file__).resolve().parent
    candidates = [
        Path(getattr(sys, "_MEIPASS", "")) / "resources" if hasattr(sys, "_MEIPASS") else None,
        here / "resources",  # a wheel install: setup.py copies them into the package
        here.parent / "resources",  # a checkout or an editable install
    ]
    for candidate in candidates:
        if candidate is not None and (candidate / "fonts").is_dir():
            return candidate
    raise FileNotFoundError("找不到程序资源目录 resources/（字体、图标），安装可能不完整。")


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def bundled_font_path() -> Path:
    return resource_path("fonts", "wqy-microhei.ttc")
