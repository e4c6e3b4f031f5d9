"""What `to_document(obj)` returns, and how it becomes an indexed document.

A type's `to_document` returns None (the object must not be found: remove it from the
index) or a dict:

    {
        "title": "Smart avfallshantering",          # required, shown and highlighted
        "body": "Vi söker ...",                      # shown as a snippet, indexed
        "language": "sv",                            # sv, en or de (default sv)
        "extra_text": {"en": "Refuse services"},    # indexed, never shown (buyer names...)
        "facets": {"status": "open", "sector": ["environment"], "buyer": [12]},
        "published_at": datetime,                    # aware UTC; "newest" sorts on it
        "deadline_at": datetime | None,              # "deadline soonest" and its facet
    }

Facet names are those in `FACETS` plus "cpv" (codes, matched by their hierarchy): the
names of the codes and of every broader code are indexed as a field of their own, with a
lower weight, and a result found through one of them says which code matched.
Only put public text in a document: everything in it can be found by anyone.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime

from app.search.analysis import LANGUAGES, normalise_language
from app.search.cpv import cpv_names, cpv_tokens
from app.search.registry import SearchType

# The facets shown with counts on the search page, in order ("type" and "deadline" are
# computed: the document's type and the range its deadline falls in).
FACETS = ("type", "status", "kind", "sector", "region", "route", "buyer", "deadline")
STORED_FACETS = ("status", "kind", "sector", "region", "route", "buyer", "cpv")
FILTERS = (*FACETS, "cpv")
UNKNOWN_DATE = datetime(2000, 1, 1, tzinfo=UTC)  # keeps the content hash stable


@dataclass(frozen=True)
class IndexDocument:
    doc_type: str
    object_id: int
    title: str
    body: str
    language: str
    url: str
    extra: dict[str, str] = field(default_factory=dict)
    cpv_text: dict[str, str] = field(default_factory=dict)  # names of the CPV codes
    facets: dict[str, tuple[str, ...]] = field(default_factory=dict)
    published_at: datetime | None = None
    deadline_at: datetime | None = None

    @property
    def key(self) -> str:
        return document_key(self.doc_type, self.object_id)

    def tokens(self) -> list[str]:
        """The facet values as "field:value" tokens (what filters and counts use)."""
        tokens = [f"type:{self.doc_type}"]
        for name, values in sorted(self.facets.items()):
            expanded = cpv_tokens(values) if name == "cpv" else values
            tokens.extend(f"{name}:{value}" for value in expanded)
        return tokens

    def extra_text(self) -> str:
        return "\n".join(self.extra[language] for language in sorted(self.extra))

    def content_hash(self) -> str:
        """A digest of everything indexed, to find stale documents (`search check`);
        made once per document (the index and the documents table both keep it)."""
        found = self.__dict__.get("_content_hash")
        if found is None:
            found = self.__dict__["_content_hash"] = self._digest()
        return found

    def _digest(self) -> str:
        payload = {
            "title": self.title, "body": self.body, "language": self.language,
            "url": self.url, "extra": self.extra, "cpv": self.cpv_text, "tokens": self.tokens(),
            "published": _timestamp(self.published_at), "deadline": _timestamp(self.deadline_at),
        }
        return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def joined_text(*parts: str | None) -> str:
    """Non-empty text parts as paragraphs of one text (for a document's body or extra)."""
    return "\n\n".join(part.strip() for part in parts if part and part.strip())


def document_key(doc_type: str, object_id: int) -> str:
    """The key of a document in every backend: "challenge:12"."""
    return f"{doc_type}:{object_id}"


def split_key(key: str) -> tuple[str, int]:
    """("challenge", 12) from "challenge:12"."""
    doc_type, _, object_id = key.partition(":")
    return doc_type, int(object_id)


def _timestamp(value: datetime | None) -> int | None:
    return int(value.timestamp()) if value else None


def _values(value) -> tuple[str, ...]:
    if value is None or value == "":
        return ()
    if isinstance(value, list | tuple | set | frozenset):
        return tuple(sorted({str(v) for v in value if v not in (None, "")}))
    return (str(value),)


def build_document(search_type: SearchType, obj) -> IndexDocument | None:
    """The document an object becomes, or None if it must not be indexed."""
    data = search_type.to_document(obj)
    if data is None:
        return None
    facets = {name: _values(data.get("facets", {}).get(name)) for name in STORED_FACETS}
    extra = {normalise_language(lang): text for lang, text in
             (data.get("extra_text") or {}).items() if text}
    names = cpv_names(facets.get("cpv", ()))
    return IndexDocument(
        doc_type=search_type.name, object_id=obj.id,
        cpv_text={lang: "\n".join(names[lang]) for lang in LANGUAGES if names.get(lang)},
        title=(data.get("title") or "").strip(), body=(data.get("body") or "").strip(),
        language=normalise_language(data.get("language")), url=search_type.url(obj),
        extra={lang: extra[lang] for lang in LANGUAGES if lang in extra},
        facets={name: values for name, values in facets.items() if values},
        published_at=data.get("published_at") or UNKNOWN_DATE,
        deadline_at=data.get("deadline_at"),
    )
