"""The query language users type, parsed once into a tree that each backend translates.

    avfall sensor              words: the best matches first; with three or more words
                               not every word is required (see `minimum_should_match`)
    avfall AND sensor          both required (also OCH)
    "smart belysning"          the phrase
    avfall OR återvinning      either (also ELLER, or, eller)
    -deponi, NOT deponi        without (also INTE; -"a phrase", NOT (a OR b))
    (avfall OR sopor) kärl     parentheses group; every word inside is required
    avfall*                    words beginning with "avfall"

Anything malformed (an unclosed quote or parenthesis, a dangling operator, a lone "*")
is not an error: the query falls back to a plain search for its words. Words every
document language drops as stop words ("och", "the") are left out, and a query that
had nothing else says so (`only_stopwords`) instead of listing everything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from math import ceil

from app.search.analysis import is_stopword

MAX_QUERY_LENGTH = 300
MAX_TERMS = 16
OR_WORDS = frozenset({"OR", "ELLER", "or", "eller", "Or", "Eller"})
NOT_WORDS = frozenset({"NOT", "INTE"})
AND_WORDS = frozenset({"AND", "OCH"})
_TOKEN = re.compile(r'(-?)"([^"]*)"|(-?\()|(\))|([^\s()"]+)')
_WORD_CHARS = re.compile(r"[\w\-.]+", re.UNICODE)


class Malformed(ValueError):
    """The query uses the syntax wrongly; fall back to its plain words."""


@dataclass(frozen=True)
class Word:
    text: str
    prefix: bool = False


@dataclass(frozen=True)
class Phrase:
    words: tuple[str, ...]

    @property
    def text(self) -> str:
        return " ".join(self.words)


@dataclass(frozen=True)
class AnyOf:
    """Any one of the items (OR)."""

    items: tuple


@dataclass(frozen=True)
class AllOf:
    """At least `minimum` of the items (all of them unless the query is long)."""

    items: tuple
    minimum: int


Term = Word | Phrase
Node = Word | Phrase | AnyOf | AllOf


def minimum_should_match(count: int) -> int:
    """How many of a query's words must match: all of one or two, then half, at least
    two ("system för planering av hemtjänst": two of system, planering, hemtjänst); the
    more of them a result has, the higher it ranks."""
    return count if count <= 2 else max(2, ceil(count / 2))


@dataclass(frozen=True)
class ParsedQuery:
    """`root` must match (None: no words, everything matches) and no `excluded` may."""

    root: AllOf | None = None
    excluded: tuple[Node, ...] = ()
    raw: str = ""
    fell_back: bool = False
    ignored: tuple[str, ...] = field(default=())
    only_stopwords: bool = False  # words were typed, but none can be searched

    @property
    def is_empty(self) -> bool:
        return self.root is None and not self.excluded

    @property
    def unsearchable(self) -> bool:
        """Something was typed, but no word in it can be searched (stop words only,
        punctuation or operators only)."""
        return bool(self.raw.strip()) and self.is_empty

    @property
    def has_positive_terms(self) -> bool:
        return self.root is not None

    @property
    def clauses(self) -> tuple[Node, ...]:
        return self.root.items if self.root else ()

    def positive_terms(self) -> list[Term]:
        """Every word and phrase that can make a document match, in query order."""
        return list(_terms(self.root)) if self.root else []

    def positive_words(self) -> list[str]:
        """Every word the user asked for (phrase words included), for suggestions."""
        words: list[str] = []
        for term in self.positive_terms():
            words.extend(term.words if isinstance(term, Phrase) else [term.text])
        return words


def _terms(node: Node):
    if isinstance(node, Word | Phrase):
        yield node
    else:
        for item in node.items:
            yield from _terms(item)


def parse_query(raw: str | None) -> ParsedQuery:
    """Parse what the user typed; malformed syntax becomes a plain word search."""
    raw = (raw or "").strip()[:MAX_QUERY_LENGTH]
    try:
        return _Parser(raw).parse()
    except Malformed:
        return plain_query(raw)


def plain_query(raw: str) -> ParsedQuery:
    """Every word of the text (the best matches first), the syntax characters ignored."""
    words = [w.strip("-.*") for w in _WORD_CHARS.findall(raw.replace("*", " "))]
    words = [w for w in words if w and w not in OR_WORDS | NOT_WORDS | AND_WORDS]
    kept = [Word(w) for w in words if not is_stopword(w)][:MAX_TERMS]
    ignored = tuple(w for w in words if is_stopword(w))
    root = AllOf(tuple(kept), minimum_should_match(len(kept))) if kept else None
    return ParsedQuery(root=root, raw=raw, fell_back=True, ignored=ignored,
                       only_stopwords=bool(ignored) and not kept)


class _Parser:
    """Recursive descent over the tokens: sequence := clause*; clause := [NOT] unit
    (OR unit)*; unit := word | "phrase" | ( sequence )."""

    def __init__(self, raw: str):
        if raw.count('"') % 2:
            raise Malformed("unclosed quote")
        self.raw = raw
        self.tokens = [self._token(match) for match in _TOKEN.finditer(raw)]
        self.position = 0
        self.ignored: list[str] = []
        self.term_count = 0

    @staticmethod
    def _token(match: re.Match) -> tuple[str, object]:
        negated, phrase, opening, closing, bare = match.groups()
        if phrase is not None:
            words = tuple(w.strip("-.") for w in _WORD_CHARS.findall(phrase))
            words = tuple(w for w in words if w)
            if not words:
                raise Malformed("empty phrase")
            term = Phrase(words) if len(words) > 1 else Word(words[0])
            return ("-" if negated else "term", term)
        if opening is not None:
            return ("-(" if opening.startswith("-") else "(", None)
        if closing is not None:
            return (")", None)
        if bare in OR_WORDS:
            return ("or", bare)
        if bare in NOT_WORDS:
            return ("not", bare)
        if bare in AND_WORDS:
            return ("and", bare)
        if bare.startswith("-") and len(bare) > 1:
            return ("-", _word(bare[1:]))
        return ("term", _word(bare))

    def parse(self) -> ParsedQuery:
        positives, excluded, required = self._sequence(top=True)
        if self.position != len(self.tokens):
            raise Malformed("unbalanced parenthesis")
        if self.term_count > MAX_TERMS:
            raise Malformed("too many terms")
        root = _root(positives, required) if positives else None
        typed_words = bool(positives or excluded or self.ignored)
        if not typed_words and self.tokens:
            raise Malformed("no words")  # only operators or punctuation
        return ParsedQuery(root=root, excluded=tuple(excluded), raw=self.raw,
                           ignored=tuple(self.ignored),
                           only_stopwords=bool(self.ignored) and root is None and not excluded)

    def _peek(self) -> str | None:
        return self.tokens[self.position][0] if self.position < len(self.tokens) else None

    def _next(self):
        token = self.tokens[self.position]
        self.position += 1
        return token

    def _sequence(self, top: bool):
        positives: list[Node] = []
        excluded: list[Node] = []
        required: set[int] = set()
        while (kind := self._peek()) is not None and kind != ")":
            if kind == "and":
                self._next()
                if not positives or self._peek() in (None, ")", "or", "and"):
                    raise Malformed("dangling AND")
                required.update({len(positives) - 1, len(positives)})
                continue
            negated, node = self._clause()
            if node is None:
                continue
            (excluded if negated else positives).append(node)
        if not top:
            required = set(range(len(positives)))
        return positives, excluded, required

    def _clause(self) -> tuple[bool, Node | None]:
        kind = self._peek()
        if kind == "or":
            raise Malformed("dangling OR")
        negated = kind in ("not", "-", "-(")
        if kind == "not":
            self._next()
            if self._peek() in (None, ")", "or", "and", "not"):
                raise Malformed("dangling NOT")
        alternatives = [self._unit(negated_unit=kind in ("-", "-("))]
        while self._peek() == "or":
            self._next()
            if self._peek() in (None, ")", "or", "and", "not", "-", "-("):
                raise Malformed("dangling OR")
            alternatives.append(self._unit(negated_unit=False))
        kept = [a for a in alternatives if a is not None]
        if not kept:
            return negated, None
        return negated, kept[0] if len(kept) == 1 else AnyOf(tuple(kept))

    def _unit(self, negated_unit: bool) -> Node | None:
        kind, value = self._next()
        if kind in ("(", "-("):
            positives, excluded, _required = self._sequence(top=False)
            if self._peek() != ")" or excluded:
                raise Malformed("unclosed parenthesis or exclusion inside one")
            self._next()
            if not positives:
                return None
            return positives[0] if len(positives) == 1 else AllOf(tuple(positives),
                                                                   len(positives))
        if kind not in ("term", "-") or (kind == "-" and not negated_unit):
            raise Malformed("unexpected operator")
        return self._kept(value)

    def _kept(self, term: Term) -> Term | None:
        if isinstance(term, Word) and not term.prefix and all(
                is_stopword(part) for part in term.text.split()):
            self.ignored.append(term.text)
            return None
        self.term_count += 1
        return term


def _root(positives: list[Node], required: set[int]) -> AllOf:
    """Required clauses (AND) must match; of the others, `minimum_should_match` of them."""
    if not required or len(required) == len(positives):
        minimum = len(positives) if required else minimum_should_match(len(positives))
        return AllOf(tuple(positives), minimum)
    must = [positives[i] for i in sorted(required)]
    optional = [node for i, node in enumerate(positives) if i not in required]
    rest = optional[0] if len(optional) == 1 else AllOf(
        tuple(optional), minimum_should_match(len(optional)))
    return AllOf((*must, rest), len(must) + 1)


def _word(text: str) -> Word:
    prefix = text.endswith("*")
    core = text.rstrip("*")
    if "*" in core or not core:
        raise Malformed("misplaced *")
    words = _WORD_CHARS.findall(core)
    if not words:
        raise Malformed("no word")
    joined = " ".join(w.strip("-.") for w in words).strip()
    if not joined or (prefix and len(joined) < 2):
        raise Malformed("prefix too short")
    return Word(joined, prefix=prefix)
