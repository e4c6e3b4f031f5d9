"""Query evaluation over a Whoosh index, designed for facets and speed.

Whoosh stores the postings; instead of letting its collectors visit every match in
Python (a broad query over 100 000 documents took ~300 ms with facets), this module
reads each term's postings block by block into a bitset (cached per immutable index
segment), combines the query's terms with integer AND/OR, and counts every facet value
with one `bit_count()`. Only a bounded set of matches is then ranked (BM25 over the
RANK_LIMIT most recent matches) or sorted, and only the shown page is looked up.
"""

from __future__ import annotations

import heapq
from array import array
from bisect import bisect_left, bisect_right
from datetime import datetime
from itertools import islice
from math import log

from whoosh.codec.whoosh3 import W3Codec
from whoosh.columns import NumericColumn
from whoosh.fields import COLUMN, ID, KEYWORD, STORED, TEXT, Schema
from whoosh.query import Phrase as WhooshPhrase

from app.search.analysis import LANGUAGES, TOKEN, analyze, analyzer, fold, index_term
from app.search.backends import bitsets
from app.search.backends.base import RANK_LIMIT, bucket_bounds
from app.search.backends.whoosh_adapter import (
    LENGTHS,
    PostingsCache,
    decode,
    length_bytes,
    numeric_column,
    per_document_reader,
    raw_matcher,
)
from app.search.cpv import cpv_tokens, hierarchy_prefix
from app.search.documents import FACETS, STORED_FACETS, IndexDocument
from app.search.query import ParsedQuery, Phrase, Word

TITLE_BOOST = 2.0
K1, B = 1.2, 0.75
PREFIX_EXPANSION = 200  # at most this many words per prefix ("avfall*")
POSTINGS_BUDGET = 6_000_000  # postings kept decoded in memory per process (~50 MB)
_EMPTY = (array("I"), array("f"), 0)
POSTINGS = PostingsCache(POSTINGS_BUDGET)


def codec() -> W3Codec:
    """Postings in big uncompressed blocks: this module decodes them block by block,
    and zlib cost more time than the disk space it saved."""
    return W3Codec(blocklimit=1024, compression=0)


class LanguageText(TEXT):
    """A TEXT field analysed like `analyzer(language)`, but word by word through a cache:
    the same terms and positions, in a third of the time (indexing is pure Python)."""

    def __init__(self, language: str):
        super().__init__(analyzer=analyzer(language))
        self.language = language

    def index(self, value, **kwargs):
        positions: dict[str, list[int]] = {}
        position = 0
        for word in TOKEN.findall(value.lower()):
            term = index_term(self.language, word)
            if term:
                positions.setdefault(term, []).append(position)
                position += 1
        encode, boost = self.format.encode, self.format.field_boost
        for term, found in positions.items():
            yield term.encode("utf-8"), len(found), len(found) * boost, encode(found)


_TEXT_FIELDS = {language: (f"title_{language}", f"body_{language}") for language in LANGUAGES}


def text_fields(language: str) -> tuple[str, str]:
    return _TEXT_FIELDS[language]


def build_schema() -> Schema:
    """One schema for every type's index: per-language text, facets, two date columns."""
    fields = {
        "key": ID(stored=True, unique=True), "hash": STORED(),
        "published": COLUMN(NumericColumn("Q", default=0)),
        "deadline": COLUMN(NumericColumn("Q", default=0)),
    }
    for language in LANGUAGES:
        for name in text_fields(language):
            fields[name] = LanguageText(language)
    for name in STORED_FACETS:
        fields[name] = KEYWORD()
    return Schema(**fields)


def _epoch(value: datetime | None) -> int:
    return int(value.timestamp()) if value else 0


def whoosh_fields(document: IndexDocument) -> dict:
    """The fields a document is indexed with (nothing is stored but its key and hash)."""
    fields = {"key": document.key, "hash": document.content_hash(),
              "published": _epoch(document.published_at),
              "deadline": _epoch(document.deadline_at)}
    for language in LANGUAGES:
        title_field, body_field = text_fields(language)
        own = language == document.language
        body = "\n".join(t for t in (document.body if own else "",
                                     document.extra.get(language, "")) if t)
        if own and document.title:
            fields[title_field] = document.title
        if body:
            fields[body_field] = body
    for name, values in document.facets.items():
        tokens = cpv_tokens(values) if name == "cpv" else values
        if tokens:
            fields[name] = " ".join(tokens)
    return fields


# -- postings, decoded once per segment ----------------------------------------------

def leaf_postings(reader, segment_id: str, size: int, field: str, text: str):
    """(ids, weights, bitset) of a term in one segment, kept in the shared cache."""
    def compute():
        matcher = raw_matcher(reader, field, text)
        if matcher is None:
            return _EMPTY
        ids, weights = decode(matcher)
        return ids, weights, bitsets.from_ids(ids, size)
    return POSTINGS.get((segment_id, field, text), compute)


class SegmentCache:
    """What never changes in a segment: facet sets and documents ordered by date."""

    def __init__(self):
        self.facets: dict[str, dict[str, int]] = {}
        self.lengths: dict[str, bytes] = {}
        self.published: array | None = None
        self.newest: list[int] | None = None
        self.deadline_values: array | None = None
        self.deadlines: list[tuple[int, int]] | None = None


class Leaf:
    """One segment of an open searcher, with its offset among all documents."""

    def __init__(self, reader, offset: int, cache: SegmentCache):
        self.reader, self.offset, self.cache = reader, offset, cache
        self.segment_id = reader.segment().segment_id()
        self.size = reader.doc_count_all()
        self.mask = bitsets.full(self.size)
        live = self.mask
        if reader.has_deletions():
            live &= ~bitsets.from_ids(reader.deleted_docs_set, self.size)
        self.live = live

    def postings(self, field: str, text: str):
        return leaf_postings(self.reader, self.segment_id, self.size, field, text)

    def local(self, bits: int) -> int:
        return (bits >> self.offset) & self.mask

    def facet(self, field: str) -> dict[str, int]:
        if field not in self.cache.facets:
            values = {}
            for raw in self.reader.lexicon(field):
                text = raw.decode()
                matcher = raw_matcher(self.reader, field, text)
                if matcher is not None:
                    values[text] = bitsets.from_ids(decode(matcher)[0], self.size)
            self.cache.facets[field] = values
        return self.cache.facets[field]

    def published(self) -> array:
        if self.cache.published is None:
            self.cache.published = numeric_column(self.reader, "published", "Q")
        return self.cache.published

    def lengths(self, field: str) -> bytes:
        """The field's length byte of every document (see LENGTHS)."""
        if field not in self.cache.lengths:
            self.cache.lengths[field] = length_bytes(per_document_reader(self.reader), field)
        return self.cache.lengths[field]

    def newest(self) -> array:
        if self.cache.newest is None:
            published = self.published()
            self.cache.newest = array("I", sorted(range(self.size), key=published.__getitem__,
                                                  reverse=True))
        return self.cache.newest

    def deadline_values(self) -> array:
        if self.cache.deadline_values is None:
            self.cache.deadline_values = numeric_column(self.reader, "deadline", "Q")
        return self.cache.deadline_values

    def deadlines(self) -> list[tuple[int, int]]:
        if self.cache.deadlines is None:
            self.cache.deadlines = sorted(
                (d, n) for n, d in enumerate(self.deadline_values()) if d)
        return self.cache.deadlines


class IndexView:
    """One document type's index as a searcher sees it, with per-searcher caches."""

    def __init__(self, name: str, searcher, segment_caches: dict[str, SegmentCache]):
        self.name, self.searcher = name, searcher
        self.leaves = [
            Leaf(reader, offset, segment_caches.setdefault(reader.segment().segment_id(),
                                                           SegmentCache()))
            for reader, offset in searcher.reader().leaf_readers()
            if reader.segment() is not None  # an empty index has a reader without segment
        ]
        self.live = 0
        for leaf in self.leaves:
            self.live |= leaf.live << leaf.offset
        self.count = self.live.bit_count()
        self._bits: dict[tuple, int] = {}

    def segment_ids(self) -> set[str]:
        return {leaf.segment_id for leaf in self.leaves}

    # -- sets of documents ----------------------------------------------------------

    def _cached(self, key: tuple, compute) -> int:
        if key not in self._bits:
            if len(self._bits) > 2000:
                self._bits.clear()
            self._bits[key] = compute() & self.live
        return self._bits[key]

    def term(self, field: str, text: str) -> int:
        """Documents holding an index term in a field."""
        def compute():
            bits = 0
            for leaf in self.leaves:
                bits |= leaf.postings(field, text)[2] << leaf.offset
            return bits
        return self._cached(("term", field, text), compute)

    def word(self, text: str) -> int:
        """Documents with every index term of the word, in some language."""
        found = 0
        for language in LANGUAGES:
            tokens = analyze(language, text)
            if not tokens:
                continue
            title, body = text_fields(language)
            part = self.live
            for token in tokens:
                part &= self.term(title, token) | self.term(body, token)
            found |= part
        return found

    def prefix(self, text: str) -> int:
        """Documents with a word beginning with the text, as typed (folded) or stemmed."""
        *whole, last = fold(text).split() or [""]
        found = self.live
        for word in whole:
            found &= self.word(word)
        return found & self._cached(("prefix", last), lambda: self._prefix_bits(last))

    def _prefix_bits(self, prefix: str) -> int:
        bits = 0
        for language in LANGUAGES:
            # "matsvinn*" must also find "matsvinnet", indexed under its stem "matsvin".
            beginnings = {prefix, *analyze(language, prefix)}
            for field in text_fields(language):
                for leaf in self.leaves:
                    for beginning in beginnings:
                        terms = leaf.reader.expand_prefix(field, beginning)
                        for raw in islice(terms, PREFIX_EXPANSION):
                            bits |= leaf.postings(field, raw.decode())[2] << leaf.offset
        return bits

    def phrase(self, words: tuple[str, ...]) -> int:
        """Documents with the words next to each other (after stop words are removed)."""
        found = 0
        for language in LANGUAGES:
            tokens = analyze(language, " ".join(words))
            if len(tokens) == 1:
                found |= self.word(tokens[0])
                continue
            for field in text_fields(language) if tokens else ():
                found |= self._cached(("phrase", field, tuple(tokens)),
                                      lambda f=field, t=tuple(tokens): self._phrase_bits(f, t))
        return found

    def _phrase_bits(self, field: str, tokens: tuple[str, ...]) -> int:
        candidates = self.live
        for token in tokens:
            candidates &= self.term(field, token)
        if not candidates:
            return 0
        docnums = self.searcher.docs_for_query(WhooshPhrase(field, list(tokens)))
        return bitsets.from_ids(docnums, self.searcher.doc_count_all())

    def term_set(self, term: Word | Phrase) -> int:
        """Documents matching one term of a parsed query."""
        if isinstance(term, Phrase):
            return self.phrase(term.words)
        return self.prefix(term.text) if term.prefix else self.word(term.text)

    def matches(self, query: ParsedQuery) -> int:
        """The documents matching the query (all of them for an empty query)."""
        found = self.live
        for group in query.groups:
            alternatives = 0
            for term in group:
                alternatives |= self.term_set(term)
            found &= alternatives
        for term in query.excluded:
            found &= ~self.term_set(term)
        return found

    def facet(self, field: str) -> dict[str, int]:
        """Every value of a facet with the documents having it."""
        def values():
            merged: dict[str, int] = {}
            for leaf in self.leaves:
                for value, bits in leaf.facet(field).items():
                    merged[value] = merged.get(value, 0) | (bits << leaf.offset)
            return merged
        key = ("facet", field)
        if key not in self._bits:
            self._bits[key] = values()
        return self._bits[key]

    def deadline_range(self, bucket: str, now: datetime) -> int:
        """Documents whose deadline falls in a range (week, month, later, passed)."""
        low, high = bucket_bounds(now)[bucket]
        low_s, high_s = _epoch(low) or 1, _epoch(high) or 2 ** 63

        def compute():
            bits = 0
            for leaf in self.leaves:
                deadlines = leaf.deadlines()
                start = bisect_left(deadlines, (low_s, -1))
                end = bisect_left(deadlines, (high_s, -1))
                ids = (docnum for _, docnum in deadlines[start:end])
                bits |= bitsets.from_ids(ids, leaf.size) << leaf.offset
            return bits
        return self._cached(("deadline", bucket, low_s // 60), compute)

    def filter_set(self, field: str, values: tuple[str, ...], now: datetime) -> int:
        """Documents with any of the values of a filter (OR within a filter)."""
        found = 0
        for value in values:
            if field == "type":
                found |= self.live if value == self.name else 0
            elif field == "deadline":
                found |= self.deadline_range(value, now)
            elif field == "cpv":
                prefix = hierarchy_prefix(value)
                found |= self.term("cpv", prefix) if prefix else 0
            else:
                found |= self.term(field, value)
        return found

    def keys_set(self, keys: frozenset[str]) -> int:
        """The documents with these keys (alerts compare only new documents)."""
        found = 0
        for key in keys:
            found |= self.term("key", key)
        return found

    # -- facets ---------------------------------------------------------------------

    def facet_counts(self, base: int, selected: dict[str, int], now: datetime) -> dict:
        """Counts of every facet value among the matches, each facet counted under every
        filter but its own (so choosing a second value of a facet stays possible)."""
        counts: dict[str, dict[str, int]] = {}
        for field in FACETS:
            others = base
            for name, bits in selected.items():
                if name != field:
                    others &= bits
            if field == "type":
                values = {self.name: others}
            elif field == "deadline":
                values = {b: self.deadline_range(b, now) for b in bucket_bounds(now)}
            else:
                values = self.facet(field)
            counts[field] = {v: n for v, bits in values.items()
                             if (n := (others & bits).bit_count())}
        return counts

    # -- ordering -------------------------------------------------------------------

    def _leaf_members(self, bits: int):
        for leaf in self.leaves:
            for local in bitsets.members(leaf.local(bits)):
                yield leaf, local

    def _enumerate_cheaper(self, count: int, limit: int) -> bool:
        # Sorting the set costs ~count steps; walking the documents in date order until
        # `limit` are found costs ~limit * size / count steps.
        return count * count <= limit * max(self.count, 1)

    def newest(self, bits: int, limit: int) -> list[tuple[tuple, int]]:
        """(sort key, docnum) of the most recently published documents in the set."""
        count = bits.bit_count()
        if self._enumerate_cheaper(count, limit):
            pairs = (((-leaf.published()[local],), leaf.offset + local)
                     for leaf, local in self._leaf_members(bits))
            return heapq.nsmallest(limit, pairs)
        inside = bitsets.Membership(bits)
        if len(self.leaves) == 1:
            leaf = self.leaves[0]
            chosen = islice((d for d in leaf.newest() if d in inside), limit)
            return [((-leaf.published()[d],), d) for d in chosen]
        merged = heapq.merge(*(_by_date(leaf) for leaf in self.leaves))
        return list(islice((pair for pair in merged if pair[1] in inside), limit))

    def soonest(self, bits: int, limit: int, now: datetime) -> list[tuple[tuple, int]]:
        """Upcoming deadlines first (soonest first), then everything else by date."""
        upcoming = bits & (self.deadline_range("week", now) | self.deadline_range("month", now)
                           | self.deadline_range("later", now))
        if self._enumerate_cheaper(upcoming.bit_count(), limit):
            pairs = (((0, leaf.deadline_values()[local]), leaf.offset + local)
                     for leaf, local in self._leaf_members(upcoming))
            first = heapq.nsmallest(limit, pairs)
        else:
            inside = bitsets.Membership(upcoming)
            merged = heapq.merge(*(_by_deadline(leaf, _epoch(now)) for leaf in self.leaves))
            first = list(islice((pair for pair in merged if pair[1] in inside), limit))
        if len(first) >= limit:
            return first
        rest = self.newest(bits & ~upcoming, limit - len(first))
        return first + [((1, *key), docnum) for key, docnum in rest]

    def relevance(self, bits: int, query: ParsedQuery, limit: int) -> list[tuple[tuple, int]]:
        """BM25 over title and body of at most RANK_LIMIT matches (the newest)."""
        if bits.bit_count() > RANK_LIMIT:
            newest = self.newest(bits, RANK_LIMIT)
            bits = bitsets.from_ids((docnum for _, docnum in newest), self._size())
        scores = self.scores(bits, query)
        ranked = []
        for leaf in self.leaves:
            published = leaf.published()
            for local in bitsets.members(leaf.local(bits)):
                docnum = leaf.offset + local
                ranked.append(((-scores.get(docnum, 0.0), -published[local]), docnum))
        return heapq.nsmallest(limit, ranked)

    def _size(self) -> int:
        last = self.leaves[-1] if self.leaves else None
        return last.offset + last.size if last else 0

    def scored_terms(self, query: ParsedQuery) -> list[tuple[str, str, float]]:
        """(field, index term, boost) of every positive word, in every language."""
        terms = []
        for term in query.positive_terms():
            if isinstance(term, Word) and term.prefix:
                continue
            text = term.text
            for language in LANGUAGES:
                title, body = text_fields(language)
                for token in analyze(language, text):
                    terms += [(title, token, TITLE_BOOST), (body, token, 1.0)]
        return terms

    def scores(self, candidates: int, query: ParsedQuery) -> dict[int, float]:
        """BM25 scores of the candidate set (only documents holding a term are visited)."""
        scores: dict[int, float] = {}
        for field, token, boost in self.scored_terms(query):
            frequency = self.term(field, token).bit_count()
            if not frequency:
                continue
            idf = log(1 + (self.count - frequency + 0.5) / (frequency + 0.5))
            average = self.searcher.reader().field_length(field) / max(self.count, 1) or 1.0
            for leaf in self.leaves:
                ids, weights, term_bits = leaf.postings(field, token)
                lengths, position = leaf.lengths(field), 0
                for local in bitsets.members(leaf.local(candidates) & term_bits):
                    position = bisect_left(ids, local, position)
                    tf = weights[position]
                    length = LENGTHS[lengths[local]] if local < len(lengths) else 1
                    norm = tf * (K1 + 1) / (tf + K1 * (1 - B + B * length / average))
                    docnum = leaf.offset + local
                    scores[docnum] = scores.get(docnum, 0.0) + boost * idf * norm
        return scores

    def key_of(self, docnum: int) -> str:
        """The key ("challenge:12") of a document number."""
        return self.searcher.stored_fields(docnum)["key"]

    def stored_hashes(self) -> dict[str, str]:
        """Key -> content hash of every live document (for `search check`)."""
        reader = self.searcher.reader()
        return {fields["key"]: fields.get("hash", "") for _, fields in reader.iter_docs()}


def _by_date(leaf: Leaf):
    """(sort key, docnum) of a segment's documents, newest first."""
    published = leaf.published()
    return (((-published[d],), leaf.offset + d) for d in leaf.newest())


def _by_deadline(leaf: Leaf, after: int):
    """(sort key, docnum) of a segment's documents with a deadline after a moment."""
    deadlines = leaf.deadlines()
    start = bisect_right(deadlines, (after, 2 ** 32))
    return (((0, deadline), leaf.offset + n) for deadline, n in deadlines[start:])
