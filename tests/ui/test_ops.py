"""ui/ops.py: a write is one service call; a refusal is one Chinese message and changes nothing; success
is announced so the tabs that show the data refresh (at once when shown, else when next shown)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget
from sqlalchemy import select

from dangjian_desktop.core.db import Database
from dangjian_desktop.core.models import Member
from dangjian_desktop.core.roster import MemberDraft
from dangjian_desktop.core.services import roster as roster_service
from dangjian_desktop.ui.context import AppContext
from dangjian_desktop.ui.ops import Change, WriteOp, attempt, follow_changes, read, write


def _names(session) -> list[str]:  # type: ignore[no-untyped-def]
    return list(session.scalars(select(Member.name)))


def test_a_refused_write_gives_one_message_and_changes_nothing(
    qtbot, ctx: AppContext, branch_id: int
) -> None:
    heard: list[Change] = []
    ctx.changes.changed.connect(lambda change, _who: heard.append(change))
    messages: list[str] = []
    op = WriteOp(
        ctx, None, lambda db: roster_service.save_member(db, None, MemberDraft(name="")), Change.ROSTER
    )
    assert op.failure(messages.append).run() is None
    assert messages == ["姓名不能为空"] and op.error == "姓名不能为空" and not op.ok
    assert heard == [] and read(ctx, _names) == []


def test_a_write_is_announced_and_returns_the_result(
    qtbot, ctx: AppContext, db: Database, branch_id: int
) -> None:
    heard: list[tuple[Change, object]] = []
    ctx.changes.changed.connect(lambda change, who: heard.append((change, who)))
    parent = QWidget()
    qtbot.addWidget(parent)
    member_id = write(
        ctx, parent, lambda db: roster_service.save_member(db, None, MemberDraft(name="甲")), Change.ROSTER
    )
    assert isinstance(member_id, int) and heard == [(Change.ROSTER, parent)]
    assert attempt(ctx, parent, lambda db: roster_service.restore(db, member_id), Change.ROSTER)
    assert read(ctx, _names) == ["甲"]


def test_an_unexpected_error_is_a_message_not_a_traceback_dialog(qtbot, ctx: AppContext) -> None:
    messages: list[str] = []

    def broken(_db: Database) -> None:
        # SQLAlchemy puts a statement's parameters in its message: an ID number must never reach the user
        raise RuntimeError("[parameters: ('张三', '360426199101010071', '13812345678')]")

    assert not attempt(ctx, None, broken, Change.ROSTER, on_error=messages.append)
    (message,) = messages
    assert message.startswith("程序出现意外错误，没有保存")
    assert "360426199101010071" not in message and "13812345678" not in message and "张三" not in message
    from dangjian_desktop.core.errorlog import log_path

    logged = log_path(ctx.db.path).read_text(encoding="utf-8")
    assert "RuntimeError" in logged and "360426199101010071" not in logged and "13812345678" not in logged


def test_follow_changes_refreshes_shown_widgets_now_and_hidden_ones_when_shown(
    qtbot, ctx: AppContext
) -> None:
    shown, hidden = QWidget(), QWidget()
    qtbot.addWidget(shown)
    qtbot.addWidget(hidden)
    shown.show()
    counts = {"shown": 0, "hidden": 0}
    follow_changes(shown, ctx, Change.ROSTER, lambda: counts.__setitem__("shown", counts["shown"] + 1))
    follow_changes(
        hidden, ctx, Change.ROSTER | Change.CARDS, lambda: counts.__setitem__("hidden", counts["hidden"] + 1)
    )
    ctx.changes.announce(Change.MEETINGS)  # shown by neither
    assert counts == {"shown": 0, "hidden": 0}
    ctx.changes.announce(Change.ROSTER)
    assert counts == {"shown": 1, "hidden": 0}
    hidden.show()
    assert counts == {"shown": 1, "hidden": 1}
    hidden.hide()
    ctx.changes.announce(Change.CARDS, hidden)  # its own write: refreshed even though hidden
    assert counts == {"shown": 1, "hidden": 2}
