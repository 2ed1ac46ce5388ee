"""Users' credentials version: a deactivation ends the sessions, tokens and links made before it.

Revision ID: 0017_credentials_version
Revises: 0016_matcher_changes
Create Date: 2026-12-07 23:40:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0017_credentials_version'
down_revision = '0016_matcher_changes'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('credentials_version', sa.Integer(), server_default='0', nullable=False)
        )


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('credentials_version')
