"""The typed settings: every setting declared once in catalogue.py, stored as JSON in `setting`.

A missing or broken value falls back to the default, so a hand-edited or older database never stops
the program. `problems()` names what fell back, in Chinese, so the settings dialog can say so instead of
silently ignoring it. The dialog builds its form from REGISTRY, grouped by each setting's group.

Importing this package loads no SQLAlchemy (the functions that read the database import it when
called): the window reads the font size before its first paint through `peek`, read-only (core.db.peek_one).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from dangjian_desktop.core.settings.catalogue import *  # noqa: F403  (every setting, by name)
from dangjian_desktop.core.settings.catalogue import (
    BACKUP_FOLDER,
    FONT_SIZES,
    PRINT_SYSTEM_FONTS,
    UI_FONT_SIZE,
)
from dangjian_desktop.core.settings.spec import (
    GROUP_TITLES,
    GROUPS,
    OTHER_GROUP,
    REGISTRY,
    SettingError,
    SettingSpec,
    register,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

__all__ = [
    "BACKUP_FOLDER",
    "FONT_SIZES",
    "GROUP_TITLES",
    "GROUPS",
    "OTHER_GROUP",
    "PRINT_SYSTEM_FONTS",
    "REGISTRY",
    "UI_FONT_SIZE",
    "SettingError",
    "SettingSpec",
    "current_values",
    "get",
    "peek",
    "problems",
    "put",
    "register",
    "save_all",
    "sections",
]

T = TypeVar("T")
log = logging.getLogger(__name__)


def get(session: Session, spec: SettingSpec[T]) -> T:
    from dangjian_desktop.core.models import Setting

    row = session.get(Setting, spec.key)
    if row is None:
        return spec.default
    try:
        return spec.parse(row.value)
    except SettingError as exc:
        log.warning("%s；已改用默认值 %r", exc, spec.default)
        return spec.default


def peek(path: Path, spec: SettingSpec[T]) -> T:
    """One setting read straight from the file, read-only, before the database layer is loaded.

    The default when the file, the table or the row is missing or unreadable: opening the database
    properly (and reporting what is wrong) comes later.
    """
    from dangjian_desktop.core.db import peek_one

    row = peek_one(path, "SELECT value FROM setting WHERE key = ?", (spec.key,))
    try:
        return spec.default if row is None else spec.parse(row[0])
    except SettingError:
        return spec.default


def put(session: Session, spec: SettingSpec[T], value: T) -> None:
    from dangjian_desktop.core.models import Setting

    value = spec.check(value)  # refuses a value of the wrong type before it is stored
    row = session.get(Setting, spec.key)
    raw = json.dumps(value, ensure_ascii=False)
    if row is None:
        session.add(Setting(key=spec.key, value=raw))
    else:
        row.value = raw
    session.flush()


def problems(session: Session) -> list[str]:
    """One Chinese line per stored value that cannot be used: broken ones, and keys no one declares."""
    from sqlalchemy import select

    from dangjian_desktop.core.models import Setting

    found: list[str] = []
    for row in session.scalars(select(Setting).order_by(Setting.key)):
        spec = REGISTRY.get(row.key)
        if spec is None:
            found.append(f"数据库中的设置“{row.key}”本程序不认识（可能来自更新的版本），已忽略")
            continue
        try:
            spec.parse(row.value)
        except SettingError as exc:
            found.append(f"{exc}，保存的内容已损坏，已改用默认值：{_show(spec.default)}")
    return found


def _show(value: object) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(value) or "（空）"
    return str(value) if value != "" else "（空）"


def current_values(session: Session) -> dict[str, Any]:
    """Every declared setting's value (the default where nothing usable is stored)."""
    return {key: get(session, spec) for key, spec in REGISTRY.items()}


def save_all(session: Session, values: Mapping[str, Any]) -> None:
    """Stores several settings at once: all are checked first, so a bad one changes nothing."""
    checked: list[tuple[SettingSpec, Any]] = []
    for key, value in values.items():
        spec = REGISTRY.get(key)
        if spec is None:
            raise SettingError(f"没有名为“{key}”的设置")
        checked.append((spec, spec.check(value)))
    for spec, value in checked:
        put(session, spec, value)


def sections() -> dict[str, list[SettingSpec]]:
    """The registry grouped for the dialog: app-wide sections first, then the features' in key order."""
    grouped: dict[str, list[SettingSpec]] = {}
    for spec in sorted(REGISTRY.values(), key=lambda s: (_section_rank(s.section), s.section)):
        grouped.setdefault(spec.section, []).append(spec)
    return grouped


def _section_rank(title: str) -> int:
    order = list(GROUPS)
    return order.index(title) if title in order else len(order)
