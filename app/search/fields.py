"""A document's text as analysed terms with positions, per field, for both backends.

    title      the title, in the document's language
    body       the body, then the extra text of every language (buyers' names, the other
               language of a bilingual article...)
    parts      the compound parts of every word above ("mat", "avfall" of matavfallet)
    cpv_names  the CPV codes and the names of each code and every broader code

Whoosh indexes each as a field; PostgreSQL as one tsvector with the weights A, B, C, D.
"""

from __future__ import annotations

from app.search.analysis import LANGUAGES, TOKEN, text_terms
from app.search.cpv import digits
from app.search.documents import IndexDocument
from app.search.plan import BODY, CPV, PARTS, TITLE

LANGUAGE_GAP = 100  # positions between a text and the next one (no phrase spans both)


class Positions:
    """Collects (term -> positions) for the whole-word and the part fields of a text."""

    def __init__(self):
        self.whole: dict[str, list[int]] = {}
        self.parts: dict[str, list[int]] = {}
        self.end = 0

    def add(self, language: str, text: str, parts: dict | None = None) -> None:
        start, whole = self.end, self.whole
        parts = self.parts if parts is None else parts
        for position, found in text_terms(language, text):
            at = start + position
            for term in found.terms:
                whole.setdefault(term, []).append(at)
            for part in found.part_terms():
                parts.setdefault(part, []).append(at)
            self.end = at + LANGUAGE_GAP

    @staticmethod
    def pairs(terms: dict[str, list[int]]) -> tuple:
        return tuple((term, tuple(sorted(set(found)))) for term, found in terms.items())


def analysed_fields(document: IndexDocument) -> dict[str, tuple]:
    """title, body, parts and cpv as (term, positions) pairs: the title and body in the
    document's language, other languages' extra text after the body, compound parts of
    all of it in `parts`, the CPV codes and names (whole and parts) in `cpv_names`."""
    title, body, cpv = Positions(), Positions(), Positions()
    parts: dict[str, list[int]] = {}
    title.add(document.language, document.title, parts)
    body.add(document.language, document.body, parts)
    for language in LANGUAGES:
        body.add(language, document.extra.get(language, ""), parts)
        cpv.add(language, document.cpv_text.get(language, ""), cpv.whole)
    for code in filter(None, map(digits, document.facets.get("cpv", ()))):
        cpv.whole.setdefault(code, []).append(0)
    return {TITLE: title.pairs(title.whole), BODY: body.pairs(body.whole),
            PARTS: Positions.pairs(parts), CPV: cpv.pairs(cpv.whole)}




def swedish_words(document: IndexDocument):
    """The lower-case words of a document that are analysed as Swedish."""
    texts = [document.extra.get("sv", ""), document.cpv_text.get("sv", "")]
    if document.language == "sv":
        texts += [document.title, document.body]
    for text in texts:
        yield from TOKEN.findall(text.lower())
