"""Queue the existing networks, knowledge articles, good examples and funding programmes
for indexing, now that they are search document types.

A data migration: the indexer (the worker's `search_index` job) applies the queued rows
and indexes only what is public (active networks, published articles and examples).
The downgrade removes these types from the queue and from the stored documents; an
index built by Whoosh keeps their entries until `flask --app wsgi search rebuild`.

Revision ID: 0014_search_more_types
Revises: 0008_search
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0014_search_more_types"
down_revision = "0008_search"
branch_labels = None
depends_on = None

NEW_TYPES = {"network": "networks", "article": "knowledge_articles",
             "case": "knowledge_case_studies", "funding": "funding_programmes"}

queue = sa.table("search_queue", sa.column("doc_type", sa.String),
                 sa.column("object_id", sa.Integer), sa.column("enqueued_at", sa.DateTime))


def upgrade():
    bind = op.get_bind()
    now = datetime.now(UTC).replace(tzinfo=None)  # stored as naive UTC
    for doc_type, table in NEW_TYPES.items():
        ids = bind.execute(sa.select(sa.table(table, sa.column("id")).c.id)).scalars().all()
        if ids:
            op.bulk_insert(queue, [{"doc_type": doc_type, "object_id": object_id,
                                    "enqueued_at": now} for object_id in ids])


def downgrade():
    for table in ("search_queue", "search_documents"):
        op.execute(sa.text(f"DELETE FROM {table} WHERE doc_type IN "  # noqa: S608 - constants
                           "('network', 'article', 'case', 'funding')"))
