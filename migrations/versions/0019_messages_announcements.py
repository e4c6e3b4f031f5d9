"""messages announcements: a buyer's message to a whole group about a challenge

`message_announcements`: the group is a key of app.messages.announcements.TARGETS (and,
for a group per object such as an event's registrants, the object's id).

Revision ID: 0019_messages_announcements
Revises: 0018_checks
Create Date: 2026-12-05 06:27:42.879421

"""
import sqlalchemy as sa
from alembic import op

import app.core.db  # noqa: F401 - our column types (UTCDateTime)

# revision identifiers, used by Alembic.
revision = '0019_messages_announcements'
down_revision = '0018_checks'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('message_announcements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('challenge_id', sa.Integer(), nullable=False),
    sa.Column('target', sa.String(length=60), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=True),
    sa.Column('subject', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('created_at', app.core.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name='fk_message_announcements_author_id_users', ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['challenge_id'], ['challenges.id'], name='fk_message_announcements_challenge_id_challenges', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name='fk_message_announcements_organisation_id'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_message_announcements'))
    )
    with op.batch_alter_table('message_announcements', schema=None) as batch_op:
        batch_op.create_index('ix_message_announcements_challenge_created', ['challenge_id', 'created_at'], unique=False)



def downgrade():
    with op.batch_alter_table('message_announcements', schema=None) as batch_op:
        batch_op.drop_index('ix_message_announcements_challenge_created')

    op.drop_table('message_announcements')
