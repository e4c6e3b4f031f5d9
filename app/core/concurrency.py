"""Lost updates: the one way an edit meets a concurrent edit of the same row.

Models that people edit through forms (challenges, solutions, knowledge articles) have a
`version` column that SQLAlchemy moves on every UPDATE (`version_id_col`). Two things can
go wrong, and both end the same way, as a 409 with a message naming what was edited:

- the form was opened on an older version (someone saved while this person typed):
  the form's hidden version differs from the row's;
- two saves race (both passed that check): the later flush updates no row, which
  SQLAlchemy reports as StaleDataError.

The view shows the message on the form, which keeps what the person typed.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm.exc import StaleDataError

from app.core.domain import DomainError
from app.extensions import db


@contextmanager
def no_lost_update(obj, expected_version: int | None, conflict: str) -> Iterator[None]:
    """Refuse with `conflict` (409) an edit of `obj` made on a version that is no longer
    current, or that a concurrent save overtook; the block's changes are flushed."""
    if expected_version is not None and expected_version != obj.version:
        raise DomainError(conflict, 409)
    try:
        yield
        db.session.flush()
    except StaleDataError as error:
        db.session.rollback()  # the transaction is spent; the form keeps the text
        raise DomainError(conflict, 409) from error
