"""Looking inside ZIP-based documents (OOXML, OpenDocument) without unpacking them.

An upload that is a ZIP archive is judged by its central directory alone: how many
entries it has and how large they say they are. Only when that is plausible for an
office document is anything read from an entry, and then at most a few bytes (the
OpenDocument `mimetype`). The directory is read one record at a time, so memory stays
at one record whatever the archive holds; `zipfile` would first build an object for
every entry (about 500 bytes for each 46-byte record, so a 10 MB archive could take
100 MB before we looked at anything) and unpacks an entry whole on `read()`.

Layouts from PKWARE's APPNOTE.TXT 6.3: end of central directory record (4.3.16), ZIP64
end record and locator (4.3.14, 4.3.15), central directory header (4.3.12), local file
header (4.3.7), ZIP64 extra field (4.5.3).
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

END = struct.Struct("<4s4H2LH")  # end of central directory record
ZIP64_LOCATOR = struct.Struct("<4sLQL")
ZIP64_END = struct.Struct("<4sQ2H2L4Q")
CENTRAL = struct.Struct("<4s4B4HL2L5H2L")  # central directory header, before its names
LOCAL = struct.Struct("<4s2B4HL2L2H")  # local file header, before its name
END_SIGNATURE, CENTRAL_SIGNATURE = b"PK\x05\x06", b"PK\x01\x02"
LOCAL_SIGNATURE, ZIP64_LOCATOR_SIGNATURE, ZIP64_END_SIGNATURE = (
    b"PK\x03\x04", b"PK\x06\x07", b"PK\x06\x06")
MAX_COMMENT = 0xFFFF
MARK16, MARK32 = 0xFFFF, 0xFFFFFFFF  # "the value is in the ZIP64 record"
STORED, DEFLATED = 0, 8
ENCRYPTED, UTF8_NAME = 0x1, 0x800
# Small entries may compress oddly well (a page of spaces) and can hurt nobody: the
# ratio limit applies only to entries that say they unpack to more than this.
RATIO_FLOOR_BYTES = 1024 * 1024
# Compressed bytes read to get the first bytes of an entry (deflate needs a little).
PEEK_COMPRESSED_BYTES = 4096


class BadArchive(Exception):
    """Not a ZIP archive we can read (damaged, spanned, inconsistent)."""


class ImplausibleArchive(Exception):
    """An archive whose directory no office document would have; `reason` says which
    limit it broke ("entries" or "size")."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Limits:
    """What a ZIP-based document may claim: entries, unpacked bytes, unpacked per packed."""

    max_entries: int
    max_unpacked_bytes: int
    max_ratio: int


@dataclass(frozen=True)
class Entry:
    name: str
    flags: int
    method: int
    packed: int
    unpacked: int
    offset: int


@dataclass
class Directory:
    """What the type check needs from an archive's directory (never the whole list)."""

    names: set[str] = field(default_factory=set)  # only the names asked for
    prefixes: set[str] = field(default_factory=set)  # the prefixes asked for that occur
    entries: dict[str, Entry] = field(default_factory=dict)  # the named entries asked for


def inspect(fp: BinaryIO, size: int, limits: Limits, names: tuple[str, ...] = (),
            prefixes: tuple[str, ...] = ()) -> Directory:
    """Check an archive's directory against the limits and note the names and name
    prefixes asked for; ImplausibleArchive or BadArchive if it must be refused."""
    count, offset, length = _directory_location(fp, size)
    if count > limits.max_entries:
        raise ImplausibleArchive("entries")
    directory, seen, unpacked = Directory(), 0, 0
    for entry in _entries(fp, offset, length):
        seen += 1
        unpacked += entry.unpacked
        _check_budget(entry, seen, unpacked, limits)
        _note(directory, entry, names, prefixes)
    if seen != count:
        raise BadArchive("the directory does not hold the entries the archive declares")
    return directory


def first_bytes(fp: BinaryIO, entry: Entry, count: int) -> bytes:
    """At most `count` bytes from the start of an entry, reading at most a few KB."""
    if entry.flags & ENCRYPTED or entry.method not in (STORED, DEFLATED):
        return b""
    fp.seek(entry.offset)
    header = fp.read(LOCAL.size)
    if len(header) < LOCAL.size or header[:4] != LOCAL_SIGNATURE:
        raise BadArchive("no local header where the directory points")
    name_length, extra_length = LOCAL.unpack(header)[-2:]
    fp.seek(name_length + extra_length, 1)
    packed = fp.read(min(entry.packed, PEEK_COMPRESSED_BYTES))
    if entry.method == STORED:
        return packed[:count]
    try:
        return zlib.decompressobj(-zlib.MAX_WBITS).decompress(packed, count)
    except zlib.error as error:
        raise BadArchive("damaged compressed data") from error


def _check_budget(entry: Entry, seen: int, unpacked: int, limits: Limits) -> None:
    if seen > limits.max_entries:
        raise ImplausibleArchive("entries")
    if unpacked > limits.max_unpacked_bytes:
        raise ImplausibleArchive("size")
    if entry.unpacked > RATIO_FLOOR_BYTES and (
            entry.unpacked > limits.max_ratio * max(entry.packed, 1)):
        raise ImplausibleArchive("size")


def _note(directory: Directory, entry: Entry, names: tuple[str, ...],
          prefixes: tuple[str, ...]) -> None:
    if entry.name in names:
        directory.names.add(entry.name)
        directory.entries.setdefault(entry.name, entry)
    directory.prefixes.update(p for p in prefixes if entry.name.startswith(p))


def _directory_location(fp: BinaryIO, size: int) -> tuple[int, int, int]:
    """(entries, offset, length) of the central directory, from the end record."""
    tail_length = min(size, END.size + MAX_COMMENT)
    fp.seek(size - tail_length)
    tail = fp.read(tail_length)
    at = tail.rfind(END_SIGNATURE)
    if at < 0 or at + END.size > len(tail):
        raise BadArchive("no end of central directory record")
    _sig, disk, directory_disk, here, count, length, offset, _comment = END.unpack_from(tail, at)
    if disk or directory_disk or here != count:
        raise BadArchive("spanned archives are not documents")
    if MARK16 in (here, count) or MARK32 in (length, offset):
        count, offset, length = _zip64_location(fp, size - tail_length + at)
    if offset + length > size:
        raise BadArchive("the directory lies outside the file")
    return count, offset, length


def _zip64_location(fp: BinaryIO, end_at: int) -> tuple[int, int, int]:
    if end_at < ZIP64_LOCATOR.size:
        raise BadArchive("no ZIP64 locator")
    fp.seek(end_at - ZIP64_LOCATOR.size)
    signature, _disk, record_at, _disks = ZIP64_LOCATOR.unpack(fp.read(ZIP64_LOCATOR.size))
    if signature != ZIP64_LOCATOR_SIGNATURE:
        raise BadArchive("no ZIP64 locator")
    fp.seek(record_at)
    record = fp.read(ZIP64_END.size)
    if len(record) < ZIP64_END.size or record[:4] != ZIP64_END_SIGNATURE:
        raise BadArchive("no ZIP64 end record")
    *_, count, length, offset = ZIP64_END.unpack(record)
    return count, offset, length


def _entries(fp: BinaryIO, offset: int, length: int) -> Iterator[Entry]:
    """The directory's records, one at a time."""
    fp.seek(offset)
    position, end = offset, offset + length
    while position < end:
        entry, record_length = _record(fp)
        position += record_length
        yield entry


def _record(fp: BinaryIO) -> tuple[Entry, int]:
    """The central directory record at the file's position, and its length."""
    fixed = fp.read(CENTRAL.size)
    if len(fixed) < CENTRAL.size or fixed[:4] != CENTRAL_SIGNATURE:
        raise BadArchive("damaged central directory")
    values = CENTRAL.unpack(fixed)
    flags, method, packed, unpacked = values[5], values[6], values[10], values[11]
    name_length, extra_length, comment_length, header_at = values[12:15] + values[18:]
    raw_name, extra = fp.read(name_length), fp.read(extra_length)
    fp.seek(comment_length, 1)
    unpacked, packed, header_at = _zip64_values(extra, unpacked, packed, header_at)
    name = raw_name.decode("utf-8" if flags & UTF8_NAME else "cp437", "replace")
    length = CENTRAL.size + name_length + extra_length + comment_length
    return Entry(name, flags, method, packed, unpacked, header_at), length


def _zip64_values(extra: bytes, unpacked: int, packed: int, offset: int) -> tuple[int, ...]:
    """The real sizes and offset when the record says "see the ZIP64 extra field"."""
    marked = (unpacked, packed, offset)
    if MARK32 not in marked:
        return marked
    position = 0
    while position + 4 <= len(extra):
        tag, length = struct.unpack_from("<2H", extra, position)
        if tag == 1:  # only the fields marked in the record are present, in this order
            body = extra[position + 4:position + 4 + length]
            present = list(struct.unpack_from(f"<{len(body) // 8}Q", body))
            if len(present) >= marked.count(MARK32):
                return tuple(present.pop(0) if v == MARK32 else v for v in marked)
            break
        position += 4 + length
    raise BadArchive("ZIP64 values missing")
