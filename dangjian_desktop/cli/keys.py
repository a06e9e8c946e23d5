"""Commands of the township trust boundary: the keys (key show/export/import) and the township's
branches (list with history, rollback, remove, re-enroll)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dangjian_desktop.cli.common import Printer, open_db, passphrase, print_json
from dangjian_desktop.core.errors import UserError


def cmd_key_show(args: argparse.Namespace) -> int:
    from dangjian_desktop.core.keys import key_state

    with open_db(args).reading() as session:
        state = key_state(session)
    if state.role == "村":
        print(f"本村签名密钥指纹：{state.signing}")
        if state.township:
            print(
                f"已导入乡镇公钥（{state.township_name or '乡镇'}）：{state.township}，导出的数据包会加密给乡镇"
            )
        else:
            print("尚未导入乡镇公钥：导出的数据包在U盘上是明文（可用 --passphrase-file 口令加密）")
    elif state.township:
        print(f"乡镇公钥指纹：{state.township}")
    else:
        print("本数据库还没有密钥（村级数据库在创建党支部时生成；乡镇数据库在 key export 时生成）")
    return 0


def cmd_key_export(args: argparse.Namespace) -> int:
    from dangjian_desktop.core.backup import fsync_dir
    from dangjian_desktop.core.errors import os_error_text
    from dangjian_desktop.core.keys import ensure_township_key, fingerprint, key_file_bytes

    public = ensure_township_key(open_db(args))
    out = Path(args.out)
    try:
        out.write_bytes(key_file_bytes(public, args.township or ""))
        fsync_dir(out.parent)
    except OSError as exc:
        raise UserError(f"写入 {out.name} 失败：{os_error_text(exc)}") from None
    print(f"已导出乡镇公钥：{out}（指纹 {fingerprint(public)}），请交给各村导入")
    return 0


def cmd_key_import(args: argparse.Namespace) -> int:
    from dangjian_desktop.core.keys import import_township_key_file

    shown = import_township_key_file(open_db(args), Path(args.file))
    print(f"已导入乡镇公钥，指纹 {shown}。请与乡镇核对；以后导出的数据包只有乡镇能打开")
    return 0


def cmd_branches(args: argparse.Namespace) -> int:
    from dangjian_desktop.core.exchange import branches

    db = open_db(args)
    if args.action in ("rollback", "remove") and sys.stdin.isatty():
        what = f"回退 {args.branch} 到第 {args.to} 号" if args.action == "rollback" else f"删除 {args.branch}"
        if input(f"将先备份，然后{what}，其他党支部不受影响。确认请输入 y：").strip().lower() != "y":
            print("已取消")
            return 1
    if args.action == "rollback":
        if args.to is None or not args.branch:
            raise UserError("回退需要指定党支部和编号：branches rollback 支部名称 --to N")
        print(branches.rollback_branch(db, args.branch, args.to))
        return 0
    if args.action == "remove":
        if not args.branch:
            raise UserError("删除需要指定党支部：branches remove 支部名称")
        print(branches.remove_branch(db, args.branch))
        return 0
    if args.action == "reenroll":
        if not args.branch or not args.package:
            raise UserError(
                "重新登记需要指定党支部和新电脑导出的数据包：branches reenroll 支部名称 --package 文件"
            )
        print(branches.reenroll_branch(db, args.branch, Path(args.package), passphrase(args)))
        return 0
    with db.reading() as session:
        entries = branches.list_branches(session)
    if args.json:
        print_json([e.as_json() for e in entries])
        return 0
    if not entries:
        print("还没有合并过任何党支部的数据包")
    for entry in entries:
        print(f"{entry.name}（编号 {entry.uid[:8]}）指纹 {entry.fingerprint}，最近合并第 {entry.number} 号")
        for h in entry.history:
            number = (
                f"第 {h.number} 号，党员 {h.members} 名" if h.action in ("合并", "回退") else h.fingerprint
            )
            print(f"  {h.at:%Y-%m-%d %H:%M} {h.action} {number}")
    return 0


def print_registration_cmd(args: argparse.Namespace, out: Path) -> None:
    from dangjian_desktop.documents.registration import registration_pdf

    with open_db(args).reading() as session:
        registration_pdf(session, out)


def register(sub: argparse._SubParsersAction, printers: dict[str, Printer]) -> None:
    printers["registration"] = print_registration_cmd  # 报送登记表, with the key fingerprint
    p = sub.add_parser("key", help="数据包的签名与加密密钥")
    keys = p.add_subparsers(dest="key_command", required=True)
    keys.add_parser("show", help="本数据库的密钥指纹").set_defaults(handler=cmd_key_show)
    e = keys.add_parser("export", help="乡镇：导出乡镇公钥文件，交给各村")
    e.add_argument("--out", required=True)
    e.add_argument("--township", help="乡镇名称（写入公钥文件，村里导入时可见）")
    e.set_defaults(handler=cmd_key_export)
    i = keys.add_parser("import", help="村：导入乡镇公钥，以后的数据包加密给乡镇")
    i.add_argument("file")
    i.set_defaults(handler=cmd_key_import)

    p = sub.add_parser("branches", help="乡镇：各党支部的登记、合并记录、回退与删除")
    p.add_argument("action", nargs="?", choices=["rollback", "remove", "reenroll"])
    p.add_argument("branch", nargs="?", help="党支部名称（重名时用编号）")
    p.add_argument("--to", type=int, help="回退到第 N 号数据包")
    p.add_argument("--package", help="重新登记：该村新电脑导出的数据包")
    p.add_argument("--passphrase-file")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_branches)
