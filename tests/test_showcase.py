"""Issue 17, from the outside (HTTP, real accounts): publishing safely.

A judged challenge is not submitted or published until its criteria add up to 100 %; the
draft page shows a checklist linking to where each item is fixed; drafts never say
"Published by"; criteria lock at publication on every path that changes them.
"""

from __future__ import annotations

from app.challenges.models import Challenge, ChallengeKind, ChallengeState
from app.evaluation.models import Criterion
from app.extensions import db
from tests.conftest import submit
from tests.factories import add_criteria, make_authority, make_challenge, make_user

S = ChallengeState


def _buyer(trusted: bool = False):
    user = make_user()
    return user, make_authority(admin=user, is_trusted=trusted)


def _state(challenge) -> ChallengeState:
    db.session.expire_all()
    return db.session.get(Challenge, challenge.id).state


def _criteria(challenge) -> list[tuple[str, int]]:
    db.session.expire_all()
    rows = db.session.scalars(db.select(Criterion).filter_by(challenge_id=challenge.id)
                              .order_by(Criterion.position))
    return [(c.name, c.weight) for c in rows]


def test_judged_draft_without_full_criteria_cannot_be_submitted(client, login):
    user, owner = _buyer()
    draft = make_challenge(owner=owner, state=S.DRAFT, criteria=(("Fit", 70),))
    login(user)
    page = client.get(f"/challenges/{draft.id}").get_data(as_text=True)
    assert "Ready to publish?" in page
    assert f"/challenges/{draft.id}/evaluation/criteria/edit" in page
    assert "now 70 %" in page
    response = submit(client, f"/challenges/{draft.id}/submit", page=f"/challenges/{draft.id}")
    assert response.status_code in (409, 422)
    assert "100 %" in response.get_data(as_text=True)
    assert _state(draft) == S.DRAFT


def test_trusted_owner_cannot_publish_directly_without_criteria(client, login):
    user, owner = _buyer(trusted=True)
    draft = make_challenge(owner=owner, state=S.DRAFT, criteria=())
    login(user)
    response = submit(client, f"/challenges/{draft.id}/submit", page=f"/challenges/{draft.id}")
    assert response.status_code in (409, 422)
    assert _state(draft) == S.DRAFT


def test_admin_cannot_publish_a_reviewed_challenge_without_criteria(client, login):
    _, owner = _buyer()
    waiting = make_challenge(owner=owner, state=S.IN_REVIEW, criteria=(("Fit", 50),))
    admin = make_user(is_admin=True)
    login(admin)
    page = client.get(f"/challenges/{waiting.id}").get_data(as_text=True)
    assert "Ready to publish?" in page
    response = submit(client, f"/challenges/{waiting.id}/review", {"decision": "publish"},
                      page=f"/challenges/{waiting.id}")
    assert response.status_code in (409, 422)
    assert _state(waiting) == S.IN_REVIEW


def test_complete_judged_draft_is_submitted_after_confirming(client, login):
    user, owner = _buyer()
    draft = make_challenge(owner=owner, state=S.DRAFT)
    login(user)
    response = submit(client, f"/challenges/{draft.id}/submit", page=f"/challenges/{draft.id}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Submit the challenge for review" in page and "Platform administrators" in page
    assert _state(draft) == S.DRAFT
    response = submit(client, f"/challenges/{draft.id}/submit", {"confirmed": "yes"},
                      page=f"/challenges/{draft.id}")
    assert response.status_code == 302
    assert _state(draft) == S.IN_REVIEW


def test_checklist_links_each_missing_item_to_where_it_is_fixed(client, login):
    user, owner = _buyer()
    draft = make_challenge(owner=owner, state=S.DRAFT, kind=ChallengeKind.NEED,
                           requirements=(), contact_name="", contact_email="")
    login(user)
    page = client.get(f"/challenges/{draft.id}").get_data(as_text=True)
    edit = f"/challenges/{draft.id}/edit"
    assert f'{edit}#requirements"' in page
    assert f'{edit}#contact_name"' in page
    response = submit(client, f"/challenges/{draft.id}/submit", page=f"/challenges/{draft.id}")
    assert response.status_code in (409, 422)
    text = response.get_data(as_text=True)
    assert "functional requirement" in text and "contact person or e-mail" in text


def test_checklist_is_not_shown_to_the_public_or_on_published_pages(client, login):
    _, owner = _buyer()
    published = make_challenge(owner=owner)
    page = client.get(f"/challenges/{published.id}").get_data(as_text=True)
    assert "Ready to publish?" not in page


def test_drafts_and_reviews_never_say_published_by(client, login):
    user, owner = _buyer()
    draft = make_challenge(owner=owner, state=S.DRAFT)
    waiting = make_challenge(owner=owner, state=S.IN_REVIEW)
    published = make_challenge(owner=owner)
    login(user)
    for challenge in (draft, waiting):
        page = client.get(f"/challenges/{challenge.id}").get_data(as_text=True)
        assert "Published by" not in page
        assert "Draft of" in page and owner.name in page
    assert "Published by" in client.get(f"/challenges/{published.id}").get_data(as_text=True)


def _criteria_form(rows):
    data = {"rows_shown": str(len(rows))}
    for index, (name, weight) in enumerate(rows):
        data.update({f"name_{index}": name, f"description_{index}": "",
                     f"weight_{index}": str(weight), f"scale_{index}": "0-5"})
    return data


def test_criteria_lock_at_publication_on_every_path(client, login):
    user, owner = _buyer()
    published = make_challenge(owner=owner)
    before = _criteria(published)
    login(user)
    url = f"/challenges/{published.id}/evaluation/criteria/edit"
    page = client.get(url).get_data(as_text=True)
    assert "fixed when the challenge was published" in page
    assert "Use the suggested criteria" not in page
    response = submit(client, url, _criteria_form([("Price", 100)]),
                      page=f"/challenges/{published.id}")
    assert response.status_code in (409, 422)
    response = submit(client, f"/challenges/{published.id}/evaluation/criteria/suggested",
                      page=f"/challenges/{published.id}/evaluation/jury")
    assert response.status_code == 409
    assert _criteria(published) == before
    public = client.get(f"/challenges/{published.id}").get_data(as_text=True)
    assert "fixed when the challenge was published" in public


def test_suggested_criteria_refused_after_publication_even_without_criteria(client, login):
    user, owner = _buyer()
    legacy = make_challenge(owner=owner, criteria=())
    login(user)
    response = submit(client, f"/challenges/{legacy.id}/evaluation/criteria/suggested",
                      page=f"/challenges/{legacy.id}/evaluation/jury")
    assert response.status_code == 409
    assert _criteria(legacy) == []


def test_criteria_change_freely_on_a_draft(client, login):
    user, owner = _buyer()
    draft = make_challenge(owner=owner, state=S.DRAFT, criteria=())
    login(user)
    url = f"/challenges/{draft.id}/evaluation/criteria/edit"
    page = client.get(url).get_data(as_text=True)
    assert "fixed when the challenge is published" in page
    response = submit(client, f"/challenges/{draft.id}/evaluation/criteria/suggested",
                      page=url)
    assert response.status_code == 302
    assert sum(w for _, w in _criteria(draft)) == 100
    response = submit(client, url, _criteria_form([("Price", 40), ("Fit", 60)]), page=url)
    assert response.status_code == 302
    assert _criteria(draft) == [("Price", 40), ("Fit", 60)]


def test_add_criteria_helper_gives_full_weights():
    challenge = add_criteria(make_challenge(criteria=()), (("Only", 100),))
    assert _criteria(challenge) == [("Only", 100)]


def test_publishing_directly_confirms_who_will_be_told_with_counts(client, login):
    from app.search.models import Frequency
    from app.search.services import save_interest_profile

    user, owner = _buyer(trusted=True)
    draft = make_challenge(owner=owner, state=S.DRAFT)
    for _ in range(2):
        save_interest_profile(make_user(), [], [], [], True, Frequency.DAILY)
    login(user)
    response = submit(client, f"/challenges/{draft.id}/submit", page=f"/challenges/{draft.id}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Publish the challenge" in page
    assert "Who will be told" in page
    assert "People at the owning organisations" in page
    assert "interest profile matches" in page
    assert _state(draft) == S.DRAFT
    response = submit(client, f"/challenges/{draft.id}/submit", {"confirmed": "yes"},
                      page=f"/challenges/{draft.id}")
    assert response.status_code == 302 and _state(draft) == S.PUBLISHED


def test_admin_publishing_goes_through_the_confirmation(client, login):
    _, owner = _buyer()
    waiting = make_challenge(owner=owner, state=S.IN_REVIEW)
    login(make_user(is_admin=True))
    url = f"/challenges/{waiting.id}/review"
    response = submit(client, url, {"decision": "publish"}, page=f"/challenges/{waiting.id}")
    assert response.status_code == 200 and "Who will be told" in response.get_data(as_text=True)
    assert _state(waiting) == S.IN_REVIEW
    response = submit(client, url, {"decision": "publish", "confirmed": "yes"},
                      page=f"/challenges/{waiting.id}")
    assert response.status_code == 302 and _state(waiting) == S.PUBLISHED


def test_preview_shows_the_public_page_without_owner_only_parts(client, login):
    user, owner = _buyer()
    draft = make_challenge(owner=owner, state=S.DRAFT, title="Preview me")
    login(user)
    assert "Preview as a supplier sees it" in client.get(
        f"/challenges/{draft.id}").get_data(as_text=True)
    response = client.get(f"/challenges/{draft.id}/preview")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Preview" in page and "It is not public yet" in page and "Preview me" in page
    assert "Published by" in page and "Draft of" not in page
    for owner_only in ("For the buyer", "Ready to publish?", "Delete the draft",
                       "Edit the challenge"):
        assert owner_only not in page
    assert 'name="robots" content="noindex"' in page
    header = page[page.index('<header'):page.index('</header>')]
    assert user.name in header and "My pages" in header and "Log in" not in header


def test_preview_is_only_for_the_owners(client, login):
    _, owner = _buyer()
    draft = make_challenge(owner=owner, state=S.DRAFT)
    assert client.get(f"/challenges/{draft.id}/preview").status_code == 302  # log in first
    stranger = make_user()
    make_authority(admin=stranger)
    login(stranger)
    assert client.get(f"/challenges/{draft.id}/preview").status_code == 404
