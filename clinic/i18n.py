"""The staff pages' language: the person's own setting, else the browser's Accept-Language."""

import os
from datetime import date, datetime
from typing import Any

import flask_babel
import sqlalchemy.exc as sa_exc
from babel.dates import format_date
from babel.dates import format_datetime as babel_format_datetime
from flask import Flask, current_app, has_request_context, request
from flask_babel import Babel, get_locale, refresh
from flask_login import current_user

# The languages the staff pages exist in; the first is the fallback.
PAGE_LANGUAGES = ("en", "ko")
TRANSLATIONS_DIR = os.path.join(os.path.dirname(__file__), "translations")

babel = Babel()


def choose_language() -> str:
    """The signed-in person's own language, else the best match for the browser's."""
    if not has_request_context():
        return PAGE_LANGUAGES[0]  # a job or command: words it keeps are in English
    try:
        own = getattr(current_user, "language", None)
    except sa_exc.SQLAlchemyError:
        own = None  # the database is away: the error page still has a language
    if own in PAGE_LANGUAGES:
        return str(own)
    return request.accept_languages.best_match(PAGE_LANGUAGES) or PAGE_LANGUAGES[0]


def gettext(string: str, **variables: Any) -> str:
    """Flask-Babel's gettext, typed: the words in the page's language."""
    return str(flask_babel.gettext(string, **variables))


def ngettext(singular: str, plural: str, num: int, **variables: Any) -> str:
    """Flask-Babel's ngettext, typed; ``%(num)s`` is the count."""
    return str(flask_babel.ngettext(singular, plural, num, **variables))


def page_language() -> str:
    """The language this request's page is in (for `<html lang>`)."""
    return str(get_locale() or PAGE_LANGUAGES[0])


# Named styles for dates and times on the pages, as CLDR patterns per language.
DATE_STYLES: dict[str, dict[str, str]] = {
    "en": {
        "day": "EEE dd MMM",  # Wed 02 Dec
        "date": "EEE dd MMM y",  # Wed 02 Dec 2026
        "short_date": "dd MMM y",  # 02 Dec 2026
        "month_date": "dd MMMM y",  # 02 December 2026
        "long_day": "EEEE dd MMMM",  # Wednesday 02 December
        "long_date": "EEEE dd MMMM y",  # Wednesday 02 December 2026
        "time": "HH:mm",
        "datetime": "EEE dd MMM, HH:mm",  # Wed 02 Dec, 14:00
        "full": "EEE dd MMM y, HH:mm",  # Wed 02 Dec 2026, 14:00
        "short": "dd MMM HH:mm",  # 02 Dec 14:00
        "short_full": "dd MMM y, HH:mm",  # 02 Dec 2026, 14:00
        "long_datetime": "EEEE dd MMMM, HH:mm",
        "long_full": "EEEE dd MMMM y, HH:mm",
        "month": "MMMM y",  # December 2026
        "seconds": "y-MM-dd HH:mm:ss",
    },
    "ko": {
        "day": "M월 d일 (E)",  # 12월 2일 (수)
        "date": "y년 M월 d일 (E)",
        "short_date": "y년 M월 d일",
        "month_date": "y년 M월 d일",
        "long_day": "M월 d일 EEEE",
        "long_date": "y년 M월 d일 EEEE",
        "time": "HH:mm",
        "datetime": "M월 d일 (E) HH:mm",  # 12월 2일 (수) 14:00
        "full": "y년 M월 d일 (E) HH:mm",
        "short": "M월 d일 HH:mm",
        "short_full": "y년 M월 d일 HH:mm",
        "long_datetime": "M월 d일 EEEE HH:mm",
        "long_full": "y년 M월 d일 EEEE HH:mm",
        "month": "y년 M월",
        "seconds": "y-MM-dd HH:mm:ss",
    },
}
# Not words: the values forms and links carry, and styles that are digits in every
# language (strftime is far cheaper than Babel, and a day view shows hundreds of times).
MACHINE_STYLES = {
    "iso_date": "%Y-%m-%d",
    "iso_time": "%H:%M",
    "time": "%H:%M",
    "seconds": "%Y-%m-%d %H:%M:%S",
}


def format_local(value: datetime | date | None, style: str = "full") -> str:
    """Format a moment (in the clinic's zone) or a day for this page's language."""
    if value is None:
        return ""
    zone = current_app.extensions["clinic_settings"].timezone
    if isinstance(value, datetime):
        value = value.astimezone(zone)
    if style in MACHINE_STYLES:
        return value.strftime(MACHINE_STYLES[style])
    language = page_language()
    pattern = DATE_STYLES.get(language, DATE_STYLES["en"])[style]
    if isinstance(value, datetime):
        return babel_format_datetime(value, pattern, tzinfo=zone, locale=language)
    return format_date(value, pattern, locale=language)


def init_app(app: Flask) -> None:
    """Bind Flask-Babel: gettext in Python and `_()` in every template."""
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", TRANSLATIONS_DIR)
    babel.init_app(app, locale_selector=choose_language)
    app.jinja_env.globals["page_language"] = page_language
    app.add_template_filter(format_local, "local")
    # Flask-Babel keeps the choice on the app context, which a test (or a CLI command that
    # serves several requests) may share between requests: choose again for each request.
    app.before_request(refresh)
