"""党费: the year's assessment per member, payments, remittances to the township

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 17:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "dues_assessment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("income_fen", sa.Integer(), nullable=True),
        sa.Column("rate_permyriad", sa.Integer(), nullable=True),
        sa.Column("standard_fen", sa.Integer(), nullable=False),
        sa.Column("reduced_fen", sa.Integer(), nullable=True),
        sa.Column("reduction_reason", sa.Text(), nullable=False),
        sa.Column("decided_date", sa.Date(), nullable=True),
        sa.Column("approved_date", sa.Date(), nullable=True),
        sa.Column("first_month", sa.String(length=7), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["member_id"], ["member.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("member_id", "year"),
    )
    with op.batch_alter_table("dues_assessment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dues_assessment_member_id"), ["member_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_dues_assessment_year"), ["year"], unique=False)

    op.create_table(
        "dues_payment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("first_month", sa.String(length=7), nullable=False),
        sa.Column("last_month", sa.String(length=7), nullable=False),
        sa.Column("amount_fen", sa.Integer(), nullable=False),
        sa.Column("paid_date", sa.Date(), nullable=False),
        sa.Column("how", sa.String(length=10), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.ForeignKeyConstraint(["member_id"], ["member.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("dues_payment", schema=None) as batch_op:
        batch_op.create_index("ix_dues_payment_member_months", ["member_id", "first_month"], unique=False)

    op.create_table(
        "dues_remittance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.Column("first_month", sa.String(length=7), nullable=False),
        sa.Column("last_month", sa.String(length=7), nullable=False),
        sa.Column("amount_fen", sa.Integer(), nullable=False),
        sa.Column("remitted_date", sa.Date(), nullable=False),
        sa.Column("receipt_no", sa.String(length=50), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["branch_id"], ["branch.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("dues_remittance", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dues_remittance_branch_id"), ["branch_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("dues_remittance", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dues_remittance_branch_id"))
    op.drop_table("dues_remittance")
    with op.batch_alter_table("dues_payment", schema=None) as batch_op:
        batch_op.drop_index("ix_dues_payment_member_months")
    op.drop_table("dues_payment")
    with op.batch_alter_table("dues_assessment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dues_assessment_year"))
        batch_op.drop_index(batch_op.f("ix_dues_assessment_member_id"))
    op.drop_table("dues_assessment")
