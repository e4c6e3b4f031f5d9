"""The supplier readiness quick check as data: eight themes, seventeen questions.

Each question is answered yes, partly or no (some also "does not apply to us"); a theme's
score is the share of its points, and every answer short of yes brings that question's
next step. A theme points to knowledge articles (by slug; missing or unpublished ones are
left out) and to the funding stages whose programmes can pay for the work.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from app.funding.models import Stage


class Answer(enum.StrEnum):
    YES = "yes"
    PARTLY = "partly"
    NO = "no"
    NOT_APPLICABLE = "not_applicable"


POINTS = {Answer.YES: 2, Answer.PARTLY: 1, Answer.NO: 0}
MAX_POINTS = 2

ANSWER_LABELS = {
    Answer.YES: _l("Yes"),
    Answer.PARTLY: _l("Partly"),
    Answer.NO: _l("No"),
    Answer.NOT_APPLICABLE: _l("Does not apply to us"),
}


@dataclass(frozen=True)
class Question:
    """One question, and the concrete next step for anyone who cannot yet answer yes."""

    key: str
    text: object
    next_step: object
    hint: object = ""
    may_not_apply: bool = False


@dataclass(frozen=True)
class Theme:
    """A group of questions with the articles and funding stages that help with it."""

    key: str
    title: object
    questions: tuple[Question, ...]
    articles: tuple[str, ...] = ()
    stages: tuple[Stage, ...] = ()


THEMES: tuple[Theme, ...] = (
    Theme(
        key="registration", title=_l("Registration and tax"),
        articles=("supplier-registration-tax-insurance",),
        questions=(
            Question("registered", _l("Is the company registered and approved for F-tax?"),
                     _l("Register the company with the Swedish Companies Registration Office "
                        "and apply for F-tax at the Swedish Tax Agency: buyers check both "
                        "before they sign.")),
            Question("taxes_paid", _l("Are taxes and employer contributions paid, with no "
                                      "debts at the Enforcement Authority?"),
                     _l("Settle or agree a payment plan for any tax debt: unpaid taxes are "
                        "a ground for excluding a tenderer.")),
        ),
    ),
    Theme(
        key="insurance", title=_l("Insurance"),
        articles=("supplier-registration-tax-insurance",),
        questions=(
            Question("liability", _l("Do you have liability insurance that covers what you "
                                     "would deliver?"),
                     _l("Ask your insurer for a business liability (and, for advice or "
                        "software, professional liability) insurance sized to a typical "
                        "public contract.")),
            Question("certificate", _l("Can you show an insurance certificate within a few "
                                       "days?"),
                     _l("Ask your insurer now for a certificate in Swedish and English and "
                        "keep it with your tender documents.")),
        ),
    ),
    Theme(
        key="references", title=_l("References"),
        articles=("supplier-references-capacity",),
        stages=(Stage.BUSINESS_DEVELOPMENT,),
        questions=(
            Question("two_references", _l("Can you name at least two customers willing to "
                                          "describe what you delivered?"),
                     _l("Ask two satisfied customers (a pilot counts) whether a buyer may "
                        "contact them, and write down what, when and how much you delivered.")),
            Question("public_customer", _l("Have you delivered to a public organisation, or "
                                           "tested your solution with one?"),
                     _l("Answer a need or a challenge on this platform: a pilot or test with "
                        "a public organisation becomes your first public reference.")),
        ),
    ),
    Theme(
        key="capacity", title=_l("Delivery capacity"),
        articles=("supplier-references-capacity",),
        stages=(Stage.BUSINESS_DEVELOPMENT, Stage.INFRASTRUCTURE),
        questions=(
            Question("volume", _l("Could you deliver the volume a mid-sized municipality "
                                  "would order, on time?"),
                     _l("Work out how many units or hours you can deliver per month, and "
                        "what you would need to double it.")),
            Question("partners", _l("Do you have partners or subcontractors you can bring in, "
                                    "with written agreements?"),
                     _l("Agree in writing with one or two partners you could tender with "
                        "(a consortium or subcontracting), so a buyer can rely on them.")),
        ),
    ),
    Theme(
        key="quality_environment", title=_l("Quality and environmental work"),
        articles=("supplier-quality-environment",),
        stages=(Stage.BUSINESS_DEVELOPMENT,),
        questions=(
            Question("quality", _l("Do you follow documented quality routines (ISO 9001 or "
                                   "your own written ones)?"),
                     _l("Write down how you plan, check and correct your deliveries on one or "
                        "two pages; a certificate is rarely required of a small company.")),
            Question("environment", _l("Can you describe and measure the environmental impact "
                                       "of what you offer?"),
                     _l("Describe your offer's main environmental effects (energy, materials, "
                        "transport) and one figure you follow over time.")),
        ),
    ),
    Theme(
        key="accessibility", title=_l("Accessibility"),
        articles=("supplier-accessibility-data-protection",),
        questions=(
            Question("standard", _l("Does your digital service meet EN 301 549 (WCAG 2.1 "
                                    "level AA)?"),
                     _l("Have your digital service checked against WCAG 2.1 AA: Swedish public "
                        "buyers must require it of digital services."),
                     hint=_l("Answer \"does not apply\" if you deliver nothing digital."),
                     may_not_apply=True),
            Question("tested", _l("Have people with disabilities tried your solution?"),
                     _l("Test your solution with a few users with different disabilities and "
                        "write down what you changed."),
                     may_not_apply=True),
        ),
    ),
    Theme(
        key="data_protection", title=_l("Data protection"),
        articles=("supplier-accessibility-data-protection",),
        questions=(
            Question("processing_agreement", _l("If you would process personal data for a "
                                                "buyer, do you have a data processing "
                                                "agreement ready?"),
                     _l("Prepare a data processing agreement (GDPR article 28) and a short "
                        "description of your security measures."),
                     hint=_l("Answer \"does not apply\" if you would handle no personal data."),
                     may_not_apply=True),
            Question("data_location", _l("Do you know where data is stored and which "
                                         "sub-processors you use, also outside the EU?"),
                     _l("List where data is stored and every sub-processor (cloud, e-mail, "
                        "support), and how transfers outside the EU/EEA are covered."),
                     may_not_apply=True),
        ),
    ),
    Theme(
        key="ip", title=_l("Intellectual property"),
        articles=("supplier-ip-terms", "ip-guidance"),
        stages=(Stage.IP_STRATEGY,),
        questions=(
            Question("own_ip", _l("Do you know which intellectual property you own (code, "
                                  "designs, brands, know-how)?"),
                     _l("List what you own: code, designs, brands, data, know-how, and who "
                        "created each (employees, consultants).")),
            Question("ip_terms", _l("Do you understand a challenge's IP terms: who owns what, "
                                    "and what licence the buyer gets?"),
                     _l("Read the IP terms of a challenge before you start work, and ask a "
                        "question when something is unclear: the answer goes to everyone.")),
            Question("background_ip", _l("Have you written down your background IP before "
                                         "starting work with a buyer?"),
                     _l("Describe your background IP (what you bring in) so it stays yours "
                        "whatever the contract says about new results.")),
        ),
    ),
)

QUESTIONS: dict[str, Question] = {q.key: q for theme in THEMES for q in theme.questions}


def answers_allowed(question: Question) -> list[Answer]:
    """The answers a question offers, in the order they are shown."""
    answers = [Answer.YES, Answer.PARTLY, Answer.NO]
    return [*answers, Answer.NOT_APPLICABLE] if question.may_not_apply else answers
