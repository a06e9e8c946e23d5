"""The documents layer: one document whichever path asks for it, and paper that holds at any length."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
from pathlib import Path

from pypdf import PdfReader

from dangjian_desktop.cli import main
from dangjian_desktop.core.branch import require_branch
from dangjian_desktop.core.cards import list_cards
from dangjian_desktop.core.meetings import AttendanceLine, meeting_details
from dangjian_desktop.core.roster import list_members
from dangjian_desktop.documents.cards import wall_cards_pdf
from dangjian_desktop.documents.common import on
from dangjian_desktop.documents.meetings import archive_pdf
from dangjian_desktop.documents.package import package_documents
from dangjian_desktop.printing.minutes_pdf import print_minutes
from dangjian_desktop.printing.publicity_pdf import print_publicity
from dangjian_desktop.printing.roster_pdf import print_roster
from dangjian_desktop.printing.typeset import CLOSING, OPENING

TODAY = dt.date.today()


def _text(data: bytes | Path) -> str:
    reader = PdfReader(io.BytesIO(data) if isinstance(data, bytes) else data)
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in reader.pages))


def _fonts(path: Path) -> set[str]:
    names = set()
    for page in PdfReader(path).pages:
        for font in page["/Resources"].get("/Font", {}).values():
            names.add(str(font.get_object()["/BaseFont"]))
    return names


def _sizes(path: Path) -> list[float]:
    sizes: list[float] = []

    def visit(text: str, cm: list[float], tm: list[float], _font: object, size: float) -> None:
        if text.strip():
            sizes.append(size * abs(tm[0] or 1) * abs(cm[0] or 1))

    for page in PdfReader(path).pages:
        page.extract_text(visitor_text=visit)
    return sizes


def _three_paths(demo_db, db_path, tmp_path: Path, today: dt.date) -> list[tuple[str, str, str]]:
    """The archive's and the wall cards' text as the GUI, the CLI and the package print them."""
    year = today.year
    gui_archive = on(demo_db, lambda s: archive_pdf(s, year, today, tmp_path / "gui-a.pdf"))
    gui_cards = on(demo_db, lambda s: wall_cards_pdf(s, year, today, tmp_path / "gui-c.pdf"))
    for kind, out in (("archive", "a.pdf"), ("cards", "c.pdf")):
        args = ["--db", str(db_path), "print", kind, "--year", str(year), "--out", str(tmp_path / out)]
        assert main(args) == 0
    makers = package_documents()
    with demo_db.reading() as s:
        branch = require_branch(s)
        package_archive = makers["documents/会议记录汇编.pdf"](s, branch.id, branch.name, today)
        package_cards = makers["documents/明白卡.pdf"](s, branch.id, branch.name, today)
    assert gui_archive is not None and gui_cards is not None and package_archive and package_cards
    return [
        (_text(gui_archive), _text(tmp_path / "a.pdf"), _text(package_archive)),
        (_text(gui_cards), _text(tmp_path / "c.pdf"), _text(package_cards)),
    ]


def test_gui_cli_and_package_print_the_same_archive_and_wall_cards(demo_db, db_path, tmp_path) -> None:
    # the CLI prints with the clock's day: should midnight pass during the test, it runs again
    while True:
        today = dt.date.today()
        documents = _three_paths(demo_db, db_path, tmp_path, today)
        if dt.date.today() == today:
            break
    for gui, cli, package in documents:
        assert gui == cli == package
        assert gui  # each holds text


def test_publicity_command_keeps_12_pt_and_embeds_every_font(demo_db, db_path, tmp_path) -> None:
    out = tmp_path / "p.pdf"
    assert main(
        ["--db", str(db_path), "print", "publicity", "--year", str(TODAY.year), "--out", str(out)]
    ) in (0, 1)
    with demo_db.reading() as s:
        cards = list_cards(s, TODAY.year)
        branch = require_branch(s)
    if not cards:
        return
    for count in (15, 60, 300):
        many = [dataclasses.replace(cards[n % len(cards)], member_name=f"党员{n:03d}") for n in range(count)]
        path = print_publicity(many, branch, TODAY.year, tmp_path / f"p{count}.pdf", today=TODAY)
        sizes = _sizes(path)
        assert sizes and min(sizes) >= 12 - 0.01, (count, min(sizes))
        text = _text(path)
        assert all(f"党员{n:03d}" in text for n in range(count))
        assert "盖章处" in text and "公示期" in text
        assert not any("Helvetica" in f for f in _fonts(path))


def test_a_long_note_and_hundreds_of_absentees_print_without_error(demo_db, tmp_path) -> None:
    note = "外出务工，在上海市浦东新区从事建筑工作；每月按时交纳党费。" * 8  # about 240 characters
    with demo_db.reading() as s:
        rows = list_members(s, include_left=False)
        branch = require_branch(s)
        details = on(demo_db, lambda s2: meeting_details(s2, [1]))
    rows = [dataclasses.replace(r, note=note) for r in rows[:3]] + [
        dataclasses.replace(rows[3], name="阿依古丽·买买提江", note="")
    ]
    roster = print_roster(rows, branch.name, tmp_path / "r.pdf", today=TODAY)
    text = _text(roster)
    assert re.sub(r"\s+", "", note) in text and "阿依古丽·买买提江" in text
    assert "内部资料" in text and "填报人" in text
    absent = tuple(
        AttendanceLine(1000 + n, f"阿依古丽·买买提江{n:03d}", False, "外出务工") for n in range(180)
    )
    long_meeting = dataclasses.replace(details[0], attendance=absent, content="会议内容。" * 600)
    minutes = print_minutes([long_meeting], branch.name, tmp_path / "m.pdf", today=TODAY)
    text = _text(minutes)
    assert all(f"阿依古丽·买买提江{n:03d}" in text for n in range(180))
    assert "（续）" in text
    for path in (roster, minutes):
        assert not any("Helvetica" in f for f in _fonts(path))


def test_no_line_starts_with_closing_or_ends_with_opening_punctuation(demo_db, tmp_path) -> None:
    from reportlab.lib.styles import ParagraphStyle

    from dangjian_desktop.printing.fonts import register_fonts
    from dangjian_desktop.printing.typeset import Para, line_texts

    fonts = register_fonts()
    style = ParagraphStyle("t", fontName=fonts.body, fontSize=12, leading=16, wordWrap="CJK")
    corpus = (
        "会议于2026年1月3日09:00—11:00在村委会召开，阿依古丽·买买提江同志发言；"
        "“要把好事办好！”（鼓掌）《中国共产党章程》学习，身份证号360426199101010071。WeChat群通知…"
    )
    for width in range(60, 400, 7):
        lines = line_texts(Para(corpus * 2, style), width)
        for n, line in enumerate(lines):
            assert line[:1] not in CLOSING or n == 0, (width, line)
            assert line[-1:] not in OPENING, (width, line)
        joined = "|".join(lines)
        assert "09:00—11:00" in joined.replace("|", "") and "2026年1月3日" in "".join(lines)
        for token in ("2026年1月3日", "09:00—11:00", "360426199101010071", "WeChat"):
            if width > 200:
                assert any(token in line for line in lines), (width, token)
        assert "·|" not in joined and "|·" not in joined
