"""Long work off the GUI thread: a function in, its result or error back on the GUI thread.

The job never touches a widget; it may report progress through the callable it is given. Writes to
the database run one at a time (a single-thread pool), so two jobs never fight over the write lock.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from dangjian_desktop.core.errors import UserError

Progress = Callable[[int, int], None]


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(str)
    progress = Signal(int, int)
    part = Signal(object)  # a piece of the result, delivered while the job goes on (stream)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[Progress], Any], signals: _Signals) -> None:
        super().__init__()
        self.fn, self.signals = fn, signals

    def run(self) -> None:
        try:
            result = self.fn(self.signals.progress.emit)
        except UserError as exc:
            self.signals.failed.emit(str(exc))
        except Exception as exc:  # shown to the user; the traceback goes to stderr for a report
            traceback.print_exc()
            self.signals.failed.emit(f"操作失败：{exc}")
        else:
            self.signals.done.emit(result)


class JobRunner(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self._live: set[_Signals] = set()

    def run(
        self,
        fn: Callable[[Progress], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[str], None],
        on_progress: Progress | None = None,
    ) -> None:
        signals = _Signals()
        self._live.add(signals)  # keep the QObject alive until its job reports
        signals.done.connect(on_done)
        signals.failed.connect(on_error)
        if on_progress is not None:
            signals.progress.connect(on_progress)
        signals.done.connect(lambda _r: self._live.discard(signals))
        signals.failed.connect(lambda _m: self._live.discard(signals))
        self.pool.start(_Job(fn, signals))

    def stream(
        self,
        fn: Callable[[Callable[[Any], None]], Any],
        on_part: Callable[[Any], None],
        on_done: Callable[[Any], None],
        on_error: Callable[[str], None],
    ) -> None:
        """Like run, for a job that hands its result over in parts (rows read in chunks): each part
        reaches on_part on the GUI thread, in order, before on_done."""
        signals = _Signals()
        self._live.add(signals)
        signals.part.connect(on_part)
        signals.done.connect(on_done)
        signals.failed.connect(on_error)
        signals.done.connect(lambda _r: self._live.discard(signals))
        signals.failed.connect(lambda _m: self._live.discard(signals))
        self.pool.start(_Job(lambda _progress: fn(signals.part.emit), signals))

    def wait(self, msecs: int = 30000) -> bool:
        return self.pool.waitForDone(msecs)
