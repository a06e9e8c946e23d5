"""The print-size photo cache where the file system is in the way (core/photos.py), and the one Chinese
sentence for a failed write (core/errors.py) when SQLAlchemy wraps the database's own words."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy.exc import OperationalError

from dangjian_desktop.core import photos
from dangjian_desktop.core.errors import is_storage_error, os_error_text
from dangjian_desktop.core.photos import CACHE_ENV, forget_print_photo, print_jpeg, prune_print_photos


def _big_png() -> bytes:
    """Larger than the print size, so a print-size copy is made and kept."""
    out = io.BytesIO()
    Image.new("RGB", (900, 1200), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def test_the_cache_folder_is_made_with_its_parents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "not" / "there" / "yet"
    monkeypatch.setenv(CACHE_ENV, str(folder))
    data = _big_png()
    made = print_jpeg(data)
    assert made is not None
    assert photos._cache_file(data).read_bytes() == made  # kept, two folders down
    assert [p.name for p in folder.iterdir()] == [photos._cache_file(data).name]  # no partial file left


def test_forgetting_a_copy_that_cannot_be_removed_is_no_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    data = _big_png()
    photos._cache_file(data).mkdir()  # in the way: a folder where the copy would be
    forget_print_photo(data)  # the photo is still deleted; the copy is just made again or left
    assert photos._cache_file(data).is_dir()


def test_pruning_passes_over_what_it_cannot_remove(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    (tmp_path / "a folder").mkdir()
    (tmp_path / "old.jpg").write_bytes(b"x")
    prune_print_photos(keep=0)
    assert [p.name for p in tmp_path.iterdir()] == ["a folder"]


def test_the_databases_own_words_decide_not_the_statement_around_them() -> None:
    """SQLAlchemy's text of a refused statement carries the SQL and the values being written; only the
    database's own reason is read, or a note that says "permission" would read as a locked file."""
    reason = sqlite3.OperationalError("no such table: notes")
    wrapped = OperationalError("INSERT INTO notes (text) VALUES (?)", ("permission to use the hall",), reason)
    assert "permission" in str(wrapped).lower()
    assert os_error_text(wrapped) == "读写文件出错"
    assert not is_storage_error(wrapped)
    full = OperationalError(
        "INSERT INTO notes (text) VALUES (?)",
        ("hello",),
        sqlite3.OperationalError("database or disk is full"),
    )
    assert os_error_text(full) == "磁盘或U盘已满，请腾出空间后再试" and is_storage_error(full)


def test_a_palette_picture_with_a_transparent_colour_prints_it_as_paper(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A PNG of few colours keeps its transparency as one palette entry, not as an alpha channel."""
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    picture = Image.new("P", (900, 1200), 0)
    picture.putpalette([0, 0, 0, 200, 30, 30] + [0, 0, 0] * 254)
    picture.paste(1, (0, 600, 900, 1200))  # the lower half red, the upper half the transparent black
    out = io.BytesIO()
    picture.save(out, "PNG", transparency=0)
    made = print_jpeg(out.getvalue())
    assert made is not None
    printed = Image.open(io.BytesIO(made)).convert("RGB")
    top = printed.getpixel((printed.width // 2, printed.height // 4))
    bottom = printed.getpixel((printed.width // 2, printed.height * 3 // 4))
    assert all(c >= 250 for c in top), top  # paper, not black
    assert bottom[0] > 150 and bottom[1] < 80, bottom
