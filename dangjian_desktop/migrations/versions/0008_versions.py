"""A version number on the records clerks edit (members, meetings, 明白卡): several clerks on one
server database; an edit over another's is asked about, not silently lost (core/versions.py)

Revision ID: 0008_versions
Revises: 0007_inbound_members
Create Date: 2026-12-01 20:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_versions"
down_revision = "0007_inbound_members"
branch_labels = None
depends_on = None

TABLES = ("member", "meeting", "responsibility_card")


def upgrade() -> None:
    # every existing row starts at version 1 (the server default fills them on both backends)
    for table in TABLES:
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column("version")
