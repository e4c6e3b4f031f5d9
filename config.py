"""Settings for Innovation Arena, read from the environment with safe embedded defaults."""

from __future__ import annotations

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
# Run from a checkout, templates, static files and migrations sit beside this file, and
# instance/ and search_index/ too. Installed from a wheel (`pip install .`), the build put
# the first three inside the package (app/site/, see setup.py) and the data go in the
# working directory.
IN_CHECKOUT = (BASE_DIR / "pyproject.toml").is_file()
SITE_DIR = BASE_DIR if IN_CHECKOUT else BASE_DIR / "app" / "site"
DATA_DIR = BASE_DIR if IN_CHECKOUT else Path.cwd()
INSECURE_DEFAULT_KEY = "dev-only-not-secret"


def _bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


class Config:
    """Embedded default: SQLite in the instance folder, Whoosh on disk, mail to a folder."""

    ENV_NAME = "development"
    SECRET_KEY = os.environ.get("SECRET_KEY", INSECURE_DEFAULT_KEY)
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL")  # None: instance/arena.sqlite
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    # The statistics page's figures are recomputed at most this often per web process.
    STATISTICS_CACHE_SECONDS = int(os.environ.get("STATISTICS_CACHE_SECONDS", "300"))
    # Choices in list filters (the buyers with public challenges) are reused this long.
    FILTER_OPTIONS_CACHE_SECONDS = int(os.environ.get("FILTER_OPTIONS_CACHE_SECONDS", "60"))
    # How long a SQLite writer waits for the write lock before "busy, try again" (503).
    SQLITE_BUSY_TIMEOUT_MS = int(os.environ.get("SQLITE_BUSY_TIMEOUT_MS", "15000"))
    SEARCH_INDEX_DIR = os.environ.get("SEARCH_INDEX_DIR", str(DATA_DIR / "search_index"))
    # PostgreSQL backend: the worker takes search snapshots in a thread of their own (a
    # snapshot of 100 000+ documents takes a minute or two; indexing and e-mail go on).
    SEARCH_SNAPSHOT_IN_BACKGROUND = True
    UPLOAD_DIR = os.environ.get("UPLOAD_DIR")  # None: instance/uploads
    # Uploads (docs/security.md, "Uploads and files"). Each file is streamed to disk in
    # 64 KB chunks and refused past UPLOAD_MAX_BYTES. A ZIP-based document (Word, Excel,
    # PowerPoint, OpenDocument) is judged by its directory before anything is unpacked and
    # refused if it has more entries than UPLOAD_ZIP_MAX_ENTRIES, says it unpacks to more
    # than UPLOAD_ZIP_MAX_UNPACKED_BYTES in all, or has an entry over 1 MB that unpacks to
    # more than UPLOAD_ZIP_MAX_RATIO times its packed size (real documents stay far below
    # all three; a "zip bomb" breaks them).
    UPLOAD_MAX_BYTES = int(os.environ.get("UPLOAD_MAX_BYTES", str(10 * 1024 * 1024)))
    UPLOAD_ZIP_MAX_ENTRIES = int(os.environ.get("UPLOAD_ZIP_MAX_ENTRIES", "5000"))
    UPLOAD_ZIP_MAX_UNPACKED_BYTES = int(
        os.environ.get("UPLOAD_ZIP_MAX_UNPACKED_BYTES", str(200 * 1024 * 1024)))
    UPLOAD_ZIP_MAX_RATIO = int(os.environ.get("UPLOAD_ZIP_MAX_RATIO", "100"))
    # A picture (a challenge's cover) is refused before it is decoded if its header claims
    # more pixels than this: a few KB can declare a picture that would need gigabytes.
    UPLOAD_IMAGE_MAX_PIXELS = int(os.environ.get("UPLOAD_IMAGE_MAX_PIXELS", "50000000"))
    # Staged uploads and files no attachment names are removed by the file_sweep job once
    # they are this old (a request that stages a file commits long before).
    UPLOAD_ORPHAN_GRACE_SECONDS = int(os.environ.get("UPLOAD_ORPHAN_GRACE_SECONDS", "3600"))
    BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:5000").rstrip("/")
    # Where users report problems (the accessibility statement names it): set your own.
    CONTACT_EMAIL = os.environ.get("CONTACT_EMAIL", "kontakt@arena.example")
    # The personal data controller the privacy notice (/privacy) names: set your own.
    CONTROLLER_NAME = os.environ.get("CONTROLLER_NAME", "Innovation Arena (operator not set)")
    CONTROLLER_EMAIL = os.environ.get("CONTROLLER_EMAIL", "dataskydd@arena.example")
    CONTROLLER_ADDRESS = os.environ.get("CONTROLLER_ADDRESS", "")

    MAIL_SERVER = os.environ.get("MAIL_SERVER", "localhost")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USE_TLS = _bool("MAIL_USE_TLS")
    MAIL_USE_SSL = _bool("MAIL_USE_SSL")
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_DEFAULT_SENDER = os.environ.get(
        "MAIL_DEFAULT_SENDER", "Innovation Arena <no-reply@arena.example>"
    )
    # "file" writes each message to MAIL_FOLDER (embedded default); "smtp" delivers.
    MAIL_TRANSPORT = os.environ.get(
        "MAIL_TRANSPORT", "smtp" if os.environ.get("MAIL_SERVER") else "file"
    )
    MAIL_FOLDER = os.environ.get("MAIL_FOLDER")  # None: instance/mail
    MAIL_TIMEOUT_SECONDS = int(os.environ.get("MAIL_TIMEOUT_SECONDS", "30"))
    MAIL_CONNECTIONS = int(os.environ.get("MAIL_CONNECTIONS", "4"))  # per worker, side by side
    OUTBOX_MAX_ATTEMPTS = int(os.environ.get("OUTBOX_MAX_ATTEMPTS", "8"))
    # An event for more people than this is recorded by the request and told by the worker.
    NOTIFY_INLINE_LIMIT = int(os.environ.get("NOTIFY_INLINE_LIMIT", "100"))
    FANOUT_BATCH_SIZE = int(os.environ.get("FANOUT_BATCH_SIZE", "100"))

    BABEL_DEFAULT_LOCALE = "sv"
    BABEL_DEFAULT_TIMEZONE = "Europe/Stockholm"
    LANGUAGES = ("sv", "en")

    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_LIMIT_PER_ADDRESS = os.environ.get("LOGIN_LIMIT_PER_ADDRESS", "20 per 10 minutes")
    LOGIN_LIMIT_PER_ACCOUNT = os.environ.get("LOGIN_LIMIT_PER_ACCOUNT", "5 per 15 minutes")
    # Requests that e-mail an account (registration, password reset, a new confirmation
    # link): per client address, and per recipient address across the three.
    ACCOUNT_MAIL_LIMIT_PER_ADDRESS = os.environ.get("ACCOUNT_MAIL_LIMIT_PER_ADDRESS",
                                                    "30 per hour")
    ACCOUNT_MAIL_LIMIT_PER_RECIPIENT = os.environ.get("ACCOUNT_MAIL_LIMIT_PER_RECIPIENT",
                                                      "5 per hour")
    # The open data API (/api/v1/): requests per client address, and the OCDS ocid prefix.
    API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "300 per minute")
    OCDS_PREFIX = os.environ.get("OCDS_PREFIX", "ocds-arena-")

    # A whole request carries at most MAX_CONTENT_LENGTH (refused with 413 before it is
    # read); its form fields other than files at most MAX_FORM_MEMORY_SIZE, in at most
    # MAX_FORM_PARTS parts. Werkzeug keeps each uploaded file in memory up to 500 KB, then
    # in a temporary file, and we copy it from there in chunks (UPLOAD_MAX_BYTES above).
    MAX_CONTENT_LENGTH = 25 * 1024 * 1024
    MAX_FORM_MEMORY_SIZE = 500_000
    MAX_FORM_PARTS = 1000
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    FORCE_HTTPS = False
    # Reverse proxies in front of the app whose X-Forwarded-For entries are trusted (the
    # nearest one also sets X-Forwarded-Proto and -Host); 0 trusts none.
    TRUSTED_PROXY_HOPS = int(os.environ.get("TRUSTED_PROXY_HOPS", "0"))
    PASSWORD_HASH_PROFILE = "standard"
    EMAIL_TOKEN_MAX_AGE = 3 * 24 * 3600
    RESET_TOKEN_MAX_AGE = 2 * 3600
    INVITATION_MAX_AGE = 14 * 24 * 3600
    DEMO_ALLOWED = True
    # Production always requires it; the embedded default lets the demo administrator in
    # without an authenticator app unless REQUIRE_ADMIN_2FA=1.
    REQUIRE_ADMIN_2FA = _bool("REQUIRE_ADMIN_2FA", False)
    ACCOUNT_RETENTION_DAYS = int(os.environ.get("ACCOUNT_RETENTION_DAYS", str(3 * 365)))


class ProductionConfig(Config):
    """Behind a TLS-terminating proxy: secure cookies, HSTS, no demo data."""

    ENV_NAME = "production"
    FORCE_HTTPS = True
    SESSION_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-arena_session"
    REMEMBER_COOKIE_SECURE = True
    REMEMBER_COOKIE_NAME = "__Host-arena_remember"
    TRUSTED_PROXY_HOPS = int(os.environ.get("TRUSTED_PROXY_HOPS", "1"))
    DEMO_ALLOWED = False
    REQUIRE_ADMIN_2FA = True


class TestConfig(Config):
    """The test suite: its own database, fast password hashing, mail to SMTP sink."""

    ENV_NAME = "testing"
    TESTING = True
    SECRET_KEY = "test-secret-key"
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL")
    PASSWORD_HASH_PROFILE = "fast"
    MAIL_TRANSPORT = "smtp"
    MAIL_SERVER = "127.0.0.1"
    MAIL_PORT = 1  # tests set the port of their SMTP sink
    MAIL_TIMEOUT_SECONDS = 5
    MAIL_CONNECTIONS = 1  # messages reach the sink in the order queued (tests read them so)
    RATELIMIT_STORAGE_URI = "memory://"
    BASE_URL = "http://arena.test"
    STATISTICS_CACHE_SECONDS = 0  # each test sees the figures of its own data
    FILTER_OPTIONS_CACHE_SECONDS = 0
    SEARCH_SNAPSHOT_IN_BACKGROUND = False  # in the test's own (rolled back) transaction


CONFIGS = {"development": Config, "production": ProductionConfig, "testing": TestConfig}


def config_from_environment() -> type[Config]:
    """Pick the configuration named by ARENA_ENV (development by default)."""
    return CONFIGS[os.environ.get("ARENA_ENV", "development")]
