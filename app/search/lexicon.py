"""Swedish words as the hunspell dictionary knows them: dictionary forms and compound parts.

The dictionary (`data/hunspell/sv_SE.*`, see its README) is read with spylls, a pure
Python hunspell. Loading it takes about 1.5 s and 130 MB, so it happens once per
process, on first use, under a lock. Looking up a word takes 1-20 ms, so every word's
answer is remembered (`swedish_forms` is cached), and spylls' own sub-lookups are
memoised too: compounds share their parts ("avfall" in matavfall, avfallshantering).

    swedish_forms("matavfallet")   -> lemmas ("matavfall",), parts ("mat", "avfall")
    swedish_forms("cyklar")        -> lemmas ("cykla", "cykel"), parts ()
    swedish_forms("livsmedelsupphandling") -> lemmas (), parts ("livsmedel", "upphandling")

spylls internals used (checked against SPYLLS_VERSION at load, pinned by
tests/test_search_analysis.py): `Dictionary.lookuper` (a `Lookup`), whose
`affix_forms(word, captype, ...)` we memoise in a subclass, and the forms it yields:
`AffixForm.stem`, `CompoundForm.parts`.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import pickle
import struct
import tempfile
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from importlib.metadata import version
from pathlib import Path

DICTIONARY = Path(__file__).resolve().parent / "data" / "hunspell" / "sv_SE"
SPYLLS_VERSION = "0.1.7"
MAX_WORD = 40  # longer "words" are codes or noise, never looked up
_MEMO_LIMIT = 400_000
_lock = threading.Lock()
_dictionary = None


@dataclass(frozen=True)
class WordForms:
    lemmas: tuple[str, ...] = ()  # dictionary forms of the whole word
    parts: tuple[str, ...] = ()  # dictionary forms of its compound parts


def _memoising_lookup():
    from spylls.hunspell.algo.lookup import Lookup

    class MemoisingLookup(Lookup):
        """spylls' lookup with affix_forms remembered: the compound search calls it for
        every beginning and end of a word, and words share them."""

        def __init__(self, aff, dic):
            super().__init__(aff, dic)
            self._memo: dict = {}

        def affix_forms(self, word, captype, allow_nosuggest=True, prefix_flags=(),
                        suffix_flags=(), forbidden_flags=(), compoundpos=None,
                        with_forbidden=False):
            key = (word, captype, allow_nosuggest, tuple(prefix_flags), tuple(suffix_flags),
                   tuple(forbidden_flags), compoundpos, with_forbidden)
            found = self._memo.get(key)
            if found is None:
                if len(self._memo) > _MEMO_LIMIT:
                    self._memo.clear()
                found = self._memo[key] = tuple(super().affix_forms(
                    word, captype, allow_nosuggest, list(prefix_flags), list(suffix_flags),
                    list(forbidden_flags), compoundpos, with_forbidden))
            return iter(found)

    return MemoisingLookup


def dictionary():
    """The spylls dictionary, loaded on first use (once per process)."""
    global _dictionary
    if _dictionary is None:
        with _lock:
            if _dictionary is None:
                _dictionary = _load()
    return _dictionary


def _load():
    from spylls.hunspell import Dictionary

    installed = version("spylls")
    if installed != SPYLLS_VERSION:
        raise RuntimeError(f"spylls {installed} is installed; app/search/lexicon.py is "
                           f"written for {SPYLLS_VERSION}")
    loaded = Dictionary.from_files(str(DICTIONARY))
    loaded.lookuper = _memoising_lookup()(loaded.aff, loaded.dic)
    return loaded


@cache
def dictionary_digest() -> str:
    """A short digest of the dictionary files: the index is rebuilt when they change."""
    digest = hashlib.sha256()
    for suffix in (".aff", ".dic"):
        digest.update(DICTIONARY.with_suffix(suffix).read_bytes())
    return digest.hexdigest()[:12]


_forms: dict[str, WordForms] = {}
_NOTHING = WordForms()
_store = None  # (fetch(words) -> {word: WordForms}, save({word: WordForms})), see use_store


def use_store(fetch, save) -> None:
    """Keep analyses beyond the process: `fetch` known ones, `save` new ones (the search
    area stores them in the `search_lexicon` table)."""
    global _store
    _store = (fetch, save)


def preload(words) -> None:
    """Fetch the stored analyses of words not known to this process (one query), so that
    only words never seen before need the dictionary."""
    missing = sorted({w for w in words if w not in _forms and w.isalpha()})
    if missing and _store is not None:
        _forms.update(_store[0](missing))


def swedish_forms(word: str) -> WordForms:
    """The lemmas of a lower-case word and, if it is a compound, the lemmas of its parts
    (from the splits with the fewest parts: "livsmedel+upphandling", not "liv+medel+...")."""
    found = _forms.get(word)
    if found is None and not (word.isalpha() and len(word) <= MAX_WORD):
        return _NOTHING
    if found is None and _journal is not None:
        _journal.catch_up()
        found = _forms.get(word)
    if found is None:
        if len(_forms) >= _MEMO_LIMIT:
            _forms.clear()
        found = _forms[word] = _analyse(word)
    return found


class _Journal:
    """Analyses made by the process that primes them, for processes forked from it
    earlier (a rebuild's index writers): appended as length-prefixed records, read by a
    writer when it meets a word it does not know. A record still being written is left
    for the next read."""

    def __init__(self):
        handle, self.path = tempfile.mkstemp(prefix="arena-lexicon-")
        os.close(handle)
        self.owner, self.offset = os.getpid(), 0

    def append(self, found: dict) -> None:
        if found:
            payload = pickle.dumps(found, protocol=pickle.HIGHEST_PROTOCOL)
            with open(self.path, "ab") as handle:
                handle.write(struct.pack("!Q", len(payload)) + payload)

    def catch_up(self) -> None:
        if os.getpid() == self.owner:
            return
        with open(self.path, "rb") as handle:
            handle.seek(self.offset)
            while len(header := handle.read(8)) == 8:
                size = struct.unpack("!Q", header)[0]
                payload = handle.read(size)
                if len(payload) < size:
                    break
                _forms.update(pickle.loads(payload))
                self.offset = handle.tell()

    def remove(self) -> None:
        if os.getpid() == self.owner:
            os.unlink(self.path)


_pool = None
_journal: _Journal | None = None
_stored: set[str] = set()  # words known to be in the store, while looking_up_in


@contextmanager
def looking_up_in(processes: int):
    """While inside (a rebuild), `prime` shares its lookups among `processes` worker
    processes (a rebuild meets tens of thousands of new words; each takes milliseconds),
    processes forked meanwhile learn the analyses `prime` makes (`_Journal`), and words
    already fetched or stored are not fetched again."""
    global _pool, _journal
    if processes < 2 or _pool is not None:
        yield
        return
    dictionary()  # loaded before the workers fork, so they share it
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        _pool, _journal = pool, _Journal()
        try:
            yield
        finally:
            _journal.remove()
            _pool, _journal = None, None
            _stored.clear()


def prime(words) -> None:
    """Make sure every word is analysed and stored: stored analyses are fetched, the rest
    looked up (in the worker processes of `looking_up_in`, if any) and stored."""
    words = sorted(w for w in set(words) - _stored if w.isalpha() and len(w) <= MAX_WORD)
    fetched = _store[0](words) if _store is not None else {}
    _forms.update(fetched)
    missing = [w for w in words if w not in _forms]
    if _pool is not None and len(missing) >= 50:
        _forms.update(zip(missing, _pool.map(_analyse, missing, chunksize=64), strict=True))
    else:
        _forms.update((word, _analyse(word)) for word in missing)
    if _store is not None:
        _store[1]({word: _forms[word] for word in words if word not in fetched})
    if _pool is not None:
        _stored.update(words)
        if _journal is not None:
            _journal.append({word: _forms[word] for word in words})


def _analyse(word: str) -> WordForms:
    if not word.isalpha() or len(word) > MAX_WORD:
        return WordForms()
    lemmas: list[str] = []
    splits: list[list[str]] = []
    for form in _good_forms(word):
        if hasattr(form, "parts"):
            splits.append([part.stem.lower() for part in form.parts])
        elif form.stem.lower() not in lemmas:
            lemmas.append(form.stem.lower())
    fewest = min((len(split) for split in splits), default=0)
    parts = [p for split in splits if len(split) == fewest for p in split]
    return WordForms(tuple(lemmas), tuple(dict.fromkeys(p for p in parts if p not in lemmas)))


def _good_forms(word: str) -> list:
    lookup = dictionary().lookuper
    with _lock:  # the memo is a plain dict shared by the threads of a process
        return list(lookup.good_forms(word, capitalization=False))
