"""Commands for political birthdays and 明白卡: birthdays, cards list, print birthday-cards and cards."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from dangjian_desktop.cli.common import Printer, date_arg, open_db, print_json
from dangjian_desktop.core.errors import UserError


def cmd_birthdays(args: argparse.Namespace) -> int:
    from dangjian_desktop.core import settings
    from dangjian_desktop.core.birthdays import REMINDER_DAYS, political_birthdays
    from dangjian_desktop.core.dates import format_cn

    db = open_db(args)
    with db.reading() as session:
        days = settings.get(session, REMINDER_DAYS) if args.days is None else args.days
        rows = political_birthdays(session, args.start or dt.date.today(), days)
    if args.json:
        print_json([r.as_json() for r in rows])
    else:
        for r in rows:
            mark = f"\t入党{r.years}周年" if r.milestone else ""
            print(f"{format_cn(r.date)}\t{r.name}\t{r.party_group}\t第{r.years}个政治生日{mark}")
        print(f"共 {len(rows)} 人")
    return 0


def print_birthday_cards_cmd(args: argparse.Namespace, out: Path) -> None:
    from dangjian_desktop.core.branch import require_branch
    from dangjian_desktop.documents.birthdays import month_cards_pdf

    if args.month is None:
        raise UserError("请用 --month 指定打印哪个月的政治生日贺卡（1 到 12）")
    year = args.year or dt.date.today().year
    with open_db(args).reading() as session:
        require_branch(session)
        month_cards_pdf(session, year, args.month, out)


# --- 明白卡 (cards) ---------------------------------------------------------------------------------


def cmd_cards_list(args: argparse.Namespace) -> int:
    from dangjian_desktop.core.branch import require_branch
    from dangjian_desktop.core.cards import list_cards

    db = open_db(args)
    with db.reading() as session:
        branch = require_branch(session)
        cards = list_cards(session, args.year, branch_id=branch.id)
    if args.json:
        print_json([c.as_json() for c in cards])
    else:
        for c in cards:
            print("\t".join([c.member_name, c.state, c.post, f"完成 {c.done_count}/{len(c.clauses)}"]))
        print(f"{args.year}年度明白卡共 {len(cards)} 张")
    return 0


def print_cards_cmd(args: argparse.Namespace, out: Path) -> None:
    """All posted (已上墙) cards of the year, one or two to a page as the branch has set."""
    from dangjian_desktop.core.cards import cards_per_page
    from dangjian_desktop.documents.cards import cards_needing_full_page, wall_cards_pdf

    year = args.year or dt.date.today().year
    with open_db(args).reading() as session:
        if wall_cards_pdf(session, year, dt.date.today(), out) is None:
            raise UserError(f"{year}年度还没有已上墙的明白卡，无可打印")
        crowded = cards_needing_full_page(session, year) if cards_per_page(session) == 2 else []
    if crowded:
        print(
            f"以下 {len(crowded)} 张明白卡半页放不下，已续印到下一半页，建议改为每页一张：{'、'.join(crowded)}"
        )


def print_publicity_cmd(args: argparse.Namespace, out: Path) -> None:
    """The 公示 list of posts and commitments for the notice board."""
    from dangjian_desktop.documents.cards import publicity_pdf

    if args.year is None:
        raise UserError("请用 --year 指定公示哪一年度的明白卡")
    with open_db(args).reading() as session:
        publicity_pdf(session, args.year, dt.date.today(), out)


def register(sub: argparse._SubParsersAction, printers: dict[str, Printer]) -> None:
    p = sub.add_parser("birthdays", help="近期政治生日")
    p.add_argument("--from", dest="start", type=date_arg, help="从哪天起（YYYY-MM-DD，默认今天）")
    p.add_argument("--days", type=int, help="往后看多少天（默认按设置，30 天）")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_birthdays)

    cards = sub.add_parser("cards", help="党员目标责任明白卡").add_subparsers(
        dest="cards_command", required=True
    )
    p = cards.add_parser("list", help="列出某年度的明白卡")
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_cards_list)

    printers["cards"] = print_cards_cmd
    printers["publicity"] = print_publicity_cmd
    printers["birthday-cards"] = print_birthday_cards_cmd
