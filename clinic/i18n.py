"""The staff pages' language: the person's own setting, else the browser's Accept-Language."""

import os

import sqlalchemy.exc as sa_exc
from flask import Flask, request
from flask_babel import Babel, get_locale, refresh
from flask_login import current_user

# The languages the staff pages exist in; the first is the fallback.
PAGE_LANGUAGES = ("en", "ko")
TRANSLATIONS_DIR = os.path.join(os.path.dirname(__file__), "translations")

babel = Babel()


def choose_language() -> str:
    """The signed-in person's own language, else the best match for the browser's."""
    try:
        own = getattr(current_user, "language", None)
    except sa_exc.SQLAlchemyError:
        own = None  # the database is away: the error page still has a language
    if own in PAGE_LANGUAGES:
        return str(own)
    return request.accept_languages.best_match(PAGE_LANGUAGES) or PAGE_LANGUAGES[0]


def page_language() -> str:
    """The language this request's page is in (for `<html lang>`)."""
    return str(get_locale() or PAGE_LANGUAGES[0])


def init_app(app: Flask) -> None:
    """Bind Flask-Babel: gettext in Python and `_()` in every template."""
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", TRANSLATIONS_DIR)
    babel.init_app(app, locale_selector=choose_language)
    app.jinja_env.globals["page_language"] = page_language
    # Flask-Babel keeps the choice on the app context, which a test (or a CLI command that
    # serves several requests) may share between requests: choose again for each request.
    app.before_request(refresh)
