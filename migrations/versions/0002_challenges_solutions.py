"""challenges, solutions and attachments

Revision ID: 0002_challenges_solutions
Revises: 0001_foundation
Create Date: 2026-11-28 00:12:51.534265

"""
from alembic import op
import sqlalchemy as sa

import app.core.db  # noqa: F401 - our column types (UTCDateTime)


# revision identifiers, used by Alembic.
revision = '0002_challenges_solutions'
down_revision = '0001_foundation'
branch_labels = None
depends_on = None


def upgrade():
    
    op.create_table('attachments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_type', sa.String(length=40), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('size_bytes', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('storage_key', sa.String(length=80), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', app.core.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name='fk_attachments_uploaded_by_id_users', ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attachments')),
    sa.UniqueConstraint('storage_key', name=op.f('uq_attachments_storage_key'))
    )
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.create_index('ix_attachments_owner', ['owner_type', 'owner_id'], unique=False)

    op.create_table('challenges',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('need', 'challenge', name='challenge_kind', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('state', sa.Enum('draft', 'in_review', 'published', 'closed', 'in_evaluation', 'decided', 'outcome_recorded', 'withdrawn', name='challenge_state', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('summary', sa.String(length=600), nullable=False),
    sa.Column('problem_statement', sa.Text(), nullable=False),
    sa.Column('desired_effects', sa.Text(), nullable=False),
    sa.Column('constraints', sa.Text(), nullable=False),
    sa.Column('budget_min', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('budget_max', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('procurement_route', sa.Enum('market_dialogue', 'innovation_partnership', 'pre_commercial', 'procurement_of_innovation', 'undecided', name='procurement_route', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('ip_terms', sa.Enum('supplier_owns', 'shared', 'buyer_owns', name='ip_terms', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('ip_justification', sa.Text(), nullable=False),
    sa.Column('question_deadline_at', app.core.db.UTCDateTime(), nullable=True),
    sa.Column('submission_deadline_at', app.core.db.UTCDateTime(), nullable=True),
    sa.Column('evaluation_deadline_at', app.core.db.UTCDateTime(), nullable=True),
    sa.Column('agenda_goals', sa.JSON(), nullable=False),
    sa.Column('region', sa.String(length=8), nullable=True),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('contact_name', sa.String(length=200), nullable=False),
    sa.Column('contact_email', sa.String(length=254), nullable=False),
    sa.Column('contact_phone', sa.String(length=40), nullable=False),
    sa.Column('review_comment', sa.Text(), nullable=True),
    sa.Column('withdrawn_reason', sa.Text(), nullable=True),
    sa.Column('is_paused', sa.Boolean(), nullable=False),
    sa.Column('outcome_kind', sa.Enum('procurement_announced', 'contract_awarded', 'partnership_started', 'not_pursued', name='outcome_kind', native_enum=False, create_constraint=True, length=40), nullable=True),
    sa.Column('outcome_url', sa.String(length=500), nullable=True),
    sa.Column('outcome_note', sa.Text(), nullable=True),
    sa.Column('created_at', app.core.db.UTCDateTime(), nullable=False),
    sa.Column('updated_at', app.core.db.UTCDateTime(), nullable=False),
    sa.Column('submitted_for_review_at', app.core.db.UTCDateTime(), nullable=True),
    sa.Column('published_at', app.core.db.UTCDateTime(), nullable=True),
    sa.Column('closed_at', app.core.db.UTCDateTime(), nullable=True),
    sa.Column('decided_at', app.core.db.UTCDateTime(), nullable=True),
    sa.Column('outcome_recorded_at', app.core.db.UTCDateTime(), nullable=True),
    sa.Column('withdrawn_at', app.core.db.UTCDateTime(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name='fk_challenges_created_by_id_users', ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['owner_id'], ['organisations.id'], name='fk_challenges_owner_id_organisations'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_challenges'))
    )
    with op.batch_alter_table('challenges', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_challenges_owner_id'), ['owner_id'], unique=False)
        batch_op.create_index('ix_challenges_published_at', ['published_at'], unique=False)
        batch_op.create_index('ix_challenges_state_deadline', ['state', 'submission_deadline_at'], unique=False)

    op.create_table('challenge_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('challenge_id', sa.Integer(), nullable=False),
    sa.Column('changed_by_id', sa.Integer(), nullable=True),
    sa.Column('changed_at', app.core.db.UTCDateTime(), nullable=False),
    sa.Column('fields', sa.JSON(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['challenge_id'], ['challenges.id'], name='fk_challenge_changes_challenge_id_challenges', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['changed_by_id'], ['users.id'], name='fk_challenge_changes_changed_by_id_users', ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_challenge_changes'))
    )
    with op.batch_alter_table('challenge_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_challenge_changes_challenge_id'), ['challenge_id'], unique=False)

    op.create_table('challenge_co_owners',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('challenge_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('added_at', app.core.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['challenge_id'], ['challenges.id'], name='fk_challenge_co_owners_challenge_id_challenges', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name='fk_challenge_co_owners_organisation_id_organisations'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_challenge_co_owners')),
    sa.UniqueConstraint('challenge_id', 'organisation_id', name='uq_challenge_co_owners_challenge_organisation')
    )
    with op.batch_alter_table('challenge_co_owners', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_challenge_co_owners_challenge_id'), ['challenge_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_challenge_co_owners_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('challenge_cpv_codes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('challenge_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=10), nullable=False),
    sa.ForeignKeyConstraint(['challenge_id'], ['challenges.id'], name='fk_challenge_cpv_codes_challenge_id_challenges', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_challenge_cpv_codes')),
    sa.UniqueConstraint('challenge_id', 'code', name='uq_challenge_cpv_codes_challenge_code')
    )
    with op.batch_alter_table('challenge_cpv_codes', schema=None) as batch_op:
        batch_op.create_index('ix_challenge_cpv_codes_code', ['code'], unique=False)

    op.create_table('challenge_follows',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('challenge_id', sa.Integer(), nullable=False),
    sa.Column('created_at', app.core.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['challenge_id'], ['challenges.id'], name='fk_challenge_follows_challenge_id_challenges', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name='fk_challenge_follows_user_id_users', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_challenge_follows')),
    sa.UniqueConstraint('user_id', 'challenge_id', name='uq_challenge_follows_user_challenge')
    )
    with op.batch_alter_table('challenge_follows', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_challenge_follows_challenge_id'), ['challenge_id'], unique=False)

    op.create_table('challenge_requirements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('challenge_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['challenge_id'], ['challenges.id'], name='fk_challenge_requirements_challenge_id_challenges', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_challenge_requirements'))
    )
    with op.batch_alter_table('challenge_requirements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_challenge_requirements_challenge_id'), ['challenge_id'], unique=False)

    op.create_table('challenge_sectors',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('challenge_id', sa.Integer(), nullable=False),
    sa.Column('sector', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['challenge_id'], ['challenges.id'], name='fk_challenge_sectors_challenge_id_challenges', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_challenge_sectors')),
    sa.UniqueConstraint('challenge_id', 'sector', name='uq_challenge_sectors_challenge_sector')
    )
    with op.batch_alter_table('challenge_sectors', schema=None) as batch_op:
        batch_op.create_index('ix_challenge_sectors_sector', ['sector'], unique=False)

    op.create_table('clarifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('challenge_id', sa.Integer(), nullable=False),
    sa.Column('asked_by_id', sa.Integer(), nullable=True),
    sa.Column('question', sa.Text(), nullable=False),
    sa.Column('answer', sa.Text(), nullable=True),
    sa.Column('answered_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', app.core.db.UTCDateTime(), nullable=False),
    sa.Column('published_at', app.core.db.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['answered_by_id'], ['users.id'], name='fk_clarifications_answered_by_id_users', ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['asked_by_id'], ['users.id'], name='fk_clarifications_asked_by_id_users', ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['challenge_id'], ['challenges.id'], name='fk_clarifications_challenge_id_challenges', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_clarifications'))
    )
    with op.batch_alter_table('clarifications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_clarifications_challenge_id'), ['challenge_id'], unique=False)

    op.create_table('solutions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('challenge_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('state', sa.Enum('draft', 'submitted', 'withdrawn', name='solution_state', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('public_summary', sa.Text(), nullable=False),
    sa.Column('details', sa.Text(), nullable=False),
    sa.Column('trl', sa.Integer(), nullable=True),
    sa.Column('references', sa.Text(), nullable=False),
    sa.Column('price_model', sa.Text(), nullable=False),
    sa.Column('ip_statement', sa.Text(), nullable=False),
    sa.Column('ip_terms_acknowledged', sa.Boolean(), nullable=False),
    sa.Column('summary_public_after_decision', sa.Boolean(), nullable=False),
    sa.Column('result', sa.Enum('winner', 'shortlisted', 'not_selected', name='solution_result', native_enum=False, create_constraint=True, length=40), nullable=True),
    sa.Column('created_at', app.core.db.UTCDateTime(), nullable=False),
    sa.Column('updated_at', app.core.db.UTCDateTime(), nullable=False),
    sa.Column('submitted_at', app.core.db.UTCDateTime(), nullable=True),
    sa.Column('withdrawn_at', app.core.db.UTCDateTime(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['challenge_id'], ['challenges.id'], name='fk_solutions_challenge_id_challenges'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name='fk_solutions_created_by_id_users', ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name='fk_solutions_organisation_id_organisations'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_solutions')),
    sa.UniqueConstraint('challenge_id', 'organisation_id', name='uq_solutions_challenge_organisation')
    )
    with op.batch_alter_table('solutions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_solutions_challenge_id'), ['challenge_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_solutions_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('solution_requirement_answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('solution_id', sa.Integer(), nullable=False),
    sa.Column('requirement_id', sa.Integer(), nullable=False),
    sa.Column('answer', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['requirement_id'], ['challenge_requirements.id'], name='fk_solution_requirement_answers_requirement_id', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['solution_id'], ['solutions.id'], name='fk_solution_requirement_answers_solution_id_solutions', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_solution_requirement_answers')),
    sa.UniqueConstraint('solution_id', 'requirement_id', name='uq_solution_requirement_answers_solution_requirement')
    )
    with op.batch_alter_table('solution_requirement_answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_solution_requirement_answers_solution_id'), ['solution_id'], unique=False)

    op.create_table('solution_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('solution_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('submitted_at', app.core.db.UTCDateTime(), nullable=False),
    sa.Column('submitted_by_id', sa.Integer(), nullable=True),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['solution_id'], ['solutions.id'], name='fk_solution_versions_solution_id_solutions', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['submitted_by_id'], ['users.id'], name='fk_solution_versions_submitted_by_id_users', ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_solution_versions')),
    sa.UniqueConstraint('solution_id', 'number', name='uq_solution_versions_solution_number')
    )
    with op.batch_alter_table('solution_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_solution_versions_solution_id'), ['solution_id'], unique=False)

    


def downgrade():
    
    with op.batch_alter_table('solution_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_solution_versions_solution_id'))

    op.drop_table('solution_versions')
    with op.batch_alter_table('solution_requirement_answers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_solution_requirement_answers_solution_id'))

    op.drop_table('solution_requirement_answers')
    with op.batch_alter_table('solutions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_solutions_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_solutions_challenge_id'))

    op.drop_table('solutions')
    with op.batch_alter_table('clarifications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_clarifications_challenge_id'))

    op.drop_table('clarifications')
    with op.batch_alter_table('challenge_sectors', schema=None) as batch_op:
        batch_op.drop_index('ix_challenge_sectors_sector')

    op.drop_table('challenge_sectors')
    with op.batch_alter_table('challenge_requirements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_challenge_requirements_challenge_id'))

    op.drop_table('challenge_requirements')
    with op.batch_alter_table('challenge_follows', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_challenge_follows_challenge_id'))

    op.drop_table('challenge_follows')
    with op.batch_alter_table('challenge_cpv_codes', schema=None) as batch_op:
        batch_op.drop_index('ix_challenge_cpv_codes_code')

    op.drop_table('challenge_cpv_codes')
    with op.batch_alter_table('challenge_co_owners', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_challenge_co_owners_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_challenge_co_owners_challenge_id'))

    op.drop_table('challenge_co_owners')
    with op.batch_alter_table('challenge_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_challenge_changes_challenge_id'))

    op.drop_table('challenge_changes')
    with op.batch_alter_table('challenges', schema=None) as batch_op:
        batch_op.drop_index('ix_challenges_state_deadline')
        batch_op.drop_index('ix_challenges_published_at')
        batch_op.drop_index(batch_op.f('ix_challenges_owner_id'))

    op.drop_table('challenges')
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.drop_index('ix_attachments_owner')

    op.drop_table('attachments')
    
