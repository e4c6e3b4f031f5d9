"""Downloading attachments, after the owner's permission check."""

from __future__ import annotations

from flask import Blueprint, Response, abort, send_file
from flask_login import current_user

from app.attachments.models import Attachment
from app.attachments.services import can_read_attachment, readable_path
from app.extensions import db

bp = Blueprint("attachments", __name__, url_prefix="/attachments")


def attachment_response(attachment: Attachment, download_name: str | None = None) -> Response:
    """The attachment as a download, streamed from disk (the caller checked the reader)."""
    path = readable_path(attachment)
    if path is None:
        abort(404)
    return send_file(path, mimetype=attachment.content_type, as_attachment=True,
                     download_name=download_name or attachment.filename)


@bp.route("/<int:attachment_id>/<path:filename>")
def download(attachment_id: int, filename: str):
    attachment = db.get_or_404(Attachment, attachment_id)
    if not can_read_attachment(current_user, attachment):
        abort(404)  # do not confirm that a confidential file exists
    return attachment_response(attachment)
