"""Words shown for the knowledge base's codes: article kinds, tags, case tracks."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.challenges.models import OutcomeKind
from app.knowledge.models import ArticleKind, CaseTrack

KIND_LABELS = {
    ArticleKind.METHOD_GUIDE: _l("Method guide"),
    ArticleKind.DEFINITION: _l("Definition"),
    ArticleKind.IP_GUIDANCE: _l("IP guidance"),
    ArticleKind.TEMPLATE: _l("Template"),
    ArticleKind.GOOD_EXAMPLE: _l("Good example"),
}

KIND_HEADINGS = {
    ArticleKind.METHOD_GUIDE: _l("Method guides"),
    ArticleKind.DEFINITION: _l("Definitions"),
    ArticleKind.IP_GUIDANCE: _l("Intellectual property"),
    ArticleKind.TEMPLATE: _l("Templates"),
    ArticleKind.GOOD_EXAMPLE: _l("Good examples"),
}

# A fixed vocabulary, so that every tag reads well in both languages.
TAG_LABELS = {
    "procurement-routes": _l("Procurement routes"),
    "dialogue": _l("Dialogue with the market"),
    "requirements": _l("Requirements"),
    "ip": _l("Intellectual property"),
    "evaluation": _l("Evaluation and jury"),
    "research-and-development": _l("Research and development"),
    "platform": _l("Using Innovation Arena"),
    "law": _l("Law and rules"),
    "funding": _l("Funding"),
    "sme": _l("Small companies and cooperatives"),
    "collaboration": _l("Joint procurement and networks"),
    "scaling": _l("Implementation and scaling"),
    "supplier-readiness": _l("Getting ready as a supplier"),
}

# The editable parts of an article, as a revision's differences are listed.
FIELD_LABELS = {
    "kind": _l("kind"),
    "title_sv": _l("Swedish title"),
    "title_en": _l("English title"),
    "summary_sv": _l("Swedish summary"),
    "summary_en": _l("English summary"),
    "body_sv": _l("Swedish text"),
    "body_en": _l("English text"),
    "tags": _l("topics"),
    "related": _l("related articles"),
}

TRACK_LABELS = {
    CaseTrack.BEFORE_PROCUREMENT: _l("Decision basis before a procurement"),
    CaseTrack.ONGOING_PROCUREMENT: _l("Support in an ongoing procurement"),
    CaseTrack.CAPACITY_BUILDING: _l("Building capacity for innovation procurement"),
    CaseTrack.PLATFORM_CHALLENGE: _l("Challenge on Innovation Arena"),
}

# A sentence for the first draft of a good example's story, not a label (see OutcomeKind).
OUTCOME_SENTENCES = {
    OutcomeKind.PROCUREMENT_ANNOUNCED: _l("A procurement was announced."),
    OutcomeKind.CONTRACT_AWARDED: _l("A contract was awarded."),
    OutcomeKind.PARTNERSHIP_STARTED: _l("An innovation partnership was started."),
    OutcomeKind.NOT_PURSUED: _l("The organisation decided not to go on to a procurement."),
}
