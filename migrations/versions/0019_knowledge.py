"""Knowledge products: the registry, its files and their downloads.

Revision ID: 0019_knowledge
Revises: 0018_gap_scores
Create Date: 2026-12-07 23:30:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0019_knowledge'
down_revision = '0018_gap_scores'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('knowledge_products',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=250), nullable=False),
    sa.Column('title_zh', sa.String(length=250), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('summary_zh', sa.Text(), nullable=False),
    sa.Column('type', sa.String(length=20), nullable=False),
    sa.Column('year', sa.Integer(), nullable=True),
    sa.Column('authors', sa.Text(), nullable=False),
    sa.Column('links', sa.JSON(), nullable=False),
    sa.Column('licence', sa.String(length=100), nullable=False),
    sa.Column('visibility', sa.String(length=8), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("type IN ('report', 'case_study', 'policy_brief', 'guideline', 'training_material', 'dataset', 'tool')", name=op.f('ck_knowledge_products_type')),
    sa.CheckConstraint("visibility IN ('public', 'staff')", name=op.f('ck_knowledge_products_visibility')),
    sa.CheckConstraint('length(title) > 0 OR length(title_zh) > 0', name=op.f('ck_knowledge_products_has_title')),
    sa.CheckConstraint('year IS NULL OR year BETWEEN 1900 AND 2999', name=op.f('ck_knowledge_products_year_range')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_knowledge_products_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['request_id'], ['cooperation_requests.id'], name=op.f('fk_knowledge_products_request_id_cooperation_requests'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_knowledge_products')),
    sa.UniqueConstraint('request_id', name=op.f('uq_knowledge_products_request_id'))
    )
    with op.batch_alter_table('knowledge_products', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_knowledge_products_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_knowledge_products_type'), ['type'], unique=False)
        batch_op.create_index(batch_op.f('ix_knowledge_products_visibility'), ['visibility'], unique=False)
        batch_op.create_index(batch_op.f('ix_knowledge_products_year'), ['year'], unique=False)

    op.create_table('knowledge_product_experts',
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('expert_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['expert_id'], ['experts.id'], name=op.f('fk_knowledge_product_experts_expert_id_experts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['product_id'], ['knowledge_products.id'], name=op.f('fk_knowledge_product_experts_product_id_knowledge_products'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('product_id', 'expert_id', name=op.f('pk_knowledge_product_experts'))
    )
    with op.batch_alter_table('knowledge_product_experts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_knowledge_product_experts_expert_id'), ['expert_id'], unique=False)

    op.create_table('knowledge_product_files',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('stored_name', sa.String(length=64), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('size >= 0', name=op.f('ck_knowledge_product_files_size_positive')),
    sa.ForeignKeyConstraint(['product_id'], ['knowledge_products.id'], name=op.f('fk_knowledge_product_files_product_id_knowledge_products'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_knowledge_product_files_uploaded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_knowledge_product_files')),
    sa.UniqueConstraint('stored_name', name=op.f('uq_knowledge_product_files_stored_name'))
    )
    with op.batch_alter_table('knowledge_product_files', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_knowledge_product_files_product_id'), ['product_id'], unique=False)

    op.create_table('knowledge_product_languages',
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=2), nullable=False),
    sa.CheckConstraint('length(code) = 2', name=op.f('ck_knowledge_product_languages_code_iso639_1')),
    sa.ForeignKeyConstraint(['product_id'], ['knowledge_products.id'], name=op.f('fk_knowledge_product_languages_product_id_knowledge_products'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('product_id', 'code', name=op.f('pk_knowledge_product_languages'))
    )
    op.create_table('knowledge_product_parties',
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('party_code', sa.String(length=3), nullable=False),
    sa.ForeignKeyConstraint(['party_code'], ['parties.code'], name=op.f('fk_knowledge_product_parties_party_code_parties')),
    sa.ForeignKeyConstraint(['product_id'], ['knowledge_products.id'], name=op.f('fk_knowledge_product_parties_product_id_knowledge_products'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('product_id', 'party_code', name=op.f('pk_knowledge_product_parties'))
    )
    with op.batch_alter_table('knowledge_product_parties', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_knowledge_product_parties_party_code'), ['party_code'], unique=False)

    op.create_table('knowledge_product_tags',
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('tag_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['product_id'], ['knowledge_products.id'], name=op.f('fk_knowledge_product_tags_product_id_knowledge_products'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tag_id'], ['tags.id'], name=op.f('fk_knowledge_product_tags_tag_id_tags'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('product_id', 'tag_id', name=op.f('pk_knowledge_product_tags'))
    )
    with op.batch_alter_table('knowledge_product_tags', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_knowledge_product_tags_tag_id'), ['tag_id'], unique=False)

    op.create_table('knowledge_product_targets',
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('target_number', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['product_id'], ['knowledge_products.id'], name=op.f('fk_knowledge_product_targets_product_id_knowledge_products'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['target_number'], ['targets.number'], name=op.f('fk_knowledge_product_targets_target_number_targets')),
    sa.PrimaryKeyConstraint('product_id', 'target_number', name=op.f('pk_knowledge_product_targets'))
    )
    with op.batch_alter_table('knowledge_product_targets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_knowledge_product_targets_target_number'), ['target_number'], unique=False)

    op.create_table('knowledge_product_downloads',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('file_id', sa.Integer(), nullable=True),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('downloaded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['file_id'], ['knowledge_product_files.id'], name=op.f('fk_knowledge_product_downloads_file_id_knowledge_product_files'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['product_id'], ['knowledge_products.id'], name=op.f('fk_knowledge_product_downloads_product_id_knowledge_products'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_knowledge_product_downloads'))
    )
    with op.batch_alter_table('knowledge_product_downloads', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_knowledge_product_downloads_downloaded_at'), ['downloaded_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_knowledge_product_downloads_file_id'), ['file_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_knowledge_product_downloads_product_id'), ['product_id'], unique=False)



def downgrade():
    with op.batch_alter_table('knowledge_product_downloads', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_knowledge_product_downloads_product_id'))
        batch_op.drop_index(batch_op.f('ix_knowledge_product_downloads_file_id'))
        batch_op.drop_index(batch_op.f('ix_knowledge_product_downloads_downloaded_at'))

    op.drop_table('knowledge_product_downloads')
    with op.batch_alter_table('knowledge_product_targets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_knowledge_product_targets_target_number'))

    op.drop_table('knowledge_product_targets')
    with op.batch_alter_table('knowledge_product_tags', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_knowledge_product_tags_tag_id'))

    op.drop_table('knowledge_product_tags')
    with op.batch_alter_table('knowledge_product_parties', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_knowledge_product_parties_party_code'))

    op.drop_table('knowledge_product_parties')
    op.drop_table('knowledge_product_languages')
    with op.batch_alter_table('knowledge_product_files', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_knowledge_product_files_product_id'))

    op.drop_table('knowledge_product_files')
    with op.batch_alter_table('knowledge_product_experts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_knowledge_product_experts_expert_id'))

    op.drop_table('knowledge_product_experts')
    with op.batch_alter_table('knowledge_products', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_knowledge_products_year'))
        batch_op.drop_index(batch_op.f('ix_knowledge_products_visibility'))
        batch_op.drop_index(batch_op.f('ix_knowledge_products_type'))
        batch_op.drop_index(batch_op.f('ix_knowledge_products_created_at'))

    op.drop_table('knowledge_products')
