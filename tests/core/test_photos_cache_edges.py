"""The print-size photo cache where the file system is in the way, and a palette picture's transparent
colour (core/photos.py)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from dangjian_desktop.core import photos
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
