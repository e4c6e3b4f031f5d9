"""Query evaluation over a Whoosh index, designed for facets and speed.

Whoosh stores the postings; instead of letting its collectors visit every match in
Python (a broad query over 100 000 documents took ~300 ms with facets), this module
reads each term's postings block by block into a bitset (cached per immutable index
segment, through `whoosh_adapter`), combines the plan's terms with integer AND/OR (and
"at least m of n" by counting), and counts every facet value with one `bit_count()`.
Relevance is scored over every match at once with numpy (`whoosh_ranking.py`); only the
shown page is looked up.

Text is analysed by our own code (`app/search/analysis.py`), not by a Whoosh analyzer:
each text field receives a `DocumentText`, which analyses its document once, when the
first of its fields is indexed, into (term, positions) pairs for every field. In a
rebuild with several processes that happens in Whoosh's writer processes, so the process
that reads the database only loads documents (and looks up words new to the lexicon).
"""

from __future__ import annotations

import heapq
from array import array
from bisect import bisect_left, bisect_right
from datetime import datetime
from itertools import islice

from whoosh.codec.whoosh3 import W3Codec
from whoosh.columns import NumericColumn
from whoosh.fields import COLUMN, ID, KEYWORD, STORED, TEXT, Schema
from whoosh.system import pack_uint

from app.search.backends import bitsets
from app.search.backends.base import bucket_bounds
from app.search.backends.whoosh_adapter import (
    PostingsCache,
    decode,
    length_bytes,
    numeric_column,
    per_document_reader,
    positions_in,
    raw_matcher,
)
from app.search.backends.whoosh_ranking import Ranking
from app.search.cpv import cpv_tokens, hierarchy_prefix
from app.search.documents import FACETS, STORED_FACETS, IndexDocument
from app.search.fields import analysed_fields
from app.search.plan import (
    BODY,
    CPV,
    TEXT_FIELDS,
    TITLE,
    Any,
    PhraseTerms,
    Plan,
    PlanNode,
    Terms,
)
from app.search.ranking import epoch_seconds

BODY_PHRASES = "body_phrases"
PREFIX_EXPANSION = 200  # at most this many words per prefix ("avfall*")
POSTINGS_BUDGET = 6_000_000  # postings kept decoded in memory per process (~50 MB)
_EMPTY = (array("I"), array("f"), 0)
POSTINGS = PostingsCache(POSTINGS_BUDGET)


def codec() -> W3Codec:
    """Postings in big uncompressed blocks: this module decodes them block by block,
    and zlib cost more time than the disk space it saved."""
    return W3Codec(blocklimit=1024, compression=0)


class AnalysedText(TEXT):
    """A text field whose value is already analysed: ((term, positions), ...). Without
    `positions` only each term's count is stored, in four bytes a posting that Whoosh
    keeps in one string per block: reading the postings then unpickles no position lists
    (most of the time of reading a common word's postings). Merging segments needs a
    value for every posting, so the count is stored, not nothing."""

    def __init__(self, positions: bool):
        super().__init__(phrase=positions)
        self.positions = positions

    def index(self, value, **kwargs):
        encode = self.format.encode if self.positions else None
        for term, positions in value.pairs():
            count = len(positions)
            stored = encode(positions) if encode else pack_uint(count)
            yield term.encode("utf-8"), count, float(count), stored


def build_schema() -> Schema:
    """One schema for every type's index: analysed text, facets, two date columns."""
    fields = {
        "key": ID(stored=True, unique=True), "hash": STORED(),
        "published": COLUMN(NumericColumn("Q", default=0)),
        "deadline": COLUMN(NumericColumn("Q", default=0)),
    }
    for name in TEXT_FIELDS:
        fields[name] = AnalysedText(positions=name == TITLE)
    fields[BODY_PHRASES] = AnalysedText(positions=True)  # the body, for phrases only
    for name in STORED_FACETS:
        fields[name] = KEYWORD()
    return Schema(**fields)


class Analysis:
    """A document's analysed fields, computed on first use by whichever process indexes
    it (pickled to a writer process without them: the document alone travels)."""

    def __init__(self, document: IndexDocument):
        self.document = document
        self._fields: dict[str, tuple] | None = None

    def fields(self) -> dict[str, tuple]:
        if self._fields is None:
            self._fields = analysed_fields(self.document)
        return self._fields

    def __getstate__(self):
        return {"document": self.document, "_fields": None}


class DocumentText:
    """The value of one analysed text field: its (term, positions) pairs, on demand."""

    def __init__(self, analysis: Analysis, source: str):
        self.analysis, self.source = analysis, source

    def pairs(self) -> tuple:
        return self.analysis.fields()[self.source]


def whoosh_fields(document: IndexDocument) -> dict:
    """The fields a document is indexed with (nothing is stored but its key and hash).
    Text fields are analysed when the writer indexes them, not here."""
    fields = {"key": document.key, "hash": document.content_hash(),
              "published": epoch_seconds(document.published_at),
              "deadline": epoch_seconds(document.deadline_at)}
    analysis = Analysis(document)
    fields.update({name: DocumentText(analysis, name) for name in TEXT_FIELDS})
    fields[BODY_PHRASES] = DocumentText(analysis, BODY)
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
        self.size = self.leaves[-1].offset + self.leaves[-1].size if self.leaves else 0
        self._bits: dict[tuple, int] = {}
        self._prefix_terms: dict[str, list[tuple[str, str]]] = {}
        self._ranking: Ranking | None = None

    def ranking(self) -> Ranking:
        """The arrays that order this view's documents by relevance (built once)."""
        if self._ranking is None:
            self._ranking = Ranking(self)
        return self._ranking

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

    def anywhere(self, term: str) -> int:
        """Documents holding a term in any text field."""
        found = 0
        for field in TEXT_FIELDS:
            found |= self.term(field, term)
        return found

    def terms_set(self, node: Terms) -> int:
        """Documents matching one query word (see `app/search/plan.py`)."""
        found = 0
        for term in (*node.terms, *node.fuzzy):
            found |= self.anywhere(term)
        if node.parts:
            found |= self.all_parts(node.parts)
        for beginning in node.prefixes:
            found |= self.prefix(beginning)
        return found

    def all_parts(self, parts: tuple[tuple[str, ...], ...]) -> int:
        """Documents holding every part (any alternative of each) somewhere."""
        every = self.live
        for alternatives in parts:
            found = 0
            for term in alternatives:
                found |= self.anywhere(term)
            every &= found
        return every

    def prefix(self, beginning: str) -> int:
        """Documents with a word beginning so, in the title, body or CPV names."""
        def compute():
            bits = 0
            for field, raw in self.prefix_terms(beginning):
                bits |= self.term(field, raw)
            return bits
        return self._cached(("prefix", beginning), compute)

    def prefix_terms(self, beginning: str) -> list[tuple[str, str]]:
        """(field, term) of the index terms beginning so (at most PREFIX_EXPANSION), read
        from the term dictionaries once per searcher (matching and ranking both ask)."""
        found = self._prefix_terms.get(beginning)
        if found is None:
            if len(self._prefix_terms) > 200:
                self._prefix_terms.clear()
            found = []
            for field in (TITLE, BODY, CPV):
                for leaf in self.leaves:
                    terms = leaf.reader.expand_prefix(field, beginning)
                    found.extend((field, raw.decode())
                                 for raw in islice(terms, PREFIX_EXPANSION))
            found = self._prefix_terms[beginning] = list(dict.fromkeys(found))
        return found

    def phrase(self, node: PhraseTerms) -> int:
        """Documents with the words next to each other in the title or the body."""
        found = 0
        for field in (TITLE, BODY_PHRASES):
            found |= self._cached(("phrase", field, node.positions),
                                  lambda f=field: self._phrase_bits(f, node.positions))
        return found

    def _phrase_bits(self, field: str, positions: tuple[tuple[str, ...], ...]) -> int:
        # The candidates hold every word; the body's are read from `body`, whose terms
        # are those of `body_phrases` (one analysis) without positions: cheap, and
        # shared with the ranking. Positions are then read for the candidates only.
        candidates = self.live
        for alternatives in positions:
            any_of = 0
            for term in alternatives:
                any_of |= self.term(BODY if field == BODY_PHRASES else field, term)
            candidates &= any_of
        if not candidates:
            return 0
        bits = 0
        combinations = _combinations(positions, limit=8)
        for leaf in self.leaves:
            local = leaf.local(candidates)
            if local:
                bits |= _leaf_phrases(leaf, field, combinations, local) << leaf.offset
        return bits

    def node_set(self, node: PlanNode) -> int:
        """Documents matching a plan node."""
        if isinstance(node, Terms):
            return self.terms_set(node)
        if isinstance(node, PhraseTerms):
            return self.phrase(node)
        sets = [self.node_set(item) for item in node.items]
        if isinstance(node, Any):
            found = 0
            for bits in sets:
                found |= bits
            return found
        return self.at_least(sets, node.minimum)

    def at_least(self, sets: list[int], minimum: int) -> int:
        """Documents in at least `minimum` of the sets."""
        if minimum >= len(sets):
            found = self.live
            for bits in sets:
                found &= bits
            return found
        return bitsets.at_least(sets, minimum, self.size)

    def matches(self, plan: Plan) -> int:
        """The documents matching the plan (all of them for an empty query)."""
        found = self.node_set(plan.root) if plan.root else self.live
        for node in plan.excluded:
            found &= ~self.node_set(node)
        return found & self.live

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
        return self.deadlines_between(epoch_seconds(low) or 1, epoch_seconds(high) or 2 ** 63)

    def deadline_reached(self, now: datetime) -> int:
        """Documents whose deadline has been reached, to the second (the rule of
        `app.challenges.models.deadline_reached`)."""
        return self.deadlines_between(1, epoch_seconds(now) + 1)

    def deadlines_between(self, low_s: int, high_s: int) -> int:
        """Documents with low_s <= deadline < high_s (epoch seconds), exact to the second:
        the whole minutes inside are cached, the seconds at either end looked up anew."""
        inner_low, inner_high = -(-low_s // 60) * 60, high_s // 60 * 60
        if inner_low >= inner_high:
            return self._deadline_bits(low_s, high_s)
        inner = self._cached(("deadlines", inner_low, inner_high),
                             lambda: self._deadline_bits(inner_low, inner_high))
        return (inner | self._deadline_bits(low_s, inner_low)
                | self._deadline_bits(inner_high, high_s))

    def _deadline_bits(self, low_s: int, high_s: int) -> int:
        bits = 0
        for leaf in self.leaves:
            deadlines = leaf.deadlines()
            start = bisect_left(deadlines, (low_s, -1))
            end = bisect_left(deadlines, (high_s, -1))
            if start < end:
                ids = (docnum for _, docnum in deadlines[start:end])
                bits |= bitsets.from_ids(ids, leaf.size) << leaf.offset
        return bits & self.live

    def statuses(self, now: datetime) -> dict[str, int]:
        """Each status's documents as of now: stored open with its deadline reached is
        closed, before the close job records it (as `shown_status` shows it)."""
        values = dict(self.facet("status"))
        overdue = values.get("open", 0) & self.deadline_reached(now)
        if overdue:
            values["open"] &= ~overdue
            values["closed"] = values.get("closed", 0) | overdue
        return values

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
            elif field == "status":
                found |= self.statuses(now).get(value, 0)
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
            elif field == "status":
                values = self.statuses(now)
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
            merged = heapq.merge(*(_by_deadline(leaf, epoch_seconds(now))
                                   for leaf in self.leaves))
            first = list(islice((pair for pair in merged if pair[1] in inside), limit))
        if len(first) >= limit:
            return first
        rest = self.newest(bits & ~upcoming, limit - len(first))
        return first + [((1, *key), docnum) for key, docnum in rest]


    def key_of(self, docnum: int) -> str:
        """The key ("challenge:12") of a document number."""
        return self.searcher.stored_fields(docnum)["key"]

    def stored_hashes(self) -> dict[str, str]:
        """Key -> content hash of every live document (for `search check`)."""
        reader = self.searcher.reader()
        return {fields["key"]: fields.get("hash", "") for _, fields in reader.iter_docs()}


def _combinations(positions: tuple[tuple[str, ...], ...], limit: int) -> list[tuple[str, ...]]:
    """One term per word in every combination (a word with two dictionary forms gives
    two phrases to try), at most `limit` of them."""
    combinations: list[tuple[str, ...]] = [()]
    for alternatives in positions:
        combinations = [(*done, term) for done in combinations for term in alternatives]
        combinations = combinations[:limit]
    return combinations


def _leaf_phrases(leaf: Leaf, field: str, combinations: list[tuple[str, ...]],
                  candidates: int) -> int:
    """The candidates of one segment holding the words of one of the combinations at
    consecutive positions (as Whoosh's Phrase query with slop 1 finds them)."""
    decode = leaf.reader.schema[field].format.decode_positions
    found: dict[str, dict[int, list[int]]] = {}
    for term in dict.fromkeys(t for combination in combinations for t in combination):
        matcher = raw_matcher(leaf.reader, field, term)
        found[term] = positions_in(matcher, candidates, decode) if matcher else {}
    matched: set[int] = set()
    for first, *rest in combinations:
        for docnum, starts in found[first].items():
            if docnum in matched:
                continue
            following = [found[term].get(docnum) for term in rest]
            if all(following) and _consecutive(starts, [set(p) for p in following]):
                matched.add(docnum)
    return bitsets.from_ids(sorted(matched), leaf.size) if matched else 0


def _consecutive(starts: list[int], following: list[set[int]]) -> bool:
    return any(all(start + step in positions for step, positions in enumerate(following, 1))
               for start in starts)


def _by_date(leaf: Leaf):
    """(sort key, docnum) of a segment's documents, newest first."""
    published = leaf.published()
    return (((-published[d],), leaf.offset + d) for d in leaf.newest())


def _by_deadline(leaf: Leaf, after: int):
    """(sort key, docnum) of a segment's documents with a deadline after a moment."""
    deadlines = leaf.deadlines()
    start = bisect_right(deadlines, (after, 2 ** 32))
    return (((0, deadline), leaf.offset + n) for deadline, n in deadlines[start:])
