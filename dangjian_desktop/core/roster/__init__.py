"""The member roster (党员花名册): checking, adding, editing, leaving, listing. No Qt here.

checks: the rules for one member; rows: reading; writes: the changes. The plain rows themselves
(MemberRow, filter_rows) live in core/member_rows.py, which needs no SQLAlchemy.

Every public name is importable from here; each is loaded from its module when first used
(core/lazy_names.py), so that importing the package, or its light checks module, does not load the ORM.
"""

from typing import TYPE_CHECKING

from dangjian_desktop.core.lazy_names import lazy_names

if TYPE_CHECKING:
    from dangjian_desktop.core.member_rows import MemberRow, filter_rows
    from dangjian_desktop.core.roster.checks import (
        CATEGORIES,
        EDUCATIONS,
        ETHNICITIES,
        GENDERS,
        STATUSES,
        MemberCheck,
        MemberDraft,
        MemberValues,
        RosterError,
        check_member,
        eighteenth_birthday,
        join_md,
        normalize_phone,
        phone_problem,
    )
    from dangjian_desktop.core.roster.rows import (
        get_photo,
        list_lines,
        list_members,
        member_details,
        member_draft,
        party_groups,
    )
    from dangjian_desktop.core.roster.writes import (
        add_member,
        leave_roster,
        restore_to_roster,
        set_photo,
        update_member,
    )

_MODULES = {
    "checks": (
        "CATEGORIES",
        "EDUCATIONS",
        "ETHNICITIES",
        "GENDERS",
        "STATUSES",
        "MemberCheck",
        "MemberDraft",
        "MemberValues",
        "RosterError",
        "check_member",
        "eighteenth_birthday",
        "join_md",
        "normalize_phone",
        "phone_problem",
    ),
    "rows": ("get_photo", "list_lines", "list_members", "member_details", "member_draft", "party_groups"),
    "writes": ("add_member", "leave_roster", "restore_to_roster", "set_photo", "update_member"),
    "dangjian_desktop.core.member_rows": ("MemberRow", "filter_rows"),
}

__all__ = [
    "CATEGORIES",
    "EDUCATIONS",
    "ETHNICITIES",
    "GENDERS",
    "MemberCheck",
    "MemberDraft",
    "MemberRow",
    "MemberValues",
    "RosterError",
    "STATUSES",
    "add_member",
    "check_member",
    "eighteenth_birthday",
    "filter_rows",
    "get_photo",
    "join_md",
    "leave_roster",
    "list_lines",
    "list_members",
    "member_details",
    "member_draft",
    "normalize_phone",
    "party_groups",
    "phone_problem",
    "restore_to_roster",
    "set_photo",
    "update_member",
]
__getattr__ = lazy_names(globals(), _MODULES)
