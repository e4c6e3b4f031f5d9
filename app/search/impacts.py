"""PostgreSQL only: each index term's best documents, kept ahead of time.

The PostgreSQL backend ranks by RUM's score of a query that is one OR of index terms.
For such a query RUM's score is a sum over the query's terms of what each term
contributes on its own: for each occurrence of the term, in the order of positions,
the weight of its field (title 1.0, body 0.4, compound part 0.2, CPV name 0.1) divided
by the square of its rank among the term's occurrences, all over pi²/6 (RUM's cover
density for one-word covers, `calc_score_docr`). That contribution is the term's
"impact" on the document.

`search_impacts` keeps every impact of at least IMPACT_FLOOR (a word in the title, or
three times in the body), so a term's best documents can be read from an index in order
instead of ranking every document holding it (a common word is in 70 % of them); any
document missing from a term's list gets less than IMPACT_FLOOR from it, at most the
term's `search_terms.unlisted`. `search_terms` also counts the documents holding each
index term (approximately: never decremented).

The search does not read them yet: a threshold algorithm over these lists was tried
and measured (bench/RESULTS.md, "PostgreSQL search from impact lists") and is not
faster than RUM at 123 000 documents until the lists are read without scoring every
candidate and prefixes are capped differently. The indexer keeps them up to date: it
refreshes a document's impacts whenever it saves the document (deleting a document
deletes them through the foreign key); `build` fills both tables for documents saved
before they existed (migration 0023 calls it).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import text
from sqlalchemy.orm import Session

IMPACT_FLOOR = 0.3

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

