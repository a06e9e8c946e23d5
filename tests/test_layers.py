"""core/ and printing/ must work with no Qt at all: the CLI and a township server use them."""

import pkgutil
import subprocess
import sys
from pathlib import Path

import dangjian_desktop

PACKAGE_DIR = Path(dangjian_desktop.__file__).parent


def _modules(subpackage: str) -> list[str]:
    path = PACKAGE_DIR / subpackage
    names = [f"dangjian_desktop.{subpackage}"]
    for info in pkgutil.walk_packages([str(path)], prefix=f"dangjian_desktop.{subpackage}."):
        names.append(info.name)
    return names


def test_core_and_printing_import_without_qt() -> None:
    modules = _modules("core") + _modules("printing")
    assert len(modules) > 10
    script = f"""
import sys
class BlockQt:
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in ('PySide6', 'shiboken6', 'PyQt5', 'PyQt6'):
            raise ImportError('Qt is blocked in core/ and printing/: ' + name)
        return None
sys.meta_path.insert(0, BlockQt())
import importlib
for name in {modules!r}:
    importlib.import_module(name)
assert not any(m.startswith('PySide6') for m in sys.modules)
print('ok', len({modules!r}))
"""
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=PACKAGE_DIR.parent
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok")


def test_the_blocker_really_blocks() -> None:
    """The check above would pass vacuously if the blocker did not work."""
    script = """
import sys
class BlockQt:
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] == 'PySide6':
            raise ImportError('blocked')
        return None
sys.meta_path.insert(0, BlockQt())
import dangjian_desktop.ui.app
"""
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=PACKAGE_DIR.parent
    )
    assert result.returncode != 0
    assert "blocked" in result.stderr
