"""workspace: indexes for My pages at national scale (issue 19)

A person's open jury invitations by e-mail, the events a person organises, and the
solutions received per challenge counted from the index alone (state, submitted_at).

Revision ID: 0022_workspace
Revises: 0021_challenge_covers
Create Date: 2026-12-05 15:15:00

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '0022_workspace'
down_revision = '0021_challenge_covers'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_jury_members_email', 'jury_members', ['email'])
    op.create_index('ix_dialogue_events_created_by_id', 'dialogue_events', ['created_by_id'])
    op.create_index('ix_solutions_challenge_state_submitted', 'solutions',
                    ['challenge_id', 'state', 'submitted_at'])


def downgrade():
    op.drop_index('ix_solutions_challenge_state_submitted', table_name='solutions')
    op.drop_index('ix_dialogue_events_created_by_id', table_name='dialogue_events')
    op.drop_index('ix_jury_members_email', table_name='jury_members')
