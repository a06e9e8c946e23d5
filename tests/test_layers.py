"""core/ and printing/ must work with no Qt at all: the CLI and a township server use them."""

import pkgutil
import re
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


# A widget never opens a session: writes are one service call through ui/ops.py's WriteOp, reads are
# core query functions through ui/ops.py's read() (core.services.query opens the session).
SESSION_OPENING = re.compile(r"\.(reading|transaction)\s*\(\s*\)|\bsqlalchemy\b")


def _session_openings_in(folder: Path) -> list[str]:
    found = []
    for path in sorted(folder.rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if SESSION_OPENING.search(line):
                found.append(f"{path.relative_to(folder)}:{number}: {line.strip()}")
    return found


def test_no_widget_opens_a_session() -> None:
    assert len(list((PACKAGE_DIR / "ui").rglob("*.py"))) > 20
    assert _session_openings_in(PACKAGE_DIR / "ui") == []


def test_the_session_check_finds_an_opening(tmp_path: Path) -> None:
    """The check above would pass vacuously if the pattern missed the ways a session is opened."""
    (tmp_path / "widget.py").write_text(
        "with self.ctx.db.reading() as session:\n"
        "    pass\n"
        "with db.transaction() as s:\n"
        "    pass\n"
        "from sqlalchemy.orm import Session\n"
        "self.reading_list = read(ctx, fn)\n",
        encoding="utf-8",
    )
    assert [line.split(": ", 1)[1] for line in _session_openings_in(tmp_path)] == [
        "with self.ctx.db.reading() as session:",
        "with db.transaction() as s:",
        "from sqlalchemy.orm import Session",
    ]


# What speaks one database only: SQLite's own statements and module, PostgreSQL's driver and functions.
# Everything else stays portable so that a township's server runs the same code as a village's file.
DIALECT_ONLY = re.compile(
    r"^\s*(import|from) (sqlite3|psycopg)\b|\bsqlite3\.|PRAGMA |sqlite_master|INSERT OR |julianday\(|"
    r"func\.strftime|pg_advisory|pg_get_serial_sequence|pg_export_snapshot|ON CONFLICT|FROM STDIN|"
    r"compiles\([^)]*\"(sqlite|postgresql)\"",
    re.MULTILINE,
)
DIALECT_MODULES = {"core/db.py", "core/db_server.py", "core/db_dates.py", "core/backup.py"}


def dialect_places(root: Path) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root).as_posix()
        if relative in DIALECT_MODULES or relative.startswith("migrations/"):
            continue  # the migrations are written once for both, with their own dialect checks
        for match in DIALECT_ONLY.finditer(path.read_text(encoding="utf-8")):
            found.append(f"{relative}: {match.group(0).strip()}")
    return found


def test_only_the_database_modules_speak_one_dialect() -> None:
    assert dialect_places(PACKAGE_DIR) == []


def test_the_dialect_check_finds_a_pragma(tmp_path: Path) -> None:
    (tmp_path / "core").mkdir()
    (tmp_path / "core" / "db.py").write_text('conn.execute("PRAGMA wal_checkpoint")\n', encoding="utf-8")
    (tmp_path / "core" / "stats.py").write_text(
        'import sqlite3\nsession.execute(text("PRAGMA foreign_keys"))\n', encoding="utf-8"
    )
    assert dialect_places(tmp_path) == ["core/stats.py: import sqlite3", "core/stats.py: PRAGMA"]
