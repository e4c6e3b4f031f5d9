"""Security headers (CSP and friends) through flask-talisman, and the one caching rule."""

from __future__ import annotations

from flask import Flask, Response, request
from flask_talisman import Talisman

from app.core.http import ArenaRequest, refuse_nul_in_path

CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "img-src": "'self' data:",
    "style-src": "'self'",
    "script-src": "'self'",
    "font-src": "'self'",
    "form-action": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
}


PRIVATE_NO_STORE = "private, no-store"
STATIC_ENDPOINT = "static"


def private_unless_public(response: Response) -> Response:
    """No cache, shared or the browser's own, keeps anything we send, unless it is a
    static asset or its view declared it public (`response.cache_control.public`, as the
    open data API does). The one rule for every page, download, export and error, so a
    confidential response can never be cached because its view forgot to say so."""
    if request.endpoint == STATIC_ENDPOINT or response.cache_control.public:
        return response
    response.headers["Cache-Control"] = PRIVATE_NO_STORE
    return response


def init_app(app: Flask) -> None:
    """Send CSP, nosniff, Referrer-Policy, frame denial; HSTS only behind HTTPS; private,
    no-store unless public. Keep NUL characters out of what users send."""
    app.request_class = ArenaRequest
    app.before_request(refuse_nul_in_path)
    app.after_request(private_unless_public)
    force_https = bool(app.config.get("FORCE_HTTPS"))
    # One Talisman per app: the extension keeps its settings on itself, so a shared
    # instance would carry one app's HTTPS settings into another.
    Talisman(
        app,
        force_https=force_https,
        strict_transport_security=force_https,
        session_cookie_secure=bool(app.config.get("SESSION_COOKIE_SECURE")),
        content_security_policy=CONTENT_SECURITY_POLICY,
        referrer_policy="strict-origin-when-cross-origin",
        frame_options="DENY",
        permissions_policy={"geolocation": "()", "camera": "()", "microphone": "()"},
    )
