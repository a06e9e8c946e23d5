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
from typing import TYPE_CHECKING

from dangjian_desktop.core.errors import UserError

if TYPE_CHECKING:  # SQLAlchemy is imported where used: the window imports EditConflict before it paints
    from sqlalchemy.orm import Mapped, Session

_OVERWRITE: ContextVar[bool] = ContextVar("dangjian_overwrite", default=False)


def version_column() -> Mapped[int]:
    from sqlalchemy import Integer
    from sqlalchemy.orm import mapped_column

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


@contextlib.contextmanager
def versioned_save(session: Session, record: object, expected: int | None, what: str) -> Iterator[None]:
    """Around one save of a record: refused when the record is no longer the version the clerk
    opened (expected None: not asked, e.g. a script or the CLI); afterwards the save counts as a
    change of the record itself even when only its lines (attendance, clauses) changed, so the next
    clerk's check sees it."""
    from sqlalchemy.orm.attributes import flag_modified

    current = getattr(record, "version")  # noqa: B009 - every versioned model has it
    if expected is not None and current != expected and not _OVERWRITE.get():
        raise EditConflict(what)
    yield
    session.flush()
    if getattr(record, "version") == current:  # noqa: B009 - no UPDATE of the row itself yet
        mapper = record.__mapper__  # type: ignore[attr-defined]
        plain = next(c.key for c in mapper.column_attrs if c.key not in ("id", "version"))
        flag_modified(record, plain)
        session.flush()


def version_of(session: Session, model: type, record_id: int) -> int | None:
    """The version a dialog remembers when it opens a record (None when the record is gone)."""
    from sqlalchemy import select

    return session.scalar(select(model.version).where(model.id == record_id))  # type: ignore[attr-defined]
