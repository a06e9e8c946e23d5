"""Rendering a PDF page to a Pillow image, for tests that look at layout rather than text."""

from __future__ import annotations

from pathlib import Path

import pypdfium2
from PIL import Image


def render_page(pdf: Path, index: int = 0, scale: float = 1.0) -> Image.Image:
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        return document[index].render(scale=scale).to_pil().convert("RGB")
    finally:
        document.close()
