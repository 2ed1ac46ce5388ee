"""Files that come with a comment, and the staff's saved replies.

Revision ID: 0021_comment_files_and_replies
Revises: 0020_needs
Create Date: 2026-12-07 23:40:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0021_comment_files_and_replies'
down_revision = '0020_needs'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('saved_replies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('language', sa.String(length=2), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('length(body) > 0', name=op.f('ck_saved_replies_body_not_empty')),
    sa.CheckConstraint('length(language) = 2', name=op.f('ck_saved_replies_language_iso639_1')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_saved_replies_created_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_saved_replies')),
    sa.UniqueConstraint('language', 'title', name=op.f('uq_saved_replies_language_title'))
    )
    with op.batch_alter_table('saved_replies', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_saved_replies_language'), ['language'], unique=False)
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('comment_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_attachments_comment_id'), ['comment_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_attachments_comment_id_comments'), 'comments', ['comment_id'], ['id'], ondelete='CASCADE')


def downgrade():
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_attachments_comment_id_comments'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_attachments_comment_id'))
        batch_op.drop_column('comment_id')
    with op.batch_alter_table('saved_replies', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_saved_replies_language'))
    op.drop_table('saved_replies')
