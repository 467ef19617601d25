"""Paging parameters for pages (``?page=``) and API lists (``?limit=&offset=``)."""

from dataclasses import dataclass
from urllib.parse import urlencode

from flask import Response, request

from clinic.errors import InvalidInput

# Past this an OFFSET only walks the index for nothing; it also keeps the number
# inside what every database accepts (PostgreSQL's OFFSET is a BIGINT).
MAX_OFFSET = 1_000_000


@dataclass(frozen=True)
class Window:
    """Which rows of a list to show: ``limit`` rows from ``offset``."""

    limit: int
    offset: int

    @property
    def page(self) -> int:
        """The 1-based page number this window is."""
        return self.offset // self.limit + 1


def page_window(size: int) -> Window:
    """Read ``?page=N`` for an HTML page; anything unusable means the first page."""
    text = request.args.get("page", "").strip()
    number = int(text) if text.isdigit() and len(text) <= 7 else 1
    offset = min((max(number, 1) - 1) * size, MAX_OFFSET)
    return Window(size, offset - offset % size)


def api_window(default: int, maximum: int) -> Window:
    """Read ``?limit=&offset=`` for an API list; 422 when not whole numbers in range."""
    errors: dict[str, str] = {}
    values = {"limit": default, "offset": 0}
    for name, low in (("limit", 1), ("offset", 0)):
        text = request.args.get(name)
        if text is None:
            continue
        text = text.strip()
        if not text.isdigit() or len(text) > 12 or int(text) < low:
            errors[name] = f"Use a whole number of at least {low}."
            continue
        values[name] = int(text)
    if "offset" not in errors and values["offset"] > MAX_OFFSET:
        errors["offset"] = f"Use at most {MAX_OFFSET}."
    if errors:
        raise InvalidInput(errors)
    # A limit above the maximum is clamped, not refused: the answer says how many came.
    return Window(min(values["limit"], maximum), values["offset"])


def add_paging_headers(response: Response, window: Window, total: int) -> Response:
    """Set ``X-Total-Count`` and an RFC 8288 ``Link`` header with next/prev pages."""
    response.headers["X-Total-Count"] = str(total)
    links = []
    args = {k: v for k, v in request.args.items() if k not in ("limit", "offset")}

    def url(offset: int) -> str:
        query = urlencode({**args, "limit": window.limit, "offset": offset})
        return f"{request.base_url}?{query}"

    if window.offset + window.limit < total:
        links.append(f'<{url(window.offset + window.limit)}>; rel="next"')
    if window.offset > 0:
        links.append(f'<{url(max(window.offset - window.limit, 0))}>; rel="prev"')
    if links:
        response.headers["Link"] = ", ".join(links)
    return response
