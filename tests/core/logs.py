"""Reading back what a write logged, for the tests that check each write's log line."""

from __future__ import annotations

from sqlalchemy import select

from dangjian_desktop.core.db import Database
from dangjian_desktop.core.models import OperationLog


def last_log(db: Database) -> tuple[str, str]:
    """(action, detail) of the newest line of the operation log."""
    with db.reading() as s:
        row = s.execute(
            select(OperationLog.action, OperationLog.detail).order_by(OperationLog.id.desc()).limit(1)
        ).one()
    return row.action, row.detail
