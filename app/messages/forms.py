"""Forms: a message (with files and, for a buyer during an open challenge, the
equal-treatment question), an announcement, and either turned into a public
clarification."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import MultipleFileField
from govuk_frontend_wtf.wtforms_widgets import GovFileInput

from app.attachments.services import with_size_limit
from app.core.forms import (
    ArenaForm,
    Length,
    Optional,
    radio_field,
    required,
    submit_field,
    text_field,
    textarea_field,
)
from app.messages.services import MAX_BODY

CONDITIONS_CHOICES = [
    ("no", _l("No: it concerns only this supplier's solution")),
    ("yes", _l("Yes: it changes or clarifies the conditions of the challenge")),
]


class MessageForm(ArenaForm):
    body = textarea_field(_l("Your message"), required(_l("Write your message.")),
                          Length(max=MAX_BODY))
    attachments = MultipleFileField(
        _l("Add files (optional)"), widget=GovFileInput(multiple=True),
        description=with_size_limit(_l("PDF, Word, Excel, PowerPoint, OpenDocument, PNG or "
                                       "JPEG, at most %(mb)d MB each.")))
    changes_conditions = radio_field(
        _l("Does this message change or clarify the conditions of the challenge?"),
        CONDITIONS_CHOICES, Optional(),
        description=_l("Equal treatment: while the challenge is open, what one supplier "
                       "learns about the conditions, every supplier must learn. If the "
                       "answer is yes, the text is published as a public clarification "
                       "instead."))
    submit = submit_field(_l("Send the message"))

    def uploads(self) -> list:
        """The files chosen (empty file inputs ignored)."""
        return [f for f in (self.attachments.data or []) if f and f.filename]


class ClarificationForm(ArenaForm):
    subject = text_field(_l("Subject (optional)"), Optional(), Length(max=300))
    text = textarea_field(
        _l("Clarification for every supplier"), required(_l("Write the clarification.")),
        Length(max=MAX_BODY),
        description=_l("Published on the challenge's page for everyone, and everyone "
                       "following the challenge is told. Do not name the supplier."))
    submit = submit_field(_l("Publish as a public clarification"))


class AnnouncementForm(ArenaForm):
    target = radio_field(_l("Who is it for?"), [],
                         required(_l("Choose who the announcement is for.")))
    subject = text_field(_l("Subject"), required(_l("Write a subject.")), Length(max=200))
    body = textarea_field(_l("Announcement"), required(_l("Write the announcement.")),
                          Length(max=MAX_BODY),
                          description=_l("E-mailed to everyone in the group, as each chose in "
                                         "their notification settings. You can use Markdown."))
    changes_conditions = MessageForm.changes_conditions
    submit = submit_field(_l("Send the announcement"))
