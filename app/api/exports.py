"""CSV exports of the public challenges and the recorded outcomes (UTF-8, comma-separated).

Column names are stable English identifiers, values are codes as in the JSON API; lists
are joined with "; ". Cells that a spreadsheet would run as a formula are defused.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from app.api.representations import cpv_links, iso, number
from app.challenges.models import Challenge

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

CHALLENGE_COLUMNS = (
    "id", "kind", "status", "title", "summary", "buyer", "buyer_org_number", "co_buyers",
    "procurement_route", "sectors", "region", "cpv_codes", "budget_min", "budget_max",
    "currency", "ip_terms", "question_deadline", "submission_deadline",
    "evaluation_deadline", "published_at", "solution_count", "outcome", "url",
)
OUTCOME_COLUMNS = (
    "challenge_id", "title", "challenge_kind", "buyer", "buyer_org_number", "co_buyers",
    "procurement_route", "outcome", "led_to_procurement_or_partnership", "notice_url",
    "note", "recorded_at", "solution_count", "url",
)


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def _table(columns: tuple[str, ...], rows: Iterable[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row[column]) for column in columns])
    return "\ufeff" + buffer.getvalue()  # the BOM makes spreadsheet programs read UTF-8


def _buyer_columns(challenge: Challenge) -> dict:
    return {"buyer": challenge.owner.name, "buyer_org_number": challenge.owner.org_number,
            "co_buyers": "; ".join(o.name for o in challenge.co_owners)}


def challenge_row(challenge: Challenge, solution_count: int, url: str) -> dict:
    """One challenge as a CSV row."""
    return {
        "id": challenge.id, "kind": challenge.kind.value, "status": challenge.effective_state.value,
        "title": challenge.title, "summary": challenge.summary, **_buyer_columns(challenge),
        "procurement_route": challenge.procurement_route.value,
        "sectors": "; ".join(sorted(challenge.sectors)), "region": challenge.region,
        "cpv_codes": "; ".join(link.code for link in cpv_links(challenge)),
        "budget_min": number(challenge.budget_min), "budget_max": number(challenge.budget_max),
        "currency": challenge.currency, "ip_terms": challenge.ip_terms.value,
        "question_deadline": iso(challenge.question_deadline_at),
        "submission_deadline": iso(challenge.submission_deadline_at),
        "evaluation_deadline": iso(challenge.evaluation_deadline_at),
        "published_at": iso(challenge.published_at), "solution_count": solution_count,
        "outcome": challenge.outcome_kind.value if challenge.outcome_kind else None, "url": url,
    }


def outcome_row(challenge: Challenge, solution_count: int, url: str, leads_on: bool) -> dict:
    """One recorded outcome as a CSV row."""
    return {
        "challenge_id": challenge.id, "title": challenge.title,
        "challenge_kind": challenge.kind.value, **_buyer_columns(challenge),
        "procurement_route": challenge.procurement_route.value,
        "outcome": challenge.outcome_kind.value, "notice_url": challenge.outcome_url,
        "led_to_procurement_or_partnership": "yes" if leads_on else "no",
        "note": challenge.outcome_note, "recorded_at": iso(challenge.outcome_recorded_at),
        "solution_count": solution_count, "url": url,
    }


def challenges_csv(rows: Iterable[dict]) -> str:
    """The challenges table."""
    return _table(CHALLENGE_COLUMNS, rows)


def outcomes_csv(rows: Iterable[dict]) -> str:
    """The outcomes table."""
    return _table(OUTCOME_COLUMNS, rows)
