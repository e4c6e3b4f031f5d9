"""co-owner invitations: an authority the owner invites becomes a co-owner only by accepting

Existing co-owners (`challenge_co_owners`) keep their rights; from now on the owner's
co-owner page writes an invitation here, and only its acceptance adds the co-owner.

Revision ID: 0013_co_owner_invitations
Revises: 0014_search_more_types
"""
from alembic import op
import sqlalchemy as sa

import app.core.db  # noqa: F401 - our column types (UTCDateTime)


revision = '0013_co_owner_invitations'
down_revision = '0014_search_more_types'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('challenge_co_owner_invitations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('challenge_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('pending', 'accepted', 'declined', 'withdrawn', name='challenge_co_owner_status', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('invited_by_id', sa.Integer(), nullable=True),
    sa.Column('invited_at', app.core.db.UTCDateTime(), nullable=False),
    sa.Column('answered_by_id', sa.Integer(), nullable=True),
    sa.Column('answered_at', app.core.db.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['challenge_id'], ['challenges.id'], name='fk_challenge_co_owner_invitations_challenge_id', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name='fk_challenge_co_owner_invitations_organisation_id', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['invited_by_id'], ['users.id'], name='fk_challenge_co_owner_invitations_invited_by_id', ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['answered_by_id'], ['users.id'], name='fk_challenge_co_owner_invitations_answered_by_id', ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_challenge_co_owner_invitations')),
    sa.UniqueConstraint('challenge_id', 'organisation_id', name='uq_challenge_co_owner_invitations_challenge_organisation')
    )
    with op.batch_alter_table('challenge_co_owner_invitations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_challenge_co_owner_invitations_challenge_id'), ['challenge_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_challenge_co_owner_invitations_organisation_id'), ['organisation_id'], unique=False)


def downgrade():
    with op.batch_alter_table('challenge_co_owner_invitations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_challenge_co_owner_invitations_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_challenge_co_owner_invitations_challenge_id'))

    op.drop_table('challenge_co_owner_invitations')
