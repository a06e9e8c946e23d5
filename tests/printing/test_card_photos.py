"""The photo on a printed wall card: its pixel size in the PDF, its print-size copy made when it is set,
and what a damaged photo prints as (the empty frame, never a traceback)."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from dangjian_desktop.cli import main
from dangjian_desktop.core import cards
from dangjian_desktop.core.branch import require_branch
from dangjian_desktop.core.db import Database
from dangjian_desktop.core.photos import CACHE_ENV, PRINT_PHOTO_PX, print_photo_dir
from dangjian_desktop.core.roster import MemberDraft, add_member, set_photo
from dangjian_desktop.core.roster_delete import delete_mistaken_entry
from dangjian_desktop.printing import photo_print
from dangjian_desktop.printing.cards_pdf import print_wall_cards

TODAY = dt.date(2026, 11, 22)
ORIENTATION = 0x0112
BOX_W, BOX_H = PRINT_PHOTO_PX


# how a camera stores an upright picture for the EXIF orientations it writes (6: turned right, 8: left)
STORED_AS = {1: None, 6: Image.Transpose.ROTATE_90, 8: Image.Transpose.ROTATE_270}


def _jpeg(width: int, height: int, *, orientation: int = 1) -> bytes:
    """A photo that shows width x height upright; stored on its side with an EXIF orientation."""
    image = Image.new("RGB", (width, height), (200, 40, 40))
    image.paste((20, 20, 160), (0, 0, width // 2, height // 4))  # a blue corner shows which way is up
    exif = Image.Exif()
    if orientation != 1:
        exif[ORIENTATION] = orientation
        image = image.transpose(STORED_AS[orientation])
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90, exif=exif.tobytes())
    return out.getvalue()


def _png_with_alpha(width: int, height: int) -> bytes:
    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))  # transparent black around the person
    image.paste((200, 40, 40, 255), (width // 4, height // 4, width * 3 // 4, height * 3 // 4))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _fit(width: int, height: int) -> tuple[int, int]:
    """Within 380x530 with the photo's proportions (a photo never grows)."""
    scale = min(BOX_W / width, BOX_H / height, 1.0)
    return round(width * scale), round(height * scale)


@pytest.fixture
def member(db: Database, branch_id: int) -> int:
    with db.transaction() as s:
        member_id = add_member(s, branch_id, MemberDraft(name="陈明辉", gender="男", join_date="2015-07-01"))
        card_id = cards.create_card(
            s, member_id, 2026, post="科技示范岗", texts={cards.COMMITMENT: ["带领3户发展食用菌"]}
        )
        for step, day in zip(cards.STEPS, (1, 2, 3, 4), strict=True):
            cards.record_step(s, card_id, step, dt.date(2026, 1, day), today=TODAY)
        cards.post_card(s, card_id, dt.date(2026, 1, 5), today=TODAY)
    return member_id


def _set(db: Database, member_id: int, photo: bytes | None) -> None:
    with db.transaction() as s:
        set_photo(s, member_id, photo)


def _print(db: Database, out: Path, per_page: int = 1) -> list[tuple[int, int, str, bytes]]:
    """Prints the year's cards with nothing remembered from an earlier print of this process, and
    returns each embedded image as (width, height, filter, stream bytes)."""
    photo_print._cache.clear()
    with db.reading() as s:
        posted = cards.list_cards(s, 2026, posted_only=True)
        photos = cards.photos_for(s, [c.member_id for c in posted])
        branch = require_branch(s)
    print_wall_cards(posted, photos, branch, out, per_page=per_page)
    images = []
    for page in PdfReader(out).pages:
        xobjects = page["/Resources"].get("/XObject") or {}
        for ref in xobjects.values():
            xobject = ref.get_object()
            if xobject["/Subtype"] == "/Image":
                kind = xobject["/Filter"]
                kind = kind[0] if isinstance(kind, list) and len(kind) == 1 else kind
                images.append((xobject["/Width"], xobject["/Height"], kind, xobject._data))
    return images


@pytest.mark.parametrize(
    ("width", "height", "orientation", "expected"),
    [
        pytest.param(1200, 1680, 1, _fit(1200, 1680), id="camera-sized"),
        pytest.param(4000, 3000, 1, _fit(4000, 3000), id="camera-landscape"),
        pytest.param(1200, 1680, 6, _fit(1200, 1680), id="exif-rotated-large"),
        pytest.param(295, 413, 8, (295, 413), id="exif-rotated-small"),
    ],
)
@pytest.mark.parametrize("per_page", [1, 2])
def test_a_larger_photo_prints_at_the_print_size_upright(
    db: Database,
    member: int,
    tmp_path: Path,
    width: int,
    height: int,
    orientation: int,
    expected,
    per_page: int,
) -> None:
    _set(db, member, _jpeg(width, height, orientation=orientation))
    [(w, h, kind, data)] = _print(db, tmp_path / "cards.pdf", per_page)
    assert (w, h) == expected and kind == "/DCTDecode"
    printed = Image.open(io.BytesIO(data))
    assert printed.size == expected
    r, g, b = printed.convert("RGB").getpixel((2, 2))
    assert b > r, "the blue corner is at the top left: the photo is upright"


def test_a_small_jpeg_goes_into_the_pdf_byte_for_byte(db: Database, member: int, tmp_path: Path) -> None:
    photo = _jpeg(295, 413)
    _set(db, member, photo)
    [(w, h, kind, data)] = _print(db, tmp_path / "cards.pdf")
    assert (w, h, kind) == (295, 413, "/DCTDecode")
    assert data == photo  # not decoded, not encoded again


@pytest.mark.parametrize(
    ("width", "height", "passed_through"),
    [
        pytest.param(BOX_W, BOX_H, True, id="exactly-the-print-size"),
        pytest.param(BOX_W - 1, BOX_H - 1, True, id="one-pixel-below"),
        pytest.param(BOX_W + 1, BOX_H, False, id="one-pixel-wider"),
        pytest.param(BOX_W, BOX_H + 1, False, id="one-pixel-taller"),
    ],
)
def test_the_print_size_boundary(
    db: Database, member: int, tmp_path: Path, width: int, height: int, passed_through: bool
) -> None:
    photo = _jpeg(width, height)
    _set(db, member, photo)
    [(w, h, _kind, data)] = _print(db, tmp_path / "cards.pdf")
    assert (data == photo) is passed_through
    assert (w, h) == _fit(width, height)
    assert w <= BOX_W and h <= BOX_H
    if not passed_through:
        assert (w, h) != (width, height)


def test_a_png_with_transparency_prints_on_white(db: Database, member: int, tmp_path: Path) -> None:
    _set(db, member, _png_with_alpha(800, 1000))
    [(w, h, kind, data)] = _print(db, tmp_path / "cards.pdf")
    assert (w, h) == _fit(800, 1000) and kind == "/DCTDecode"
    printed = Image.open(io.BytesIO(data)).convert("RGB")
    assert min(printed.getpixel((3, 3))) > 240, "the transparent border is paper white, not black"
    r, g, b = printed.getpixel((w // 2, h // 2))
    assert r > 150 and g < 90 and b < 90


@pytest.mark.parametrize(
    "damaged",
    [
        pytest.param(b"not a picture at all", id="not-an-image"),
        pytest.param(_jpeg(1200, 1680)[:3000], id="truncated-camera-jpeg"),
        pytest.param(b"\xff\xd8\xff\xe0" + b"\x00" * 200, id="jpeg-header-only"),
        pytest.param(b"", id="empty"),
    ],
)
def test_a_damaged_photo_prints_the_empty_frame(
    db: Database, member: int, tmp_path: Path, damaged: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    _set(db, member, damaged)  # storing it never fails either
    out = tmp_path / "cards.pdf"
    assert main(["--db", str(db.path), "print", "cards", "--year", "2026", "--out", str(out)]) == 0
    assert "Traceback" not in capsys.readouterr().err
    text = re.sub(r"\s+", "", PdfReader(out).pages[0].extract_text())
    assert "照片" in text and "陈明辉" in text
    assert _print(db, tmp_path / "again.pdf") == []


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder of this test's own (the session's holds the same photos from other tests)."""
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "print-photos"))
    return print_photo_dir()


def _cached() -> set[str]:
    return {p.name for p in print_photo_dir().glob("*")}


def test_the_print_size_copy_is_made_when_the_photo_is_set(
    db: Database, member: int, tmp_path: Path, cache: Path
) -> None:
    before = _cached()
    _set(db, member, _jpeg(1200, 1680))
    [made] = _cached() - before
    assert made.endswith(".jpg")
    copy = print_photo_dir() / made
    [(_w, _h, _kind, data)] = _print(db, tmp_path / "cards.pdf")
    assert data == copy.read_bytes()  # the print took the copy made when the photo was set

    copy.unlink()  # lost (a cleaned cache folder): the next print makes it again
    _print(db, tmp_path / "again.pdf")
    assert copy.exists()

    copy.write_bytes(b"\xff\xd8 damaged on disk")  # a damaged copy is made again by the print
    [(w, h, _kind, data)] = _print(db, tmp_path / "third.pdf")
    assert (w, h) == _fit(1200, 1680) and data == copy.read_bytes()

    _set(db, member, _jpeg(1000, 1400))  # replaced: the old copy goes, the new one is made
    assert not copy.exists()
    assert len(_cached() - before) == 1
    _set(db, member, None)  # cleared: its copy goes too
    assert _cached() == before


def test_a_mistaken_entry_leaves_no_copy_behind(db: Database, branch_id: int, cache: Path) -> None:
    with db.transaction() as s:
        member_id = add_member(s, branch_id, MemberDraft(name="误录人", join_date="2020-07-01"))
        set_photo(s, member_id, _jpeg(900, 1260))
    assert len(_cached()) == 1
    delete_mistaken_entry(db, member_id)  # 删除误录: nothing of the person stays in the cache
    assert _cached() == set()


def test_a_one_inch_photo_needs_no_copy(db: Database, member: int, cache: Path) -> None:
    _set(db, member, _jpeg(295, 413))
    _set(db, member, _jpeg(BOX_W, BOX_H))
    assert _cached() == set()
    _set(db, member, _jpeg(BOX_W, BOX_H + 1))
    assert len(_cached()) == 1


def test_a_cache_folder_that_cannot_be_written_still_prints_the_photo(
    db: Database, member: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder would be")
    monkeypatch.setenv(CACHE_ENV, str(blocked / "print-photos"))
    _set(db, member, _jpeg(1200, 1680))  # the copy cannot be kept: setting the photo still works
    [(w, h, kind, _data)] = _print(db, tmp_path / "cards.pdf")
    assert (w, h, kind) == (*_fit(1200, 1680), "/DCTDecode")
    assert not [p for p in tmp_path.rglob("*") if p.suffix == ".part"]  # no half-written copy left
