"""The printed 明白卡: one per posted card, the clauses on it, no private numbers, long clauses wrapped."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from dangjian_desktop.core import cards
from dangjian_desktop.core.branch import require_branch
from dangjian_desktop.core.db import Database
from dangjian_desktop.core.photos import PRINT_PHOTO_PX
from dangjian_desktop.core.roster import MemberDraft, add_member, set_photo
from dangjian_desktop.printing.cards_pdf import print_wall_cards
from dangjian_desktop.printing.fonts import BUNDLED
from dangjian_desktop.printing.publicity_pdf import print_publicity

TODAY = dt.date(2026, 11, 22)
LONG = (
    "发挥懂技术的优势，帮助本组5户以上群众发展稻虾共养和高山蔬菜种植，全年上门指导不少于10次，"
    "并联系县农技站专家到村开展1次现场培训，带动群众户均增收2000元以上，年底前向支部书面报告完成情况"
)
PEOPLE = [
    # name, ID number, phone, posted?
    ("王建国", "360426199101010071", "13812345678", True),
    ("李秀英", "36042619850312048X", "15987654321", True),
    ("张志明", "360426197806150016", "13700001111", False),
]


def _photo(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 40, 40)).save(out, "JPEG", quality=95)
    return out.getvalue()


@pytest.fixture
def printed(db: Database, branch_id: int) -> tuple[list[cards.Card], dict[int, bytes], object]:
    with db.transaction() as s:
        for n, (name, id_number, phone, posted) in enumerate(PEOPLE):
            member_id = add_member(
                s, branch_id, MemberDraft(name=name, id_number=id_number, phone=phone, join_date="2015-07-01")
            )
            texts = {
                cards.REQUIRED: ["按时参加三会一课", "按月足额交纳党费"],
                cards.CHOSEN: [f"{name}参加村庄清洁行动"],
                cards.POST_DUTY: ["每季度入户宣讲政策1次"],
                cards.COMMITMENT: [LONG if n == 0 else "帮助2户群众销售农产品", f"{name}为留守老人义务理发"],
            }
            card_id = cards.create_card(s, member_id, 2026, post="政策宣传岗", texts=texts)
            if posted:
                for step, day in zip(cards.STEPS, (5, 6, 7, 8), strict=True):
                    cards.record_step(s, card_id, step, dt.date(2026, 1, day), today=TODAY)
                cards.post_card(s, card_id, dt.date(2026, 1, 9), today=TODAY)
            # a photo straight from a camera: the printout must shrink it
            set_photo(s, member_id, _photo(1200, 1680) if n == 0 else _photo(295, 413))
    with db.reading() as s:
        posted_cards = cards.list_cards(s, 2026, posted_only=True)
        photos = cards.photos_for(s, [c.member_id for c in posted_cards])
        branch = require_branch(s)
    return posted_cards, photos, branch


def _all_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def _assert_no_private_numbers(text: str) -> None:
    flat = re.sub(r"\s+", "", text)
    assert not re.search(r"\d{17}[\dXx]", flat), "an 18-character ID number is printed"
    assert not re.search(r"(?<!\d)1[3-9]\d{9}(?!\d)", flat), "an 11-digit mobile number is printed"
    for _name, id_number, phone, _posted in PEOPLE:
        assert id_number not in flat and phone not in flat


def test_one_card_per_member_with_a_posted_card(printed, tmp_path: Path) -> None:
    posted_cards, photos, branch = printed
    out = print_wall_cards(posted_cards, photos, branch, tmp_path / "cards.pdf")
    pages = PdfReader(out).pages
    assert len(pages) == 2
    for page, card in zip(pages, posted_cards, strict=True):
        text = re.sub(r"\s+", "", page.extract_text())
        assert card.member_name in text
        assert "党员目标责任明白卡" in text and "测试村党支部" in text and "2026年度" in text
        assert "监督电话：0791-1234567" in text
        for clause in card.clauses:
            assert clause.text in text, clause.text
        for category in (
            "必须参加的教育管理活动",
            "个人选定参加的主题实践活动",
            "设岗定责",
            "服务群众承诺事项",
        ):
            assert category in text
    assert "张志明" not in _all_text(out)  # a draft is not on the wall
    _assert_no_private_numbers(_all_text(out))


def test_two_cards_to_a_page(printed, tmp_path: Path) -> None:
    posted_cards, photos, branch = printed
    out = print_wall_cards(posted_cards, photos, branch, tmp_path / "cards2.pdf", per_page=2)
    pages = PdfReader(out).pages
    assert len(pages) == 1
    text = re.sub(r"\s+", "", pages[0].extract_text())
    assert "王建国" in text and "李秀英" in text
    _assert_no_private_numbers(text)


def test_photos_are_downsampled_for_print(printed, tmp_path: Path) -> None:
    posted_cards, photos, branch = printed
    out = print_wall_cards(posted_cards, photos, branch, tmp_path / "cards.pdf")
    sizes = [img.image.size for page in PdfReader(out).pages for img in page.images]
    assert len(sizes) == 2
    for width, height in sizes:
        assert width <= PRINT_PHOTO_PX[0] and height <= PRINT_PHOTO_PX[1]


@pytest.mark.parametrize("per_page", [1, 2])
def test_a_long_clause_wraps_inside_the_card(printed, tmp_path: Path, per_page: int) -> None:
    posted_cards, photos, branch = printed
    out = print_wall_cards(posted_cards[:1], photos, branch, tmp_path / "long.pdf", per_page=per_page)
    lines: list[tuple[float, float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], _font: object, size: float) -> None:
        if text.strip():
            x = tm[4] * cm[0] + cm[4]
            scale = (tm[0] or 1) * (cm[0] or 1)
            lines.append((x, size * scale, text.strip()))

    PdfReader(out).pages[0].extract_text(visitor_text=visit)
    inner_left, inner_right = 12 * mm + 1.8 * mm, A4[0] - 12 * mm - 1.8 * mm
    for x, size, text in lines:
        assert inner_left <= x and x + stringWidth(text, BUNDLED, size) <= inner_right + 0.5, text
    # the long clause is broken over several lines, and all of it is there
    parts = [t for _x, _s, t in lines if t and t in LONG]
    assert len(parts) >= 2
    assert re.sub(r"\s+", "", "".join(_all_text(out).split())).count(LONG[-20:]) == 1


def test_publicity_list_is_one_page_of_posts_and_commitments(db: Database, printed, tmp_path: Path) -> None:
    with db.reading() as s:
        all_cards = cards.list_cards(s, 2026)
        branch = require_branch(s)
    out = print_publicity(all_cards, branch, 2026, tmp_path / "gongshi.pdf", today=TODAY)
    pages = PdfReader(out).pages
    assert len(pages) == 1
    text = re.sub(r"\s+", "", pages[0].extract_text())
    assert "测试村党支部2026年度党员设岗定责及服务群众承诺事项公示" in text
    for card in all_cards:
        assert card.member_name in text
        for clause in card.clauses_in(cards.COMMITMENT):
            assert clause.text in text
    assert "2026年11月22日" in text
    _assert_no_private_numbers(text)


def test_an_overfull_card_continues_on_a_second_sheet_inside_its_border(
    db: Database, printed, tmp_path: Path
) -> None:
    """Issue 13: a card never shrinks below 14 pt; what does not fit continues on another sheet.
    (Until then it shrank to 5 pt on one page; this test asserted that single page.)"""
    posted_cards, photos, branch = printed
    many = [f"第{i}项承诺：{LONG[:40]}" for i in range(1, 31)]
    with db.transaction() as s:
        cards.save_clauses(s, posted_cards[0].id, "政策宣传岗", {cards.COMMITMENT: many})
        card = cards.get_card(s, posted_cards[0].id)
    out = print_wall_cards([card], photos, branch, tmp_path / "full.pdf")
    pages = PdfReader(out).pages
    assert len(pages) >= 2
    positions: list[tuple[float, float, float]] = []

    def visit(text: str, cm: list[float], tm: list[float], _font: object, size: float) -> None:
        if text.strip():
            positions.append((tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5], size * (tm[0] or 1)))

    for page in pages:
        page.extract_text(visitor_text=visit)
    for x, y, size in positions:
        assert 12 * mm <= x <= A4[0] - 12 * mm and 12 * mm <= y <= A4[1] - 12 * mm
        assert size >= 14 - 0.01
    text = re.sub(r"\s+", "", "".join(page.extract_text() for page in pages))
    assert all(re.sub(r"\s+", "", line) in text for line in many)
    assert "（续）" in text and "承诺人签名" in text and "年终评诺" in text


def test_publicity_of_a_large_branch_goes_on_over_more_pages_not_into_tiny_type(
    printed, tmp_path: Path
) -> None:
    posted_cards, _photos, branch = printed
    many = [dataclasses.replace(posted_cards[1], member_name=f"党员{n:03d}") for n in range(1, 101)]
    out = print_publicity(many, branch, 2026, tmp_path / "big.pdf", today=TODAY)
    pages = PdfReader(out).pages
    assert len(pages) > 1
    texts = [re.sub(r"\s+", "", p.extract_text()) for p in pages]
    for text in texts:
        assert "党员设岗定责及服务群众承诺事项公示" in text and "监督电话：0791-1234567" in text
        assert "服务群众承诺事项" in text  # the header row is repeated
    everything = "".join(texts)
    assert all(f"党员{n:03d}" in everything for n in range(1, 101))
