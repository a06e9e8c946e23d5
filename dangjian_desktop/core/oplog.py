"""The operation log: who changed what, when. Written in the same transaction as the change."""

from __future__ import annotations

import getpass

from sqlalchemy.orm import Session

from dangjian_desktop.core.models import OperationLog


def current_user() -> str:
    """The login name, for the log and the package's 'who exported it'."""
    try:
        return getpass.getuser()
    except Exception:  # no login name on some frozen Windows setups
        return ""


def log(session: Session, action: str, detail: str = "") -> None:
    session.add(OperationLog(actor=current_user(), action=action, detail=detail))
