"""A typed settings registry: every setting has a key, a type, a default and a Chinese label.

Values live in the `setting` table as JSON; a missing or broken value falls back to the default, so a
hand-edited or older database never stops the program.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Generic, TypeVar

from sqlalchemy.orm import Session

from dangjian_desktop.core.models import Setting

T = TypeVar("T")


@dataclass(frozen=True)
class SettingSpec(Generic[T]):
    key: str
    default: T
    label: str

    def parse(self, raw: str) -> T:
        value = json.loads(raw)
        kind = type(self.default)
        if kind is float and isinstance(value, int):
            value = float(value)
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise ValueError(f"{self.key}: expected {kind.__name__}")
        return value


REGISTRY: dict[str, SettingSpec] = {}


def register(key: str, default: T, label: str) -> SettingSpec[T]:
    spec = SettingSpec(key, default, label)
    REGISTRY[key] = spec
    return spec


def get(session: Session, spec: SettingSpec[T]) -> T:
    row = session.get(Setting, spec.key)
    if row is None:
        return spec.default
    try:
        return spec.parse(row.value)
    except (ValueError, TypeError):
        return spec.default


def put(session: Session, spec: SettingSpec[T], value: T) -> None:
    spec.parse(json.dumps(value))  # refuses a value of the wrong type before it is stored
    row = session.get(Setting, spec.key)
    raw = json.dumps(value, ensure_ascii=False)
    if row is None:
        session.add(Setting(key=spec.key, value=raw))
    else:
        row.value = raw
    session.flush()
