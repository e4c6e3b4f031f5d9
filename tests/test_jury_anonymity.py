"""Anonymised evaluation is anonymous: a juror can reach nothing that names the supplier.

In the authorisation world (tests/authorisation_world.py) the evaluation is anonymised
and the juror has declared no conflict. Logged in over HTTP, the juror crawls every link
reachable from /jury/, downloads every file, requests every GET route of the URL map with
the world's ids filled in (and every id up to the highest, since ids are sequential),
and reads every e-mail the juror received through the SMTP sink: the supplier's name,
organisation number, member's name and original file name appear nowhere, except on the
public pages about organisations, which never tie a supplier to the challenge.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import timedelta
from urllib.parse import urldefrag, urlsplit

from app.attachments.models import Attachment
from app.challenges import questions
from app.challenges.models import Challenge, Clarification
from app.challenges.services import follow
from app.core.db import utcnow
from app.evaluation.reminders import send_juror_reminders
from app.evaluation.services import update_options
from app.extensions import db
from app.solutions.models import Solution
from tests.authorisation_world import build_world
from tests.conftest import log_in
from tests.factories import make_authority, make_challenge, make_supplier, make_user
from tests.smtp_sink import html_of, text_of
from tests.test_authorisation_matrix import NAMES_ORGANISATIONS, cases, url_of

HREF = re.compile(r'href="([^"]+)"')
# Links a crawl must not follow: they end the session or change the language.
SKIP = ("/auth/logout", "/language/", "/static/", "/notifications/unsubscribe/")
MAX_PAGES = 400
PUBLIC_ORGANISATION_PAGES = re.compile(r"^/(organisations/(\d+)?|api/v1/organisations(/\d+)?)$")


def juror_world(app):
    """The world, plus the e-mails a juror gets: a reminder and an answered question."""
    world = build_world()
    juror = world.users["juror"]
    challenge = db.session.get(Challenge, world.values["challenge_id"])
    challenge.evaluation_deadline_at = utcnow() + timedelta(days=2)
    assert send_juror_reminders() == 2  # both jurors have not submitted
    follow(juror, challenge)
    question = db.session.get(Clarification, world.values["clarification_id"])
    questions.answer(question, world.users["owner"], "Yes, in two stages.")
    db.session.commit()
    return world


def leaks(content: bytes, world) -> list[str]:
    return [marker for marker in world.markers if marker.encode() in content]


def crawl(client, start: str) -> dict[str, object]:
    """Every page and file reachable by links from `start` (GET only), by URL."""
    seen, queue, per_path = {}, [start], Counter()
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        path = urlsplit(url).path
        if url in seen or path.startswith(SKIP) or per_path[path] >= 3:
            continue
        per_path[path] += 1
        response = seen[url] = client.get(url)
        if response.mimetype == "text/html":
            queue += [link for link in _links(response.get_data(as_text=True)) if link not in seen]
        if response.status_code in (301, 302, 303) and response.location:
            queue += _links(f'href="{response.location}"')  # e.g. a notification's target
    return seen


def _links(html: str) -> list[str]:
    found = []
    for href in HREF.findall(html):
        href = urldefrag(href.replace("&amp;", "&"))[0]
        if href.startswith("http://localhost"):
            href = href[len("http://localhost"):]
        if href.startswith("/"):
            found.append(href)
    return found


def content_of(response) -> bytes:
    """What a person gets: the body and the name the file would be saved under."""
    return response.get_data() + response.headers.get("Content-Disposition", "").encode()


def url_map_responses(app, world, client) -> dict[str, object]:
    """Every GET route with the world's ids, and each solution and file id there is."""
    highest = {"solution_id": db.session.scalar(db.select(db.func.max(Solution.id))),
               "attachment_id": db.session.scalar(db.select(db.func.max(Attachment.id)))}
    responses = {}
    for key, endpoint, method, rule in cases(app):
        if method != "GET" or endpoint == "static":
            continue
        for values in _id_variants(rule, highest):
            world_values = {**world.values, **values}
            url = url_of(app, type(world)(values=world_values), endpoint, rule)
            responses[url] = (key, client.get(url))
    return responses


def _id_variants(rule, highest: dict[str, int]) -> list[dict]:
    varying = [name for name in highest if name in rule.arguments]
    if not varying:
        return [{}]
    return [{name: number for name in varying} for number in range(1, max(
        highest[name] for name in varying) + 1)]


def test_a_juror_reaches_nothing_that_names_the_supplier(app, client, deliver):
    world = juror_world(app)
    log_in(client, world.users["juror"])
    pages = crawl(client, "/jury/")
    challenge_id = world.values["challenge_id"]
    score_page = f"/jury/challenges/{challenge_id}/solutions/{world.values['number']}"
    assert score_page in pages and "How it works." in pages[score_page].get_data(as_text=True)
    downloads = [r for r in pages.values() if "attachment" in r.headers.get(
        "Content-Disposition", "")]
    assert downloads, "the crawl downloaded the solution's file"
    problems = [f"{url}: {leaks(content_of(r), world)}" for url, r in pages.items()
                if leaks(content_of(r), world) and not _public_organisation_page(url, r)]
    assert not problems, "\n".join(problems)
    assert "Solution 1 – file 1.pdf" in pages[score_page].get_data(as_text=True)


def test_no_route_the_juror_can_request_names_the_supplier(app, client):
    world = juror_world(app)
    log_in(client, world.users["juror"])
    problems = []
    for url, (key, response) in url_map_responses(app, world, client).items():
        named = leaks(content_of(response), world)
        if named and not (key in NAMES_ORGANISATIONS and _public_organisation_page(url,
                                                                                 response)):
            problems.append(f"{key} {url} ({response.status_code}): {named}")
    assert not problems, "\n".join(problems)
    solution = f"/challenges/{world.values['challenge_id']}/solutions/{world.values['solution_id']}"
    for url in (solution, f"{solution}/versions/1.json",
                f"/attachments/{world.values['solution_attachment_id']}/any.pdf"):
        assert client.get(url).status_code == 404  # the supplier's pages: not for jurors


def test_every_e_mail_to_the_juror_is_anonymous(app, deliver):
    world = juror_world(app)
    received = deliver().to(world.users["juror"].email)
    subjects = " ".join(str(message["Subject"]) for message in received)
    assert len(received) >= 4, subjects  # invitation, opened, reminder, the answer
    for message in received:
        whole = f"{message['Subject']}\n{text_of(message)}\n{html_of(message)}"
        assert not leaks(whole.encode(), world), message["Subject"]


def _public_organisation_page(url: str, response) -> bool:
    """A public page about organisations, naming them but not the challenge they answer."""
    return bool(PUBLIC_ORGANISATION_PAGES.match(urlsplit(url).path)) and (
        b"World challenge" not in response.get_data())


def test_suppliers_are_told_to_keep_their_answer_anonymous(client):
    owner, supplier_user = make_user(), make_user()
    challenge = make_challenge(owner=make_authority(admin=owner))
    make_supplier(admin=supplier_user)
    db.session.commit()
    log_in(client, supplier_user)
    hint = "The jury evaluates this challenge anonymously"
    assert hint not in client.get(f"/challenges/{challenge.id}/solution").get_data(as_text=True)
    update_options(challenge, owner, True, False, None)
    db.session.commit()
    assert hint in client.get(f"/challenges/{challenge.id}/solution").get_data(as_text=True)
