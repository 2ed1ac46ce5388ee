"""Files that come with a comment.

Revision ID: 0020_roles
Revises: 0016_matcher_changes
Create Date: 2026-12-07 23:40:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0020_roles'
down_revision = '0016_matcher_changes'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('comment_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_attachments_comment_id'), ['comment_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_attachments_comment_id_comments'), 'comments', ['comment_id'], ['id'], ondelete='CASCADE')


def downgrade():
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_attachments_comment_id_comments'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_attachments_comment_id'))
        batch_op.drop_column('comment_id')
