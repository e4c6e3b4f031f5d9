"""The platform's main journeys, end to end in a real browser, in Swedish and English.

The journeys build on each other in file order (the challenge of journey 1 is the one the
supplier answers in journey 2, and so on); a journey whose predecessor failed is skipped.
Each person browses in their own language: the buyer in Swedish, the administrator and
the supplier in English, a second supplier (keyboard only) in Swedish, one juror in each;
the last test runs journeys 1 and 2 again with the languages swapped. Every page anyone
arrives on is checked by axe-core.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from tests.browser import steps
from tests.browser.keyboard import Keyboard
from tests.browser.steps import Person, Story
from tests.browser.support import PASSWORD, Visitor
from tests.factories import valid_org_number


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
    for person in story.people.values():
        person.visitor.close()


def _create_admin(app, person: Person) -> None:
    """The first administrator comes from the command line, as in production."""
    result = app.test_cli_runner().invoke(args=[
        "users", "create-admin", "--email", person.email, "--name", person.name,
        "--password", PASSWORD])
    assert result.exit_code == 0, result.output


@dataclass
class Brief:
    """What a buyer and a supplier write, in the buyer's language."""

    authority: str
    authority_seed: int
    title: str
    summary: str
    problem: str
    requirements: list[str]
    criteria: list[tuple[str, str]]
    supplier: str
    supplier_seed: int
    question: str
    answer: str
    search_words: str


IN_SWEDISH = Brief(
    authority="Växjö kommun (test)", authority_seed=1,
    title="Trygg utevistelse för personer med demenssjukdom",
    summary="Vi söker sätt att låta personer med demenssjukdom röra sig fritt utomhus, utan "
            "att de går vilse.",
    problem="Boende på våra demensboenden vill gå ut, men personalen hinner inte följa med.",
    requirements=["Personalen ser inom en minut att en boende har lämnat byggnaden",
                  "Lösningen fungerar utan att den boende behöver bära något synligt",
                  "Larmen kan tas emot i de system hemtjänsten redan använder"],
    criteria=[("Nytta för de boende", "50"), ("Innovationshöjd", "30"),
              ("Genomförbarhet", "20")],
    supplier="Sensorik Småland AB", supplier_seed=2,
    question="Does the solution have to work indoors as well as outdoors?",
    answer="Ja, den ska fungera både inne och ute, också i trapphus.",
    search_words="demenssjukdom utevistelse")

IN_ENGLISH = Brief(
    authority="Lund municipality (test)", authority_seed=6,
    title="Fewer falls among older people living at home",
    summary="We look for ways to prevent falls at home, without cameras in people's homes.",
    problem="Falls are the most common reason older people in Lund are taken to hospital.",
    requirements=["Staff learn of a fall within five minutes",
                  "Nothing has to be worn on the body",
                  "Works in homes without broadband"],
    criteria=[("Benefit for residents", "60"), ("Cost and value", "40")],
    supplier="Fallskydd Skåne AB", supplier_seed=7,
    question="Får lösningen använda radar i bostaden?",
    answer="Yes, as long as it records no images.",
    search_words="falls older people")


def challenge_state(app, challenge_id: int):
    """The challenge's state as the database holds it after a journey."""
    from app.challenges.models import Challenge
    from app.extensions import db

    with app.app_context():
        state = db.session.get(Challenge, challenge_id).state
        db.session.remove()
    return state


def submitted_solutions(app, challenge_id: int, supplier_name: str) -> int:
    """How many submitted solutions the named supplier has on the challenge."""
    from app.extensions import db
    from app.organisations.models import Organisation
    from app.solutions.models import Solution, SolutionState

    with app.app_context():
        count = db.session.scalar(db.select(db.func.count(Solution.id)).join(
            Organisation, Organisation.id == Solution.organisation_id).where(
            Solution.challenge_id == challenge_id, Organisation.name == supplier_name,
            Solution.state == SolutionState.SUBMITTED))
        db.session.remove()
    return count


def test_journey_1_buyer_publishes_a_challenge(live_app, mail, cast, story):
    from app.challenges.models import ChallengeState

    _create_admin(live_app, cast["admin"])
    journey_1(live_app, mail, cast["admin"], cast["buyer"], story, IN_SWEDISH, doc=True)
    assert challenge_state(live_app, story.challenge_id) == ChallengeState.PUBLISHED


def journey_1(app, mail, admin_person: Person, buyer_person: Person, story: Story,
              brief: Brief, doc: bool = False) -> None:
    """A buyer registers, gets a verified authority, writes and submits a challenge; an
    administrator publishes it."""
    admin, buyer = admin_person.visitor, buyer_person.visitor
    steps.log_in(admin, admin_person.email)

    steps.register(buyer, mail, buyer_person.name, buyer_person.email)
    story.authority_name = brief.authority
    steps.register_organisation(buyer, brief.authority, steps.AUTHORITY, steps.LARGE,
                                brief.authority_seed)
    buyer.sees(buyer.t("Waiting for verification"))

    steps.verify_organisation(admin, story.authority_name)
    verified = mail.latest(buyer_person.email, buyer.t(
        "%(organisation)s is verified", organisation=story.authority_name))
    buyer.goto(mail.link(verified, "/organisations/"))
    buyer.sees(buyer.t("Verified contracting authority"))

    _write_challenge(buyer, story, brief)
    buyer.key_page("challenge-form")
    _checklist_leads_to_the_criteria(buyer)
    _set_criteria(buyer, brief, from_checklist=True)
    buyer.goto(story.challenge_url)
    _checklist_is_complete(buyer)
    buyer.click_link(buyer.t("Preview as a supplier sees it"))
    buyer.arrived().sees(buyer.t(
        "This is how suppliers will see the page once it is published. It is not public yet."))
    buyer.sees_heading(story.challenge_title)
    buyer.click_link(buyer.t("Back to the draft"))
    buyer.arrived()
    buyer.page.locator("main").get_by_role("button", name=buyer.t("Submit for review")).click()
    buyer.arrived().sees(buyer.t("Platform administrators who review it"))
    assert audience_count(buyer, buyer.t("Platform administrators who review it")) == 1
    buyer.press(buyer.t("Submit the challenge for review"))
    buyer.arrived().sees_success(buyer.t(
        "The challenge has been sent for review. You will get an e-mail when an "
        "administrator has looked at it."))

    to_review = mail.latest(admin_person.email, admin.t(
        "To review: %(title)s", title=story.challenge_title))
    assert f"/challenges/{story.challenge_id}" in mail.link(to_review, "/challenges/")
    admin.goto("/admin/")
    admin.click_link(admin.t("Challenges waiting for review"))
    admin.click_link(story.challenge_title)
    admin.sees_heading(story.challenge_title)
    admin.press(admin.t("Publish"), exact=True)
    admin.sees(admin.t("Who will be told"))
    assert audience_count(admin, admin.t("People at the owning organisations")) == 1
    assert audience_count(admin, admin.t(
        "People whose interest profile matches (e-mailed with their alerts)")) >= 0
    admin.press(admin.t("Publish the challenge"))
    admin.sees_success(admin.t("“%(title)s” has been answered.", title=story.challenge_title))

    published = mail.latest(buyer_person.email, buyer.t(
        "Published: %(title)s", title=story.challenge_title))
    buyer.goto(mail.link(published, "/challenges/"))
    buyer.sees_heading(story.challenge_title).sees(buyer.t("Open"))
    buyer.key_page("challenge-buyer")
    buyer.click_link(buyer.t("My organisations' challenges"))
    buyer.sees(story.challenge_title)
    story.done.add("journey 1")


def _write_challenge(buyer: Visitor, story: Story, brief: Brief) -> None:
    """The buyer describes a judged challenge with requirements and the default IP terms."""
    story.challenge_title = brief.title
    buyer.page.get_by_role("navigation", name=buyer.t("Main menu")).get_by_role(
        "link", name=buyer.t("Challenges")).click()
    buyer.arrived()
    buyer.click_link(buyer.t("Describe a new need or challenge"))
    buyer.choose(buyer.t("Challenge: a judged competition – a jury picks winners who are "
                         "invited to an innovation dialogue"))
    buyer.fill(buyer.t("Title"), brief.title)
    buyer.fill(buyer.t("Short summary"), brief.summary)
    buyer.fill(buyer.t("The problem"), brief.problem)
    buyer.fill(buyer.t("Functional requirements"), "\n".join(brief.requirements))
    buyer.choose(buyer.t("Innovation partnership"))
    buyer.fill(buyer.t("Budget up to (optional)"), "1500000")
    buyer.choose(buyer.t("The supplier keeps the intellectual property; the buyer gets a "
                         "licence to use it (recommended)"))
    buyer.fill(buyer.t("Deadline for questions (optional)"), "2030-05-01T12:00")
    buyer.fill(buyer.t("Deadline for submissions"), "2030-05-31T12:00")
    buyer.fill(buyer.t("Contact person"), buyer.page.locator(
        'header a[href="/account/"]:visible').inner_text())
    buyer.press(buyer.t("Save the draft"))
    buyer.sees_success(buyer.t("The draft has been saved."))
    buyer.sees_heading(story.challenge_title)
    for requirement in brief.requirements:
        buyer.sees(requirement)
    story.challenge_url = buyer.path
    story.challenge_id = int(buyer.path.split("/")[2].split("-")[0])


def audience_count(visitor: Visitor, label: str) -> int:
    """The count a publishing confirmation shows against one group of people told."""
    row = visitor.page.locator("main .govuk-summary-list__row").filter(
        has=visitor.page.get_by_text(label, exact=True))
    return int(row.locator("dd").inner_text().strip())


def _checklist_leads_to_the_criteria(buyer: Visitor) -> None:
    """The draft's checklist says the criteria are missing, and links to where to set them;
    everything else the buyer wrote is done."""
    checklist = buyer.page.locator("main .arena-checklist")
    expect(checklist).to_be_visible()
    missing = checklist.locator("li:not(.arena-checklist__item--done)")
    expect(missing).to_have_count(1)
    expect(missing).to_contain_text(buyer.t("Missing"))
    expect(missing).to_contain_text(buyer.t(
        "Evaluation criteria whose weights add up to 100 %%").split(" 100")[0])
    buyer.sees(buyer.t("It can be submitted for review or published once every item is done."))
    missing.get_by_role("link").click()
    buyer.arrived()


def _checklist_is_complete(buyer: Visitor) -> None:
    checklist = buyer.page.locator("main .arena-checklist")
    expect(checklist.locator("li:not(.arena-checklist__item--done)")).to_have_count(0)
    expect(checklist.locator("li.arena-checklist__item--done")).to_have_count(7)
    buyer.does_not_see(buyer.t("It can be submitted for review or published once every "
                               "item is done."))


def _set_criteria(buyer: Visitor, brief: Brief, from_checklist: bool = False) -> None:
    if not from_checklist:
        buyer.click_link(buyer.t("Set the evaluation criteria"))
    buyer.click_link(buyer.t("Show more empty rows"))
    for index, (name, weight) in enumerate(brief.criteria):
        buyer.page.locator(f"#name_{index}").fill(name)
        buyer.page.locator(f"#weight_{index}").fill(weight)
    buyer.press(buyer.t("Save the criteria"))
    buyer.sees_success(buyer.t("The criteria have been saved."))


def test_journey_2_supplier_asks_and_answers(live_app, mail, cast, story):
    story.need("journey 1")
    journey_2(live_app, mail, cast["buyer"], cast["supplier"], story, IN_SWEDISH, doc=True)
    assert submitted_solutions(live_app, story.challenge_id, story.supplier_name) == 1


def journey_2(app, mail, buyer_person: Person, supplier_person: Person, story: Story,
              brief: Brief, doc: bool = False) -> None:
    """A supplier finds the challenge, asks; the buyer answers; the supplier reads the
    answer and the e-mail, saves a draft, submits and checks the receipt."""
    supplier, buyer = supplier_person.visitor, buyer_person.visitor
    steps.register(supplier, mail, supplier_person.name, supplier_person.email)
    story.supplier_name = brief.supplier
    steps.register_organisation(supplier, brief.supplier, steps.SUPPLIER, steps.MICRO,
                                brief.supplier_seed)

    steps.find_challenge(supplier, app, story, brief.search_words)
    supplier.key_page("challenge-public", doc=("desktop",) if doc else ())
    if doc:  # the dated timeline, below the first screenful (issue 17)
        supplier.doc_screenshot_at("challenge-timeline", "#timeline-heading")
    supplier.press(supplier.t("Follow this challenge"))
    supplier.sees(supplier.t("You follow this challenge."))
    supplier.fill(supplier.t("Your question"), brief.question)
    supplier.press(supplier.t("Send the question"))
    supplier.sees_success(supplier.t(
        "Your question has been sent. The answer will be published here for everyone, "
        "without your name, and we will e-mail it to you."))
    supplier.sees(brief.question)

    asked = mail.latest(buyer_person.email, buyer.t(
        "New question: %(title)s", title=story.challenge_title))
    buyer.goto(mail.link(asked, "/challenges/"))
    buyer.fill(buyer.t("Answer (published for everyone, without the asker's name)"),
               brief.answer)
    buyer.press(buyer.t("Publish the answer"))
    buyer.sees_success(buyer.t("The answer has been published."))

    # The asker (who also follows) gets the answer itself, once (issue 17).
    told = mail.latest(supplier_person.email, supplier.t(
        "Your question has been answered: %(title)s", title="").strip())
    assert supplier.t(
        "The buyer has answered your question about “%(title)s”. The answer is published "
        "for everyone, without your name.", title=story.challenge_title) in mail.text(told)
    assert brief.answer in mail.text(told)
    assert not [m for m in mail.all_to(supplier_person.email) if supplier.t(
        "New answer: %(title)s", title="").strip() in m["Subject"]]
    supplier.goto(mail.link(told, f"/challenges/{story.challenge_id}"))
    supplier.sees(brief.question).sees(brief.answer)

    steps.write_solution(supplier, story, doc)
    steps.read_receipt(supplier, mail, supplier_person.email, story)
    supplier.key_page("solution-receipt")
    supplier.page.locator("header").get_by_role("link", name=supplier.t("Notifications")).click()
    supplier.arrived().sees(story.challenge_title)

    buyer.goto(story.challenge_url)
    buyer.click_link(buyer.t("open the inbox"))
    buyer.click_link(steps.SOLUTION_TITLE)
    buyer.sees("antenna design")  # the owner reads the confidential details
    story.done.add("journey 2")


def test_journey_2_by_keyboard_only(chromium, live_app, mail, cast, story):
    """A second supplier (in Swedish) does journey 2 with the keyboard alone: Tab, Enter,
    Space, typing, and the arrow keys inside radio groups. Every element Tab passes must
    show its focus, and Tab must never get stuck."""
    story.need("journey 2")
    person = Person("Rut Rival", "rut@rivalen.example", "sv")
    person.visitor = Visitor(chromium, live_app, "sv", "rival")
    story.people["rival"] = cast["rival"] = person
    keys = Keyboard(person.visitor)
    story.rival_name = "Rivalen Ekonomisk Förening"

    _register_by_keyboard(keys, mail, person)
    _organisation_by_keyboard(keys, story.rival_name)
    _question_by_keyboard(keys, story, "Får vi samarbeta med andra?")
    _solution_by_keyboard(keys, story)
    assert mail.latest(person.email, keys.visitor.t(
        "Receipt: your solution for %(challenge)s", challenge=story.challenge_title))

    buyer = cast["buyer"].visitor  # answers with the mouse; the supplier reads the answer
    buyer.goto(story.challenge_url)
    buyer.fill(buyer.t("Answer (published for everyone, without the asker's name)"),
               "Ja, i en grupp av leverantörer.")
    buyer.press(buyer.t("Publish the answer"))
    told = mail.latest(person.email, keys.visitor.t(  # the asker's own answer (issue 17)
        "Your question has been answered: %(title)s", title=story.challenge_title))
    keys.visitor.goto(mail.link(told, f"/challenges/{story.challenge_id}"))
    keys.visitor.sees("Får vi samarbeta med andra?").sees("Ja, i en grupp av leverantörer.")
    assert keys.stops > 50
    story.done.add("keyboard")


def _register_by_keyboard(keys: Keyboard, mail, person: Person) -> None:
    visitor, page = keys.visitor, keys.page
    visitor.goto("/")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name=visitor.t("Skip to main content"))).to_be_focused()
    keys.activate(page.locator("header").get_by_role("link", name=visitor.t("Create account")))
    keys.type_into(page.get_by_label(visitor.t("Full name")), person.name)
    keys.type_into(page.get_by_label(visitor.t("E-mail address")), person.email)
    keys.type_into(page.get_by_label(visitor.t("Password"), exact=True), PASSWORD)
    keys.activate(page.locator("main").get_by_role("button", name=visitor.t("Create account")))
    visitor.sees(person.email)
    visitor.goto(mail.link(mail.latest(person.email), "/auth/verify/"))  # from the e-mail


def _organisation_by_keyboard(keys: Keyboard, name: str) -> None:
    visitor, page = keys.visitor, keys.page
    main = page.locator("main")
    keys.activate(main.get_by_role("link", name=visitor.t("Register an organisation")))
    keys.type_into(page.get_by_label(visitor.t("Name of the organisation")), name)
    keys.type_into(page.get_by_label(visitor.t("Organisation number")), valid_org_number(3))
    keys.choose("kind", page.get_by_label(visitor.t(steps.SUPPLIER)))
    keys.choose("size_class", page.get_by_label(visitor.t(steps.MICRO)))
    keys.tick(page.get_by_label(visitor.t("We are a cooperative (economic association)")))
    keys.activate(main.get_by_role("button", name=visitor.t("Save organisation")))
    visitor.sees_success(visitor.t("The organisation has been created."))


def _question_by_keyboard(keys: Keyboard, story: Story, question: str) -> None:
    """Find the challenge in the list (SEARCH SWITCH: or the header's search box, see
    steps.find_challenge) and ask a question."""
    visitor, page = keys.visitor, keys.page
    main = page.locator("main")
    nav = page.get_by_role("navigation", name=visitor.t("Main menu"))
    keys.activate(nav.get_by_role("link", name=visitor.t("Challenges")))
    keys.activate(main.get_by_role("link", name=story.challenge_title))
    visitor.sees_heading(story.challenge_title)
    keys.type_into(page.get_by_label(visitor.t("Your question")), question)
    keys.activate(main.get_by_role("button", name=visitor.t("Send the question")))
    visitor.sees_success(visitor.t("Your question has been sent. The answer will be "
                                   "published here for everyone, without your name, and we "
                                   "will e-mail it to you."))


def _solution_by_keyboard(keys: Keyboard, story: Story) -> None:
    visitor, page = keys.visitor, keys.page
    main = page.locator("main")
    keys.activate(main.get_by_role("link", name=visitor.t("Answer this challenge")))
    keys.type_into(page.get_by_label(visitor.t("Title of your solution")), "Gångvän")
    keys.type_into(page.get_by_label(visitor.t("Public summary")), "Volontärer och en app.")
    keys.activate(main.get_by_role("button", name=visitor.t("Save as draft")))
    visitor.sees_success(visitor.t("Your draft has been saved. Nobody outside %(name)s can "
                                   "see it.", name=story.rival_name))
    keys.type_into(page.get_by_label(visitor.t("Confidential details")), "Kooperativ modell.")
    for field in page.locator("textarea[name^=answer_]").all():
        keys.type_into(field, "Ja.")
    keys.choose("trl", page.get_by_label("TRL 4", exact=False))
    keys.tick(page.get_by_label(visitor.t(
        "I have read the challenge's IP terms and accept them for this solution")))
    keys.activate(main.get_by_role("button", name=visitor.t("Submit solution")))
    visitor.sees_success(visitor.t(
        "Your solution has been submitted (version %(number)d). We have e-mailed you a "
        "receipt with the time and the SHA-256 of what you submitted.", number=1))


def _subject_start(visitor: Visitor) -> str:
    """The fixed start of a message e-mail's subject in the visitor's language."""
    return visitor.t("New message from %(sender)s about %(challenge)s",
                     sender="\x00", challenge="").split("\x00")[0]


def test_journey_2b_buyer_and_supplier_write_about_the_open_challenge(live_app, mail, cast, story):
    story.need("journey 2")
    buyer, supplier = cast["buyer"].visitor, cast["supplier"].visitor
    question = "Kan ni visa antennen för oss i mars?"
    reply = "Yes, we can bring the antenna to Växjö any Tuesday in March."

    buyer.goto(story.challenge_url)
    buyer.click_link(buyer.t("open the inbox"))
    buyer.click_link(steps.SOLUTION_TITLE)
    buyer.click_link(buyer.t("Messages between the buyers and the supplier"))
    buyer.sees(buyer.t("Jurors never see messages, so in an anonymised evaluation nothing "
                       "written here can reveal the supplier to them."))
    buyer.fill(buyer.t("Your message"), question)
    # The challenge is still open: equal treatment asks whether this is for everyone.
    buyer.choose(buyer.t("No: it concerns only this supplier's solution"))
    buyer.press(buyer.t("Send the message"))
    buyer.sees_success(buyer.t("Your message has been sent.")).sees(question)
    thread_url = buyer.path

    written = mail.latest(story.people["supplier"].email, _subject_start(supplier))
    assert question in mail.text(written)
    supplier.goto(mail.link(written, "/messages/"))
    supplier.sees(question)
    supplier.key_page("message-thread")
    supplier.fill(supplier.t("Your message"), reply)
    supplier.press(supplier.t("Send the message"))
    supplier.sees_success(supplier.t("Your message has been sent.")).sees(reply)

    answered = mail.latest(story.people["buyer"].email, _subject_start(buyer))
    assert reply in mail.text(answered)
    buyer.goto(thread_url)
    buyer.sees(reply).sees(buyer.t("Read by %(name)s on %(date)s",
                                   name=story.supplier_name, date="").strip())
    story.done.add("messages")


def test_journey_3_jury_decides(live_app, mail, cast, story):
    story.need("journey 2", "keyboard")
    buyer = cast["buyer"].visitor
    _deadline_passes(live_app, story)
    buyer.goto(story.challenge_url)
    buyer.sees(buyer.t("Closed"))

    buyer.click_link(buyer.t("Manage the evaluation"))
    buyer.click_link(buyer.t("Jury and options"), within="main nav")
    for key in ("juror_sv", "juror_en"):
        buyer.fill(buyer.t("Juror's e-mail address"), cast[key].email)
        buyer.press(buyer.t("Send invitation"))
        buyer.sees_success(buyer.t("Invitation sent to %(email)s.", email=cast[key].email))
    for key in ("juror_sv", "juror_en"):
        _juror_joins(cast[key], mail, story)

    buyer.click_link(buyer.t("Overview"), within="main nav")
    buyer.press(buyer.t("Open the evaluation"))
    buyer.sees_success(buyer.t("The evaluation has opened and the jurors have been told."))

    _juror_scores(cast["juror_sv"], mail, story, conflicts={}, points=("5", "4", "4"))
    _juror_scores(cast["juror_en"], mail, story, conflicts={story.rival_name: True},
                  points=("4", "4", "5"))
    _decide_and_publish(buyer, story)

    winner_mail = mail.latest(cast["supplier"].email, story.challenge_title)
    supplier = cast["supplier"].visitor
    assert winner_mail["Subject"] == supplier.t(
        "Your solution was selected: “%(title)s”", title=story.challenge_title)
    text = mail.text(winner_mail)
    assert supplier.t("You are invited to present your solution to the buyer.") in text
    assert supplier.t("Where: %(place)s", place=PRESENTATION_PLACE) in text
    assert supplier.t("Funding that can help") in text
    supplier.goto(mail.link(winner_mail, "/evaluation/result"))
    supplier.sees(supplier.t("Winner"))
    rival = cast["rival"].visitor
    assert mail.latest(cast["rival"].email, rival.t("The result of “%(title)s”",
                                                    title=story.challenge_title))
    story.done.add("journey 3")


def _deadline_passes(app, story: Story) -> None:
    """Time moves past the submission deadline and the worker's job closes the challenge.

    The server checks deadlines against the real clock, so rather than waiting we run the
    `close_deadlines` job (what the worker does every minute) with the clock shifted to a
    minute after the deadline the buyer typed (freezegun, in this thread only for the
    length of the job; the server is idle meanwhile)."""
    from freezegun import freeze_time

    from app.core.jobs import JOBS, run_job

    with app.app_context(), freeze_time("2030-05-31 10:01:00"):  # 12:01 in Stockholm
        assert run_job(JOBS["close_deadlines"]) == "closed 1 challenge(s)"


def _juror_joins(person: Person, mail, story: Story) -> None:
    """An external juror without an account: from the e-mail, an account, then the jury."""
    juror = person.visitor
    invitation = mail.latest(person.email, story.challenge_title)
    link = mail.link(invitation, "/jury/invitations/")
    juror.goto(link)
    juror.sees_heading(juror.t("Invitation to the jury of “%(title)s”",
                               title=story.challenge_title))
    steps.register(juror, mail, person.name, person.email, from_header=False)
    juror.goto(link)
    juror.press(juror.t("Join the jury"))
    juror.sees_success(juror.t("Thank you for joining the jury of “%(title)s”.",
                               title=story.challenge_title))


def _juror_scores(person: Person, mail, story: Story, conflicts: dict, points: tuple) -> None:
    juror = person.visitor
    opened = mail.latest(person.email, juror.t("The evaluation of “%(title)s” has opened",
                                                title=story.challenge_title))
    juror.goto(mail.link(opened, "/jury/"))
    juror.click_link(juror.t("Declare conflicts of interest"))
    for block in juror.page.locator("main form fieldset").all():
        conflicted = any(name in block.inner_text() for name in conflicts)
        answer = ("Yes, I have a conflict of interest" if conflicted
                  else "No, I have no conflict of interest")
        block.get_by_label(juror.t(answer)).check()
    juror.press(juror.t("Save the declarations"))
    juror.sees_success(juror.t("Your declarations have been saved."))
    scorable = juror.page.locator("main table tbody th a")
    for index in range(scorable.count()):
        juror.page.locator("main table tbody th a").nth(index).click()
        juror.arrived()
        for number, value in enumerate(points):
            criterion = juror.page.locator("main .arena-score-criterion").nth(number)
            criterion.locator(f"input[type=radio][value='{value}']").check()
            juror.page.locator("textarea[name^=comment_]").nth(number).fill("Välgrundat.")
        juror.press(juror.t("Save"), exact=True)
        if index == 0 and juror.lang == "en":
            juror.key_page("jury-score", doc=("desktop",))
        juror.click_link(juror.t("Back to the list of solutions"))
    juror.press(juror.t("Submit my scores"))
    juror.sees_heading(juror.t("Submit your scores?"))  # the confirmation page
    juror.press(juror.t("Yes, submit my scores"))
    juror.sees_success(juror.t("Thank you. Your scores have been submitted."))
    juror.click_link(juror.t("All your juries"))
    juror.sees(story.challenge_title)


PRESENTATION_PLACE = "Stadshuset, Västra Esplanaden 18, Växjö"


def _decide_and_publish(buyer: Visitor, story: Story) -> None:
    buyer.goto(story.challenge_url)
    buyer.click_link(buyer.t("Manage the evaluation"))
    buyer.sees(buyer.t("Results"))
    buyer.key_page("evaluation-results", doc=("desktop",))
    buyer.click_link(buyer.t("Decision"), within="main nav")
    for fieldset in buyer.page.locator("main form fieldset:has(.govuk-radios)").all():
        result = "Winner" if story.supplier_name in fieldset.inner_text() else "Not selected"
        fieldset.get_by_label(buyer.t(result), exact=True).check()
    buyer.fill(buyer.t("Justification of the decision"), "Bäst nytta för de boende.")
    buyer.fill(buyer.t("Date and time of the presentation"), "2030-09-15T10:00")
    buyer.fill(buyer.t("Place of the presentation"), PRESENTATION_PLACE)
    buyer.press(buyer.t("Save the decision"))
    buyer.click_link(buyer.t("Check and publish the decision"))
    buyer.key_page("decision")
    buyer.press(buyer.t("Publish the decision"))
    buyer.sees_success(buyer.t("The decision is published and the suppliers have been told."))
    buyer.click_link(buyer.t("Protocol"), within="main nav")
    buyer.sees("Bäst nytta för de boende.").sees("Jane Juror")


def test_journey_4_network_pools_demand(chromium, live_app, mail, cast, story):
    story.need("journey 1")
    admin = cast["admin"].visitor
    coordinator = _new_authority(chromium, live_app, mail, story, admin, "coordinator",
                                 Person("Kim Coordinator", "kim@kronoberg.example", "en"),
                                 "Region Kronoberg (test)", 4)
    member = _new_authority(chromium, live_app, mail, story, admin, "member",
                            Person("Maja Medlem", "maja@alvesta.example", "sv"),
                            "Alvesta kommun (test)", 5)

    coordinator.goto("/")
    coordinator.page.get_by_role("navigation", name=coordinator.t("Main menu")).get_by_role(
        "link", name=coordinator.t("Networks")).click()
    coordinator.arrived()
    coordinator.click_link(coordinator.t("Start a network"))
    network = "Welfare technology Kronoberg"
    coordinator.fill(coordinator.t("Name of the network"), network)
    coordinator.fill(coordinator.t("Theme"), "Safety alarms and welfare technology")
    coordinator.choose(coordinator.t("Open: any verified contracting authority can join at "
                                     "once"))
    coordinator.press(coordinator.t("Save network"))
    coordinator.sees_success(coordinator.t("The network has been created. Your organisation "
                                           "coordinates it."))
    network_url = coordinator.path

    member.goto(network_url)
    member.press(member.t("Join the network"))
    member.sees("Alvesta kommun (test)")

    coordinator.goto(network_url)
    coordinator.click_link(coordinator.t("Announce a planned procurement"))
    planned_title = "Digital safety alarms for home care"
    coordinator.fill(coordinator.t("Title"), planned_title)
    coordinator.fill(coordinator.t("The need"), "Alarms that work without a landline.")
    coordinator.fill(coordinator.t("Expected timing"), "Procurement in spring 2031")
    coordinator.press(coordinator.t("Save the planned procurement"))
    coordinator.sees_success(coordinator.t("The planned procurement has been announced."))
    planned_url = coordinator.path

    _register_interest(coordinator, planned_url, "200")
    _register_interest(member, planned_url, "150")
    member.sees(member.tn("%(num)d authority", "%(num)d authorities", 2)).sees("350")

    coordinator.goto(planned_url)
    coordinator.click_link(coordinator.t("Turn into a joint challenge"))
    coordinator.press(coordinator.t("Create the joint challenge"))
    coordinator.sees_success(coordinator.t(
        "The joint challenge has been created as a draft. The interested authorities have "
        "been asked to confirm co-ownership."))

    invitation = mail.latest(story.people["member"].email, member.t(
        "Confirm co-ownership: %(title)s", title=planned_title))
    member.goto(mail.link(invitation, "/networks/invitations/"))
    member.press(member.t("Confirm co-ownership"))
    member.sees_success(member.t("%(name)s is now a co-owner of the joint challenge.",
                                 name="Alvesta kommun (test)"))

    coordinator.goto(planned_url)
    coordinator.click_link(planned_title)
    coordinator.sees_heading(planned_title).sees("Alvesta kommun (test)")
    section = coordinator.page.locator("main section", has_text=coordinator.t(
        "Other authorities with this need"))
    expect(section).to_contain_text(coordinator.tn("%(num)d authority", "%(num)d authorities", 2))
    expect(section).to_contain_text("350")
    coordinator.key_page("joint-challenge", doc=("desktop",))
    story.done.add("journey 4")


def _new_authority(chromium, app, mail, story, admin, key, person, organisation, seed):
    person.visitor = visitor = Visitor(chromium, app, person.lang, key)
    story.people[key] = person
    steps.register(visitor, mail, person.name, person.email)
    steps.register_organisation(visitor, organisation, steps.AUTHORITY, steps.LARGE, seed)
    steps.verify_organisation(admin, organisation)
    return visitor


def _register_interest(visitor: Visitor, planned_url: str, volume: str) -> None:
    visitor.goto(planned_url)
    visitor.click_link(visitor.t("Register interest: we have this need too"))
    visitor.fill(visitor.t("Estimated volume (optional)"), volume)
    visitor.fill(visitor.t("What the volume counts (optional)"), "larm")
    visitor.fill(visitor.t("Time frame"), "2031–2032")
    visitor.choose(visitor.t("Show our estimated volume and budget publicly, in the total"))
    visitor.press(visitor.t("Register interest"))
    visitor.sees_success(visitor.t("Thank you. Your interest has been registered."))


def test_journey_5_supplier_books_a_one_to_one_meeting(live_app, mail, cast, story):
    story.need("journey 1", "journey 2")
    buyer, supplier = cast["buyer"].visitor, cast["supplier"].visitor
    link = "https://meet.example/journey-5-room"
    day = (date.today() + timedelta(days=40)).isoformat()

    buyer.goto(story.challenge_url)
    buyer.click_link(buyer.t("Schedule a meeting or pitch day"))
    buyer.choose(buyer.t("One-to-one meetings"))
    buyer.fill(buyer.t("Title"), "Enskilda dialogmöten")
    buyer.fill(buyer.t("Starts (Swedish time)"), f"{day}T10:00")
    buyer.fill(buyer.t("Ends (Swedish time)"), f"{day}T11:00")
    buyer.fill(buyer.t("Online meeting link"), link)
    buyer.fill(buyer.t("Length of each one-to-one meeting, in minutes"), "30")
    buyer.press(buyer.t("Save the event"))
    buyer.sees_success(buyer.t("The event has been scheduled."))
    event_url = buyer.path

    supplier.goto(event_url)
    supplier.sees(supplier.t("Shown to registered participants.")).does_not_see(link)
    supplier.choose("10:30–11:00")
    supplier.press(supplier.t("Register"), exact=True)
    supplier.sees_success(supplier.t("You are registered. The calendar file is in your "
                                     "e-mail."))
    supplier.sees(link).sees(supplier.t("Your meeting: %(time)s.", time="10:30–11:00"))
    supplier.key_page("event-booked")
    receipt = mail.latest(story.people["supplier"].email, supplier.t(
        "You are registered: %(title)s", title="Enskilda dialogmöten"))
    assert any(part.get_content_type() == "text/calendar" for part in receipt.walk())

    buyer.goto(event_url)
    buyer.click_link(buyer.t("Participants"))
    buyer.sees("10:30–11:00").sees(story.supplier_name)
    story.done.add("journey 5")


def test_journeys_1_and_2_with_the_languages_swapped(chromium, live_app, mail, story):
    """Journeys 1 and 2 again, each person in the other language: an English-speaking
    buyer, a Swedish-speaking supplier and the administrator in Swedish."""
    story.need("journey 1")
    swapped = Story()
    people = {
        "admin": Person(story.people["admin"].name, story.people["admin"].email, "sv"),
        "buyer": Person("Lena Lund", "lena@lund.example", "en"),
        "supplier": Person("Sven Säljare", "sven@fallskydd.example", "sv"),
    }
    try:
        for key, person in people.items():
            person.visitor = Visitor(chromium, live_app, person.lang, key)
        journey_1(live_app, mail, people["admin"], people["buyer"], swapped, IN_ENGLISH)
        journey_2(live_app, mail, people["buyer"], people["supplier"], swapped, IN_ENGLISH)
        assert swapped.challenge_id != story.challenge_id
        assert submitted_solutions(live_app, swapped.challenge_id, swapped.supplier_name) == 1
    finally:
        for person in people.values():
            person.visitor.close()
