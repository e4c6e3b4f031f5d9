"""knowledge articles, revisions and good examples

Revision ID: 0007_knowledge
Revises: 0002_challenges_solutions
Create Date: 2026-11-28 00:23:41.934005

"""
from alembic import op
import sqlalchemy as sa

import app.core.db  # noqa: F401 - our column types (UTCDateTime)


# revision identifiers, used by Alembic.
revision = '0007_knowledge'
down_revision = '0009_account_security'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('knowledge_articles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('kind', sa.Enum('method_guide', 'definition', 'ip_guidance', 'template', 'good_example', name='article_kind', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('title_sv', sa.String(length=200), nullable=False),
    sa.Column('title_en', sa.String(length=200), nullable=False),
    sa.Column('summary_sv', sa.String(length=600), nullable=False),
    sa.Column('summary_en', sa.String(length=600), nullable=False),
    sa.Column('body_sv', sa.Text(), nullable=False),
    sa.Column('body_en', sa.Text(), nullable=False),
    sa.Column('is_published', sa.Boolean(), nullable=False),
    sa.Column('created_at', app.core.db.UTCDateTime(), nullable=False),
    sa.Column('updated_at', app.core.db.UTCDateTime(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name='fk_knowledge_articles_updated_by_id_users', ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_knowledge_articles')),
    sa.UniqueConstraint('slug', name='uq_knowledge_articles_slug')
    )
    op.create_table('knowledge_article_relations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('related_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['knowledge_articles.id'], name='fk_knowledge_article_relations_article_id_knowledge_articles', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['related_id'], ['knowledge_articles.id'], name='fk_knowledge_article_relations_related_id_knowledge_articles', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_knowledge_article_relations')),
    sa.UniqueConstraint('article_id', 'related_id', name='uq_knowledge_article_relations_article_related')
    )
    with op.batch_alter_table('knowledge_article_relations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_knowledge_article_relations_article_id'), ['article_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_knowledge_article_relations_related_id'), ['related_id'], unique=False)

    op.create_table('knowledge_article_revisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('created_at', app.core.db.UTCDateTime(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(length=300), nullable=False),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['knowledge_articles.id'], name='fk_knowledge_article_revisions_article_id_knowledge_articles', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name='fk_knowledge_article_revisions_author_id_users', ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_knowledge_article_revisions')),
    sa.UniqueConstraint('article_id', 'number', name='uq_knowledge_article_revisions_article_number')
    )
    with op.batch_alter_table('knowledge_article_revisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_knowledge_article_revisions_article_id'), ['article_id'], unique=False)

    op.create_table('knowledge_article_tags',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('tag', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['knowledge_articles.id'], name='fk_knowledge_article_tags_article_id_knowledge_articles', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_knowledge_article_tags')),
    sa.UniqueConstraint('article_id', 'tag', name='uq_knowledge_article_tags_article_tag')
    )
    with op.batch_alter_table('knowledge_article_tags', schema=None) as batch_op:
        batch_op.create_index('ix_knowledge_article_tags_tag', ['tag'], unique=False)

    op.create_table('knowledge_case_studies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source_key', sa.String(length=40), nullable=True),
    sa.Column('organisation_name', sa.String(length=200), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('challenge_id', sa.Integer(), nullable=True),
    sa.Column('title_sv', sa.String(length=200), nullable=False),
    sa.Column('title_en', sa.String(length=200), nullable=False),
    sa.Column('summary_sv', sa.Text(), nullable=False),
    sa.Column('summary_en', sa.Text(), nullable=False),
    sa.Column('track', sa.Enum('before_procurement', 'ongoing_procurement', 'capacity_building', 'platform_challenge', name='case_track', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('sector', sa.String(length=40), nullable=True),
    sa.Column('county', sa.String(length=8), nullable=True),
    sa.Column('is_published', sa.Boolean(), nullable=False),
    sa.Column('published_at', app.core.db.UTCDateTime(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', app.core.db.UTCDateTime(), nullable=False),
    sa.Column('updated_at', app.core.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['challenge_id'], ['challenges.id'], name='fk_knowledge_case_studies_challenge_id_challenges', ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name='fk_knowledge_case_studies_created_by_id_users', ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name='fk_knowledge_case_studies_organisation_id_organisations', ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_knowledge_case_studies')),
    sa.UniqueConstraint('challenge_id', name='uq_knowledge_case_studies_challenge_id'),
    sa.UniqueConstraint('source_key', name='uq_knowledge_case_studies_source_key')
    )
    with op.batch_alter_table('knowledge_case_studies', schema=None) as batch_op:
        batch_op.create_index('ix_knowledge_case_studies_published_track', ['is_published', 'track'], unique=False)
        batch_op.create_index(batch_op.f('ix_knowledge_case_studies_sector'), ['sector'], unique=False)



def downgrade():
    with op.batch_alter_table('knowledge_case_studies', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_knowledge_case_studies_sector'))
        batch_op.drop_index('ix_knowledge_case_studies_published_track')

    op.drop_table('knowledge_case_studies')
    with op.batch_alter_table('knowledge_article_tags', schema=None) as batch_op:
        batch_op.drop_index('ix_knowledge_article_tags_tag')

    op.drop_table('knowledge_article_tags')
    with op.batch_alter_table('knowledge_article_revisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_knowledge_article_revisions_article_id'))

    op.drop_table('knowledge_article_revisions')
    with op.batch_alter_table('knowledge_article_relations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_knowledge_article_relations_related_id'))
        batch_op.drop_index(batch_op.f('ix_knowledge_article_relations_article_id'))

    op.drop_table('knowledge_article_relations')
    op.drop_table('knowledge_articles')
