"""The landing page, language switch, health check and fixed information pages."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, current_app, jsonify, make_response, render_template, request
from sqlalchemy import text

from app.core.db import writes_when_read
from app.core.i18n import LANGUAGE_COOKIE
from app.core.views import safe_next_url
from app.extensions import db
from app.notifications.services import backlog_count
from app.search.services import health as search_health

bp = Blueprint("main", __name__)


LANDING_CHALLENGES = 6


@bp.route("/")
def index():
    from app.challenges.queries import ListFilters, search_challenges

    open_now = search_challenges(ListFilters(status="open", sort="deadline"), 1,
                                 LANDING_CHALLENGES)
    return render_template("main/index.html", open_challenges=open_now.items,
                           open_count=open_now.total)


@bp.route("/language/<any(sv, en):code>", methods=["GET", "POST"])
@writes_when_read  # keeps a signed-in person's choice
def set_language(code: str):
    response = make_response("", 303)
    response.headers["Location"] = safe_next_url()
    response.set_cookie(LANGUAGE_COOKIE, code, max_age=365 * 24 * 3600, samesite="Lax",
                        secure=request.is_secure, httponly=True)
    from flask_login import current_user

    if current_user.is_authenticated:
        current_user.locale = code
    return response


# When the service was last assessed for the accessibility statement (the browser suite's
# checks: see tests/browser/); change it with the statement's text.
STATEMENT_REVIEWED = date(2026, 12, 5)


@bp.route("/accessibility")
def accessibility():
    return render_template("main/accessibility.html", reviewed=STATEMENT_REVIEWED,
                           contact=current_app.config["CONTACT_EMAIL"])


@bp.route("/privacy")
def privacy():
    config = current_app.config
    return render_template(
        "main/privacy.html", controller=config["CONTROLLER_NAME"],
        controller_email=config["CONTROLLER_EMAIL"],
        controller_address=config["CONTROLLER_ADDRESS"],
        retention_years=round(config["ACCOUNT_RETENTION_DAYS"] / 365, 1))


@bp.route("/terms")
def terms():
    return render_template("main/terms.html", contact=current_app.config["CONTACT_EMAIL"])


@bp.route("/help")
def help_page():
    return render_template("main/help.html")


def _database_state() -> str:
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # any failure means "not reachable" to a load balancer
        current_app.logger.exception("health check: database not reachable")
        return "unavailable"
    return "ok"


@bp.route("/healthz")
def healthz():
    database = _database_state()
    body = {"status": "ok" if database == "ok" else "degraded", "database": database}
    if database == "ok":
        body["outbox_backlog"] = backlog_count()
        body.update(search_health())  # a search problem degrades, it does not take us down
        if body["search_index"] != "ok":
            body["status"] = "degraded"
    return jsonify(body), (200 if database == "ok" else 503)
