"""messages: buyer-supplier threads about one submitted solution

`message_threads` (one per solution), `messages` (each for the writer's organisation; files
are attachments with owner type "message") and `message_thread_readings` (when each
organisation last read a thread: the read receipts).

Revision ID: 0017_messages
Revises: 0016_readiness
Create Date: 2026-12-05 06:12:23.697545

"""
import sqlalchemy as sa
from alembic import op

import app.core.db  # noqa: F401 - our column types (UTCDateTime)

# revision identifiers, used by Alembic.
revision = '0017_messages'
down_revision = '0016_readiness'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('message_threads',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('solution_id', sa.Integer(), nullable=False),
    sa.Column('created_at', app.core.db.UTCDateTime(), nullable=False),
    sa.Column('last_message_at', app.core.db.UTCDateTime(), nullable=False),
    sa.Column('message_count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['solution_id'], ['solutions.id'], name='fk_message_threads_solution_id_solutions', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_message_threads')),
    sa.UniqueConstraint('solution_id', name=op.f('uq_message_threads_solution_id'))
    )
    with op.batch_alter_table('message_threads', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_message_threads_last_message_at'), ['last_message_at'], unique=False)

    op.create_table('message_thread_readings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('thread_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('read_at', app.core.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name='fk_message_thread_readings_organisation_id', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['thread_id'], ['message_threads.id'], name='fk_message_thread_readings_thread_id', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_message_thread_readings')),
    sa.UniqueConstraint('thread_id', 'organisation_id', name='uq_message_thread_readings_thread_organisation')
    )
    with op.batch_alter_table('message_thread_readings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_message_thread_readings_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('thread_id', sa.Integer(), nullable=False),
    sa.Column('side', sa.Enum('buyer', 'supplier', name='message_side', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', app.core.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name='fk_messages_author_id_users', ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name='fk_messages_organisation_id_organisations'),
    sa.ForeignKeyConstraint(['thread_id'], ['message_threads.id'], name='fk_messages_thread_id_message_threads', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_messages'))
    )
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.create_index('ix_messages_thread_id_id', ['thread_id', 'id'], unique=False)



def downgrade():
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.drop_index('ix_messages_thread_id_id')

    op.drop_table('messages')
    with op.batch_alter_table('message_thread_readings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_message_thread_readings_organisation_id'))

    op.drop_table('message_thread_readings')
    with op.batch_alter_table('message_threads', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_message_threads_last_message_at'))

    op.drop_table('message_threads')
