"""SQLAlchemy 2.0 typed models. Schema changes go through Alembic revisions in migrations/versions."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# The member vocabulary is declared with the fields (no SQLAlchemy there, so the roster's rows can be
# read before the ORM is loaded); imported here for everything that finds it beside the models.
from dangjian_desktop.core.member_fields import LEFT_STATUSES, Category, MemberStatus  # noqa: F401
from dangjian_desktop.core.versions import version_column


class Base(DeclarativeBase):
    pass


class Branch(Base):
    """A village party branch. A village database holds one; a township database holds many."""

    __tablename__ = "branch"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    township: Mapped[str] = mapped_column(String(100), default="")
    secretary: Mapped[str] = mapped_column(String(50), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")  # 监督电话, posted on wall cards
    # A stable identity across renames and machines: the township merges packages by it.
    uid: Mapped[str] = mapped_column(String(32), unique=True, default=lambda: uuid.uuid4().hex)
    # Township side: the newest package merged for this branch (a village database leaves these empty).
    package_exported_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    package_digest: Mapped[str] = mapped_column(String(64), default="")
    package_merged_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # The branch's Ed25519 public key (hex) and package number: in a village database its own key and
    # the last number it gave a package; in a township database the enrolled key and the last number
    # merged. Packages are ordered by this counter, never by a clock.
    signing_key: Mapped[str] = mapped_column(String(64), default="")
    package_number: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.current_timestamp())

    members: Mapped[list[Member]] = relationship(back_populates="branch")


class Member(Base):
    __tablename__ = "member"
    __table_args__ = (
        # By branch (one branch's roster); the columns after it let the township view and the year-end
        # statistics count a county's members per branch and 党小组 from the index alone, in its order:
        # no table read, no sort.
        Index(
            "ix_member_branch_group",
            "branch_id",
            "party_group",
            "status",
            "left_date",
            "join_date",
            "birth_date",
            "category",
            "is_mobile",
            "full_date",
            "gender",
            "ethnicity",
        ),
        # The year-end statistics: grouped by the four words in this order, read from the index alone
        # (core/statistics/queries.py by_words, by_codes)
        Index(
            "ix_member_statistics",
            "gender",
            "ethnicity",
            "education",
            "job",
            "status",
            "left_date",
            "join_date",
            "full_date",
            "category",
            "birth_date",
            "is_mobile",
            "is_lost_contact",
        ),
        # political birthdays: a range of join_md; with the columns after it a count of the window in
        # every branch (the township view) reads the index alone
        Index("ix_member_join_md", "join_md", "status", "join_date", "branch_id"),
        # Per branch: in a township database the same person can stand in two villages (a transfer).
        UniqueConstraint("branch_id", "id_number"),
        # by ID number (imports, transfers); with branch_id the township finds the ID numbers shared by
        # two branches from the index alone
        Index("ix_member_id_number_branch", "id_number", "branch_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id"))
    name: Mapped[str] = mapped_column(String(50))
    gender: Mapped[str] = mapped_column(String(2), default="")
    ethnicity: Mapped[str] = mapped_column(String(20), default="汉族")
    birth_date: Mapped[dt.date | None] = mapped_column(Date)
    id_number: Mapped[str | None] = mapped_column(String(18))
    education: Mapped[str] = mapped_column(String(20), default="")
    join_date: Mapped[dt.date | None] = mapped_column(Date)  # 入党日期
    full_date: Mapped[dt.date | None] = mapped_column(Date)  # 转正日期
    # "MM-DD" of join_date, so that political birthdays are an indexed range query, not a scan
    join_md: Mapped[str | None] = mapped_column(String(5))
    category: Mapped[str] = mapped_column(String(10), default=Category.FULL.value)
    party_group: Mapped[str] = mapped_column(String(50), default="")
    is_committee: Mapped[bool] = mapped_column(Boolean, default=False)  # 支委
    job: Mapped[str] = mapped_column(String(100), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(10), default=MemberStatus.ACTIVE.value)
    left_date: Mapped[dt.date | None] = mapped_column(Date)
    left_reason: Mapped[str] = mapped_column(String(200), default="")
    is_mobile: Mapped[bool] = mapped_column(Boolean, default=False)  # 流动党员
    mobile_destination: Mapped[str] = mapped_column(String(100), default="")  # 外出流向
    is_lost_contact: Mapped[bool] = mapped_column(Boolean, default=False)  # 失联
    is_hardship: Mapped[bool] = mapped_column(Boolean, default=False)  # 困难党员
    note: Mapped[str] = mapped_column(Text, default="")
    search_key: Mapped[str] = mapped_column(Text, default="")  # pinyin, initials, digits; see core/search.py
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.current_timestamp())
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime, server_default=func.current_timestamp(), onupdate=func.current_timestamp()
    )

    version: Mapped[int] = version_column()  # core/versions.py: two clerks editing one member

    branch: Mapped[Branch] = relationship(back_populates="members")
    photo: Mapped[MemberPhoto | None] = relationship(cascade="all, delete-orphan", uselist=False)
    __mapper_args__ = {"version_id_col": version}


class MemberPhoto(Base):
    """Kept apart from member so that listing 50,000 members never reads image bytes."""

    __tablename__ = "member_photo"

    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"), primary_key=True)
    jpeg: Mapped[bytes] = mapped_column(LargeBinary)


class BirthdayActivity(Base):
    """One of the 6+X political-birthday items done for a member in a year (一人一档)."""

    __tablename__ = "birthday_activity"
    __table_args__ = (UniqueConstraint("member_id", "year", "item"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    item: Mapped[str] = mapped_column(String(50))
    done_date: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")


class Meeting(Base):
    """One 记录本 page: 三会一课, 主题党日, 组织生活会, 民主评议党员."""

    __tablename__ = "meeting"
    __table_args__ = (Index("ix_meeting_branch_date", "branch_id", "date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id"))
    kind: Mapped[str] = mapped_column(String(20))
    party_group: Mapped[str] = mapped_column(String(50), default="")  # for 党小组会
    title: Mapped[str] = mapped_column(String(200), default="")
    date: Mapped[dt.date] = mapped_column(Date)
    start_time: Mapped[str] = mapped_column(String(5), default="")  # HH:MM
    end_time: Mapped[str] = mapped_column(String(5), default="")
    place: Mapped[str] = mapped_column(String(200), default="")
    host_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"))
    recorder_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"))
    expected_count: Mapped[int] = mapped_column(Integer, default=0)  # 应到, from the roster on that date
    observers: Mapped[str] = mapped_column(Text, default="")  # 列席, free names
    topics: Mapped[str] = mapped_column(Text, default="")  # 议题, one per line
    content: Mapped[str] = mapped_column(Text, default="")  # 内容/发言要点
    votes: Mapped[str] = mapped_column(Text, default="")  # 表决情况
    has_vote: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.current_timestamp())
    version: Mapped[int] = version_column()

    attendance: Mapped[list[MeetingAttendance]] = relationship(cascade="all, delete-orphan")
    resolutions: Mapped[list[MeetingResolution]] = relationship(
        cascade="all, delete-orphan", order_by="MeetingResolution.position"
    )
    photos: Mapped[list[MeetingPhoto]] = relationship(cascade="all, delete-orphan")
    __mapper_args__ = {"version_id_col": version}


class MeetingAttendance(Base):
    __tablename__ = "meeting_attendance"

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"), primary_key=True, index=True)
    present: Mapped[bool] = mapped_column(Boolean, default=True)
    absence_reason: Mapped[str] = mapped_column(String(50), default="")  # 病假/事假/公出/外出务工/...


class MeetingResolution(Base):
    """决议, each with 责任人 and 时限."""

    __tablename__ = "meeting_resolution"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(50), default="")
    deadline: Mapped[dt.date | None] = mapped_column(Date)


class MeetingPhoto(Base):
    __tablename__ = "meeting_photo"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    jpeg: Mapped[bytes] = mapped_column(LargeBinary)
    caption: Mapped[str] = mapped_column(String(200), default="")


class ResponsibilityCard(Base):
    """党员目标责任明白卡 of one member for one year, with its four recorded steps."""

    __tablename__ = "responsibility_card"
    __table_args__ = (UniqueConstraint("member_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"), index=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    post: Mapped[str] = mapped_column(String(50), default="")  # 设岗定责: 政策宣传岗 ...
    proposed_date: Mapped[dt.date | None] = mapped_column(Date)  # 个人报
    proposed_note: Mapped[str] = mapped_column(Text, default="")
    discussed_date: Mapped[dt.date | None] = mapped_column(Date)  # 党员议
    discussed_note: Mapped[str] = mapped_column(Text, default="")
    discussed_meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id"))
    reviewed_date: Mapped[dt.date | None] = mapped_column(Date)  # 群众评
    reviewed_note: Mapped[str] = mapped_column(Text, default="")
    decided_date: Mapped[dt.date | None] = mapped_column(Date)  # 支部定
    decided_note: Mapped[str] = mapped_column(Text, default="")
    posted_date: Mapped[dt.date | None] = mapped_column(Date)  # 上墙
    year_end_result: Mapped[str] = mapped_column(String(20), default="")  # 年终评诺
    year_end_note: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = version_column()

    clauses: Mapped[list[CardClause]] = relationship(
        cascade="all, delete-orphan", order_by="CardClause.position"
    )
    __mapper_args__ = {"version_id_col": version}


class CardClause(Base):
    __tablename__ = "card_clause"
    # by card; with done the township view counts a county's clauses and those done from the index
    # alone (core/cards/completion.py overall_per_branch)
    __table_args__ = (Index("ix_card_clause_card_id", "card_id", "done"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("responsibility_card.id"))
    category: Mapped[str] = mapped_column(String(30))
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text)
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    done_date: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")


class Setting(Base):
    """A typed settings registry lives in core/settings.py; values are stored as JSON text."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class OperationLog(Base):
    """Who changed what, when: shown to the township in the package."""

    __tablename__ = "operation_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.current_timestamp())
    actor: Mapped[str] = mapped_column(String(50), default="")
    action: Mapped[str] = mapped_column(String(50))
    detail: Mapped[str] = mapped_column(Text, default="")


# --- 党费 (core/dues): amounts in whole 分 (integers), so that every sum is exact ----------------------


class DuesAssessment(Base):
    """A member's 党费 for one year: kind, the private income base where the rate depends on it, the
    rate and the monthly amount fixed at the start of the year, and an approved 少交/免交."""

    __tablename__ = "dues_assessment"
    __table_args__ = (UniqueConstraint("member_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"), index=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    kind: Mapped[str] = mapped_column(String(10))  # 在职/离退休/农民/学生/下岗失业/低保
    # Private: never printed; travels in the package only when the 党费 setting says so.
    income_fen: Mapped[int | None] = mapped_column(Integer, info={"private": "dues.package_income"})
    rate_permyriad: Mapped[int | None] = mapped_column(Integer)  # 50 = 0.5%; None for a fixed amount
    standard_fen: Mapped[int] = mapped_column(Integer)  # by the rules (and the rounding setting)
    reduced_fen: Mapped[int | None] = mapped_column(Integer)  # 少交 (0 = 免交), once approved
    reduction_reason: Mapped[str] = mapped_column(Text, default="")
    decided_date: Mapped[dt.date | None] = mapped_column(Date)  # 支部 decision
    approved_date: Mapped[dt.date | None] = mapped_column(Date)  # 上一级党委 approval
    first_month: Mapped[str | None] = mapped_column(String(7))  # "2026-05" for one who came mid-year
    note: Mapped[str] = mapped_column(Text, default="")


class DuesPayment(Base):
    """One collection: the months it covers (inclusive), the amount, the day and how it was paid."""

    __tablename__ = "dues_payment"
    __table_args__ = (Index("ix_dues_payment_member_months", "member_id", "first_month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"))
    first_month: Mapped[str] = mapped_column(String(7))  # "2026-01"
    last_month: Mapped[str] = mapped_column(String(7))
    amount_fen: Mapped[int] = mapped_column(Integer)
    paid_date: Mapped[dt.date] = mapped_column(Date)
    how: Mapped[str] = mapped_column(String(10))  # 本人/委托他人/补交/流入地
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.current_timestamp())


class DuesRemittance(Base):
    """What the branch handed up to the township (上缴): the period, the amount, the receipt."""

    __tablename__ = "dues_remittance"

    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id"), index=True)
    first_month: Mapped[str] = mapped_column(String(7))
    last_month: Mapped[str] = mapped_column(String(7))
    amount_fen: Mapped[int] = mapped_column(Integer)
    remitted_date: Mapped[dt.date] = mapped_column(Date)
    receipt_no: Mapped[str] = mapped_column(String(50), default="")
    note: Mapped[str] = mapped_column(Text, default="")


class LocalKey(Base):
    """Keys that never leave this database (not in any package): the village's signing key, the
    township's decryption key, the township public key a village imported. Backups carry them."""

    __tablename__ = "local_key"

    kind: Mapped[str] = mapped_column(String(30), primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    label: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.current_timestamp())


class MergeRecord(Base):
    """Township side: each package merged (with its data, so that a branch can be rolled back to it)
    and each enrollment, re-enrollment, rollback and removal. Keyed by the branch's uid, not a foreign
    key, so that the history outlives a removed branch row until the clerk removes it too."""

    __tablename__ = "merge_record"
    __table_args__ = (Index("ix_merge_record_branch", "branch_uid", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    branch_uid: Mapped[str] = mapped_column(String(32))
    branch_name: Mapped[str] = mapped_column(String(100), default="")
    action: Mapped[str] = mapped_column(String(20))  # 合并 / 登记 / 重新登记 / 回退
    number: Mapped[int] = mapped_column(Integer, default=0)
    exported_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.current_timestamp())
    fingerprint: Mapped[str] = mapped_column(String(40), default="")
    members: Mapped[int] = mapped_column(Integer, default=0)
    # the package's data files as one deflated ZIP (documents left out): what a rollback re-applies
    data: Mapped[bytes | None] = mapped_column(LargeBinary)


# Feature tables declared in their own modules, imported here so that Base.metadata holds them all.
from dangjian_desktop.core.models_develop import (  # noqa: E402, F401
    DevelopPerson,
    DevelopStep,
    DevelopStepPerson,
)
from dangjian_desktop.core.models_transfers import (  # noqa: E402, F401
    ContactLog,
    InboundMember,
    MobileTrip,
    Transfer,
)
