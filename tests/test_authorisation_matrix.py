"""Every route × every role, generated from the URL map, against an explicit table.

For each role a client signs in once; every rule of `app.url_map` is requested with each
of its methods (POSTs with no data and CSRF checking off, so that the permission check,
not the token, decides), every URL parameter filled from a small world
(tests/authorisation_world.py). Each request runs in a savepoint that is rolled back, so
one request's effects never change the next.

A route without a line in RULES fails the suite: whoever adds a route says who may use it.
Every response seen is also checked against the one caching rule (app/core/security.py):
`Cache-Control: private, no-store`, unless it is a static file, the public open data
API or a published challenge's cover picture, whose answers are then shown to be the same
for every role.
Statuses: 200 a page; 302 to the log-in page (anonymous) or after an action; 400/422 an
empty form refused; 403 refused; 404 not there (or not confirmed to exist); 405 not
allowed; 409 not in this state.

The world's evaluation is anonymised, so for the two jurors every response (body and
file name) is also searched for what names the supplier: a juror reads solutions only
on the jury's pages, as "Solution 1".
"""

# ruff: noqa: E501 - the table's keys are the routes themselves, whole on one line each

from __future__ import annotations

import json
import os
import re

import pytest
from flask import url_for

from app.extensions import db, limiter
from tests.authorisation_world import (
    APPLICATION_FILE,
    MEETING_NOTE,
    MESSAGE_TEXT,
    MISSING,
    ROLES,
    build_world,
)
from tests.conftest import log_in

# Role names in RULES: anon, sup (supplier member), osup (other supplier), own (buyer
# owner), co (accepted co-owner), pco (an authority invited to co-own that has not
# answered: no access), obuy (other buyer), jur (juror, anonymised evaluation), cjur
# (conflicted juror), coord (network coordinator), adm (administrator), adv (advisor at a
# verified intermediary whose office advises the supplier); * is every role
# not named. Jurors read solutions only on the jury's pages, never the supplier's.
SHORT = dict(zip(ROLES, ("anon", "sup", "osup", "own", "co", "pco", "obuy", "jur", "cjur",
                         "coord", "adm", "adv"), strict=True))

RULES: dict[str, str] = {
    "GET /": "*=200",
    "GET /api/v1/": "*=200",
    "GET /intermediaries/": "*=200",
    "GET /funding/applications/": "anon=302 *=200",
    "GET /funding/applications/new": "anon=302 *=404",
    "POST /funding/applications/new": "anon=302 *=404",
    "GET /funding/applications/<int:application_id>": "anon=302 sup,adv=200 *=404",
    "POST /funding/applications/<int:application_id>": "anon=302 sup,adv=403 *=404",
    "POST /funding/applications/<int:application_id>/assessment": "anon=302 adv=422 sup=403 *=404",
    "POST /funding/applications/<int:application_id>/decision": "anon=302 adv=422 sup=403 *=404",
    "GET /funding/applications/<int:application_id>/decision.pdf": "anon=302 *=404",
    "GET /funding/applications/<int:application_id>/report": "anon=302 sup,adv=403 *=404",
    "POST /funding/applications/<int:application_id>/report": "anon=302 sup,adv=403 *=404",
    "GET /intermediaries/<int:org_id>/offices/new": "anon=302 adv=200 *=403",
    "POST /intermediaries/<int:org_id>/offices/new": "anon=302 adv=422 *=403",
    "GET /intermediaries/clients/": "anon=302 *=200",
    "GET /intermediaries/clients/<int:link_id>": "anon=302 adv=200 *=403",
    "POST /intermediaries/clients/<int:link_id>/end": "anon,sup,adv=302 *=403",
    "POST /intermediaries/clients/<int:link_id>/notes": "anon=302 adv=422 *=403",
    "POST /intermediaries/clients/<int:link_id>/recommendations": "anon=302 adv=422 *=403",
    "POST /intermediaries/offices/<int:office_id>/client": "anon,sup,osup=302 *=403",
    "GET /intermediaries/offices/<int:office_id>/edit": "anon=302 adv=200 *=403",
    "POST /intermediaries/offices/<int:office_id>/edit": "anon=302 adv=422 *=403",
    "GET /api/v1/challenges": "*=200",
    "GET /api/v1/check-statistics": "*=200",
    "GET /api/v1/knowledge-reach": "*=200",
    "GET /api/v1/challenges.csv": "*=200",
    "GET /api/v1/challenges/<int(min=1, max=2147483647):challenge_id>": "*=200",
    "GET /api/v1/events": "*=200",
    "GET /api/v1/events/<int(min=1, max=2147483647):event_id>": "*=200",
    "GET /api/v1/funding-programmes": "*=200",
    "GET /api/v1/funding-programmes/<key>": "*=200",
    "GET /api/v1/networks": "*=200",
    "GET /api/v1/networks/<int(min=1, max=2147483647):network_id>": "*=200",
    "GET /api/v1/ocds/releases.json": "*=200",
    "GET /api/v1/openapi.json": "*=200",
    "GET /api/v1/organisations": "*=200",
    "GET /api/v1/organisations/<int(min=1, max=2147483647):organisation_id>": "*=200",
    "GET /api/v1/outcomes": "*=200",
    "GET /api/v1/outcomes.csv": "*=200",
    "GET /readiness/": "anon=302 *=200",
    "GET /readiness/<int:org_id>/check": "anon=302 sup=200 *=403",
    "POST /readiness/<int:org_id>/check": "anon=302 sup=422 *=403",
    "GET /readiness/<int:org_id>/result": "anon=302 sup=200 *=403",
    "POST /readiness/<int:org_id>/profile/<any(show, hide):choice>": "anon,sup=302 *=403",
    "GET /statistics/": "*=200",
    "GET /statistics/<slug>.csv": "*=200",
    "GET /accessibility": "*=200",
    "GET /my/": "anon=302 *=200",
    "GET /privacy": "*=200",
    "GET /terms": "*=200",
    "GET /account/": "anon=302 *=200",
    "POST /account/": "*=302",
    "GET /account/data.json": "anon=302 *=200",
    "GET /account/delete": "anon=302 *=200",
    "POST /account/delete": "anon=302 *=422",
    "GET /account/email": "anon=302 *=200",
    "POST /account/email": "anon=302 *=422",
    "POST /account/logout-everywhere": "*=302",
    "GET /account/notifications": "anon=302 *=200",
    "POST /account/notifications": "*=302",
    "GET /account/password": "anon=302 *=200",
    "POST /account/password": "anon=302 *=422",
    "GET /account/two-factor": "anon=302 *=200",
    "POST /account/two-factor": "anon=302 *=422",
    "GET /admin/": "anon=302 adm=200 *=403",
    "GET /admin/audit": "anon=302 adm=200 *=403",
    "GET /admin/audit.csv": "anon=302 adm=200 *=403",
    "POST /admin/organisations/<int:org_id>/<any(verify, reject):decision>": "anon,adm=302 *=403",
    "GET /admin/outbox": "anon=302 adm=200 *=403",
    "POST /admin/outbox/<int:message_id>/retry": "anon,adm=302 *=403",
    "POST /admin/outbox/retry-failed": "anon,adm=302 *=403",
    "GET /admin/verifications": "anon=302 adm=200 *=403",
    "GET /attachments/<int:attachment_id>/<path:filename>": "sup,own,co=200 *=404",
    "GET /auth/email/<token>": "*=400",
    "GET /auth/login": "anon=200 *=302",
    "POST /auth/login": "anon=401 *=302",
    "GET /auth/logout": "*=200",
    "POST /auth/logout": "anon=200 *=302",
    "GET /auth/register": "anon=200 *=302",
    "POST /auth/register": "anon=422 *=302",
    "GET /auth/reset": "*=200",
    "POST /auth/reset": "*=422",
    "GET /auth/reset/<token>": "*=400",
    "POST /auth/reset/<token>": "*=400",
    "GET /auth/two-factor": "*=302",
    "POST /auth/two-factor": "*=302",
    "GET /auth/two-factor/confirm/<token>": "*=400",
    "POST /auth/two-factor/confirm/<token>": "*=400",
    "GET /auth/verify/<token>": "*=400",
    "POST /auth/verify/resend": "*=302",
    "GET /challenges/": "*=200",
    "GET /challenges/<int:challenge_id>": "*=200",
    "GET /challenges/<int:challenge_id>-<slug>": "*=200",
    "POST /challenges/<int:challenge_id>/<any(follow, unfollow):action>": "*=302",
    "POST /challenges/<int:challenge_id>/<any(recall, pause, resume, start_evaluation, decide):action>": "anon=302 own,co=409 *=403",
    "POST /challenges/<int:challenge_id>/attachments": "anon=302 own,co=409 *=403",
    "POST /challenges/<int:challenge_id>/attachments/<int:attachment_id>/delete": "anon=302 own,co=409 *=403",
    "GET /challenges/<int:challenge_id>/calendar.ics": "*=200",
    "POST /challenges/<int:challenge_id>/cover": "anon=302 own,co=409 *=403",
    "GET /challenges/<int:challenge_id>/cover/<int:file_id>/<any(card, page):size>.jpg": "*=200",
    "POST /challenges/<int:challenge_id>/cover/delete": "anon=302 own,co=409 *=403",
    "POST /challenges/<int:challenge_id>/clarifications": "anon=302 own,co=422 *=403",
    "GET /challenges/<int:challenge_id>/co-owners": "anon=302 own=200 *=403",
    "POST /challenges/<int:challenge_id>/co-owners": "anon=302 own=422 *=403",
    "POST /challenges/<int:challenge_id>/co-owners/<int:org_id>/remove": "anon,own=302 *=403",
    "GET /challenges/<int:challenge_id>/co-ownership": "anon=302 pco=200 *=404",
    "POST /challenges/<int:challenge_id>/co-ownership/<any(accept, decline):answer>": "anon=302 pco=409 *=404",
    "POST /challenges/<int:challenge_id>/delete": "anon=302 own,co=409 *=403",
    "GET /challenges/<int:challenge_id>/edit": "anon=302 own,co=409 *=403",
    "POST /challenges/<int:challenge_id>/edit": "anon=302 own,co=409 *=403",
    "GET /challenges/<int:challenge_id>/evaluation/": "anon=302 own,co=200 *=403",
    "POST /challenges/<int:challenge_id>/evaluation/close-scoring": "anon,own,co=302 *=403",
    "POST /challenges/<int:challenge_id>/evaluation/conflicts": "anon=302 own,co=400 *=403",
    "GET /challenges/<int:challenge_id>/evaluation/criteria": "*=200",
    "GET /challenges/<int:challenge_id>/evaluation/criteria/edit": "anon=302 own,co=200 *=403",
    "POST /challenges/<int:challenge_id>/evaluation/criteria/edit": "anon=302 own,co=422 *=403",
    "POST /challenges/<int:challenge_id>/evaluation/criteria/suggested": "anon=302 own,co=409 *=403",
    "GET /challenges/<int:challenge_id>/evaluation/decision": "anon=302 own,co=200 *=403",
    "POST /challenges/<int:challenge_id>/evaluation/decision": "anon,own,co=302 *=403",
    "GET /challenges/<int:challenge_id>/evaluation/decision/publish": "anon=302 own,co=200 *=403",
    "POST /challenges/<int:challenge_id>/evaluation/decision/publish": "anon=302 own,co=409 *=403",
    "GET /challenges/<int:challenge_id>/evaluation/jury": "anon=302 own,co=200 *=403",
    "POST /challenges/<int:challenge_id>/evaluation/jury": "anon=302 own,co=422 *=403",
    "POST /challenges/<int:challenge_id>/evaluation/jury/<int:member_id>/<any(resend, revoke):action>": "anon=302 own,co=409 *=403",
    "POST /challenges/<int:challenge_id>/evaluation/open": "anon=302 own,co=409 *=403",
    "POST /challenges/<int:challenge_id>/evaluation/options": "anon=302 own,co=422 *=403",
    "GET /challenges/<int:challenge_id>/evaluation/protocol": "anon=302 own,co=200 *=403",
    "GET /challenges/<int:challenge_id>/evaluation/protocol.csv": "anon=302 own,co=200 *=403",
    "GET /challenges/<int:challenge_id>/evaluation/protocol.pdf": "anon=302 own,co=200 *=403",
    "GET /challenges/<int:challenge_id>/evaluation/result": "anon=302 sup=200 *=404",
    "GET /challenges/<int:challenge_id>/extend": "anon=302 own,co=200 *=403",
    "POST /challenges/<int:challenge_id>/extend": "anon=302 own,co=422 *=403",
    "GET /challenges/<int:challenge_id>/interest": "anon=302 own,co=200 pco,obuy,coord=409 *=403",
    "POST /challenges/<int:challenge_id>/interest": "anon=302 pco,obuy,coord=409 *=403",
    "POST /challenges/<int:challenge_id>/interest/withdraw": "anon=302 own,co,pco,obuy,coord=404 *=403",
    "GET /challenges/<int:challenge_id>/outcome": "anon=302 own,co=200 *=403",
    "POST /challenges/<int:challenge_id>/outcome": "anon=302 own,co=422 *=403",
    "POST /challenges/<int:challenge_id>/questions": "anon=302 *=422",
    "POST /challenges/<int:challenge_id>/questions/<int:clarification_id>/answer": "anon=302 own,co=422 *=403",
    "POST /challenges/<int:challenge_id>/review": "anon=302 adm=422 *=403",
    "GET /challenges/<int:challenge_id>/solution": "anon,sup=302 osup=409 *=403",
    "POST /challenges/<int:challenge_id>/solution": "anon=302 sup,osup=409 *=403",
    "GET /challenges/<int:challenge_id>/solutions": "anon=302 own,co=200 *=403",
    "GET /challenges/<int:challenge_id>/solutions/<int:solution_id>": "anon=302 sup,own,co=200 *=404",
    "POST /challenges/<int:challenge_id>/solutions/<int:solution_id>/consent": "anon,sup=302 own,co=403 *=404",
    "POST /challenges/<int:challenge_id>/solutions/<int:solution_id>/delete": "anon=302 sup,own,co=403 *=404",
    "GET /challenges/<int:challenge_id>/solutions/<int:solution_id>/versions/<int:number>.json": "anon=302 sup,own,co=200 *=404",
    "POST /challenges/<int:challenge_id>/solutions/<int:solution_id>/withdraw": "anon=302 sup,own,co=403 *=404",
    "GET /challenges/<int:challenge_id>/solutions/attachments.zip": "anon=302 own,co=200 *=403",
    "GET /challenges/<int:challenge_id>/solutions/export.csv": "anon=302 own,co=200 *=403",
    "GET /challenges/<int:challenge_id>/preview": "anon=302 own,co,adm=200 *=403",
    "POST /challenges/<int:challenge_id>/submit": "anon=302 own,co=409 *=403",
    "GET /challenges/<int:challenge_id>/withdraw": "anon=302 own,co,adm=200 *=403",
    "POST /challenges/<int:challenge_id>/withdraw": "anon=302 own,co,adm=422 *=403",
    "GET /challenges/feed.atom": "*=200",
    "GET /challenges/mine": "anon=302 *=200",
    "GET /challenges/new": "anon=302 own,co,pco,obuy,coord=200 *=403",
    "POST /challenges/new": "anon=302 own,co,pco,obuy,coord=422 *=403",
    "GET /challenges/review": "anon=302 adm=200 *=403",
    "GET /challenges/<int:challenge_id>/events": "*=200",
    "GET /challenges/<int:challenge_id>/events/new": "anon=302 own,co=200 *=403",
    "POST /challenges/<int:challenge_id>/events/new": "anon=302 own,co=422 *=403",
    "GET /events/": "*=200",
    "GET /messages/": "anon=302 *=200",
    "GET /messages/announcements/<int:announcement_id>": "anon=302 sup,own,co=200 *=404",
    "GET /messages/challenges/<int:challenge_id>/announcements": "anon=302 own,co=200 *=403",
    "POST /messages/challenges/<int:challenge_id>/announcements": "anon=302 own,co=422 *=403",
    "POST /messages/challenges/<int:challenge_id>/clarification": "anon=302 own,co=422 *=403",
    "GET /messages/solutions/<int:solution_id>": "anon=302 sup,own,co=200 *=404",
    "POST /messages/solutions/<int:solution_id>": "anon=302 sup,own,co=422 *=404",
    "POST /messages/solutions/<int:solution_id>/clarification": "anon=302 own,co=422 sup=403 *=404",
    "GET /events/<int:event_id>": "*=200",
    "GET /events/<int:event_id>/calendar.ics": "*=200",
    "GET /events/<int:event_id>/cancel": "anon=302 own,co=200 *=403",
    "POST /events/<int:event_id>/cancel": "anon=302 own,co=422 *=403",
    "GET /events/<int:event_id>/edit": "anon=302 own,co=200 *=403",
    "POST /events/<int:event_id>/edit": "anon=302 own,co=422 *=403",
    "POST /events/<int:event_id>/notes/<int:organisation_id>": "anon,own,co=302 *=403",
    "POST /events/<int:event_id>/material": "anon=302 own,co=409 *=403",
    "POST /events/<int:event_id>/material/<int:attachment_id>/delete": "anon=302 own,co=409 *=403",
    "GET /events/<int:event_id>/participants": "anon=302 own,co=200 *=403",
    "GET /events/<int:event_id>/participants.csv": "anon=302 own,co=200 *=403",
    "POST /events/<int:event_id>/register": "anon,osup=302 sup=409 *=403",
    "POST /events/<int:event_id>/registration/cancel": "anon,sup=302 *=404",
    "GET /events/<int:event_id>/summary": "anon=302 own,co=409 *=403",
    "POST /events/<int:event_id>/summary": "anon=302 own,co=409 *=403",
    "GET /events/calendar.ics": "*=200",
    "GET /events/feed.atom": "*=200",
    "GET /events/feed/<token>.ics": "*=404",
    "GET /events/mine": "anon=302 *=200",
    "POST /events/mine/feed": "*=302",
    "GET /networks/<int:network_id>/procurements/<int:planned_id>/events/new": "anon=302 coord=200 *=403",
    "POST /networks/<int:network_id>/procurements/<int:planned_id>/events/new": "anon=302 coord=422 *=403",
    "GET /funding/": "*=200",
    "GET /funding/<key>/go": "*=302",
    "GET /funding/admin/": "anon=302 adm=200 *=403",
    "GET /funding/admin/<int:programme_id>/edit": "anon=302 adm=200 *=403",
    "POST /funding/admin/<int:programme_id>/edit": "anon=302 adm=422 *=403",
    "GET /funding/admin/new": "anon=302 adm=200 *=403",
    "POST /funding/admin/new": "anon=302 adm=422 *=403",
    "GET /healthz": "*=200",
    "GET /help": "*=200",
    "GET /jury/": "anon=302 *=200",
    "GET /jury/challenges/<int:challenge_id>": "anon=302 jur,cjur=200 *=403",
    "GET /jury/challenges/<int:challenge_id>/conflicts": "anon=302 jur,cjur=200 *=403",
    "POST /jury/challenges/<int:challenge_id>/conflicts": "anon,jur,cjur=302 *=403",
    "GET /jury/challenges/<int:challenge_id>/solutions/<int:number>": "anon=302 jur=200 *=403",
    "POST /jury/challenges/<int:challenge_id>/solutions/<int:number>": "anon,jur=302 *=403",
    "GET /jury/challenges/<int:challenge_id>/solutions/<int:number>/files/<int:attachment_id>": "anon=302 jur=200 *=403",
    "POST /jury/challenges/<int:challenge_id>/submit": "anon=302 cjur=200 jur=422 *=403",
    "GET /jury/invitations/<token>": "*=404",
    "POST /jury/invitations/<token>": "*=404",
    "POST /jury/seats/<int:member_id>/answer": "anon=302 jur=400 *=404",
    "GET /knowledge/": "*=200",
    "GET /knowledge/<slug>": "*=200",
    "GET /knowledge/<slug>/edit": "anon=302 adm=200 *=403",
    "POST /knowledge/<slug>/edit": "anon=302 adm=422 *=403",
    "GET /knowledge/<slug>/revisions": "anon=302 adm=200 *=403",
    "GET /knowledge/<slug>/revisions/<int:number>": "anon=302 adm=200 *=403",
    "POST /knowledge/<slug>/revisions/<int:number>/restore": "anon,adm=302 *=403",
    "GET /knowledge/reach/": "anon=302 adm,adv=200 *=403",
    "GET /knowledge/cases/": "*=200",
    "GET /knowledge/cases/<int:case_id>": "*=200",
    "GET /knowledge/cases/<int:case_id>/edit": "anon=302 adm=200 *=403",
    "POST /knowledge/cases/<int:case_id>/edit": "anon=302 adm=422 *=403",
    "GET /knowledge/cases/new": "anon=302 adm=200 *=403",
    "POST /knowledge/cases/new": "anon=302 adm=422 *=403",
    "GET /knowledge/new": "anon=302 adm=200 *=403",
    "POST /knowledge/new": "anon=302 adm=422 *=403",
    "GET /language/<any(sv, en):code>": "*=303",
    "POST /language/<any(sv, en):code>": "*=303",
    "GET /networks/": "*=200",
    "GET /networks/<int:network_id>": "*=200",
    "GET /networks/<int:network_id>/coordinator": "anon=302 coord=200 *=403",
    "POST /networks/<int:network_id>/coordinator": "anon,coord=302 *=403",
    "GET /networks/<int:network_id>/documents": "anon=302 own,coord=200 *=403",
    "POST /networks/<int:network_id>/documents": "anon=302 own,coord=422 *=403",
    "POST /networks/<int:network_id>/documents/<int:attachment_id>/delete": "anon=302 *=404",
    "GET /networks/<int:network_id>/edit": "anon=302 coord=200 *=403",
    "POST /networks/<int:network_id>/edit": "anon,coord=302 *=403",
    "POST /networks/<int:network_id>/join": "anon,co,pco,obuy=302 *=403",
    "POST /networks/<int:network_id>/leave": "anon=302 own=200 coord=409 *=403",
    "GET /networks/<int:network_id>/procurements/<int:planned_id>": "*=200",
    "POST /networks/<int:network_id>/procurements/<int:planned_id>/cancel": "anon,coord=302 *=403",
    "GET /networks/<int:network_id>/procurements/<int:planned_id>/convert": "anon=302 coord=200 *=403",
    "POST /networks/<int:network_id>/procurements/<int:planned_id>/convert": "anon,coord=302 *=403",
    "GET /networks/<int:network_id>/procurements/<int:planned_id>/edit": "anon=302 coord=200 *=403",
    "POST /networks/<int:network_id>/procurements/<int:planned_id>/edit": "anon,coord=302 *=403",
    "GET /networks/<int:network_id>/procurements/<int:planned_id>/interest": "anon=302 own,co,pco,obuy,coord=200 *=403",
    "POST /networks/<int:network_id>/procurements/<int:planned_id>/interest": "anon=302 own,co,pco,obuy,coord=422 *=403",
    "POST /networks/<int:network_id>/procurements/<int:planned_id>/interest/withdraw": "anon=302 own,co,pco,obuy,coord=404 *=403",
    "GET /networks/<int:network_id>/procurements/new": "anon=302 coord=200 *=403",
    "POST /networks/<int:network_id>/procurements/new": "anon=302 coord=422 *=403",
    "POST /networks/<int:network_id>/requests/<int:request_id>/<any(approve, decline):decision>": "anon=302 coord=404 *=403",
    "GET /networks/<int:network_id>/updates": "anon=302 own,coord=200 *=403",
    "POST /networks/<int:network_id>/updates": "anon=302 own,coord=422 *=403",
    "GET /networks/invitations/<int:invitation_id>": "anon=302 *=404",
    "POST /networks/invitations/<int:invitation_id>/<any(confirm, decline):decision>": "anon=302 *=404",
    "GET /networks/new": "anon=302 own,co,pco,obuy,coord=200 *=403",
    "POST /networks/new": "anon=302 own,co,pco,obuy,coord=422 *=403",
    "GET /notifications/": "anon=302 *=200",
    "GET /notifications/<int:notification_id>": "anon,sup=302 *=404",
    "POST /notifications/<int:notification_id>/read": "anon,sup=302 *=404",
    "POST /notifications/read-all": "*=302",
    "GET /notifications/unsubscribe/<token>": "*=400",
    "POST /notifications/unsubscribe/<token>": "*=400",
    "GET /organisations/": "*=200",
    "GET /organisations/<int:org_id>": "*=200",
    "GET /organisations/<int:org_id>/edit": "anon=302 sup,adm=200 *=403",
    "POST /organisations/<int:org_id>/edit": "anon,sup,adm=302 *=403",
    "POST /organisations/<int:org_id>/invitations/<int:invitation_id>/revoke": "anon,sup=302 *=403",
    "POST /organisations/<int:org_id>/join": "sup=403 osup=409 *=302",
    "GET /organisations/<int:org_id>/members": "anon=302 sup,adm=200 *=403",
    "POST /organisations/<int:org_id>/members": "anon=302 sup=422 *=403",
    "POST /organisations/<int:org_id>/members/<int:membership_id>/remove": "anon=302 sup=409 *=403",
    "POST /organisations/<int:org_id>/members/<int:membership_id>/role": "anon=302 sup=400 *=403",
    "POST /organisations/<int:org_id>/requests/<int:request_id>/<any(approve, decline):decision>": "anon,sup=302 *=403",
    "GET /organisations/invitations/<token>": "*=404",
    "POST /organisations/invitations/<token>": "*=404",
    "GET /organisations/new": "anon=302 *=200",
    "POST /organisations/new": "anon=302 *=422",
    "GET /search": "*=200",
    "GET /search/profile": "anon=302 *=200",
    "POST /search/profile": "anon=302 *=302",
    "GET /search/saved": "anon=302 *=200",
    "POST /search/saved": "anon=302 *=302",
    "POST /search/saved/<int:saved_id>/delete": "anon=302 *=404",
    "POST /search/saved/<int:saved_id>/frequency": "anon=302 *=404",
    "GET /solutions/": "anon=302 *=200",
    "GET /static/<path:filename>": "*=404",
}

# URL values that differ from the world's defaults for particular routes.
OVERRIDES = {
    "checks.new_office": {"org_id": "intermediary_org_id"},
    "challenges.remove_co_owner": {"org_id": "co_owner_org_id"},
    "admin.decide_verification": {"org_id": "pending_org_id"},
    "networks.decide_request": {"request_id": MISSING},
    "networks.answer_invitation": {"invitation_id": MISSING},
    "networks.invitation": {"invitation_id": MISSING},
    "networks.delete_document": {"attachment_id": MISSING},
    "api.organisation": {"organisation_id": "org_id"},
    "search.delete": {"saved_id": MISSING},
    "search.change_frequency": {"saved_id": MISSING},
    "statistics.table_csv": {"slug": "statistics_table"},
    # the supplier's file: confidential (never cached), and named after the supplier
    "attachments.download": {"attachment_id": "solution_attachment_id"},
    "jury.attachment": {"attachment_id": "solution_attachment_id"},
}
ANY = re.compile(r"<any\(([^)]*)\):(\w+)>")
# Answers that may be cached publicly: the open data API (never per user, see
# test_public_answers_are_the_same_for_every_role). Everything else is private, no-store.
PUBLIC_ROUTES = frozenset(key for key in RULES if key.startswith("GET /api/v1/")) | {
    # a published challenge's cover picture (a draft's is private: test_challenge_covers)
    "GET /challenges/<int:challenge_id>/cover/<int:file_id>/<any(card, page):size>.jpg"}

# The world's evaluation is anonymised: no page a juror opens may name the supplier
# (World.markers), except these public pages about organisations themselves, which name
# every organisation to everyone but never with the challenge a supplier answers.
JURORS = ("juror", "conflicted_juror")
# One-to-one meeting notes are the organisers' own: nobody else ever reads them.
NOTE_READERS = ("owner", "co_owner")
# Who reads the buyer ↔ supplier messages: the supplier's members and the owners, no one else.
MESSAGE_READERS = ("supplier", "owner", "co_owner")
# Who reads a check application's files: the applicant's members and the deciding office.
APPLICATION_FILE_READERS = ("supplier", "advisor")
NAMES_ORGANISATIONS = {
    "GET /organisations/", "GET /organisations/<int:org_id>", "GET /api/v1/organisations",
    "GET /api/v1/organisations/<int(min=1, max=2147483647):organisation_id>",
}


def expected_status(spec: str, role: str) -> int:
    """The status a rule's spec ("anon=302 own,co=200 *=403") gives a role."""
    table = {}
    for part in spec.split():
        names, status = part.split("=")
        for name in names.split(","):
            table[name] = int(status)
    return table.get(SHORT[role], table["*"])


def cases(app):
    """(key, endpoint, method, rule) for every rule and method of the app."""
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield f"{method} {rule.rule}", rule.endpoint, method, rule


def url_of(app, world, endpoint: str, rule) -> str:
    values = {}
    chosen = dict(ANY.findall(rule.rule) and
                  [(name, options.split(",")[0].strip()) for options, name in
                   ANY.findall(rule.rule)])
    for argument in rule.arguments:
        override = OVERRIDES.get(endpoint, {}).get(argument)
        if argument in chosen:
            values[argument] = chosen[argument]
        elif isinstance(override, str):
            values[argument] = world.values[override]
        elif override is not None:
            values[argument] = override
        elif argument == "slug" and endpoint == "challenges.detail":
            values[argument] = "world-challenge"
        else:
            values[argument] = world.values[argument]
    with app.test_request_context():
        return url_for(endpoint, **values)


def request_in_savepoint(client, method: str, url: str, data: dict | None = None):
    """One request whose database changes (and cookie changes) are undone afterwards."""
    connection = db.session.get_bind()
    cookies = dict(client._cookies)
    savepoint = connection.begin_nested()
    limiter.reset()
    try:
        return client.open(url, method=method, data=(data or {}) if method == "POST" else None)
    finally:
        savepoint.rollback()
        client._cookies.clear()
        client._cookies.update(cookies)


def anonymity_problem(key: str, response, world) -> str | None:
    """What a juror's response gives away about the supplier, if anything."""
    content = response.get_data() + response.headers.get("Content-Disposition", "").encode()
    named = [m for m in world.markers if m.encode() in content]
    if not named:
        return None
    if key in NAMES_ORGANISATIONS and b"World challenge" not in content:
        return None
    return f"names the supplier ({', '.join(named)})"


def cache_problem(key: str, endpoint: str, response) -> str | None:
    """What is wrong with a response's Cache-Control, or None: private and no-store,
    unless a static file or a public answer of the open data API (PUBLIC_ROUTES)."""
    cache = {part.strip() for part in response.headers.get("Cache-Control", "").split(",")}
    if endpoint == "static" or (key in PUBLIC_ROUTES and "public" in cache):
        return None
    if {"private", "no-store"} <= cache:
        return None
    return f"Cache-Control: {response.headers.get('Cache-Control')!r}"


def test_every_route_has_a_rule(app):
    missing = [key for key, *_ in cases(app) if key not in RULES]
    stale = sorted(set(RULES) - {key for key, *_ in cases(app)})
    assert not missing, "routes without an authorisation rule:\n" + "\n".join(missing)
    assert not stale, "rules for routes that no longer exist:\n" + "\n".join(stale)


@pytest.mark.parametrize("role", ROLES)
def test_authorisation_matrix(app, monkeypatch, role):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", False)
    world = build_world()
    client = app.test_client()
    if role != "anonymous":
        limiter.reset()
        log_in(client, world.users[role])
    observed, wrong = {}, []
    for key, endpoint, method, rule in cases(app):
        url = url_of(app, world, endpoint, rule)
        response = request_in_savepoint(client, method, url)
        status = observed[key] = response.status_code
        assert status != 500, f"{key} as {role}: 500 ({url})"
        if key in RULES and status != expected_status(RULES[key], role):
            wrong.append(f"{key} as {role}: {status}, expected "
                         f"{expected_status(RULES[key], role)} ({url})")
        if problem := cache_problem(key, endpoint, response):
            wrong.append(f"{key} as {role}: {problem} ({url})")
        if role in JURORS and (problem := anonymity_problem(key, response, world)):
            wrong.append(f"{key} as {role} {problem} ({url})")
        if role not in NOTE_READERS and MEETING_NOTE.encode() in response.get_data():
            wrong.append(f"{key} as {role} shows the buyer's meeting note ({url})")
        if role not in MESSAGE_READERS and MESSAGE_TEXT.encode() in response.get_data():
            wrong.append(f"{key} as {role} shows a buyer–supplier message ({url})")
        if role not in APPLICATION_FILE_READERS and \
                APPLICATION_FILE.encode() in response.get_data():
            wrong.append(f"{key} as {role} names the check application's file ({url})")
    if os.environ.get("ARENA_RECORD_MATRIX"):  # to help write RULES for new routes
        with open(f"{os.environ['ARENA_RECORD_MATRIX']}.{role}.json", "w") as out:
            json.dump(observed, out, indent=0)
    assert not wrong, "\n".join(wrong)


def test_a_check_applications_file_reaches_only_the_applicant_and_the_desk(app):
    world = build_world()
    url = f"/attachments/{world.values['application_file_id']}/{APPLICATION_FILE}"
    for role in ROLES:
        client = app.test_client()
        if role != "anonymous":
            limiter.reset()
            log_in(client, world.users[role])
        expected = 200 if role in APPLICATION_FILE_READERS else 404
        assert client.get(url).status_code == expected, role


def without_clock(body: bytes) -> bytes:
    """The body without the moment figures were computed at: requests a second apart
    differ there for everyone alike (in production a cache hands all the same copy)."""
    return re.sub(rb'"computed_at": ?"[^"]*"', b'"computed_at": ""', body)


def test_public_answers_are_the_same_for_every_role(app):
    """What the API marks public (so caches may keep it) names nobody's confidential
    content: every role gets byte for byte what an anonymous visitor gets."""
    world = build_world()
    clients = {role: app.test_client() for role in ("anonymous", "supplier", "owner", "juror")}
    for role, client in clients.items():
        if role != "anonymous":
            log_in(client, world.users[role])
    differing = []
    for key, endpoint, _method, rule in cases(app):
        if key not in PUBLIC_ROUTES:
            continue
        url = url_of(app, world, endpoint, rule)
        responses = {role: client.get(url) for role, client in clients.items()}
        assert "public" in responses["anonymous"].headers["Cache-Control"], key
        bodies = {role: without_clock(r.data) for role, r in responses.items()}
        differing += [f"{key} as {role}" for role, body in bodies.items()
                      if body != bodies["anonymous"]]
    assert not differing, "\n".join(differing)
