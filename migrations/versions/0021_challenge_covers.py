"""challenge covers: the picture a buyer chose for a challenge (issue 17)

`challenge_covers`: one row per challenge at most, naming the two renditions the pages
use (card 640 × 360, page and link previews 1200 × 630), stored as attachments of owner
type `challenge_cover`, and the picture's alt text.

Revision ID: 0021_challenge_covers
Revises: 0020_invitation_language
Create Date: 2026-12-05 08:50:00

"""
import sqlalchemy as sa
from alembic import op

import app.core.db  # noqa: F401 - our column types (UTCDateTime)

# revision identifiers, used by Alembic.
revision = '0021_challenge_covers'
down_revision = '0020_invitation_language'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('challenge_covers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('challenge_id', sa.Integer(), nullable=False),
    sa.Column('alt_text', sa.String(length=300), nullable=False),
    sa.Column('card_id', sa.Integer(), nullable=False),
    sa.Column('page_id', sa.Integer(), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', app.core.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['card_id'], ['attachments.id'], name='fk_challenge_covers_card_id_attachments'),
    sa.ForeignKeyConstraint(['challenge_id'], ['challenges.id'], name='fk_challenge_covers_challenge_id_challenges', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['page_id'], ['attachments.id'], name='fk_challenge_covers_page_id_attachments'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name='fk_challenge_covers_uploaded_by_id_users', ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_challenge_covers')),
    sa.UniqueConstraint('challenge_id', name='uq_challenge_covers_challenge_id')
    )


def downgrade():
    op.drop_table('challenge_covers')
