"""search impacts: each index term's best documents, and index terms' document counts

`search_impacts` (document, term, impact) holds what each term adds to RUM's score of a
document where that is at least app.search.impacts.IMPACT_FLOOR (each term's best
documents, best first); `search_terms` counts the documents holding each index term and
bounds what it adds off its list (see app/search/impacts.py). Both are filled only on PostgreSQL (from the stored tsvectors
here, then by the indexer); elsewhere they stay empty.

Revision ID: 0023_search_impacts
Revises: 0022_workspace
Create Date: 2026-12-05 14:30:00

"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = '0023_search_impacts'
down_revision = '0022_workspace'
branch_labels = None
depends_on = None

_TERM = sa.Text().with_variant(postgresql.TEXT(collation="C"), "postgresql")


def upgrade():
    op.create_table('search_impacts',
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('term', _TERM, nullable=False),
    sa.Column('score', sa.REAL(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['search_documents.id'],
                            name='fk_search_impacts_document_id_search_documents',
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('document_id', 'term', name='pk_search_impacts')
    )
    op.create_table('search_terms',
    sa.Column('term', _TERM, nullable=False),
    sa.Column('documents', sa.Integer(), nullable=False),
    sa.Column('unlisted', sa.REAL(), nullable=False),
    sa.PrimaryKeyConstraint('term', name='pk_search_terms')
    )
    if op.get_bind().dialect.name == "postgresql":
        from app.search import impacts

        op.create_index('ix_search_impacts_term_score', 'search_impacts',
                        ['term', sa.text('score DESC'), 'document_id'], unique=False)

        impacts.build(op.get_bind())


def downgrade():
    op.drop_table('search_terms')
    op.drop_table('search_impacts')  # with its index
