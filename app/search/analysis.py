"""Text analysis shared by both backends, the query and the highlighter.

A word becomes index terms in its document's language:

* Swedish: the word's dictionary forms from hunspell (`lexicon.py`: "matavfallet" ->
  matavfall, "cyklar" -> cykel and cykla, "läkemedlen" -> läkemedel); a word the
  dictionary does not know goes through the Snowball stemmer instead. A compound's parts
  ("mat", "avfall"), as dictionary forms and stemmed, become *part* terms, indexed apart
  so that whole-word matches rank above part matches.
* English: British spellings become American ones first (centre -> center, from the
  breame word list), then the Snowball (Porter 2) stemmer.
* German: the Snowball stemmer.

Stop words are dropped, and accents are folded after stemming, so "miljö" and "miljo"
become the same term. A query word is analysed in every language (its terms are
alternatives): the documents' languages are not known in advance.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from breame.spelling import get_american_spelling
from whoosh.lang import stemmer_for_language, stopwords_for_language
from whoosh.support.charset import accent_map

from app.search.lexicon import dictionary_digest, swedish_forms

LANGUAGES = ("sv", "en", "de")
DEFAULT_LANGUAGE = "sv"
# Changing how text becomes terms changes this: indexes made otherwise are rebuilt.
ANALYSIS_VERSION = "2"
_WORD = re.compile(r"\w+", re.UNICODE)
TOKEN = re.compile(r"\w+(?:\.?\w+)*", re.UNICODE)
MIN_LENGTH = 2  # shorter tokens are not indexed (as Whoosh's stop filter did)


@dataclass(frozen=True)
class WordTerms:
    terms: tuple[str, ...] = ()  # whole-word terms (alternatives)
    parts: tuple[tuple[str, ...], ...] = ()  # a compound's parts, each with alternatives

    def part_terms(self) -> tuple[str, ...]:
        """Every term of every part that is not also a whole-word term (what the index
        holds as parts), made once (a word's WordTerms is shared by all its occurrences,
        see word_terms)."""
        found = self.__dict__.get("_part_terms")
        if found is None:
            found = self.__dict__["_part_terms"] = tuple(dict.fromkeys(
                term for part in self.parts for term in part if term not in self.terms))
        return found

    def __bool__(self) -> bool:
        return bool(self.terms)


def analysis_version() -> str:
    """What an index's terms depend on: this module and the Swedish dictionary."""
    return f"{ANALYSIS_VERSION}-{dictionary_digest()}"


def normalise_language(code: str | None) -> str:
    """One of the indexed languages ("sv-SE" -> "sv"; unknown -> Swedish)."""
    code = (code or "").lower()[:2]
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


def fold(text: str) -> str:
    """Lower case without accents, as the index stores words ("Göteborg" -> "goteborg").
    The same as `text.lower().translate(accent_map)`, but each distinct accented letter
    is replaced in one pass in C: translate looks up every letter of a non-ASCII text
    in Python's dict, and highlighting folds every shown result's whole body."""
    lowered = text.lower()
    if lowered.isascii():  # accent_map maps no lower-case ASCII letter to another
        return lowered
    for char in set(lowered):
        if not char.isascii():
            lowered = lowered.replace(char, accent_map.get(ord(char), char))
    return lowered


@cache
def _stemmer(language: str):
    return stemmer_for_language(language)


@cache
def stopwords(language: str) -> frozenset[str]:
    """The words a language never indexes ("och", "the", "und")."""
    return frozenset(stopwords_for_language(language))


def _stem(language: str, word: str) -> str:
    return fold(_stemmer(language)(word))


@lru_cache(maxsize=500_000)
def word_terms(language: str, word: str) -> WordTerms:
    """The terms one lower-case word becomes in a language (empty for a stop word)."""
    if len(word) < MIN_LENGTH or word in stopwords(language):
        return WordTerms()
    if language == "en":
        american = get_american_spelling(word)
        return WordTerms(tuple(dict.fromkeys((_stem("en", american), _stem("en", word)))))
    if language != "sv":
        return WordTerms((_stem(language, word),))
    forms = swedish_forms(word)
    # Indexed: the dictionary forms and Snowball's stem of the word as written (so an
    # unaccented or unknown form of it still finds it); see query_word for the query.
    terms = tuple(dict.fromkeys((*(fold(lemma) for lemma in forms.lemmas), _stem("sv", word))))
    parts = tuple(tuple(dict.fromkeys((fold(part), _stem("sv", part))))
                  for part in forms.parts if len(part) >= MIN_LENGTH
                  and part not in stopwords("sv"))
    return WordTerms(terms, parts)


def text_terms(language: str, text: str):
    """(position, WordTerms) of every indexed word of a text, positions counting only
    indexed words (so a phrase skips stop words, as its query does)."""
    position = 0
    for word in TOKEN.findall((text or "").lower()):
        found = word_terms(language, word)
        if found.terms:
            yield position, found
            position += 1


def is_stopword(word: str) -> bool:
    """True if any language drops the word ("och", "the", "und"): it cannot be required."""
    lowered = word.lower()
    return any(lowered in stopwords(language) for language in LANGUAGES) or \
        len(lowered) < MIN_LENGTH


def query_word(word: str) -> WordTerms:
    """A query word's terms in every language, and its Swedish compound parts. A word the
    dictionary knows is searched by its dictionary forms only ("villor" -> villa, not
    Snowball's "vill", which would find "kommunen vill")."""
    lowered = word.lower()
    terms: dict[str, None] = {}
    parts: tuple[tuple[str, ...], ...] = ()
    for language in LANGUAGES:
        found = word_terms(language, lowered)
        lemmas = swedish_forms(lowered).lemmas if language == "sv" and found else ()
        terms.update(dict.fromkeys(tuple(fold(lemma) for lemma in lemmas) or found.terms))
        parts = parts or found.parts
    return WordTerms(tuple(terms), parts)


@lru_cache(maxsize=100_000)
def cheap_terms(word: str) -> frozenset[str]:
    """The word's stem in every language, without the dictionary (for highlighting)."""
    lowered = word.lower()
    return frozenset(_stem(language, lowered) for language in LANGUAGES)


def words_of(text: str) -> set[str]:
    """The distinct lower-case words of a text, for the "did you mean" vocabulary."""
    return {word for word in set(_WORD.findall((text or "").lower()))
            if 3 <= len(word) <= 40 and not word.isdigit()}
