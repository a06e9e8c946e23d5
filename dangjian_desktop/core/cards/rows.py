"""The plain rows the tab, the CLI and the printouts read: no ORM objects leave core/cards."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dangjian_desktop.core.cards.texts import (
    COMMITMENT,
    DRAFTING,
    POSTED,
    REVIEWED,
    STEPS,
    card_warnings,
)
from dangjian_desktop.core.dates import format_cn

# --- plain rows out ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    name: str
    date: dt.date | None
    note: str


@dataclass(frozen=True)
class Clause:
    id: int
    category: str
    position: int
    text: str
    done: bool
    done_date: dt.date | None
    note: str


@dataclass(frozen=True)
class Card:
    id: int
    member_id: int
    member_name: str
    party_group: str
    member_category: str  # 正式党员 / 预备党员
    year: int
    post: str
    steps: tuple[Step, ...]
    discussed_meeting_id: int | None
    posted_date: dt.date | None
    year_end_result: str
    year_end_note: str
    clauses: tuple[Clause, ...]

    @property
    def state(self) -> str:
        if self.year_end_result:
            return REVIEWED
        if self.posted_date:
            return POSTED
        done = [s.name for s in self.steps if s.date]
        return f"已{done[-1]}" if done else DRAFTING

    def step(self, name: str) -> Step:
        return self.steps[STEPS.index(name)]

    def clauses_in(self, category: str) -> list[Clause]:
        return [c for c in self.clauses if c.category == category]

    @property
    def commitment_count(self) -> int:
        return len(self.clauses_in(COMMITMENT))

    @property
    def done_count(self) -> int:
        return sum(c.done for c in self.clauses)

    @property
    def warnings(self) -> list[str]:
        return card_warnings(self.post, self.commitment_count)

    def as_json(self) -> dict[str, object]:
        """The `cards list --json` shape of DESIGN.md."""
        return {
            "member_id": self.member_id,
            "name": self.member_name,
            "year": self.year,
            "post": self.post,
            "items": [{"category": c.category, "text": c.text, "done": c.done} for c in self.clauses],
            "steps": {s.name: s.date.isoformat() if s.date else None for s in self.steps},
        }


@dataclass(frozen=True)
class CardStatusRow:
    """One line of the 明白卡 tab: a member on the roster and where their card of the year stands."""

    member_id: int
    name: str
    party_group: str
    member_status: str
    card_id: int | None
    state: str
    post: str
    clause_count: int
    commitment_count: int
    done_count: int
    year_end_result: str


@dataclass(frozen=True)
class CopyResult:
    copied: int
    already_had: int  # members who already had a card in the target year: left as they were
    left_roster: int  # members no longer on the roster: not copied


@dataclass(frozen=True)
class MeetingChoice:
    id: int
    date: dt.date
    kind: str
    title: str

    def label(self) -> str:
        return f"{format_cn(self.date)} {self.kind}{('：' + self.title) if self.title else ''}"
