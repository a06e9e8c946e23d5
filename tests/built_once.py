"""Folders for what the tests build once per process (an empty migrated database, the demo village)."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path


def own_folder(prefix: str) -> Path:
    """A temporary folder of its own, not one of pytest's numbered folders: pytest keeps only the last
    three of those, and a process that runs pytest again and again (mutmut: its clean run, then each
    mutant in a fork of it) would find an earlier run's removed. Removed when the process that made it
    exits; a forked worker (mutmut's) must not remove its parent's folder."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    owner = os.getpid()
    atexit.register(lambda: os.getpid() == owner and shutil.rmtree(folder, True))
    return folder
