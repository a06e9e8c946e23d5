"""What every document module shares: running a builder on a read session, PDF bytes for the package."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from dangjian_desktop.core.db import Database

T = TypeVar("T")


def on(db: Database, build: Callable[[Session], T]) -> T:
    """Runs a document builder on one read snapshot: the GUI's print jobs call documents this way."""
    with db.reading() as session:
        return build(session)


def pdf_bytes(make: Callable[[Any], object]) -> bytes | None:
    """The bytes of a PDF a builder writes, built in memory: the package's PDFs carry full ID numbers,
    and a temporary file of them could outlive a crash. None when the builder had nothing to print."""
    buffer = io.BytesIO()
    return buffer.getvalue() if make(buffer) is not None else None
