"""组织关系转接, 流动党员 trips and the contact log (core/transfers.py, core/mobile.py)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from dangjian_desktop.core.models import Base


class Transfer(Base):
    """组织关系转接: one 介绍信 out of the branch, or one member received into it (direction 转入).

    The state a person sees (已开具/待回执/逾期/已转出/撤销) is derived from the dates in
    core/transfers.py, so that it can never disagree with them.
    """

    __tablename__ = "transfer"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"), index=True)
    direction: Mapped[str] = mapped_column(String(4), default="转出")  # 转出 / 转入
    number: Mapped[str] = mapped_column(String(30), default="")  # 介绍信编号
    other_org: Mapped[str] = mapped_column(String(200))  # 转往 (out) or 转自 (in)
    reason: Mapped[str] = mapped_column(String(200), default="")
    issued: Mapped[dt.date] = mapped_column(Date)
    validity_days: Mapped[int] = mapped_column(Integer, default=30)
    dues_paid_through: Mapped[str] = mapped_column(String(7), default="")  # YYYY-MM, 党费交到
    done_date: Mapped[dt.date | None] = mapped_column(Date)  # 回执 returned, or received (转入)
    online: Mapped[bool] = mapped_column(Boolean, default=False)  # 已通过网上办理
    cancelled_date: Mapped[dt.date | None] = mapped_column(Date)


class MobileTrip(Base):
    """流动党员: one stay away from the village, from 外出 to 返回."""

    __tablename__ = "mobile_trip"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"), index=True)
    left_date: Mapped[dt.date] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(100))
    reason: Mapped[str] = mapped_column(String(10), default="务工")  # 务工 / 经商 / 上学 / 其他
    phone_there: Mapped[str] = mapped_column(String(30), default="")
    host_org: Mapped[str] = mapped_column(String(200), default="")  # 流入地党组织
    certificate_no: Mapped[str] = mapped_column(String(50), default="")  # 《流动党员活动证》
    contact_person: Mapped[str] = mapped_column(String(50), default="")  # the branch's 联系人
    returned_date: Mapped[dt.date | None] = mapped_column(Date)
    return_report: Mapped[str] = mapped_column(Text, default="")


class ContactLog(Base):
    """A contact with a member away or out of touch (date, how, by whom, what), or a search for one."""

    __tablename__ = "contact_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"), index=True)
    date: Mapped[dt.date] = mapped_column(Date)
    how: Mapped[str] = mapped_column(String(50), default="")  # 电话 / 微信 / 走访 / 函询 ...
    by: Mapped[str] = mapped_column(String(50), default="")
    content: Mapped[str] = mapped_column(Text, default="")
    reached: Mapped[bool] = mapped_column(Boolean, default=True)  # False: a search that found nobody
    cause: Mapped[str] = mapped_column(String(20), default="")  # 失联原因: 外出务工经商 / 下落不明 / 其他


class InboundMember(Base):
    """流入党员: a member of another place's branch who lives or works in this village for a while and
    takes part in its 组织生活 (their membership stays with their own branch, so they are not on the
    roster)."""

    __tablename__ = "inbound_member"

    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id"), index=True)
    name: Mapped[str] = mapped_column(String(50))
    gender: Mapped[str] = mapped_column(String(2), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    home_org: Mapped[str] = mapped_column(String(200))  # 流出地党组织 (where the membership is)
    work: Mapped[str] = mapped_column(String(200), default="")  # 在本村的务工单位或住处
    certificate_no: Mapped[str] = mapped_column(String(50), default="")  # 《流动党员活动证》
    arrived: Mapped[dt.date] = mapped_column(Date)
    left_date: Mapped[dt.date | None] = mapped_column(Date)
