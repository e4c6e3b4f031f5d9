"""My pages: `/my/`, where a person lands after logging in."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user, login_required

from app.workspace.services import blocks_for

bp = Blueprint("workspace", __name__, url_prefix="/my")


@bp.route("/")
@login_required
def home():
    return render_template("workspace/home.html", blocks=blocks_for(current_user))
