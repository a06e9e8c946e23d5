"""Commands for the branch and its roster: init, demo, roster list/import/export, print roster."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from dangjian_desktop.cli.common import Printer, open_db, print_json


def cmd_init(args: argparse.Namespace) -> int:
    from dangjian_desktop.core.branch import create_branch

    db = open_db(args)
    with db.transaction() as session:
        info = create_branch(
            session, args.branch, args.township or "", args.secretary or "", args.phone or ""
        )
    print(f"已创建党支部：{info.name}（数据库 {db.path}）")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from dangjian_desktop.core.demo import build_full_demo

    db = open_db(args)
    with db.transaction() as session:
        build_full_demo(session)
    print(f"已生成示范党支部（数据库 {db.path}）")
    return 0


# --- roster -----------------------------------------------------------------------------------------


def cmd_roster_list(args: argparse.Namespace) -> int:
    # The plain rows on the engine's own connection: listing loads neither the ORM nor the models.
    from dangjian_desktop.core.member_rows import filter_rows, read_member_rows

    db = open_db(args)
    with db.dbapi() as connection:
        rows = read_member_rows(connection, include_left=args.all)
    in_transfer: set[int] = set()
    if args.json:
        from dangjian_desktop.core.transfers import members_in_transfer

        with db.reading() as session:
            in_transfer = members_in_transfer(session)
    rows = filter_rows(rows, args.search or "")
    if args.json:
        # a member with an open 介绍信 stays 在册 until the 回执 returns: say so beside the status
        # (the key appears only then, so the roster's JSON keeps its shape for everyone else)
        print_json([{**r.as_json(), **({"transfer": "转出中"} if r.id in in_transfer else {})} for r in rows])
    else:
        for r in rows:
            print("\t".join([r.name, r.gender, r.category, r.party_group, r.phone, r.status]))
        print(f"共 {len(rows)} 人")
    return 0


# --- roster import and export (issue 8) ---------------------------------------------------------------


def cmd_roster_import(args: argparse.Namespace) -> int:
    from dangjian_desktop.core.exchange.importing import import_roster

    db = open_db(args)
    report = import_roster(db, args.file, dry_run=args.dry_run)
    if args.json:
        print_json(report.as_json())
        return 0
    for rejected in report.rejected:
        print(f"拒绝 第{rejected.row}行：{rejected.reason}")
    for warning in report.warnings:
        where = f"第{warning.row}行" if warning.row else "提示"
        print(f"提示 {where}：{warning.message}")
    for line in report.details():
        print(line)
    prefix = "（试运行，未写入）" if report.dry_run else ""
    print(f"{prefix}{report.summary()}")
    if report.backup:
        print(f"导入前已备份到 {report.backup}")
    return 0


def cmd_roster_export(args: argparse.Namespace) -> int:
    from dangjian_desktop.core.exchange.roster_export import export_roster

    db = open_db(args)
    count = export_roster(db, args.file)
    print(f"已导出 {count} 名党员到 {args.file}")
    return 0


def print_roster_cmd(args: argparse.Namespace, out: Path) -> None:
    from dangjian_desktop.documents.roster import roster_pdf

    with open_db(args).reading() as session:
        roster_pdf(session, dt.date.today(), out)


def register(sub: argparse._SubParsersAction, printers: dict[str, Printer]) -> None:
    p = sub.add_parser("init", help="创建党支部")
    p.add_argument("--branch", required=True, help="支部名称")
    p.add_argument("--township", help="所属乡镇")
    p.add_argument("--secretary", help="书记")
    p.add_argument("--phone", help="监督电话")
    p.set_defaults(handler=cmd_init)

    sub.add_parser("demo", help="生成示范党支部数据").set_defaults(handler=cmd_demo)

    roster = sub.add_parser("roster", help="党员花名册").add_subparsers(dest="roster_command", required=True)
    p = roster.add_parser("list", help="列出党员")
    p.add_argument("--search", help="姓名、拼音、身份证号或电话")
    p.add_argument("--all", action="store_true", help="包括已离开（转出、去世等）的党员")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_roster_list)

    p = roster.add_parser("import", help="从 Excel（.xlsx/.xls）或 CSV 导入党员")
    p.add_argument("file", type=Path, help="花名册文件")
    p.add_argument("--dry-run", action="store_true", help="只检查并报告，不写入")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_roster_import)
    p = roster.add_parser("export", help="导出花名册为 Excel（.xlsx）")
    p.add_argument("file", type=Path, help="导出的 .xlsx 文件")
    p.set_defaults(handler=cmd_roster_export)

    printers["roster"] = print_roster_cmd
