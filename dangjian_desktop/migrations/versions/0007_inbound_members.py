"""流入党员: members of other branches living or working in the village for a while

Revision ID: 0007_inbound_members
Revises: 0006_search_keys
Create Date: 2026-12-01 18:50:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_inbound_members"
down_revision = "0006_search_keys"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "inbound_member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("gender", sa.String(length=2), nullable=False),
        sa.Column("phone", sa.String(length=30), nullable=False),
        sa.Column("home_org", sa.String(length=200), nullable=False),
        sa.Column("work", sa.String(length=200), nullable=False),
        sa.Column("certificate_no", sa.String(length=50), nullable=False),
        sa.Column("arrived", sa.Date(), nullable=False),
        sa.Column("left_date", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["branch_id"], ["branch.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_inbound_member_branch_id"), "inbound_member", ["branch_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_inbound_member_branch_id"), table_name="inbound_member")
    op.drop_table("inbound_member")
