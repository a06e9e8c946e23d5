"""Runs every benchmarks/bench_*.py (or those named) and prints one line per figure.

.venv/bin/python -m benchmarks.run            # all
.venv/bin/python -m benchmarks.run roster     # bench_roster.py only
"""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("DANGJIAN_BUNDLED_FONT_ONLY", "1")


def main(names: list[str]) -> int:
    here = Path(__file__).parent
    modules = sorted(p.stem for p in here.glob("bench_*.py"))
    if names:
        modules = [m for m in modules if m.removeprefix("bench_") in names]
    for module_name in modules:
        module = importlib.import_module(f"benchmarks.{module_name}")
        print(f"== {module_name}", flush=True)
        for figure in module.run():
            print(figure.line(), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
