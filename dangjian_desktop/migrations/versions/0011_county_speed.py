"""Speed at county scale (1,000 branches, 200,000 members). The ID-number index gains branch_id: the
township's list of people standing in two villages finds the ID numbers shared by two branches from
the index alone, read in order, instead of searching the index once per member of the county.

Revision ID: 0011_county_speed
Revises: 0010_county_indexes
Create Date: 2026-12-02 02:45:00
"""

from alembic import op

revision = "0011_county_speed"
down_revision = "0010_county_indexes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_member_id_number_branch", "member", ["id_number", "branch_id"])
    op.drop_index("ix_member_id_number", table_name="member")


def downgrade() -> None:
    op.create_index("ix_member_id_number", "member", ["id_number"])
    op.drop_index("ix_member_id_number_branch", table_name="member")
