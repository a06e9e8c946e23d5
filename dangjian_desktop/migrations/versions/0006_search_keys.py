"""recompute every member's search key: surnames are now found by each reading people use (尉 wei/yu…)

Revision ID: 0006_search_keys
Revises: 0002
Create Date: 2026-12-01 18:45:00
"""

from alembic import op

revision = "0006_search_keys"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # The key is derived data (core/search.py); an older file keeps the old key until recomputed here,
    # so 尉缭 would not be found by "wei" until the member was next saved.
    from dangjian_desktop.core.search import recompute_search_keys

    recompute_search_keys(op.get_bind())


def downgrade() -> None:
    pass  # the newer keys only add readings; an older program still matches them as substrings
