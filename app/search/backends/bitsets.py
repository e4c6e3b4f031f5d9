"""Sets of document numbers as Python integers: bit d is set when document d is in.

Intersections, unions and counts of 100 000-document sets then cost microseconds in C
(`a & b`, `(a & b).bit_count()`), which is what makes facet counts cheap.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np

_BITS = tuple(1 << i for i in range(8))
_POSITIONS = tuple(tuple(j for j in range(8) if byte >> j & 1) for byte in range(256))


def from_ids(ids: Iterable[int], size: int) -> int:
    """The set of the given document numbers (all below size)."""
    if not isinstance(ids, np.ndarray):
        ids = np.fromiter(ids, dtype=np.int64) if not hasattr(ids, "itemsize") else \
            np.frombuffer(ids, dtype=np.uint32 if ids.itemsize == 4 else np.int64)
    mask = np.zeros(size, dtype=bool)
    mask[ids] = True
    return from_mask(mask)


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


def to_mask(bits: int, size: int) -> np.ndarray:
    """The set as a numpy array of booleans, one per document number below size."""
    raw = np.frombuffer(bits.to_bytes(size // 8 + 1, "little"), dtype=np.uint8)
    return np.unpackbits(raw, bitorder="little")[:size].astype(bool)


def from_mask(mask: np.ndarray) -> int:
    """The set of the positions that are true in a numpy array of booleans."""
    return int.from_bytes(np.packbits(mask, bitorder="little").tobytes(), "little")


def at_least(sets: list[int], minimum: int, size: int) -> int:
    """The documents in at least `minimum` of the sets."""
    counts = np.zeros(size, dtype=np.uint8)
    for bits in sets:
        counts += to_mask(bits, size)
    return from_mask(counts >= minimum)
