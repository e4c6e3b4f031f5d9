"""search: change queue, indexed documents, vocabulary, saved searches and alerts

On PostgreSQL also the unaccent extension, the arena_sv/arena_en/arena_de text search
configurations, tsvector columns and GIN indexes for SEARCH_BACKEND=postgres. On SQLite
the tsvector columns are plain (always empty) text columns and the GIN indexes are
skipped.

Revision ID: 0008_search
Revises: 0002_challenges_solutions
Create Date: 2026-11-28 01:04:06.986572

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

import app.core.db  # noqa: F401 - our column types (UTCDateTime)


# revision identifiers, used by Alembic.
revision = '0008_search'
down_revision = '0013_performance'
branch_labels = None
depends_on = None

LANGUAGES = (("sv", "swedish"), ("en", "english"), ("de", "german"))


def _is_postgresql():
    return op.get_bind().dialect.name == "postgresql"


def _create_text_search_configurations():
    op.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    for code, name in LANGUAGES:
        op.execute(f"""DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'arena_{code}') THEN
    CREATE TEXT SEARCH CONFIGURATION arena_{code} (COPY = pg_catalog.{name});
    ALTER TEXT SEARCH CONFIGURATION arena_{code}
      ALTER MAPPING FOR hword, hword_part, word WITH unaccent, {name}_stem;
  END IF;
END $$""")


def upgrade():
    postgres = _is_postgresql()
    tsvector = postgresql.TSVECTOR() if postgres else sa.Text()
    facets = postgresql.JSONB(astext_type=sa.Text()) if postgres else sa.JSON()
    if postgres:
        _create_text_search_configurations()
    op.create_table('search_documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('doc_type', sa.String(length=40), nullable=False),
    sa.Column('object_id', sa.Integer(), nullable=False),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('extra', sa.Text(), nullable=False),
    sa.Column('url', sa.String(length=500), nullable=False),
    sa.Column('facets', facets, nullable=False),
    sa.Column('published_at', app.core.db.UTCDateTime(), nullable=False),
    sa.Column('deadline_at', app.core.db.UTCDateTime(), nullable=True),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('indexed_at', app.core.db.UTCDateTime(), nullable=False),
    sa.Column('tsv_sv', tsvector, nullable=True),
    sa.Column('tsv_en', tsvector, nullable=True),
    sa.Column('tsv_de', tsvector, nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_documents')),
    sa.UniqueConstraint('doc_type', 'object_id', name='uq_search_documents_type_object')
    )
    with op.batch_alter_table('search_documents', schema=None) as batch_op:
        batch_op.create_index('ix_search_documents_indexed_at', ['indexed_at'], unique=False)
        batch_op.create_index('ix_search_documents_published_at', ['published_at'], unique=False)
    if postgres:
        for column in ('tsv_sv', 'tsv_en', 'tsv_de', 'facets'):
            op.create_index(f'ix_search_documents_{column}', 'search_documents', [column],
                            unique=False, postgresql_using='gin')

    op.create_table('search_queue',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('doc_type', sa.String(length=40), nullable=False),
    sa.Column('object_id', sa.Integer(), nullable=False),
    sa.Column('enqueued_at', app.core.db.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_queue'))
    )
    op.create_table('search_words',
    sa.Column('word', sa.String(length=64), nullable=False),
    sa.Column('documents', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('word', name=op.f('pk_search_words'))
    )
    op.create_table('saved_searches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('search', 'profile', name='saved_search_kind', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('query', sa.String(length=500), nullable=False),
    sa.Column('filters', sa.JSON(), nullable=False),
    sa.Column('frequency', sa.Enum('immediately', 'daily', 'weekly', 'off', name='alert_frequency', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('created_at', app.core.db.UTCDateTime(), nullable=False),
    sa.Column('checked_through', app.core.db.UTCDateTime(), nullable=False),
    sa.Column('last_sent_at', app.core.db.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name='fk_saved_searches_user_id_users', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_saved_searches'))
    )
    with op.batch_alter_table('saved_searches', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_saved_searches_user_id'), ['user_id'], unique=False)

    op.create_table('saved_search_matches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('saved_search_id', sa.Integer(), nullable=False),
    sa.Column('doc_type', sa.String(length=40), nullable=False),
    sa.Column('object_id', sa.Integer(), nullable=False),
    sa.Column('matched_at', app.core.db.UTCDateTime(), nullable=False),
    sa.Column('sent_at', app.core.db.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['saved_search_id'], ['saved_searches.id'], name='fk_saved_search_matches_saved_search_id_saved_searches', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_saved_search_matches')),
    sa.UniqueConstraint('saved_search_id', 'doc_type', 'object_id', name='uq_saved_search_matches_search_document')
    )
    with op.batch_alter_table('saved_search_matches', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_saved_search_matches_saved_search_id'), ['saved_search_id'], unique=False)


def downgrade():
    with op.batch_alter_table('saved_search_matches', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_saved_search_matches_saved_search_id'))

    op.drop_table('saved_search_matches')
    with op.batch_alter_table('saved_searches', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_saved_searches_user_id'))

    op.drop_table('saved_searches')
    op.drop_table('search_words')
    op.drop_table('search_queue')
    if _is_postgresql():
        for column in ('tsv_sv', 'tsv_en', 'tsv_de', 'facets'):
            op.drop_index(f'ix_search_documents_{column}', table_name='search_documents')
    with op.batch_alter_table('search_documents', schema=None) as batch_op:
        batch_op.drop_index('ix_search_documents_published_at')
        batch_op.drop_index('ix_search_documents_indexed_at')

    op.drop_table('search_documents')
    if _is_postgresql():
        for code, _name in LANGUAGES:
            op.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS arena_{code}")
