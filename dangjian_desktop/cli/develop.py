"""Commands for 发展党员: develop add / record / list, print develop PERSON."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dangjian_desktop.cli.common import Printer, date_arg, open_db, print_json
from dangjian_desktop.core.errors import UserError


def _split(text: str | None) -> list[str]:
    if not text:
        return []
    return [t for t in text.replace("，", ",").replace("、", ",").split(",") if t.strip()]


def cmd_develop_add(args: argparse.Namespace) -> int:
    from dangjian_desktop.core.branch import require_branch
    from dangjian_desktop.core.develop.service import PersonDraft, add_person

    db = open_db(args)
    with db.reading() as session:
        branch = require_branch(session)
    draft = PersonDraft(
        name=args.name,
        id_number=args.id_number,
        applied=args.applied,
        party_group=args.group or "",
        phone=args.phone or "",
    )
    person_id = add_person(db, branch.id, draft)
    print(f"已登记入党申请：{draft.name}，编号 {person_id}")
    return 0


def _person_id(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise UserError(f"人员编号应为 develop list 显示的数字：{text}") from None


def cmd_develop_record(args: argparse.Namespace) -> int:
    from dangjian_desktop.core.develop.service import StepDraft, record_step

    draft = StepDraft(
        step=args.step,
        date=args.date,
        note=args.note or "",
        people=_split(args.people),
        end_date=args.to,
        number=args.number or "",
        method=args.how or "",
        hours=args.hours,
        months=args.months,
        present=args.present,
        votes_for=args.votes_for,
        votes_against=args.against,
        votes_abstain=args.abstain,
    )
    result = record_step(open_db(args), _person_id(args.person), draft)
    if result.vote is not None and not result.vote.passed:
        print(f"表决未通过：{result.vote.reason()}；已记录，阶段不变", file=sys.stderr)
    for warning in result.warnings:
        print(f"注意：{warning}", file=sys.stderr)
    vote = f"（{result.vote.summary()}）" if result.vote else ""
    print(f"已记录{draft.step}{vote}，当前阶段：{result.stage}")
    return 0


def cmd_develop_list(args: argparse.Namespace) -> int:
    import datetime as dt

    from dangjian_desktop.core.branch import require_branch
    from dangjian_desktop.core.develop.queries import list_paths

    today = dt.date.today()
    db = open_db(args)
    with db.reading() as session:
        rows = list_paths(session, require_branch(session).id, include_finished=args.all, today=today)
    if args.json:
        print_json([row.as_json() for row in rows])
        return 0
    for row in rows:
        due = row.state.due.isoformat() if row.state.due else ""
        mark = "（已逾期）" if row.overdue(today) else ""
        print("\t".join([str(row.id), row.name, row.stage, row.state.next_step, due + mark]))
        for warning in row.state.warnings:
            print(f"\t注意：{warning}")
    print(f"共 {len(rows)} 人")
    return 0


def print_develop_cmd(args: argparse.Namespace, out: Path) -> None:
    from dangjian_desktop.documents.develop import record_pdf

    if not args.target:
        raise UserError("请写明要打印谁的纪实表：print develop 编号 --out 文件.pdf")
    db = open_db(args)
    with db.reading() as session:
        record_pdf(session, _person_id(args.target), out)


def register(sub: argparse._SubParsersAction, printers: dict[str, Printer]) -> None:
    develop = sub.add_parser("develop", help="发展党员全程纪实").add_subparsers(
        dest="develop_command", required=True
    )
    p = develop.add_parser("add", help="登记入党申请")
    p.add_argument("--name", required=True)
    p.add_argument("--id-number", required=True, help="公民身份号码")
    p.add_argument("--applied", required=True, type=date_arg, help="递交入党申请书日期 YYYY-MM-DD")
    p.add_argument("--group", help="党小组")
    p.add_argument("--phone")
    p.set_defaults(handler=cmd_develop_add)

    p = develop.add_parser("record", help="记录一个步骤")
    p.add_argument("person", help="develop list 显示的编号")
    p.add_argument(
        "--step",
        required=True,
        help="谈话、确定积极分子、考察、确定发展对象、政审、集中培训、公示、预审、支部大会……",
    )
    p.add_argument("--date", required=True, type=date_arg)
    p.add_argument("--note", help="情况、结论或原因")
    p.add_argument("--people", help="谈话人、培养联系人或入党介绍人的姓名（或花名册编号），逗号分隔")
    p.add_argument("--present", type=int, help="实到有表决权人数")
    p.add_argument("--for", dest="votes_for", type=int, help="赞成票")
    p.add_argument("--against", type=int, help="反对票")
    p.add_argument("--abstain", type=int, help="弃权票")
    p.add_argument("--to", type=date_arg, help="结束日期（公示、集中培训）")
    p.add_argument("--number", help="文号或入党志愿书编号")
    p.add_argument("--how", help="推荐方式：党员推荐 / 群团组织推优")
    p.add_argument("--hours", type=int, help="集中培训学时")
    p.add_argument("--months", type=int, help="延长预备期月数（6到12）")
    p.set_defaults(handler=cmd_develop_record)

    p = develop.add_parser("list", help="列出发展党员各阶段人员")
    p.add_argument("--all", action="store_true", help="也列出已转正和已终止的")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_develop_list)

    printers["develop"] = print_develop_cmd
