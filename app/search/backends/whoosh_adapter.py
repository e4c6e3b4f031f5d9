"""Every use of whoosh-reloaded's private internals, in one place, for one version.

The fast engine (`whoosh_engine.py`) reads postings, length and number columns straight
from Whoosh's on-disk structures and speeds up its segment writer. None of that is
public API, so it is confined to this module, which:

* refuses to start with any other version than SUPPORTED_VERSION (`check_version`,
  called by `install` from the search area's `init_app`);
* names below each private attribute it touches and why;
* installs its one patch (`SegmentWriter._flush_segment`) only when `install()` is
  called, never on import, and can take it out again (`uninstall`);
* keeps the decoded postings in a `PostingsCache` whose every read and write holds a
  lock, so threads of one web process can share it.

`tests/test_whoosh_adapter.py` pins each assumption against the public API: if an
upgrade changes any of them, those tests (and the version check) fail first.

Private attributes used, by Whoosh class:

    whoosh.codec.whoosh3._lenfield(name)        the hidden column holding a field's lengths
    whoosh.codec.whoosh3.LENGTHS_COLUMN         its column type (one byte per document)
    NumericColumn / VarBytesColumn reader:
        ._dbfile, ._basepos                     the file and offset of the column's bytes
        ._count, ._fixedlen                     how many values, and bytes per value
    W3PerDocReader._cached_reader(name, column) the per-document reader's column cache
    SegmentReader._perdoc                       a segment reader's per-document reader
    W3LeafMatcher:
        ._atend, ._data, ._read_data()          the current block's decoded ids
        ._maxid                                 the current block's last id (its header)
        ._data[2]                               the current block's values (positions)
        ._byteids                               ids stored as bytes, not deltas
        ._read_weights(), ._weights             the current block's weights
        ._next_block()                          move to the next block
    WrappingMatcher.child                       the matcher under a deletion filter
    SegmentWriter: .perdocwriter, .fieldwriter, .pool, .codec, .schema,
        .per_document_reader(), ._flush_segment()   (the patched method)
"""

from __future__ import annotations

from array import array
from itertools import accumulate

import whoosh
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.matching import WrappingMatcher
from whoosh.reading import TermNotFound
from whoosh.util.numeric import byte_to_length
from whoosh.writing import SegmentWriter

from app.search.backends.bitsets import members
from app.search.postings_cache import PostingsCache  # noqa: F401 - the engine and tests import it here

SUPPORTED_VERSION = (2, 7, 5)
LENGTHS = tuple(byte_to_length(b) for b in range(256))  # a length byte -> a length


class UnsupportedWhoosh(RuntimeError):
    """The installed whoosh-reloaded is not the version this module was written for."""


def check_version(version: tuple = whoosh.__version__) -> None:
    """Refuse any whoosh-reloaded but SUPPORTED_VERSION: the internals below may differ."""
    if tuple(version[:3]) != SUPPORTED_VERSION:
        raise UnsupportedWhoosh(
            f"whoosh-reloaded {'.'.join(map(str, version[:3]))} is installed, but the search "
            f"engine reads internals of {'.'.join(map(str, SUPPORTED_VERSION))} only "
            f"(app/search/backends/whoosh_adapter.py): install that version")


# -- columns ------------------------------------------------------------------------

def _column_bytes(column, width: int) -> bytes:
    """The raw bytes of a fixed-width column (`width` bytes per document)."""
    if column is None or not getattr(column, "_count", 0):
        return b""
    return column._dbfile.get(column._basepos, column._count * width)


def numeric_column(reader, fieldname: str, typecode: str) -> array:
    """A fixed-size numeric column of a segment as an array, read in one go (Whoosh's
    column reader unpacks one value per Python call)."""
    column = reader.column_reader(fieldname, translate=False)
    values = array(typecode)
    values.frombytes(_column_bytes(column, getattr(column, "_fixedlen", 0)))
    if values.itemsize > 1:
        values.byteswap()  # stored big-endian ("!Q")
    values.extend([0] * (reader.doc_count_all() - len(values)))
    return values


def per_document_reader(segment_reader):
    """The per-document reader of one segment's reader (SegmentReader._perdoc)."""
    return segment_reader._perdoc


def length_bytes(perdoc_reader, fieldname: str) -> bytes:
    """The length byte of a field for every document (see LENGTHS), read in one go."""
    column = perdoc_reader._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
    return _column_bytes(column, 1)


# -- postings -----------------------------------------------------------------------

def raw_matcher(reader, fieldname: str, text: str):
    """A term's postings matcher without the deletion filter (the caller applies the live
    set itself), or None if the segment lacks the term."""
    try:
        matcher = reader.postings(fieldname, text)
    except TermNotFound:
        return None
    while isinstance(matcher, WrappingMatcher):
        matcher = matcher.child
    return matcher


def decode(matcher) -> tuple[array, array]:
    """(document ids, weights) of every posting, block by block where Whoosh stores
    blocks (one array per block instead of one Python call per posting)."""
    ids, weights = array("I"), array("f")
    if isinstance(matcher, W3LeafMatcher):
        while not matcher._atend:
            if matcher._data is None:
                matcher._read_data()
            block = matcher._data[0]
            ids.extend(block if matcher._byteids else accumulate(block))
            matcher._read_weights()
            weights.extend(matcher._weights)
            matcher._next_block()
    else:
        while matcher.is_active():
            ids.append(matcher.id())
            weights.append(matcher.weight())
            matcher.next()
    return ids, weights


def positions_in(matcher, wanted: int, decode_positions) -> dict[int, list[int]]:
    """The positions of a term in the documents of the set `wanted` (a bitset of the
    segment's document numbers; see `bitsets`), by document number. Only the blocks
    holding a wanted document are read (the others are skipped by their header's last
    id), and only the wanted documents' positions are decoded."""
    found: dict[int, list[int]] = {}
    if not isinstance(matcher, W3LeafMatcher):
        while matcher.is_active():
            if wanted >> matcher.id() & 1:  # not Whoosh's own format: never in our indexes
                found[matcher.id()] = list(matcher.value_as("positions"))
            matcher.next()
        return found
    first = 0
    while not matcher._atend and wanted >> first:
        last = matcher._maxid
        inside = (wanted >> first) & ((1 << (last - first + 1)) - 1)
        if inside:
            if matcher._data is None:
                matcher._read_data()
            block, values = matcher._data[0], matcher._data[2]
            ids = block if matcher._byteids else accumulate(block)
            chosen = {first + local for local in members(inside)}
            for i, docnum in enumerate(ids):
                if docnum in chosen:
                    found[docnum] = decode_positions(values[i])
        first = last + 1
        matcher._next_block()
    return found


# -- the writer patch ---------------------------------------------------------------

class _LengthsInMemory:
    """Field lengths for the posting writer, from the length columns read once."""

    def __init__(self, perdoc_reader):
        self._reader, self._columns = perdoc_reader, {}

    def doc_field_length(self, docnum: int, fieldname: str, default=0):
        column = self._columns.get(fieldname)
        if column is None:
            column = self._columns[fieldname] = length_bytes(self._reader, fieldname)
        value = column[docnum] if docnum < len(column) else 0
        return LENGTHS[value] if value else default

    def close(self):
        self._reader.close()


def _flush_segment(self):
    # Whoosh 2.7.5's writer reads every posting's field length back from disk, one Python
    # call per posting (a third of indexing time); read each length column once instead.
    self.perdocwriter.close()
    lengths = _LengthsInMemory(self.per_document_reader()) if self.codec.length_stats else None
    self.fieldwriter.add_postings(self.schema, lengths, self.pool.iter_postings())
    self.fieldwriter.close()
    if lengths:
        lengths.close()


_ORIGINAL_FLUSH = SegmentWriter._flush_segment


def install() -> None:
    """Check the version and patch the segment writer (idempotent); from init_app."""
    check_version()
    SegmentWriter._flush_segment = _flush_segment


def uninstall() -> None:
    """Give the segment writer its own method back (tests compare both)."""
    SegmentWriter._flush_segment = _ORIGINAL_FLUSH


def installed() -> bool:
    """True while the patch is in place."""
    return SegmentWriter._flush_segment is _flush_segment
