"""The wall card's room, in the GUI: the editor says while typing how much the printed card still takes,
and two-to-a-page printing names the cards that run over half a page before it prints."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QMessageBox, QWidget

from dangjian_desktop.core import cards, settings
from dangjian_desktop.core.db import Database
from dangjian_desktop.core.roster import MemberDraft, add_member
from dangjian_desktop.documents.cards import card_chars_left
from dangjian_desktop.ui.cards.tab import CardsTab
from dangjian_desktop.ui.context import AppContext
from dangjian_desktop.ui.jobs import JobRunner

from .helpers import poll_modal

TODAY = dt.date(2026, 11, 22)
LONG = "组织党员群众开展人居环境整治，每月清理房前屋后卫生死角两次，并劝导邻里文明养犬、垃圾分类投放"


@pytest.fixture
def members(db: Database, branch_id: int) -> list[int]:
    with db.transaction() as s:
        return [
            add_member(s, branch_id, MemberDraft(name=name, gender="男", join_date="2010-07-01"))
            for name in ("刘德华", "阿依古丽·买买提江", "陈春生")
        ]


@pytest.fixture
def tab(qtbot, db: Database, members: list[int]) -> CardsTab:
    widget = CardsTab(AppContext(db=db, jobs=JobRunner(), today=lambda: TODAY))
    qtbot.addWidget(widget)
    return widget


def _posted_card(db: Database, member_id: int, commitments: list[str]) -> None:
    with db.transaction() as s:
        card_id = cards.create_card(
            s, member_id, 2026, post="治安巡逻岗", texts={cards.COMMITMENT: commitments}
        )
        for step, day in zip(cards.STEPS, (1, 2, 3, 4), strict=True):
            cards.record_step(s, card_id, step, dt.date(2026, 3, day), today=TODAY)
        cards.post_card(s, card_id, dt.date(2026, 3, 5), today=TODAY)


def _per_page(db: Database, value: int) -> None:
    with db.transaction() as s:
        settings.put(s, cards.CARDS_PER_PAGE, value)


def _left(text: str) -> int:
    return int(text.split("还可写约")[1].split("字")[0])


def test_the_editor_shows_the_room_left_while_typing(qtbot, tab: CardsTab, members: list[int]) -> None:
    assert tab.select_member(members[0])
    editor = tab.edit_selected()
    assert editor is not None
    commitments = editor.texts[cards.COMMITMENT]
    commitments.setPlainText("带领3户农户发展食用菌种植")
    assert "每页一张" in editor.room_label.text()
    before = _left(editor.room_label.text())
    commitments.setPlainText(f"带领3户农户发展食用菌种植\n{LONG}")
    after = _left(editor.room_label.text())
    assert 0 < after < before  # typed, not yet saved: the figure follows the text

    # the line between "fits" and "continues", as the last clause grows by one character at a time
    body = [LONG] * 4
    while card_chars_left(editor_card(editor, body), per_page=1) >= 0:
        body.append(LONG)
    fits = body[:-2]
    grow = LONG * 3
    k = 0  # the first length of the grown last clause that runs over
    while card_chars_left(editor_card(editor, [*fits, body[-2] + grow[:k]]), per_page=1) >= 0:
        k += 1
    assert 0 < k < len(grow)
    for n, over in ((k - 2, False), (k - 1, False), (k, True)):
        commitments.setPlainText("\n".join([*fits, body[-2] + grow[:n]]))
        assert ("已超出一页，将续印第二张" in editor.room_label.text()) is over, n
    commitments.setPlainText("\n".join([*fits, body[-2] + grow[: k - 1]]))
    assert "还可写约" in editor.room_label.text() or "已基本写满" in editor.room_label.text()
    editor.drafts.discard()


def editor_card(editor, commitments: list[str]):  # noqa: ANN001, ANN201 - the dialog's typed card, other text
    import dataclasses

    card = editor.typed_card()
    others = tuple(c for c in card.clauses if c.category != cards.COMMITMENT)
    extra = tuple(
        cards.Clause(0, cards.COMMITMENT, n, text, False, None, "") for n, text in enumerate(commitments)
    )
    return dataclasses.replace(card, clauses=others + extra)


def test_two_to_a_page_the_editor_speaks_of_half_a_page(
    qtbot, tab: CardsTab, db: Database, members: list[int]
) -> None:
    _per_page(db, 2)
    assert tab.select_member(members[0])
    editor = tab.edit_selected()
    assert editor is not None
    editor.texts[cards.COMMITMENT].setPlainText("参加夜间巡逻")
    assert "每页两张" in editor.room_label.text() and _left(editor.room_label.text()) > 0
    editor.texts[cards.COMMITMENT].setPlainText("\n".join([LONG] * 12))
    assert "已超出半页，将续印到下一半页" in editor.room_label.text()
    editor.drafts.discard()


def _answer(button_text: str, seen: list[str]) -> None:
    """Clicks a button of the message box once it is up, keeping what it said."""

    def click(box: QWidget) -> bool:
        if not isinstance(box, QMessageBox):
            return False
        seen.append(box.text() + box.informativeText())
        for button in box.buttons():
            if button.text() == button_text:
                button.click()
        return True

    poll_modal(click, 20)


def test_two_to_a_page_names_the_cards_that_run_over_first(
    qtbot, tab: CardsTab, db: Database, members: list[int], tmp_path: Path
) -> None:
    _posted_card(db, members[0], ["参加夜间巡逻", "协助防汛巡查"])
    _posted_card(db, members[1], [LONG] * 12)
    _posted_card(db, members[2], ["参加夜间巡逻", "协助防汛巡查"])
    assert tab.crowded_cards() == []  # one to a page (the default): nothing to say
    _per_page(db, 2)
    assert tab.crowded_cards() == ["阿依古丽·买买提江"]

    seen: list[str] = []
    out = tmp_path / "two.pdf"
    _answer("照常每页两张", seen)
    tab.print_wall_cards(out)
    qtbot.waitUntil(lambda: tab.status.text().startswith(f"已生成 {out}"), timeout=30000)
    assert "1 张明白卡半页放不下" in seen[0] and "阿依古丽·买买提江" in seen[0]
    assert "刘德华" not in seen[0] and "陈春生" not in seen[0]
    assert "续印到下一半页：阿依古丽·买买提江" in tab.status.text()
    two = len(PdfReader(out).pages)

    out_one = tmp_path / "one.pdf"
    _answer("这次每页一张", seen)
    tab.print_wall_cards(out_one)
    qtbot.waitUntil(lambda: tab.status.text() == f"已生成 {out_one}", timeout=30000)
    one = len(PdfReader(out_one).pages)
    assert one > two  # three cards, the long one on two sheets: four pages against two or three

    out_none = tmp_path / "none.pdf"
    _answer("取消", seen)
    tab.print_wall_cards(out_none)
    assert tab.status.text() == "已取消打印" and not out_none.exists()
    with db.reading() as s:
        assert cards.cards_per_page(s) == 2  # "this time" leaves the setting as it was
