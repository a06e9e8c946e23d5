"""recompute every member's search key: surnames are now found by each reading people use (尉 wei/yu…)

Revision ID: 0006_search_keys
Revises: 0002
Create Date: 2026-12-01 18:45:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_search_keys"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # The key is derived data (core/search.py); an older file keeps the old key until recomputed here,
    # so 尉缭 would not be found by "wei" until the member was next saved.
    from dangjian_desktop.core.search import search_key

    connection = op.get_bind()
    member = sa.table(
        "member",
        sa.column("id", sa.Integer),
        sa.column("name", sa.String),
        sa.column("id_number", sa.String),
        sa.column("phone", sa.String),
        sa.column("search_key", sa.Text),
    )
    rows = connection.execute(sa.select(member.c.id, member.c.name, member.c.id_number, member.c.phone)).all()
    updates = [{"key_id": row.id, "key": search_key(row.name, row.id_number, row.phone)} for row in rows]
    if updates:
        connection.execute(
            member.update()
            .where(member.c.id == sa.bindparam("key_id"))
            .values(search_key=sa.bindparam("key")),
            updates,
        )


def downgrade() -> None:
    pass  # the newer keys only add readings; an older program still matches them as substrings
