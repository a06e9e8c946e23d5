"""党费 (中组发〔2008〕3号): the rules, each member's year, payments, remittances and the totals.

rules.py holds the declared rule table and the money and month arithmetic; ledger.py reads the
year's ledger; service.py holds the writes, each one call that owns its transaction.
"""

from dangjian_desktop.core.dues.ledger import MemberDues, Totals, member_ledger, month_totals, year_totals
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

__all__ = [
    "KINDS",
    "PAYMENT_WAYS",
    "RULES",
    "SOURCE",
    "AssessmentDraft",
    "CollectResult",
    "DuesError",
    "MemberDues",
    "Result",
    "Totals",
    "add_remittance",
    "collect_month",
    "list_remittances",
    "member_ledger",
    "month_totals",
    "record_payment",
    "set_assessment",
    "year_totals",
]
