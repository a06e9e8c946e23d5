"""The 明白卡 tab driven by qtbot: make a card, walk the four steps, mark clauses done; widget and database agree."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QDate, Qt
from sqlalchemy import select

from dangjian_desktop.core import cards
from dangjian_desktop.core.db import Database
from dangjian_desktop.core.models import CardClause, ResponsibilityCard
from dangjian_desktop.core.roster import MemberDraft, add_member
from dangjian_desktop.ui.cards.tab import CardsTab
from dangjian_desktop.ui.cards.table_model import COLUMNS
from dangjian_desktop.ui.context import AppContext
from dangjian_desktop.ui.jobs import JobRunner

TODAY = dt.date(2026, 11, 22)
STATE_COLUMN = [c.title for c in COLUMNS].index("状态")
DONE_COLUMN = [c.title for c in COLUMNS].index("已完成")


@pytest.fixture
def members(db: Database, branch_id: int) -> list[int]:
    with db.transaction() as s:
        return [
            add_member(s, branch_id, MemberDraft(name=name, gender="男", join_date="2010-07-01"))
            for name in ("刘德华", "陈春生")
        ]


@pytest.fixture
def tab(qtbot, db: Database, members: list[int]) -> CardsTab:
    ctx = AppContext(db=db, jobs=JobRunner(), today=lambda: TODAY)
    widget = CardsTab(ctx)
    qtbot.addWidget(widget)
    return widget


def _cell(tab: CardsTab, member_id: int, column: int) -> str:
    position = tab.model.position_of(member_id)
    assert position is not None
    return tab.model.data(tab.model.index(position, column))


def _card_row(db: Database, member_id: int) -> ResponsibilityCard | None:
    with db.reading() as s:
        return s.scalar(select(ResponsibilityCard).where(ResponsibilityCard.member_id == member_id))


def test_make_a_card_walk_the_four_steps_and_mark_clauses_done(
    qtbot, tab: CardsTab, db: Database, members: list[int]
) -> None:
    first = members[0]
    assert tab.year.value() == 2026
    assert tab.model.rowCount() == 2
    assert _cell(tab, first, STATE_COLUMN) == cards.NO_CARD

    assert tab.select_member(first)
    editor = tab.edit_selected()
    assert editor is not None
    assert _card_row(db, first) is not None  # a prefilled draft was made
    assert _cell(tab, first, STATE_COLUMN) == cards.DRAFTING
    assert editor.texts[cards.REQUIRED].toPlainText().splitlines() == cards.STANDARD_ACTIVITIES.default

    # clauses: a post with its usual duty, one commitment (warned), then three
    editor.post.setCurrentText("科技示范岗")
    qtbot.mouseClick(editor.fill_duty, Qt.MouseButton.LeftButton)
    assert editor.texts[cards.POST_DUTY].toPlainText() == cards.POST_DUTIES["科技示范岗"]
    editor.texts[cards.CHOSEN].setPlainText("参加村庄清洁行动")
    editor.texts[cards.COMMITMENT].setPlainText("带领3户农户发展食用菌种植")
    assert "现在只有1条" in editor.commitment_hint.text()
    qtbot.mouseClick(editor.save_clauses_button, Qt.MouseButton.LeftButton)
    assert "服务群众承诺事项应为2至5条" in editor.message.text()
    editor.texts[cards.COMMITMENT].setPlainText(
        "带领3户农户发展食用菌种植\n义务修理农机\n帮助1名留守儿童辅导功课"
    )
    qtbot.mouseClick(editor.save_clauses_button, Qt.MouseButton.LeftButton)
    assert editor.message.text() == "条款已保存"
    assert _cell(tab, first, COLUMNS.index(next(c for c in COLUMNS if c.title == "承诺事项"))) == "3"

    # a step out of order is refused and nothing is stored
    qtbot.mouseClick(editor.steps["党员议"].record, Qt.MouseButton.LeftButton)
    assert editor.message.text() == "请先记录“个人报”，再记录“党员议”"
    assert _card_row(db, first).discussed_date is None

    days = {
        "个人报": dt.date(2026, 1, 5),
        "党员议": dt.date(2026, 1, 12),
        "群众评": dt.date(2026, 1, 20),
        "支部定": dt.date(2026, 2, 1),
    }
    for step, day in days.items():
        row = editor.steps[step]
        row.date.setDate(QDate(day.year, day.month, day.day))
        row.note.setText(f"{step}的说明")
        assert not editor.post_button.isEnabled()
        qtbot.mouseClick(row.record, Qt.MouseButton.LeftButton)
        assert editor.message.text().startswith(f"已记录“{step}”"), editor.message.text()
        assert _cell(tab, first, STATE_COLUMN) == f"已{step}"
    editor.posted_date.setDate(QDate(2026, 2, 5))
    assert editor.post_button.isEnabled()
    qtbot.mouseClick(editor.post_button, Qt.MouseButton.LeftButton)
    assert _cell(tab, first, STATE_COLUMN) == cards.POSTED

    # 践诺: two clauses done
    total = editor.clause_model.rowCount()
    assert total == len(cards.STANDARD_ACTIVITIES.default) + 1 + 1 + 3
    editor.tabs.setCurrentIndex(2)
    editor.select_clause(0)
    editor.done_date.setDate(QDate(2026, 6, 30))
    editor.done_note.setText("全年参加")
    qtbot.mouseClick(editor.mark_done_button, Qt.MouseButton.LeftButton)
    editor.select_clause(total - 1)
    qtbot.mouseClick(editor.mark_done_button, Qt.MouseButton.LeftButton)
    assert editor.clause_model.data(editor.clause_model.index(0, 2)) == "✔ 已完成"
    assert _cell(tab, first, DONE_COLUMN) == f"2/{total}"
    assert f"2/{total}" in editor.card_rate.text()

    editor.review_result.setCurrentText("合格")
    editor.review_note.setPlainText("承诺基本兑现")
    qtbot.mouseClick(editor.review_button, Qt.MouseButton.LeftButton)
    assert _cell(tab, first, STATE_COLUMN) == cards.REVIEWED

    # the database holds exactly what the widgets show
    card = _card_row(db, first)
    assert card.post == "科技示范岗"
    assert (card.proposed_date, card.discussed_date, card.reviewed_date, card.decided_date) == tuple(
        days.values()
    )
    assert card.proposed_note == "个人报的说明"
    assert card.posted_date == dt.date(2026, 2, 5)
    assert (card.year_end_result, card.year_end_note) == ("合格", "承诺基本兑现")
    with db.reading() as s:
        clauses = s.scalars(select(CardClause).where(CardClause.card_id == card.id)).all()
        done = sorted((c.text, c.done_date, c.note) for c in clauses if c.done)
    assert done == sorted(
        [
            (cards.STANDARD_ACTIVITIES.default[0], dt.date(2026, 6, 30), "全年参加"),
            ("帮助1名留守儿童辅导功课", dt.date(2026, 6, 30), ""),
        ]
    )
    assert "50.0%" not in tab.summary.text() and f"2/{total}" in tab.summary.text()
    assert _cell(tab, members[1], STATE_COLUMN) == cards.NO_CARD


def test_start_a_year_from_last_years_cards(tab: CardsTab, db: Database, members: list[int]) -> None:
    with db.transaction() as s:
        cards.create_card(
            s,
            members[0],
            2025,
            post="环境卫生岗",
            texts={cards.COMMITMENT: ["每周义务清扫村主干道1次", "带头不办无事酒"]},
        )
    result = tab.copy_from_last_year(confirm=False)
    assert result == cards.CopyResult(1, 0, 0)
    assert "已从2025年度复制 1 张" in tab.status.text()
    assert _cell(tab, members[0], STATE_COLUMN) == cards.DRAFTING
    with db.reading() as s:
        copied = cards.find_card(s, members[0], 2026)
    assert copied is not None and copied.post == "环境卫生岗"
    assert [c.text for c in copied.clauses] == ["每周义务清扫村主干道1次", "带头不办无事酒"]


def test_print_from_the_tab_runs_off_the_gui_thread(
    qtbot, tab: CardsTab, db: Database, members: list[int], tmp_path: Path
) -> None:
    out = tmp_path / "wall.pdf"
    tab.print_wall_cards(out)
    qtbot.waitUntil(lambda: "还没有已上墙的明白卡" in tab.status.text(), timeout=10000)
    with db.transaction() as s:
        card_id = cards.create_card(
            s, members[1], 2026, post="治安巡逻岗", texts={cards.COMMITMENT: ["参加夜间巡逻", "协助防汛巡查"]}
        )
        for step, day in zip(cards.STEPS, (1, 2, 3, 4), strict=True):
            cards.record_step(s, card_id, step, dt.date(2026, 3, day), today=TODAY)
        cards.post_card(s, card_id, dt.date(2026, 3, 5), today=TODAY)
    tab.print_wall_cards(out)
    qtbot.waitUntil(lambda: tab.status.text() == f"已生成 {out}", timeout=20000)
    assert "陈春生" in PdfReader(out).pages[0].extract_text()


def test_cards_table_starts_in_roster_order(qtbot, ctx, demo_db) -> None:
    """The view's sortByColumn(-1) must not sort by the last column (it did, by 年终评诺)."""
    from dangjian_desktop.core.cards import card_states, set_year_end
    from dangjian_desktop.ui.cards.tab import CardsTab

    with ctx.db.transaction() as session:
        first_with_card = next(r for r in card_states(session, ctx.today().year) if r.card_id)
        set_year_end(session, first_with_card.card_id, "优秀")  # sorting by that column would move it last
    tab = CardsTab(ctx)
    qtbot.addWidget(tab)
    with ctx.db.reading() as session:
        expected = [r.member_id for r in card_states(session, tab.year.value())]
    shown = [tab.model.row_at(i).member_id for i in range(tab.model.rowCount())]
    assert shown == expected
