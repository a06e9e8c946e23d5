"""政治生日贺卡 for the members whose political birthday falls in a month, or for rows chosen."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sqlalchemy.orm import Session

from dangjian_desktop.core import birthdays as bd
from dangjian_desktop.core import settings
from dangjian_desktop.core.branch import current_branch
from dangjian_desktop.core.errors import UserError


def birthday_cards_pdf(session: Session, rows: Sequence[bd.BirthdayRow], out: Path) -> Path:
    """Cards for the rows given, signed by the branch committee and its secretary."""
    from dangjian_desktop.printing.birthday_cards import card_data, print_birthday_cards

    branch = current_branch(session)
    values = bd.load_settings(session)
    emblem_file = settings.get(session, bd.EMBLEM_IMAGE).strip()
    emblem = Path(emblem_file) if emblem_file and Path(emblem_file).is_file() else None
    cards = card_data(rows, branch.name if branch else "", branch.secretary if branch else "")
    return print_birthday_cards(
        cards, out, per_page=values.cards_per_page, message=values.card_message, emblem=emblem
    )


def month_cards_pdf(session: Session, year: int, month: int, out: Path) -> Path:
    branch = current_branch(session)
    rows = bd.birthdays_in_month(session, year, month, branch_id=branch.id if branch else None)
    if not rows:
        raise UserError(f"{year}年{month}月没有党员过政治生日，未生成贺卡")
    return birthday_cards_pdf(session, rows, out)
