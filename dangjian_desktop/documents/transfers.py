"""The 介绍信 of one transfer and the 流动党员花名册: the data gathered here, drawn by printing/."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from dangjian_desktop.core import settings
from dangjian_desktop.core.branch import require_branch
from dangjian_desktop.core.dates import age_on, format_cn
from dangjian_desktop.core.db import Database
from dangjian_desktop.core.mobile import members_away, members_here
from dangjian_desktop.core.models import Member
from dangjian_desktop.core.transfers import BRANCH_ADDRESS, capital_year_month, letter
from dangjian_desktop.printing.letter_pdf import LetterData, print_letter
from dangjian_desktop.printing.mobile_pdf import InboundLine, MobileLine, print_mobile_roster


def letter_data(db: Database, transfer_id: int) -> LetterData:
    with db.reading() as session:
        transfer = letter(session, transfer_id)
        member = session.get(Member, transfer.member_id)
        assert member is not None  # a foreign key
        branch = require_branch(session)
        age = age_on(member.birth_date, transfer.issued)
        return LetterData(
            number=transfer.number,
            to_org=transfer.other_org,
            name=member.name,
            gender=member.gender,
            age="" if age is None else str(age),
            ethnicity=member.ethnicity,
            category=member.category,
            id_number=member.id_number or "",
            from_org=branch.name,
            dues_to=capital_year_month(transfer.dues_paid_through) if transfer.dues_paid_through else "",
            validity_days=transfer.validity_days,
            sender_address=settings.get(session, BRANCH_ADDRESS),
            sender_phone=branch.phone,
            date_cn=format_cn(transfer.issued),
        )


def letter_pdf(db: Database, transfer_id: int, out: Path) -> Path:
    return print_letter(letter_data(db, transfer_id), out)


def mobile_roster_pdf(db: Database, out: Path, today: dt.date | None = None) -> Path:
    today = today or dt.date.today()
    with db.reading() as session:
        branch = require_branch(session)
        rows = members_away(session, branch_id=branch.id)
        here = members_here(session, branch_id=branch.id)
    lines = [
        MobileLine(
            r.name,
            format_cn(r.left_date),
            r.place,
            r.reason,
            r.phone_there,
            r.host_org,
            r.certificate_no,
            r.contact_person,
            format_cn(r.last_contact) if r.last_contact else "无记录",
        )
        for r in rows
    ]
    inbound = [
        InboundLine(r.name, r.gender, format_cn(r.arrived), r.home_org, r.work, r.phone, r.certificate_no)
        for r in here
    ]
    return print_mobile_roster(lines, inbound, branch.name, format_cn(today), out)
