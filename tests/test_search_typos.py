"""The typo distance and accent folding: faster forms equal to what they replaced."""

from __future__ import annotations

import random

from app.search.store import edit_distance


def _table(a: str, b: str) -> int:
    """Optimal string alignment distance, cell by cell (the reference)."""
    rows = [list(range(len(b) + 1))] + [[i] + [0] * len(b) for i in range(1, len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            rows[i][j] = min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                rows[i][j] = min(rows[i][j], rows[i - 2][j - 2] + 1)
    return rows[-1][-1]


def _misspelt(rnd: random.Random, word: str) -> str:
    letters = list(word)
    for _ in range(rnd.randint(0, 4)):
        edit, at = rnd.randint(0, 3), rnd.randrange(len(letters) + 1)
        if edit == 0 and at < len(letters):
            letters.pop(at)
        elif edit == 1:
            letters.insert(at, rnd.choice("abcä"))
        elif edit == 2 and at < len(letters):
            letters[at] = rnd.choice("abcä")
        elif edit == 3 and at + 1 < len(letters):
            letters[at], letters[at + 1] = letters[at + 1], letters[at]
    return "".join(letters)


def test_the_distance_equals_the_edit_table_up_to_the_limit():
    rnd = random.Random(18)
    for _ in range(20_000):
        a = "".join(rnd.choice("abcä") for _ in range(rnd.randint(0, 12)))
        b = _misspelt(rnd, a)
        for limit in (1, 2, 3):
            assert edit_distance(a, b, limit) == min(_table(a, b), limit + 1), (a, b, limit)


def test_swaps_count_once():
    assert edit_distance("daatskydd", "dataskydd", 2) == 1
    assert edit_distance("stryning", "styrning", 2) == 1
    assert edit_distance("hjläpmedel", "hjälpmedel", 2) == 1
    assert edit_distance("liecns", "licens", 2) == 1
    assert edit_distance("avfall", "avfall", 1) == 0
    assert edit_distance("avfall", "sopor", 2) == 3


def test_folding_equals_whooshs_accent_map_for_every_letter():
    from whoosh.support.charset import accent_map

    from app.search.analysis import fold

    every = "".join(chr(code) for code in range(0x3000) if not 0xD800 <= code < 0xE000)
    assert fold(every) == every.lower().translate(accent_map)
    rnd = random.Random(7)
    letters = "aåäöéüæøAÅÄÖÉÜÆØİẞßﬁ Hs-"
    for _ in range(2000):
        text = "".join(rnd.choice(letters) for _ in range(rnd.randint(0, 30)))
        assert fold(text) == text.lower().translate(accent_map), text
    assert fold("Göteborgs ÅTERVINNING") == "goteborgs atervinning"
