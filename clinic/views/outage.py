"""While the database is unreachable: 503 with Retry-After, never a 500."""

import contextlib
import logging

from flask import Response, jsonify, request
from sqlalchemy import exc as sa_exc

from clinic.extensions import db

log = logging.getLogger(__name__)

# Errors that mean "the database cannot be reached or is too busy right now".
DB_UNAVAILABLE = (sa_exc.OperationalError, sa_exc.InterfaceError, sa_exc.TimeoutError)
RETRY_AFTER_SECONDS = 5
# Both languages: without the database the page cannot know the reader's setting.
_PAGE = (
    "<!doctype html><html lang=en><meta charset=utf-8><title>Back in a moment · 잠시 후 다시"
    "</title><h1>Back in a moment</h1><p>The clinic's database cannot be reached just now. "
    "Nothing was saved; try again in a few seconds.</p>"
    '<h1 lang="ko">잠시 후 다시 시도해 주세요</h1><p lang="ko">'
    "지금은 병원 데이터베이스에 연결할 수 없습니다. 저장된 것은 없습니다. "
    "몇 초 뒤에 다시 시도해 주세요.</p></html>"
)


def database_unavailable(error: Exception) -> Response:
    """Answer 503 with Retry-After; Twilio retries a webhook that gets it."""
    log.warning("database unavailable on %s %s: %s", request.method, request.path, error)
    # The connection is gone: the pool replaces it (pool_pre_ping) on the next request.
    with contextlib.suppress(Exception):
        db.session.rollback()
    if request.path.startswith(("/api/", "/twilio/")):
        response = jsonify(
            {"error": "Service Unavailable", "message": "The database cannot be reached."}
        )
    else:
        # No template: rendering one would ask the database for the signed-in user.
        response = Response(_PAGE, mimetype="text/html")
    response.status_code = 503
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response.headers["Cache-Control"] = "no-store"
    return response
