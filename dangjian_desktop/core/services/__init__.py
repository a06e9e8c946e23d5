"""Units of work: each function is one user action that writes, opening and committing its own
transaction on the `Database` it is given. The GUI (through ui/ops.py), the CLI and tests call these;
the session-level functions in core/<feature>.py are their building blocks. `query` is the one way
the GUI reads: a query function of core/ in a read-only session of its own."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from dangjian_desktop.core.db import Database

T = TypeVar("T")


def query(db: Database, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """`fn(session, *args, **kwargs)` in a read-only session that is closed again afterwards."""
    with db.reading() as session:
        return fn(session, *args, **kwargs)
