"""Innovation Arena: the Flask application factory."""

from __future__ import annotations

import logging
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

import config as settings
from app.extensions import babel, csrf, db, limiter, login_manager, mail, migrate


class DatabaseIdConverter(IntegerConverter):
    """`<int:...>` in every route stops at PostgreSQL's integer range, so an id too large
    for the database is a 404 at routing instead of a database error."""

    def __init__(self, url_map, fixed_digits=0, min=None, max=None, signed=False):  # noqa: A002
        super().__init__(url_map, fixed_digits, min, max if max is not None else 2**31 - 1,
                         signed)


def create_app(config: type | dict | None = None) -> Flask:
    """Build the application: settings, extensions, blueprints, commands."""
    from app.core import exposure

    app = Flask(
        __name__,
        instance_path=str(settings.DATA_DIR / "instance"),
        template_folder=str(settings.SITE_DIR / "templates"),
        static_folder=str(settings.SITE_DIR / "static"),
    )
    _load_config(app, config)
    app.url_map.converters["int"] = DatabaseIdConverter
    _init_extensions(app)
    _register_areas(app)
    logging.basicConfig(level=logging.INFO)
    exposure.init_app(app)  # after logging is set up: its warnings must be seen
    return app


def _load_config(app: Flask, config: type | dict | None) -> None:
    if config is None or isinstance(config, dict):
        app.config.from_object(settings.config_from_environment())
    else:
        app.config.from_object(config)
    if isinstance(config, dict):
        app.config.update(config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    defaults = {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(app.instance_path) / 'arena.sqlite'}",
        "UPLOAD_DIR": str(Path(app.instance_path) / "uploads"),
        "MAIL_FOLDER": str(Path(app.instance_path) / "mail"),
    }
    for key, value in defaults.items():
        if not app.config.get(key):
            app.config[key] = value
    _refuse_insecure_production(app)


# Flask-Limiter storages that only one process sees: with several workers each would
# count for itself (every limit N times weaker) and forget at every restart.
PROCESS_LOCAL_LIMIT_STORAGES = ("memory://",)


def _refuse_insecure_production(app: Flask) -> None:
    if app.config["ENV_NAME"] != "production":
        return
    key = app.config.get("SECRET_KEY") or ""
    if key == settings.INSECURE_DEFAULT_KEY or len(key) < 32:
        raise RuntimeError(
            "Production refuses to start without a real SECRET_KEY (at least 32 characters)."
        )
    storage = (app.config.get("RATELIMIT_STORAGE_URI") or "memory://").strip().lower()
    if storage.startswith(PROCESS_LOCAL_LIMIT_STORAGES):
        raise RuntimeError(
            "Production refuses to start with rate limits counted in process memory: set "
            "RATELIMIT_STORAGE_URI to a store every web process shares, e.g. "
            "RATELIMIT_STORAGE_URI=redis://127.0.0.1:6379/0"
        )


def _init_extensions(app: Flask) -> None:
    from app.core import db as core_db
    from app.core import i18n, security, transactions

    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {}
    db.init_app(app)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            core_db.configure_sqlite(db.engine, app.config["SQLITE_BUSY_TIMEOUT_MS"])
    migrate.init_app(app, db, directory=str(settings.SITE_DIR / "migrations"))
    csrf.init_app(app)
    mail.init_app(app)
    limiter.init_app(app)
    i18n.init_app(app, babel)
    security.init_app(app)
    transactions.init_app(app)
    login_manager.init_app(app)
    _trust_proxies(app)


def _trust_proxies(app: Flask) -> None:
    """Take the client's address from the last TRUSTED_PROXY_HOPS entries of
    X-Forwarded-For (each proxy appends the address it saw), and the scheme and host from
    the nearest proxy, which sets those headers rather than appending to them."""
    hops = app.config["TRUSTED_PROXY_HOPS"]
    if hops > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=1, x_host=1)


def _register_areas(app: Flask) -> None:
    from app import (
        accounts,
        admin,
        api,
        attachments,
        audit,
        challenges,
        checks,
        demo,
        dialogue,
        evaluation,
        funding,
        knowledge,
        main,
        messages,
        networks,
        notifications,
        organisations,
        readiness,
        search,
        solutions,
        statistics,
        workspace,
    )
    from app.core import errors, jobs, templating

    for area in (main, accounts, organisations, challenges, solutions, evaluation, attachments,
                 admin, notifications, funding, audit, knowledge, networks, messages, dialogue,
                 readiness, checks, statistics, api, search, demo, workspace):
        area.init_app(app)
    templating.init_app(app)  # after the areas: their can_* functions become globals
    errors.init_app(app)
    jobs.init_app(app)
