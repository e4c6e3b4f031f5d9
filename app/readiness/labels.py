"""Words shown for the quick check's levels."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

LEVEL_LABELS = {
    "ready": _l("Ready"),
    "on_the_way": _l("On the way"),
    "start_here": _l("Start here"),
    "not_applicable": _l("Does not apply"),
}
LEVEL_TAG_CLASSES = {
    "ready": "govuk-tag--green",
    "on_the_way": "govuk-tag--yellow",
    "start_here": "govuk-tag--red",
    "not_applicable": "govuk-tag--grey",
}
