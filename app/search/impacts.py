"""PostgreSQL only: each index term's best documents, kept ahead of time.

The PostgreSQL backend ranks by RUM's score of a query that is one OR of index terms.
For such a query RUM's score is a sum over the query's terms of what each term
contributes on its own: for each occurrence of the term, in the order of positions,
the weight of its field (title 1.0, body 0.4, compound part 0.2, CPV name 0.1) divided
by the square of its rank among the term's occurrences, all over pi²/6 (RUM's cover
density for one-word covers, `calc_score_docr`). That contribution is the term's
"impact" on the document.

`search_impacts` keeps every impact of at least IMPACT_FLOOR (a word in the title, or
three times in the body), so a term's best documents are read from an index in order
instead of ranking every document holding it (a common word is in 70 % of them).
Any document missing from a term's list gets less than IMPACT_FLOOR from it. The
backend reads the lists of a query's terms best first and stops when no unread
document can reach the shown page (a threshold algorithm; see
`PostgresBackend._ranked_by_impacts`).

`search_terms` counts the documents holding each index term (approximately: never
decremented), so a prefix query ("avfall*") stands for its most frequent terms, and
keeps the highest impact the term had on any document where it was not kept (never
lowered, so it stays an upper bound): what the term can add to a document off its list.

The indexer refreshes a document's impacts whenever it saves the document (deleting a
document deletes them through the foreign key); `build` fills both tables for documents
saved before they existed (the migration and `flask search impacts` call it).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import text
from sqlalchemy.orm import Session

IMPACT_FLOOR = 0.3
PREFIX_EXPANSION = 200  # a prefix stands for at most this many terms (as in Whoosh)

# What one term contributes to RUM's score of a document (see the module docstring).
_IMPACT = """(SELECT sum(CASE x.w WHEN 'A' THEN 1.0 WHEN 'B' THEN 0.4 WHEN 'C' THEN 0.2
                            ELSE 0.1 END / (x.k * x.k)) / 1.64493406685
             FROM unnest(u.weights) WITH ORDINALITY AS x(w, k))"""

# One pass over the documents' terms: impacts of at least the floor are kept, every term
# is counted, with the highest impact it had where none was kept (its bound off the list).
_REFRESH = f"""
WITH scored AS (
    SELECT d.id, u.lexeme, {_IMPACT} AS score
    FROM search_documents d CROSS JOIN LATERAL unnest(d.tsv) AS u
    WHERE {{where}}
), kept AS (
    INSERT INTO search_impacts (document_id, term, score)
    SELECT id, lexeme, score FROM scored WHERE score >= :floor
)
INSERT INTO search_terms (term, documents, unlisted)
SELECT lexeme, count(*), coalesce(max(score) FILTER (WHERE score < :floor), 0)
FROM scored GROUP BY lexeme
ON CONFLICT (term) DO UPDATE SET documents = search_terms.documents + excluded.documents,
                                 unlisted = greatest(search_terms.unlisted, excluded.unlisted)
"""


def refresh(session: Session, document_ids: Sequence[int]) -> None:
    """Recompute the impacts of these (just saved) documents and count their terms."""
    if not document_ids:
        return
    ids = {"ids": list(document_ids)}
    session.execute(text("DELETE FROM search_impacts WHERE document_id = ANY(:ids)"), ids)
    session.execute(text(_REFRESH.format(where="d.id = ANY(:ids)")),
                    {**ids, "floor": IMPACT_FLOOR})


def clear(session: Session) -> None:
    """Empty both tables (a rebuild refills them)."""
    session.execute(text("DELETE FROM search_impacts"))
    session.execute(text("DELETE FROM search_terms"))


def build(session: Session) -> None:
    """Fill both tables from every stored document (documents saved before they existed)."""
    clear(session)
    session.execute(text(_REFRESH.format(where="d.tsv IS NOT NULL")), {"floor": IMPACT_FLOOR})


def prefix_terms(session: Session, beginning: str, limit: int | None = None) -> list[str]:
    """The most frequent index terms beginning so (a range of the key: collation "C")."""
    limit = PREFIX_EXPANSION if limit is None else limit
    if not beginning:
        return []
    following = beginning[:-1] + chr(ord(beginning[-1]) + 1)
    return list(session.scalars(text(
        "SELECT term FROM search_terms WHERE term >= :low AND term < :high "
        "ORDER BY documents DESC, term LIMIT :limit"),
        {"low": beginning, "high": following, "limit": limit}))


def unlisted(session: Session, terms: Sequence[str]) -> dict[str, float]:
    """The most each term can add to a document outside its list (a term no document
    holds is absent: it adds nothing)."""
    return dict(session.execute(text(
        "SELECT term, unlisted FROM search_terms WHERE term = ANY(CAST(:terms AS text[]))"),
        {"terms": list(terms)}).all())


def best(session: Session, terms: Sequence[str], depth: int) -> list[tuple[str, int, float]]:
    """(term, document id, impact) of the `depth` best documents of each term."""
    return session.execute(text(
        "SELECT t.term, i.document_id, i.score FROM unnest(CAST(:terms AS text[])) AS t(term) "
        "CROSS JOIN LATERAL (SELECT document_id, score FROM search_impacts "
        "WHERE term = t.term COLLATE \"C\" ORDER BY score DESC LIMIT :depth) AS i"),
        {"terms": list(terms), "depth": depth}).all()


def of_documents(session: Session, document_ids: Sequence[int],
                 terms: set[str]) -> list[tuple[int, str, float]]:
    """(document id, term, impact) of these terms on these documents, computed from their
    tsvectors (the lists keep only the higher impacts)."""
    if not document_ids or not terms:
        return []
    return session.execute(text(f"""
        SELECT d.id, u.lexeme, CAST({_IMPACT} AS double precision)
        FROM search_documents d CROSS JOIN LATERAL unnest(d.tsv) AS u
        WHERE d.id = ANY(:ids) AND u.lexeme = ANY(CAST(:terms AS text[]))"""),
        {"ids": list(document_ids), "terms": sorted(terms)}).all()


def kept(session: Session, document_ids: set[int],
         terms: Sequence[str]) -> list[tuple[int, str, float]]:
    """(document id, term, impact) of the kept impacts of these terms on these documents."""
    if not document_ids:
        return []
    return session.execute(text(
        "SELECT document_id, term, score FROM search_impacts "
        "WHERE document_id = ANY(:ids) AND term = ANY(CAST(:terms AS text[]))"),
        {"ids": sorted(document_ids), "terms": list(terms)}).all()
