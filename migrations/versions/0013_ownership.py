"""Staff ownership of a request, the state a question was asked in (the answer returns there),
and the in-app notifications that accompany each queued email.

Revision ID: 0013_ownership
Revises: 0011_worker
Create Date: 2026-12-07 13:30:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0013_ownership'
down_revision = '0011_worker'
branch_labels = None
depends_on = None

STATES = ('draft', 'submitted', 'info_requested', 'accepted', 'in_progress', 'delivered',
          'closed', 'declined', 'withdrawn')


def upgrade():
    quoted = ", ".join(f"'{state}'" for state in STATES)
    with op.batch_alter_table('cooperation_requests', schema=None) as batch_op:
        batch_op.add_column(sa.Column('asked_in', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('owner_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_cooperation_requests_owner_id'), ['owner_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_cooperation_requests_owner_id_users'), 'users', ['owner_id'], ['id'], ondelete='SET NULL')
        batch_op.create_check_constraint(batch_op.f('ck_cooperation_requests_asked_in'), f"asked_in IN ({quoted})")
    # A question asked before this revision was asked at screening.
    op.execute("UPDATE cooperation_requests SET asked_in = 'submitted' WHERE status = 'info_requested'")
    op.create_table('notifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('address', sa.String(length=254), nullable=False),
    sa.Column('subject', sa.String(length=250), nullable=False),
    sa.Column('link', sa.String(length=500), nullable=False),
    sa.Column('template', sa.String(length=80), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('read_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['request_id'], ['cooperation_requests.id'], name=op.f('fk_notifications_request_id_cooperation_requests'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notifications'))
    )
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notifications_address'), ['address'], unique=False)
        batch_op.create_index(batch_op.f('ix_notifications_read_at'), ['read_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_notifications_request_id'), ['request_id'], unique=False)


def downgrade():
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notifications_request_id'))
        batch_op.drop_index(batch_op.f('ix_notifications_read_at'))
        batch_op.drop_index(batch_op.f('ix_notifications_address'))
    op.drop_table('notifications')
    # Without the state it was asked in, an open question goes back to screening when answered.
    with op.batch_alter_table('cooperation_requests', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_cooperation_requests_asked_in'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_cooperation_requests_owner_id_users'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_cooperation_requests_owner_id'))
        batch_op.drop_column('owner_id')
        batch_op.drop_column('asked_in')
