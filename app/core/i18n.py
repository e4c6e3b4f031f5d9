"""Language choice (user, then cookie, then browser) and locale-aware formatting."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from flask import Flask, current_app, has_request_context, request
from flask_babel import Babel, format_currency, format_datetime, format_decimal, get_locale
from flask_login import current_user

from app.core.dates import DATE_FILTERS

LANGUAGE_COOKIE = "arena_lang"


# English dates and numbers in the European style ("28 Nov 2026, 14:05"), not the US one.
FORMATTING_LOCALES = {"en": "en_GB"}


def babel_locale(language: str) -> str:
    """The locale to use for a language ("en" -> "en_GB"): its messages and its formats."""
    return FORMATTING_LOCALES.get(language, language)


def current_language() -> str:
    """The language ("sv" or "en") of what is being rendered."""
    locale = get_locale()
    return locale.language if locale else "sv"


def select_locale() -> str:
    """The signed-in user's language, else the switcher's cookie, else the browser's.

    Outside a request (command-line tools) messages are in English.
    """
    return babel_locale(_chosen_language())


def _chosen_language() -> str:
    if not has_request_context():
        return "en"
    languages = current_app.config["LANGUAGES"]
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    chosen = request.cookies.get(LANGUAGE_COOKIE)
    if chosen in languages:
        return chosen
    return request.accept_languages.best_match(languages) or current_app.config[
        "BABEL_DEFAULT_LOCALE"
    ]


def default_language() -> str:
    """The platform's default language (the setting BABEL_DEFAULT_LOCALE)."""
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def invitation_language(chosen: str | None) -> str:
    """The language of an invitation to someone who may have no account (so no language
    of their own): the one the inviter chose, else the platform's default, never the
    inviter's own."""
    return chosen if chosen in current_app.config["LANGUAGES"] else default_language()


def translation_directories(app: Flask) -> str:
    """Each domain area keeps its own catalogue (`app/<area>/translations`)."""
    root = Path(app.root_path)
    dirs = [str(p) for p in sorted(root.glob("*/translations")) if p.is_dir()]
    return ";".join(dirs) or "translations"


def local_datetime(value: datetime | None, fmt: str = "medium") -> str:
    """A UTC datetime shown in the user's time zone and language."""
    if value is None:
        return ""
    return format_datetime(value, fmt)


def money(amount, currency: str = "SEK") -> str:
    """An amount formatted for the locale, without decimals for whole numbers."""
    if amount is None:
        return ""
    return format_currency(amount, currency, format="#,##0\xa0¤", currency_digits=False)


def number(value) -> str:
    """A number formatted for the locale."""
    return "" if value is None else format_decimal(value)


def init_app(app: Flask, babel: Babel) -> None:
    """Bind Flask-Babel with our locale selector and catalogues."""
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", translation_directories(app))
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.filters.update(local_datetime=local_datetime, money=money, number=number)
    app.jinja_env.filters.update(DATE_FILTERS)
