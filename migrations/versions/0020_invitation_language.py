"""invitation language: the language an invitation e-mail is written in

`organisation_invitations.language` and `jury_members.language`: chosen by the inviter
for someone who may have no account (and so no language of their own); the platform's
default language unless chosen. Existing invitations were sent in Swedish or the
inviter's language; they are marked Swedish, the default then.

Revision ID: 0020_invitation_language
Revises: 0019_messages_announcements
Create Date: 2026-12-05 09:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0020_invitation_language'
down_revision = '0019_messages_announcements'
branch_labels = None
depends_on = None

TABLES = ('organisation_invitations', 'jury_members')


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('language', sa.String(length=5), nullable=False,
                                          server_default='sv'))


def downgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('language')
