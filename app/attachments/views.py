"""Downloading attachments, after the owner's permission check."""

from __future__ import annotations

import io

from flask import Blueprint, abort, send_file
from flask_login import current_user

from app.attachments.models import Attachment
from app.attachments.services import can_read_attachment, read_bytes
from app.extensions import db

bp = Blueprint("attachments", __name__, url_prefix="/attachments")


@bp.route("/<int:attachment_id>/<path:filename>")
def download(attachment_id: int, filename: str):
    attachment = db.get_or_404(Attachment, attachment_id)
    if not can_read_attachment(current_user, attachment):
        abort(404)  # do not confirm that a confidential file exists
    response = send_file(io.BytesIO(read_bytes(attachment)), mimetype=attachment.content_type,
                         as_attachment=True, download_name=attachment.filename)
    response.headers["Cache-Control"] = "private, no-store"
    return response
