"""Setting the program up as units of work: the first-run page's three choices (create the branch,
乡镇汇总模式, the demo branch) and the 设置 dialog's save."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from dangjian_desktop.core import settings
from dangjian_desktop.core.branch import BranchInfo, create_branch, update_branch
from dangjian_desktop.core.db import Database


def start_branch(
    db: Database, name: str, township: str = "", secretary: str = "", phone: str = ""
) -> BranchInfo:
    """The village's own branch (and its signing key, see core/branch.create_branch)."""
    with db.transaction() as session:
        return create_branch(session, name, township, secretary, phone)


def start_township(db: Database) -> None:
    """An empty database becomes a township's: it merges the villages' packages."""
    from dangjian_desktop.core.township import TOWNSHIP_MODE

    with db.transaction() as session:
        settings.put(session, TOWNSHIP_MODE, True)


def start_demo(db: Database, *, today: dt.date | None = None) -> int:
    """The demo branch with every duty filled in; returns its id."""
    from dangjian_desktop.core.demo import build_full_demo

    with db.transaction() as session:
        return build_full_demo(session, today=today)


def save_settings(
    db: Database, branch_id: int | None, branch_fields: Mapping[str, str], values: Mapping[str, Any]
) -> None:
    """The 设置 dialog's save: the branch's details and every setting together, or nothing."""
    with db.transaction() as session:
        if branch_id is not None:
            update_branch(session, branch_id, **branch_fields)
        settings.save_all(session, dict(values))
