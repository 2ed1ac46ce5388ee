"""Reports: capacity-building events with their Parties, targets, requests, experts and
participants.

Revision ID: 0004_reports
Revises: 0003_workflow
Create Date: 2026-11-26 13:15:35

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004_reports'
down_revision = '0003_workflow'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('capacity_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=250), nullable=False),
    sa.Column('type', sa.String(length=12), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=False),
    sa.Column('is_online', sa.Boolean(), nullable=False),
    sa.Column('place', sa.String(length=250), nullable=False),
    sa.Column('organisers', sa.Text(), nullable=False),
    sa.Column('partners', sa.Text(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("type IN ('training', 'workshop', 'side_event', 'webinar', 'other')", name=op.f('ck_capacity_events_type')),
    sa.CheckConstraint('end_date >= start_date', name=op.f('ck_capacity_events_dates_order')),
    sa.CheckConstraint('is_online OR length(place) > 0', name=op.f('ck_capacity_events_place_or_online')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_capacity_events_created_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_capacity_events'))
    )
    with op.batch_alter_table('capacity_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_capacity_events_start_date'), ['start_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_capacity_events_type'), ['type'], unique=False)

    op.create_table('capacity_event_experts',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('expert_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['capacity_events.id'], name=op.f('fk_capacity_event_experts_event_id_capacity_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['expert_id'], ['experts.id'], name=op.f('fk_capacity_event_experts_expert_id_experts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('event_id', 'expert_id', name=op.f('pk_capacity_event_experts'))
    )
    with op.batch_alter_table('capacity_event_experts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_capacity_event_experts_expert_id'), ['expert_id'], unique=False)

    op.create_table('capacity_event_parties',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('party_code', sa.String(length=3), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['capacity_events.id'], name=op.f('fk_capacity_event_parties_event_id_capacity_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['party_code'], ['parties.code'], name=op.f('fk_capacity_event_parties_party_code_parties')),
    sa.PrimaryKeyConstraint('event_id', 'party_code', name=op.f('pk_capacity_event_parties'))
    )
    with op.batch_alter_table('capacity_event_parties', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_capacity_event_parties_party_code'), ['party_code'], unique=False)

    op.create_table('capacity_event_requests',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['capacity_events.id'], name=op.f('fk_capacity_event_requests_event_id_capacity_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['request_id'], ['cooperation_requests.id'], name=op.f('fk_capacity_event_requests_request_id_cooperation_requests'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('event_id', 'request_id', name=op.f('pk_capacity_event_requests'))
    )
    with op.batch_alter_table('capacity_event_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_capacity_event_requests_request_id'), ['request_id'], unique=False)

    op.create_table('capacity_event_targets',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('target_number', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['capacity_events.id'], name=op.f('fk_capacity_event_targets_event_id_capacity_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['target_number'], ['targets.number'], name=op.f('fk_capacity_event_targets_target_number_targets')),
    sa.PrimaryKeyConstraint('event_id', 'target_number', name=op.f('pk_capacity_event_targets'))
    )
    with op.batch_alter_table('capacity_event_targets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_capacity_event_targets_target_number'), ['target_number'], unique=False)

    op.create_table('event_participants',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('party_code', sa.String(length=3), nullable=True),
    sa.Column('role', sa.String(length=12), nullable=False),
    sa.Column('gender', sa.String(length=8), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.CheckConstraint("gender IN ('female', 'male', 'other')", name=op.f('ck_event_participants_gender')),
    sa.CheckConstraint("role IN ('official', 'researcher', 'other')", name=op.f('ck_event_participants_role')),
    sa.CheckConstraint('count > 0', name=op.f('ck_event_participants_count_positive')),
    sa.ForeignKeyConstraint(['event_id'], ['capacity_events.id'], name=op.f('fk_event_participants_event_id_capacity_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['party_code'], ['parties.code'], name=op.f('fk_event_participants_party_code_parties')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_participants')),
    sa.UniqueConstraint('event_id', 'party_code', 'role', 'gender', name=op.f('uq_event_participants_event_id_party_code_role_gender'))
    )
    with op.batch_alter_table('event_participants', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_participants_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_participants_party_code'), ['party_code'], unique=False)



def downgrade():
    with op.batch_alter_table('event_participants', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_participants_party_code'))
        batch_op.drop_index(batch_op.f('ix_event_participants_event_id'))

    op.drop_table('event_participants')
    with op.batch_alter_table('capacity_event_targets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_capacity_event_targets_target_number'))

    op.drop_table('capacity_event_targets')
    with op.batch_alter_table('capacity_event_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_capacity_event_requests_request_id'))

    op.drop_table('capacity_event_requests')
    with op.batch_alter_table('capacity_event_parties', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_capacity_event_parties_party_code'))

    op.drop_table('capacity_event_parties')
    with op.batch_alter_table('capacity_event_experts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_capacity_event_experts_expert_id'))

    op.drop_table('capacity_event_experts')
    with op.batch_alter_table('capacity_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_capacity_events_type'))
        batch_op.drop_index(batch_op.f('ix_capacity_events_start_date'))

    op.drop_table('capacity_events')
