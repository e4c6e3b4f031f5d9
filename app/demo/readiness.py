"""Demo data: the demo SME's readiness quick check (shown on its profile; the demo
cooperative has not taken it yet), and a month of reach counters for the knowledge hub,
some audiences above the threshold of 5 sessions and some below."""

from __future__ import annotations

from datetime import timedelta

from app.accounts.services import find_user_by_email
from app.core.dates import local_day
from app.core.db import utcnow
from app.extensions import db
from app.knowledge.models import Article, ArticleReach
from app.readiness import services
from app.readiness.questions import QUESTIONS

SUPPLIER_ANSWERS = {
    "volume": "partly", "partners": "no", "quality": "partly", "environment": "no",
    "standard": "partly", "tested": "no", "background_ip": "no", "ip_terms": "partly",
}
# (article slug, reader role, sessions per day, views per session) over the last 30 days
REACH = (
    ("ip-guidance", "sme", 3, 2), ("ip-guidance", "contracting_authority", 2, 1),
    ("supplier-ip-terms", "sme", 1, 2), ("supplier-ip-terms", "cooperative", 0, 1),
    ("supplier-registration-tax-insurance", "public", 2, 1),
    ("market-dialogue", "contracting_authority", 2, 2), ("market-dialogue", "sme", 1, 1),
)
REACH_DAYS = 30


def _supplier_check() -> int:
    user = find_user_by_email("supplier@demo.example")
    if user is None or not user.memberships:
        return 0
    organisation = user.memberships[0].organisation
    if not services.is_supplier(organisation) or services.latest_check(organisation):
        return 0
    answers = {key: SUPPLIER_ANSWERS.get(key, "yes") for key in QUESTIONS}
    services.record_check(organisation, user, answers)
    services.set_shown_on_profile(organisation, True)
    return 1


def _reach_rows() -> int:
    if db.session.scalar(db.select(ArticleReach.id).limit(1)) is not None:
        return 0
    ids = dict(db.session.execute(db.select(Article.slug, Article.id)).all())
    today = local_day(utcnow())
    created = 0
    for slug, role, per_day, views in REACH:
        if slug not in ids:
            continue
        for offset in range(REACH_DAYS):
            sessions = per_day if per_day else int(offset % 10 == 0)  # a trickle: below 5
            if sessions:
                db.session.add(ArticleReach(article_id=ids[slug], day=today - timedelta(offset),
                                            reader_role=role, sessions=sessions,
                                            views=sessions * views))
                created += 1
    db.session.flush()
    return created


def load_readiness() -> int:
    """The demo supplier's quick check and a month of knowledge reach counters."""
    return _supplier_check() + _reach_rows()
