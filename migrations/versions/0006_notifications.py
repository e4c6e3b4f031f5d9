"""notifications (in-app, preferences, digests, reminders) and funding programmes

Revision ID: 0005_notifications
Revises: 0002_challenges_solutions
Create Date: 2026-11-28 00:25:22.351977

"""
from alembic import op
import sqlalchemy as sa

import app.core.db  # noqa: F401 - our column types (UTCDateTime)


# revision identifiers, used by Alembic.
revision = '0005_notifications'
down_revision = '0006_networks'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('funding_programmes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.Column('name_sv', sa.String(length=200), nullable=False),
    sa.Column('name_en', sa.String(length=200), nullable=False),
    sa.Column('funder', sa.String(length=300), nullable=False),
    sa.Column('audience', sa.JSON(), nullable=False),
    sa.Column('stage', sa.Enum('before_procurement', 'ongoing_procurement', 'capacity_building', 'business_development', 'ip_strategy', 'infrastructure', name='funding_stage', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('max_amount', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('support_rate', sa.Numeric(precision=4, scale=3), nullable=True),
    sa.Column('purpose_sv', sa.Text(), nullable=False),
    sa.Column('purpose_en', sa.Text(), nullable=False),
    sa.Column('eligibility_sv', sa.Text(), nullable=False),
    sa.Column('eligibility_en', sa.Text(), nullable=False),
    sa.Column('link', sa.String(length=500), nullable=False),
    sa.Column('opens_at', app.core.db.UTCDateTime(), nullable=True),
    sa.Column('closes_at', app.core.db.UTCDateTime(), nullable=True),
    sa.Column('intermediaries', sa.JSON(), nullable=False),
    sa.Column('created_at', app.core.db.UTCDateTime(), nullable=False),
    sa.Column('updated_at', app.core.db.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_funding_programmes')),
    sa.UniqueConstraint('key', name=op.f('uq_funding_programmes_key'))
    )
    op.create_table('funding_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('matched', 'clicked', name='funding_event_kind', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('situation', sa.String(length=40), nullable=True),
    sa.Column('created_at', app.core.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['programme_id'], ['funding_programmes.id'], name='fk_funding_events_programme_id_funding_programmes', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_funding_events'))
    )
    with op.batch_alter_table('funding_events', schema=None) as batch_op:
        batch_op.create_index('ix_funding_events_programme_kind', ['programme_id', 'kind'], unique=False)

    op.create_table('notification_preferences',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('group', sa.String(length=40), nullable=False),
    sa.Column('frequency', sa.Enum('immediately', 'daily', 'weekly', 'off', name='notification_preference_frequency', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('updated_at', app.core.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name='fk_notification_preferences_user_id_users', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification_preferences')),
    sa.UniqueConstraint('user_id', 'group', name='uq_notification_preferences_user_group')
    )
    op.create_table('notifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('event', sa.String(length=60), nullable=False),
    sa.Column('group', sa.String(length=40), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('url', sa.String(length=500), nullable=True),
    sa.Column('frequency', sa.Enum('immediately', 'daily', 'weekly', 'off', name='notification_frequency', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('funding_keys', sa.JSON(), nullable=False),
    sa.Column('outbox_message_id', sa.Integer(), nullable=True),
    sa.Column('created_at', app.core.db.UTCDateTime(), nullable=False),
    sa.Column('read_at', app.core.db.UTCDateTime(), nullable=True),
    sa.Column('digested_at', app.core.db.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['outbox_message_id'], ['outbox_messages.id'], name='fk_notifications_outbox_message_id_outbox_messages', ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name='fk_notifications_user_id_users', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notifications'))
    )
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.create_index('ix_notifications_digest_pending', ['frequency', 'digested_at'], unique=False)
        batch_op.create_index('ix_notifications_user_unread', ['user_id', 'read_at'], unique=False)

    op.create_table('deadline_reminders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('solution_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('7_days', '1_day', name='reminder_kind', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('deadline_at', app.core.db.UTCDateTime(), nullable=False),
    sa.Column('sent_at', app.core.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['solution_id'], ['solutions.id'], name='fk_deadline_reminders_solution_id_solutions', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deadline_reminders')),
    sa.UniqueConstraint('solution_id', 'kind', name='uq_deadline_reminders_solution_kind')
    )
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('claimed_by', sa.String(length=40), nullable=True))



def downgrade():
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_column('claimed_by')

    op.drop_table('deadline_reminders')
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index('ix_notifications_user_unread')
        batch_op.drop_index('ix_notifications_digest_pending')

    op.drop_table('notifications')
    op.drop_table('notification_preferences')
    with op.batch_alter_table('funding_events', schema=None) as batch_op:
        batch_op.drop_index('ix_funding_events_programme_kind')

    op.drop_table('funding_events')
    op.drop_table('funding_programmes')
