"""Full-text search: the search page, the index and its queue, saved searches, alerts."""

from __future__ import annotations

import os

from flask import Flask


def init_app(app: Flask) -> None:
    """Register every search document type, the change queue, the jobs, the pages and commands."""
    app.config.setdefault("SEARCH_BACKEND", os.environ.get("SEARCH_BACKEND", "whoosh"))
    app.config.setdefault("SEARCH_REBUILD_PROCS",
                          int(os.environ.get("SEARCH_REBUILD_PROCS", "1")))
    # alerts imports the indexer, so the indexing job is registered (and runs) first.
    from app.challenges.publication import publication_audience
    from app.search import (  # noqa: F401 - jobs, tables, globals
        alerts,
        lexicon,
        models,
        permissions,
        snapshot,
        store,
    )
    from app.search.backends import whoosh_adapter
    from app.search.cli import search_cli
    from app.search.publication import add_matching_profiles
    from app.search.queue import install
    from app.search.types import register_all_types
    from app.search.views import bp

    whoosh_adapter.install()  # checks the whoosh-reloaded version, patches its writer
    lexicon.use_store(store.fetch_lexicon, store.save_lexicon)
    register_all_types()
    publication_audience.register(add_matching_profiles)  # counted on the confirmation
    install()
    app.register_blueprint(bp)
    app.cli.add_command(search_cli)
