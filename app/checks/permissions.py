"""Who may do what with intermediaries' offices and their clients."""

from __future__ import annotations

from sqlalchemy import exists, select

from app.checks.models import ApplicationState, CheckApplication, ClientLink, IntermediaryOffice
from app.core.templating import template_global
from app.extensions import db
from app.organisations.models import Organisation, OrganisationKind
from app.organisations.permissions import is_member, is_org_admin

# Kinds that advise rather than being advised, and buyers, who apply to the funder.
NOT_CLIENT_KINDS = frozenset({OrganisationKind.INTERMEDIARY,
                              OrganisationKind.CONTRACTING_AUTHORITY})


def _signed_in(user) -> bool:
    return bool(user and user.is_authenticated)


def is_verified_intermediary(organisation: Organisation) -> bool:
    """A verified organisation of the kind intermediary."""
    return organisation.kind == OrganisationKind.INTERMEDIARY and organisation.is_verified


@template_global
def can_manage_offices(user, organisation: Organisation) -> bool:
    """The admins of a verified intermediary open and edit its local offices."""
    return is_verified_intermediary(organisation) and is_org_admin(user, organisation)


def advised_organisations(user) -> list[Organisation]:
    """The verified intermediaries the user advises for (is a member of)."""
    if not _signed_in(user):
        return []
    return [m.organisation for m in user.memberships
            if is_verified_intermediary(m.organisation)]


@template_global
def is_advisor(user) -> bool:
    """True if the user belongs to a verified intermediary."""
    return bool(advised_organisations(user))


@template_global
def can_advise(user, link: ClientLink) -> bool:
    """The members of the office's intermediary advise an active client."""
    organisation = link.office.organisation
    return (link.is_active and is_verified_intermediary(organisation)
            and is_member(user, organisation))


def client_organisations_of(user) -> list[Organisation]:
    """The organisations the user administers that may become an office's client."""
    if not _signed_in(user):
        return []
    return [m.organisation for m in user.memberships
            if m.organisation.kind not in NOT_CLIENT_KINDS
            and is_org_admin(user, m.organisation)]


@template_global
def can_become_client(user, office: IntermediaryOffice) -> bool:
    """An admin of a supplier or cooperative may link it to a verified intermediary's office."""
    return is_verified_intermediary(office.organisation) and bool(client_organisations_of(user))


@template_global
def can_end_client_link(user, link: ClientLink) -> bool:
    """The client's admins or the advisors end an active link."""
    return link.is_active and (is_org_admin(user, link.client) or can_advise(user, link))



@template_global
def can_view_application(user, application: CheckApplication) -> bool:
    """The applicant's members, the deciding office's people, and (read only) the advisors
    of an office the applicant chose as its advisor; nobody else, not other advisors, not
    platform administrators."""
    if not _signed_in(user):
        return False
    return (is_member(user, application.applicant) or can_decide_on(user, application)
            or advises(user, application.applicant))


def advises(user, client: Organisation) -> bool:
    """True if the user belongs to a verified intermediary with an office the organisation
    is an active client of (the client chose it, and can end it)."""
    ids = [o.id for o in advised_organisations(user)]
    if not ids:
        return False
    return bool(db.session.scalar(select(exists().where(
        ClientLink.client_id == client.id, ClientLink.ended_at.is_(None),
        ClientLink.office_id == IntermediaryOffice.id,
        IntermediaryOffice.organisation_id.in_(ids)))))


@template_global
def can_edit_application(user, application: CheckApplication) -> bool:
    """The applicant's members edit a draft, or complete it when asked."""
    return is_member(user, application.applicant) and application.state in (
        ApplicationState.DRAFT, ApplicationState.COMPLETION_REQUESTED)


@template_global
def can_decide_on(user, application: CheckApplication) -> bool:
    """The people of the deciding office's verified intermediary."""
    office = application.office
    return bool(office and is_verified_intermediary(office.organisation)
                and is_member(user, office.organisation))


@template_global
def can_decide_now(user, application: CheckApplication) -> bool:
    """A decision is taken on a submitted application by the deciding office."""
    return application.state == ApplicationState.SUBMITTED and can_decide_on(user, application)


@template_global
def can_report(user, application: CheckApplication) -> bool:
    """The applicant's members fill in the final report of a granted check."""
    return is_member(user, application.applicant) and application.state in (
        ApplicationState.GRANTED, ApplicationState.RUNNING, ApplicationState.REPORT_DUE)


@template_global
def can_read_application_files(user, application: CheckApplication) -> bool:
    """The applicant's members and the deciding office; not the client's advisors, who read
    the application itself only."""
    return _signed_in(user) and (is_member(user, application.applicant)
                                 or can_decide_on(user, application))
