"""Workflow: service-level deadlines of requests and invitations, and the outbox's retry time.

Revision ID: 0003_workflow
Revises: 0002_accounts_registry
Create Date: 2026-11-26 13:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0003_workflow"
down_revision = "0002_accounts_registry"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("cooperation_requests", schema=None) as batch_op:
        batch_op.add_column(sa.Column("due_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("sla_paused_at", sa.DateTime(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_cooperation_requests_due_at"), ["due_at"], unique=False
        )
    with op.batch_alter_table("assignments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("respond_by", sa.DateTime(), nullable=True))
        batch_op.create_index(batch_op.f("ix_assignments_respond_by"), ["respond_by"], unique=False)
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("next_attempt_at", sa.DateTime(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_outbox_messages_next_attempt_at"), ["next_attempt_at"], unique=False
        )


def downgrade():
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_messages_next_attempt_at"))
        batch_op.drop_column("next_attempt_at")
    with op.batch_alter_table("assignments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assignments_respond_by"))
        batch_op.drop_column("respond_by")
    with op.batch_alter_table("cooperation_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cooperation_requests_due_at"))
        batch_op.drop_column("sla_paused_at")
        batch_op.drop_column("due_at")
