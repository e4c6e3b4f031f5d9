"""Development settings never face the internet unnoticed.

The development conveniences (the mail viewer above all, which shows every sign-up,
reset and invitation link) are safe only on the developer's own machine. Requests from
anywhere else are recognised by their address and by the headers a proxy adds; the app
says loudly, at start and at the first such request, when it runs with development
settings where others can reach it or with a real mail server.
"""

from __future__ import annotations

import ipaddress
import logging
import os
import shlex
import sys
from urllib.parse import urlsplit

from flask import Flask, current_app, request

log = logging.getLogger(__name__)

# Headers a reverse proxy adds: a request carrying one came through a proxy, so its
# loopback source address says nothing about where it came from.
FORWARDING_HEADERS = ("Forwarded", "X-Forwarded-For", "X-Forwarded-Host", "X-Real-IP")
# Command-line options that name the address a server listens on (flask run, gunicorn).
BIND_OPTIONS = ("--host", "-h", "--bind", "-b")
LOCAL_SOCKETS = ("unix:", "fd://")


def _hostname(host: str) -> str:
    try:
        return urlsplit(f"//{host}").hostname or ""
    except ValueError:  # e.g. an unclosed IPv6 bracket
        return ""


def is_loopback_host(host: str | None) -> bool:
    """Whether a host name or address (with or without a port) is this machine only."""
    host = (host or "").strip()
    if host.startswith(LOCAL_SOCKETS):
        return True
    for candidate in (host.strip("[]"), _hostname(host)):
        if candidate == "localhost":
            return True
        try:
            return ipaddress.ip_address(candidate).is_loopback
        except ValueError:
            continue
    return False


def is_local_request() -> bool:
    """Whether this request comes straight from this machine: a loopback source, a
    loopback Host and no sign of a proxy in between."""
    if any(header in request.headers for header in FORWARDING_HEADERS):
        return False
    return is_loopback_host(request.remote_addr) and is_loopback_host(request.host)


def bind_hosts(argv: list[str], environ) -> list[str]:
    """The listening addresses named on the command line of `flask run` or gunicorn."""
    arguments = [*argv[1:], *shlex.split(environ.get("GUNICORN_CMD_ARGS", ""))]
    hosts = [environ["FLASK_RUN_HOST"]] if environ.get("FLASK_RUN_HOST") else []
    for index, argument in enumerate(arguments):
        name, equals, value = argument.partition("=")
        if name not in BIND_OPTIONS:
            continue
        if equals:
            hosts.append(value)
        elif index + 1 < len(arguments):
            hosts.append(arguments[index + 1])
    return hosts


def runs_with_development_settings(app: Flask) -> bool:
    """True for the embedded default (ARENA_ENV unset or `development`)."""
    return app.config["ENV_NAME"] == "development"


def unsafe_setting_warnings(app: Flask, argv: list[str], environ) -> list[str]:
    """What is unsafe about running these development settings here, in words."""
    warnings = []
    exposed = [host for host in bind_hosts(argv, environ) if not is_loopback_host(host)]
    if exposed:
        warnings.append(f"it listens on {', '.join(exposed)}, not only on this machine")
    base_host = urlsplit(app.config["BASE_URL"]).hostname
    if not is_loopback_host(base_host):
        warnings.append(f"BASE_URL names {base_host}, a public address")
    if app.config["MAIL_TRANSPORT"] != "file":
        warnings.append(f"it sends real e-mail through {app.config['MAIL_SERVER']}")
    return warnings


def _say_unsafe(reasons: list[str]) -> None:
    log.error("DEVELOPMENT SETTINGS IN USE, but %s. Development settings are for one "
              "machine: set ARENA_ENV=production (and its required settings) for anything "
              "others can reach.", "; ".join(reasons))


def _notice_requests_from_elsewhere() -> None:
    state = current_app.extensions["arena_exposure"]
    if state["told"] or is_local_request():
        return
    state["told"] = True
    _say_unsafe([f"it answers a request from {request.remote_addr} ({request.host})"])


def init_app(app: Flask) -> None:
    """Warn now if development settings run somewhere unsafe, and again (once per
    process) at the first request that did not come from this machine."""
    if not runs_with_development_settings(app):
        return
    reasons = unsafe_setting_warnings(app, sys.argv, os.environ)
    if reasons:
        _say_unsafe(reasons)
    app.extensions["arena_exposure"] = {"told": False}
    app.before_request(_notice_requests_from_elsewhere)
