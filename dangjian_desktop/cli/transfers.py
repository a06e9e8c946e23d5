"""Commands for 组织关系转接, 流动党员 and 失联党员: transfer, mobile, lost, contact; print letter."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from dangjian_desktop.cli.common import Printer, date_arg, open_db, print_json
from dangjian_desktop.core.errors import UserError


def _id(text: str, what: str) -> int:
    try:
        return int(text)
    except (TypeError, ValueError):
        raise UserError(f"{what}编号应为数字：{text}") from None


def cmd_transfer_out(args: argparse.Namespace) -> int:
    from dangjian_desktop.core.transfers import get_transfer, transfer_out

    db = open_db(args)
    transfer_id = transfer_out(
        db,
        args.member,
        args.to,
        args.date,
        validity_days=args.validity_days,
        reason=args.reason or "",
        dues_paid_through=args.dues_through or "",
    )
    with db.reading() as session:
        row = get_transfer(session, transfer_id)
    print(
        f"已开具介绍信 第{row.number}号（编号 {row.id}）：{row.name} 转往 {row.other_org}，有效期至 {row.valid_until}"
    )
    return 0


def cmd_transfer_done(args: argparse.Namespace) -> int:
    from dangjian_desktop.core.transfers import complete_transfer

    complete_transfer(open_db(args), args.transfer, args.date, online=args.online)
    how = "网上办理" if args.online else "回执已收回"
    print(f"组织关系转接已办结（{how}），{args.date.isoformat()} 起转出")
    return 0


def cmd_transfer_cancel(args: argparse.Namespace) -> int:
    from dangjian_desktop.core.transfers import cancel_transfer

    cancel_transfer(open_db(args), args.transfer, args.date or dt.date.today())
    print("已撤销介绍信")
    return 0


def cmd_transfer_list(args: argparse.Namespace) -> int:
    from dangjian_desktop.core.transfers import OVERDUE, list_transfers

    with open_db(args).reading() as session:
        rows = list_transfers(session)
    if args.json:
        print_json([r.as_json() for r in rows])
        return 0
    for r in rows:
        print(
            "\t".join([str(r.id), r.number, r.name, r.direction, r.other_org, r.issued.isoformat(), r.state])
        )
        if r.state == OVERDUE:
            print(f"注意：{r.name} 的介绍信已过有效期（{r.valid_until}），回执仍未收回", file=sys.stderr)
    print(f"共 {len(rows)} 条")
    return 0


def print_letter_cmd(args: argparse.Namespace, out: Path) -> None:
    from dangjian_desktop.documents.transfers import letter_pdf

    if not args.target:
        raise UserError("请写明介绍信编号：dangjian print letter 编号 --out 文件.pdf（编号见 transfer list）")
    letter_pdf(open_db(args), _id(args.target, "介绍信"), out)


def print_mobile_cmd(args: argparse.Namespace, out: Path) -> None:
    from dangjian_desktop.documents.transfers import mobile_roster_pdf

    mobile_roster_pdf(open_db(args), out)


def cmd_mobile_list(args: argparse.Namespace) -> int:
    from dangjian_desktop.core.mobile import members_away, members_here

    with open_db(args).reading() as session:
        rows, here = members_away(session), members_here(session)
    if args.json:
        print_json(
            [{"direction": "流出", **r.as_json()} for r in rows]
            + [{"direction": "流入", **r.as_json()} for r in here]
        )
        return 0
    for r in rows:
        print("\t".join(["流出", r.name, r.place, r.reason, r.left_date.isoformat(), r.host_org]))
    for h in here:
        print("\t".join(["流入", h.name, h.home_org, h.work, h.arrived.isoformat()]))
    print(f"流出党员 {len(rows)} 人，流入党员 {len(here)} 人")
    return 0


def cmd_mobile_in(args: argparse.Namespace) -> int:
    from dangjian_desktop.core.mobile import InboundDraft, register_inbound

    draft = InboundDraft(
        name=args.name,
        home_org=args.home_org,
        arrived=args.date,
        gender=args.gender or "",
        phone=args.phone or "",
        work=args.work or "",
        certificate_no=args.certificate or "",
    )
    inbound_id = register_inbound(open_db(args), draft)
    print(f"已登记流入党员：{args.name}（编号 {inbound_id}）")
    return 0


def cmd_mobile_out(args: argparse.Namespace) -> int:
    from dangjian_desktop.core.mobile import TripDraft, go_out

    trip = TripDraft(
        left_date=args.date,
        place=args.place,
        reason=args.reason,
        phone_there=args.phone or "",
        host_org=args.host_org or "",
        certificate_no=args.certificate or "",
        contact_person=args.contact or "",
    )
    go_out(open_db(args), args.member, trip)
    print(f"已登记外出：{args.place}（{args.date.isoformat()}）")
    return 0


def cmd_mobile_back(args: argparse.Namespace) -> int:
    from dangjian_desktop.core.mobile import come_back

    come_back(open_db(args), args.member, args.date, args.report or "")
    print(f"已登记返回（{args.date.isoformat()}）")
    return 0


def cmd_contact_add(args: argparse.Namespace) -> int:
    from dangjian_desktop.core.mobile import log_contact

    log_contact(
        open_db(args),
        args.member,
        args.date,
        how=args.how,
        by=args.by or "",
        content=args.note or "",
        reached=not args.not_reached,
        cause=args.cause or "",
    )
    print("已记录" + ("查找（未联系上）" if args.not_reached else "联系"))
    return 0


def cmd_lost_list(args: argparse.Namespace) -> int:
    from dangjian_desktop.core.mobile import lost_members

    with open_db(args).reading() as session:
        rows = lost_members(session)
    if args.json:
        print_json([r.as_json() for r in rows])
        return 0
    for r in rows:
        mark = "已确认失联" if r.confirmed else "疑似失联"
        last = r.last_contact.isoformat() if r.last_contact else "无联系记录"
        print(f"{r.name}\t最后联系 {last}\t{r.months} 个月\t{mark}")
    print(f"共 {len(rows)} 人")
    return 0


def cmd_lost_confirm(args: argparse.Namespace) -> int:
    from dangjian_desktop.core.mobile import confirm_lost

    confirm_lost(open_db(args), args.member, not args.undo)
    print("已取消失联标记" if args.undo else "已确认失联")
    return 0


def register(sub: argparse._SubParsersAction, printers: dict[str, Printer]) -> None:
    transfer = sub.add_parser("transfer", help="组织关系转接").add_subparsers(
        dest="transfer_command", required=True
    )
    p = transfer.add_parser("out", help="开具组织关系介绍信（转出）")
    p.add_argument("member", type=int, metavar="MEMBER", help="党员编号（roster list --json 的 id）")
    p.add_argument("--to", required=True, help="转往的党组织（介绍信抬头）")
    p.add_argument("--date", required=True, type=date_arg, help="开具日期 YYYY-MM-DD")
    p.add_argument("--validity-days", type=int, help="有效期天数（默认按设置，30 天，最多 90 天）")
    p.add_argument("--reason", help="转出原因")
    p.add_argument("--dues-through", help="党费交到的年月 YYYY-MM")
    p.set_defaults(handler=cmd_transfer_out)
    p = transfer.add_parser("done", help="回执收回或网上办结：党员转出")
    p.add_argument("transfer", type=int, metavar="TRANSFER")
    p.add_argument("--date", required=True, type=date_arg)
    p.add_argument("--online", action="store_true", help="已通过网上办理")
    p.set_defaults(handler=cmd_transfer_done)
    p = transfer.add_parser("cancel", help="撤销介绍信")
    p.add_argument("transfer", type=int, metavar="TRANSFER")
    p.add_argument("--date", type=date_arg)
    p.set_defaults(handler=cmd_transfer_cancel)
    p = transfer.add_parser("list", help="列出组织关系转接")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_transfer_list)

    mobile = sub.add_parser("mobile", help="流动党员").add_subparsers(dest="mobile_command", required=True)
    p = mobile.add_parser("list", help="外出党员")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_mobile_list)
    p = mobile.add_parser("out", help="登记外出")
    p.add_argument("member", type=int, metavar="MEMBER")
    p.add_argument("--date", required=True, type=date_arg)
    p.add_argument("--place", required=True, help="外出地点")
    p.add_argument("--reason", default="务工", help="务工、经商、上学或其他")
    p.add_argument("--phone", help="外出期间的电话")
    p.add_argument("--host-org", help="流入地党组织")
    p.add_argument("--certificate", help="《流动党员活动证》编号")
    p.add_argument("--contact", help="支部联系人")
    p.set_defaults(handler=cmd_mobile_out)
    p = mobile.add_parser("in", help="登记流入党员（外地党员在本村务工、居住）")
    p.add_argument("--name", required=True)
    p.add_argument("--home-org", required=True, help="所在党组织（流出地）")
    p.add_argument("--date", required=True, type=date_arg, help="流入日期")
    p.add_argument("--gender")
    p.add_argument("--phone")
    p.add_argument("--work", help="在本村的单位或住处")
    p.add_argument("--certificate", help="《流动党员活动证》编号")
    p.set_defaults(handler=cmd_mobile_in)
    p = mobile.add_parser("back", help="登记返回")
    p.add_argument("member", type=int, metavar="MEMBER")
    p.add_argument("--date", required=True, type=date_arg)
    p.add_argument("--report", help="返回后的简要汇报")
    p.set_defaults(handler=cmd_mobile_back)

    p = sub.add_parser("contact", help="联系记录（外出、失联党员）").add_subparsers(
        dest="contact_command", required=True
    )
    p = p.add_parser("add", help="记录一次联系或查找")
    p.add_argument("member", type=int, metavar="MEMBER")
    p.add_argument("--date", required=True, type=date_arg)
    p.add_argument("--how", required=True, help="电话、微信、走访、函询…")
    p.add_argument("--by", help="联系人")
    p.add_argument("--note", help="联系内容或结果")
    p.add_argument("--not-reached", action="store_true", help="查找未联系上")
    p.add_argument("--cause", help="失联原因：外出务工经商、下落不明、其他")
    p.set_defaults(handler=cmd_contact_add)

    lost = sub.add_parser("lost", help="失联党员").add_subparsers(dest="lost_command", required=True)
    p = lost.add_parser("list", help="疑似失联（6个月以上无联系）和已确认失联的党员")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_lost_list)
    p = lost.add_parser("confirm", help="支部确认失联（或用 --undo 取消）")
    p.add_argument("member", type=int, metavar="MEMBER")
    p.add_argument("--undo", action="store_true")
    p.set_defaults(handler=cmd_lost_confirm)

    printers["letter"] = print_letter_cmd
    printers["mobile"] = print_mobile_cmd
