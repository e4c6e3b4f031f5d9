"""Highlighted snippets: the matching words of a result marked with <mark>.

Only the shown page is highlighted, and only a short window of each text is analysed:
a cheap scan finds where the first matching word is, the language's analyzer then marks
the words in that window exactly as the index saw them (stemmed, folded).
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape
from whoosh.support.charset import accent_map

from app.search.analysis import LANGUAGES, TOKEN, analyze, fold, index_term
from app.search.query import ParsedQuery, Phrase, Word

SNIPPET_CHARS = 240
_ONE_TO_ONE = {code: target for code, target in accent_map.items()
               if isinstance(target, str) and len(target) == 1}


@dataclass(frozen=True)
class Highlighting:
    terms: dict[str, frozenset[str]]  # language -> index terms to mark
    prefixes: tuple[str, ...]  # folded beginnings of words to mark ("avfall*")

    def matches(self, language: str, token: str) -> bool:
        return token in self.terms.get(language, ()) or token.startswith(self.prefixes)

    def needles(self) -> set[str]:
        """Folded strings to look for when choosing the window of a snippet."""
        found = set(self.prefixes)
        for terms in self.terms.values():
            found.update(term[:max(3, len(term) - 1)] for term in terms)
        return {needle for needle in found if needle}


def highlighting_for(query: ParsedQuery) -> Highlighting:
    """What to mark for a query's positive terms."""
    terms: dict[str, set[str]] = {language: set() for language in LANGUAGES}
    prefixes: list[str] = []
    for term in query.positive_terms():
        text = term.text
        if isinstance(term, Word) and term.prefix:
            *whole, last = fold(text).split() or [""]
            prefixes.append(last)
            prefixes.extend(t for language in LANGUAGES for t in analyze(language, last))
            text = " ".join(whole)
        elif isinstance(term, Phrase):
            text = " ".join(term.words)
        for language in LANGUAGES:
            terms[language].update(analyze(language, text))
    return Highlighting({k: frozenset(v) for k, v in terms.items()},
                        tuple(sorted({p for p in prefixes if p})))


def _marked(text: str, language: str, highlighting: Highlighting) -> str:
    pieces, position = [], 0
    for match in TOKEN.finditer(text):
        if highlighting.matches(language, index_term(language, match.group().lower())):
            pieces.append(str(escape(text[position:match.start()])))
            pieces.append(f"<mark>{escape(match.group())}</mark>")
            position = match.end()
    pieces.append(str(escape(text[position:])))
    return "".join(pieces)


def highlight_title(title: str, language: str, highlighting: Highlighting) -> Markup:
    """The whole title with its matching words marked."""
    return Markup(_marked(title, language, highlighting))  # noqa: S704 - escaped above


def _window_start(text: str, highlighting: Highlighting) -> int:
    lowered = text.lower()
    if len(lowered) != len(text):
        return 0
    folded = lowered.translate(_ONE_TO_ONE)
    hits = [i for i in (folded.find(n) for n in highlighting.needles()) if i >= 0]
    if not hits:
        return 0
    start = max(0, min(hits) - 60)
    space = text.rfind(" ", 0, start + 1)
    return 0 if start == 0 or space < 0 else space + 1


def snippet(text: str, language: str, highlighting: Highlighting,
            length: int = SNIPPET_CHARS) -> Markup:
    """About `length` characters around the first match, matches marked."""
    text = " ".join((text or "").split())
    start = _window_start(text, highlighting)
    end = min(len(text), start + length)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    body = _marked(text[start:end], language, highlighting)
    before = "… " if start > 0 else ""
    after = " …" if end < len(text) else ""
    return Markup(before + body + after)  # noqa: S704 - escaped in _marked
