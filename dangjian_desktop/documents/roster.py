"""The 党员花名册 PDF: members on the roster (在册) with full ID numbers, for the branch and township."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy.orm import Session

from dangjian_desktop.core.branch import require_branch
from dangjian_desktop.core.roster import list_members


def roster_pdf(session: Session, today: dt.date, out: Path) -> Path:
    from dangjian_desktop.printing.roster_pdf import print_roster

    branch = require_branch(session)
    rows = list_members(session, branch_id=branch.id, include_left=False)
    return print_roster(rows, branch.name, out, today=today)
