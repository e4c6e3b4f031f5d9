"""Column types and helpers shared by all models."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime

from flask import current_app, has_request_context, request
from sqlalchemy import DateTime, Enum, event
from sqlalchemy.engine import Engine
from sqlalchemy.types import TypeDecorator


def utcnow() -> datetime:
    """The current time as an aware UTC datetime."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """Stores naive UTC in the database and always hands back aware UTC datetimes."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given where UTC was required")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


def configure_sqlite(engine: Engine, busy_timeout_ms: int = 5000) -> None:
    """Give SQLite real transactions (SAVEPOINT works), foreign keys and a busy timeout."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # pysqlite's own transaction handling breaks SAVEPOINT; we emit BEGIN ourselves.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        connection.exec_driver_sql("BEGIN IMMEDIATE" if takes_write_lock() else "BEGIN")


# SQLite lets one connection write at a time. A transaction that read first and writes
# later cannot wait for the lock: if another connection committed in between, its
# snapshot is stale and the write fails at once ("database is locked"), whatever the
# busy timeout. Transactions that may write therefore take the lock when they begin
# (BEGIN IMMEDIATE), where the busy timeout does apply and a burst of writers queues.
_WRITES_EXPECTED: ContextVar[bool] = ContextVar("sqlite_writes_expected", default=False)
READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def takes_write_lock() -> bool:
    """Whether a new SQLite transaction should lock for writing from its start: in a
    request that may change something (not GET/HEAD/OPTIONS, or a view marked with
    `writes_when_read`) and in background jobs."""
    if _WRITES_EXPECTED.get():
        return True
    if not has_request_context():
        return False
    if request.method not in READ_ONLY_METHODS:
        return True
    view = current_app.view_functions.get(request.endpoint or "")
    return bool(getattr(view, "writes_when_read", False))


def writes_when_read(view):
    """Mark a view that changes data even when asked with GET (a link followed from an
    e-mail that counts, confirms or marks something): its transaction takes SQLite's write
    lock when it begins and waits for it, like every POST. Put it below `@bp.route`."""
    view.writes_when_read = True
    return view


@contextmanager
def writing_transactions() -> Iterator[None]:
    """Within this block, SQLite transactions begin with the write lock (jobs, commands)."""
    token = _WRITES_EXPECTED.set(True)
    try:
        yield
    finally:
        _WRITES_EXPECTED.reset(token)


def str_enum(enum_class, name: str) -> Enum:
    """A portable enum column: stored as its string values, checked by a named constraint."""
    return Enum(
        enum_class,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=40,
        values_callable=lambda members: [m.value for m in members],
    )


def include_for_dialect(dialect_name: str):
    """An Alembic `include_object` hook honouring `Index(...).ddl_if(dialect=...)`.

    `create_all` skips such an index on other databases; Alembic's comparison does not
    know `ddl_if`, so without this hook it would ask for PostgreSQL-only indexes on SQLite.
    """

    def include(obj, _name, type_, reflected, _compare_to) -> bool:
        condition = getattr(obj, "_ddl_if", None)
        if type_ != "index" or reflected or condition is None or not condition.dialect:
            return True
        dialects = condition.dialect
        return dialect_name in ((dialects,) if isinstance(dialects, str) else dialects)

    return include
