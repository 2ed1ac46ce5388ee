"""Audit events: one index on (request_id, action, occurred_at) for the dashboard's response
times, replacing the index on request_id alone, which it covers.

Revision ID: 0005_audit_request_index
Revises: 0004_reports
Create Date: 2026-11-26 15:20:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0005_audit_request_index'
down_revision = '0004_reports'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_events_request_id_action_occurred_at'), ['request_id', 'action', 'occurred_at'], unique=False)
        batch_op.drop_index(batch_op.f('ix_audit_events_request_id'))


def downgrade():
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_events_request_id'), ['request_id'], unique=False)
        batch_op.drop_index(batch_op.f('ix_audit_events_request_id_action_occurred_at'))
