"""The command line of DESIGN.md: parse, call a service, print. `dangjian` alone opens the window.

Exit codes: 0 success; 1 bad input (one Chinese message on stderr, nothing changed); 2 usage error.
Each feature's commands live in a module of this package with a `register(sub, printers)` function;
adding a feature's commands is one module and one name in COMMAND_MODULES.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from pathlib import Path

from dangjian_desktop import __version__
from dangjian_desktop.cli.common import Printer, open_db
from dangjian_desktop.core.errors import UserError

# Registered in this order; each module's commands appear in `dangjian --help` in that order.
COMMAND_MODULES: tuple[str, ...] = (
    "roster",
    "meetings",
    "members",
    "transfers",
    "package",
    "keys",
    "develop",
    "dues",
    "statistics",
)


def cmd_print(args: argparse.Namespace) -> int:
    handler = args.printers.get(args.document)
    if handler is None:
        raise UserError(f"暂不支持打印“{args.document}”")
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    _apply_print_preferences(args)
    handler(args, out)
    print(f"已生成 {out}")
    return 0


def _apply_print_preferences(args: argparse.Namespace) -> None:
    from dangjian_desktop.core import settings
    from dangjian_desktop.printing.fonts import set_use_system_fonts

    with open_db(args).reading() as session:
        set_use_system_fonts(settings.get(session, settings.PRINT_SYSTEM_FONTS))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dangjian", description="村党支部党务台账")
    parser.add_argument(
        "--db",
        help="数据库文件，或服务器地址 postgresql+psycopg://用户@主机/库名（默认在用户数据目录，或环境变量 DANGJIAN_DB）",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command")
    printers: dict[str, Printer] = {}
    for name in COMMAND_MODULES:
        importlib.import_module(f"dangjian_desktop.cli.{name}").register(sub, printers)

    p = sub.add_parser("print", help="打印为 PDF")
    p.add_argument("document", choices=sorted(printers))
    # the record a document is about, for documents of one person or one letter (print develop 3)
    p.add_argument("target", nargs="?", help="编号（如 develop、letter 所需的人员或介绍信编号）")
    p.add_argument("--out", required=True)
    p.add_argument("--year", type=int)
    p.add_argument("--month", type=int)
    p.set_defaults(handler=cmd_print, printers=printers)
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
    except KeyboardInterrupt:
        print("已中断", file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - no traceback, no personal value, ever, on the console
        return _unexpected(exc, args)


def _unexpected(exc: Exception, args: argparse.Namespace) -> int:
    from dangjian_desktop.core.db import database_target, local_path
    from dangjian_desktop.core.errorlog import log_unexpected
    from dangjian_desktop.core.errors import is_storage_error, os_error_text

    if is_storage_error(exc):
        print(f"错误：{os_error_text(exc)}，操作未完成", file=sys.stderr)
        return 1
    where = log_unexpected(exc, local_path(database_target(args.db)), args.command or "")
    hint = f"（详情已记入 {where}）" if where else ""
    print(f"错误：程序出现意外错误，操作未完成{hint}", file=sys.stderr)
    return 1
