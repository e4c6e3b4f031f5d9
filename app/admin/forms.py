"""Forms for platform administration."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.core.forms import ArenaForm, Length, Optional, checkbox_field, textarea_field


class VerificationForm(ArenaForm):
    note = textarea_field(_l("Note to the organisation (required when rejecting)"),
                          Optional(), Length(max=2000))
    trusted = checkbox_field(_l("Trusted: may publish challenges without review"))
