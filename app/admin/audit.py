"""The audit log as administrators read it: one sentence per event, in the reader's
language ("Anna Berg published “Trygg utevistelse”"), filtered by person, organisation
and kind; the raw codes stay in the CSV export.

Every kind the code records has a sentence here (tests/test_audit_log.py reads the code
for the kinds, so a new kind without a sentence fails the suite).
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, or_

from app.accounts.models import User
from app.audit.models import AuditEvent
from app.challenges.models import Challenge
from app.checks.models import CheckApplication, ClientLink, IntermediaryOffice
from app.core.i18n import current_language
from app.dialogue.models import DialogueEvent
from app.extensions import db
from app.knowledge.models import Article, CaseStudy
from app.networks.models import Network
from app.organisations.models import Membership, Organisation
from app.solutions.models import Solution

PER_PAGE = 50

# What each kind of event says; %(actor)s is the person (or the platform), %(object)s
# what it was done to (a challenge's title, an organisation's name, ...).
SENTENCES = {
    "account.email_changed": _l("%(actor)s changed their e-mail address"),
    "account.email_verified": _l("%(actor)s confirmed their e-mail address"),
    "account.erased": _l("%(actor)s erased the account of %(object)s"),
    "account.registered": _l("%(actor)s created an account"),
    "admin.created": _l("%(actor)s made %(object)s an administrator"),
    "auth.login": _l("%(actor)s logged in"),
    "auth.login_failed": _l("A log-in as %(object)s failed"),
    "auth.logout_everywhere": _l("%(actor)s logged out on every device"),
    "auth.password_changed": _l("%(actor)s changed their password"),
    "auth.password_reset": _l("%(actor)s set a new password through a reset link"),
    "auth.reset_requested": _l("%(actor)s asked for a password reset link"),
    "auth.two_factor_disabled": _l("%(actor)s turned off two-factor authentication"),
    "auth.two_factor_enabled": _l("%(actor)s turned on two-factor authentication"),
    "auth.two_factor_requested": _l("%(actor)s started turning on two-factor authentication"),
    "challenge.submit": _l("%(actor)s sent “%(object)s” for review"),
    "challenge.publish_directly": _l("%(actor)s published “%(object)s”"),
    "challenge.recall": _l("%(actor)s took “%(object)s” back from review"),
    "challenge.publish": _l("%(actor)s approved and published “%(object)s”"),
    "challenge.send_back": _l("%(actor)s sent “%(object)s” back to its authors"),
    "challenge.pause": _l("%(actor)s paused “%(object)s”"),
    "challenge.resume": _l("%(actor)s resumed “%(object)s”"),
    "challenge.extend_deadline": _l("%(actor)s extended the deadline of “%(object)s”"),
    "challenge.close": _l("%(actor)s closed “%(object)s” for submissions"),
    "challenge.start_evaluation": _l("%(actor)s started the evaluation of “%(object)s”"),
    "challenge.decide": _l("%(actor)s recorded the decision on “%(object)s”"),
    "challenge.record_outcome": _l("%(actor)s recorded the outcome of “%(object)s”"),
    "challenge.withdraw": _l("%(actor)s withdrew “%(object)s”"),
    "challenge.attachment_added": _l("%(actor)s added a document to “%(object)s”"),
    "challenge.attachment_removed": _l("%(actor)s removed a document from “%(object)s”"),
    "challenge.clarification_published": _l(
        "%(actor)s published a clarification on “%(object)s”"),
    "challenge.co_owner_accepted": _l("%(actor)s accepted co-ownership of “%(object)s”"),
    "challenge.co_owner_added": _l("%(actor)s added a co-owner to “%(object)s”"),
    "challenge.co_owner_declined": _l("%(actor)s declined co-ownership of “%(object)s”"),
    "challenge.co_owner_invited": _l("%(actor)s invited a co-owner to “%(object)s”"),
    "challenge.co_owner_removed": _l("%(actor)s removed a co-owner from “%(object)s”"),
    "challenge.created": _l("%(actor)s created “%(object)s”"),
    "challenge.created_from_planned_procurement": _l(
        "%(actor)s created “%(object)s” from a planned procurement"),
    "challenge.deleted": _l("%(actor)s deleted the draft “%(object)s”"),
    "challenge.question_asked": _l("%(actor)s asked a question about “%(object)s”"),
    "challenge.updated": _l("%(actor)s edited “%(object)s”"),
    "challenge.cover_set": _l("%(actor)s chose a cover image for “%(object)s”"),
    "challenge.cover_described": _l("%(actor)s described the cover image of “%(object)s”"),
    "challenge.cover_removed": _l("%(actor)s removed the cover image of “%(object)s”"),
    "check_application.decided": _l("%(actor)s decided the check application of %(object)s"),
    "check_application.reported": _l("%(actor)s reported on the check of %(object)s"),
    "check_application.started": _l("%(actor)s started a check application for %(object)s"),
    "check_application.files_changed": _l(
        "%(actor)s changed the files of the check application of %(object)s"),
    "check_application.submitted": _l(
        "%(actor)s submitted the check application of %(object)s"),
    "dialogue.event_cancelled": _l("%(actor)s cancelled the event “%(object)s”"),
    "dialogue.event_changed": _l("%(actor)s changed the event “%(object)s”"),
    "dialogue.event_created": _l("%(actor)s created the event “%(object)s”"),
    "dialogue.feed_renewed": _l("%(actor)s renewed their calendar feed address"),
    "dialogue.material_added": _l("%(actor)s added material to the event “%(object)s”"),
    "dialogue.material_removed": _l("%(actor)s removed material from the event “%(object)s”"),
    "dialogue.registered": _l("%(actor)s registered for the event “%(object)s”"),
    "dialogue.registration_cancelled": _l(
        "%(actor)s cancelled a registration for the event “%(object)s”"),
    "dialogue.summary_published": _l(
        "%(actor)s published the summary of the event “%(object)s”"),
    "evaluation.conflict_declared": _l(
        "%(actor)s declared whether they have a conflict of interest in “%(object)s”"),
    "evaluation.criteria_changed": _l("%(actor)s changed the evaluation criteria of “%(object)s”"),
    "evaluation.decision_published": _l("%(actor)s published the decision on “%(object)s”"),
    "evaluation.decision_saved": _l("%(actor)s saved a draft decision on “%(object)s”"),
    "evaluation.juror_accepted": _l("%(actor)s accepted a seat on the jury of “%(object)s”"),
    "evaluation.juror_competing": _l(
        "%(actor)s set aside a juror of “%(object)s” whose organisation answers the challenge"),
    "evaluation.juror_declined": _l("%(actor)s declined a seat on the jury of “%(object)s”"),
    "evaluation.juror_invitation_resent": _l(
        "%(actor)s sent a jury invitation for “%(object)s” again"),
    "evaluation.juror_invited": _l("%(actor)s invited a juror to “%(object)s”"),
    "evaluation.juror_revoked": _l("%(actor)s removed a juror from “%(object)s”"),
    "evaluation.opened": _l("%(actor)s opened the evaluation of “%(object)s” to the jury"),
    "evaluation.options_changed": _l(
        "%(actor)s changed the evaluation settings of “%(object)s”"),
    "evaluation.scores_submitted": _l("%(actor)s submitted final scores for “%(object)s”"),
    "evaluation.scores_withdrawn": _l(
        "%(actor)s withdrew scores for “%(object)s” after declaring a conflict"),
    "evaluation.scoring_closed": _l("%(actor)s closed the scoring of “%(object)s”"),
    "interest.registered": _l("%(actor)s registered interest in “%(object)s”"),
    "interest.updated": _l("%(actor)s changed an interest registration for “%(object)s”"),
    "interest.withdrawn": _l("%(actor)s withdrew an interest registration for “%(object)s”"),
    "intermediary.client_linked": _l("%(actor)s took on %(object)s as a client"),
    "intermediary.client_unlinked": _l("%(actor)s ended the client link with %(object)s"),
    "intermediary.office_saved": _l("%(actor)s saved the office %(object)s"),
    "intermediary.recommended": _l("%(actor)s made a recommendation to a client"),
    "knowledge.article_created": _l("%(actor)s created the article “%(object)s”"),
    "knowledge.article_updated": _l("%(actor)s edited the article “%(object)s”"),
    "knowledge.case_created": _l("%(actor)s added the case “%(object)s”"),
    "knowledge.case_updated": _l("%(actor)s edited the case “%(object)s”"),
    "knowledge.revision_restored": _l(
        "%(actor)s restored an earlier version of the article “%(object)s”"),
    "message.announced": _l("%(actor)s sent a message to the suppliers of “%(object)s”"),
    "message.published_as_clarification": _l(
        "%(actor)s published a message as a clarification on “%(object)s”"),
    "message.sent": _l("%(actor)s wrote about a solution to “%(object)s”"),
    "network.archived": _l("%(actor)s archived the network %(object)s"),
    "network.co_owner_confirmed": _l(
        "%(actor)s confirmed co-ownership of a joint challenge in %(object)s"),
    "network.co_owner_declined": _l(
        "%(actor)s declined co-ownership of a joint challenge in %(object)s"),
    "network.coordinator_changed": _l("%(actor)s handed over the coordination of %(object)s"),
    "network.created": _l("%(actor)s started the network %(object)s"),
    "network.document_deleted": _l("%(actor)s deleted a document in %(object)s"),
    "network.document_uploaded": _l("%(actor)s shared a document in %(object)s"),
    "network.join_approved": _l("%(actor)s let an organisation join %(object)s"),
    "network.join_declined": _l("%(actor)s declined an organisation's request to join %(object)s"),
    "network.join_requested": _l("%(actor)s asked for their organisation to join %(object)s"),
    "network.joined": _l("%(actor)s joined %(object)s with their organisation"),
    "network.joint_challenge_created": _l("%(actor)s created a joint challenge in %(object)s"),
    "network.left": _l("%(actor)s took their organisation out of %(object)s"),
    "network.planned_procurement_announced": _l(
        "%(actor)s announced a planned procurement in %(object)s"),
    "network.planned_procurement_cancelled": _l(
        "%(actor)s cancelled a planned procurement in %(object)s"),
    "network.planned_procurement_updated": _l(
        "%(actor)s changed a planned procurement in %(object)s"),
    "network.update_posted": _l("%(actor)s posted news in %(object)s"),
    "network.updated": _l("%(actor)s edited the network %(object)s"),
    "organisation.created": _l("%(actor)s registered the organisation %(object)s"),
    "organisation.invitation_accepted": _l("%(actor)s accepted an invitation to %(object)s"),
    "organisation.invitation_revoked": _l("%(actor)s withdrew an invitation to %(object)s"),
    "organisation.invited": _l("%(actor)s invited someone to %(object)s"),
    "organisation.join_approved": _l("%(actor)s let someone join %(object)s"),
    "organisation.join_declined": _l("%(actor)s declined a request to join %(object)s"),
    "organisation.join_requested": _l("%(actor)s asked to join %(object)s"),
    "organisation.left": _l("%(actor)s left %(object)s"),
    "organisation.removed": _l("%(actor)s removed a member from %(object)s"),
    "organisation.role_changed": _l("%(actor)s changed a member's role in %(object)s"),
    "organisation.updated": _l("%(actor)s edited the profile of %(object)s"),
    "organisation.verification_rejected": _l("%(actor)s refused to verify %(object)s"),
    "organisation.verified": _l("%(actor)s verified %(object)s"),
    "solution.consent_changed": _l(
        "%(actor)s changed the publication consent of a solution to “%(object)s”"),
    "solution.draft_deleted": _l("%(actor)s deleted a draft solution"),
    "solution.draft_saved": _l("%(actor)s saved a draft solution to “%(object)s”"),
    "solution.started": _l("%(actor)s started a solution to “%(object)s”"),
    "solution.submitted": _l("%(actor)s submitted a solution to “%(object)s”"),
    "solution.withdrawn": _l("%(actor)s withdrew a solution to “%(object)s”"),
}

# The kinds' families, for the filter (a kind is "<family>.<what happened>").
FAMILIES = {
    "auth": _l("Log-ins and security"),
    "account": _l("Accounts"),
    "admin": _l("Administrators"),
    "organisation": _l("Organisations"),
    "challenge": _l("Challenges"),
    "solution": _l("Solutions"),
    "message": _l("Messages"),
    "evaluation": _l("Jury and decisions"),
    "network": _l("Networks"),
    "interest": _l("Interest registrations"),
    "dialogue": _l("Events"),
    "knowledge": _l("Knowledge"),
    "check_application": _l("Check applications"),
    "intermediary": _l("Intermediaries"),
}


@dataclass(frozen=True)
class AuditFilters:
    """What the administrator narrowed the log to (empty strings: everything)."""

    person: str = ""
    organisation: str = ""
    kind: str = ""

    @classmethod
    def from_args(cls, args) -> AuditFilters:
        return cls(*(args.get(name, "").strip()[:200]
                     for name in ("person", "organisation", "kind")))

    @property
    def active(self) -> int:
        return sum(1 for value in (self.person, self.organisation, self.kind) if value)


def events_query(filters: AuditFilters):
    """The events matching the filters, newest first."""
    query = db.select(AuditEvent).order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
    if filters.person:
        query = query.where(AuditEvent.actor_id.in_(_people_matching(filters.person)))
    if filters.organisation:
        query = query.where(_concerns_organisations(_organisations_matching(filters.organisation)))
    if filters.kind:
        query = query.where(or_(AuditEvent.action == filters.kind,
                                AuditEvent.action.startswith(filters.kind + ".", autoescape=True)))
    return query


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _people_matching(text: str):
    pattern = _like(text)
    return db.select(User.id).where(or_(User.name.ilike(pattern, escape="\\"),
                                        User.email.ilike(pattern, escape="\\")))


def _organisations_matching(text: str):
    return db.select(Organisation.id).where(Organisation.name.ilike(_like(text), escape="\\"))


def _concerns_organisations(organisation_ids):
    """Done by one of its people, to the organisation itself, or to a challenge it owns."""
    owned = db.select(Challenge.id).where(Challenge.owner_id.in_(organisation_ids))
    members = db.select(Membership.user_id).where(
        Membership.organisation_id.in_(organisation_ids))
    return or_(AuditEvent.actor_id.in_(members),
               and_(AuditEvent.object_type == "organisations",
                    AuditEvent.object_id.in_(organisation_ids)),
               and_(AuditEvent.object_type == "challenges", AuditEvent.object_id.in_(owned)))


def entries(events: list[AuditEvent]) -> list[tuple[AuditEvent, str]]:
    """Each event with its sentence in the reader's language."""
    labels = object_labels(events)
    return [(event, sentence(event, labels.get((event.object_type, event.object_id))))
            for event in events]


def sentence(event: AuditEvent, label: str | None) -> str:
    """One event as a sentence; a kind without one still reads, with its code."""
    actor = event.actor.name if event.actor else _("The platform")
    shown = label or event.details.get("title") or event.details.get("email") or "–"
    template = SENTENCES.get(event.action)
    if template is None:
        return _("%(actor)s: %(code)s", actor=actor, code=event.action)
    return str(template) % {"actor": actor, "object": shown}


def object_labels(events: list[AuditEvent]) -> dict[tuple[str, int], str]:
    """What the events were done to, by (table, id): one query per kind of object."""
    wanted: dict[str, set[int]] = defaultdict(set)
    for event in events:
        if event.object_type in _LABELS and event.object_id is not None:
            wanted[event.object_type].add(event.object_id)
    labels = {}
    for table, ids in wanted.items():
        for object_id, label in db.session.execute(_LABELS[table]().where(
                _ID_COLUMNS[table].in_(ids))):
            labels[(table, object_id)] = label
    return labels


def _knowledge_title(model):
    language = current_language()
    own, other = (model.title_sv, model.title_en) if language == "sv" else (
        model.title_en, model.title_sv)
    return db.select(model.id, db.func.coalesce(db.func.nullif(own, ""), other))


_LABELS = {
    "users": lambda: db.select(User.id, User.name),
    "challenges": lambda: db.select(Challenge.id, Challenge.title),
    "organisations": lambda: db.select(Organisation.id, Organisation.name),
    "networks": lambda: db.select(Network.id, Network.name),
    "solutions": lambda: db.select(Solution.id, Challenge.title).join(
        Challenge, Challenge.id == Solution.challenge_id),
    "dialogue_events": lambda: db.select(DialogueEvent.id, DialogueEvent.title),
    "knowledge_articles": lambda: _knowledge_title(Article),
    "knowledge_case_studies": lambda: _knowledge_title(CaseStudy),
    "check_applications": lambda: db.select(CheckApplication.id, Organisation.name).join(
        Organisation, Organisation.id == CheckApplication.applicant_id),
    "intermediary_offices": lambda: db.select(IntermediaryOffice.id, IntermediaryOffice.name),
    "intermediary_clients": lambda: db.select(ClientLink.id, Organisation.name).join(
        Organisation, Organisation.id == ClientLink.client_id),
}
_ID_COLUMNS = {
    "users": User.id, "challenges": Challenge.id, "organisations": Organisation.id,
    "networks": Network.id, "solutions": Solution.id, "dialogue_events": DialogueEvent.id,
    "knowledge_articles": Article.id, "knowledge_case_studies": CaseStudy.id,
    "check_applications": CheckApplication.id, "intermediary_offices": IntermediaryOffice.id,
    "intermediary_clients": ClientLink.id,
}


# Cells starting with these would run as formulas in a spreadsheet.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CSV_COLUMNS = ["id", "created_at", "actor_id", "actor_email", "action", "object_type",
               "object_id", "ip_address", "details"]


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def csv_lines(filters: AuditFilters) -> Iterator[str]:
    """The matching events with their raw codes, as CSV lines (a byte order mark first, for
    spreadsheets), read from the database in batches."""
    yield "\ufeff" + _csv_line(CSV_COLUMNS)
    query = events_query(filters).options(db.joinedload(AuditEvent.actor))
    for event in db.session.scalars(query.execution_options(yield_per=500)):
        yield _csv_line([event.id, event.created_at.isoformat(), event.actor_id,
                         event.actor.email if event.actor else None, event.action,
                         event.object_type, event.object_id, event.ip_address,
                         json.dumps(event.details, ensure_ascii=False, sort_keys=True)])


def _csv_line(values: list) -> str:
    out = io.StringIO()
    csv.writer(out).writerow([_cell(value) for value in values])
    return out.getvalue()
