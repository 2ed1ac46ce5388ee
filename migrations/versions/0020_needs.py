"""The needs assessment: questionnaire templates in versions, rounds, responses with their
answers and documents, and the desk review's findings.

Revision ID: 0020_needs
Revises: 0019_knowledge
Create Date: 2026-12-07 23:21:16.638477

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0020_needs'
down_revision = '0019_knowledge'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('needs_templates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_needs_templates')),
    sa.UniqueConstraint('name', name=op.f('uq_needs_templates_name'))
    )
    op.create_table('needs_findings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('party_code', sa.String(length=3), nullable=False),
    sa.Column('document_type', sa.String(length=20), nullable=False),
    sa.Column('document_title', sa.String(length=250), nullable=False),
    sa.Column('document_year', sa.Integer(), nullable=False),
    sa.Column('document_link', sa.String(length=500), nullable=False),
    sa.Column('priority', sa.String(length=8), nullable=False),
    sa.Column('passage', sa.Text(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("document_type IN ('national_report_7', 'cartagena_report', 'nagoya_report', 'nbsap', 'other')", name=op.f('ck_needs_findings_document_type')),
    sa.CheckConstraint("priority IN ('high', 'medium', 'low')", name=op.f('ck_needs_findings_priority')),
    sa.CheckConstraint('document_year BETWEEN 1992 AND 2100', name=op.f('ck_needs_findings_document_year_range')),
    sa.CheckConstraint('length(passage) > 0', name=op.f('ck_needs_findings_passage_not_empty')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_needs_findings_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['party_code'], ['parties.code'], name=op.f('fk_needs_findings_party_code_parties')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_needs_findings'))
    )
    with op.batch_alter_table('needs_findings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_needs_findings_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_needs_findings_party_code'), ['party_code'], unique=False)

    op.create_table('needs_template_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('template_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('title_en', sa.String(length=250), nullable=False),
    sa.Column('title_zh', sa.String(length=250), nullable=False),
    sa.Column('intro_en', sa.Text(), nullable=False),
    sa.Column('intro_zh', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('number >= 1', name=op.f('ck_needs_template_versions_number_positive')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_needs_template_versions_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['template_id'], ['needs_templates.id'], name=op.f('fk_needs_template_versions_template_id_needs_templates'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_needs_template_versions')),
    sa.UniqueConstraint('template_id', 'number', name=op.f('uq_needs_template_versions_template_id_number'))
    )
    with op.batch_alter_table('needs_template_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_needs_template_versions_template_id'), ['template_id'], unique=False)

    op.create_table('needs_finding_tags',
    sa.Column('finding_id', sa.Integer(), nullable=False),
    sa.Column('tag_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['finding_id'], ['needs_findings.id'], name=op.f('fk_needs_finding_tags_finding_id_needs_findings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tag_id'], ['tags.id'], name=op.f('fk_needs_finding_tags_tag_id_tags'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('finding_id', 'tag_id', name=op.f('pk_needs_finding_tags'))
    )
    with op.batch_alter_table('needs_finding_tags', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_needs_finding_tags_tag_id'), ['tag_id'], unique=False)

    op.create_table('needs_finding_targets',
    sa.Column('finding_id', sa.Integer(), nullable=False),
    sa.Column('target_number', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['finding_id'], ['needs_findings.id'], name=op.f('fk_needs_finding_targets_finding_id_needs_findings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['target_number'], ['targets.number'], name=op.f('fk_needs_finding_targets_target_number_targets')),
    sa.PrimaryKeyConstraint('finding_id', 'target_number', name=op.f('pk_needs_finding_targets'))
    )
    with op.batch_alter_table('needs_finding_targets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_needs_finding_targets_target_number'), ['target_number'], unique=False)

    op.create_table('needs_rounds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=250), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_needs_rounds_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['version_id'], ['needs_template_versions.id'], name=op.f('fk_needs_rounds_version_id_needs_template_versions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_needs_rounds'))
    )
    with op.batch_alter_table('needs_rounds', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_needs_rounds_version_id'), ['version_id'], unique=False)

    op.create_table('needs_sections',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title_en', sa.String(length=250), nullable=False),
    sa.Column('title_zh', sa.String(length=250), nullable=False),
    sa.ForeignKeyConstraint(['version_id'], ['needs_template_versions.id'], name=op.f('fk_needs_sections_version_id_needs_template_versions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_needs_sections'))
    )
    with op.batch_alter_table('needs_sections', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_needs_sections_version_id'), ['version_id'], unique=False)

    op.create_table('needs_questions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('section_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('text_en', sa.Text(), nullable=False),
    sa.Column('text_zh', sa.Text(), nullable=False),
    sa.Column('options', sa.JSON(), nullable=False),
    sa.CheckConstraint("kind IN ('target_priority', 'area_priority', 'choice', 'text')", name=op.f('ck_needs_questions_kind')),
    sa.ForeignKeyConstraint(['section_id'], ['needs_sections.id'], name=op.f('fk_needs_questions_section_id_needs_sections'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_needs_questions'))
    )
    with op.batch_alter_table('needs_questions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_needs_questions_section_id'), ['section_id'], unique=False)

    op.create_table('needs_responses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('party_code', sa.String(length=3), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('saved_at', sa.DateTime(), nullable=True),
    sa.Column('submitted_at', sa.DateTime(), nullable=True),
    sa.Column('submitted_by_id', sa.Integer(), nullable=True),
    sa.Column('reminded_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("status = 'open' OR submitted_at IS NOT NULL", name=op.f('ck_needs_responses_submitted_has_time')),
    sa.CheckConstraint("status IN ('open', 'submitted')", name=op.f('ck_needs_responses_status')),
    sa.ForeignKeyConstraint(['party_code'], ['parties.code'], name=op.f('fk_needs_responses_party_code_parties')),
    sa.ForeignKeyConstraint(['round_id'], ['needs_rounds.id'], name=op.f('fk_needs_responses_round_id_needs_rounds'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['submitted_by_id'], ['users.id'], name=op.f('fk_needs_responses_submitted_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_needs_responses')),
    sa.UniqueConstraint('round_id', 'party_code', name=op.f('uq_needs_responses_round_id_party_code'))
    )
    with op.batch_alter_table('needs_responses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_needs_responses_party_code'), ['party_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_needs_responses_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_needs_responses_submitted_at'), ['submitted_at'], unique=False)

    op.create_table('needs_answers',
    sa.Column('response_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('item', sa.String(length=24), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['question_id'], ['needs_questions.id'], name=op.f('fk_needs_answers_question_id_needs_questions')),
    sa.ForeignKeyConstraint(['response_id'], ['needs_responses.id'], name=op.f('fk_needs_answers_response_id_needs_responses'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('response_id', 'question_id', 'item', name=op.f('pk_needs_answers'))
    )
    with op.batch_alter_table('needs_answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_needs_answers_question_id'), ['question_id'], unique=False)

    op.create_table('needs_response_documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('response_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('stored_name', sa.String(length=64), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('size >= 0', name=op.f('ck_needs_response_documents_size_positive')),
    sa.ForeignKeyConstraint(['response_id'], ['needs_responses.id'], name=op.f('fk_needs_response_documents_response_id_needs_responses'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_needs_response_documents_uploaded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_needs_response_documents')),
    sa.UniqueConstraint('stored_name', name=op.f('uq_needs_response_documents_stored_name'))
    )
    with op.batch_alter_table('needs_response_documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_needs_response_documents_response_id'), ['response_id'], unique=False)



def downgrade():
    with op.batch_alter_table('needs_response_documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_needs_response_documents_response_id'))

    op.drop_table('needs_response_documents')
    with op.batch_alter_table('needs_answers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_needs_answers_question_id'))

    op.drop_table('needs_answers')
    with op.batch_alter_table('needs_responses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_needs_responses_submitted_at'))
        batch_op.drop_index(batch_op.f('ix_needs_responses_status'))
        batch_op.drop_index(batch_op.f('ix_needs_responses_party_code'))

    op.drop_table('needs_responses')
    with op.batch_alter_table('needs_questions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_needs_questions_section_id'))

    op.drop_table('needs_questions')
    with op.batch_alter_table('needs_sections', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_needs_sections_version_id'))

    op.drop_table('needs_sections')
    with op.batch_alter_table('needs_rounds', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_needs_rounds_version_id'))

    op.drop_table('needs_rounds')
    with op.batch_alter_table('needs_finding_targets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_needs_finding_targets_target_number'))

    op.drop_table('needs_finding_targets')
    with op.batch_alter_table('needs_finding_tags', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_needs_finding_tags_tag_id'))

    op.drop_table('needs_finding_tags')
    with op.batch_alter_table('needs_template_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_needs_template_versions_template_id'))

    op.drop_table('needs_template_versions')
    with op.batch_alter_table('needs_findings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_needs_findings_party_code'))
        batch_op.drop_index(batch_op.f('ix_needs_findings_created_at'))

    op.drop_table('needs_findings')
    op.drop_table('needs_templates')
