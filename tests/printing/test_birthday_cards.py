"""The greeting cards: names, years and the oath on them; never an ID number or a phone number."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from dangjian_desktop.core import birthdays as bd
from dangjian_desktop.core.db import Database
from dangjian_desktop.core.errors import UserError
from dangjian_desktop.core.roster import MemberDraft, add_member
from dangjian_desktop.printing.birthday_cards import OATH, card_data, print_birthday_cards

ID_NUMBER = "360426199101010071"
PHONE = "13812345678"


def _text(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture
def month_cards(db: Database, branch_id: int) -> list[bd.BirthdayRow]:
    people = [
        ("张三", "2016-11-03", ID_NUMBER, PHONE),
        ("李秀英", "1996-11-18", "", "13900001111"),
        ("王五", "2001-11-30", "", ""),
    ]
    with db.transaction() as session:
        for name, join, id_number, phone in people:
            add_member(
                session, branch_id, MemberDraft(name=name, join_date=join, id_number=id_number, phone=phone)
            )
    with db.reading() as session:
        return bd.birthdays_in_month(session, 2026, 11, branch_id=branch_id)


@pytest.mark.parametrize("per_page", [2, 4])
def test_cards_hold_names_years_and_the_oath(
    tmp_path: Path, month_cards: list[bd.BirthdayRow], per_page: int
) -> None:
    out = print_birthday_cards(
        card_data(month_cards, "测试村党支部"), tmp_path / "cards.pdf", per_page=per_page
    )
    pages = _text(out)
    assert len(pages) == (2 if per_page == 2 else 1)
    everything = _squash("".join(pages))
    for name, years, joined in (
        ("张三", 10, "2016年11月3日"),
        ("李秀英", 30, "1996年11月18日"),
        ("王五", 25, "2001年11月30日"),
    ):
        assert f"{name}同志" in everything
        assert f"入党{years}周年" in everything
        assert joined in everything
    assert everything.count(_squash(OATH)) == 3
    assert "永不叛党。" in everything
    assert "值此入党10周年之际" in everything and "值此入党30周年之际" in everything
    assert "值此入党25周年" not in everything
    assert "测试村党支部" in everything
    assert ID_NUMBER not in everything and "0071" not in everything  # not even a masked one
    assert PHONE not in everything and "13900001111" not in everything
    assert not re.search(r"1[3-9]\d{9}", everything)


def test_emblem_image_goes_in_the_frame(tmp_path: Path, month_cards: list[bd.BirthdayRow]) -> None:
    image = tmp_path / "picture.png"
    Image.new("RGB", (64, 64), (200, 16, 46)).save(image)  # any image: the program ships no emblem
    with_image = print_birthday_cards(card_data(month_cards[:1], "支部"), tmp_path / "a.pdf", emblem=image)
    without = print_birthday_cards(card_data(month_cards[:1], "支部"), tmp_path / "b.pdf", emblem=None)

    def images(path: Path) -> int:
        return len(PdfReader(path).pages[0].images)

    assert images(with_image) == 1
    assert images(without) == 0


def test_bad_requests_are_refused(tmp_path: Path, month_cards: list[bd.BirthdayRow]) -> None:
    with pytest.raises(UserError, match="2 张或 4 张"):
        print_birthday_cards(card_data(month_cards, "支部"), tmp_path / "x.pdf", per_page=3)
    with pytest.raises(UserError, match="没有要打印"):
        print_birthday_cards([], tmp_path / "x.pdf")


def test_29_february_card(tmp_path: Path) -> None:
    row = bd.BirthdayRow(
        1, "赵六", "", "正式党员", dt.date(2000, 2, 29), dt.date(2000, 2, 29), dt.date(2027, 2, 28), 27
    )
    text = _squash(_text(print_birthday_cards(card_data([row], "支部"), tmp_path / "c.pdf"))[0])
    assert "2000年2月29日" in text and "2027年2月28日是您入党27周年" in text
