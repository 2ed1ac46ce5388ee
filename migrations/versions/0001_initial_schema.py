"""The initial schema: accounts, taxonomy, experts, requests, audit, outbox, vectors.

Revision ID: 0001_initial
Revises: 
Create Date: 2026-11-26 12:18:53.928393

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0001_initial"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('embedding_vectors',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('model', sa.String(length=200), nullable=False),
    sa.Column('text_hash', sa.String(length=64), nullable=False),
    sa.Column('dim', sa.Integer(), nullable=False),
    sa.Column('vector', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('dim > 0', name=op.f('ck_embedding_vectors_dim_positive')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_embedding_vectors')),
    sa.UniqueConstraint('model', 'text_hash', name=op.f('uq_embedding_vectors_model_text_hash'))
    )
    op.create_table('parties',
    sa.Column('code', sa.String(length=3), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('is_served', sa.Boolean(), nullable=False),
    sa.CheckConstraint('length(code) = 3', name=op.f('ck_parties_code_alpha3')),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_parties'))
    )
    op.create_table('tags',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('category', sa.String(length=80), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tags')),
    sa.UniqueConstraint('name', name=op.f('uq_tags_name'))
    )
    with op.batch_alter_table('tags', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tags_category'), ['category'], unique=False)

    op.create_table('targets',
    sa.Column('number', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('title_zh', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.CheckConstraint('number BETWEEN 1 AND 23', name=op.f('ck_targets_number_range')),
    sa.PrimaryKeyConstraint('number', name=op.f('pk_targets'))
    )
    op.create_table('experts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('native_name', sa.String(length=200), nullable=False),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('affiliation', sa.String(length=250), nullable=False),
    sa.Column('country_code', sa.String(length=3), nullable=False),
    sa.Column('province', sa.String(length=120), nullable=False),
    sa.Column('orcid', sa.String(length=19), nullable=True),
    sa.Column('bio', sa.Text(), nullable=False),
    sa.Column('availability', sa.String(length=12), nullable=False),
    sa.Column('unavailable_until', sa.Date(), nullable=True),
    sa.Column('max_assignments', sa.Integer(), nullable=False),
    sa.Column('is_public', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('verified_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("availability IN ('available', 'limited', 'unavailable')", name=op.f('ck_experts_availability')),
    sa.CheckConstraint("status IN ('pending', 'active', 'inactive')", name=op.f('ck_experts_status')),
    sa.CheckConstraint('email = lower(email)', name=op.f('ck_experts_email_lowercase')),
    sa.CheckConstraint('max_assignments BETWEEN 0 AND 20', name=op.f('ck_experts_max_assignments_range')),
    sa.ForeignKeyConstraint(['country_code'], ['parties.code'], name=op.f('fk_experts_country_code_parties')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_experts')),
    sa.UniqueConstraint('email', name=op.f('uq_experts_email')),
    sa.UniqueConstraint('orcid', name=op.f('uq_experts_orcid'))
    )
    with op.batch_alter_table('experts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_experts_country_code'), ['country_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_experts_status'), ['status'], unique=False)

    op.create_table('tag_aliases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tag_id', sa.Integer(), nullable=False),
    sa.Column('alias', sa.String(length=120), nullable=False),
    sa.Column('language', sa.String(length=2), nullable=False),
    sa.CheckConstraint("language IN ('en', 'zh')", name=op.f('ck_tag_aliases_language')),
    sa.ForeignKeyConstraint(['tag_id'], ['tags.id'], name=op.f('fk_tag_aliases_tag_id_tags'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tag_aliases')),
    sa.UniqueConstraint('alias', 'language', name=op.f('uq_tag_aliases_alias_language'))
    )
    with op.batch_alter_table('tag_aliases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tag_aliases_tag_id'), ['tag_id'], unique=False)

    op.create_table('expert_languages',
    sa.Column('expert_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=2), nullable=False),
    sa.CheckConstraint('length(code) = 2', name=op.f('ck_expert_languages_code_iso639_1')),
    sa.ForeignKeyConstraint(['expert_id'], ['experts.id'], name=op.f('fk_expert_languages_expert_id_experts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('expert_id', 'code', name=op.f('pk_expert_languages'))
    )
    with op.batch_alter_table('expert_languages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_expert_languages_code'), ['code'], unique=False)

    op.create_table('expert_tags',
    sa.Column('expert_id', sa.Integer(), nullable=False),
    sa.Column('tag_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['expert_id'], ['experts.id'], name=op.f('fk_expert_tags_expert_id_experts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tag_id'], ['tags.id'], name=op.f('fk_expert_tags_tag_id_tags'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('expert_id', 'tag_id', name=op.f('pk_expert_tags'))
    )
    with op.batch_alter_table('expert_tags', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_expert_tags_tag_id'), ['tag_id'], unique=False)

    op.create_table('expert_targets',
    sa.Column('expert_id', sa.Integer(), nullable=False),
    sa.Column('target_number', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['expert_id'], ['experts.id'], name=op.f('fk_expert_targets_expert_id_experts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['target_number'], ['targets.number'], name=op.f('fk_expert_targets_target_number_targets')),
    sa.PrimaryKeyConstraint('expert_id', 'target_number', name=op.f('pk_expert_targets'))
    )
    with op.batch_alter_table('expert_targets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_expert_targets_target_number'), ['target_number'], unique=False)

    op.create_table('publications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('expert_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=400), nullable=False),
    sa.Column('abstract', sa.Text(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=True),
    sa.Column('url', sa.String(length=400), nullable=False),
    sa.CheckConstraint('year IS NULL OR year BETWEEN 1900 AND 2100', name=op.f('ck_publications_year')),
    sa.ForeignKeyConstraint(['expert_id'], ['experts.id'], name=op.f('fk_publications_expert_id_experts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_publications'))
    )
    with op.batch_alter_table('publications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_publications_expert_id'), ['expert_id'], unique=False)

    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=True),
    sa.Column('role', sa.String(length=10), nullable=False),
    sa.Column('party_code', sa.String(length=3), nullable=True),
    sa.Column('expert_id', sa.Integer(), nullable=True),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('locale', sa.String(length=10), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('last_login_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("role != 'party' OR party_code IS NOT NULL", name=op.f('ck_users_party_has_party')),
    sa.CheckConstraint("role IN ('party', 'expert', 'staff', 'admin')", name=op.f('ck_users_role')),
    sa.CheckConstraint('email = lower(email)', name=op.f('ck_users_email_lowercase')),
    sa.ForeignKeyConstraint(['expert_id'], ['experts.id'], name=op.f('fk_users_expert_id_experts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['party_code'], ['parties.code'], name=op.f('fk_users_party_code_parties')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('email', name=op.f('uq_users_email')),
    sa.UniqueConstraint('expert_id', name=op.f('uq_users_expert_id'))
    )
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_users_party_code'), ['party_code'], unique=False)

    op.create_table('cooperation_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=20), nullable=True),
    sa.Column('reference_year', sa.Integer(), nullable=True),
    sa.Column('reference_seq', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=250), nullable=False),
    sa.Column('problem_statement', sa.Text(), nullable=False),
    sa.Column('type', sa.String(length=24), nullable=False),
    sa.Column('party_code', sa.String(length=3), nullable=False),
    sa.Column('submitted_by_id', sa.Integer(), nullable=False),
    sa.Column('institution', sa.String(length=250), nullable=False),
    sa.Column('national_priorities', sa.Text(), nullable=False),
    sa.Column('level', sa.String(length=12), nullable=False),
    sa.Column('beneficiaries', sa.Text(), nullable=False),
    sa.Column('expected_outputs', sa.Text(), nullable=False),
    sa.Column('existing_initiatives', sa.Text(), nullable=False),
    sa.Column('other_programmes', sa.Text(), nullable=False),
    sa.Column('urgency', sa.String(length=8), nullable=False),
    sa.Column('wanted_by', sa.Date(), nullable=True),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('rating', sa.Integer(), nullable=True),
    sa.Column('feedback', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(), nullable=True),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("level IN ('national', 'subnational', 'regional')", name=op.f('ck_cooperation_requests_level')),
    sa.CheckConstraint("status = 'draft' OR reference IS NOT NULL", name=op.f('ck_cooperation_requests_submitted_has_reference')),
    sa.CheckConstraint("status IN ('draft', 'submitted', 'info_requested', 'accepted', 'in_progress', 'delivered', 'closed', 'declined', 'withdrawn')", name=op.f('ck_cooperation_requests_status')),
    sa.CheckConstraint("type IN ('technical_consultation', 'capacity_building', 'knowledge_product', 'technology_transfer', 'other')", name=op.f('ck_cooperation_requests_type')),
    sa.CheckConstraint("urgency IN ('low', 'normal', 'high')", name=op.f('ck_cooperation_requests_urgency')),
    sa.CheckConstraint('end_date IS NULL OR start_date IS NULL OR end_date >= start_date', name=op.f('ck_cooperation_requests_dates_order')),
    sa.CheckConstraint('rating IS NULL OR rating BETWEEN 1 AND 5', name=op.f('ck_cooperation_requests_rating_range')),
    sa.ForeignKeyConstraint(['party_code'], ['parties.code'], name=op.f('fk_cooperation_requests_party_code_parties')),
    sa.ForeignKeyConstraint(['submitted_by_id'], ['users.id'], name=op.f('fk_cooperation_requests_submitted_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cooperation_requests')),
    sa.UniqueConstraint('reference', name=op.f('uq_cooperation_requests_reference')),
    sa.UniqueConstraint('reference_year', 'reference_seq', name=op.f('uq_cooperation_requests_reference_year_reference_seq'))
    )
    with op.batch_alter_table('cooperation_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cooperation_requests_party_code'), ['party_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_cooperation_requests_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_cooperation_requests_submitted_at'), ['submitted_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_cooperation_requests_submitted_by_id'), ['submitted_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cooperation_requests_type'), ['type'], unique=False)

    op.create_table('assignments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('expert_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('invited_by_id', sa.Integer(), nullable=True),
    sa.Column('invite_reason', sa.Text(), nullable=False),
    sa.Column('match_score', sa.Double(), nullable=True),
    sa.Column('match_rank', sa.Integer(), nullable=True),
    sa.Column('decline_reason', sa.Text(), nullable=False),
    sa.Column('invited_at', sa.DateTime(), nullable=False),
    sa.Column('responded_at', sa.DateTime(), nullable=True),
    sa.Column('completed_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("status IN ('invited', 'accepted', 'declined', 'expired', 'completed', 'withdrawn')", name=op.f('ck_assignments_status')),
    sa.ForeignKeyConstraint(['expert_id'], ['experts.id'], name=op.f('fk_assignments_expert_id_experts')),
    sa.ForeignKeyConstraint(['invited_by_id'], ['users.id'], name=op.f('fk_assignments_invited_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['request_id'], ['cooperation_requests.id'], name=op.f('fk_assignments_request_id_cooperation_requests'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assignments'))
    )
    with op.batch_alter_table('assignments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assignments_expert_id'), ['expert_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_assignments_request_id'), ['request_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_assignments_status'), ['status'], unique=False)

    op.create_table('attachments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('stored_name', sa.String(length=64), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('size >= 0', name=op.f('ck_attachments_size_positive')),
    sa.ForeignKeyConstraint(['request_id'], ['cooperation_requests.id'], name=op.f('fk_attachments_request_id_cooperation_requests'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_attachments_uploaded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attachments')),
    sa.UniqueConstraint('stored_name', name=op.f('uq_attachments_stored_name'))
    )
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attachments_request_id'), ['request_id'], unique=False)

    op.create_table('audit_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('occurred_at', sa.DateTime(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=60), nullable=False),
    sa.Column('object_type', sa.String(length=40), nullable=False),
    sa.Column('object_id', sa.String(length=40), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=True),
    sa.Column('from_state', sa.String(length=20), nullable=True),
    sa.Column('to_state', sa.String(length=20), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_audit_events_actor_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['request_id'], ['cooperation_requests.id'], name=op.f('fk_audit_events_request_id_cooperation_requests'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_events'))
    )
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_events_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_events_occurred_at'), ['occurred_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_events_request_id'), ['request_id'], unique=False)

    op.create_table('comments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('is_internal', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('length(body) > 0', name=op.f('ck_comments_body_not_empty')),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_comments_author_id_users')),
    sa.ForeignKeyConstraint(['request_id'], ['cooperation_requests.id'], name=op.f('fk_comments_request_id_cooperation_requests'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_comments'))
    )
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_comments_request_id'), ['request_id'], unique=False)

    op.create_table('conflicts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('expert_id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=True),
    sa.Column('party_code', sa.String(length=3), nullable=True),
    sa.Column('institution', sa.String(length=250), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('declared_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("request_id IS NOT NULL OR party_code IS NOT NULL OR institution != ''", name=op.f('ck_conflicts_names_something')),
    sa.ForeignKeyConstraint(['declared_by_id'], ['users.id'], name=op.f('fk_conflicts_declared_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['expert_id'], ['experts.id'], name=op.f('fk_conflicts_expert_id_experts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['party_code'], ['parties.code'], name=op.f('fk_conflicts_party_code_parties')),
    sa.ForeignKeyConstraint(['request_id'], ['cooperation_requests.id'], name=op.f('fk_conflicts_request_id_cooperation_requests'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conflicts'))
    )
    with op.batch_alter_table('conflicts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_conflicts_expert_id'), ['expert_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_conflicts_request_id'), ['request_id'], unique=False)

    op.create_table('outbox_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('to_address', sa.String(length=254), nullable=False),
    sa.Column('subject', sa.String(length=250), nullable=False),
    sa.Column('body_text', sa.Text(), nullable=False),
    sa.Column('body_html', sa.Text(), nullable=False),
    sa.Column('template', sa.String(length=80), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=8), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('sent_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("status IN ('pending', 'sent', 'failed')", name=op.f('ck_outbox_messages_status')),
    sa.CheckConstraint('attempts >= 0', name=op.f('ck_outbox_messages_attempts_positive')),
    sa.ForeignKeyConstraint(['request_id'], ['cooperation_requests.id'], name=op.f('fk_outbox_messages_request_id_cooperation_requests'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_messages'))
    )
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_messages_request_id'), ['request_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_messages_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_messages_to_address'), ['to_address'], unique=False)

    op.create_table('request_languages',
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=2), nullable=False),
    sa.CheckConstraint('length(code) = 2', name=op.f('ck_request_languages_code_iso639_1')),
    sa.ForeignKeyConstraint(['request_id'], ['cooperation_requests.id'], name=op.f('fk_request_languages_request_id_cooperation_requests'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('request_id', 'code', name=op.f('pk_request_languages'))
    )
    op.create_table('request_tags',
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('tag_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['request_id'], ['cooperation_requests.id'], name=op.f('fk_request_tags_request_id_cooperation_requests'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tag_id'], ['tags.id'], name=op.f('fk_request_tags_tag_id_tags'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('request_id', 'tag_id', name=op.f('pk_request_tags'))
    )
    with op.batch_alter_table('request_tags', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_request_tags_tag_id'), ['tag_id'], unique=False)

    op.create_table('request_targets',
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('target_number', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['request_id'], ['cooperation_requests.id'], name=op.f('fk_request_targets_request_id_cooperation_requests'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['target_number'], ['targets.number'], name=op.f('fk_request_targets_target_number_targets')),
    sa.PrimaryKeyConstraint('request_id', 'target_number', name=op.f('pk_request_targets'))
    )
    with op.batch_alter_table('request_targets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_request_targets_target_number'), ['target_number'], unique=False)

    op.create_table('request_thematic_areas',
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=24), nullable=False),
    sa.CheckConstraint("code IN ('agricultural', 'dry_subhumid_lands', 'forest', 'inland_waters', 'island', 'marine_coastal', 'mountain')", name=op.f('ck_request_thematic_areas_code')),
    sa.ForeignKeyConstraint(['request_id'], ['cooperation_requests.id'], name=op.f('fk_request_thematic_areas_request_id_cooperation_requests'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('request_id', 'code', name=op.f('pk_request_thematic_areas'))
    )


def downgrade():
    op.drop_table('request_thematic_areas')
    with op.batch_alter_table('request_targets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_request_targets_target_number'))

    op.drop_table('request_targets')
    with op.batch_alter_table('request_tags', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_request_tags_tag_id'))

    op.drop_table('request_tags')
    op.drop_table('request_languages')
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_messages_to_address'))
        batch_op.drop_index(batch_op.f('ix_outbox_messages_status'))
        batch_op.drop_index(batch_op.f('ix_outbox_messages_request_id'))

    op.drop_table('outbox_messages')
    with op.batch_alter_table('conflicts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_conflicts_request_id'))
        batch_op.drop_index(batch_op.f('ix_conflicts_expert_id'))

    op.drop_table('conflicts')
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_comments_request_id'))

    op.drop_table('comments')
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_events_request_id'))
        batch_op.drop_index(batch_op.f('ix_audit_events_occurred_at'))
        batch_op.drop_index(batch_op.f('ix_audit_events_action'))

    op.drop_table('audit_events')
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attachments_request_id'))

    op.drop_table('attachments')
    with op.batch_alter_table('assignments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assignments_status'))
        batch_op.drop_index(batch_op.f('ix_assignments_request_id'))
        batch_op.drop_index(batch_op.f('ix_assignments_expert_id'))

    op.drop_table('assignments')
    with op.batch_alter_table('cooperation_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cooperation_requests_type'))
        batch_op.drop_index(batch_op.f('ix_cooperation_requests_submitted_by_id'))
        batch_op.drop_index(batch_op.f('ix_cooperation_requests_submitted_at'))
        batch_op.drop_index(batch_op.f('ix_cooperation_requests_status'))
        batch_op.drop_index(batch_op.f('ix_cooperation_requests_party_code'))

    op.drop_table('cooperation_requests')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_users_party_code'))

    op.drop_table('users')
    with op.batch_alter_table('publications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_publications_expert_id'))

    op.drop_table('publications')
    with op.batch_alter_table('expert_targets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_expert_targets_target_number'))

    op.drop_table('expert_targets')
    with op.batch_alter_table('expert_tags', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_expert_tags_tag_id'))

    op.drop_table('expert_tags')
    with op.batch_alter_table('expert_languages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_expert_languages_code'))

    op.drop_table('expert_languages')
    with op.batch_alter_table('tag_aliases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tag_aliases_tag_id'))

    op.drop_table('tag_aliases')
    with op.batch_alter_table('experts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_experts_status'))
        batch_op.drop_index(batch_op.f('ix_experts_country_code'))

    op.drop_table('experts')
    op.drop_table('targets')
    with op.batch_alter_table('tags', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tags_category'))

    op.drop_table('tags')
    op.drop_table('parties')
    op.drop_table('embedding_vectors')
