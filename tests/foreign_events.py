"""An event registered the way any other area does, with its own templates.

Used to show that the catalogue, preferences, digests and the funding block work for
events that the notifications area knows nothing about.
"""

from __future__ import annotations

from contextlib import contextmanager

from jinja2 import DictLoader

from app.core.events import EVENTS, EventGroup, Frequency, register_event

TEMPLATES = {
    "email/elsewhere/thing_happened.txt": (
        '{% set subject %}Update on {{ thing }}{% endset -%}\n'
        '{% set summary %}{{ thing }} has changed: see what is new.{% endset -%}\n'
        '{% set link %}{{ external_url("challenges.detail", challenge_id=thing_id) }}'
        '{% endset -%}\n'
        "Hello {{ recipient.name }},\n\n"
        "{{ summary }}\n\n"
        "Read it here: {{ link }}\n"
        '{% include "email/_footer.txt" %}'
    ),
    "email/elsewhere/thing_happened.html": (
        '{% extends "email/layout.html" %}{% block content %}'
        "<p>Hello {{ recipient.name }},</p><p>{{ thing }} has changed.</p>"
        '<p><a href="{{ link }}">Read it</a></p>{% endblock %}'
    ),
}
KEY = "elsewhere/thing_happened"


@contextmanager
def foreign_event(app, group: EventGroup = EventGroup.FOLLOWED, essential: bool = False,
                  default: Frequency = Frequency.IMMEDIATELY):
    """Register `elsewhere/thing_happened` with templates, as another area would."""
    loader = DictLoader(TEMPLATES)
    app.jinja_loader.loaders.insert(0, loader)
    register_event(KEY, group, essential=essential, default=default)
    try:
        yield KEY
    finally:
        EVENTS.pop(KEY, None)
        app.jinja_loader.loaders.remove(loader)
