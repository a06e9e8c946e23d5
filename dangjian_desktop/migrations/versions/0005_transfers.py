"""组织关系转接, 流动党员 trips, and the contact log (also the record of searches for 失联 members)

Revision ID: 0005_transfers
Revises: 0004
Create Date: 2026-12-01 17:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_transfers"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "transfer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("direction", sa.String(length=4), nullable=False),
        sa.Column("number", sa.String(length=30), nullable=False),
        sa.Column("other_org", sa.String(length=200), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("issued", sa.Date(), nullable=False),
        sa.Column("validity_days", sa.Integer(), nullable=False),
        sa.Column("dues_paid_through", sa.String(length=7), nullable=False),
        sa.Column("done_date", sa.Date(), nullable=True),
        sa.Column("online", sa.Boolean(), nullable=False),
        sa.Column("cancelled_date", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["member_id"], ["member.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_transfer_member_id"), "transfer", ["member_id"], unique=False)
    op.create_table(
        "mobile_trip",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("left_date", sa.Date(), nullable=False),
        sa.Column("place", sa.String(length=100), nullable=False),
        sa.Column("reason", sa.String(length=10), nullable=False),
        sa.Column("phone_there", sa.String(length=30), nullable=False),
        sa.Column("host_org", sa.String(length=200), nullable=False),
        sa.Column("certificate_no", sa.String(length=50), nullable=False),
        sa.Column("contact_person", sa.String(length=50), nullable=False),
        sa.Column("returned_date", sa.Date(), nullable=True),
        sa.Column("return_report", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["member_id"], ["member.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_mobile_trip_member_id"), "mobile_trip", ["member_id"], unique=False)
    op.create_table(
        "contact_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("how", sa.String(length=50), nullable=False),
        sa.Column("by", sa.String(length=50), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("reached", sa.Boolean(), nullable=False),
        sa.Column("cause", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(["member_id"], ["member.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_contact_log_member_id"), "contact_log", ["member_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_contact_log_member_id"), table_name="contact_log")
    op.drop_table("contact_log")
    op.drop_index(op.f("ix_mobile_trip_member_id"), table_name="mobile_trip")
    op.drop_table("mobile_trip")
    op.drop_index(op.f("ix_transfer_member_id"), table_name="transfer")
    op.drop_table("transfer")
