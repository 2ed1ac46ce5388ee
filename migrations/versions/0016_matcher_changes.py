"""The matcher's change log: profile and load changes each process applies to its pool.

Revision ID: 0016_matcher_changes
Revises: 0013_ownership
Create Date: 2026-12-07 13:30:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0016_matcher_changes'
down_revision = '0013_ownership'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('matcher_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('expert_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("kind IN ('profile', 'load', 'all')", name=op.f('ck_matcher_changes_kind')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_matcher_changes')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('matcher_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_matcher_changes_changed_at'), ['changed_at'], unique=False)


def downgrade():
    with op.batch_alter_table('matcher_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_matcher_changes_changed_at'))
    op.drop_table('matcher_changes')
