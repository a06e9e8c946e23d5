"""Commands for the township package and maintenance: export, verify, merge, backup, check."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dangjian_desktop.cli.common import Printer, open_db, passphrase, print_json


def cmd_export(args: argparse.Namespace) -> int:
    from dangjian_desktop.core.exchange.package_export import export_package
    from dangjian_desktop.documents.package import package_documents

    db = open_db(args)
    written = export_package(db, Path(args.out), passphrase=passphrase(args), attachments=package_documents())
    print(f"已导出并校验：{written}（现在可以安全拔出U盘）")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from dangjian_desktop.core.exchange.package import verify_file

    result = verify_file(Path(args.file), passphrase(args))
    if args.json:
        print_json({"ok": result.ok, "problems": result.problems, "info": result.info})
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

    db = open_db(args)
    results = merge_packages(db, [Path(f) for f in args.files], passphrase=passphrase(args))
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

    db = open_db(args)
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

    db = open_db(args)
    with db.reading() as session:
        folder = settings.get(session, settings.BACKUP_FOLDER).strip()
    if args.out:
        target = backup_to(db.path, Path(args.out))
    else:
        target = backup_before(db.path, "manual", folder=Path(folder) if folder else None)
    print(f"已备份到 {target}")
    return 0


def register(sub: argparse._SubParsersAction, printers: dict[str, Printer]) -> None:
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
