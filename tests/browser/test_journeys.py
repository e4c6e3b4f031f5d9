"""The platform's main journeys, end to end in a real browser, in Swedish and English.

The journeys build on each other in file order (the challenge of journey 1 is the one the
supplier answers in journey 2, and so on); a journey whose predecessor failed is skipped.
Each person browses in their own language: the buyer in Swedish, the administrator and
the supplier in English, one juror in each. Every page they arrive on is checked by axe.
"""

from __future__ import annotations

import pytest

from tests.browser import steps
from tests.browser.steps import Person, Story
from tests.browser.support import PASSWORD, Visitor


@pytest.fixture(scope="module")
def story():
    return Story()


@pytest.fixture(scope="module")
def cast(chromium, live_app, story):
    """Everyone in the story, each with their own browser context."""
    people = {
        "admin": Person("Alva Admin", "admin@arena.example", "en"),
        "buyer": Person("Birgitta Köpare", "birgitta@vaxjo.example", "sv"),
        "supplier": Person("Sam Supplier", "sam@sensorik.example", "en"),
        "juror_sv": Person("Jonas Jurymedlem", "jonas@jury.example", "sv"),
        "juror_en": Person("Jane Juror", "jane@jury.example", "en"),
    }
    for key, person in people.items():
        person.visitor = Visitor(chromium, live_app, person.lang, key)
        story.people[key] = person
    yield people
    for person in people.values():
        person.visitor.close()


def _create_admin(app, person: Person) -> None:
    """The first administrator comes from the command line, as in production."""
    result = app.test_cli_runner().invoke(args=[
        "users", "create-admin", "--email", person.email, "--name", person.name,
        "--password", PASSWORD])
    assert result.exit_code == 0, result.output


def test_journey_1_buyer_publishes_a_challenge(live_app, mail, cast, story):
    admin, buyer = cast["admin"].visitor, cast["buyer"].visitor
    _create_admin(live_app, cast["admin"])
    steps.log_in(admin, cast["admin"].email)

    steps.register(buyer, mail, cast["buyer"].name, cast["buyer"].email)
    story.authority_name = "Växjö kommun (test)"
    steps.register_organisation(buyer, story.authority_name, steps.AUTHORITY, steps.LARGE, 1)
    buyer.sees(buyer.t("Waiting for verification"))

    steps.verify_organisation(admin, story.authority_name)
    verified = mail.latest(cast["buyer"].email, buyer.t(
        "%(organisation)s is verified", organisation=story.authority_name))
    buyer.goto(mail.link(verified, "/organisations/"))
    buyer.sees(buyer.t("Verified contracting authority"))

    _write_challenge(buyer, story)
    buyer.screenshot("challenge-form", doc=False)
    _set_criteria(buyer)
    buyer.goto(story.challenge_url)
    buyer.page.locator("main").get_by_role("button", name=buyer.t("Submit for review")).click()
    buyer.arrived().sees_success(buyer.t(
        "The challenge has been sent for review. You will get an e-mail when an "
        "administrator has looked at it."))

    to_review = mail.latest(cast["admin"].email, admin.t(
        "To review: %(title)s", title=story.challenge_title))
    admin.goto(mail.link(to_review, "/challenges/"))
    admin.sees_heading(story.challenge_title)
    admin.press(admin.t("Publish"), exact=True)
    admin.sees_success(admin.t("“%(title)s” has been answered.", title=story.challenge_title))

    published = mail.latest(cast["buyer"].email, buyer.t(
        "Published: %(title)s", title=story.challenge_title))
    buyer.goto(mail.link(published, "/challenges/"))
    buyer.sees_heading(story.challenge_title).sees(buyer.t("Open"))
    buyer.screenshot("challenge-buyer", doc=True)
    story.done.add("journey 1")


REQUIREMENTS = [
    "Personalen ser inom en minut att en boende har lämnat byggnaden",
    "Lösningen fungerar utan att den boende behöver bära något synligt",
    "Larmen kan tas emot i de system hemtjänsten redan använder",
]


def _write_challenge(buyer: Visitor, story: Story) -> None:
    """The buyer describes a judged challenge with requirements and the default IP terms."""
    story.challenge_title = "Trygg utevistelse för personer med demenssjukdom"
    buyer.page.get_by_role("navigation", name=buyer.t("Main menu")).get_by_role(
        "link", name=buyer.t("Challenges")).click()
    buyer.arrived()
    buyer.click_link(buyer.t("Describe a new need or challenge"))
    buyer.choose(buyer.t("Challenge: a judged competition – a jury picks winners who are "
                         "invited to an innovation dialogue"))
    buyer.fill(buyer.t("Title"), story.challenge_title)
    buyer.fill(buyer.t("Short summary"), "Vi söker sätt att låta personer med demenssjukdom "
               "röra sig fritt utomhus, utan att de går vilse.")
    buyer.fill(buyer.t("The problem"), "Boende på våra demensboenden vill gå ut, men "
               "personalen hinner inte följa med.")
    buyer.fill(buyer.t("Functional requirements"), "\n".join(REQUIREMENTS))
    buyer.choose(buyer.t("Innovation partnership"))
    buyer.fill(buyer.t("Budget up to (optional)"), "1500000")
    buyer.choose(buyer.t("The supplier keeps the intellectual property; the buyer gets a "
                         "licence to use it (recommended)"))
    buyer.fill(buyer.t("Deadline for questions (optional)"), "2030-05-01T12:00")
    buyer.fill(buyer.t("Deadline for submissions"), "2030-05-31T12:00")
    buyer.fill(buyer.t("Contact person"), "Birgitta Köpare")
    buyer.press(buyer.t("Save the draft"))
    buyer.sees_success(buyer.t("The draft has been saved."))
    buyer.sees_heading(story.challenge_title)
    for requirement in REQUIREMENTS:
        buyer.sees(requirement)
    story.challenge_url = buyer.path
    story.challenge_id = int(buyer.path.split("/")[2].split("-")[0])


CRITERIA = [("Nytta för de boende", "50"), ("Innovationshöjd", "30"), ("Genomförbarhet", "20")]


def _set_criteria(buyer: Visitor) -> None:
    buyer.click_link(buyer.t("Set the evaluation criteria"))
    buyer.click_link(buyer.t("Show more empty rows"))
    for index, (name, weight) in enumerate(CRITERIA):
        buyer.page.locator(f"#name_{index}").fill(name)
        buyer.page.locator(f"#weight_{index}").fill(weight)
    buyer.press(buyer.t("Save the criteria"))
    buyer.sees_success(buyer.t("The criteria have been saved."))


def test_journey_2_supplier_asks_and_answers(live_app, mail, cast, story):
    story.need("journey 1")
    supplier, buyer = cast["supplier"].visitor, cast["buyer"].visitor
    steps.register(supplier, mail, cast["supplier"].name, cast["supplier"].email)
    story.supplier_name = "Sensorik Småland AB"
    steps.register_organisation(supplier, story.supplier_name, steps.SUPPLIER, steps.MICRO, 2)

    steps.find_challenge(supplier, live_app, story)
    supplier.screenshot("challenge-public", doc=True)
    supplier.press(supplier.t("Follow this challenge"))
    supplier.sees(supplier.t("You follow this challenge."))
    question = "Does the solution have to work indoors as well as outdoors?"
    supplier.fill(supplier.t("Your question"), question)
    supplier.press(supplier.t("Send the question"))
    supplier.sees_success(supplier.t(
        "Your question has been sent. The answer will be published here for everyone, "
        "without your name."))
    supplier.sees(question)

    asked = mail.latest(cast["buyer"].email, buyer.t(
        "New question: %(title)s", title=story.challenge_title))
    buyer.goto(mail.link(asked, "/challenges/"))
    answer = "Ja, den ska fungera både inne och ute, också i trapphus."
    buyer.fill(buyer.t("Answer (published for everyone, without the asker's name)"), answer)
    buyer.press(buyer.t("Publish the answer"))
    buyer.sees_success(buyer.t("The answer has been published."))

    told = mail.latest(cast["supplier"].email, supplier.t(
        "New answer: %(title)s", title=story.challenge_title))
    assert supplier.t(
        "The buyer has published an answer or clarification for “%(title)s”. It applies to "
        "everyone taking part.", title=story.challenge_title) in mail.text(told)
    supplier.goto(mail.link(told, f"/challenges/{story.challenge_id}"))
    supplier.sees(question).sees(answer)

    steps.write_solution(supplier, story)
    story.done.add("journey 2")
