"""What every document module shares: running a builder on a read session, PDF bytes for the package."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from sqlalchemy.orm import Session

from dangjian_desktop.core.db import Database

T = TypeVar("T")


def on(db: Database, build: Callable[[Session], T]) -> T:
    """Runs a document builder on one read snapshot: the GUI's print jobs call documents this way."""
    with db.reading() as session:
        return build(session)


def pdf_bytes(make: Callable[[Path], object]) -> bytes | None:
    """The bytes of a PDF a builder writes to a path; None when the builder had nothing to print."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "document.pdf"
        return out.read_bytes() if make(out) is not None else None
