"""Markdown to safe HTML: markdown-it renders, nh3 removes anything not allowed."""

from __future__ import annotations

import html

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

_renderer = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "em", "h2", "h3", "h4", "hr", "li", "ol",
    "p", "pre", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}


def render_markdown(text: str | None) -> Markup:
    """Render user Markdown as sanitised HTML, safe to place in a page."""
    if not text:
        return Markup("")
    html = _renderer.render(text)
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return Markup(clean)  # noqa: S704 - cleaned by nh3 just above


def markdown_to_text(text: str | None) -> str:
    """The words of user Markdown without its markup (for search and previews)."""
    if not text:
        return ""
    stripped = nh3.clean(_renderer.render(text), tags=set())
    return html.unescape(stripped).strip()
