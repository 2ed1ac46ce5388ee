"""The first accepted invitation starts the work by the transition table's "start" row: its
audit events are called request.start, like every other move (request.<action>).

Revision ID: 0009_request_start_action
Revises: 0005_audit_request_index
Create Date: 2026-12-07 06:00:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0009_request_start_action'
down_revision = '0005_audit_request_index'
branch_labels = None
depends_on = None


def upgrade():
    op.execute("UPDATE audit_events SET action = 'request.start' WHERE action = 'request.started'")


def downgrade():
    op.execute("UPDATE audit_events SET action = 'request.started' WHERE action = 'request.start'")
