"""Member photos on their edges (core/photos.py): a file of exactly the largest size and one byte more,
a picture of exactly the most pixels and one more, the 1-inch crop (where it is cut, its size, its
encoding), a meeting photo's longest side on the line and one pixel past it, what goes into a PDF as it
is, the print-size copy's name, place, size and colours, and the cache folder kept to its bound."""

from __future__ import annotations

import hashlib
import io
import os
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image, ImageOps

from dangjian_desktop.core import photos
from dangjian_desktop.core.photos import (
    CACHE_ENV,
    MAX_INPUT_BYTES,
    MAX_PIXELS,
    PhotoError,
    forget_print_photo,
    one_inch_photo,
    prepare_print_photo,
    print_jpeg,
    print_photo_dir,
    prune_print_photos,
    shrink_photo,
)

ORIENTATION = 0x0112


def _encode(image: Image.Image, kind: str = "PNG", **options: object) -> bytes:
    out = io.BytesIO()
    image.save(out, kind, **options)
    return out.getvalue()


def _rows(width: int, height: int) -> Image.Image:
    """Each row's red is its y (mod 256), each column's green its x: a crop shows where it was cut."""
    down = Image.new("L", (1, 256))
    down.putdata(range(256))
    across = Image.new("L", (256, 1))
    across.putdata(range(256))
    red, green = Image.new("L", (width, height)), Image.new("L", (width, height))
    for top in range(0, height, 256):
        red.paste(down.resize((width, 256), Image.Resampling.NEAREST), (0, top))
    for left in range(0, width, 256):
        green.paste(across.resize((256, height), Image.Resampling.NEAREST), (left, 0))
    return Image.merge("RGB", (red, green, Image.new("L", (width, height))))


def _png_claiming(width: int, height: int) -> bytes:
    """A PNG whose header claims width x height (its pixel data is that of a 1x1 picture)."""
    data = bytearray(_encode(Image.new("1", (1, 1))))
    ihdr = 8 + 8  # signature, then length and type of the IHDR chunk
    data[ihdr : ihdr + 8] = struct.pack(">II", width, height)
    crc = zlib.crc32(bytes(data[ihdr - 4 : ihdr + 13]))
    data[ihdr + 13 : ihdr + 17] = struct.pack(">I", crc)
    return bytes(data)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "print-photos"
    monkeypatch.setenv(CACHE_ENV, str(folder))
    return folder


def test_a_file_of_exactly_the_largest_size_and_one_byte_more() -> None:
    small = _encode(Image.new("RGB", (40, 56), (10, 200, 10)))
    on_the_line = small + b"\0" * (MAX_INPUT_BYTES - len(small))  # a PNG ignores what follows its end
    assert len(on_the_line) == MAX_INPUT_BYTES == 30 * 1024 * 1024
    assert Image.open(io.BytesIO(one_inch_photo(on_the_line))).size == (295, 413)
    with pytest.raises(PhotoError) as caught:
        one_inch_photo(on_the_line + b"\0")
    assert str(caught.value) == "图片文件太大（30 MB），请选择 30 MB 以内的照片"
    with pytest.raises(PhotoError, match="^图片文件太大（31 MB）"):
        shrink_photo(on_the_line + b"\0" * (1024 * 1024))


def test_a_picture_of_exactly_the_most_pixels_and_one_more() -> None:
    """On the line the picture is read (this one then turns out damaged); one pixel more is refused
    before its pixels are read."""
    assert MAX_PIXELS == 60_000_000
    with pytest.raises(PhotoError) as on_line:
        one_inch_photo(_png_claiming(10_000, 6_000))
    assert str(on_line.value) == "所选文件不是可识别的图片（支持 JPG、PNG、BMP 等）"
    for width, height in ((60_000_001, 1), (10_000, 6_001)):
        with pytest.raises(PhotoError) as beyond:
            shrink_photo(_png_claiming(width, height))
        assert str(beyond.value) == "图片像素太多，请先缩小后再选择"


def test_what_is_no_picture_is_named() -> None:
    for data in (b"", b"not a picture", _encode(Image.new("RGB", (8, 8)))[:40]):
        with pytest.raises(PhotoError) as caught:
            one_inch_photo(data)
        assert str(caught.value) == "所选文件不是可识别的图片（支持 JPG、PNG、BMP 等）"


def test_the_one_inch_crop_is_cut_a_little_above_the_middle() -> None:
    """A tall picture loses more below the face than above it (centering 0.4 of the height); a wide one
    loses the same on both sides."""
    tall = one_inch_photo(_encode(_rows(295, 1000)))
    image = Image.open(io.BytesIO(tall))
    assert image.format == "JPEG" and image.mode == "RGB" and image.size == (295, 413)
    top = round((1000 - 413) * 0.4)  # 235; the middle would be 294
    assert abs(image.getpixel((147, 0))[0] - top) <= 3
    assert abs(image.getpixel((147, 412))[0] - (top + 412) % 256) <= 3
    wide = Image.open(io.BytesIO(one_inch_photo(_encode(_rows(400, 413)))))
    left = round((400 - 295) * 0.5)  # 52
    assert (
        abs(wide.getpixel((0, 200))[1] - left) <= 3
        and abs(wide.getpixel((294, 200))[1] - (left + 294) % 256) <= 3
    )


def test_the_one_inch_photo_is_encoded_as_declared() -> None:
    source = _rows(600, 700)
    made = one_inch_photo(_encode(source))
    fitted = ImageOps.fit(source, (295, 413), method=Image.Resampling.LANCZOS, centering=(0.5, 0.4))
    assert made == _encode(fitted, "JPEG", quality=85, optimize=True)


def test_an_upright_copy_of_a_photo_stored_on_its_side() -> None:
    upright = _rows(300, 420)
    exif = Image.Exif()
    exif[ORIENTATION] = 6  # stored turned: the camera's EXIF says to turn it back
    stored = _encode(upright.transpose(Image.Transpose.ROTATE_90), "JPEG", quality=95, exif=exif.tobytes())
    image = Image.open(io.BytesIO(one_inch_photo(stored)))
    assert image.size == (295, 413)
    assert abs(image.getpixel((147, 5))[0] - 5) <= 12  # the top row is the top


@pytest.mark.parametrize(
    ("size", "longest", "expected"),
    [
        ((1600, 16), 1600, (1600, 16)),  # on the line: kept
        ((1601, 16), 1600, (1600, 16)),  # one pixel past: shrunk
        ((16, 1601), 1600, (16, 1600)),
        ((3200, 20), 1600, (1600, 10)),
        ((640, 480), 1600, (640, 480)),  # never enlarged
        ((500, 200), 400, (400, 160)),
    ],
)
def test_a_meeting_photos_longest_side(
    size: tuple[int, int], longest: int, expected: tuple[int, int]
) -> None:
    made = shrink_photo(_encode(Image.new("RGBA", size, (10, 20, 30, 255))), longest)
    image = Image.open(io.BytesIO(made))
    assert image.format == "JPEG" and image.mode == "RGB" and image.size == expected


def test_a_meeting_photo_is_encoded_as_declared() -> None:
    source = _rows(1700, 300)
    made = shrink_photo(_encode(source))
    expected = source.copy()
    expected.thumbnail((1600, 1600), Image.Resampling.LANCZOS)
    assert made == _encode(expected, "JPEG", quality=80, optimize=True)


def test_the_cache_folder_named_or_the_users(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "here"))
    assert print_photo_dir() == tmp_path / "here"
    monkeypatch.setenv(CACHE_ENV, "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert print_photo_dir() == tmp_path / "cache" / "dangjian_desktop" / "print-photos"
    monkeypatch.delenv(CACHE_ENV)
    assert print_photo_dir() == tmp_path / "cache" / "dangjian_desktop" / "print-photos"


def test_what_goes_into_a_pdf_as_it_is(cache: Path) -> None:
    grey = _encode(Image.new("L", (380, 530), 128), "JPEG")
    assert print_jpeg(grey) == grey  # grey, exactly the print size
    small = _encode(Image.new("RGB", (100, 100), (1, 2, 3)), "JPEG")
    assert print_jpeg(small) == small
    cmyk = _encode(Image.new("CMYK", (100, 100), (0, 50, 50, 0)), "JPEG")
    made = print_jpeg(cmyk)
    assert made is not None and made != cmyk and Image.open(io.BytesIO(made)).mode == "RGB"
    exif = Image.Exif()
    exif[ORIENTATION] = 3
    turned = _encode(Image.new("RGB", (100, 120), (9, 9, 9)), "JPEG", exif=exif.tobytes())
    assert print_jpeg(turned) != turned
    png = _encode(Image.new("RGB", (100, 120), (9, 9, 9)))
    copy = print_jpeg(png)
    assert copy is not None and Image.open(io.BytesIO(copy)).format == "JPEG"
    assert Image.open(io.BytesIO(copy)).size == (100, 120)  # never enlarged
    assert print_jpeg(b"no picture") is None and print_jpeg(b"") is None
    assert sorted(p.name for p in cache.iterdir()) == sorted(
        f"{hashlib.sha1(d).hexdigest()}-380x530.jpg" for d in (cmyk, turned, png)
    )


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        ((381, 530), (380, 529)),
        ((380, 531), (379, 530)),
        ((760, 1060), (380, 530)),
        ((1, 2000), (1, 530)),  # never narrower than one pixel
        ((2000, 1), (380, 1)),
        ((4000, 3000), (380, 285)),
    ],
)
def test_the_print_size_copy_keeps_the_proportions(
    cache: Path, size: tuple[int, int], expected: tuple[int, int]
) -> None:
    photo = _encode(Image.new("RGB", size, (200, 40, 40)), "JPEG")
    made = print_jpeg(photo)
    assert made is not None
    image = Image.open(io.BytesIO(made))
    assert image.size == expected and image.format == "JPEG"
    assert (cache / f"{hashlib.sha1(photo).hexdigest()}-380x530.jpg").read_bytes() == made
    assert photos._fitted(*size) == expected


def test_a_transparent_or_palette_photo_prints_on_white_and_grey_stays_grey(cache: Path) -> None:
    clear = Image.new("LA", (400, 400), (0, 0))
    grey_alpha = Image.open(io.BytesIO(print_jpeg(_encode(clear)) or b""))
    assert grey_alpha.mode == "RGB" and min(grey_alpha.getpixel((200, 200))) >= 250
    palette = Image.new("P", (400, 400), 0)
    palette.putpalette([0, 0, 0, 255, 0, 0])
    palette.info["transparency"] = 0
    made = Image.open(io.BytesIO(print_jpeg(_encode(palette, transparency=0)) or b""))
    assert made.mode == "RGB" and min(made.getpixel((10, 10))) >= 250
    opaque = Image.new("P", (400, 400), 1)
    opaque.putpalette([0, 0, 0, 255, 0, 0])
    red = Image.open(io.BytesIO(print_jpeg(_encode(opaque)) or b""))
    assert red.mode == "RGB" and red.getpixel((10, 10))[0] >= 240 and red.getpixel((10, 10))[1] <= 20
    grey = Image.open(io.BytesIO(print_jpeg(_encode(Image.new("L", (400, 400), 90))) or b""))
    assert grey.mode == "L" and abs(grey.getpixel((5, 5)) - 90) <= 2
    rgba = Image.new("RGBA", (400, 400), (0, 0, 0, 0))
    rgba.paste((0, 0, 200, 255), (0, 0, 400, 200))
    shown = Image.open(io.BytesIO(print_jpeg(_encode(rgba)) or b""))
    assert shown.size == (380, 380) and shown.getpixel((190, 100))[2] >= 180
    assert min(shown.getpixel((190, 300))) >= 250


def test_the_print_copy_is_encoded_as_declared(cache: Path) -> None:
    source = _rows(760, 1060)
    made = print_jpeg(_encode(source))
    expected = source.resize((380, 530), Image.Resampling.LANCZOS)
    assert made == _encode(expected, "JPEG", quality=88)


def test_a_sideways_camera_photo_is_drafted_to_its_upright_size(cache: Path) -> None:
    """Stored 1600x1200 with orientation 6: upright it is 1200x1600, printed 380x507 (not 380x285)."""
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    stored = _encode(_rows(1600, 1200), "JPEG", quality=90, exif=exif.tobytes())
    made = Image.open(io.BytesIO(print_jpeg(stored) or b""))
    assert made.size == (380, 507)
    for orientation, size in ((5, (380, 507)), (7, (380, 507)), (8, (380, 507)), (2, (380, 285))):
        exif[ORIENTATION] = orientation
        other = _encode(_rows(1600, 1200), "JPEG", quality=90, exif=exif.tobytes())
        assert Image.open(io.BytesIO(print_jpeg(other) or b"")).size == size, orientation


def test_a_copy_once_made_is_read_from_the_cache(cache: Path) -> None:
    photo = _encode(Image.new("RGB", (800, 800), (5, 5, 5)), "JPEG")
    target = cache / f"{hashlib.sha1(photo).hexdigest()}-380x530.jpg"
    prepare_print_photo(photo)
    assert target.exists()
    target.write_bytes(b"what the cache holds")
    assert print_jpeg(photo) == b"what the cache holds"
    forget_print_photo(photo)
    assert not target.exists()
    forget_print_photo(photo)  # gone already: nothing to do
    forget_print_photo(None)
    prepare_print_photo(None)
    prepare_print_photo(b"")
    assert list(cache.iterdir()) == []
    assert not list(cache.glob("*.part"))


def test_a_cache_that_cannot_be_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "a file"
    blocked.write_bytes(b"")
    monkeypatch.setenv(CACHE_ENV, str(blocked / "print-photos"))
    photo = _encode(Image.new("RGB", (800, 800), (5, 5, 5)), "JPEG")
    made = print_jpeg(photo)
    assert made is not None and Image.open(io.BytesIO(made)).size == (380, 380)
    photos._store(tmp_path / "elsewhere" / "x.jpg", b"12345")
    assert (tmp_path / "elsewhere" / "x.jpg").read_bytes() == b"12345"
    assert [p.name for p in (tmp_path / "elsewhere").iterdir()] == ["x.jpg"]
    target = tmp_path / "dir-in-the-way.jpg"
    target.mkdir()
    (target / "inside").write_bytes(b"")
    photos._store(target, b"12345")  # cannot replace a folder: no error, no leftover
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_the_cache_is_pruned_to_its_bound_oldest_first(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache.mkdir()
    for n in range(6):
        path = cache / f"{n}.jpg"
        path.write_bytes(b"x")
        os.utime(path, (1_000_000 + n, 1_000_000 + n))
    prune_print_photos(keep=6)
    assert len(list(cache.iterdir())) == 6
    prune_print_photos(keep=4)
    assert sorted(p.name for p in cache.iterdir()) == ["2.jpg", "3.jpg", "4.jpg", "5.jpg"]
    prune_print_photos(keep=0)
    assert list(cache.iterdir()) == []
    prune_print_photos()  # nothing to prune
    (cache.parent / "gone").mkdir()
    monkeypatch.setenv(CACHE_ENV, str(cache.parent / "missing"))
    prune_print_photos(keep=0)  # no folder: nothing happens


def test_the_first_copy_of_a_session_and_every_200th_prune(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pruned: list[int] = []
    monkeypatch.setattr(photos, "prune_print_photos", lambda: pruned.append(photos._stored))
    monkeypatch.setattr(photos, "_stored", 0)
    photos._store(cache / "first.jpg", b"y")
    assert pruned == [1] and (cache / "first.jpg").read_bytes() == b"y"
    for n in range(2, 201):
        photos._store(cache / f"more{n}.jpg", b"z")
    assert pruned == [1] and photos._stored == 200
    photos._store(cache / "more201.jpg", b"z")
    assert pruned == [1, 201]
    photos._store(cache.parent / "a file", b"")  # written: counted
    (cache.parent / "blocked").write_bytes(b"")
    photos._store(cache.parent / "blocked" / "x.jpg", b"")  # not written: not counted
    assert photos._stored == 202
