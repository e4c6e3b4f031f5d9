"""Helpers shared by the thin view functions."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import redirect, render_template, request, url_for


def form_page(template: str, form, status: int | None = None, **context):
    """Render a form page; a POST that reaches here failed validation, so 422."""
    if status is None:
        status = 422 if request.method == "POST" else 200
    return render_template(template, form=form, **context), status


def add_form_error(form, field_name: str | None, message: str) -> None:
    """Attach a message from a domain rule to a field (or to the form as a whole)."""
    if field_name:
        field = getattr(form, field_name)
        field.errors = [*field.errors, message] if isinstance(field.errors, list) else [message]
    else:
        form.form_errors.append(message)


def safe_next_url(default_endpoint: str = "main.index", **values) -> str:
    """The `next` parameter if it points inside this site, else a default page."""
    target = request.values.get("next", "")
    parts = urlsplit(target)
    if target.startswith("/") and not target.startswith("//") and not parts.netloc:
        return target
    return url_for(default_endpoint, **values)


def redirect_next(default_endpoint: str = "main.index", **values):
    """Redirect to a safe `next` page or the default."""
    return redirect(safe_next_url(default_endpoint, **values))


CONFIRMED_FIELD = "confirmed"


def is_confirmed() -> bool:
    """True when a POST comes from the confirmation page (which sends `confirmed=yes`)."""
    return request.form.get(CONFIRMED_FIELD) == "yes"


def confirmation_page(title: str, action_url: str, confirm_label: str, cancel_url: str, *,
                      consequences=(), audience=(), caption: str | None = None,
                      destructive: bool = False, hidden: dict | None = None,
                      status: int = 200, **context):
    """The page that says what an irreversible action will do, and to whom, before it is
    done; its button posts the same form again with `confirmed=yes` (and `hidden` fields)."""
    return render_template(
        "core/confirm.html", title=title, action_url=action_url, confirm_label=confirm_label,
        cancel_url=cancel_url, consequences=list(consequences), audience=list(audience),
        caption=caption, destructive=destructive, hidden=hidden or {}, **context), status
