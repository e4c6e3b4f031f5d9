"""Recording audit events."""

from __future__ import annotations

from flask import has_request_context, request

from app.audit.models import AuditEvent
from app.extensions import db


def record(action: str, actor=None, obj=None, **details) -> AuditEvent:
    """Add an audit event for `action` by `actor` on `obj` (flushed, not committed)."""
    obj = _unproxied(obj)
    event = AuditEvent(
        action=action,
        actor_id=getattr(actor, "id", None),
        object_type=type(obj).__tablename__ if obj is not None else None,
        object_id=getattr(obj, "id", None),
        ip_address=request.remote_addr if has_request_context() else None,
        details={key: _plain(value) for key, value in details.items()},
    )
    db.session.add(event)
    db.session.flush()
    return event


def _unproxied(obj):
    # current_user is a proxy; its class is not the model's.
    return obj._get_current_object() if hasattr(obj, "_get_current_object") else obj


def _plain(value):
    return value if isinstance(value, (str, int, float, bool, type(None))) else str(value)
