"""jury evaluation: criteria, jury members, conflicts, scores, entries and the decision

Revision ID: 0011_evaluation
Revises: 0009_account_security
Create Date: 2026-11-28 00:32:09.394254

"""
from alembic import op
import sqlalchemy as sa

import app.core.db  # noqa: F401 - our column types (UTCDateTime)


# revision identifiers, used by Alembic.
revision = '0011_evaluation'
down_revision = '0003_challenges'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('evaluation_criteria',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('challenge_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('weight', sa.Integer(), nullable=False),
    sa.Column('scale_min', sa.Integer(), nullable=False),
    sa.Column('scale_max', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['challenge_id'], ['challenges.id'], name='fk_evaluation_criteria_challenge_id_challenges', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evaluation_criteria'))
    )
    with op.batch_alter_table('evaluation_criteria', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evaluation_criteria_challenge_id'), ['challenge_id'], unique=False)

    op.create_table('evaluations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('challenge_id', sa.Integer(), nullable=False),
    sa.Column('anonymised', sa.Boolean(), nullable=False),
    sa.Column('jurors_see_each_other', sa.Boolean(), nullable=False),
    sa.Column('opened_at', app.core.db.UTCDateTime(), nullable=True),
    sa.Column('opened_by_id', sa.Integer(), nullable=True),
    sa.Column('scoring_closed_at', app.core.db.UTCDateTime(), nullable=True),
    sa.Column('scoring_closed_by_id', sa.Integer(), nullable=True),
    sa.Column('justification', sa.Text(), nullable=False),
    sa.Column('feedback_for_others', sa.Text(), nullable=False),
    sa.Column('presentation_at', app.core.db.UTCDateTime(), nullable=True),
    sa.Column('presentation_place', sa.String(length=300), nullable=False),
    sa.Column('presentation_booking_url', sa.String(length=500), nullable=False),
    sa.Column('decision_published_at', app.core.db.UTCDateTime(), nullable=True),
    sa.Column('decision_published_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', app.core.db.UTCDateTime(), nullable=False),
    sa.Column('updated_at', app.core.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['challenge_id'], ['challenges.id'], name='fk_evaluations_challenge_id_challenges', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['decision_published_by_id'], ['users.id'], name='fk_evaluations_decision_published_by_id_users', ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['opened_by_id'], ['users.id'], name='fk_evaluations_opened_by_id_users', ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['scoring_closed_by_id'], ['users.id'], name='fk_evaluations_scoring_closed_by_id_users', ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evaluations')),
    sa.UniqueConstraint('challenge_id', name='uq_evaluations_challenge_id')
    )
    op.create_table('jury_members',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('challenge_id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('invited', 'accepted', 'declined', 'revoked', name='juror_status', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('label_index', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=True),
    sa.Column('invited_by_id', sa.Integer(), nullable=True),
    sa.Column('invited_at', app.core.db.UTCDateTime(), nullable=False),
    sa.Column('expires_at', app.core.db.UTCDateTime(), nullable=False),
    sa.Column('responded_at', app.core.db.UTCDateTime(), nullable=True),
    sa.Column('revoked_at', app.core.db.UTCDateTime(), nullable=True),
    sa.Column('submitted_at', app.core.db.UTCDateTime(), nullable=True),
    sa.Column('last_reminded_at', app.core.db.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['challenge_id'], ['challenges.id'], name='fk_jury_members_challenge_id_challenges', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['invited_by_id'], ['users.id'], name='fk_jury_members_invited_by_id_users', ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name='fk_jury_members_user_id_users', ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_jury_members')),
    sa.UniqueConstraint('challenge_id', 'email', name='uq_jury_members_challenge_email'),
    sa.UniqueConstraint('token_hash', name=op.f('uq_jury_members_token_hash'))
    )
    with op.batch_alter_table('jury_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_jury_members_challenge_id'), ['challenge_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_jury_members_user_id'), ['user_id'], unique=False)

    op.create_table('evaluation_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('challenge_id', sa.Integer(), nullable=False),
    sa.Column('solution_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('draft_result', sa.Enum('winner', 'shortlisted', 'not_selected', name='solution_result', native_enum=False, create_constraint=True, length=40), nullable=True),
    sa.ForeignKeyConstraint(['challenge_id'], ['challenges.id'], name='fk_evaluation_entries_challenge_id_challenges', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['solution_id'], ['solutions.id'], name='fk_evaluation_entries_solution_id_solutions', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evaluation_entries')),
    sa.UniqueConstraint('challenge_id', 'number', name='uq_evaluation_entries_challenge_number'),
    sa.UniqueConstraint('solution_id', name='uq_evaluation_entries_solution_id')
    )
    with op.batch_alter_table('evaluation_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evaluation_entries_challenge_id'), ['challenge_id'], unique=False)

    op.create_table('jury_conflicts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('solution_id', sa.Integer(), nullable=False),
    sa.Column('has_conflict', sa.Boolean(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('declared_at', app.core.db.UTCDateTime(), nullable=False),
    sa.Column('declared_by_id', sa.Integer(), nullable=True),
    sa.Column('withdrawn_scores', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['declared_by_id'], ['users.id'], name='fk_jury_conflicts_declared_by_id_users', ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['member_id'], ['jury_members.id'], name='fk_jury_conflicts_member_id_jury_members', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['solution_id'], ['solutions.id'], name='fk_jury_conflicts_solution_id_solutions', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_jury_conflicts')),
    sa.UniqueConstraint('member_id', 'solution_id', name='uq_jury_conflicts_member_solution')
    )
    with op.batch_alter_table('jury_conflicts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_jury_conflicts_member_id'), ['member_id'], unique=False)

    op.create_table('jury_scores',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('solution_id', sa.Integer(), nullable=False),
    sa.Column('criterion_id', sa.Integer(), nullable=False),
    sa.Column('value', sa.Integer(), nullable=True),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('updated_at', app.core.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['criterion_id'], ['evaluation_criteria.id'], name='fk_jury_scores_criterion_id_criteria', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['jury_members.id'], name='fk_jury_scores_member_id_jury_members', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['solution_id'], ['solutions.id'], name='fk_jury_scores_solution_id_solutions', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_jury_scores')),
    sa.UniqueConstraint('member_id', 'solution_id', 'criterion_id', name='uq_jury_scores_member_solution_criterion')
    )
    with op.batch_alter_table('jury_scores', schema=None) as batch_op:
        batch_op.create_index('ix_jury_scores_solution_id', ['solution_id'], unique=False)



def downgrade():
    with op.batch_alter_table('jury_scores', schema=None) as batch_op:
        batch_op.drop_index('ix_jury_scores_solution_id')

    op.drop_table('jury_scores')
    with op.batch_alter_table('jury_conflicts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_jury_conflicts_member_id'))

    op.drop_table('jury_conflicts')
    with op.batch_alter_table('evaluation_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evaluation_entries_challenge_id'))

    op.drop_table('evaluation_entries')
    with op.batch_alter_table('jury_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_jury_members_user_id'))
        batch_op.drop_index(batch_op.f('ix_jury_members_challenge_id'))

    op.drop_table('jury_members')
    op.drop_table('evaluations')
    with op.batch_alter_table('evaluation_criteria', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evaluation_criteria_challenge_id'))

    op.drop_table('evaluation_criteria')
