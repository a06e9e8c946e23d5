"""Commands for 党费: dues set/pay/list; print dues (公示表), dues-book (登记簿), dues-form (少交免交审批表).

Every argument is read as text and checked here or in core, so that bad input is one Chinese message
and exit 1 (not argparse's usage error), with nothing changed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from dangjian_desktop.cli.common import Printer, open_db, print_json
from dangjian_desktop.core.errors import UserError


def _member_id(text: str) -> int:
    if not text.strip().isdigit():
        raise UserError(f"党员编号应为数字（花名册中的编号）：{text[:20]}")
    return int(text)


def _date(text: str | None, what: str) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise UserError(f"{what}应写成 YYYY-MM-DD：{text[:20]}") from None


def _yuan(text: str | None, what: str):  # -> Decimal | None
    from dangjian_desktop.core.dues.rules import parse_yuan

    return None if text is None else parse_yuan(text, what)


def _in_branch(session, member_id: int) -> None:
    from dangjian_desktop.core.branch import require_branch
    from dangjian_desktop.core.models import Member

    branch = require_branch(session)
    member = session.get(Member, member_id)
    if member is None or member.branch_id != branch.id:
        raise UserError(f"没有编号为 {member_id} 的党员")


def cmd_dues_set(args: argparse.Namespace) -> int:
    from dangjian_desktop.core.dues import AssessmentDraft, set_assessment
    from dangjian_desktop.core.dues.rules import yuan_text

    member_id = _member_id(args.member)
    draft = AssessmentDraft(
        member_id=member_id,
        year=args.year,
        kind=args.kind,
        income=_yuan(args.income, "每月收入"),
        amount=_yuan(args.amount, "每月党费金额"),
        reduced=_yuan(args.reduced, "少交后的金额"),
        decided=_date(args.decided, "支部决定日期"),
        approved=_date(args.approved, "批准日期"),
        reason=args.reason or "",
    )
    db = open_db(args)
    with db.reading() as session:
        _in_branch(session, member_id)
    result = set_assessment(db, draft)
    print(f"已核定 {args.year} 年党费：每月 {yuan_text(result.amount_fen)} 元")
    return 0


def cmd_dues_pay(args: argparse.Namespace) -> int:
    from dangjian_desktop.core.dues import record_payment
    from dangjian_desktop.core.dues.rules import yuan_text

    member_id = _member_id(args.member)
    paid_date = _date(args.date, "交纳日期")
    amount = _yuan(args.amount, "交纳金额")
    db = open_db(args)
    with db.reading() as session:
        _in_branch(session, member_id)
    result = record_payment(
        db,
        member_id,
        args.first,
        args.last,
        paid_date,
        amount=amount,
        how=args.how,  # type: ignore[arg-type]
    )
    for warning in result.warnings:
        print(f"注意：{warning}", file=sys.stderr)
    print(f"已记录党费 {yuan_text(result.amount_fen)} 元（{args.first} 至 {args.last}），编号 {result.id}")
    return 0


def cmd_dues_list(args: argparse.Namespace) -> int:
    from dangjian_desktop.core.branch import require_branch
    from dangjian_desktop.core.dues import member_ledger, year_totals
    from dangjian_desktop.core.dues.rules import yuan_text

    today = dt.date.today()
    db = open_db(args)
    with db.reading() as session:
        rows = member_ledger(session, require_branch(session).id, args.year, today)
    if args.json:
        # the members whose year is set; the text listing also names those still to be set
        print_json([r.as_json() for r in rows if r.assessed is not None])
        return 0
    for r in rows:
        monthly = yuan_text(r.monthly_fen) if r.assessed else "未核定"
        print(
            "\t".join(
                [
                    str(r.member_id),
                    r.name,
                    r.kind or "—",
                    monthly,
                    r.paid_through or "—",
                    f"欠 {r.owed_months} 月",
                    "；".join(r.warnings),
                ]
            )
        )
    totals = year_totals(rows, args.year, today)
    print(
        f"应收 {yuan_text(totals.due_fen)} 元，实收 {yuan_text(totals.paid_fen)} 元，"
        f"欠交 {yuan_text(totals.owed_fen)} 元"
    )
    return 0


def _year(args: argparse.Namespace) -> int:
    return args.year or dt.date.today().year


def print_dues_cmd(args: argparse.Namespace, out: Path) -> None:
    from dangjian_desktop.core.branch import require_branch
    from dangjian_desktop.documents.dues import dues_publicity_pdf

    db = open_db(args)
    with db.reading() as session:
        branch = require_branch(session)
        dues_publicity_pdf(session, branch.id, branch.name, _year(args), dt.date.today(), out)


def print_dues_book_cmd(args: argparse.Namespace, out: Path) -> None:
    from dangjian_desktop.core.branch import require_branch
    from dangjian_desktop.documents.dues import dues_book_pdf

    if args.month is not None and not 1 <= args.month <= 12:
        raise UserError(f"月份应为 1 到 12：{args.month}")
    db = open_db(args)
    with db.reading() as session:
        branch = require_branch(session)
        dues_book_pdf(session, branch.id, branch.name, _year(args), dt.date.today(), out, month=args.month)


def print_dues_form_cmd(args: argparse.Namespace, out: Path) -> None:
    from dangjian_desktop.documents.dues import dues_reduction_form_pdf

    if args.target is None:
        raise UserError("请给出党员编号：dangjian print dues-form 编号 --year 年份 --out 文件.pdf")
    member_id = _member_id(args.target)
    db = open_db(args)
    with db.reading() as session:
        _in_branch(session, member_id)
        dues_reduction_form_pdf(session, member_id, _year(args), out)


def register(sub: argparse._SubParsersAction, printers: dict[str, Printer]) -> None:
    from dangjian_desktop.core.dues.rules import KINDS, PAYMENT_WAYS

    dues = sub.add_parser("dues", help="党费收缴").add_subparsers(dest="dues_command", required=True)
    p = dues.add_parser("set", help="核定党员某年的每月党费")
    p.add_argument("member", metavar="MEMBER", help="花名册中的党员编号")
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--kind", required=True, help="、".join(KINDS))
    p.add_argument("--income", help="每月税后收入（元），在职、离退休党员填写；仅存本机，不打印不报送")
    p.add_argument("--amount", help="每月党费（元），农民党员填写，0.2–1")
    p.add_argument("--reduced", help="经批准少交后的每月金额（元），免交填 0")
    p.add_argument("--approved", help="上一级党委批准少交或免交的日期 YYYY-MM-DD")
    p.add_argument("--decided", help="支部研究决定少交或免交的日期 YYYY-MM-DD")
    p.add_argument("--reason", help="少交或免交的原因")
    p.set_defaults(handler=cmd_dues_set)
    p = dues.add_parser("pay", help="记录一次交纳党费")
    p.add_argument("member", metavar="MEMBER", help="花名册中的党员编号")
    p.add_argument("--from", dest="first", required=True, help="起始月份 YYYY-MM")
    p.add_argument("--to", dest="last", required=True, help="截止月份 YYYY-MM")
    p.add_argument("--date", required=True, help="交纳日期 YYYY-MM-DD")
    p.add_argument("--amount", help="金额（元），默认按核定标准计算")
    p.add_argument("--how", default="本人", help="、".join(PAYMENT_WAYS))
    p.set_defaults(handler=cmd_dues_pay)
    p = dues.add_parser("list", help="某年党费收缴情况")
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_dues_list)

    printers["dues"] = print_dues_cmd
    printers["dues-book"] = print_dues_book_cmd
    printers["dues-form"] = print_dues_form_cmd
