"""The branch (村党支部) this database belongs to."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dangjian_desktop.core.errors import UserError
from dangjian_desktop.core.models import Branch
from dangjian_desktop.core.settings import catalogue, get


class BranchError(UserError):
    """The message is Chinese and shown to the user as it is."""


@dataclass(frozen=True)
class BranchInfo:
    id: int
    name: str
    township: str
    secretary: str
    phone: str


def _info(branch: Branch) -> BranchInfo:
    return BranchInfo(branch.id, branch.name, branch.township, branch.secretary, branch.phone)


def current_branch(session: Session) -> BranchInfo | None:
    """The village's own branch: the first one created."""
    branch = session.scalars(select(Branch).order_by(Branch.id).limit(1)).first()
    return _info(branch) if branch else None


def require_branch(session: Session) -> BranchInfo:
    info = current_branch(session)
    if info is None:
        raise BranchError("还没有创建党支部，请先运行 dangjian init --branch 支部名称，或在程序首页创建。")
    return info


def create_branch(
    session: Session, name: str, township: str = "", secretary: str = "", phone: str = ""
) -> BranchInfo:
    name = name.strip()
    if not name:
        raise BranchError("支部名称不能为空")
    if current_branch(session) is not None:
        raise BranchError("本数据库已有党支部，不能重复创建")
    branch = Branch(name=name, township=township.strip(), secretary=secretary.strip(), phone=phone.strip())
    session.add(branch)
    session.flush()
    from dangjian_desktop.core.keys import ensure_signing_key

    ensure_signing_key(session, branch.id)  # the village's identity towards the township
    return _info(branch)


def update_branch(session: Session, branch_id: int, **fields: str) -> BranchInfo:
    branch = session.get(Branch, branch_id)
    if branch is None:
        raise BranchError("找不到该党支部")
    for key, value in fields.items():
        setattr(branch, key, value.strip())
    if not branch.name:
        raise BranchError("支部名称不能为空")
    session.flush()
    return _info(branch)


def branch_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Branch)) or 0


def is_township(session: Session) -> bool:
    """A township database: chosen on the first-run page, or one that holds several branches."""
    return branch_count(session) > 1 or get(session, catalogue.TOWNSHIP_MODE)
