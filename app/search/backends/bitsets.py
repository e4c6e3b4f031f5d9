"""Sets of document numbers as Python integers: bit d is set when document d is in.

Intersections, unions and counts of 100 000-document sets then cost microseconds in C
(`a & b`, `(a & b).bit_count()`), which is what makes facet counts cheap.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_BITS = tuple(1 << i for i in range(8))
_POSITIONS = tuple(tuple(j for j in range(8) if byte >> j & 1) for byte in range(256))


def from_ids(ids: Iterable[int], size: int) -> int:
    """The set of the given document numbers (all below size)."""
    buffer = bytearray(size // 8 + 1)
    for docnum in ids:
        buffer[docnum >> 3] |= _BITS[docnum & 7]
    return int.from_bytes(buffer, "little")


def full(size: int) -> int:
    """Every document number below size."""
    return (1 << size) - 1


_NONZERO = re.compile(rb"[^\x00]+")


def members(bits: int) -> list[int]:
    """The document numbers in the set, ascending (runs of empty bytes are skipped in C)."""
    raw = bits.to_bytes((bits.bit_length() + 7) // 8, "little")
    found: list[int] = []
    for run in _NONZERO.finditer(raw):
        index = run.start()
        for byte in run.group():
            if byte:
                base = index << 3
                found.extend([base + position for position in _POSITIONS[byte]])
            index += 1
    return found


class Membership:
    """Fast `docnum in set` tests for a set that is walked in some other order."""

    __slots__ = ("_raw",)

    def __init__(self, bits: int):
        self._raw = bits.to_bytes((bits.bit_length() + 7) // 8 + 1, "little")

    def __contains__(self, docnum: int) -> bool:
        index = docnum >> 3
        return index < len(self._raw) and bool(self._raw[index] & _BITS[docnum & 7])
