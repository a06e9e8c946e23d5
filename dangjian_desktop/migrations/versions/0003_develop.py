"""发展党员: the person on the path, each recorded step, the members a step names (issue 16)

Revision ID: 0003
Revises: 0001_initial
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "develop_person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("id_number", sa.String(length=18), nullable=False),
        sa.Column("gender", sa.String(length=2), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("ethnicity", sa.String(length=20), nullable=False),
        sa.Column("education", sa.String(length=20), nullable=False),
        sa.Column("party_group", sa.String(length=50), nullable=False),
        sa.Column("job", sa.String(length=100), nullable=False),
        sa.Column("phone", sa.String(length=30), nullable=False),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.ForeignKeyConstraint(["branch_id"], ["branch.id"]),
        sa.ForeignKeyConstraint(["member_id"], ["member.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("branch_id", "id_number"),
    )
    with op.batch_alter_table("develop_person", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_develop_person_branch_id"), ["branch_id"], unique=False)

    op.create_table(
        "develop_step",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(length=20), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("number", sa.String(length=100), nullable=False),
        sa.Column("method", sa.String(length=20), nullable=False),
        sa.Column("hours", sa.Integer(), nullable=True),
        sa.Column("months", sa.Integer(), nullable=True),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("entitled", sa.Integer(), nullable=True),
        sa.Column("present", sa.Integer(), nullable=True),
        sa.Column("votes_for", sa.Integer(), nullable=True),
        sa.Column("votes_against", sa.Integer(), nullable=True),
        sa.Column("votes_abstain", sa.Integer(), nullable=True),
        sa.Column("passed", sa.Boolean(), nullable=True),
        sa.Column("created_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"]),
        sa.ForeignKeyConstraint(["person_id"], ["develop_person.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("develop_step", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_develop_step_person_id"), ["person_id"], unique=False)

    op.create_table(
        "develop_step_person",
        sa.Column("step_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["member_id"], ["member.id"]),
        sa.ForeignKeyConstraint(["step_id"], ["develop_step.id"]),
        sa.PrimaryKeyConstraint("step_id", "position"),
    )
    with op.batch_alter_table("develop_step_person", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_develop_step_person_member_id"), ["member_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("develop_step_person", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_develop_step_person_member_id"))
    op.drop_table("develop_step_person")
    with op.batch_alter_table("develop_step", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_develop_step_person_id"))
    op.drop_table("develop_step")
    with op.batch_alter_table("develop_person", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_develop_person_branch_id"))
    op.drop_table("develop_person")
