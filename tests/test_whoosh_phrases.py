"""Phrases in the Whoosh engine: positions are read for the candidate documents only
(`whoosh_adapter.positions_in`), and must find exactly what Whoosh's own Phrase query
finds, across segments and with changed (deleted and re-added) documents."""

from __future__ import annotations

from whoosh.query import Phrase as WhooshPhrase

from app.search.backends import bitsets, get_backend
from app.search.backends.whoosh_engine import BODY_PHRASES, TITLE, _combinations
from app.search.plan import PhraseTerms, build_plan
from app.search.query import parse_query
from tests.search_support import challenge, index_now, reset_backend, use_backend

BODIES = [
    "Smart belysning i parker och smart styrning av belysning.",
    "Belysning för en smart stad, smart och belyst.",
    "Vi vill ha smarta belysningar i kommunens parker.",
    "Styrning av belysning, smart belysning i skolor och smart belysning i parker.",
    "Parker, belysning och annat: ingen fras här smart.",
]
QUERIES = ['"smart belysning"', '"belysning i parker"', '"smart belysning i parker"',
           '"smart styrning"', '"belysning smart"', '"kommunens parker"', '"smart stad"']


def _whoosh_phrase(view, field: str, positions) -> int:
    found = 0
    for combination in _combinations(positions, limit=8):
        docnums = view.searcher.docs_for_query(WhooshPhrase(field, list(combination)))
        found |= bitsets.from_ids(docnums, view.size)
    return found & view.live


def test_phrases_find_exactly_what_whooshs_phrase_query_finds(app, tmp_path):
    defaults = {key: app.config[key] for key in ("SEARCH_BACKEND", "SEARCH_INDEX_DIR")}
    use_backend(app, "whoosh", tmp_path / "index")
    try:
        items = []
        for round_number in range(3):  # each indexer run writes a segment of its own
            for number, body in enumerate(BODIES):
                items.append(challenge(f"Smart belysning {round_number} {number}", body))
            index_now()
        items[1].problem_statement = "Nu utan frasen: belysning, sedan smart."
        items[6].problem_statement = "Nu med frasen: smart belysning i parker."
        index_now()  # the changed documents are deleted and added again
        view = get_backend()._open_views()["challenge"]
        assert len(view.leaves) > 1 and view.count < view.size
        checked = 0
        for query in QUERIES:
            node = build_plan(parse_query(query)).root.items[0]
            assert isinstance(node, PhraseTerms), query
            for field in (TITLE, BODY_PHRASES):
                expected = _whoosh_phrase(view, field, node.positions)
                assert view._phrase_bits(field, node.positions) == expected, (query, field)
                checked += expected.bit_count()
        assert checked > 20
    finally:
        reset_backend(app, defaults)
