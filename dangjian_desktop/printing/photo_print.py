"""Photos as they go into a PDF: the stored JPEG when small enough, else downsampled; binary streams."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator

from PIL import Image as PILImage
from reportlab import rl_config
from reportlab.lib.utils import ImageReader

# 300 dpi at the largest printed photo size (32x45 mm) is about 380x530 px: anything bigger only
# makes the PDF heavy, so it is shrunk; a stored 1-inch photo (295x413) goes in as it is.
PRINT_PHOTO_PX = (380, 530)


@contextlib.contextmanager
def _binary_streams() -> Iterator[None]:
    """Streams as plain compressed binary, not ASCII85 text: a quarter smaller and, without ReportLab's
    C accelerator, several times faster to write for 300 photos."""
    saved = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = saved


def print_photo(jpeg: bytes) -> ImageReader | None:
    """The photo as it goes into the PDF: the stored JPEG itself when small, else downsampled."""
    try:
        image = PILImage.open(io.BytesIO(jpeg))
        if (
            image.format == "JPEG"
            and image.mode in ("RGB", "L")
            and (image.width <= PRINT_PHOTO_PX[0] and image.height <= PRINT_PHOTO_PX[1])
        ):
            return ImageReader(io.BytesIO(jpeg))  # ReportLab embeds JPEG bytes without re-encoding
        # draft() lets the JPEG decoder itself scale by 1/2, 1/4 or 1/8: a camera-sized photo is
        # never decoded at full size, which is most of the time of a 300-card batch
        image.draft("RGB", (PRINT_PHOTO_PX[0] * 3 // 4, PRINT_PHOTO_PX[1] * 3 // 4))
        image.thumbnail(PRINT_PHOTO_PX, PILImage.Resampling.LANCZOS)
        image = image.convert("RGB")
        out = io.BytesIO()
        image.save(out, "JPEG", quality=85, optimize=True)
        return ImageReader(io.BytesIO(out.getvalue()))
    except (OSError, ValueError, PILImage.DecompressionBombError):
        return None  # a damaged photo prints as the empty frame, not as a failed batch
