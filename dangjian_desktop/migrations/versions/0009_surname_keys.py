"""recompute every member's search key again: surnames checked against three public pinyin tables
added readings (六 lu, 贠/貟 yun, 么 yao, 不 fou) after 0006 had written the keys

Revision ID: 0009_surname_keys
Revises: 0008_versions
Create Date: 2026-12-02 00:00:00
"""

from alembic import op

revision = "0009_surname_keys"
down_revision = "0008_versions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from dangjian_desktop.core.search import recompute_search_keys

    recompute_search_keys(op.get_bind())


def downgrade() -> None:
    pass  # the newer keys only add readings; an older program still matches them as substrings
