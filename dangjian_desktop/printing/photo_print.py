"""Photos as they go into a PDF: the stored JPEG when small enough, else downsampled once; binary streams.

A batch of 300 wall cards spent most of its time on photos: each camera-sized photo was decoded, and
then ReportLab decoded the resulting JPEG again only to name it by a digest of its pixels. Now a photo
is named by its JPEG bytes (never decoded for that), a downsampled photo is kept for the process (a
preview, then the print, then two to a page), and the photos of a batch are prepared in a worker
thread while the main thread lays out the cards (the JPEG codec releases the GIL).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from threading import Lock

from PIL import Image as PILImage
from reportlab import rl_config
from reportlab.lib.utils import ImageReader

# 300 dpi at the largest printed photo size (32x45 mm) is about 380x530 px: anything bigger only
# makes the PDF heavy, so it is shrunk; a stored 1-inch photo (295x413) goes in as it is.
PRINT_PHOTO_PX = (380, 530)
_CACHE_SIZE = 1024  # downsampled photos of ~20 KB each: a whole branch's worth
_cache: OrderedDict[bytes, ImageReader | None] = OrderedDict()
_cache_lock = Lock()


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


class JpegReader(ImageReader):
    """A JPEG that ReportLab embeds as it is (DCTDecode). `Canvas.drawImage` names every image by a
    digest of its decoded pixels, which decoded each photo once more; the JPEG bytes name it as well."""

    def __init__(self, jpeg: bytes) -> None:
        super().__init__(io.BytesIO(jpeg))
        self._jpeg = jpeg

    def getRGBData(self) -> bytes:  # noqa: N802 - ReportLab's name
        self._dataA = None  # no alpha channel: a JPEG has none
        return self._jpeg


def _print_jpeg(jpeg: bytes) -> bytes | None:
    """The bytes that go into the PDF: the stored JPEG itself when small, else a downsampled copy."""
    try:
        image = PILImage.open(io.BytesIO(jpeg))
        if (
            image.format == "JPEG"
            and image.mode in ("RGB", "L")
            and (image.width <= PRINT_PHOTO_PX[0] and image.height <= PRINT_PHOTO_PX[1])
        ):
            return jpeg  # ReportLab embeds JPEG bytes without re-encoding
        # draft() lets the JPEG decoder itself scale by 1/2, 1/4 or 1/8: a camera-sized photo is
        # never decoded at full size, which is most of the time of a 300-card batch
        image.draft("RGB", (PRINT_PHOTO_PX[0] * 3 // 4, PRINT_PHOTO_PX[1] * 3 // 4))
        image.thumbnail(PRINT_PHOTO_PX, PILImage.Resampling.LANCZOS)
        image = image.convert("RGB")
        out = io.BytesIO()
        image.save(out, "JPEG", quality=85)
        return out.getvalue()
    except (OSError, ValueError, PILImage.DecompressionBombError):
        return None  # a damaged photo prints as the empty frame, not as a failed batch


def _prepared(jpeg: bytes) -> ImageReader | None:
    """The photo ready for the PDF, remembered by its content for the rest of the session."""
    key = hashlib.sha1(jpeg).digest()
    with _cache_lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    data = _print_jpeg(jpeg)
    reader = JpegReader(data) if data is not None else None
    with _cache_lock:
        _cache[key] = reader
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return reader


def print_photo(jpeg: bytes) -> ImageReader | None:
    """The photo as it goes into the PDF, or None for a damaged one."""
    return _prepared(jpeg)


def print_photos(photos: Iterable[bytes | None]) -> Iterator[ImageReader | None]:
    """print_photo over a batch, in order, prepared ahead in worker threads."""
    # the main thread is busy laying out (it holds the GIL); the decoders use the other cores
    workers = max(1, min(3, (os.cpu_count() or 2) - 1))
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="photos")
    try:
        pending = [pool.submit(_prepared, raw) if raw else None for raw in photos]
        for future in pending:
            yield future.result() if future is not None else None
    finally:
        pool.shutdown(wait=True, cancel_futures=True)  # a batch that fails does not decode the rest
