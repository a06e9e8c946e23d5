"""The settings catalogue declares every setting: importing the settings package alone is enough.

Checked in fresh interpreters, because the bug this guards against depends on what was imported
first: the window checked the stored settings before the tabs (and the features under them) had
registered theirs, and then took a saved font size as a sign of damage on every start.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import dangjian_desktop
from dangjian_desktop.core import settings
from dangjian_desktop.core.settings import catalogue

ROOT = Path(dangjian_desktop.__file__).resolve().parent.parent

_DUMP = """
import json, sys
{imports}
from dangjian_desktop.core.settings import REGISTRY
print(json.dumps(sorted(
    [s.key, s.default, s.label, s.section, s.minimum, s.maximum, list(s.choices), s.hint, s.kind]
    for s in REGISTRY.values()
), ensure_ascii=False))
print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'PySide6'))))
"""

# Everything that can be imported on its own: every module of the package but the entry points that
# run the program and Alembic's environment (it runs a migration when imported).
_IMPORT_ALL = """
import importlib, pkgutil, os
os.environ.setdefault('QT_QPA_PLATFORM', 'offscreen')
import dangjian_desktop
for info in pkgutil.walk_packages(dangjian_desktop.__path__, 'dangjian_desktop.'):
    if info.name.endswith('__main__') or '.migrations' in info.name:
        continue
    importlib.import_module(info.name)
"""


def _registry_after(imports: str) -> tuple[list, list[str]]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", _DUMP.format(imports=imports)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    registry, modules = result.stdout.strip().splitlines()
    return json.loads(registry), json.loads(modules)


def test_the_registry_is_the_same_whatever_was_imported() -> None:
    alone, loaded = _registry_after("import dangjian_desktop.core.settings")
    everything, _ = _registry_after(_IMPORT_ALL)
    assert alone == everything
    assert len(alone) == len(settings.REGISTRY) > 10
    assert loaded == []  # declaring settings needs neither the database layer nor Qt


def test_every_group_and_key_prefix_agree() -> None:
    """A setting's page is declared with it; the key's prefix names the same page, as before."""
    for spec in settings.REGISTRY.values():
        if spec.key.startswith("test."):
            continue
        assert spec.group, spec.key
        prefix = spec.key.split(".", 1)[0]
        assert settings.GROUP_TITLES.get(prefix, settings.OTHER_GROUP) == spec.group, spec.key


def test_every_meeting_kind_has_its_frequency() -> None:
    from dangjian_desktop.core import meetings

    assert set(meetings.FREQUENCY_SETTINGS) == set(meetings.KINDS)
    assert set(catalogue.MEETING_FREQUENCY.values()) == set(meetings.FREQUENCY_SETTINGS.values())


def test_features_use_the_catalogue_declarations() -> None:
    from dangjian_desktop.core import birthdays, cards, township

    assert birthdays.REMINDER_DAYS is catalogue.BIRTHDAY_REMINDER_DAYS
    assert cards.POSTS is catalogue.CARD_POSTS
    assert township.TOWNSHIP_MODE is catalogue.TOWNSHIP_MODE
    assert catalogue.BIRTHDAY_CARD_MESSAGE.default == birthdays.DEFAULT_MESSAGE


def test_peek_reads_a_stored_value_without_the_database_layer(db, tmp_path: Path) -> None:
    with db.transaction() as session:
        settings.put(session, settings.UI_FONT_SIZE, 14.0)
        settings.put(session, catalogue.BIRTHDAY_REMINDER_DAYS, 45)
    assert settings.peek(db.path, settings.UI_FONT_SIZE) == 14.0
    assert settings.peek(db.path, catalogue.BIRTHDAY_REMINDER_DAYS) == 45
    assert settings.peek(db.path, settings.BACKUP_FOLDER) == ""  # not stored: the default
    assert settings.peek(tmp_path / "none.sqlite3", settings.UI_FONT_SIZE) == 10.5
    (tmp_path / "junk.sqlite3").write_bytes(b"not a database at all" * 100)
    assert settings.peek(tmp_path / "junk.sqlite3", settings.UI_FONT_SIZE) == 10.5


def test_peek_falls_back_on_a_broken_value_on_the_line_and_beyond(db) -> None:
    from dangjian_desktop.core.models import Setting

    low, high = settings.FONT_SIZES
    for raw, expected in (
        (str(low), low),
        (str(low - 0.5), 10.5),
        (str(high), high),
        (str(high + 0.5), 10.5),
        ('"大"', 10.5),
    ):
        with db.transaction() as session:
            session.merge(Setting(key=settings.UI_FONT_SIZE.key, value=raw))
        assert settings.peek(db.path, settings.UI_FONT_SIZE) == expected, raw


def test_the_groups_are_declared_once_in_the_dialogs_order() -> None:
    """spec.GROUPS names every page once, with the key prefixes it holds; a setting declares no page of
    its own, and the dialog shows the pages in the declared order."""
    claimed = [prefix for prefixes in settings.GROUPS.values() for prefix in prefixes]
    assert len(claimed) == len(set(claimed))
    shown = list(settings.sections())
    assert set(shown) <= set(settings.GROUPS)
    assert shown == [title for title in settings.GROUPS if title in shown]
    assert shown[-1] == settings.OTHER_GROUP  # 乡镇汇总模式 is app.*, which no page claims
    for spec in settings.REGISTRY.values():
        assert spec.group == settings.GROUP_TITLES.get(spec.key.split(".", 1)[0], settings.OTHER_GROUP)
