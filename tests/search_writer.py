"""Run by the search tests as a separate process: commit challenges one by one.

    python -m tests.search_writer DATABASE_URL PREFIX COUNT

Each challenge is created, committed, then edited and committed again, so the queue
receives interleaved rows from every writer process.
"""

from __future__ import annotations

import sys
import time
import zlib

from sqlalchemy.exc import OperationalError

import config as settings
from app import create_app
from app.challenges.models import Challenge, ChallengeKind, ChallengeState
from app.core.db import utcnow
from app.extensions import db
from app.organisations.models import Organisation, OrganisationKind, SizeClass
from tests.factories import valid_org_number


def committed(step) -> object:
    """Run a step and commit it, retrying like a web request would on SQLite, where a
    writer that read before another process committed gets "database is locked"."""
    for _attempt in range(100):
        try:
            result = step()
            db.session.commit()
            return result
        except OperationalError as error:
            if "locked" not in str(error):
                raise
            db.session.rollback()
            time.sleep(0.02)
    raise RuntimeError("the database stayed locked")


def main(url: str, prefix: str, count: int) -> None:
    writer_config = type("WriterConfig", (settings.TestConfig,), {"SQLALCHEMY_DATABASE_URI": url})
    app = create_app(writer_config)
    with app.app_context():
        owner_id = committed(lambda: _owner(prefix)).id
        for number in range(count):
            challenge_id = committed(lambda n=number: _challenge(owner_id, prefix, n)).id

            def rename(challenge_id=challenge_id, n=number):
                db.session.get(Challenge, challenge_id).title = f"{prefix}x{n} final"

            committed(rename)


def _owner(prefix: str) -> Organisation:
    owner = Organisation(name=f"Writer {prefix}", kind=OrganisationKind.CONTRACTING_AUTHORITY,
                         org_number=valid_org_number(zlib.crc32(prefix.encode()) % 10**6),
                         size_class=SizeClass.LARGE)
    db.session.add(owner)
    db.session.flush()
    return owner


def _challenge(owner_id: int, prefix: str, number: int) -> Challenge:
    challenge = Challenge(owner_id=owner_id, kind=ChallengeKind.CHALLENGE,
                          state=ChallengeState.PUBLISHED, published_at=utcnow(),
                          title=f"{prefix} draft title {number}",
                          problem_statement="Parallel writing.")
    db.session.add(challenge)
    db.session.flush()
    return challenge


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
