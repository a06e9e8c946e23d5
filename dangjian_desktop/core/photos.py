"""Photos: cropped to the 1-inch (25x35 mm) ratio and shrunk before they are stored."""

from __future__ import annotations

import io
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
