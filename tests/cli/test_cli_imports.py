"""A command loads only what it uses: listing the roster must not pay for printing or spreadsheets."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import dangjian_desktop
from dangjian_desktop.core.db import Database

ROOT = Path(dangjian_desktop.__file__).resolve().parent.parent
UNUSED = ("alembic", "reportlab", "pypinyin", "openpyxl", "python_calamine", "PySide6", "PIL")

_RUN = """
import json, sys
from dangjian_desktop.cli import main
code = main(sys.argv[1:])
print(json.dumps([code, sorted({m.split('.')[0] for m in sys.modules})]))
"""


@pytest.mark.parametrize(
    "command", [["roster", "list", "--search", "zs"], ["birthdays", "--json"], ["check"]], ids=" ".join
)
def test_a_command_imports_only_what_it_uses(demo_db: Database, command: list[str]) -> None:
    demo_db.close()
    result = subprocess.run(
        [sys.executable, "-c", _RUN, "--db", str(demo_db.path), *command],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    code, modules = json.loads(result.stdout.strip().splitlines()[-1])
    assert code == 0
    assert [name for name in UNUSED if name in modules] == []
    assert "sqlalchemy" in modules  # it did read the database
