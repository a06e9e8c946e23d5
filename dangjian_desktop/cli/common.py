"""What every command module shares: date arguments, JSON output, opening the database."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Callable
from pathlib import Path

from dangjian_desktop.core.db import Database, open_database
from dangjian_desktop.core.errors import UserError

Handler = Callable[[argparse.Namespace], int]
# A printer writes one document for `dangjian print NAME`; registered by the command modules.
Printer = Callable[[argparse.Namespace, Path], None]


def date_arg(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期应写成 YYYY-MM-DD：{text}") from None


def print_json(data: object) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def open_db(args: argparse.Namespace) -> Database:
    """Every command refuses a damaged file with the restore page's words, rather than show part of it."""
    from dangjian_desktop.core.db import database_target, refuse_if_damaged

    target = database_target(args.db)
    if isinstance(target, Path):  # a server checks itself
        refuse_if_damaged(target)
    return open_database(target)  # a server password: libpq's own passfile (~/.pgpass) or PGPASSWORD


def passphrase(args: argparse.Namespace) -> str | None:
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
