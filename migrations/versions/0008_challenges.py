"""challenges: CPV code list (seeded), CPV links checked against it, owner clarifications

Revision ID: 0003_challenges
Revises: 0002_challenges_solutions
Create Date: 2026-11-28 00:21:00.143271

"""
import csv
from importlib.resources import files

from alembic import op
import sqlalchemy as sa

import app.core.db  # noqa: F401 - our column types (UTCDateTime)


# revision identifiers, used by Alembic.
revision = '0003_challenges'
down_revision = '0004_solutions'
branch_labels = None
depends_on = None

# The CPV divisions and codes relevant to innovation procurement, with our own Swedish
# names; `flask --app wsgi cpv import cpv_2008.xml` adds the full official list.
# Found through the package, so that an installed wheel (migrations in app/site/) finds it.
SEED_FILE = files("app.challenges") / "data" / "cpv_seed.tsv"


def _seed_rows():
    with SEED_FILE.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def upgrade():
    cpv_codes = op.create_table('cpv_codes',
    sa.Column('code', sa.String(length=10), nullable=False),
    sa.Column('name_en', sa.String(length=400), nullable=False),
    sa.Column('name_sv', sa.String(length=400), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_cpv_codes'))
    )
    op.bulk_insert(cpv_codes, _seed_rows())
    with op.batch_alter_table('challenge_cpv_codes', schema=None) as batch_op:
        batch_op.create_foreign_key('fk_challenge_cpv_codes_code_cpv_codes', 'cpv_codes', ['code'], ['code'])

    with op.batch_alter_table('clarifications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('from_owner', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))


def downgrade():
    with op.batch_alter_table('clarifications', schema=None) as batch_op:
        batch_op.drop_column('from_owner')

    with op.batch_alter_table('challenge_cpv_codes', schema=None) as batch_op:
        batch_op.drop_constraint('fk_challenge_cpv_codes_code_cpv_codes', type_='foreignkey')

    op.drop_table('cpv_codes')
