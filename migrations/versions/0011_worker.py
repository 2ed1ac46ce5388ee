"""The background worker: each worker's heartbeat, and the outbox's "kept" messages (no mail
server: shown on the outbox page only).

Revision ID: 0011_worker
Revises: 0009_request_start_action
Create Date: 2026-12-07 09:00:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0011_worker'
down_revision = '0009_request_start_action'
branch_labels = None
depends_on = None


def _outbox_states(states):
    quoted = ", ".join(f"'{state}'" for state in states)
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_outbox_messages_status'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_outbox_messages_status'), f"status IN ({quoted})")


def upgrade():
    op.create_table('worker_heartbeats',
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_worker_heartbeats'))
    )
    with op.batch_alter_table('worker_heartbeats', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_worker_heartbeats_last_seen_at'), ['last_seen_at'], unique=False)
    _outbox_states(('pending', 'sent', 'failed', 'kept'))


def downgrade():
    op.execute("UPDATE outbox_messages SET status = 'sent' WHERE status = 'kept'")
    _outbox_states(('pending', 'sent', 'failed'))
    with op.batch_alter_table('worker_heartbeats', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_worker_heartbeats_last_seen_at'))
    op.drop_table('worker_heartbeats')
