"""search: one analysed tsvector per document, ranked by a RUM index

The application now analyses text itself (hunspell for Swedish, see app/search/analysis.py)
and stores the result in `search_documents.tsv` with the weights A (title), B (body),
C (compound parts) and D (CPV names), replacing the three per-language tsvectors and the
arena_sv/arena_en/arena_de text search configurations. The server needs no dictionary
files. `search_lexicon` keeps each Swedish word's dictionary analysis, so it is done once.

On PostgreSQL the new column gets a RUM index (`CREATE EXTENSION rum`, Debian package
postgresql-15-rum) so the best matches are read in rank order. Where the extension is not
available the migration says so and creates a GIN index instead: search still works, but
ranks every match of a broad query (slower at national scale). Every stored document is
queued for indexing again; the worker's `search_index` job (or `flask --app wsgi search
rebuild`) fills the new column. The Whoosh index is rebuilt by the worker too (its
generation records the analysis it was built with).

Revision ID: 0014_search_swedish
Revises: 0013_co_owner_invitations
"""

import logging
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0014_search_swedish"
down_revision = "0013_co_owner_invitations"
branch_labels = None
depends_on = None

log = logging.getLogger("alembic.runtime.migration")
LANGUAGES = (("sv", "swedish"), ("en", "english"), ("de", "german"))


def _is_postgresql():
    return op.get_bind().dialect.name == "postgresql"


def _rum_available() -> bool:
    bind = op.get_bind()
    return bool(bind.execute(sa.text(
        "SELECT 1 FROM pg_available_extensions WHERE name = 'rum'")).scalar())


def _requeue_everything():
    now = datetime.now(UTC).replace(tzinfo=None)  # stored as naive UTC
    op.execute(sa.text(
        "INSERT INTO search_queue (doc_type, object_id, enqueued_at) "
        "SELECT doc_type, object_id, :now FROM search_documents").bindparams(now=now))


def upgrade():
    postgres = _is_postgresql()
    if postgres:
        for code, _name in LANGUAGES:
            op.drop_index(f"ix_search_documents_tsv_{code}", table_name="search_documents")
    with op.batch_alter_table("search_documents", schema=None) as batch_op:
        for code, _name in LANGUAGES:
            batch_op.drop_column(f"tsv_{code}")
        batch_op.add_column(sa.Column("tsv", postgresql.TSVECTOR() if postgres else sa.Text(),
                                      nullable=True))
    if postgres:
        for code, _name in LANGUAGES:
            op.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS arena_{code}")
        if _rum_available():
            op.execute("CREATE EXTENSION IF NOT EXISTS rum")
            op.create_index("ix_search_documents_tsv", "search_documents", ["tsv"],
                            postgresql_using="rum", postgresql_ops={"tsv": "rum_tsvector_ops"})
        else:
            log.warning("the PostgreSQL extension rum is not installed (Debian: apt-get "
                        "install postgresql-15-rum): search_documents.tsv gets a GIN index; "
                        "search works but ranks broad queries more slowly (docs/deployment.md)")
            op.create_index("ix_search_documents_tsv", "search_documents", ["tsv"],
                            postgresql_using="gin")
    op.create_table(
        "search_lexicon",
        sa.Column("word", sa.String(length=64), nullable=False),
        sa.Column("digest", sa.String(length=16), nullable=False),
        sa.Column("lemmas", sa.Text(), nullable=False),
        sa.Column("parts", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("word", name=op.f("pk_search_lexicon")),
    )
    _requeue_everything()


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


def downgrade():
    op.drop_table("search_lexicon")
    postgres = _is_postgresql()
    if postgres:
        op.drop_index("ix_search_documents_tsv", table_name="search_documents")
        _create_text_search_configurations()
    tsvector = postgresql.TSVECTOR() if postgres else sa.Text()
    with op.batch_alter_table("search_documents", schema=None) as batch_op:
        batch_op.drop_column("tsv")
        for code, _name in LANGUAGES:
            batch_op.add_column(sa.Column(f"tsv_{code}", tsvector, nullable=True))
    if postgres:
        for code, _name in LANGUAGES:
            op.create_index(f"ix_search_documents_tsv_{code}", "search_documents",
                            [f"tsv_{code}"], unique=False, postgresql_using="gin")
    _requeue_everything()
