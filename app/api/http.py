"""HTTP for the open data API: conditional JSON and CSV responses, pagination, CORS.

Every response carries an ETag (a hash of the body) and, where the data has dates, a
Last-Modified (the latest change of any record in it); a matching If-None-Match or
If-Modified-Since gets a 304 without a body. Any site may read the API from a browser
(CORS for GET, never with credentials).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode

from flask import Flask, Response, current_app, request
from flask_babel import gettext as _

from app.core.domain import DomainError

API_PREFIX = "/api/"
EXPOSED_HEADERS = ("ETag, Last-Modified, Link, Retry-After, X-RateLimit-Limit, "
                   "X-RateLimit-Remaining, X-RateLimit-Reset")
READ_METHODS = "GET, HEAD, OPTIONS"
ALLOWED_REQUEST_HEADERS = "Accept, Accept-Language, If-None-Match, If-Modified-Since"
MAX_PAGE = 100_000  # keeps OFFSET within what every database accepts


def latest(*values: datetime | None) -> datetime | None:
    """The latest of some dates, ignoring missing ones (None if there are none)."""
    present = [value for value in values if value is not None]
    return max(present) if present else None


def _conditional(response: Response, last_modified: datetime | None) -> Response:
    response.add_etag()
    if last_modified is not None:
        response.last_modified = last_modified
    response.cache_control.public = True
    response.cache_control.no_cache = True  # may be stored, but ask again (cheap with a 304)
    return response.make_conditional(request)


def json_response(payload, last_modified: datetime | None = None) -> Response:
    """The payload as JSON, with ETag and Last-Modified, or a 304 if the client has it."""
    return _conditional(current_app.json.response(payload), last_modified)


def csv_response(text: str, filename: str, last_modified: datetime | None = None) -> Response:
    """A CSV download (UTF-8), with ETag and Last-Modified like the JSON responses."""
    response = Response(text, mimetype="text/csv")
    response.charset = "utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return _conditional(response, last_modified)


# --- query parameters: checked strictly, a wrong value is a 400 with a message ----------------

def bad_parameter(name: str, message: str) -> DomainError:
    """The error for a query parameter the API cannot use."""
    return DomainError(_("Parameter “%(name)s”: %(problem)s", name=name, problem=message),
                       400, field=name)


def choice_arg(name: str, allowed) -> str | None:
    """An optional parameter that must be one of the allowed values."""
    value = request.args.get(name)
    if value is None:
        return None
    if value not in allowed:
        raise bad_parameter(name, _("use one of %(values)s.", values=", ".join(sorted(allowed))))
    return value


def int_arg(name: str, default: int | None = None, minimum: int = 1,
            maximum: int = 2_147_483_647) -> int | None:
    """An optional whole-number parameter within limits."""
    value = request.args.get(name)
    if value is None:
        return default
    if not value.isascii() or not value.isdigit():
        raise bad_parameter(name, _("give a whole number."))
    number = int(value)
    if not minimum <= number <= maximum:
        raise bad_parameter(name, _("give a number from %(low)d to %(high)d.", low=minimum,
                                    high=maximum))
    return number


@dataclass(frozen=True)
class PageRequest:
    page: int
    per_page: int


def page_request(default_size: int = 20, max_size: int = 100) -> PageRequest:
    """The `page` and `per_page` parameters."""
    return PageRequest(int_arg("page", 1, maximum=MAX_PAGE),
                       int_arg("per_page", default_size, maximum=max_size))


def _page_url(page: int) -> str:
    args = request.args.to_dict()
    args["page"] = str(page)
    return f"{request.base_url}?{urlencode(args)}"


def page_links(pagination) -> dict[str, str | None]:
    """Links to this, the first, last, next and previous pages (None where there is none)."""
    last = max(pagination.pages, 1)
    return {
        "self": _page_url(pagination.page), "first": _page_url(1), "last": _page_url(last),
        "next": _page_url(pagination.page + 1) if pagination.page < last else None,
        "prev": _page_url(min(pagination.page - 1, last)) if pagination.page > 1 else None,
    }


def page_payload(pagination, items: list) -> dict:
    """A page of a collection: the items, counts and links to the neighbouring pages."""
    return {
        "data": items,
        "meta": {"page": pagination.page, "per_page": pagination.per_page,
                 "total": pagination.total, "pages": pagination.pages},
        "links": page_links(pagination),
    }


def link_header(links: dict[str, str | None]) -> str:
    """The same links as an RFC 8288 Link header."""
    return ", ".join(f'<{url}>; rel="{rel}"' for rel, url in links.items()
                     if url and rel != "self")


def paged_response(pagination, items: list, last_modified: datetime | None) -> Response:
    """A page of a collection as JSON, with a Link header to the neighbouring pages."""
    payload = page_payload(pagination, items)
    response = json_response(payload, last_modified)
    response.headers["Link"] = link_header(payload["links"])
    return response


# --- CORS ------------------------------------------------------------------------------------

def _allow_cross_origin(response: Response) -> Response:
    if not request.path.startswith(API_PREFIX):
        return response
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
    if request.method == "OPTIONS":
        response.headers["Access-Control-Allow-Methods"] = READ_METHODS
        response.headers["Access-Control-Allow-Headers"] = ALLOWED_REQUEST_HEADERS
        response.headers["Access-Control-Max-Age"] = "86400"
    response.headers.pop("Access-Control-Allow-Credentials", None)
    return response


def init_app(app: Flask) -> None:
    """CORS for every /api/ response, errors and unknown addresses included."""
    app.after_request(_allow_cross_origin)
