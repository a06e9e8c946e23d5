"""Tables of 发展党员 (issue 16): the person on the path, each recorded step, the members a step names.

Imported at the end of core/models.py so that Alembic and the township package see them. Every table
hangs off `branch` through a non-null foreign key, which is how the package merge knows whose rows
these are.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dangjian_desktop.core.models import Base


class DevelopPerson(Base):
    """Someone on the path from 入党申请 to 转正; once admitted, `member_id` is their roster line."""

    __tablename__ = "develop_person"
    __table_args__ = (UniqueConstraint("branch_id", "id_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id"), index=True)
    name: Mapped[str] = mapped_column(String(50))
    id_number: Mapped[str] = mapped_column(String(18))
    gender: Mapped[str] = mapped_column(String(2), default="")
    birth_date: Mapped[dt.date | None] = mapped_column(Date)
    ethnicity: Mapped[str] = mapped_column(String(20), default="汉族")
    education: Mapped[str] = mapped_column(String(20), default="")
    party_group: Mapped[str] = mapped_column(String(50), default="")
    job: Mapped[str] = mapped_column(String(100), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    member_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.current_timestamp())

    steps: Mapped[list[DevelopStep]] = relationship(
        cascade="all, delete-orphan", order_by="(DevelopStep.date, DevelopStep.id)"
    )


class DevelopStep(Base):
    """One recorded step with its date; the columns a step does not use stay empty."""

    __tablename__ = "develop_step"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("develop_person.id"), index=True)
    step: Mapped[str] = mapped_column(String(20))
    date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)  # 公示 to, 集中培训 to
    note: Mapped[str] = mapped_column(Text, default="")  # conclusion, reason, what came of it
    number: Mapped[str] = mapped_column(String(100), default="")  # 文号, 入党志愿书编号
    method: Mapped[str] = mapped_column(String(20), default="")  # 党员推荐 / 群团组织推优
    hours: Mapped[int | None] = mapped_column(Integer)  # 集中培训 学时
    months: Mapped[int | None] = mapped_column(Integer)  # 延长预备期
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id"))
    entitled: Mapped[int | None] = mapped_column(Integer)  # 应到会有表决权, from the roster that day
    present: Mapped[int | None] = mapped_column(Integer)
    votes_for: Mapped[int | None] = mapped_column(Integer)
    votes_against: Mapped[int | None] = mapped_column(Integer)
    votes_abstain: Mapped[int | None] = mapped_column(Integer)
    passed: Mapped[bool | None] = mapped_column(Boolean)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.current_timestamp())

    people: Mapped[list[DevelopStepPerson]] = relationship(
        cascade="all, delete-orphan", order_by="DevelopStepPerson.position"
    )


class DevelopStepPerson(Base):
    """A member a step names: 谈话人, 培养联系人, 入党介绍人."""

    __tablename__ = "develop_step_person"

    step_id: Mapped[int] = mapped_column(ForeignKey("develop_step.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"), index=True)
