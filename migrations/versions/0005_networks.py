"""buyer networks, interest registrations and joint challenges

Revision ID: 0006_networks
Revises: 0002_challenges_solutions
Create Date: 2026-11-28 00:23:13.856154

"""
from alembic import op
import sqlalchemy as sa

import app.core.db  # noqa: F401 - our column types (UTCDateTime)


# revision identifiers, used by Alembic.
revision = '0006_networks'
down_revision = '0007_knowledge'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('networks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('theme', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('region', sa.String(length=8), nullable=True),
    sa.Column('join_policy', sa.Enum('open', 'approval', name='join_policy', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('status', sa.Enum('active', 'archived', name='network_status', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('coordinator_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', app.core.db.UTCDateTime(), nullable=False),
    sa.Column('updated_at', app.core.db.UTCDateTime(), nullable=False),
    sa.Column('archived_at', app.core.db.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['coordinator_id'], ['organisations.id'], name='fk_networks_coordinator_id_organisations'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name='fk_networks_created_by_id_users', ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_networks'))
    )
    with op.batch_alter_table('networks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_networks_coordinator_id'), ['coordinator_id'], unique=False)
        batch_op.create_index('ix_networks_status_region', ['status', 'region'], unique=False)

    op.create_table('network_join_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('network_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('pending', 'approved', 'declined', 'withdrawn', name='request_status', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('created_at', app.core.db.UTCDateTime(), nullable=False),
    sa.Column('decided_at', app.core.db.UTCDateTime(), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name='fk_network_join_requests_decided_by_id_users', ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['network_id'], ['networks.id'], name='fk_network_join_requests_network_id_networks', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name='fk_network_join_requests_organisation_id_organisations', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'], name='fk_network_join_requests_requested_by_id_users', ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_network_join_requests'))
    )
    with op.batch_alter_table('network_join_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_network_join_requests_network_id'), ['network_id'], unique=False)

    op.create_table('network_members',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('network_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('joined_at', app.core.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['network_id'], ['networks.id'], name='fk_network_members_network_id_networks', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name='fk_network_members_organisation_id_organisations', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_network_members')),
    sa.UniqueConstraint('network_id', 'organisation_id', name='uq_network_members_network_organisation')
    )
    with op.batch_alter_table('network_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_network_members_network_id'), ['network_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_network_members_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('network_planned_procurements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('network_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('need', sa.Text(), nullable=False),
    sa.Column('expected_timing', sa.String(length=200), nullable=False),
    sa.Column('route', sa.Enum('market_dialogue', 'innovation_partnership', 'pre_commercial', 'procurement_of_innovation', 'undecided', name='procurement_route', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('status', sa.Enum('open', 'converted', 'cancelled', name='planned_procurement_status', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('challenge_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', app.core.db.UTCDateTime(), nullable=False),
    sa.Column('converted_at', app.core.db.UTCDateTime(), nullable=True),
    sa.Column('cancelled_at', app.core.db.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['challenge_id'], ['challenges.id'], name='fk_network_planned_procurements_challenge_id_challenges', ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name='fk_network_planned_procurements_created_by_id_users', ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['network_id'], ['networks.id'], name='fk_network_planned_procurements_network_id_networks', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_network_planned_procurements')),
    sa.UniqueConstraint('challenge_id', name=op.f('uq_network_planned_procurements_challenge_id'))
    )
    with op.batch_alter_table('network_planned_procurements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_network_planned_procurements_network_id'), ['network_id'], unique=False)

    op.create_table('network_sectors',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('network_id', sa.Integer(), nullable=False),
    sa.Column('sector', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['network_id'], ['networks.id'], name='fk_network_sectors_network_id_networks', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_network_sectors')),
    sa.UniqueConstraint('network_id', 'sector', name='uq_network_sectors_network_sector')
    )
    with op.batch_alter_table('network_sectors', schema=None) as batch_op:
        batch_op.create_index('ix_network_sectors_sector', ['sector'], unique=False)

    op.create_table('network_updates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('network_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', app.core.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name='fk_network_updates_author_id_users', ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['network_id'], ['networks.id'], name='fk_network_updates_network_id_networks', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name='fk_network_updates_organisation_id_organisations', ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_network_updates'))
    )
    with op.batch_alter_table('network_updates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_network_updates_network_id'), ['network_id'], unique=False)

    op.create_table('interest_registrations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('challenge_id', sa.Integer(), nullable=True),
    sa.Column('planned_procurement_id', sa.Integer(), nullable=True),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('registered_by_id', sa.Integer(), nullable=True),
    sa.Column('volume_quantity', sa.Numeric(precision=16, scale=2), nullable=True),
    sa.Column('volume_unit', sa.String(length=80), nullable=False),
    sa.Column('amount_sek', sa.Numeric(precision=16, scale=2), nullable=True),
    sa.Column('time_frame', sa.String(length=200), nullable=False),
    sa.Column('contact_name', sa.String(length=200), nullable=False),
    sa.Column('contact_email', sa.String(length=254), nullable=False),
    sa.Column('contact_phone', sa.String(length=40), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('show_volume_publicly', sa.Boolean(), nullable=False),
    sa.Column('created_at', app.core.db.UTCDateTime(), nullable=False),
    sa.Column('updated_at', app.core.db.UTCDateTime(), nullable=False),
    sa.CheckConstraint('(challenge_id IS NULL) <> (planned_procurement_id IS NULL)', name=op.f('ck_interest_registrations_one_target')),
    sa.ForeignKeyConstraint(['challenge_id'], ['challenges.id'], name='fk_interest_registrations_challenge_id_challenges', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name='fk_interest_registrations_organisation_id_organisations', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['planned_procurement_id'], ['network_planned_procurements.id'], name='fk_interest_registrations_planned_procurement_id_planned', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['registered_by_id'], ['users.id'], name='fk_interest_registrations_registered_by_id_users', ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_interest_registrations')),
    sa.UniqueConstraint('challenge_id', 'organisation_id', name='uq_interest_registrations_challenge_organisation'),
    sa.UniqueConstraint('planned_procurement_id', 'organisation_id', name='uq_interest_registrations_planned_procurement_organisation')
    )
    with op.batch_alter_table('interest_registrations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_interest_registrations_challenge_id'), ['challenge_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_interest_registrations_planned_procurement_id'), ['planned_procurement_id'], unique=False)

    op.create_table('network_co_owner_invitations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('planned_procurement_id', sa.Integer(), nullable=False),
    sa.Column('challenge_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('pending', 'confirmed', 'declined', name='co_owner_invitation_status', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('created_at', app.core.db.UTCDateTime(), nullable=False),
    sa.Column('answered_at', app.core.db.UTCDateTime(), nullable=True),
    sa.Column('answered_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['answered_by_id'], ['users.id'], name='fk_network_co_owner_invitations_answered_by_id_users', ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['challenge_id'], ['challenges.id'], name='fk_network_co_owner_invitations_challenge_id_challenges', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name='fk_network_co_owner_invitations_organisation_id_organisations', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['planned_procurement_id'], ['network_planned_procurements.id'], name='fk_network_co_owner_invitations_planned_procurement_id_planned', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_network_co_owner_invitations')),
    sa.UniqueConstraint('challenge_id', 'organisation_id', name='uq_network_co_owner_invitations_challenge_organisation')
    )
    with op.batch_alter_table('network_co_owner_invitations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_network_co_owner_invitations_planned_procurement_id'), ['planned_procurement_id'], unique=False)


def downgrade():
    with op.batch_alter_table('network_co_owner_invitations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_network_co_owner_invitations_planned_procurement_id'))

    op.drop_table('network_co_owner_invitations')
    with op.batch_alter_table('interest_registrations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_interest_registrations_planned_procurement_id'))
        batch_op.drop_index(batch_op.f('ix_interest_registrations_challenge_id'))

    op.drop_table('interest_registrations')
    with op.batch_alter_table('network_updates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_network_updates_network_id'))

    op.drop_table('network_updates')
    with op.batch_alter_table('network_sectors', schema=None) as batch_op:
        batch_op.drop_index('ix_network_sectors_sector')

    op.drop_table('network_sectors')
    with op.batch_alter_table('network_planned_procurements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_network_planned_procurements_network_id'))

    op.drop_table('network_planned_procurements')
    with op.batch_alter_table('network_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_network_members_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_network_members_network_id'))

    op.drop_table('network_members')
    with op.batch_alter_table('network_join_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_network_join_requests_network_id'))

    op.drop_table('network_join_requests')
    with op.batch_alter_table('networks', schema=None) as batch_op:
        batch_op.drop_index('ix_networks_status_region')
        batch_op.drop_index(batch_op.f('ix_networks_coordinator_id'))

    op.drop_table('networks')
