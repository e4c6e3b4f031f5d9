"""search snapshots: the stored documents frozen into arrays for the PostgreSQL
backend to rank in memory (issue 18), with the SQL functions that score a term

The tables exist on every database (they stay empty outside PostgreSQL); the functions
are PostgreSQL only. No snapshot is taken here (a minute or two at national scale): the
worker's search_snapshot job takes the first within a minute, and until then the RUM
index answers as before.

Revision ID: 0023_search_snapshots
Revises: 0022_workspace
Create Date: 2026-12-06 00:10:00

"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from app.core.db import UTCDateTime
from app.search.models import SEARCH_FUNCTIONS, SEARCH_FUNCTIONS_DROP

# revision identifiers, used by Alembic.
revision = '0023_search_snapshots'
down_revision = '0022_workspace'
branch_labels = None
depends_on = None


def _postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade():
    op.create_table(
        'search_snapshots',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('built_at', UTCDateTime(), nullable=False),
        sa.Column('fresh_from_at', UTCDateTime(), nullable=False),
        sa.Column('documents', sa.Integer(), nullable=False),
        sa.Column('ids', sa.LargeBinary(), nullable=False),
        sa.Column('deadlines', sa.LargeBinary(), nullable=False),
        sa.Column('published', sa.LargeBinary(), nullable=False),
        sa.Column('statuses', sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_search_snapshots')),
    )
    op.create_table(
        'search_postings',
        sa.Column('snapshot_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.Enum('term', 'facet', name='posting_kind', native_enum=False,
                                  create_constraint=True, length=40), nullable=False),
        sa.Column('term', sa.Text().with_variant(postgresql.TEXT(collation='C'), 'postgresql'),
                  nullable=False),
        sa.Column('documents', sa.Integer(), nullable=False),
        sa.Column('rows', sa.LargeBinary(), nullable=False),
        sa.Column('impacts', sa.LargeBinary(), nullable=True),
        sa.Column('weights', sa.LargeBinary(), nullable=True),
        sa.Column('occurrences', sa.LargeBinary(), nullable=True),
        sa.Column('positions', sa.LargeBinary(), nullable=True),
        sa.ForeignKeyConstraint(['snapshot_id'], ['search_snapshots.id'],
                                name='fk_search_postings_snapshot_id_search_snapshots',
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('snapshot_id', 'kind', 'term', name=op.f('pk_search_postings')),
    )
    if _postgresql():
        for statement in SEARCH_FUNCTIONS:
            op.execute(statement)


def downgrade():
    if _postgresql():
        for statement in SEARCH_FUNCTIONS_DROP:
            op.execute(statement)
    op.drop_table('search_postings')
    op.drop_table('search_snapshots')
