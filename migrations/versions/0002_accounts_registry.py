"""Expert registry: the verification reminder time and the stale-embedding flag of profiles.

Revision ID: 0002_accounts_registry
Revises: 0001_initial
Create Date: 2026-11-26 14:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0002_accounts_registry"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("experts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reminded_at", sa.DateTime(), nullable=True))
        batch_op.add_column(
            sa.Column("embedding_stale", sa.Boolean(), server_default=sa.true(), nullable=False)
        )
        batch_op.create_index(
            batch_op.f("ix_experts_embedding_stale"), ["embedding_stale"], unique=False
        )


def downgrade():
    with op.batch_alter_table("experts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_experts_embedding_stale"))
        batch_op.drop_column("embedding_stale")
        batch_op.drop_column("reminded_at")
