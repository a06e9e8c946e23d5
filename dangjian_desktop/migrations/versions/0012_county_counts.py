"""The year-end statistics over a county (200,000 members) read from indexes alone, without sorting
the members by their words: ix_member_statistics holds the four words the tables group by (性别, 民族,
学历, 职业) first, in that order, then every column the statistics read, so SQLite groups the words
in the index's order; ix_member_branch_group gains 转正日期, 性别 and 民族 so the members per branch
(各党支部党员数) are counted from it alone, in branch order, as the township view's counts are. The
clauses' index by card gains done: the township view's 承诺完成率 counts them from the index alone.

Revision ID: 0012_county_counts
Revises: 0011_county_speed
Create Date: 2026-12-02 05:40:00
"""

from alembic import op

revision = "0012_county_counts"
down_revision = "0011_county_speed"
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
GROUP_WIDER = [*GROUP, "full_date", "gender", "ethnicity"]
STATISTICS = [
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
]


def upgrade() -> None:
    op.drop_index("ix_member_branch_group", table_name="member")
    op.create_index("ix_member_branch_group", "member", GROUP_WIDER)
    op.create_index("ix_member_statistics", "member", STATISTICS)
    op.drop_index("ix_card_clause_card_id", table_name="card_clause")
    op.create_index("ix_card_clause_card_id", "card_clause", ["card_id", "done"])


def downgrade() -> None:
    op.drop_index("ix_card_clause_card_id", table_name="card_clause")
    op.create_index("ix_card_clause_card_id", "card_clause", ["card_id"])
    op.drop_index("ix_member_statistics", table_name="member")
    op.drop_index("ix_member_branch_group", table_name="member")
    op.create_index("ix_member_branch_group", "member", GROUP)
