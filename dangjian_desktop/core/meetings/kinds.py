"""The kinds of meeting, how often each is required (a setting: local rules differ, 党课 in particular),
and the periods (month, quarter, year) they are counted in."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy.orm import Session

from dangjian_desktop.core import settings
from dangjian_desktop.core.errors import UserError
from dangjian_desktop.core.settings import catalogue
from dangjian_desktop.core.text import clean


class MeetingError(UserError):
    """The message is Chinese and shown to the user as it is."""


# --- kinds and their frequencies --------------------------------------------------------------------

GENERAL_ASSEMBLY = "支部党员大会"
COMMITTEE = "支部委员会会议"
GROUP = "党小组会"
LECTURE = "党课"
THEME_DAY = "主题党日"
ORG_LIFE = "组织生活会"
REVIEW = "民主评议党员"
KINDS: tuple[str, ...] = (GENERAL_ASSEMBLY, COMMITTEE, GROUP, LECTURE, THEME_DAY, ORG_LIFE, REVIEW)
SHORT_NAMES = {GENERAL_ASSEMBLY: "党员大会", COMMITTEE: "支委会"}
# What people type on the command line; the stored value is always the full name.
ALIASES = {"党员大会": GENERAL_ASSEMBLY, "支委会": COMMITTEE, "小组会": GROUP, "民主评议": REVIEW}

MONTHLY, QUARTERLY, YEARLY, NOT_REQUIRED = (
    catalogue.MONTHLY,
    catalogue.QUARTERLY,
    catalogue.YEARLY,
    catalogue.NOT_REQUIRED,
)
FREQUENCIES = catalogue.FREQUENCIES
_KIND_KEYS = {
    GENERAL_ASSEMBLY: "general_assembly",
    COMMITTEE: "committee",
    GROUP: "party_group",
    LECTURE: "party_lecture",
    THEME_DAY: "theme_day",
    ORG_LIFE: "organisational_life",
    REVIEW: "member_review",
}
# Declared in the settings catalogue; a kind without its setting fails here, at import.
FREQUENCY_SETTINGS: dict[str, settings.SettingSpec[str]] = {
    kind: catalogue.MEETING_FREQUENCY[_KIND_KEYS[kind]] for kind in KINDS
}
START_MONTH = catalogue.MEETING_START_MONTH
_DEFAULT_FREQUENCY = {kind: spec.default for kind, spec in FREQUENCY_SETTINGS.items()}
ABSENCE_REASONS: tuple[str, ...] = ("病假", "事假", "公出", "外出务工")
QUORUM_KINDS = (GENERAL_ASSEMBLY, COMMITTEE)
_TIME = re.compile(r"^([01]?\d|2[0-3])[:：]([0-5]\d)$")


def normalize_kind(text: str) -> str:
    kind = clean(text)
    kind = ALIASES.get(kind, kind)
    if kind not in KINDS:
        raise MeetingError(f"会议类型“{text}”不认识，应为：{'、'.join(KINDS)}")
    return kind


def frequency(session: Session, kind: str) -> str:
    value = settings.get(session, FREQUENCY_SETTINGS[kind])
    return value if value in FREQUENCIES else _DEFAULT_FREQUENCY[kind]


def set_frequency(session: Session, kind: str, value: str) -> None:
    if value not in FREQUENCIES:
        raise MeetingError(f"召开频次应为：{'、'.join(FREQUENCIES)}")
    settings.put(session, FREQUENCY_SETTINGS[normalize_kind(kind)], value)


def frequencies(session: Session) -> dict[str, str]:
    return {kind: frequency(session, kind) for kind in KINDS}


# --- periods ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Period:
    key: str  # 2026-03, 2026-Q1, 2026: what the CLI prints and the township reads
    label: str  # 3月, 一季度, 全年
    start: dt.date
    end: dt.date  # inclusive


_QUARTER_CN = ("一", "二", "三", "四")


def periods(year: int, freq: str) -> list[Period]:
    if freq == MONTHLY:
        return [
            Period(f"{year}-{m:02d}", f"{m}月", dt.date(year, m, 1), _month_end(year, m))
            for m in range(1, 13)
        ]
    if freq == QUARTERLY:
        return [
            Period(
                f"{year}-Q{q}",
                f"{_QUARTER_CN[q - 1]}季度",
                dt.date(year, 3 * q - 2, 1),
                _month_end(year, 3 * q),
            )
            for q in range(1, 5)
        ]
    if freq == YEARLY:
        return [Period(str(year), "全年", dt.date(year, 1, 1), dt.date(year, 12, 31))]
    return []


def _month_end(year: int, month: int) -> dt.date:
    return (dt.date(year + month // 12, month % 12 + 1, 1)) - dt.timedelta(days=1)


def period_key(day: dt.date, freq: str) -> str | None:
    if freq == MONTHLY:
        return f"{day.year}-{day.month:02d}"
    if freq == QUARTERLY:
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    if freq == YEARLY:
        return str(day.year)
    return None
