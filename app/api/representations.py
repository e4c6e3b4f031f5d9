"""The JSON shapes of the open data, exactly as `app.api.openapi` documents them.

Language-neutral: codes rather than labels (the OpenAPI document lists every code), both
languages where the data has both, dates as UTC ISO 8601 (2026-03-31T22:00:00Z), amounts
as numbers.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from flask import url_for

from app.api import services
from app.api.permissions import is_open_challenge
from app.challenges.models import Challenge, Clarification, CpvCode
from app.checks.statistics import MIN_GROUP, CheckGroup, CheckStatistics, ReportGroup
from app.dialogue.models import DialogueEvent
from app.funding.models import FundingProgramme
from app.knowledge.reach import THRESHOLD, DailyFigure, ReachCell, ReachReport
from app.networks.demand import PooledDemand
from app.networks.models import Network, PlannedProcurement
from app.organisations.models import Organisation


def iso(value: datetime | None) -> str | None:
    """A UTC instant as ISO 8601 with a Z, to the second."""
    if value is None:
        return None
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def number(value: Decimal | None) -> int | float | None:
    """An amount as a JSON number (whole numbers without decimals)."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _url(endpoint: str, **values) -> str:
    return url_for(endpoint, **values, _external=True)


# --- organisations ---------------------------------------------------------------------------

def organisation_ref(organisation: Organisation) -> dict:
    """A short reference to an organisation."""
    return {"id": organisation.id, "name": organisation.name,
            "org_number": organisation.org_number,
            "api_url": _url("api.organisation", organisation_id=organisation.id)}


def _supplier_profile(organisation: Organisation) -> dict | None:
    if not organisation.offers_solutions:
        return None
    return {"offers": organisation.offers, "capabilities": organisation.capabilities,
            "references": organisation.references,
            "regions_served": list(organisation.regions_served or [])}


def organisation_summary(organisation: Organisation) -> dict:
    """An organisation's public profile."""
    return {
        **organisation_ref(organisation),
        "kind": organisation.kind.value, "size_class": organisation.size_class.value,
        "is_sme": organisation.is_sme, "is_cooperative": organisation.is_cooperative,
        "verified": organisation.is_contracting_authority and organisation.is_verified,
        "sectors": list(organisation.sectors or []), "region": organisation.region,
        "website": organisation.website, "description": organisation.description,
        "supplier_profile": _supplier_profile(organisation),
        "created_at": iso(organisation.created_at),
        "url": _url("organisations.profile", org_id=organisation.id),
    }


def organisation_detail(organisation: Organisation) -> dict:
    """The public profile with its public challenges and its networks."""
    challenges = services.challenges_of(organisation)
    return {
        **organisation_summary(organisation),
        "challenges": [{**challenge_ref(c), "role": _role(c, organisation)} for c in challenges],
        "networks": [network_ref(n) for n in services.networks_of(organisation)],
    }


def _role(challenge: Challenge, organisation: Organisation) -> str:
    return "owner" if challenge.owner_id == organisation.id else "co_owner"


# --- challenges ------------------------------------------------------------------------------

def challenge_ref(challenge: Challenge) -> dict:
    """A short reference to a challenge."""
    return {"id": challenge.id, "title": challenge.title,
            "api_url": _url("api.challenge", challenge_id=challenge.id)}


def buyers(challenge: Challenge) -> list[dict]:
    """The owner and the co-owners (a joint challenge), the owner first."""
    return [{**organisation_ref(o), "role": "owner" if i == 0 else "co_owner"}
            for i, o in enumerate(challenge.owners)]


def deadlines(challenge: Challenge) -> dict:
    """The deadlines, in UTC."""
    return {"questions": iso(challenge.question_deadline_at),
            "submissions": iso(challenge.submission_deadline_at),
            "evaluation": iso(challenge.evaluation_deadline_at)}


def budget(challenge: Challenge) -> dict | None:
    """The budget range, or None if the buyer gave none."""
    if challenge.budget_min is None and challenge.budget_max is None:
        return None
    return {"min": number(challenge.budget_min), "max": number(challenge.budget_max),
            "currency": challenge.currency}


def outcome(challenge: Challenge) -> dict | None:
    """What followed the decision, once recorded."""
    if challenge.outcome_kind is None:
        return None
    return {"kind": challenge.outcome_kind.value, "url": challenge.outcome_url,
            "note": challenge.outcome_note, "recorded_at": iso(challenge.outcome_recorded_at),
            "led_to_procurement_or_partnership": services.leads_on(challenge)}


def cpv_links(challenge: Challenge) -> list:
    """The challenge's CPV codes in the order the buyer added them (the first is the main one)."""
    return sorted(challenge.cpv_links, key=lambda link: link.id)


def challenge_summary(challenge: Challenge, solution_count: int) -> dict:
    """A challenge in a list."""
    return {
        **challenge_ref(challenge),
        "kind": challenge.kind.value, "status": challenge.effective_state.value,
        "is_paused": challenge.is_paused, "summary": challenge.summary,
        "buyers": buyers(challenge), "procurement_route": challenge.procurement_route.value,
        "sectors": sorted(challenge.sectors), "region": challenge.region,
        "cpv_codes": [link.code for link in cpv_links(challenge)], "budget": budget(challenge),
        "deadlines": deadlines(challenge), "solution_count": solution_count,
        "outcome": outcome(challenge), "published_at": iso(challenge.published_at),
        "updated_at": iso(challenge.updated_at),
        "url": _url("challenges.detail", challenge_id=challenge.id),
    }


def _cpv(entry: CpvCode) -> dict:
    return {"code": entry.code, "name_en": entry.name_en, "name_sv": entry.name_sv}


def _clarification(clarification: Clarification) -> dict:
    """A published question and answer; who asked is never said."""
    return {"id": clarification.id, "question": clarification.question,
            "answer": clarification.answer or "", "from_buyer": clarification.from_owner,
            "published_at": iso(clarification.published_at)}


def _ip_terms(challenge: Challenge) -> dict:
    return {"terms": challenge.ip_terms.value,
            "supplier_keeps_ip": challenge.ip_terms.value == "supplier_owns",
            "justification": challenge.ip_justification or ""}


def _file(attachment) -> dict:
    return {"id": attachment.id, "filename": attachment.filename,
            "content_type": attachment.content_type, "size_bytes": attachment.size_bytes,
            "sha256": attachment.sha256,
            "url": _url("attachments.download", attachment_id=attachment.id,
                        filename=attachment.filename)}


def pooled_demand(demand: PooledDemand) -> dict:
    """How many authorities have this need; volumes only from those who agreed to show them."""
    return {"authorities": demand.authorities, "sharing_estimates": demand.shared,
            "volumes": [{"quantity": number(v.quantity), "unit": v.unit}
                        for v in demand.volumes],
            "amount_sek": number(demand.amount_sek)}


def challenge_detail(challenge: Challenge, solution_count: int) -> dict:
    """Everything public about a challenge (never anything of a solution but their number)."""
    return {
        **challenge_summary(challenge, solution_count),
        "problem_statement": challenge.problem_statement,
        "desired_effects": challenge.desired_effects, "constraints": challenge.constraints,
        "requirements": [{"position": n, "text": r.text}
                         for n, r in enumerate(challenge.requirements, start=1)],
        "ip_terms": _ip_terms(challenge),
        "cpv": [_cpv(link.cpv) for link in cpv_links(challenge)],
        "agenda_goals": list(challenge.agenda_goals or []), "language": challenge.language,
        "contact": {"name": challenge.contact_name, "email": challenge.contact_email,
                    "phone": challenge.contact_phone},
        "questions_and_answers": [_clarification(c)
                                  for c in services.published_clarifications(challenge)],
        "changes": [{"changed_at": iso(c.changed_at), "fields": list(c.fields or []),
                     "note": c.note} for c in challenge.changes],
        "files": [_file(f) for f in services.challenge_files(challenge)],
        "pooled_demand": pooled_demand(services.interest_in(challenge=challenge)),
        "closed_at": iso(challenge.closed_at), "decided_at": iso(challenge.decided_at),
        "withdrawn_at": iso(challenge.withdrawn_at),
        "withdrawn_reason": challenge.withdrawn_reason,
    }


def outcome_item(challenge: Challenge, solution_count: int) -> dict:
    """A recorded outcome with the challenge it belongs to."""
    return {
        "challenge": challenge_ref(challenge), "challenge_kind": challenge.kind.value,
        "buyers": buyers(challenge), "procurement_route": challenge.procurement_route.value,
        "solution_count": solution_count, "outcome": outcome(challenge),
        "url": _url("challenges.detail", challenge_id=challenge.id, _anchor="outcome"),
    }


# --- networks --------------------------------------------------------------------------------

def network_ref(network: Network) -> dict:
    """A short reference to a network."""
    return {"id": network.id, "name": network.name,
            "api_url": _url("api.network", network_id=network.id)}


def network_summary(network: Network) -> dict:
    """A network's public data."""
    return {
        **network_ref(network),
        "theme": network.theme, "description": network.description, "region": network.region,
        "sectors": sorted(network.sectors), "join_policy": network.join_policy.value,
        "status": network.status.value,
        "coordinator": organisation_ref(network.coordinator) if network.coordinator else None,
        "member_count": len(network.members), "created_at": iso(network.created_at),
        "archived_at": iso(network.archived_at),
        "url": _url("networks.network", network_id=network.id),
    }


def _planned(planned: PlannedProcurement) -> dict:
    challenge = planned.challenge if is_open_challenge(planned.challenge) else None
    return {
        "id": planned.id, "title": planned.title, "need": planned.need,
        "expected_timing": planned.expected_timing, "route": planned.route.value,
        "status": planned.status.value, "announced_at": iso(planned.created_at),
        "pooled_demand": pooled_demand(services.interest_in(planned=planned)),
        "joint_challenge": challenge_ref(challenge) if challenge else None,
        "url": _url("networks.planned", network_id=planned.network_id, planned_id=planned.id),
    }


def network_detail(network: Network) -> dict:
    """A network with its members, planned procurements and published joint challenges."""
    members = sorted(network.members, key=lambda m: (m.organisation.name.lower(), m.id))
    return {
        **network_summary(network),
        "members": [{**organisation_ref(m.organisation), "joined_at": iso(m.joined_at)}
                    for m in members],
        "planned_procurements": [_planned(p) for p in network.planned_procurements],
        "joint_challenges": [challenge_ref(c) for c in services.joint_challenges(network)],
        "update_count": services.network_update_count(network),
    }


# --- funding programmes ----------------------------------------------------------------------

def programme(programme: FundingProgramme, now: datetime) -> dict:
    """A funding programme, in both languages, with its call status now."""
    return {
        "key": programme.key, "name_sv": programme.name_sv, "name_en": programme.name_en,
        "funder": programme.funder, "audience": list(programme.audience or []),
        "stage": programme.stage.value, "max_amount": number(programme.max_amount),
        "currency": programme.currency, "support_rate": number(programme.support_rate),
        "purpose_sv": programme.purpose_sv, "purpose_en": programme.purpose_en,
        "eligibility_sv": programme.eligibility_sv, "eligibility_en": programme.eligibility_en,
        "link": programme.link, "opens_at": iso(programme.opens_at),
        "closes_at": iso(programme.closes_at), "status": programme.status(now).value,
        "intermediaries": [{"name": i.get("name", ""), "audience": list(i.get("audience", [])),
                            "url": i.get("url", "")} for i in programme.intermediaries or []],
        "updated_at": iso(programme.updated_at),
        "api_url": _url("api.funding_programme", key=programme.key),
    }


# --- dialogue events -------------------------------------------------------------------------

def _event_mode(event: DialogueEvent) -> str:
    if event.location and event.online_url:
        return "in_person_and_online"
    return "online" if event.online_url else "in_person"


def _event_target(event: DialogueEvent) -> dict:
    planned = event.planned_procurement
    return {
        "challenge": challenge_ref(event.challenge) if event.challenge else None,
        "planned_procurement": {
            "id": planned.id, "title": planned.title, "network_id": planned.network_id,
            "url": _url("networks.planned", network_id=planned.network_id,
                        planned_id=planned.id)} if planned else None,
    }


def event(event: DialogueEvent) -> dict:
    """An event's public data: never its place or online link (registered people only)."""
    return {
        "id": event.id, "uid": event.uid, "title": event.title, "kind": event.kind.value,
        "status": event.status.value, "description": event.description,
        "starts_at": iso(event.starts_at), "ends_at": iso(event.ends_at),
        "mode": _event_mode(event), "language": event.language,
        "accessibility": event.accessibility, "capacity": event.capacity,
        "people_per_organisation": event.people_per_organisation,
        "slot_minutes": event.slot_minutes, "winners_only": event.winners_only,
        "registration_deadline_at": iso(event.registration_deadline_at),
        "registration_open": event.registration_open, "sequence": event.sequence,
        **_event_target(event),
        "summary": event.summary_text if event.summary_published_at else None,
        "summary_published_at": iso(event.summary_published_at),
        "updated_at": iso(event.updated_at),
        "url": _url("dialogue.event", event_id=event.id),
        "api_url": _url("api.event", event_id=event.id),
    }


# --- check statistics and knowledge reach ----------------------------------------------------

def _check_group(group: CheckGroup, name: str) -> dict:
    return {name: group.key, "applications": group.applications, "grants": group.grants,
            "granted_amount": number(group.granted)}


def _report_group(group: ReportGroup) -> dict:
    if not group.shown:
        return {"programme": group.key, "shown": False}
    answers = group.answers
    return {"programme": group.key, "shown": True, "reports": answers["reports"],
            "costs_total": answers["costs"], "turnover_effect_total": answers["turnover"],
            "new_jobs_total": answers["jobs"],
            "procurement_share": number(answers["procurement"]),
            "ip_protected_share": number(answers["ip"])}


def check_statistics(stats: CheckStatistics) -> dict:
    """The check figures of /statistics/, with codes instead of labels."""
    followed = stats.followed
    return {
        "applications": stats.total.applications, "grants": stats.total.grants,
        "granted_amount": number(stats.total.granted), "currency": "SEK",
        "by_programme": [_check_group(g, "programme") for g in stats.by_programme],
        "by_intermediary": [_check_group(g, "name") for g in stats.by_intermediary],
        "by_county": [_check_group(g, "county") for g in stats.by_county],
        "by_organisation_kind": [_check_group(g, "kind") for g in stats.by_kind],
        "decisions": stats.decisions, "median_days_to_decision": number(stats.median_days),
        "final_reports": {"due": stats.reports_due, "received": stats.reports_received,
                          "share": number(stats.report_share)},
        "report_answers": {"min_organisations": MIN_GROUP,
                           "groups": [_report_group(g) for g in stats.reports]},
        "followed_by": {"granted": followed.granted, "challenge": followed.challenge,
                        "solution": followed.solution, "procurement_outcome": followed.outcome},
        "computed_at": iso(stats.computed_at),
    }


def _cells(cells: dict[str, ReachCell]) -> dict:
    return {role: {"sessions": cell.sessions, "views": cell.views}
            for role, cell in cells.items() if cell.shown}


def knowledge_reach(report: ReachReport, daily: list[DailyFigure]) -> dict:
    """Whom each published article reached, only counters of at least the threshold."""
    per_article: dict[int, list] = {}
    for item in daily:
        per_article.setdefault(item.article.id, []).append(
            {"day": item.day.isoformat(), "audience": item.role,
             "sessions": item.cell.sessions, "views": item.cell.views})
    return {
        "threshold": THRESHOLD, "days": report.days, "since": report.since.isoformat(),
        "audiences": report.roles, "totals": _cells(report.totals),
        "missed": report.missed(),
        "articles": [{
            "slug": row.article.slug, "title_sv": row.article.title_sv,
            "title_en": row.article.title_en,
            "url": _url("knowledge.article", slug=row.article.slug),
            "totals": _cells(row.cells), "missed": row.missed(report.roles),
            "daily": per_article.get(row.article.id, []),
        } for row in report.rows],
    }
