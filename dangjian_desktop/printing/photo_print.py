"""Photos as they go into a PDF: the stored JPEG when print-ready, else its print-size copy; binary streams.

A batch of 300 wall cards spent most of its time on photos: each camera-sized photo was decoded, and
then ReportLab decoded the resulting JPEG again only to name it by a digest of its pixels. Now a photo
is named by its JPEG bytes (never decoded for that); its print-size copy is made once, when the photo is
set, and found by every later print (core.photos.print_jpeg); a batch makes only the missing ones, in
worker threads while the main thread lays out the cards (the JPEG codec releases the GIL); and the
prepared JPEG goes into the PDF byte for byte (DCTDecode), never re-encoded.
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

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable

from dangjian_desktop.core.photos import PRINT_PHOTO_PX, forget_print_photo, print_jpeg

__all__ = ["PRINT_PHOTO_PX", "JpegReader", "PhotoFrame", "print_photo", "print_photos"]

_CACHE_SIZE = 1024  # print-size photos of ~30 KB each: a whole branch's worth
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
    """A JPEG that ReportLab embeds as it is (DCTDecode). `Canvas.drawImage` names every image by an MD5
    of what getRGBData returns, which decoded each photo once more; a JPEG passes through by its file
    handle, so getRGBData serves only that name, and the digest of the JPEG bytes is one."""

    def __init__(self, jpeg: bytes, digest: bytes | None = None) -> None:
        super().__init__(io.BytesIO(jpeg))
        self._name = digest or hashlib.sha1(jpeg).digest()

    def getRGBData(self) -> bytes:  # noqa: N802 - ReportLab's name
        self._dataA = None  # no alpha channel: a JPEG has none
        return self._name


def _reader(jpeg: bytes, key: bytes) -> ImageReader | None:
    for _attempt in range(2):
        data = print_jpeg(jpeg)
        if data is None:
            return None  # a damaged photo prints as the empty frame, not as a failed batch
        try:
            return JpegReader(data, key)  # the stored photo's digest names its print copy as well
        except Exception:  # noqa: BLE001 - ReportLab re-raises whatever the image library raised
            forget_print_photo(jpeg)  # a damaged copy in the cache folder: made again, once
    return None


def _prepared(jpeg: bytes) -> ImageReader | None:
    """The photo ready for the PDF, remembered by its content for the rest of the session."""
    key = hashlib.sha1(jpeg).digest()
    with _cache_lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    reader = _reader(jpeg, key)
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
    # Most photos are ready (print-ready as stored, or their print-size copy made when they were set);
    # a photo still missing is decoded, resized and encoded by Pillow with the GIL released, so threads
    # use every core while the main thread lays out the cards (processes would add start-up, not cores)
    workers = max(1, min(4, os.cpu_count() or 2))
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="photos")
    try:
        pending = [pool.submit(_prepared, raw) if raw else None for raw in photos]
        for future in pending:
            yield future.result() if future is not None else None
    finally:
        pool.shutdown(wait=True, cancel_futures=True)  # a batch that fails does not decode the rest


class PhotoFrame(Flowable):
    """The photo in a thin frame, or an empty frame saying 照片 where there is none."""

    def __init__(self, image: ImageReader | None, width: float, height: float, font: str) -> None:
        super().__init__()
        self.image, self.width, self.height, self.font = image, width, height, font

    def wrap(self, _aw: float, _ah: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        if self.image is not None:
            c.drawImage(self.image, 0, 0, self.width, self.height, preserveAspectRatio=True, anchor="c")
        else:
            c.setFillColor(colors.HexColor("#f3f3f3"))
            c.rect(0, 0, self.width, self.height, stroke=0, fill=1)
            c.setFillColor(colors.HexColor("#999999"))
            c.setFont(self.font, 14)
            c.drawCentredString(self.width / 2, self.height / 2 - 4, "照片")
        c.setStrokeColor(colors.HexColor("#888888"))
        c.setLineWidth(0.6)
        c.rect(0, 0, self.width, self.height, stroke=1, fill=0)
