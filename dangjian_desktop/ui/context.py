"""What every tab is handed: the open database, the job runner and the clock (fixed in tests)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from dangjian_desktop.core.db import Database
from dangjian_desktop.ui.jobs import JobRunner


@dataclass
class AppContext:
    db: Database
    jobs: JobRunner
    today: Callable[[], dt.date] = field(default=dt.date.today)
