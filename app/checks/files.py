"""Files attached to a check application, where the programme's form asks for them.

They pass the same upload checks as solution files (`app.attachments`) and are read only
by the applicant's members and the deciding office (`can_read_application_files`).
"""

from __future__ import annotations

from flask_babel import gettext as _
from werkzeug.datastructures import FileStorage

from app.accounts.models import User
from app.attachments import services as attachments
from app.attachments.models import Attachment
from app.audit.services import record
from app.checks.models import CheckApplication
from app.checks.permissions import can_edit_application
from app.core.domain import DomainError
from app.extensions import db

OWNER_TYPE = "check_application"
MAX_FILES = 10


def load_application(application_id: int) -> CheckApplication | None:
    """The application a file belongs to (for the attachment registry)."""
    return db.session.get(CheckApplication, application_id)


def files_of(application: CheckApplication) -> list[Attachment]:
    """The application's files, oldest first."""
    return attachments.attachments_of(OWNER_TYPE, application.id)


def change_files(application: CheckApplication, user: User, uploads: list[FileStorage],
                 remove_ids: list[int]) -> None:
    """Add checked uploads and remove ticked files, while the applicant may still edit;
    a refused file refuses the whole change (DomainError, field "files")."""
    if not (uploads or remove_ids):
        return
    if not can_edit_application(user, application):
        raise DomainError(_("This application can no longer be changed."), 409)
    current = files_of(application)
    kept = [a for a in current if a.id not in set(remove_ids)]
    if len(kept) + len(uploads) > MAX_FILES:
        raise DomainError(_("Attach at most %(count)d files.", count=MAX_FILES), field="files")
    checked = [_checked(upload) for upload in uploads]
    for attachment in current:
        if attachment.id in set(remove_ids):
            attachments.delete(attachment)
    for upload in checked:
        attachments.attach(upload, OWNER_TYPE, application.id, user)
    record("check_application.files_changed", actor=user, obj=application,
           added=len(checked), removed=len(current) - len(kept))


def _checked(upload: FileStorage):
    try:
        return attachments.checked_upload(upload)
    except DomainError as error:
        raise DomainError(error.message, error.status, field="files") from None
