"""Every document builder fed extreme inputs: it returns a PDF, loses no character, draws nothing off
the page; wall cards and the 公示 list keep their minimum type sizes (measured from the PDF)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth

from dangjian_desktop.core.branch import BranchInfo
from dangjian_desktop.core.cards import CATEGORIES, COMMITMENT, Card, Clause, Step
from dangjian_desktop.core.meetings import AttendanceLine, MeetingDetail, ResolutionLine
from dangjian_desktop.core.roster import MemberRow
from dangjian_desktop.printing.birthday_cards import CardData, print_birthday_cards
from dangjian_desktop.printing.cards_pdf import print_wall_cards, room_left
from dangjian_desktop.printing.fonts import BUNDLED
from dangjian_desktop.printing.minutes_pdf import print_minutes
from dangjian_desktop.printing.publicity_pdf import print_publicity
from dangjian_desktop.printing.roster_pdf import print_roster

TODAY = dt.date(2026, 11, 22)
BRANCH = BranchInfo(1, "凤凰村党支部", "凤凰镇", "王书记", "0792-4521234")
ALPHABET = "党员阿依古丽买买提江村组务工上海，。、；：？！（）《》“”·—ABCxyz0123456789:-. "
WORDS = ["阿依古丽·买买提江", "2026年1月3日", "09:00—11:00", "360426199101010071", "WeChat"]

texts = st.one_of(
    st.just(""),
    st.sampled_from(list(ALPHABET.strip())),
    st.text(alphabet=ALPHABET, min_size=1, max_size=60),
    st.builds(lambda w, n: "，".join([w] * n), st.sampled_from(WORDS), st.integers(20, 120)),
)
names = st.one_of(
    st.sampled_from(["张", "阿依古丽·买买提江", "Li Xiaoming2", "欧阳" * 12]), texts.filter(bool)
)
SETTINGS = settings(
    max_examples=3,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _check(path: Path, pieces: list[str]) -> list[float]:
    """Every character of the input is in the PDF, and no text runs off the page; returns the sizes."""
    reader = PdfReader(path)
    extracted = ""
    sizes: list[float] = []
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)

        def visit(
            text: str,
            cm: list[float],
            tm: list[float],
            _font: object,
            size: float,
            width=width,
            height=height,
        ) -> None:
            if not text.strip():
                return
            scale = abs(tm[0] or 1) * abs(cm[0] or 1)
            x, y = tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5]
            sizes.append(size * scale)
            assert x >= -0.5 and x + stringWidth(text.strip(), BUNDLED, size * scale) <= width + 0.5, text
            assert 0 <= y <= height, text

        extracted += page.extract_text(visitor_text=visit)
    have = Counter(_flat(extracted))
    need = Counter(_flat("".join(pieces)))
    missing = {ch: n for ch, n in need.items() if have[ch] < n}
    assert not missing, missing
    for piece in pieces:
        if 0 < len(_flat(piece)) <= 12:
            assert _flat(piece) in _flat(extracted), piece
    return sizes


def _member(n: int, name: str, note: str, group: str) -> MemberRow:
    return MemberRow(
        id=n, name=name, gender="女", ethnicity="维吾尔族", birth_date=dt.date(1980, 1, 2),
        id_number="360426199101010071", education="大学专科", join_date=dt.date(2001, 7, 1),
        full_date=dt.date(2002, 7, 1), category="正式党员", party_group=group, job="外出务工",
        phone="13812345678", status="在册", is_mobile=bool(n % 2), mobile_destination="上海", note=note,
    )  # fmt: skip


@SETTINGS
@given(name=names, note=texts, group=texts, rows=st.integers(1, 120))
def test_roster(
    tmp_path_factory: pytest.TempPathFactory, name: str, note: str, group: str, rows: int
) -> None:
    out = tmp_path_factory.mktemp("r") / "r.pdf"
    members = [_member(n, name, note if n % 3 == 1 else "", group) for n in range(1, rows + 1)]
    print_roster(members, BRANCH.name, out, today=TODAY)
    _check(out, [name, note, group])


def _meeting(title: str, content: str, names_: list[str], resolution: str) -> MeetingDetail:
    attendance = tuple(AttendanceLine(i, n, i % 2 == 0, "外出务工") for i, n in enumerate(names_))
    return MeetingDetail(
        1, "支部委员会会议", "", title, dt.date(2026, 1, 3), "09:00", "11:00", content[:40], None, "王建国",
        None, "李秀英", len(names_), attendance, content[:80], (title, resolution), content, resolution,
        True, tuple(ResolutionLine(resolution, "阿依古丽·买买提江", TODAY) for _ in range(3)), (),
    )  # fmt: skip


@SETTINGS
@given(title=texts, content=texts, name=names, count=st.integers(0, 120), resolution=texts)
def test_minutes(tmp_path_factory, title: str, content: str, name: str, count: int, resolution: str) -> None:
    out = tmp_path_factory.mktemp("m") / "m.pdf"
    # hundreds of rows and names of a thousand characters, but not both at once: 116 names of 2,184
    # characters took 40 s to read back (a sixth of the suite's spread) and break lines no differently
    # from eight of them
    people = [f"{name}{i}" for i in range(count if len(name) <= 60 else min(count, 8))]
    print_minutes([_meeting(title, content, people, resolution)], BRANCH.name, out, today=TODAY)
    _check(out, [title, content, *people, resolution])


def _card(name: str, texts_: list[str], post: str = "政策宣传岗") -> Card:
    clauses = tuple(
        Clause(i, CATEGORIES[i % len(CATEGORIES)] if i < 4 else COMMITMENT, i, t, False, None, "")
        for i, t in enumerate(texts_)
    )
    steps = tuple(Step(s, dt.date(2026, 1, 5), "") for s in ("个人报", "党员议", "群众评", "支部定"))
    return Card(1, 1, name, "第一党小组", "正式党员", 2026, post, steps, None, TODAY, "", "", clauses)


@SETTINGS
@given(name=names, clause=texts.filter(bool), count=st.integers(1, 40), per_page=st.sampled_from([1, 2]))
def test_wall_cards(tmp_path_factory, name: str, clause: str, count: int, per_page: int) -> None:
    out = tmp_path_factory.mktemp("c") / "c.pdf"
    print_wall_cards([_card(name, [clause] * count)], {}, BRANCH, out, per_page=per_page)
    sizes = _check(out, [clause] * count)
    assert min(sizes) >= (14 if per_page == 1 else 12) - 0.01


@SETTINGS
@given(name=names, clause=texts.filter(bool), count=st.integers(1, 40))
def test_publicity(tmp_path_factory, name: str, clause: str, count: int) -> None:
    out = tmp_path_factory.mktemp("p") / "p.pdf"
    # clauses 2 and 4 on: 设岗定责 and 服务群众承诺事项, what the 公示 list shows
    cards = [_card(f"{name}{i}", ["学习", "实践", clause, "承诺", clause]) for i in range(count)]
    print_publicity(cards, BRANCH, 2026, out, today=TODAY, period=(TODAY, TODAY))
    sizes = _check(out, [clause])
    assert min(sizes) >= 12 - 0.01


@SETTINGS
@given(name=names, message=texts)
def test_birthday_cards(tmp_path_factory, name: str, message: str) -> None:
    out = tmp_path_factory.mktemp("b") / "b.pdf"
    card = CardData(name, dt.date(2001, 7, 1), dt.date(2026, 7, 1), 25, BRANCH.name, BRANCH.secretary)
    print_birthday_cards([card] * 3, out, message=message or "祝您政治生日快乐！", emblem=None)
    _check(out, [name, message])


@pytest.mark.parametrize("per_page, smallest", [(1, 14), (2, 12)])
@pytest.mark.parametrize("count", [2, 32])
def test_wall_card_sizes_with_2_and_32_clauses(
    tmp_path: Path, per_page: int, smallest: float, count: int
) -> None:
    texts_ = [f"第{i}项：每月走访留守老人不少于2次，协助销售农产品（2026年1月3日起）" for i in range(count)]
    card = _card("阿依古丽·买买提江", texts_)
    out = print_wall_cards(
        [card, dataclasses.replace(card, id=2)], {}, BRANCH, tmp_path / "c.pdf", per_page=per_page
    )
    sizes = _check(out, texts_ * 2)
    assert min(sizes) >= smallest - 0.01
    # the room the card editor shows: free space with 2 clauses, a second sheet with 32
    assert (room_left(card, per_page=per_page) > 0) == (count == 2)
