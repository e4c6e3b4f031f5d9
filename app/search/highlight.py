"""Highlighted snippets: the words of a result that made it match, marked with <mark>.

Only the shown page is highlighted, and without the dictionary (a lookup costs
milliseconds): a word is marked when its stem is one of the query's terms, when it
begins with a prefix the query asked for ("avfall*"), or when it contains one of the
query's words or compound parts of four letters or more ("parkering" in
"cykelparkering", "avfall" in "matavfallet"). The snippet is a window that starts a
little before the first marked word of the text, so the reason for the hit is shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from markupsafe import Markup, escape

from app.search.analysis import TOKEN, cheap_terms, fold
from app.search.plan import PhraseTerms, Plan, Terms, flatten_terms

SNIPPET_CHARS = 240
LEAD_CHARS = 60  # context shown before the first match
MIN_NEEDLE = 4


@dataclass(frozen=True)
class Highlighting:
    terms: frozenset[str]  # stems and index terms of the query's words
    needles: tuple[str, ...]  # folded words and parts a longer word may contain
    prefixes: tuple[str, ...]  # folded beginnings of words ("avfall*")

    @cached_property
    def beginnings(self) -> frozenset[str]:
        """The first two letters of every term: a word starting otherwise is not stemmed."""
        return frozenset(term[:2] for term in self.terms)

    @cached_property
    def search_strings(self) -> tuple[str, ...]:
        """What a text that holds a match must contain (at least three letters each)."""
        return tuple({s[:max(3, len(s) - 2)] for s in (*self.terms, *self.needles,
                                                        *self.prefixes) if len(s) >= 3})

    def matches(self, word: str) -> bool:
        """True if the word is one to mark (remembered per word: the shown page's titles,
        snippets and CPV names repeat many words)."""
        known = self.__dict__.setdefault("_known", {})
        found = known.get(word)
        if found is None:
            found = known[word] = self._matches(word)
        return found

    def _matches(self, word: str) -> bool:
        folded = fold(word)
        if folded in self.terms or (self.prefixes and folded.startswith(self.prefixes)):
            return True
        if folded[:2] in self.beginnings and not self.terms.isdisjoint(cheap_terms(word)):
            return True
        return any(needle in folded for needle in self.needles)


def highlighting_for(plan: Plan) -> Highlighting:
    """What to mark for a plan's positive words."""
    terms: set[str] = set()
    needles: set[str] = set()
    prefixes: set[str] = set()
    for node in flatten_terms(plan.root) if plan.root else ():
        if isinstance(node, PhraseTerms):
            for alternatives in node.positions:
                terms.update(alternatives)
            needles.update(fold(word) for word in node.text.split())
            continue
        assert isinstance(node, Terms)
        parts = [term for part in node.parts for term in part]
        terms.update((*node.terms, *node.fuzzy, *parts))
        prefixes.update(node.prefixes)
        if not node.prefixes:
            needles.update((fold(node.text), *parts, *node.terms))
    return Highlighting(frozenset(terms),
                        tuple(sorted(n for n in needles if len(n) >= MIN_NEEDLE)),
                        tuple(sorted(p for p in prefixes if p)))


def _marked(text: str, highlighting: Highlighting) -> str:
    pieces, position = [], 0
    for match in TOKEN.finditer(text):
        if highlighting.matches(match.group()):
            pieces.append(str(escape(text[position:match.start()])))
            pieces.append(f"<mark>{escape(match.group())}</mark>")
            position = match.end()
    pieces.append(str(escape(text[position:])))
    return "".join(pieces)


def highlight_title(title: str, highlighting: Highlighting) -> Markup:
    """The whole title with its matching words marked."""
    return Markup(_marked(title, highlighting))  # noqa: S704 - escaped above


def first_match(text: str, highlighting: Highlighting) -> int | None:
    """Where the first marked word of a text begins, if any: the earliest place where the
    folded text contains a term, part or prefix (found in C), confirmed word by word
    from the word it falls in."""
    folded = fold(text)
    if len(folded) != len(text):
        folded = text.lower()
    places = [at for needle in highlighting.search_strings
              if (at := folded.find(needle)) >= 0]
    if not places:
        return None
    start = text.rfind(" ", 0, min(places)) + 1
    for match in TOKEN.finditer(text, start):
        if highlighting.matches(match.group()):
            return match.start()
    return None


def _window_start(text: str, highlighting: Highlighting) -> int:
    found = first_match(text, highlighting)
    if not found:
        return 0
    start = max(0, found - LEAD_CHARS)
    space = text.rfind(" ", 0, start + 1)
    return 0 if start == 0 or space < 0 else space + 1


def snippet(text: str, highlighting: Highlighting, length: int = SNIPPET_CHARS) -> Markup:
    """About `length` characters from a little before the first match, matches marked."""
    text = " ".join((text or "").split())
    start = _window_start(text, highlighting)
    end = min(len(text), start + length)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    body = _marked(text[start:end], highlighting)
    before = "… " if start > 0 else ""
    after = " …" if end < len(text) else ""
    return Markup(before + body + after)  # noqa: S704 - escaped in _marked
