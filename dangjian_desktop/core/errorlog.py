"""Unexpected errors: one sentence for the user, the details in a log file without personal values.

A library's message can hold the very values that were being written (SQLAlchemy appends
"[parameters: ...]" with every ID number of a batch). The log keeps the kind of error and where it
happened; every run of digits, every Chinese text and every parameter list is removed first.
"""

from __future__ import annotations

import datetime as dt
import re
import traceback
from pathlib import Path

from dangjian_desktop.core.errors import UserError, is_storage_error, os_error_text

LOG_NAME = "errors.log"
_PARAMETERS = re.compile(r"\[parameters:.*?\](?=\s*(\(|$))", re.DOTALL | re.MULTILINE)
_DIGITS = re.compile(r"\d{5,}[\dXx]*")
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]+")
_QUOTED = re.compile(r"'[^'\n]{0,200}'|\"[^\"\n]{0,200}\"")


def scrub(text: str) -> str:
    """Text with no ID number, phone, name or address left in it."""
    text = _PARAMETERS.sub("[parameters: …]", text)
    text = _QUOTED.sub("'…'", text)
    text = _CJK.sub("…", text)
    return _DIGITS.sub("#", text)


def log_path(db_path: Path) -> Path:
    return Path(db_path).parent / "logs" / LOG_NAME


def log_unexpected(exc: BaseException, db_path: Path, context: str = "") -> Path | None:
    """Append the scrubbed traceback to the log beside the database; None if even that fails."""
    target = log_path(db_path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        with open(target, "a", encoding="utf-8") as handle:
            handle.write(f"--- {dt.datetime.now():%Y-%m-%d %H:%M:%S} {scrub(context)}\n{scrub(text)}\n")
        return target
    except OSError:
        return None


def describe_failure(exc: BaseException, what: str, db_path: Path) -> str:
    """One Chinese sentence about why `what` (a package's file name) failed; never a value from it."""
    if isinstance(exc, UserError):
        text = str(exc)
        return text if what in text or "未合并" in text else f"{what} 未合并：{text}"
    if is_storage_error(exc):
        return f"{what} 未合并：{os_error_text(exc)}"
    from sqlalchemy.exc import IntegrityError, StatementError

    if isinstance(exc, IntegrityError):
        reason = "数据包中的数据前后矛盾（例如同一身份证号出现两次，或引用了不存在的记录）"
    elif isinstance(exc, StatementError):
        reason = "数据包中有类型不对的值"
    elif isinstance(exc, (ValueError, TypeError, KeyError, AttributeError, IndexError)):
        reason = "数据包的内容格式不对"
    elif isinstance(exc, MemoryError):
        reason = "数据包太大，内存不够"
    else:
        reason = "处理时出现意外错误"
    where = log_unexpected(exc, db_path, what)
    hint = f"（详情已记入 {where}）" if where else ""
    return f"{what} 未合并：{reason}，已撤回这个数据包的全部改动{hint}"
