"""Commands for meetings: meetings add/list/compliance, print minutes and archive."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from dangjian_desktop.cli.common import Printer, date_arg, open_db, print_json
from dangjian_desktop.core.errors import UserError


def cmd_meetings_add(args: argparse.Namespace) -> int:
    from dangjian_desktop.core.branch import require_branch
    from dangjian_desktop.core.meetings import (
        MeetingDraft,
        add_meeting,
        expected_people,
        normalize_kind,
        resolve_names,
    )

    db = open_db(args)
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

    db = open_db(args)
    with db.reading() as session:
        rows = list_meetings(session, require_branch(session).id, year=args.year)
    if args.json:
        print_json([r.as_json() for r in rows])
    else:
        for r in rows:
            attendance = f"实到 {r.present_count}/{r.expected_count}" if r.attendees or r.absent else ""
            print("\t".join([r.date.isoformat(), r.kind_label, r.title, r.host, attendance]))
        print(f"共 {len(rows)} 次会议")
    return 0


def cmd_meetings_compliance(args: argparse.Namespace) -> int:
    from dangjian_desktop.core.branch import require_branch
    from dangjian_desktop.core.meetings import MISSING, compliance

    db = open_db(args)
    with db.reading() as session:
        comp = compliance(session, require_branch(session).id, args.year)
    if args.json:
        print_json([r.as_json() for r in comp.rows])
    else:
        for r in comp.rows:
            mark = f"{r.held}/{r.required}" if r.required > 1 and r.state == MISSING else r.state
            groups = (
                f"（缺：{'、'.join(r.missing_groups)}）" if r.missing_groups and r.state == MISSING else ""
            )
            print(f"{r.kind}\t{r.period}\t{mark}{groups}")
        print(f"应开未开 {len(comp.missing)} 期")
    return 0


def _meetings_year(args: argparse.Namespace) -> int:
    if args.month is not None and not 1 <= args.month <= 12:
        raise UserError(f"月份应为 1 到 12：{args.month}")
    return args.year or dt.date.today().year


def print_minutes_cmd(args: argparse.Namespace, out: Path) -> None:
    from dangjian_desktop.documents.meetings import period_minutes_pdf

    year = _meetings_year(args)
    with open_db(args).reading() as session:
        period_minutes_pdf(session, year, args.month, dt.date.today(), out)


def print_meetings_archive_cmd(args: argparse.Namespace, out: Path) -> None:
    from dangjian_desktop.documents.meetings import archive_pdf

    year = _meetings_year(args)
    with open_db(args).reading() as session:
        archive_pdf(session, year, dt.date.today(), out)


def register(sub: argparse._SubParsersAction, printers: dict[str, Printer]) -> None:
    meetings = sub.add_parser("meetings", help="三会一课等会议记录").add_subparsers(
        dest="meetings_command", required=True
    )
    p = meetings.add_parser("add", help="记录一次会议")
    p.add_argument(
        "--kind",
        required=True,
        help="支部党员大会、支委会、党小组会、党课、主题党日、组织生活会、民主评议党员",
    )
    p.add_argument("--date", required=True, type=date_arg, help="YYYY-MM-DD")
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

    printers["minutes"] = print_minutes_cmd
    printers["archive"] = print_meetings_archive_cmd
