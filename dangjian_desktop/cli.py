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


# --- meetings ---------------------------------------------------------------------------------------


def cmd_meetings_add(args: argparse.Namespace) -> int:
    from dangjian_desktop.core.branch import require_branch
    from dangjian_desktop.core.meetings import (
        MeetingDraft,
        add_meeting,
        expected_people,
        normalize_kind,
        resolve_names,
    )

    db = _open(args)
    with db.transaction() as session:
        branch = require_branch(session)
        kind = normalize_kind(args.kind)
        draft = MeetingDraft(kind=kind, date=args.date, title=args.title or "", party_group=args.group or "")
        if args.attendees is None:
            draft.record_attendance = False
        else:
            names = args.attendees.replace("，", ",").replace("、", ",").split(",")
            draft.present_ids = resolve_names(session, branch.id, names, args.date)
            expected = expected_people(session, branch.id, kind, args.date, draft.party_group)
            draft.absent = {p.id: "" for p in expected if p.id not in set(draft.present_ids)}
        result = add_meeting(session, branch.id, draft)
    for warning in result.warnings:
        print(f"注意：{warning}", file=sys.stderr)
    print(f"已记录{kind}（{args.date.isoformat()}），编号 {result.meeting_id}")
    return 0


def cmd_meetings_list(args: argparse.Namespace) -> int:
    from dangjian_desktop.core.branch import require_branch
    from dangjian_desktop.core.meetings import list_meetings

    db = _open(args)
    with db.reading() as session:
        rows = list_meetings(session, require_branch(session).id, year=args.year)
    if args.json:
        _print_json([r.as_json() for r in rows])
    else:
        for r in rows:
            attendance = f"实到 {r.present_count}/{r.expected_count}" if r.attendees or r.absent else ""
            print("\t".join([r.date.isoformat(), r.kind_label, r.title, r.host, attendance]))
        print(f"共 {len(rows)} 次会议")
    return 0


def cmd_meetings_compliance(args: argparse.Namespace) -> int:
    from dangjian_desktop.core.branch import require_branch
    from dangjian_desktop.core.meetings import MISSING, compliance

    db = _open(args)
    with db.reading() as session:
        comp = compliance(session, require_branch(session).id, args.year)
    if args.json:
        _print_json([r.as_json() for r in comp.rows])
    else:
        for r in comp.rows:
            mark = f"{r.held}/{r.required}" if r.required > 1 and r.state == MISSING else r.state
            groups = (
                f"（缺：{'、'.join(r.missing_groups)}）" if r.missing_groups and r.state == MISSING else ""
            )
            print(f"{r.kind}\t{r.period}\t{mark}{groups}")
        print(f"应开未开 {len(comp.missing)} 期")
    return 0


# --- political birthdays ---------------------------------------------------------------------------


def cmd_birthdays(args: argparse.Namespace) -> int:
    from dangjian_desktop.core import settings
    from dangjian_desktop.core.birthdays import REMINDER_DAYS, political_birthdays
    from dangjian_desktop.core.dates import format_cn

    db = _open(args)
    with db.reading() as session:
        days = settings.get(session, REMINDER_DAYS) if args.days is None else args.days
        rows = political_birthdays(session, args.start or dt.date.today(), days)
    if args.json:
        _print_json([r.as_json() for r in rows])
    else:
        for r in rows:
            mark = f"\t入党{r.years}周年" if r.milestone else ""
            print(f"{format_cn(r.date)}\t{r.name}\t{r.party_group}\t第{r.years}个政治生日{mark}")
        print(f"共 {len(rows)} 人")
    return 0


def print_birthday_cards_cmd(args: argparse.Namespace, out: Path) -> None:
    from dangjian_desktop.core import settings
    from dangjian_desktop.core.birthdays import CARD_MESSAGE, CARDS_PER_PAGE, birthdays_in_month
    from dangjian_desktop.core.branch import require_branch
    from dangjian_desktop.printing.birthday_cards import card_data, print_birthday_cards

    if args.month is None:
        raise UserError("请用 --month 指定打印哪个月的政治生日贺卡（1 到 12）")
    year = args.year or dt.date.today().year
    db = _open(args)
    with db.reading() as session:
        branch = require_branch(session)
        rows = birthdays_in_month(session, year, args.month, branch_id=branch.id)
        message = settings.get(session, CARD_MESSAGE)
        per_page = settings.get(session, CARDS_PER_PAGE)
    if not rows:
        raise UserError(f"{year}年{args.month}月没有党员过政治生日，未生成贺卡")
    print_birthday_cards(card_data(rows, branch.name), out, per_page=per_page, message=message)


# --- 明白卡 (cards) ---------------------------------------------------------------------------------


def cmd_cards_list(args: argparse.Namespace) -> int:
    from dangjian_desktop.core.branch import require_branch
    from dangjian_desktop.core.cards import list_cards

    db = _open(args)
    with db.reading() as session:
        branch = require_branch(session)
        cards = list_cards(session, args.year, branch_id=branch.id)
    if args.json:
        _print_json([c.as_json() for c in cards])
    else:
        for c in cards:
            print("\t".join([c.member_name, c.state, c.post, f"完成 {c.done_count}/{len(c.clauses)}"]))
        print(f"{args.year}年度明白卡共 {len(cards)} 张")
    return 0


def print_cards_cmd(args: argparse.Namespace, out: Path) -> None:
    """All posted (已上墙) cards of the year, one or two to a page as the branch has set."""
    from dangjian_desktop.core.branch import require_branch
    from dangjian_desktop.printing.documents import wall_cards_pdf

    year = args.year or dt.date.today().year
    db = _open(args)
    with db.reading() as session:
        branch = require_branch(session)
        if wall_cards_pdf(session, branch.id, year, out) is None:
            raise UserError(f"{year}年度还没有已上墙的明白卡，无可打印")


# --- printing ---------------------------------------------------------------------------------------


def cmd_print(args: argparse.Namespace) -> int:
    handler = PRINTERS.get(args.document)
    if handler is None:
        raise UserError(f"暂不支持打印“{args.document}”")
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    _apply_print_preferences(args)
    handler(args, out)
    print(f"已生成 {out}")
    return 0


def print_roster_cmd(args: argparse.Namespace, out: Path) -> None:
    from dangjian_desktop.core.branch import require_branch
    from dangjian_desktop.printing.documents import roster_pdf

    db = _open(args)
    with db.reading() as session:
        branch = require_branch(session)
        roster_pdf(session, branch.id, branch.name, dt.date.today(), out)


def _meetings_year(args: argparse.Namespace) -> int:
    if args.month is not None and not 1 <= args.month <= 12:
        raise UserError(f"月份应为 1 到 12：{args.month}")
    return args.year or dt.date.today().year


def print_minutes_cmd(args: argparse.Namespace, out: Path) -> None:
    from dangjian_desktop.core.branch import require_branch
    from dangjian_desktop.core.meetings import list_meetings, meeting_details
    from dangjian_desktop.printing.minutes_pdf import print_minutes

    year = _meetings_year(args)
    db = _open(args)
    with db.reading() as session:
        branch = require_branch(session)
        rows = list_meetings(session, branch.id, year=year, month=args.month)
        details = meeting_details(session, [r.id for r in rows])
    period = f"{year}年{args.month}月" if args.month else f"{year}年"
    print_minutes(details, branch.name, out, title=f"{period}会议记录")


def print_meetings_archive_cmd(args: argparse.Namespace, out: Path) -> None:
    from dangjian_desktop.core.branch import require_branch
    from dangjian_desktop.printing.documents import meetings_archive_pdf

    year = _meetings_year(args)
    db = _open(args)
    with db.reading() as session:
        branch = require_branch(session)
        meetings_archive_pdf(session, branch.id, branch.name, year, out)


PRINTERS: dict[str, Callable[[argparse.Namespace, Path], None]] = {
    "roster": print_roster_cmd,
    "cards": print_cards_cmd,
    "birthday-cards": print_birthday_cards_cmd,
    "minutes": print_minutes_cmd,
    "archive": print_meetings_archive_cmd,
}


# --- the township package ---------------------------------------------------------------------------


def _passphrase(args: argparse.Namespace) -> str | None:
    if not getattr(args, "passphrase_file", None):
        return None
    try:
        text = Path(args.passphrase_file).read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise UserError(f"无法读取口令文件 {args.passphrase_file}：{exc.strerror or exc}") from exc
    passphrase = text.strip("\r\n")
    if not passphrase:
        raise UserError(f"口令文件 {args.passphrase_file} 是空的")
    return passphrase


def cmd_export(args: argparse.Namespace) -> int:
    from dangjian_desktop.core.exchange.package_export import export_package

    db = _open(args)
    written = export_package(db, Path(args.out), passphrase=_passphrase(args))
    print(f"已导出并校验：{written}（现在可以安全拔出U盘）")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from dangjian_desktop.core.exchange.package import verify_file

    result = verify_file(Path(args.file), _passphrase(args))
    if args.json:
        _print_json({"ok": result.ok, "problems": result.problems, "info": result.info})
    if not result.ok:
        for problem in result.problems:
            print(f"错误：{problem}", file=sys.stderr)
        return 1
    info = result.info or {}
    if not args.json:
        print(
            f"数据包完好：{info.get('branch_name')}，{info.get('exported_at')} 导出，"
            f"党员 {info.get('counts', {}).get('member', 0)} 条，程序版本 {info.get('app_version')}"
        )
    return 0


def cmd_merge(args: argparse.Namespace) -> int:
    from dangjian_desktop.core.exchange.merge import merge_packages
    from dangjian_desktop.core.idcard import mask

    db = _open(args)
    results = merge_packages(db, [Path(f) for f in args.files], passphrase=_passphrase(args))
    for path, report in results:
        if isinstance(report, str):
            print(f"错误：{report}", file=sys.stderr)
            continue
        print(f"{path.name}：{report.message}")
        for t in report.transfers:
            print(
                f"  待核实的组织关系转移：{t.name}（{mask(t.id_number)}）也在 {t.other_branch}（{t.other_status}）"
            )
    return 1 if any(isinstance(report, str) for _path, report in results) else 0


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
    from dangjian_desktop.core import settings
    from dangjian_desktop.core.backup import backup_before, backup_to

    db = _open(args)
    with db.reading() as session:
        folder = settings.get(session, settings.BACKUP_FOLDER).strip()
    if args.out:
        target = backup_to(db.path, Path(args.out))
    else:
        target = backup_before(db.path, "manual", folder=Path(folder) if folder else None)
    print(f"已备份到 {target}")
    return 0


# --- settings (issue 7) ----------------------------------------------------------------------------


def _apply_print_preferences(args: argparse.Namespace) -> None:
    from dangjian_desktop.core import settings
    from dangjian_desktop.printing.fonts import set_use_system_fonts

    with _open(args).reading() as session:
        set_use_system_fonts(settings.get(session, settings.PRINT_SYSTEM_FONTS))


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

    meetings = sub.add_parser("meetings", help="三会一课等会议记录").add_subparsers(
        dest="meetings_command", required=True
    )
    p = meetings.add_parser("add", help="记录一次会议")
    p.add_argument(
        "--kind",
        required=True,
        help="支部党员大会、支委会、党小组会、党课、主题党日、组织生活会、民主评议党员",
    )
    p.add_argument("--date", required=True, type=_date, help="YYYY-MM-DD")
    p.add_argument("--title", help="会议名称或届次")
    p.add_argument("--group", help="党小组会所属的党小组")
    p.add_argument("--attendees", help="到会党员姓名，用逗号分隔；其余应到党员记为缺席")
    p.set_defaults(handler=cmd_meetings_add)
    p = meetings.add_parser("list", help="列出会议记录")
    p.add_argument("--year", type=int)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_meetings_list)
    p = meetings.add_parser("compliance", help="各类会议按期召开情况")
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_meetings_compliance)

    p = sub.add_parser("birthdays", help="近期政治生日")
    p.add_argument("--from", dest="start", type=_date, help="从哪天起（YYYY-MM-DD，默认今天）")
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

    p = sub.add_parser("print", help="打印为 PDF")
    p.add_argument("document", choices=["roster", "cards", "minutes", "birthday-cards", "archive"])
    p.add_argument("--out", required=True)
    p.add_argument("--year", type=int)
    p.add_argument("--month", type=int)
    p.set_defaults(handler=cmd_print)

    p = sub.add_parser("export", help="导出报送乡镇的数据包（写入U盘）")
    p.add_argument("--out", required=True, help="数据包文件，或U盘上的文件夹")
    p.add_argument("--passphrase-file", help="与乡镇约定的口令所在的文本文件（加密数据包）")
    p.set_defaults(handler=cmd_export)

    p = sub.add_parser("verify", help="检查数据包是否完整、未被改动")
    p.add_argument("file")
    p.add_argument("--passphrase-file")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_verify)

    p = sub.add_parser("merge", help="乡镇：合并各村数据包")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--passphrase-file")
    p.set_defaults(handler=cmd_merge)

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
