"""solutions: the supplier profile on organisations

Revision ID: 0004_solutions
Revises: 0002_challenges_solutions
Create Date: 2026-11-28 00:18:41.786914

"""
from alembic import op
import sqlalchemy as sa

import app.core.db  # noqa: F401 - our column types (UTCDateTime)


# revision identifiers, used by Alembic.
revision = '0004_solutions'
down_revision = '0005_notifications'
branch_labels = None
depends_on = None


def upgrade():
    # Existing organisations get an empty profile (server defaults fill the rows).
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('offers', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('capabilities', sa.Text(), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('references', sa.Text(), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('regions_served', sa.JSON(), nullable=False,
                                      server_default=sa.text("'[]'")))


def downgrade():
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.drop_column('regions_served')
        batch_op.drop_column('references')
        batch_op.drop_column('capabilities')
        batch_op.drop_column('offers')
