"""Units of work: each function is one user action that writes, opening and committing its own
transaction on the `Database` it is given. The GUI (through ui/ops.py), the CLI and tests call these;
the session-level functions in core/<feature>.py are their building blocks. `query` is the one way
the GUI reads: a query function of core/ in a read-only session of its own (`query_together`: with a
second reader of the same state beside it, for a query that reads a part of its work side by side)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from dangjian_desktop.core.db import Database

T = TypeVar("T")


def query(db: Database, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """`fn(session, *args, **kwargs)` in a read-only session that is closed again afterwards."""
    with db.reading() as session:
        return fn(session, *args, **kwargs)


def query_together(db: Database, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """`fn(session, *args, beside=second, **kwargs)` with two readers of one state
    (Database.reading_together), for a query that reads a part of its work in `beside` on a thread
    (core.db.read_beside); beside is None while a writer is at work."""
    with db.reading_together(2) as readers:
        beside = readers[1] if len(readers) > 1 else None
        return fn(readers[0], *args, beside=beside, **kwargs)
