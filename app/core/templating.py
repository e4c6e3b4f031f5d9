"""Jinja set-up: GOV.UK Frontend macros, our filters and template globals."""

from __future__ import annotations

from flask import Flask, current_app, request, url_for
from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.main import WTFormsHelpers
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader, Template

from app.core.i18n import current_language
from app.core.markdown import render_markdown
from app.core.reference import region_label, sector_label
from app.core.urls import absolute_url, external_url

_template_globals: dict = {}


def template_global(func):
    """Make a function (typically a `can_*` permission) callable from every template."""
    _template_globals[func.__name__] = func
    return func


def _url_for_page(page: int) -> str:
    args = request.args.to_dict(flat=False)
    args["page"] = [str(page)]
    return url_for(request.endpoint, **(request.view_args or {}), **args)


NAVIGATION = (
    ("main.index", _l("Home")),
    ("challenges.list_challenges", _l("Challenges")),
    ("networks.directory", _l("Networks")),
    ("dialogue.calendar_page", _l("Events")),
    ("funding.index", _l("Funding")),
    ("knowledge.index", _l("Knowledge")),
    ("statistics.index", _l("Statistics")),
)


# The administration's own menu, shown on every administration page.
ADMIN_NAVIGATION = (
    ("admin.dashboard", _l("Overview")),
    ("admin.verifications", _l("Verifications")),
    ("challenges.review_queue", _l("Challenge reviews")),
    ("notifications.outbox", _l("E-mail queue")),
    ("funding.programmes", _l("Funding programmes")),
    ("admin.audit_log", _l("Audit log")),
)
# Administration pages outside the admin blueprint (they belong to their own areas).
ADMIN_PAGES = frozenset({"challenges.review_queue", "notifications.outbox",
                         "funding.programmes", "funding.new_programme",
                         "funding.edit_programme"})


def admin_navigation() -> list[tuple[str, object]]:
    """The administration menu, or nothing when the page is not an administration page."""
    if not (request.blueprint == "admin" or request.endpoint in ADMIN_PAGES):
        return []
    return [(endpoint, label) for endpoint, label in ADMIN_NAVIGATION if has_endpoint(endpoint)]


def active_filters(*names: str) -> int:
    """How many of a list's filters (query parameters) the request sets: the number the
    "Filter" disclosure shows (templates/macros/filters.html)."""
    return sum(1 for name in names if any(v.strip() for v in request.args.getlist(name)))


def has_endpoint(endpoint: str) -> bool:
    """True if the app has a view for the endpoint (areas add their pages as they come)."""
    return endpoint in current_app.view_functions


def main_navigation() -> list[tuple[str, object]]:
    """The main menu: the sections that exist in this build."""
    return [(endpoint, label) for endpoint, label in NAVIGATION if has_endpoint(endpoint)]


def _context() -> dict:
    return {"current_locale": current_language(), "url_for_page": _url_for_page}


class ArenaTemplate(Template):
    """Jinja's template, with a cheaper check each time a macro file is imported.

    Every call of a GOV.UK Frontend macro imports further macro files at run time, and
    for each import Jinja 3.1 works out which of the caller's globals the imported file
    lacks by testing each of our ~100 globals against a ChainMap one by one, which was a
    third of a form page's server time (bench/RESULTS.md). The same set, computed with set
    operations; the rest is Jinja's own method.
    """

    def _get_default_module(self, ctx=None):
        maps = getattr(self.globals, "maps", None)
        if ctx is not None and maps is not None and not ctx.globals_keys.difference(*maps):
            ctx = None  # nothing new to pass on: Jinja's cached module is the right one
        return super()._get_default_module(ctx)


def init_app(app: Flask) -> None:
    """Register loaders for the design-system macros, filters and globals."""
    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(app.template_folder),
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    app.jinja_env.template_class = ArenaTemplate
    WTFormsHelpers(app)
    app.jinja_env.filters.update(markdown=render_markdown, sector_label=sector_label)
    app.jinja_env.globals.update(region_label=region_label, sector_label=sector_label)
    app.jinja_env.globals.update(_template_globals)
    app.jinja_env.globals.update(active_filters=active_filters)
    app.jinja_env.globals.update(has_endpoint=has_endpoint, main_navigation=main_navigation,
                                 admin_navigation=admin_navigation,
                                 external_url=external_url, absolute_url=absolute_url)
    app.jinja_env.add_extension("jinja2.ext.do")
    app.context_processor(_context)
