"""Security headers (CSP and friends) through flask-talisman."""

from __future__ import annotations

from flask import Flask
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


def init_app(app: Flask) -> None:
    """Send CSP, nosniff, Referrer-Policy, frame denial; HSTS only behind HTTPS. Keep NUL
    characters out of what users send."""
    app.request_class = ArenaRequest
    app.before_request(refuse_nul_in_path)
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
