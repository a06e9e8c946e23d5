"""A typed settings registry: every setting has a key, a type, a default and a Chinese label.

Values live in the `setting` table as JSON; a missing or broken value falls back to the default, so a
hand-edited or older database never stops the program. `problems()` names what fell back, in Chinese,
so the settings dialog can say so instead of silently ignoring it.

Each feature registers its own settings where it lives (`register(key, default, label)`); the settings
dialog builds its form from REGISTRY, grouped by `group` or, when none is given, by the key's prefix.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from dangjian_desktop.core.errors import UserError
from dangjian_desktop.core.models import Setting

T = TypeVar("T")
log = logging.getLogger(__name__)

# Section titles for keys registered without a group: the part before the first dot.
GROUP_TITLES: dict[str, str] = {
    "ui": "界面",
    "print": "打印",
    "backup": "备份",
    "roster": "花名册",
    "birthdays": "政治生日",
    "meetings": "三会一课",
    "cards": "明白卡",
    "import": "导入导出",
    "exchange": "导入导出",
}
OTHER_GROUP = "其他"


class SettingError(UserError):
    """The message is Chinese and shown to the user as it is."""


@dataclass(frozen=True)
class SettingSpec(Generic[T]):
    key: str
    default: T
    label: str
    group: str = ""
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[Any, ...] = ()
    hint: str = ""  # a longer explanation, shown as the field's tooltip

    @property
    def kind(self) -> str:
        """'bool', 'int', 'float', 'str' or 'list' (a list of strings): what the form shows."""
        if isinstance(self.default, bool):
            return "bool"
        if isinstance(self.default, (list, tuple)):
            return "list"
        return type(self.default).__name__

    @property
    def section(self) -> str:
        return self.group or GROUP_TITLES.get(self.key.split(".", 1)[0], OTHER_GROUP)

    def check(self, value: object) -> T:
        """The value as this setting's type, or SettingError naming the setting and what it needs."""
        kind = self.kind
        if kind == "float" and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if kind == "list":
            if isinstance(value, tuple):
                value = list(value)
            if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
                raise SettingError(f"设置“{self.label}”应为若干行文字")
        elif kind == "bool":
            if not isinstance(value, bool):
                raise SettingError(f"设置“{self.label}”应为“是”或“否”")
        elif not isinstance(value, type(self.default)) or isinstance(value, bool):
            wanted = {"int": "整数", "float": "数字", "str": "文字"}.get(kind, kind)
            raise SettingError(f"设置“{self.label}”应为{wanted}")
        if self.choices and value not in self.choices:
            options = "、".join(str(c) for c in self.choices)
            raise SettingError(f"设置“{self.label}”只能是：{options}")
        if kind in ("int", "float"):
            low, high = self.minimum, self.maximum
            if (low is not None and value < low) or (high is not None and value > high):  # type: ignore[operator]
                raise SettingError(f"设置“{self.label}”应在 {_num(low)} 到 {_num(high)} 之间")
        return value  # type: ignore[return-value]

    def parse(self, raw: str) -> T:
        try:
            value = json.loads(raw)
        except (TypeError, ValueError) as exc:
            raise SettingError(f"设置“{self.label}”保存的内容无法读取") from exc
        return self.check(value)


def _num(value: float | None) -> str:
    if value is None:
        return "不限"
    return str(int(value)) if float(value).is_integer() else str(value)


REGISTRY: dict[str, SettingSpec] = {}


def register(
    key: str,
    default: T,
    label: str,
    *,
    group: str = "",
    minimum: float | None = None,
    maximum: float | None = None,
    choices: Sequence[Any] = (),
    hint: str = "",
) -> SettingSpec[T]:
    spec = SettingSpec(key, default, label, group, minimum, maximum, tuple(choices), hint)
    REGISTRY[key] = spec
    return spec


def get(session: Session, spec: SettingSpec[T]) -> T:
    row = session.get(Setting, spec.key)
    if row is None:
        return spec.default
    try:
        return spec.parse(row.value)
    except SettingError as exc:
        log.warning("%s；已改用默认值 %r", exc, spec.default)
        return spec.default


def put(session: Session, spec: SettingSpec[T], value: T) -> None:
    value = spec.check(value)  # refuses a value of the wrong type before it is stored
    row = session.get(Setting, spec.key)
    raw = json.dumps(value, ensure_ascii=False)
    if row is None:
        session.add(Setting(key=spec.key, value=raw))
    else:
        row.value = raw
    session.flush()


def problems(session: Session) -> list[str]:
    """One Chinese line per stored value that cannot be used: broken ones, and keys no one registers."""
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
    """Every registered setting's value (the default where nothing usable is stored)."""
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
    order = ["界面", "打印", "备份", "花名册", "政治生日", "三会一课", "明白卡", "导入导出"]
    return order.index(title) if title in order else len(order)


# --- the program-wide settings (the features register theirs in their own modules) ----------------

FONT_SIZES = (9.0, 18.0)
UI_FONT_SIZE = register(
    "ui.font_size",
    10.5,
    "界面字号（磅）",
    minimum=FONT_SIZES[0],
    maximum=FONT_SIZES[1],
    hint="年纪大的同志看不清时调大；12 以上适合老花眼。改后立即生效。",
)
PRINT_SYSTEM_FONTS = register(
    "print.use_system_fonts",
    True,
    "打印时使用本机的仿宋、黑体字体（没有时用程序自带字体）",
    hint="公文格式正文用仿宋。关闭后所有文件都用程序自带的字体，不同电脑打印结果完全一致。",
)
BACKUP_FOLDER = register(
    "backup.folder",
    "",
    "备份文件夹（留空则放在数据库旁的 backups 文件夹）",
    hint="可以选本机另一个硬盘分区；不要选 U 盘作为唯一的备份位置。",
)
