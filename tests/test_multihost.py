"""Several app instances on one PostgreSQL and one Redis: sessions, rate limits, workers.

Starts two real gunicorn instances on different loopback ports against a fresh
PostgreSQL database and Redis, as a multi-host deployment would run. Runs when the
suite runs on PostgreSQL (TEST_DATABASE_URL) and Redis answers on 127.0.0.1:6379.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import requests
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.smtp_sink import SmtpSink, free_port

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
BASE_URL = os.environ.get("TEST_DATABASE_URL", "")


def _redis_answers() -> bool:
    import redis

    try:
        return redis.Redis(host="127.0.0.1", port=6379, socket_timeout=1).ping()
    except redis.RedisError:
        return False


pytestmark = pytest.mark.skipif(
    not BASE_URL.startswith("postgresql") or not _redis_answers(),
    reason="needs PostgreSQL (TEST_DATABASE_URL) and Redis on 127.0.0.1:6379",
)


@pytest.fixture(scope="module")
def deployment(tmp_path_factory):
    """A migrated database, a Redis database number, two gunicorn instances."""
    name = f"arena_multihost_{uuid.uuid4().hex[:8]}"
    admin = create_engine(make_url(BASE_URL).set(database="postgres"),
                          isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    database_url = make_url(BASE_URL).set(database=name).render_as_string(hide_password=False)
    sink = SmtpSink().start()
    env = {**os.environ, "DATABASE_URL": database_url, "ARENA_ENV": "development",
           "SECRET_KEY": "multi-host-shared-secret-key-0123456789",
           "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/7",
           "LOGIN_LIMIT_PER_ACCOUNT": "5 per 15 minutes",
           "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": str(sink.port),
           "SEARCH_INDEX_DIR": str(tmp_path_factory.mktemp("index")),
           "UPLOAD_DIR": str(tmp_path_factory.mktemp("uploads"))}
    env.pop("TEST_DATABASE_URL", None)
    flask = [str(BIN / "flask"), "--app", "wsgi"]
    subprocess.run([*flask, "db", "upgrade"], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    subprocess.run([*flask, "users", "create-admin", "--email", "operator@example.org",
                    "--name", "Multi Host", "--password", "a-long-multihost-passphrase"],
                   cwd=ROOT, env=env, check=True, capture_output=True)
    import redis

    redis.Redis(host="127.0.0.1", port=6379, db=7).flushdb()
    ports = [free_port(), free_port()]
    servers = [subprocess.Popen(
        [str(BIN / "gunicorn"), "--workers", "2", "--bind", f"127.0.0.1:{port}", "wsgi:app"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for port in ports]
    urls = [f"http://127.0.0.1:{port}" for port in ports]
    _wait_until_up(urls)
    yield {"urls": urls, "env": env, "flask": flask, "sink": sink,
           "database_url": database_url}
    for server in servers:
        server.terminate()
        server.wait(timeout=10)
    sink.stop()
    create_engine(database_url).dispose()
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _wait_until_up(urls: list[str]) -> None:
    deadline = time.monotonic() + 30
    for url in urls:
        while True:
            try:
                if requests.get(f"{url}/healthz", timeout=3).status_code == 200:
                    break
            except (requests.ConnectionError, requests.Timeout):
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"{url} did not start")
            time.sleep(0.2)


def _csrf(session: requests.Session, url: str) -> str:
    page = session.get(url, timeout=5).text
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


def _log_in(session: requests.Session, url: str, password: str) -> requests.Response:
    return session.post(f"{url}/auth/login", timeout=5, allow_redirects=False, data={
        "csrf_token": _csrf(session, f"{url}/auth/login"), "email": "operator@example.org",
        "password": password})


def test_a_session_started_on_one_instance_works_on_the_other(deployment):
    first, second = deployment["urls"]
    browser = requests.Session()
    assert _log_in(browser, first, "a-long-multihost-passphrase").status_code == 302
    assert browser.get(f"{second}/account/", timeout=5, allow_redirects=False).status_code == 200
    browser.post(f"{second}/auth/logout", timeout=5,
                 data={"csrf_token": _csrf(browser, f"{second}/auth/logout")})
    assert browser.get(f"{first}/account/", timeout=5, allow_redirects=False).status_code == 302


def test_the_log_in_rate_limit_holds_across_instances(deployment):
    first, second = deployment["urls"]
    statuses = []
    for attempt in range(7):
        url = (first, second)[attempt % 2]
        statuses.append(_log_in(requests.Session(), url, "wrong-password-123").status_code)
    assert statuses[:5] == [401] * 5
    assert statuses[5:] == [429, 429]


def test_two_outbox_workers_never_send_a_message_twice(deployment):
    engine = create_engine(deployment["database_url"])
    with engine.begin() as connection:
        for number in range(120):
            connection.execute(text(
                "INSERT INTO outbox_messages (message_id, event, to_address, subject, "
                "body_text, headers, status, attempts, created_at, next_attempt_at) VALUES "
                "(:mid, 'test', :to, :subject, 'body', '{}', 'queued', 0, now(), now())"),
                {"mid": f"<multi-{number}@arena.test>", "to": f"r{number}@example.org",
                 "subject": f"message {number}"})
    engine.dispose()
    workers = [subprocess.Popen([*deployment["flask"], "outbox", "send", "--batch-size", "10"],
                                cwd=ROOT, env=deployment["env"], stdout=subprocess.PIPE,
                                text=True) for _ in range(2)]
    outputs = [worker.communicate(timeout=120)[0] for worker in workers]
    received = [m["Message-ID"] for m in deployment["sink"].messages
                if m["Message-ID"].startswith("<multi-")]
    assert len(received) == 120, outputs
    assert len(set(received)) == 120
    sent_counts = [int(re.search(r"sent (\d+)", output).group(1)) for output in outputs]
    assert sum(sent_counts) == 120
