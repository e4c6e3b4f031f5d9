"""Text analysis shared by the index, the query and the highlighter.

Each language has its own analyzer: lower case, stop words, the language's Snowball
stemmer, then accent folding (after stemming, so the stemmer still sees å, ä and ö):
"Upphandlingen" and "UPPHANDLINGAR" both become "upphandling", "miljö" and "miljo"
both become "miljo".
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from whoosh.analysis import CharsetFilter, LanguageAnalyzer
from whoosh.support.charset import accent_map

LANGUAGES = ("sv", "en", "de")
DEFAULT_LANGUAGE = "sv"
_WORD = re.compile(r"\w+", re.UNICODE)
TOKEN = re.compile(r"\w+(?:\.?\w+)*", re.UNICODE)  # Whoosh's default tokenizer pattern


def normalise_language(code: str | None) -> str:
    """One of the indexed languages ("sv-SE" -> "sv"; unknown -> Swedish)."""
    code = (code or "").lower()[:2]
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


@cache
def analyzer(language: str):
    """The Whoosh analyzer of a language (cached: it holds a stemming cache)."""
    return LanguageAnalyzer(language) | CharsetFilter(accent_map)


def analyze(language: str, text: str) -> list[str]:
    """The index terms a text becomes in a language (stop words removed)."""
    return [token.text for token in analyzer(language)(text, mode="query")]


@lru_cache(maxsize=300_000)
def index_term(language: str, word: str) -> str:
    """The index term one lower-case word becomes ("" for a stop word), remembered:
    indexing and highlighting analyse the same words over and over."""
    terms = [token.text for token in analyzer(language)(word, mode="index")]
    return terms[0] if terms else ""


def fold(text: str) -> str:
    """Lower case without accents, as the index stores words ("Göteborg" -> "goteborg")."""
    return text.lower().translate(accent_map)


def is_stopword(word: str) -> bool:
    """True if any language drops the word ("och", "the", "und"): it cannot be required."""
    return any(not analyze(language, word) for language in LANGUAGES)


def words_of(text: str) -> set[str]:
    """The distinct lower-case words of a text, for the "did you mean" vocabulary."""
    return {word for word in set(_WORD.findall((text or "").lower()))
            if 3 <= len(word) <= 40 and not word.isdigit()}
