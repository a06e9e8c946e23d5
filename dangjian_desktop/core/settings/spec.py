"""What a setting is: key, default (its type), Chinese label, group, bounds or choices; and the registry.

No SQLAlchemy here: the catalogue (catalogue.py) and whatever reads it before the database layer is
loaded (the window's first paint reads the font size) stay cheap to import.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from dangjian_desktop.core.errors import UserError

T = TypeVar("T")

OTHER_GROUP = "其他"
# The groups of settings (the pages of the 设置 dialog), declared once: each title with the key prefixes
# whose settings it holds, in the dialog's order. A setting's group follows from its key (the part
# before the first dot); a key no group claims goes to 其他.
GROUPS: dict[str, tuple[str, ...]] = {
    "界面": ("ui",),
    "打印": ("print",),
    "备份": ("backup",),
    "花名册": ("roster",),
    "政治生日": ("birthdays",),
    "三会一课": ("meetings",),
    "明白卡": ("cards",),
    "导入导出": ("import", "exchange"),
    "发展党员": ("develop",),
    "党费": ("dues",),
    "组织关系": ("transfers",),
    "年报统计": ("statistics",),
    OTHER_GROUP: (),
}
GROUP_TITLES: dict[str, str] = {prefix: title for title, prefixes in GROUPS.items() for prefix in prefixes}


def group_of(key: str) -> str:
    """The group a key's prefix names."""
    return GROUP_TITLES.get(key.split(".", 1)[0], OTHER_GROUP)


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
        return self.group or group_of(self.key)

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
    """Declares one setting. The program's own settings are all declared in catalogue.py, each in the
    group its key names (GROUPS); `group` is for a setting outside that scheme."""
    spec = SettingSpec(key, default, label, group or group_of(key), minimum, maximum, tuple(choices), hint)
    REGISTRY[key] = spec
    return spec
