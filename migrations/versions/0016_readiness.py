"""readiness: a supplier's private quick checks, and the knowledge hub's reach counters

`readiness_checks` keeps each completed quick check (answers as JSON, private to the
organisation's members). `knowledge_article_reach` keeps aggregated counters of article
reading per Swedish day and kind of reader (views and sessions), never who read.

Revision ID: 0016_readiness
Revises: 0015_dialogue
Create Date: 2026-12-05 06:03:42.495584

"""
import sqlalchemy as sa
from alembic import op

import app.core.db  # noqa: F401 - our column types (UTCDateTime)

# revision identifiers, used by Alembic.
revision = '0016_readiness'
down_revision = '0015_dialogue'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('readiness_checks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('completed_by_id', sa.Integer(), nullable=True),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('score', sa.Integer(), nullable=False),
    sa.Column('show_on_profile', sa.Boolean(), nullable=False),
    sa.Column('completed_at', app.core.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['completed_by_id'], ['users.id'], name='fk_readiness_checks_completed_by_id_users', ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name='fk_readiness_checks_organisation_id_organisations', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_readiness_checks'))
    )
    with op.batch_alter_table('readiness_checks', schema=None) as batch_op:
        batch_op.create_index('ix_readiness_checks_organisation_completed', ['organisation_id', 'completed_at'], unique=False)

    op.create_table('knowledge_article_reach',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('reader_role', sa.String(length=40), nullable=False),
    sa.Column('views', sa.Integer(), nullable=False),
    sa.Column('sessions', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['knowledge_articles.id'], name='fk_knowledge_article_reach_article_id_knowledge_articles', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_knowledge_article_reach')),
    sa.UniqueConstraint('article_id', 'day', 'reader_role', name='uq_knowledge_article_reach_article_day_role')
    )
    with op.batch_alter_table('knowledge_article_reach', schema=None) as batch_op:
        batch_op.create_index('ix_knowledge_article_reach_day', ['day'], unique=False)



def downgrade():
    with op.batch_alter_table('knowledge_article_reach', schema=None) as batch_op:
        batch_op.drop_index('ix_knowledge_article_reach_day')

    op.drop_table('knowledge_article_reach')
    with op.batch_alter_table('readiness_checks', schema=None) as batch_op:
        batch_op.drop_index('ix_readiness_checks_organisation_completed')

    op.drop_table('readiness_checks')
