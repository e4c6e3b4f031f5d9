"""The migrations build exactly the schema the models describe, and downgrade cleanly."""

from __future__ import annotations

import os
import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

import config as settings
from app import create_app
from app.core.db import include_for_dialect
from app.extensions import db


@pytest.fixture
def empty_database_url(workdir):
    """A brand-new empty database on the same server as the test database."""
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        yield f"sqlite:///{workdir / f'migrations-{uuid.uuid4().hex}.sqlite'}"
        return
    name = f"arena_migrations_{uuid.uuid4().hex[:10]}"
    admin = create_engine(make_url(base).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(base).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def test_models_and_migrations_agree_and_downgrade_works(empty_database_url):
    migration_config = type("MigrationConfig", (settings.TestConfig,),
                            {"SQLALCHEMY_DATABASE_URI": empty_database_url})
    application = create_app(migration_config)
    with application.app_context():
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={
                "compare_type": True, "render_as_batch": True,
                "include_object": include_for_dialect(connection.dialect.name)})
            differences = compare_metadata(context, db.metadata)
        assert differences == [], differences

        downgrade(revision="base")
        remaining = set(inspect(db.engine).get_table_names()) - {"alembic_version"}
        assert remaining == set()
        db.session.remove()
        db.engine.dispose()
