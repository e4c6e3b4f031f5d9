"""The `search_documents` table and the vocabulary, as the indexer keeps them.

Both backends share this table: it holds what each result shows (so a result page
needs one query, not one per object), what the database fallback and alerts search,
and on PostgreSQL the weighted tsvector of the analysed text the PostgreSQL backend
matches.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import Text, bindparam, cast, delete, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from app.search.analysis import fold, words_of
from app.search.documents import IndexDocument, split_key
from app.search.fields import LANGUAGE_GAP, analysed_fields
from app.search.models import SearchDocument, SearchLexiconEntry, SearchWord
from app.search.plan import BODY, CPV, PARTS, TITLE

_COLUMNS = ("doc_type", "object_id", "language", "title", "body", "extra", "url", "facets",
            "published_at", "deadline_at", "content_hash", "indexed_at")
WEIGHTS = {TITLE: "A", BODY: "B", PARTS: "C", CPV: "D"}
MAX_POSITION = 16383  # PostgreSQL keeps positions up to this


def is_postgresql(session: Session) -> bool:
    """True when the session talks to PostgreSQL (tsvectors are kept there)."""
    return session.get_bind().dialect.name == "postgresql"


def tsvector_text(document: IndexDocument) -> str:
    """The document's analysed fields as a tsvector literal: each term with its positions
    and the field's weight ('avfall':3B,40C ...). The fields' positions are kept apart
    (the body after the title...) so a phrase never spans two fields."""
    entries: dict[str, list[str]] = {}
    start = 1
    for field, pairs in analysed_fields(document).items():
        end = start
        for term, positions in pairs:
            weight = WEIGHTS[field]
            at = [min(start + p, MAX_POSITION) for p in positions]
            entries.setdefault(term, []).extend(f"{p}{weight}" for p in at)
            end = max(end, *at)
        start = min(end + LANGUAGE_GAP, MAX_POSITION)
    return " ".join(f"{quote_lexeme(term)}:{','.join(found)}" for term, found in entries.items())


def quote_lexeme(term: str) -> str:
    """A lexeme as tsvector and tsquery literals write it: quoted, quotes and backslashes
    doubled."""
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def _row(document: IndexDocument, now: datetime, with_vectors: bool) -> dict:
    row = {
        "doc_type": document.doc_type, "object_id": document.object_id,
        "language": document.language, "title": document.title, "body": document.body,
        "extra": document.extra_text(), "url": document.url, "facets": document.tokens(),
        "published_at": document.published_at, "deadline_at": document.deadline_at,
        "content_hash": document.content_hash(), "indexed_at": now,
    }
    if with_vectors:
        row["tsv"] = tsvector_text(document)
    return row


def _upsert_statement(session: Session):
    table = SearchDocument.__table__
    values = {name: bindparam(name, type_=table.c[name].type) for name in _COLUMNS}
    if is_postgresql(session):
        values["tsv"] = cast(bindparam("tsv", type_=Text()), postgresql.TSVECTOR)
        statement = postgresql.insert(table).values(**values)
    else:
        statement = sqlite.insert(table).values(**values)
    updated = {name: statement.excluded[name] for name in values if name not in
               ("doc_type", "object_id")}
    return statement.on_conflict_do_update(index_elements=["doc_type", "object_id"], set_=updated)


def save_documents(session: Session, documents: list[IndexDocument], now: datetime,
                   words: Counter[str] | None = None) -> None:
    """Insert or update documents (and their tsvectors on PostgreSQL); their words are
    counted into the vocabulary, or into `words` for the caller to save later."""
    if not documents:
        return
    with_vectors = is_postgresql(session)
    session.execute(_upsert_statement(session),
                    [_row(document, now, with_vectors) for document in documents])
    if words is None:
        add_words(session, documents)
    else:
        words.update(count_words(documents))


def remove_documents(session: Session, keys: Iterable[str]) -> None:
    """Delete documents by key ("challenge:12")."""
    for doc_type, ids in _ids_by_type(keys).items():
        for start in range(0, len(ids), 500):
            session.execute(delete(SearchDocument).where(
                SearchDocument.doc_type == doc_type,
                SearchDocument.object_id.in_(ids[start:start + 500])))


_SHOWN = (SearchDocument.doc_type, SearchDocument.object_id, SearchDocument.language,
          SearchDocument.title, SearchDocument.body, SearchDocument.url, SearchDocument.facets,
          SearchDocument.published_at, SearchDocument.deadline_at)


def fetch_documents(session: Session, keys: Iterable[str]) -> dict:
    """What results show of the documents with these keys, by key (rows with the
    attributes of `_SHOWN`; missing keys are simply absent)."""
    found = {}
    for doc_type, ids in _ids_by_type(keys).items():
        rows = session.execute(select(*_SHOWN).where(SearchDocument.doc_type == doc_type,
                                                    SearchDocument.object_id.in_(ids)))
        found.update({f"{row.doc_type}:{row.object_id}": row for row in rows})
    return found


def _ids_by_type(keys: Iterable[str]) -> dict[str, list[int]]:
    """Keys grouped by type: `type = ? AND id IN (...)` uses the unique index everywhere,
    a row-value IN over two columns does not on SQLite."""
    grouped: dict[str, list[int]] = {}
    for key in keys:
        doc_type, object_id = split_key(key)
        grouped.setdefault(doc_type, []).append(object_id)
    return grouped


def stored_hashes(session: Session) -> dict[str, str]:
    """Every stored document's key and content hash."""
    rows = session.execute(select(SearchDocument.doc_type, SearchDocument.object_id,
                                  SearchDocument.content_hash))
    return {f"{doc_type}:{object_id}": digest for doc_type, object_id, digest in rows}


def clear(session: Session) -> None:
    """Remove every document and the vocabulary (a rebuild refills both)."""
    session.execute(delete(SearchDocument))
    session.execute(delete(SearchWord))


def clear_words(session: Session) -> None:
    """Empty the vocabulary (a rebuild counts every word again)."""
    session.execute(delete(SearchWord))


def remove_older_than(session: Session, moment: datetime) -> None:
    """Remove documents a rebuild did not write again (they are no longer indexable)."""
    session.execute(delete(SearchDocument).where(SearchDocument.indexed_at < moment))


def count_words(documents: list[IndexDocument]) -> Counter[str]:
    """How many of the documents contain each vocabulary word."""
    counts: Counter[str] = Counter()
    for document in documents:
        counts.update(words_of(f"{document.title} {document.body} {document.extra_text()}"))
    return counts


def add_words(session: Session, documents: list[IndexDocument]) -> None:
    """Count the documents' words into the vocabulary (approximate: never decremented)."""
    add_word_counts(session, count_words(documents))


def add_word_counts(session: Session, counts: Counter[str]) -> None:
    """Add document counts of words to the vocabulary."""
    rows = [{"word": word, "documents": count} for word, count in counts.items()]
    if not rows:
        return
    insert = postgresql.insert if is_postgresql(session) else sqlite.insert
    statement = insert(SearchWord.__table__)
    statement = statement.on_conflict_do_update(
        index_elements=["word"],
        set_={"documents": SearchWord.__table__.c.documents + statement.excluded.documents})
    for start in range(0, len(rows), 1000):
        session.execute(statement, rows[start:start + 1000])


def known_word(session: Session, word: str) -> bool:
    """True if the word (or the same word without accents) occurs in indexed text."""
    if session.get(SearchWord, word.lower()) is not None:
        return True
    return bool(_candidates(session, word, spread=0, start=1))


def _candidates(session: Session, word: str, spread: int, start: int = 2) -> list:
    """Vocabulary words beginning like the word (typos rarely touch the first letters),
    of a similar length."""
    lowered = word.lower()
    if len(lowered) < 3:
        return []
    beginning = lowered[:start]
    after = beginning[:-1] + chr(ord(beginning[-1]) + 1)
    rows = session.execute(select(SearchWord.word, SearchWord.documents).where(
        SearchWord.word >= beginning, SearchWord.word < after,  # a range of the primary key
        func.substr(SearchWord.word, 1, start) == beginning,
        func.length(SearchWord.word).between(len(lowered) - spread - 1, len(lowered) + spread + 1),
    ).order_by(SearchWord.documents.desc()).limit(3000)).all()
    folded = fold(lowered)
    if spread == 0:
        return [(w, n) for w, n in rows if fold(w) == folded]
    return [(w, n) for w, n in rows]


def allowed_edits(word: str) -> int:
    """Typos tolerated in a word: one from five letters, two from eight."""
    return 0 if len(word) < 5 else 1 if len(word) < 8 else 2


def close_words(session: Session, word: str, limit: int = 3) -> list[str]:
    """Vocabulary words within the allowed edits of a word no indexed text contains,
    closest and most common first (empty for a known word)."""
    max_distance = allowed_edits(word)
    if not max_distance or known_word(session, word):
        return []
    target = fold(word.lower())
    ranked = []
    candidates = (_candidates(session, word, spread=max_distance)
                  or _candidates(session, word, spread=max_distance, start=1))
    for candidate, documents in candidates:
        distance = edit_distance(target, fold(candidate), max_distance)
        if distance <= max_distance:
            ranked.append((distance, -documents, candidate))
    return [candidate for _d, _n, candidate in sorted(ranked)[:limit]]


def closest_word(session: Session, word: str) -> str | None:
    """The most common vocabulary word close to a misspelt word."""
    close = close_words(session, word, limit=1)
    return close[0] if close else None


def edit_distance(a: str, b: str, limit: int) -> int:
    """Damerau–Levenshtein distance (optimal string alignment: adjacent swaps count
    once), or limit + 1 if it is above the limit. Bit-parallel (Hyyrö 2003): one column
    of the edit table per letter of b, in a few integer operations, since a typo is
    compared with thousands of vocabulary words."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    if not a:
        return len(b)
    masks: dict[str, int] = {}
    for position, char in enumerate(a):
        masks[char] = masks.get(char, 0) | 1 << position
    every, last = (1 << len(a)) - 1, 1 << (len(a) - 1)
    vp, vn, d0, previous, distance = every, 0, 0, 0, len(a)
    for char in b:
        pm = masks.get(char, 0)
        swapped = ((~d0 & pm) << 1) & previous
        d0 = ((((pm & vp) + vp) & every) ^ vp) | pm | vn | swapped
        hp = (vn | ~(d0 | vp)) & every
        hn = d0 & vp
        distance += (hp & last) != 0
        distance -= (hn & last) != 0
        hp = ((hp << 1) | 1) & every
        vp = (((hn << 1) & every) | ~(d0 | hp)) & every
        vn = hp & d0
        previous = pm
    return distance if distance <= limit else limit + 1


# -- the lexicon: Swedish words' dictionary analyses ---------------------------------

def fetch_lexicon(words: list[str]) -> dict:
    """Stored analyses (WordForms) of these words, made with the current dictionary."""
    from app.extensions import db
    from app.search.lexicon import WordForms, dictionary_digest

    found = {}
    for start in range(0, len(words), 500):
        rows = db.session.execute(select(
            SearchLexiconEntry.word, SearchLexiconEntry.lemmas, SearchLexiconEntry.parts,
        ).where(SearchLexiconEntry.word.in_(words[start:start + 500]),
                SearchLexiconEntry.digest == dictionary_digest()))
        found.update({word: WordForms(tuple(lemmas.split()), tuple(parts.split()))
                      for word, lemmas, parts in rows})
    return found


def save_lexicon(found: dict) -> None:
    """Store new analyses (in the caller's transaction; an existing word is replaced)."""
    from app.extensions import db
    from app.search.lexicon import dictionary_digest

    rows = [{"word": word, "digest": dictionary_digest(), "lemmas": " ".join(forms.lemmas),
             "parts": " ".join(forms.parts)} for word, forms in found.items() if len(word) <= 64]
    if not rows:
        return
    session = db.session
    insert = postgresql.insert if is_postgresql(session) else sqlite.insert
    statement = insert(SearchLexiconEntry.__table__)
    statement = statement.on_conflict_do_update(
        index_elements=["word"], set_={name: statement.excluded[name]
                                       for name in ("digest", "lemmas", "parts")})
    for start in range(0, len(rows), 1000):
        session.execute(statement, rows[start:start + 1000])
