"""A parsed query with every word analysed: what each backend matches and ranks.

Both backends translate the same plan, so they find the same documents:

* `Terms` - one query word. It matches a document holding any of its whole-word
  `terms` (in the title, the body, a compound's parts or the CPV names), or all of its
  `parts` (a compound typed as one word, "livsmedelsupphandling", found as "upphandling
  av livsmedel"), or a term of a close spelling in `fuzzy` (typos), or, for "avfall*",
  a word beginning with one of `prefixes`.
* `PhraseTerms` - words next to each other in the title or the body.
* `Any` (OR) and `All` (at least `minimum` of the items).

Ranking weights (applied by each backend's scoring): title above body above a match
on a compound's part above a CPV name; a typo's correction below the word as typed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from app.search import lexicon
from app.search.analysis import TOKEN, cheap_terms, fold, is_stopword, query_word
from app.search.lexicon import swedish_forms
from app.search.query import AllOf, AnyOf, Node, ParsedQuery, Phrase, Word

TITLE, BODY, PARTS, CPV = "title", "body", "parts", "cpv_names"
TEXT_FIELDS = (TITLE, BODY, PARTS, CPV)
FIELD_WEIGHTS = {TITLE: 2.0, BODY: 1.0, PARTS: 0.5, CPV: 0.3}
PARTS_WEIGHT = 0.6  # all parts of a typed compound found (as words or parts)
FUZZY_WEIGHT = 0.3  # a close spelling of a word found in the index
PREFIX_WEIGHT = 0.8
MIN_FUZZY_LENGTH = 5  # shorter words are too easily another word with one edit


@dataclass(frozen=True)
class Terms:
    terms: tuple[str, ...] = ()
    parts: tuple[tuple[str, ...], ...] = ()  # every part, each with alternatives
    fuzzy: tuple[str, ...] = ()
    prefixes: tuple[str, ...] = ()
    text: str = ""
    prefix_terms: tuple[str, ...] = ()  # a prefix as a fixed list of words (snapshot search)

    def all_terms(self) -> tuple[str, ...]:
        parts = (term for part in self.parts for term in part)
        return tuple(dict.fromkeys((*self.terms, *parts, *self.fuzzy)))


@dataclass(frozen=True)
class PhraseTerms:
    positions: tuple[tuple[str, ...], ...]  # term alternatives of each word, in order
    text: str = ""


@dataclass(frozen=True)
class Any:
    items: tuple


@dataclass(frozen=True)
class All:
    items: tuple
    minimum: int


PlanNode = Terms | PhraseTerms | Any | All


@dataclass(frozen=True)
class Plan:
    root: All | None = None
    excluded: tuple[PlanNode, ...] = ()
    corrections: dict[str, str] = field(default_factory=dict)  # typed word -> correction

    @property
    def clauses(self) -> tuple[PlanNode, ...]:
        return self.root.items if self.root else ()


def build_plan(query: ParsedQuery, session: Session | None = None, fuzzy: bool = True) -> Plan:
    """Analyse every word of the query; with a session, add close spellings of words
    that no indexed document contains (typos)."""
    lexicon.preload(TOKEN.findall(query.raw.lower()))
    builder = _Builder(session if fuzzy else None)
    root = builder.node(query.root) if query.root else None
    excluded = tuple(builder.node(node) for node in query.excluded)
    return Plan(root=root, excluded=excluded, corrections=builder.corrections)


class _Builder:
    def __init__(self, session: Session | None):
        self.session = session
        self.corrections: dict[str, str] = {}

    def node(self, node: Node) -> PlanNode:
        if isinstance(node, Phrase):
            return self.phrase(node.words)
        if isinstance(node, Word):
            return self.word(node)
        items = tuple(self.node(item) for item in node.items)
        if isinstance(node, AnyOf):
            return Any(items)
        assert isinstance(node, AllOf)
        return All(items, node.minimum)

    def word(self, word: Word) -> PlanNode:
        tokens = [t for t in TOKEN.findall(word.text.lower()) if not is_stopword(t)]
        *whole, last = tokens or [""]
        if word.prefix:
            beginnings = tuple(sorted({fold(last), *cheap_terms(last)} - {""}))
            nodes = [self.single(w) for w in whole] + [Terms(prefixes=beginnings, text=last)]
        else:
            nodes = [self.single(w) for w in (*whole, last)]
        return nodes[0] if len(nodes) == 1 else All(tuple(nodes), len(nodes))

    def single(self, text: str) -> Terms:
        analysed = query_word(text)
        return Terms(terms=analysed.terms, parts=analysed.parts if len(analysed.parts) > 1
                     else (), fuzzy=self.fuzzy(text, analysed.terms), text=text)

    def fuzzy(self, text: str, terms: tuple[str, ...]) -> tuple[str, ...]:
        if self.session is None or len(text) < MIN_FUZZY_LENGTH or not text.isalpha():
            return ()
        if swedish_forms(text.lower()).lemmas:  # a dictionary word is no typo
            return ()
        from app.search.store import close_words

        close = close_words(self.session, text)
        if close:
            self.corrections[text] = close[0]
        found = {term for word in close for term in query_word(word).terms}
        return tuple(sorted(found - set(terms)))

    def phrase(self, words: tuple[str, ...]) -> PlanNode:
        positions = tuple(query_word(w).terms for w in words if not is_stopword(w))
        positions = tuple(p for p in positions if p)
        if len(positions) == 1:
            return Terms(terms=positions[0], text=" ".join(words))
        return PhraseTerms(positions, " ".join(words))


def flatten_terms(node: PlanNode):
    """Every Terms and PhraseTerms of a plan node."""
    if isinstance(node, Terms | PhraseTerms):
        yield node
    else:
        for item in node.items:
            yield from flatten_terms(item)
