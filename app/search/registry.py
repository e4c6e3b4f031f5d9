"""The registry of searchable document types.

Every searchable kind of object is a `SearchType`, registered once by the search area's
`init_app` (`app/search/types/register_all_types`), never by the domain area itself:

    register_document_type(SearchType(
        name="network", model=Network, to_document=network_document,
        label=_l("Network"), url=lambda network: f"/networks/{network.id}",
        related={NetworkMember: lambda connection, member: [member.network_id]},
    ))

`to_document(obj)` returns the dict described in `app/search/documents.py`, or None when
the object must not be searchable (a draft, a member-only page...): None removes it from
the index. The search area then indexes the type on every committed change of the model
(and of the `related` models), rebuilds and checks it, and shows it as a result type.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.engine import Connection

RelatedIds = Callable[[Connection, Any], Iterable[int]]


@dataclass(frozen=True)
class SearchType:
    """How one kind of object becomes a search document.

    name: the type's key in URLs, the index and the queue ("challenge").
    model: the SQLAlchemy model whose rows are the documents (needs an integer `id`).
    to_document: object -> document dict, or None when it must not be indexed.
    label: the type's name shown to users (a lazy translated string).
    url: object -> the path of the object's public page.
    related: other models whose changes change this type's documents, each with a
        function (connection, changed object) -> ids of the affected documents.
    load_options: SQLAlchemy loader options used when loading many objects at once.
    """

    name: str
    model: type
    to_document: Callable[[Any], dict | None]
    label: Any
    url: Callable[[Any], str]
    related: Mapping[type, RelatedIds] = field(default_factory=dict)
    load_options: Callable[[], Sequence] = lambda: ()


_TYPES: dict[str, SearchType] = {}


def register_document_type(search_type: SearchType) -> SearchType:
    """Make a type searchable (registering the same name again replaces it)."""
    if not search_type.name.isidentifier():
        raise ValueError(f"search type names are identifiers, not {search_type.name!r}")
    _TYPES[search_type.name] = search_type
    return search_type


def document_types() -> list[SearchType]:
    """All registered types, in registration order."""
    return list(_TYPES.values())


def document_type(name: str) -> SearchType | None:
    """The registered type of that name, if any."""
    return _TYPES.get(name)


def type_names() -> list[str]:
    """The names of the registered types."""
    return list(_TYPES)
