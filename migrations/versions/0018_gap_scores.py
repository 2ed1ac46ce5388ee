"""The coverage gaps' cache of best match scores, one row per request.

Revision ID: 0018_gap_scores
Revises: 0017_credentials_version
Create Date: 2026-12-07 23:50:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0018_gap_scores'
down_revision = '0017_credentials_version'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('gap_scores',
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('best_score', sa.Double(), nullable=False),
    sa.Column('expert_id', sa.Integer(), nullable=True),
    sa.Column('computed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['request_id'], ['cooperation_requests.id'], name=op.f('fk_gap_scores_request_id_cooperation_requests'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('request_id', name=op.f('pk_gap_scores'))
    )


def downgrade():
    op.drop_table('gap_scores')
