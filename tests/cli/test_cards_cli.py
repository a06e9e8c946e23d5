"""`dangjian cards list` and `dangjian print cards` against a real database file."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from dangjian_desktop.cli import main
from dangjian_desktop.core import cards
from dangjian_desktop.core.db import Database
from dangjian_desktop.core.roster import MemberDraft, add_member

TODAY = dt.date(2026, 11, 22)


def _posted_card(db: Database, branch_id: int) -> int:
    with db.transaction() as s:
        member_id = add_member(s, branch_id, MemberDraft(name="陈明辉", gender="男", phone="13912345678"))
        card_id = cards.create_card(
            s,
            member_id,
            2026,
            post="科技示范岗",
            texts={
                cards.REQUIRED: ["每月参加主题党日"],
                cards.COMMITMENT: ["带领3户发展食用菌", "义务修理农机"],
            },
        )
        for step, day in zip(cards.STEPS, (1, 2, 3, 4), strict=True):
            cards.record_step(s, card_id, step, dt.date(2026, 1, day), today=TODAY)
        cards.post_card(s, card_id, dt.date(2026, 1, 5), today=TODAY)
        cards.mark_clause(s, cards.get_card(s, card_id).clauses[1].id, True, dt.date(2026, 6, 1), today=TODAY)
    return card_id


def test_cards_list_json_has_the_design_shape(
    db: Database, branch_id: int, capsys: pytest.CaptureFixture[str]
) -> None:
    _posted_card(db, branch_id)
    assert main(["--db", str(db.path), "cards", "list", "--year", "2026", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data == [
        {
            "member_id": data[0]["member_id"],
            "name": "陈明辉",
            "year": 2026,
            "post": "科技示范岗",
            "items": [
                {"category": "必须参加的教育管理活动", "text": "每月参加主题党日", "done": False},
                {"category": "服务群众承诺事项", "text": "带领3户发展食用菌", "done": True},
                {"category": "服务群众承诺事项", "text": "义务修理农机", "done": False},
            ],
            "steps": {
                "个人报": "2026-01-01",
                "党员议": "2026-01-02",
                "群众评": "2026-01-03",
                "支部定": "2026-01-04",
            },
        }
    ]
    assert main(["--db", str(db.path), "cards", "list", "--year", "2025", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_print_cards_writes_the_posted_cards(
    db: Database, branch_id: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "cards.pdf"
    assert main(["--db", str(db.path), "print", "cards", "--year", "2026", "--out", str(out)]) == 1
    assert "2026年度还没有已上墙的明白卡" in capsys.readouterr().err
    _posted_card(db, branch_id)
    assert main(["--db", str(db.path), "print", "cards", "--year", "2026", "--out", str(out)]) == 0
    text = PdfReader(out).pages[0].extract_text()
    assert "陈明辉" in text and "带领3户发展食用菌" in text
    assert "13912345678" not in text
