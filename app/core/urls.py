"""Absolute addresses of our own pages, for e-mails, feeds and calendar files.

`external_url(endpoint, **values)` builds the address from the URL map, like `url_for`,
but always at `BASE_URL` (the public address), so it is the same inside a request, in
the worker and in a command, and a link in an e-mail never depends on how the request
that queued it reached the server. Values the route does not take become the query.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app


def external_url(endpoint: str, **values) -> str:
    """The absolute address of a page on this platform, at BASE_URL."""
    base = urlsplit(current_app.config["BASE_URL"])
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path or "/",
                                       url_scheme=base.scheme or "https")
    return adapter.build(endpoint, values, force_external=True)


def absolute_url(path: str) -> str:
    """The address at BASE_URL of a path that came from the URL map and was kept as data
    (an in-app notification's link, a search result's address)."""
    return current_app.config["BASE_URL"].rstrip("/") + "/" + path.lstrip("/")


def site_path(url: str | None) -> str | None:
    """The path (and query) of an address on this platform, for links inside the site;
    None for anything that is not ours."""
    if not url:
        return None
    parts, base = urlsplit(url), urlsplit(current_app.config["BASE_URL"])
    if parts.netloc and parts.netloc != base.netloc:
        return None
    path = parts.path[len(base.path.rstrip("/")):] if base.path.strip("/") else parts.path
    return (path or "/") + (f"?{parts.query}" if parts.query else "")

