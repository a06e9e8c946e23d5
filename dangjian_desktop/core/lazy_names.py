"""A package's public names, each imported from its module when first used (PEP 562).

core/roster and core/dues re-export their modules' names so callers write `from core.roster import
list_members`. Importing them all eagerly would load the ORM and every model for anyone who needs one
light module of the package (the roster's plain rows, the 党费 vocabulary for the command line's
choices), so the package resolves a name only when it is asked for.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def lazy_names(namespace: dict[str, Any], modules: Mapping[str, tuple[str, ...]]) -> Callable[[str], object]:
    """The package's __getattr__, given its globals() and module -> the names it provides (a module
    without a dot is one of the package's own)."""
    package = namespace["__name__"]
    where = {
        name: module if "." in module else f"{package}.{module}"
        for module, names in modules.items()
        for name in names
    }

    def __getattr__(name: str) -> object:  # noqa: N807 (the module hook's name)
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        namespace[name] = value  # found once: later lookups are plain attribute reads
        return value

    return __getattr__
