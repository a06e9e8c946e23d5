"""The command line of DESIGN.md: parse, call a service, print. `dangjian` alone opens the window.

Exit codes: 0 success; 1 bad input (one Chinese message on stderr, nothing changed); 2 usage error.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from dangjian_desktop import __version__
from dangjian_desktop.core.db import Database, open_database
from dangjian_desktop.core.errors import UserError

Handler = Callable[[argparse.Namespace], int]


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期应写成 YYYY-MM-DD：{text}") from None


def _print_json(data: object) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def _open(args: argparse.Namespace) -> Database:
    return open_database(args.db)


# --- branch and demo --------------------------------------------------------------------------------


def cmd_init(args: argparse.Namespace) -> int:
    from dangjian_desktop.core.branch import create_branch

    db = _open(args)
    with db.transaction() as session:
        info = create_branch(
            session, args.branch, args.township or "", args.secretary or "", args.phone or ""
        )
    print(f"已创建党支部：{info.name}（数据库 {db.path}）")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from dangjian_desktop.core.demo_all import build_full_demo

    db = _open(args)
    with db.transaction() as session:
        build_full_demo(session)
    print(f"已生成示范党支部（数据库 {db.path}）")
    return 0


# --- roster -----------------------------------------------------------------------------------------


def cmd_roster_list(args: argparse.Namespace) -> int:
    from dangjian_desktop.core.roster import filter_rows, list_members

    db = _open(args)
    with db.reading() as session:
        rows = list_members(session, include_left=args.all)
    rows = filter_rows(rows, args.search or "")
    if args.json:
        _print_json([r.as_json() for r in rows])
    else:
        for r in rows:
            print("\t".join([r.name, r.gender, r.category, r.party_group, r.phone, r.status]))
        print(f"共 {len(rows)} 人")
    return 0


# --- roster import and export (issue 8) ---------------------------------------------------------------


def cmd_roster_import(args: argparse.Namespace) -> int:
    from dangjian_desktop.core.exchange.roster_import import import_roster

    db = _open(args)
    report = import_roster(db, args.file, dry_run=args.dry_run)
    if args.json:
        _print_json(report.as_json())
        return 0
    for rejected in report.rejected:
        print(f"拒绝 第{rejected.row}行：{rejected.reason}")
    for warning in report.warnings:
        where = f"第{warning.row}行" if warning.row else "提示"
        print(f"提示 {where}：{warning.message}")
    prefix = "（试运行，未写入）" if report.dry_run else ""
    print(f"{prefix}{report.summary()}")
    if report.backup:
        print(f"导入前已备份到 {report.backup}")
    return 0


def cmd_roster_export(args: argparse.Namespace) -> int:
    from dangjian_desktop.core.exchange.roster_export import export_roster

    db = _open(args)
    count = export_roster(db, args.file)
    print(f"已导出 {count} 名党员到 {args.file}")
    return 0


# --- printing ---------------------------------------------------------------------------------------


def cmd_print(args: argparse.Namespace) -> int:
    handler = PRINTERS.get(args.document)
    if handler is None:
        raise UserError(f"暂不支持打印“{args.document}”")
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    handler(args, out)
    print(f"已生成 {out}")
    return 0


def print_roster_cmd(args: argparse.Namespace, out: Path) -> None:
    from dangjian_desktop.core.branch import require_branch
    from dangjian_desktop.core.roster import list_members
    from dangjian_desktop.printing.roster_pdf import print_roster

    db = _open(args)
    with db.reading() as session:
        branch = require_branch(session)
        rows = list_members(session, branch_id=branch.id, include_left=False)
    print_roster(rows, branch.name, out)


PRINTERS: dict[str, Callable[[argparse.Namespace, Path], None]] = {
    "roster": print_roster_cmd,
}


# --- maintenance ------------------------------------------------------------------------------------


def cmd_check(args: argparse.Namespace) -> int:
    from dangjian_desktop.core.db import integrity_problems

    db = _open(args)
    problems = integrity_problems(db)
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1
    print(f"数据库完好：{db.path}")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from dangjian_desktop.core.backup import backup_before, backup_to

    db = _open(args)
    target = backup_to(db.path, Path(args.out)) if args.out else backup_before(db.path, "manual")
    print(f"已备份到 {target}")
    return 0


# --- the parser -------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dangjian", description="村党支部党务台账")
    parser.add_argument("--db", type=Path, help="数据库文件（默认在用户数据目录，或环境变量 DANGJIAN_DB）")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command")

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

    p = sub.add_parser("print", help="打印为 PDF")
    p.add_argument("document", choices=["roster", "cards", "minutes", "birthday-cards", "archive"])
    p.add_argument("--out", required=True)
    p.add_argument("--year", type=int)
    p.add_argument("--month", type=int)
    p.set_defaults(handler=cmd_print)

    p = sub.add_parser("backup", help="备份数据库")
    p.add_argument("--out", help="备份文件（默认在数据库旁的 backups 目录）")
    p.set_defaults(handler=cmd_backup)

    sub.add_parser("check", help="检查数据库完整性").set_defaults(handler=cmd_check)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        from dangjian_desktop.ui.app import main as gui_main

        return gui_main(db_path=args.db)
    if sys.stdout.encoding and sys.stdout.encoding.lower() not in ("utf-8", "utf8"):
        # a Windows console defaults to GBK; JSON and Chinese output must stay UTF-8
        sys.stdout.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
    try:
        return args.handler(args)
    except UserError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
