"""Two clerks, one record: the version column that catches an edit made over another's.

Members, meetings and 明白卡 carry `version` (SQLAlchemy's version_id_col): every UPDATE of the row
adds one and checks the value it read. A dialog remembers the version it opened; the save service
compares it under the write lock and raises EditConflict when another clerk saved in between, and
the window asks: reload the other's work, or overwrite it (the service called again with
`overwriting()`). Nothing is silently lost either way.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar

from sqlalchemy import Integer
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.orm.attributes import flag_modified

from dangjian_desktop.core.errors import UserError

_OVERWRITE: ContextVar[bool] = ContextVar("dangjian_overwrite", default=False)


def version_column() -> Mapped[int]:
    return mapped_column(Integer, nullable=False, default=1, server_default="1")


class EditConflict(UserError):
    """The record changed since this clerk opened it; the GUI asks 重新载入 / 覆盖."""

    def __init__(self, what: str) -> None:
        super().__init__(
            f"{what}已被他人修改（在您打开之后又保存过）。"
            "“重新载入”看他人修改后的内容（您这次的修改不保存），“覆盖”用您的内容替换他人的修改。"
        )
        self.what = what


@contextlib.contextmanager
def overwriting() -> Iterator[None]:
    """The clerk chose 覆盖: the next save replaces whatever another clerk saved meanwhile."""
    token = _OVERWRITE.set(True)
    try:
        yield
    finally:
        _OVERWRITE.reset(token)


def check_version(record: object, expected: int | None, what: str) -> None:
    """Refuse when the record is no longer the version the clerk opened (None: not asked, e.g. a
    script or the CLI), then make sure this save counts as a change of the record itself even when
    only its lines (attendance, clauses) change, so the next clerk's check sees it."""
    current = getattr(record, "version")  # noqa: B009 - every versioned model has it
    if expected is not None and current != expected and not _OVERWRITE.get():
        raise EditConflict(what)
    mapper = record.__mapper__  # type: ignore[attr-defined]
    plain = next(c.key for c in mapper.column_attrs if c.key not in ("id", "version"))
    flag_modified(record, plain)
