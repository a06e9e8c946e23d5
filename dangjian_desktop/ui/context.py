"""What every tab is handed: the open database, the job runner, the clock (fixed in tests) and the bus
on which writes announce what they changed (ui/ops.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from dangjian_desktop.core.db import Database
from dangjian_desktop.ui.jobs import JobRunner
from dangjian_desktop.ui.ops import ChangeBus


@dataclass
class AppContext:
    db: Database
    jobs: JobRunner
    today: Callable[[], dt.date] = field(default=dt.date.today)
    changes: ChangeBus = field(default_factory=ChangeBus)
    # while the program starts: the first tab reads its rows in the background (ui/tabs.LoadsInBackground)
    starting: bool = False
