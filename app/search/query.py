"""The query language users type, parsed once and translated by each backend.

    avfall sensor          both words (AND)
    "smart belysning"      the phrase
    avfall OR återvinning  either word
    -deponi                without the word (also -"a phrase")
    avfall*                words beginning with "avfall"

Anything malformed (an unclosed quote, a dangling OR, a lone "-" or "*") is not an
error: the query falls back to a plain search for its words. Words every document
language drops as stop words ("och", "the") are ignored rather than required.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from app.search.analysis import is_stopword

MAX_QUERY_LENGTH = 300
MAX_TERMS = 16
_TOKEN = re.compile(r'(-?)"([^"]*)"|(\S+)')
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


Term = Word | Phrase


@dataclass(frozen=True)
class ParsedQuery:
    """Groups are ANDed; the terms inside a group are alternatives (OR)."""

    groups: tuple[tuple[Term, ...], ...] = ()
    excluded: tuple[Term, ...] = ()
    raw: str = ""
    fell_back: bool = False
    ignored: tuple[str, ...] = field(default=())

    @property
    def is_empty(self) -> bool:
        return not self.groups and not self.excluded

    @property
    def has_positive_terms(self) -> bool:
        return bool(self.groups)

    def positive_terms(self) -> list[Term]:
        return [term for group in self.groups for term in group]

    def positive_words(self) -> list[str]:
        """Every word the user asked for (phrase words included), for suggestions."""
        words: list[str] = []
        for term in self.positive_terms():
            words.extend(term.words if isinstance(term, Phrase) else [term.text])
        return words


def parse_query(raw: str | None) -> ParsedQuery:
    """Parse what the user typed; malformed syntax becomes a plain word search."""
    raw = (raw or "").strip()[:MAX_QUERY_LENGTH]
    try:
        return _parse(raw)
    except Malformed:
        return plain_query(raw)


def plain_query(raw: str) -> ParsedQuery:
    """Every word of the text, all required, with the syntax characters ignored."""
    words = [w.strip("-.*") for w in _WORD_CHARS.findall(raw.replace("*", " "))]
    terms, ignored = _without_stopwords([Word(w) for w in words if w and w != "OR"])
    groups = tuple((term,) for term in terms[:MAX_TERMS])
    return ParsedQuery(groups=groups, raw=raw, fell_back=True, ignored=tuple(ignored))


def _parse(raw: str) -> ParsedQuery:
    if raw.count('"') % 2:
        raise Malformed("unclosed quote")
    items = [_item(match) for match in _TOKEN.finditer(raw)]
    positive, excluded = _split_excluded(items)
    groups = _or_groups(positive)
    kept_groups, ignored = [], []
    for group in groups:
        terms, dropped = _without_stopwords(list(group))
        ignored.extend(dropped)
        if terms:
            kept_groups.append(tuple(terms))
    kept_excluded, dropped = _without_stopwords(excluded)
    if len(kept_groups) + len(kept_excluded) > MAX_TERMS:
        raise Malformed("too many terms")
    return ParsedQuery(groups=tuple(kept_groups), excluded=tuple(kept_excluded), raw=raw,
                       ignored=tuple(ignored + list(dropped)))


def _item(match: re.Match) -> tuple[str, Term | str]:
    """("+"/"-", term) for a term, ("op", "OR") for the operator."""
    negated, phrase, bare = match.groups()
    if phrase is not None:
        words = tuple(_WORD_CHARS.findall(phrase))
        if not words:
            raise Malformed("empty phrase")
        return ("-" if negated else "+", Phrase(words) if len(words) > 1 else Word(words[0]))
    if bare == "OR":
        return ("op", "OR")
    sign = "+"
    if bare.startswith("-"):
        sign, bare = "-", bare[1:]
    return (sign, _word(bare))


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


def _split_excluded(items):
    positive, excluded = [], []
    for sign, value in items:
        if sign == "-":
            if positive and positive[-1] == ("op", "OR"):
                raise Malformed("OR before an exclusion")
            excluded.append(value)
        else:
            positive.append((sign, value))
    return positive, excluded


def _or_groups(items) -> list[list[Term]]:
    groups: list[list[Term]] = []
    joining = False
    for sign, value in items:
        if sign == "op":
            if not groups or joining:
                raise Malformed("dangling OR")
            joining = True
        elif joining:
            groups[-1].append(value)
            joining = False
        else:
            groups.append([value])
    if joining:
        raise Malformed("dangling OR")
    return groups


def _without_stopwords(terms: list[Term]) -> tuple[list[Term], list[str]]:
    kept, dropped = [], []
    for term in terms:
        if isinstance(term, Word) and not term.prefix and all(
            is_stopword(part) for part in term.text.split()
        ):
            dropped.append(term.text)
        else:
            kept.append(term)
    return kept, dropped
