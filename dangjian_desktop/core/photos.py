"""Photos: cropped to the 1-inch (25x35 mm) ratio and shrunk before they are stored."""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from dangjian_desktop.core.errors import UserError

if TYPE_CHECKING:
    from PIL import Image

MAX_INPUT_BYTES = 30 * 1024 * 1024
MAX_PIXELS = 60_000_000
ONE_INCH_PX = (295, 413)  # 25x35 mm at 300 dpi: sharp in print, ~30 KB as JPEG


class PhotoError(UserError):
    """The message is Chinese and shown to the user as it is."""


def _open(data: bytes) -> Image.Image:
    # Pillow is imported when a photo is handled, not when the roster (which stores photos) loads.
    from PIL import Image, ImageOps, UnidentifiedImageError

    if len(data) > MAX_INPUT_BYTES:
        raise PhotoError(f"图片文件太大（{len(data) // (1024 * 1024)} MB），请选择 30 MB 以内的照片")
    try:
        image = Image.open(io.BytesIO(data))
        if image.width * image.height > MAX_PIXELS:
            raise PhotoError("图片像素太多，请先缩小后再选择")
        image.load()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise PhotoError("所选文件不是可识别的图片（支持 JPG、PNG、BMP 等）") from None
    return ImageOps.exif_transpose(image).convert("RGB")


def one_inch_photo(data: bytes) -> bytes:
    """Centre-crop to 25:35, shrink to 295x413, JPEG."""
    from PIL import Image, ImageOps

    image = ImageOps.fit(_open(data), ONE_INCH_PX, method=Image.Resampling.LANCZOS, centering=(0.5, 0.4))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85, optimize=True)
    return out.getvalue()


def shrink_photo(data: bytes, longest: int = 1600) -> bytes:
    """Meeting photos: keep the whole picture, bound the size."""
    from PIL import Image

    image = _open(data)
    image.thumbnail((longest, longest), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80, optimize=True)
    return out.getvalue()


# --- the print-size photo ----------------------------------------------------------------------------
# A wall card prints the photo 32x45 mm at most: 380x530 px is 300 dpi there. A larger stored photo (a
# camera picture that reached the database by a package or an old version) is made print-size once,
# when it is set, and kept in the per-user cache folder under the SHA-1 of the stored bytes: every later
# print, from the window, the command line or the township package, finds it without decoding the
# original (decoding 300 camera photos alone takes about 2 s). The folder is a cache: a missing file is
# made again by the next print, a stale one is never found (the name is the content's), and nothing in
# it is needed to restore a backup.
PRINT_PHOTO_PX = (380, 530)
CACHE_ENV = "DANGJIAN_PHOTO_CACHE"  # tests and benchmarks point it at a temporary folder
CACHE_FILES = 5000  # about 150 MB of print-size photos: a township's worth of villages
_EXIF_ORIENTATION = 0x0112
_stored = 0  # print-size copies written by this process


def print_photo_dir() -> Path:
    folder = os.environ.get(CACHE_ENV)
    if folder:
        return Path(folder)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("dangjian_desktop", appauthor=False)) / "print-photos"


def _cache_file(data: bytes) -> Path:
    width, height = PRINT_PHOTO_PX
    return print_photo_dir() / f"{hashlib.sha1(data).hexdigest()}-{width}x{height}.jpg"


def _print_ready(image: Image.Image) -> bool:
    """A JPEG within the print size, upright and in a colour model a PDF shows as it is: it goes into
    the PDF byte for byte (a 1-inch photo made by one_inch_photo always does)."""
    return (
        image.format == "JPEG"
        and image.mode in ("RGB", "L")
        and image.width <= PRINT_PHOTO_PX[0]
        and image.height <= PRINT_PHOTO_PX[1]
        and image.getexif().get(_EXIF_ORIENTATION, 1) == 1
    )


def _fitted(width: int, height: int) -> tuple[int, int]:
    """The size within PRINT_PHOTO_PX with the photo's own proportions."""
    scale = min(PRINT_PHOTO_PX[0] / width, PRINT_PHOTO_PX[1] / height, 1.0)
    return max(1, round(width * scale)), max(1, round(height * scale))


def _make_print_jpeg(image: Image.Image) -> bytes:
    from PIL import Image as PILImage
    from PIL import ImageOps

    turned = image.getexif().get(_EXIF_ORIENTATION, 1) in (5, 6, 7, 8)  # stored on its side
    upright = (image.height, image.width) if turned else image.size
    target = _fitted(*upright)
    # draft() lets libjpeg decode at 1/2, 1/4 or 1/8 (DCT scaling) to no less than the print size:
    # several times less work than a full decode; LANCZOS then gives the exact size
    image.draft("RGB", (target[1], target[0]) if turned else target)
    image = ImageOps.exif_transpose(image)
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")  # transparent parts print as paper, not as black
        image = PILImage.new("RGB", rgba.size, (255, 255, 255))
        image.paste(rgba, mask=rgba.getchannel("A"))
    elif image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    if image.size != target:
        image = image.resize(target, PILImage.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=88)
    return out.getvalue()


def print_jpeg(data: bytes) -> bytes | None:
    """The JPEG a printout embeds for a stored photo: the photo itself when it is print-ready, else
    the print-size copy (from the cache folder, made and kept there when missing); None for bytes that
    are not a readable picture (the card then prints an empty frame)."""
    from PIL import Image as PILImage

    try:
        image = PILImage.open(io.BytesIO(data))
        if _print_ready(image):
            return data
        cached = _cache_file(data)
        with contextlib.suppress(OSError):
            return cached.read_bytes()
        made = _make_print_jpeg(image)
    except Exception:  # noqa: BLE001 - a hostile file makes Pillow's readers raise almost anything
        return None
    _store(cached, made)
    return made


def _store(path: Path, data: bytes) -> None:
    """Written under a temporary name and renamed: a print running at the same time never reads half a
    file. A folder that cannot be written only means the photo is made again next time."""
    partial = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial.write_bytes(data)
        os.replace(partial, path)  # Windows refuses while another print reads the same copy
    except OSError:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        return
    global _stored
    _stored += 1
    if _stored % 200 == 1:  # the first of a session and then now and then: the folder stays bounded
        prune_print_photos()


def prepare_print_photo(data: bytes | None) -> None:
    """Called when a photo is set: its print-size copy is ready before anything is printed."""
    if data:
        print_jpeg(data)


def forget_print_photo(data: bytes | None) -> None:
    """A replaced or deleted photo's print-size copy goes as well."""
    if data:
        with contextlib.suppress(OSError):
            _cache_file(data).unlink(missing_ok=True)


def prune_print_photos(keep: int = CACHE_FILES) -> None:
    """The oldest print-size copies beyond `keep` are removed (they are made again when needed)."""
    with contextlib.suppress(OSError):
        entries = sorted(os.scandir(print_photo_dir()), key=lambda e: e.stat().st_mtime, reverse=True)
        for entry in entries[keep:]:
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
