"""performance: indexes for the public challenge list, and large notifications for the worker

Revision ID: 0013_performance
Revises: 0011_evaluation
Create Date: 2026-11-28 01:13:17.656710

"""
from alembic import op
import sqlalchemy as sa

import app.core.db  # noqa: F401 - our column types (UTCDateTime)


# revision identifiers, used by Alembic.
revision = '0013_performance'
down_revision = '0011_evaluation'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('notification_fanouts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event', sa.String(length=60), nullable=False),
    sa.Column('audience', sa.String(length=60), nullable=False),
    sa.Column('audience_args', sa.JSON(), nullable=False),
    sa.Column('context', sa.JSON(), nullable=False),
    sa.Column('last_user_id', sa.Integer(), nullable=False),
    sa.Column('recipients', sa.Integer(), nullable=False),
    sa.Column('claimed_by', sa.String(length=40), nullable=True),
    sa.Column('claimed_until', app.core.db.UTCDateTime(), nullable=True),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('created_at', app.core.db.UTCDateTime(), nullable=False),
    sa.Column('done_at', app.core.db.UTCDateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification_fanouts'))
    )
    with op.batch_alter_table('notification_fanouts', schema=None) as batch_op:
        batch_op.create_index('ix_notification_fanouts_pending', ['done_at', 'id'], unique=False)

    with op.batch_alter_table('challenges', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_challenges_published_at'))
        batch_op.create_index('ix_challenges_published_order', ['published_at', 'id', 'state'], unique=False)
        batch_op.create_index('ix_challenges_state_kind', ['state', 'kind'], unique=False)
        batch_op.create_index('ix_challenges_title', ['title'], unique=False)
        batch_op.drop_index(batch_op.f('ix_challenges_owner_id'))
        batch_op.create_index('ix_challenges_owner_state', ['owner_id', 'state'], unique=False)

    # Statistics for the query planner (SQLite has none until ANALYZE runs).
    op.execute("ANALYZE")


def downgrade():
    with op.batch_alter_table('challenges', schema=None) as batch_op:
        batch_op.drop_index('ix_challenges_owner_state')
        batch_op.create_index(batch_op.f('ix_challenges_owner_id'), ['owner_id'], unique=False)
        batch_op.drop_index('ix_challenges_title')
        batch_op.drop_index('ix_challenges_state_kind')
        batch_op.drop_index('ix_challenges_published_order')
        batch_op.create_index(batch_op.f('ix_challenges_published_at'), ['published_at'], unique=False)

    with op.batch_alter_table('notification_fanouts', schema=None) as batch_op:
        batch_op.drop_index('ix_notification_fanouts_pending')

    op.drop_table('notification_fanouts')
