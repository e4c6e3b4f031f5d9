"""My pages (`/my/`): one workspace per person, composed of the blocks their roles give
them. Each area offers its blocks in `app/<area>/workspace.py`; `blocks.BLOCKS` lists
them."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register My pages."""
    from app.workspace.views import bp

    app.register_blueprint(bp)
