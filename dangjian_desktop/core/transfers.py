"""组织关系转接 (transfers of membership in and out), 流动党员 (members working away) and 失联党员.

- A transfer out is a 介绍信 with a validity; the member stays 在册 (转出中) until the 回执 comes back
  (or the transfer is completed online, 已通过网上办理), and only then leaves the roster as 转出.
  The state a person sees is derived from the dates, never stored beside them.
- A member away has a trip (外出 ... 返回) and a contact log; the log also records searches for a member
  out of touch. Last contact is the latest of a meeting attended, a contact reached, and (where the
  branch keeps dues) a payment.
- The program never changes a status by itself: 疑似失联 is a list for the branch to confirm; 停止党籍
  is the branch's decision, which the program follows with a reminder two years later (党员教育管理工作
  条例, 2019: removed if still out of contact).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dangjian_desktop.core import settings
from dangjian_desktop.core.dates import add_months
from dangjian_desktop.core.db import Database, in_batches
from dangjian_desktop.core.errors import UserError
from dangjian_desktop.core.models import (
    Member,
    MemberStatus,
    Transfer,
)
from dangjian_desktop.core.oplog import log
from dangjian_desktop.core.roster import MemberDraft, add_member, leave_roster
from dangjian_desktop.core.settings import catalogue

# Declared in the settings catalogue, where every setting is.
VALIDITY_DAYS = catalogue.TRANSFER_VALIDITY_DAYS
BRANCH_ADDRESS = catalogue.TRANSFER_BRANCH_ADDRESS
SPRING_FESTIVAL_MONTH = catalogue.TRANSFER_SPRING_FESTIVAL_MONTH

OUT, IN = "转出", "转入"
ISSUED, AWAITING, OVERDUE, DONE, CANCELLED = "已开具", "待回执", "逾期", "已转出", "撤销"
RECEIVED = "已转入"
TRIP_REASONS = ("务工", "经商", "上学", "其他")
LOST_CAUSES = ("外出务工经商", "下落不明", "其他")
LOST_MONTHS = 6  # 失去联系六个月以上: 疑似失联
REMOVAL_YEARS = 2  # 停止党籍二年后仍无法取得联系的, 予以除名


class TransferError(UserError):
    pass


# --- dates ------------------------------------------------------------------------------------------


def months_between(start: dt.date, end: dt.date) -> int:
    """Whole months from start to end: 6 exactly on add_months(start, 6)."""
    count = (end.year - start.year) * 12 + end.month - start.month
    while count > 0 and add_months(start, count) > end:
        count -= 1
    return max(count, 0)


_CAPITAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_CAPITAL_MONTHS = ("壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖", "拾", "拾壹", "拾贰")


def capital_year_month(year_month: str) -> str:
    """'2026-03' -> '贰零贰陆年叁月', as 介绍信 write the month dues are paid to (no later alteration)."""
    try:
        year, month = (int(part) for part in year_month.split("-"))
        if not 1 <= month <= 12 or not 1900 <= year <= 2999:
            raise ValueError
    except ValueError:
        raise TransferError(f"党费交到的年月应写成 YYYY-MM，如 2026-03：{year_month}") from None
    return "".join(_CAPITAL_DIGITS[int(d)] for d in str(year)) + f"年{_CAPITAL_MONTHS[month - 1]}月"


# --- transfers --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TransferRow:
    id: int
    member_id: int
    name: str
    direction: str
    number: str
    other_org: str
    reason: str
    issued: dt.date
    valid_until: dt.date
    dues_paid_through: str
    done: dt.date | None
    online: bool
    state: str

    @property
    def is_open(self) -> bool:
        return self.state in (ISSUED, AWAITING, OVERDUE)

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "member_id": self.member_id,
            "name": self.name,
            "direction": self.direction,
            "to": self.other_org,
            "issued": self.issued.isoformat(),
            "valid_until": self.valid_until.isoformat(),
            "state": self.state,
            "done": self.done.isoformat() if self.done else None,
            "online": self.online,
        }


def state_of(transfer: Transfer, today: dt.date) -> str:
    if transfer.direction == IN:
        return RECEIVED
    if transfer.cancelled_date is not None:
        return CANCELLED
    if transfer.done_date is not None:
        return DONE
    if today > valid_until(transfer):
        return OVERDUE
    return AWAITING if today > transfer.issued else ISSUED


def valid_until(transfer: Transfer) -> dt.date:
    """The last day the letter is valid: issued on day 1 of its validity."""
    return transfer.issued + dt.timedelta(days=transfer.validity_days - 1)


def _row(transfer: Transfer, name: str, today: dt.date) -> TransferRow:
    return TransferRow(
        transfer.id,
        transfer.member_id,
        name,
        transfer.direction,
        transfer.number,
        transfer.other_org,
        transfer.reason,
        transfer.issued,
        valid_until(transfer),
        transfer.dues_paid_through,
        transfer.done_date,
        transfer.online,
        state_of(transfer, today),
    )


def list_transfers(
    session: Session, *, today: dt.date | None = None, branch_id: int | None = None
) -> list[TransferRow]:
    today = today or dt.date.today()
    query = select(Transfer, Member.name).join(Member, Member.id == Transfer.member_id)
    if branch_id is not None:
        query = query.where(Member.branch_id == branch_id)
    return [
        _row(t, name, today)
        for t, name in session.execute(query.order_by(Transfer.issued.desc(), Transfer.id.desc()))
    ]


def letter(session: Session, transfer_id: int) -> Transfer:
    """A 介绍信 out of this branch, or the one message that names the number not found."""
    transfer = session.get(Transfer, transfer_id)
    if transfer is None or transfer.direction != OUT:
        raise TransferError(f"找不到编号为 {transfer_id} 的转出介绍信")
    return transfer


def get_transfer(session: Session, transfer_id: int, *, today: dt.date | None = None) -> TransferRow:
    found = session.execute(
        select(Transfer, Member.name)
        .join(Member, Member.id == Transfer.member_id)
        .where(Transfer.id == transfer_id)
    ).first()
    if found is None:
        raise TransferError(f"找不到编号为 {transfer_id} 的组织关系转接记录")
    return _row(found[0], found[1], today or dt.date.today())


def members_in_transfer(session: Session) -> set[int]:
    """Members with an open letter: 在册 (转出中) on the roster."""
    query = select(Transfer.member_id).where(
        Transfer.direction == OUT, Transfer.done_date.is_(None), Transfer.cancelled_date.is_(None)
    )
    return set(session.scalars(query))


def _active_member(session: Session, member_id: int) -> Member:
    member = session.get(Member, member_id)
    if member is None:
        raise TransferError(f"找不到编号为 {member_id} 的党员")
    if member.status != MemberStatus.ACTIVE.value:
        raise TransferError(f"{member.name} 已{member.status}，不能办理组织关系转出")
    return member


def _check_day(day: dt.date, today: dt.date, label: str) -> None:
    if day > today:
        raise TransferError(f"{label}不能晚于今天")


def _next_number(session: Session, year: int) -> str:
    count = session.scalar(
        select(func.count())
        .select_from(Transfer)
        .where(
            Transfer.direction == OUT,
            Transfer.issued >= dt.date(year, 1, 1),
            Transfer.issued <= dt.date(year, 12, 31),
        )
    )
    return f"{year}-{(count or 0) + 1:03d}"


def transfer_out(
    db: Database,
    member_id: int,
    to_org: str,
    day: dt.date,
    *,
    validity_days: int | None = None,
    reason: str = "",
    dues_paid_through: str = "",
    today: dt.date | None = None,
) -> int:
    """开具介绍信: the member stays 在册 (转出中) until the 回执 returns."""
    today = today or dt.date.today()
    to_org = to_org.strip()
    if not to_org:
        raise TransferError("请填写转往的党组织（介绍信抬头）")
    if len(to_org) > 200:
        raise TransferError("转往的党组织名称太长（最多200字）")
    _check_day(day, today, "开具日期")
    if dues_paid_through:
        capital_year_month(dues_paid_through)  # refuses a malformed month
    with db.transaction() as session:
        member = _active_member(session, member_id)
        if member_id in members_in_transfer(session):
            raise TransferError(f"{member.name} 已有一封未办结的介绍信，请先办结或撤销")
        days = settings.get(session, VALIDITY_DAYS) if validity_days is None else validity_days
        if not 1 <= days <= VALIDITY_DAYS.maximum:  # type: ignore[operator]
            raise TransferError(f"介绍信有效期应为 1 到 {int(VALIDITY_DAYS.maximum or 90)} 天：{days}")
        transfer = Transfer(
            member_id=member_id,
            direction=OUT,
            number=_next_number(session, day.year),
            other_org=to_org,
            reason=reason.strip(),
            issued=day,
            validity_days=days,
            dues_paid_through=dues_paid_through,
        )
        session.add(transfer)
        session.flush()
        log(session, "开具组织关系介绍信", f"{member.name} 转往 {to_org}")
        return transfer.id


def complete_transfer(
    db: Database, transfer_id: int, day: dt.date, *, online: bool = False, today: dt.date | None = None
) -> None:
    """回执 returned (or done online): the member leaves the roster as 转出 on that day."""
    today = today or dt.date.today()
    _check_day(day, today, "办结日期")
    with db.transaction() as session:
        transfer = letter(session, transfer_id)
        state = state_of(transfer, today)
        if state in (DONE, CANCELLED):
            # 已转出 already says 已: "这封介绍信已已转出" was the message before
            raise TransferError(f"这封介绍信已{'办结' if state == DONE else state}")
        if day < transfer.issued:
            raise TransferError("办结日期不能早于开具日期")
        transfer.done_date, transfer.online = day, online
        how = "网上办理" if online else "回执已收回"
        leave_roster(
            session,
            transfer.member_id,
            MemberStatus.TRANSFERRED.value,
            day,
            f"转往{transfer.other_org}（{how}）",
            today=today,
        )


def cancel_transfer(db: Database, transfer_id: int, day: dt.date) -> None:
    with db.transaction() as session:
        transfer = letter(session, transfer_id)
        if transfer.done_date is not None or transfer.cancelled_date is not None:
            raise TransferError("这封介绍信已办结或已撤销")
        transfer.cancelled_date = day
        log(session, "撤销组织关系介绍信", f"编号 {transfer.number}")


def receive_member(
    db: Database, branch_id: int, draft: MemberDraft, from_org: str, day: dt.date, *, number: str = ""
) -> int:
    """转入: the member goes on the roster from the letter's fields; the 回执 is printed to send back."""
    if not from_org.strip():
        raise TransferError("请填写转出的党组织（介绍信的开具单位）")
    with db.transaction() as session:
        member_id = add_member(session, branch_id, draft)
        session.add(
            Transfer(
                member_id=member_id,
                direction=IN,
                number=number.strip(),
                other_org=from_org.strip(),
                issued=day,
                done_date=day,
            )
        )
        log(session, "组织关系转入", f"{draft.name} 自 {from_org.strip()}")
        return member_id


# --- the township's view of people moving between its villages ----------------------------------------

SETTLED, TO_CHECK = "已转接", "待核实"


@dataclass(frozen=True, slots=True)
class MoveRow:
    """One person (by ID number) on the rosters of two of the township's branches."""

    id_number: str
    name: str
    from_branch: str
    to_branch: str
    state: str  # 已转接: a transfer out of one and the person active in the other; else 待核实


def township_moves(session: Session) -> list[MoveRow]:
    """Same ID number in two branches: a recorded transfer out (letter done, or still open) from one
    branch and the member on the other's roster is one person moving; anything else is to be checked."""
    from dangjian_desktop.core.models import Branch

    here, there = Member.__table__.alias("here"), Member.__table__.alias("there")
    # The few ID numbers found in two branches first, from the (id_number, branch_id) index read in
    # order; then those numbers' members alone, a few hundred numbers a statement. (With the numbers as
    # a subquery PostgreSQL hashed every member of a county before finding there were none.)
    shared = (
        select(Member.id_number)
        .where(Member.id_number.is_not(None))
        .group_by(Member.id_number)
        .having(func.min(Member.branch_id) != func.max(Member.branch_id))
    )
    numbers = list(session.scalars(shared))
    pairs = []
    for chunk in in_batches(numbers):
        pairs += session.execute(
            select(
                here.c.id,
                here.c.id_number,
                here.c.name,
                here.c.branch_id,
                there.c.branch_id,
                here.c.status,
                there.c.id,
            )
            .join(there, (there.c.id_number == here.c.id_number) & (there.c.branch_id != here.c.branch_id))
            .where(
                here.c.id_number.in_(chunk),
                there.c.status == MemberStatus.ACTIVE.value,
            )
        ).all()
    if not pairs:
        return []
    names = dict(session.execute(select(Branch.id, Branch.name)).all())
    out_ids = set(
        session.scalars(
            select(Transfer.member_id).where(Transfer.direction == OUT, Transfer.cancelled_date.is_(None))
        )
    )
    rows = []
    for member_id, id_number, name, from_branch, to_branch, status, other_id in pairs:
        if status == MemberStatus.ACTIVE.value and member_id not in out_ids:
            # active in both with no letter: each side is seen from the other; report the pair once.
            # With a letter out of the other side (still open, so active there too) the pair is that
            # side's move: without this check the receiving side also reported it 待核实 whenever its
            # branch had the lower id (was merged first).
            if other_id not in out_ids and from_branch < to_branch:
                rows.append(MoveRow(id_number, name, names[from_branch], names[to_branch], TO_CHECK))
            continue
        moved = member_id in out_ids and status in (MemberStatus.ACTIVE.value, MemberStatus.TRANSFERRED.value)
        rows.append(
            MoveRow(id_number, name, names[from_branch], names[to_branch], SETTLED if moved else TO_CHECK)
        )
    rows.sort(key=lambda r: (r.state != TO_CHECK, r.name))
    return rows
