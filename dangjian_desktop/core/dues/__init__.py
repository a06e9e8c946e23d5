"""党费 (中组发〔2008〕3号): the rules, each member's year, payments, remittances and the totals.

rules.py holds the declared rule table and the money and month arithmetic; ledger.py reads the
year's ledger; service.py holds the writes, each one call that owns its transaction.

Every public name is importable from here, each loaded from its module when first used
(core/lazy_names.py): the command line's choices need only rules.py, not the ORM under the ledger.
"""

from typing import TYPE_CHECKING

from dangjian_desktop.core.lazy_names import lazy_names

if TYPE_CHECKING:
    from dangjian_desktop.core.dues.ledger import (
        MemberDues,
        Totals,
        ledgers_by_branch,
        member_ledger,
        month_totals,
        year_totals,
    )
    from dangjian_desktop.core.dues.rules import KINDS, PAYMENT_WAYS, RULES, SOURCE, DuesError
    from dangjian_desktop.core.dues.service import (
        AssessmentDraft,
        CollectResult,
        Result,
        add_remittance,
        collect_month,
        list_remittances,
        record_payment,
        set_assessment,
    )

_MODULES = {
    "ledger": ("MemberDues", "Totals", "ledgers_by_branch", "member_ledger", "month_totals", "year_totals"),
    "rules": ("KINDS", "PAYMENT_WAYS", "RULES", "SOURCE", "DuesError"),
    "service": (
        "AssessmentDraft",
        "CollectResult",
        "Result",
        "add_remittance",
        "collect_month",
        "list_remittances",
        "record_payment",
        "set_assessment",
    ),
}

__all__ = [
    "AssessmentDraft",
    "CollectResult",
    "DuesError",
    "KINDS",
    "MemberDues",
    "PAYMENT_WAYS",
    "RULES",
    "Result",
    "SOURCE",
    "Totals",
    "add_remittance",
    "collect_month",
    "list_remittances",
    "ledgers_by_branch",
    "member_ledger",
    "month_totals",
    "record_payment",
    "set_assessment",
    "year_totals",
]
__getattr__ = lazy_names(globals(), _MODULES)
