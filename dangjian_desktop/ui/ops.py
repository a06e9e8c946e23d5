"""Running a user's write from the GUI, the way Anki's CollectionOp does it.

A write is ONE service call from core/services (it opens and commits its own transaction). `WriteOp`
runs it, turns a `UserError` into one Chinese message (a box, or a callback such as a form's error
line), and on success announces what changed on the context's `ChangeBus`, so every tab that shows
that kind of data refreshes: the tab that started the write and the others alike. Reads go through
`read()`, which hands a service function a session and closes it again; no widget opens one itself.
"""

from __future__ import annotations

import contextlib
import enum
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from dangjian_desktop.core.db import Database
from dangjian_desktop.core.errors import UserError
from dangjian_desktop.core.services import query
from dangjian_desktop.core.versions import EditConflict, overwriting
from dangjian_desktop.ui.widgets import ask

if TYPE_CHECKING:
    from dangjian_desktop.ui.context import AppContext

T = TypeVar("T")


class Change(enum.Flag):
    """What a write touched; a tab refreshes when a change it shows arrives."""

    NONE = 0
    BRANCH = enum.auto()
    ROSTER = enum.auto()  # members: every tab that lists members follows
    MEETINGS = enum.auto()
    CARDS = enum.auto()
    BIRTHDAYS = enum.auto()
    SETTINGS = enum.auto()

    @classmethod
    def everything(cls) -> Change:
        return cls.BRANCH | cls.ROSTER | cls.MEETINGS | cls.CARDS | cls.BIRTHDAYS | cls.SETTINGS


# The tabs that show members follow a roster change (a new member has a birthday, a card, a seat).
MEMBER_VIEWS = Change.ROSTER | Change.BRANCH


class ChangeBus(QObject):
    """One per window: `changed(Change, initiator)` after every successful write."""

    changed = Signal(object, object)

    def announce(self, change: Change, initiator: object = None) -> None:
        if change:
            self.changed.emit(change, initiator)


def read(ctx: AppContext, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """A read-only query function of core/ in a session of its own (core.services.query)."""
    return query(ctx.db, fn, *args, **kwargs)


class WriteOp(Generic[T]):
    """`WriteOp(ctx, parent, lambda db: services.x(db, ...), Change.ROSTER).run()`.

    run() returns the service's result, or None after a refused write (then `error` holds the message,
    already shown). Nothing is written when the service raises: its transaction rolled back.
    """

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None,
        op: Callable[[Database], T],
        changes: Change,
        *,
        title: str = "无法保存",
    ) -> None:
        self.ctx, self.parent, self.op, self.changes, self.title = ctx, parent, op, changes, title
        self.error: str | None = None
        self.ok = False
        self._on_failure: Callable[[str], None] | None = None
        self._on_success: Callable[[T], None] | None = None
        self._on_reload: Callable[[], None] | None = None

    def failure(self, callback: Callable[[str], None]) -> WriteOp[T]:
        """Show the message here (e.g. a form's error line) instead of in a box."""
        self._on_failure = callback
        return self

    def success(self, callback: Callable[[T], None]) -> WriteOp[T]:
        """Called after the change was announced (so the tabs already show it)."""
        self._on_success = callback
        return self

    def reload(self, callback: Callable[[], None]) -> WriteOp[T]:
        """What 重新载入 does after another clerk saved the record first (EditConflict): read it again."""
        self._on_reload = callback
        return self

    def run(self) -> T | None:
        try:
            result, message = run_unit(self.ctx.db, self.op)
        except EditConflict as exc:
            choice = ask_conflict(self.parent, str(exc))
            if choice != OVERWRITE:
                if choice == RELOAD and self._on_reload is not None:
                    self._on_reload()
                self.error = str(exc)
                return None
            with overwriting():
                result, message = run_unit(self.ctx.db, self.op)
        if message is not None:
            self._fail(message)
            return None
        self.error, self.ok = None, True
        self.ctx.changes.announce(self.changes, self.parent)
        if self._on_success is not None:
            self._on_success(result)
        return result

    def _fail(self, message: str) -> None:
        self.error = message
        if self._on_failure is not None:
            self._on_failure(message)
        else:
            QMessageBox.warning(self.parent, self.title, message)


def run_unit(db: Database, op: Callable[[Database], T]) -> tuple[T | None, str | None]:
    """The service call and its one Chinese message: (result, None) when it was stored, (None, the
    message) when it was refused. For a dialog that holds only the database (the 设置 dialog, whose
    window reloads everything after it); everything else goes through WriteOp, which also announces."""
    try:
        return op(db), None
    except EditConflict:
        raise  # WriteOp asks 重新载入 / 覆盖; a plain message would lose that choice
    except UserError as exc:
        return None, str(exc)
    except Exception as exc:  # noqa: BLE001 - one sentence for the user; the scrubbed details to the log
        return None, unexpected_message(exc, db.path)


OVERWRITE, RELOAD, CANCEL = "overwrite", "reload", "cancel"


def ask_conflict(parent: QWidget | None, message: str) -> str:
    """已被他人修改: 重新载入 (see the other clerk's work), 覆盖 (keep mine), or 取消 (decide later,
    everything typed stays in the form)."""
    choices = [
        ("重新载入", QMessageBox.ButtonRole.ResetRole),
        ("覆盖", QMessageBox.ButtonRole.DestructiveRole),
        ("取消", QMessageBox.ButtonRole.RejectRole),
    ]
    return {0: RELOAD, 1: OVERWRITE}.get(ask(parent, "已被他人修改", message, choices), CANCEL)


def unexpected_message(exc: BaseException, db_path: Path) -> str:
    """One Chinese sentence for an error no rule foresaw: never the exception's own text, which can
    carry an ID number or a phone (SQLAlchemy puts the statement's parameters in it)."""
    from dangjian_desktop.core.errorlog import log_unexpected
    from dangjian_desktop.core.errors import is_storage_error, os_error_text

    if is_storage_error(exc):
        return f"{os_error_text(exc)}，没有保存"
    where = log_unexpected(exc, db_path, "界面操作")
    return "程序出现意外错误，没有保存" + (f"（详情已记入 {where}）" if where else "")


def write(
    ctx: AppContext,
    parent: QWidget | None,
    op: Callable[[Database], T],
    changes: Change,
    *,
    on_error: Callable[[str], None] | None = None,
    on_reload: Callable[[], None] | None = None,
    title: str = "无法保存",
) -> T | None:
    """The short form of WriteOp(...).run()."""
    runner = WriteOp(ctx, parent, op, changes, title=title)
    if on_error is not None:
        runner.failure(on_error)
    if on_reload is not None:
        runner.reload(on_reload)
    return runner.run()


def attempt(
    ctx: AppContext,
    parent: QWidget | None,
    op: Callable[[Database], object],
    changes: Change,
    *,
    on_error: Callable[[str], None] | None = None,
    title: str = "无法保存",
) -> bool:
    """For a write whose result does not matter: True when it was stored."""
    runner = WriteOp(ctx, parent, op, changes, title=title)
    if on_error is not None:
        runner.failure(on_error)
    runner.run()
    return runner.ok


def follow_changes(widget: QWidget, ctx: AppContext, shows: Change, refresh: Callable[[], None]) -> None:
    """Refresh `widget` when a change it shows is announced: at once when it is on screen, otherwise
    the next time it is shown (a hidden tab does not reload 50,000 members for nothing)."""
    state = {"stale": False}

    def on_change(change: Change, initiator: object) -> None:
        if not change & shows:
            return
        if widget.isVisible() or _started_by(widget, initiator):
            refresh()
        else:
            state["stale"] = True

    class _ShowWatcher(QObject):
        def eventFilter(self, obj: QObject, event: Any) -> bool:  # noqa: N802
            if event.type() == QEvent.Type.Show and state["stale"]:
                state["stale"] = False
                refresh()
            return False

    watcher = _ShowWatcher(widget)
    widget.installEventFilter(watcher)
    ctx.changes.changed.connect(on_change)
    # a dead widget must not be called: drop the connection with it
    widget.destroyed.connect(lambda *_: _disconnect(ctx.changes, on_change))


def _started_by(widget: QWidget, initiator: object) -> bool:
    """The write came from this widget or from a dialog it opened (a dialog is a window of its own,
    so QWidget.isAncestorOf would not see it)."""
    while isinstance(initiator, QWidget):
        if initiator is widget:
            return True
        initiator = initiator.parentWidget()
    return False


def _disconnect(bus: ChangeBus, slot: Callable[..., None]) -> None:
    with contextlib.suppress(RuntimeError, TypeError):
        bus.changed.disconnect(slot)
