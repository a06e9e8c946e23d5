"""The member index by branch widened for the township view over a county (1,000 branches, 200,000
members): by branch and 党小组, with the status, the dates and the fields the view counts, it is
read from the index alone and in its order (no sort), with or without ANALYZE statistics. It replaces
the (branch_id, status) index, which the planner would otherwise take for the same queries. The
join_md index (political birthdays) gains the columns that count a birthday window in every branch.

Revision ID: 0010_county_indexes
Revises: 0009_surname_keys
Create Date: 2026-12-01 23:30:00
"""

from alembic import op

revision = "0010_county_indexes"
down_revision = "0009_surname_keys"
branch_labels = None
depends_on = None

GROUP = [
    "branch_id",
    "party_group",
    "status",
    "left_date",
    "join_date",
    "birth_date",
    "category",
    "is_mobile",
]

JOIN_MD = ["join_md", "status", "join_date", "branch_id"]


def upgrade() -> None:
    op.create_index("ix_member_branch_group", "member", GROUP)
    op.drop_index("ix_member_branch_status", table_name="member")
    op.drop_index("ix_member_join_md", table_name="member")
    op.create_index("ix_member_join_md", "member", JOIN_MD)


def downgrade() -> None:
    op.drop_index("ix_member_join_md", table_name="member")
    op.create_index("ix_member_join_md", "member", ["join_md"])
    op.create_index("ix_member_branch_status", "member", ["branch_id", "status"])
    op.drop_index("ix_member_branch_group", table_name="member")
