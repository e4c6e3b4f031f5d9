"""Knowledge base: articles (definitions, guides, IP guidance, templates) and good examples."""

import click
from flask import Flask
from flask.cli import AppGroup

from app.extensions import db

knowledge_cli = AppGroup("knowledge", help="The knowledge base.")


@knowledge_cli.command("seed")
def seed_command() -> None:
    """Add the standard articles and good examples that are missing; never overwrites."""
    from app.knowledge.seed import seed_knowledge

    report = seed_knowledge()
    db.session.commit()
    click.echo(f"knowledge: {report.articles} articles and {report.cases} good examples added")


def init_app(app: Flask) -> None:
    """Register the knowledge pages, template helpers and `knowledge` commands."""
    from app.knowledge import helpers, permissions  # noqa: F401 - registers template globals
    from app.knowledge.views import bp

    app.register_blueprint(bp)
    app.cli.add_command(knowledge_cli)
