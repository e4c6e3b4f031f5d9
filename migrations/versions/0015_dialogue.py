"""dialogue: events on a challenge or planned procurement, registrations and waiting
lists, one-to-one slots, the buyer's meeting notes, personal calendar-feed keys; and files
attached to outbox e-mails (calendar invitations)

Capacity is kept by unique constraints: a seat per event, an organisation's numbered
places per event, one organisation per slot and one slot per organisation.

Revision ID: 0015_dialogue
Revises: 0014_search_swedish
"""
from alembic import op
import sqlalchemy as sa

import app.core.db  # noqa: F401 - our column types (UTCDateTime)


revision = '0015_dialogue'
down_revision = '0014_search_swedish'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('dialogue_calendar_keys',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('generation', sa.Integer(), nullable=False),
    sa.Column('created_at', app.core.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name='fk_dialogue_calendar_keys_user_id_users', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dialogue_calendar_keys')),
    sa.UniqueConstraint('user_id', name=op.f('uq_dialogue_calendar_keys_user_id'))
    )
    op.create_table('outbox_attachments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('message_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['message_id'], ['outbox_messages.id'], name='fk_outbox_attachments_message_id_outbox_messages', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_attachments'))
    )
    with op.batch_alter_table('outbox_attachments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_attachments_message_id'), ['message_id'], unique=False)

    op.create_table('dialogue_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=120), nullable=False),
    sa.Column('kind', sa.Enum('information_meeting', 'one_to_one', 'pitch_day', 'workshop', name='dialogue_event_kind', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('status', sa.Enum('scheduled', 'cancelled', name='dialogue_event_status', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('challenge_id', sa.Integer(), nullable=True),
    sa.Column('planned_procurement_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('starts_at', app.core.db.UTCDateTime(), nullable=False),
    sa.Column('ends_at', app.core.db.UTCDateTime(), nullable=False),
    sa.Column('location', sa.String(length=300), nullable=False),
    sa.Column('online_url', sa.String(length=500), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=True),
    sa.Column('people_per_organisation', sa.Integer(), nullable=False),
    sa.Column('registration_deadline_at', app.core.db.UTCDateTime(), nullable=True),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('accessibility', sa.Text(), nullable=False),
    sa.Column('slot_minutes', sa.Integer(), nullable=True),
    sa.Column('winners_only', sa.Boolean(), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('summary_text', sa.Text(), nullable=False),
    sa.Column('summary_published_at', app.core.db.UTCDateTime(), nullable=True),
    sa.Column('summary_reminded_at', app.core.db.UTCDateTime(), nullable=True),
    sa.Column('reminders_sent_at', app.core.db.UTCDateTime(), nullable=True),
    sa.Column('cancel_reason', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', app.core.db.UTCDateTime(), nullable=False),
    sa.Column('updated_at', app.core.db.UTCDateTime(), nullable=False),
    sa.Column('cancelled_at', app.core.db.UTCDateTime(), nullable=True),
    sa.CheckConstraint('(challenge_id IS NULL) <> (planned_procurement_id IS NULL)', name=op.f('ck_dialogue_events_one_target')),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_dialogue_events_ends_after_start')),
    sa.ForeignKeyConstraint(['challenge_id'], ['challenges.id'], name='fk_dialogue_events_challenge_id_challenges', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name='fk_dialogue_events_created_by_id_users', ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['planned_procurement_id'], ['network_planned_procurements.id'], name='fk_dialogue_events_planned_procurement_id', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dialogue_events')),
    sa.UniqueConstraint('uid', name=op.f('uq_dialogue_events_uid'))
    )
    with op.batch_alter_table('dialogue_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dialogue_events_challenge_id'), ['challenge_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_dialogue_events_planned_procurement_id'), ['planned_procurement_id'], unique=False)
        batch_op.create_index('ix_dialogue_events_status_starts', ['status', 'starts_at'], unique=False)

    op.create_table('dialogue_meeting_notes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', app.core.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name='fk_dialogue_meeting_notes_author_id_users', ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['event_id'], ['dialogue_events.id'], name='fk_dialogue_meeting_notes_event_id_dialogue_events', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name='fk_dialogue_meeting_notes_organisation_id_organisations', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dialogue_meeting_notes')),
    sa.UniqueConstraint('event_id', 'organisation_id', name='uq_dialogue_meeting_notes_event_organisation')
    )
    op.create_table('dialogue_registrations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('registered', 'waiting', 'cancelled', name='dialogue_registration_status', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('seat', sa.Integer(), nullable=True),
    sa.Column('place', sa.Integer(), nullable=True),
    sa.Column('created_at', app.core.db.UTCDateTime(), nullable=False),
    sa.Column('updated_at', app.core.db.UTCDateTime(), nullable=False),
    sa.Column('cancelled_at', app.core.db.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['dialogue_events.id'], name='fk_dialogue_registrations_event_id_dialogue_events', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name='fk_dialogue_registrations_organisation_id_organisations', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name='fk_dialogue_registrations_user_id_users', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dialogue_registrations')),
    sa.UniqueConstraint('event_id', 'organisation_id', 'place', name='uq_dialogue_registrations_event_organisation_place'),
    sa.UniqueConstraint('event_id', 'seat', name='uq_dialogue_registrations_event_seat'),
    sa.UniqueConstraint('event_id', 'user_id', name='uq_dialogue_registrations_event_user')
    )
    with op.batch_alter_table('dialogue_registrations', schema=None) as batch_op:
        batch_op.create_index('ix_dialogue_registrations_event_status', ['event_id', 'status', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_dialogue_registrations_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_dialogue_registrations_user_id'), ['user_id'], unique=False)

    op.create_table('dialogue_slots',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', app.core.db.UTCDateTime(), nullable=False),
    sa.Column('ends_at', app.core.db.UTCDateTime(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('booked_by_id', sa.Integer(), nullable=True),
    sa.Column('booked_at', app.core.db.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['booked_by_id'], ['users.id'], name='fk_dialogue_slots_booked_by_id_users', ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['event_id'], ['dialogue_events.id'], name='fk_dialogue_slots_event_id_dialogue_events', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name='fk_dialogue_slots_organisation_id_organisations', ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dialogue_slots')),
    sa.UniqueConstraint('event_id', 'organisation_id', name='uq_dialogue_slots_event_organisation'),
    sa.UniqueConstraint('event_id', 'starts_at', name='uq_dialogue_slots_event_starts')
    )
    with op.batch_alter_table('dialogue_slots', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dialogue_slots_event_id'), ['event_id'], unique=False)



def downgrade():
    with op.batch_alter_table('dialogue_slots', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dialogue_slots_event_id'))

    op.drop_table('dialogue_slots')
    with op.batch_alter_table('dialogue_registrations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dialogue_registrations_user_id'))
        batch_op.drop_index(batch_op.f('ix_dialogue_registrations_organisation_id'))
        batch_op.drop_index('ix_dialogue_registrations_event_status')

    op.drop_table('dialogue_registrations')
    op.drop_table('dialogue_meeting_notes')
    with op.batch_alter_table('dialogue_events', schema=None) as batch_op:
        batch_op.drop_index('ix_dialogue_events_status_starts')
        batch_op.drop_index(batch_op.f('ix_dialogue_events_planned_procurement_id'))
        batch_op.drop_index(batch_op.f('ix_dialogue_events_challenge_id'))

    op.drop_table('dialogue_events')
    with op.batch_alter_table('outbox_attachments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_attachments_message_id'))

    op.drop_table('outbox_attachments')
    op.drop_table('dialogue_calendar_keys')
