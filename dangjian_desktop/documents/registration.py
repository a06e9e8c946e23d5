"""报送登记表: the branch's details and key fingerprints, gathered for printing/registration_pdf."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from dangjian_desktop.core.branch import require_branch
from dangjian_desktop.core.errors import UserError
from dangjian_desktop.core.keys import key_state
from dangjian_desktop.core.models import Branch
from dangjian_desktop.printing.registration_pdf import Registration, print_registration


def registration_data(session: Session) -> Registration:
    state = key_state(session)
    if state.role != "村":
        raise UserError("报送登记表只在村级数据库中打印（乡镇数据库没有本村密钥）")
    info = require_branch(session)
    branch = session.scalars(select(Branch).where(Branch.id == info.id)).one()
    return Registration(
        branch=info.name,
        township=info.township,
        secretary=info.secretary,
        phone=info.phone,
        branch_code=branch.uid[:8],
        fingerprint=state.signing,
        township_fingerprint=state.township,
        last_package=branch.package_number,
    )


def registration_pdf(session: Session, out: Path, today: dt.date | None = None) -> Path:
    return print_registration(registration_data(session), out, today)
