"""township trust boundary: signing keys, package numbers, merge history

Revision ID: 0002
Revises: 0005_transfers
Create Date: 2026-12-01 17:40:00

An existing village database gets its signing key here, so that its next export is signed without
any step by the secretary. A township database (several branches, merged packages, or the township
mode setting) gets none: a township does not sign packages.
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0005_transfers"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("branch") as batch_op:
        batch_op.add_column(sa.Column("signing_key", sa.String(length=64), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("package_number", sa.Integer(), nullable=False, server_default="0"))
    op.create_table(
        "local_key",
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.PrimaryKeyConstraint("kind"),
    )
    op.create_table(
        "merge_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("branch_uid", sa.String(length=32), nullable=False),
        sa.Column("branch_name", sa.String(length=100), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("exported_at", sa.DateTime(), nullable=True),
        sa.Column("at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("fingerprint", sa.String(length=40), nullable=False),
        sa.Column("members", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("merge_record") as batch_op:
        batch_op.create_index("ix_merge_record_branch", ["branch_uid", "id"], unique=False)
    _key_for_an_existing_village()


def _key_for_an_existing_village() -> None:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import (
        Encoding,
        NoEncryption,
        PrivateFormat,
        PublicFormat,
    )

    bind = op.get_bind()
    branches = bind.execute(sa.text("SELECT id, uid, package_digest FROM branch")).all()
    mode = bind.execute(sa.text("SELECT value FROM setting WHERE key = 'app.township_mode'")).scalar()
    if len(branches) != 1 or branches[0].package_digest or (mode or "").strip() == "true":
        return
    key = Ed25519PrivateKey.generate()
    private = key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    public = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex()
    bind.execute(
        sa.text("INSERT INTO local_key (kind, data, label) VALUES ('village_signing', :data, :uid)"),
        {"data": private, "uid": branches[0].uid},
    )
    bind.execute(
        sa.text("UPDATE branch SET signing_key = :key WHERE id = :id"), {"key": public, "id": branches[0].id}
    )


def downgrade() -> None:
    with op.batch_alter_table("merge_record") as batch_op:
        batch_op.drop_index("ix_merge_record_branch")
    op.drop_table("merge_record")
    op.drop_table("local_key")
    with op.batch_alter_table("branch") as batch_op:
        batch_op.drop_column("package_number")
        batch_op.drop_column("signing_key")
