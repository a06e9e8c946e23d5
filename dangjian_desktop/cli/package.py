"""Commands for the township package and maintenance: export, verify, merge, backup, check."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dangjian_desktop.cli.common import Printer, open_db, passphrase, print_json
from dangjian_desktop.core.errors import UserError


def cmd_export(args: argparse.Namespace) -> int:
    from dangjian_desktop.core.exchange.package_export import export_package
    from dangjian_desktop.core.keys import key_state
    from dangjian_desktop.documents.package import package_documents

    db = open_db(args)
    with db.reading() as session:
        state = key_state(session)
    secret = passphrase(args)
    written = export_package(db, Path(args.out), passphrase=secret, attachments=package_documents())
    print(f"已导出并校验：{written}（现在可以安全拔出U盘）")
    print(f"本村密钥指纹：{state.signing}（乡镇登记时核对）")
    if state.township:
        print(f"数据包已加密给乡镇（乡镇公钥指纹 {state.township}），U盘丢失也无法读出")
    elif secret:
        print("数据包已用口令加密")
    else:
        print(
            "注意：尚未导入乡镇公钥，U盘上的数据包是明文，丢失U盘会泄露党员身份证号、电话等信息。"
            "请向乡镇要乡镇公钥（key import），或用 --passphrase-file 口令加密",
            file=sys.stderr,
        )
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from dangjian_desktop.core.exchange.changes import changes_for
    from dangjian_desktop.core.exchange.merge import identify
    from dangjian_desktop.core.exchange.package import verify_file
    from dangjian_desktop.core.keys import is_village, township_private

    db = _existing_db(args)
    key = None
    if db is not None:
        with db.reading() as session:
            key = township_private(session)
            if is_village(session):
                db = None  # a village's own database says nothing about what a merge would change
    result = verify_file(Path(args.file), passphrase(args), key)
    identity, changes, enrolled = None, [], None
    if result.ok:
        try:
            identity = identify(result)
        except UserError as exc:
            result.ok, result.problems = False, [str(exc)]
    if identity is not None and db is not None:
        from sqlalchemy import select

        from dangjian_desktop.core.models import Branch

        with db.reading() as session:
            changes = changes_for(session, identity.uid, result.files)
            enrolled = session.scalar(select(Branch.signing_key).where(Branch.uid == identity.uid))
    if args.json:
        print_json(
            {
                "ok": result.ok,
                "problems": result.problems,
                "info": result.info,
                "fingerprint": identity.fingerprint if identity else None,
                "changes": [c.__dict__ for c in changes],
            }
        )
    if not result.ok:
        for problem in result.problems:
            print(f"错误：{problem}", file=sys.stderr)
        return 1
    info = result.info or {}
    if not args.json and identity is not None:
        print(
            f"数据包完好：{identity.describe()}，第 {identity.number} 号，{identity.exported_at} 导出，"
            f"党员 {info.get('counts', {}).get('member', 0)} 条，程序版本 {info.get('app_version')}"
        )
        print(f"签名密钥指纹：{identity.fingerprint}（{result.encryption or '未加密'}）")
        if enrolled is None and db is not None:
            print("该党支部尚未登记：合并时需核对指纹并登记（--enroll）")
        elif enrolled and enrolled != identity.signing_key:
            print("警告：签名密钥与登记的不同，合并时会被拒绝")
        for change in changes:
            print(f"合并后将改变 {change.text()}")
    return 0


def _existing_db(args: argparse.Namespace):
    """verify needs no database; when one exists (--db, DANGJIAN_DB or the default), it opens the
    township's encrypted packages and shows what a merge would change."""
    from dangjian_desktop.core.db import database_target

    target = database_target(args.db)
    return open_db(args) if isinstance(target, str) or target.exists() else None


def cmd_merge(args: argparse.Namespace) -> int:
    from dangjian_desktop.core.exchange.merge import merge_packages
    from dangjian_desktop.core.idcard import mask

    db = open_db(args)
    results = merge_packages(
        db, [Path(f) for f in args.files], passphrase=passphrase(args), enroll=bool(args.enroll)
    )
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
    print(f"数据库完好：{db.location}")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from dangjian_desktop.core import settings
    from dangjian_desktop.core.backup import backup_before, backup_sealed, backup_to, unseal_backup

    db = open_db(args)
    with db.reading() as session:
        folder = settings.get(session, settings.BACKUP_FOLDER).strip()
    secret = passphrase(args)
    if args.restore or db.is_server or args.pg_dump:
        return _backup_whole(db, args, secret, folder)
    if args.unseal:
        if not secret:
            raise UserError("打开加密备份需要口令（--passphrase-file）")
        target = unseal_backup(db.path, Path(args.unseal), secret)
        print(f"已解开加密备份：{target}（在程序的“从备份恢复”中可选它恢复）")
        return 0
    if args.out and secret:
        target = backup_sealed(db.path, Path(args.out), secret)
    elif args.out:
        target = backup_to(db.path, Path(args.out))
        print(
            "注意：这个备份没有加密，含全部党员的身份证号和电话；写到U盘时请加 --passphrase-file",
            file=sys.stderr,
        )
    else:
        target = backup_before(db.path, "manual", folder=Path(folder) if folder else None)
    print(f"已备份到 {target}")
    return 0


def _backup_whole(db, args: argparse.Namespace, secret: str | None, folder: str) -> int:
    """A server database (or --restore of such a backup into an empty database of either kind): the
    whole-database package; --pg-dump adds the server's own dump where pg_dump is installed."""
    from dangjian_desktop.core.backup import backup_database, pg_dump_to
    from dangjian_desktop.core.exchange.township_backup import restore_backup_package, write_backup

    if args.restore:
        print(restore_backup_package(db, Path(args.restore), secret))
        return 0
    if args.pg_dump:
        print(f"已用 pg_dump 备份到 {pg_dump_to(db, Path(args.pg_dump))}（用 pg_restore 恢复）")
        if not args.out:
            return 0
    if args.out:
        target = write_backup(db, Path(args.out), passphrase=secret)
        if not secret:
            print(
                "注意：这个备份没有加密，含全部党员的身份证号和电话；写到U盘时请加 --passphrase-file",
                file=sys.stderr,
            )
    else:
        target = backup_database(db, "manual", folder=Path(folder) if folder else None)
    print(f"已备份到 {target}（整库数据包，可恢复到空数据库：backup --restore）")
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
    p.add_argument("--enroll", action="store_true", help="登记尚未登记的党支部（先与村里核对密钥指纹）")
    p.add_argument("--passphrase-file")
    p.set_defaults(handler=cmd_merge)

    p = sub.add_parser("backup", help="备份数据库")
    p.add_argument("--out", help="备份文件（默认在数据库旁的 backups 目录）")
    p.add_argument("--passphrase-file", help="口令文件：备份加密（写到U盘时应加密）")
    p.add_argument("--unseal", metavar="FILE", help="解开U盘上的加密备份，放入备份目录以便恢复")
    p.add_argument("--restore", metavar="FILE", help="把整库备份（.djpkg）恢复到空数据库（文件或服务器）")
    p.add_argument("--pg-dump", metavar="FILE", help="服务器数据库：另用 pg_dump 备份（需本机装有 pg_dump）")
    p.set_defaults(handler=cmd_backup)

    sub.add_parser("check", help="检查数据库完整性").set_defaults(handler=cmd_check)
