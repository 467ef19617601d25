"""Password rules: long enough, not too long, and not one everybody tries first."""

import re
from functools import cache
from importlib import resources

from clinic.i18n import gettext as _

MIN_LENGTH = 10
# The sign-in form takes at most this many characters; no account may need more.
MAX_LENGTH = 200
_TAIL = re.compile(r"[\d\W_]+$")


@cache
def _common() -> frozenset[str]:
    text = resources.files("clinic").joinpath("data/common_passwords.txt").read_text("utf-8")
    lines = (line.strip() for line in text.splitlines())
    return frozenset(line for line in lines if line and not line.startswith("#"))


def password_problem(password: str, *, email: str = "", name: str = "") -> str | None:
    """Say why ``password`` may not be used, or return None when it may."""
    if len(password) < MIN_LENGTH:
        return _("Use at least %(n)s characters.", n=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return _("Use at most %(n)s characters.", n=MAX_LENGTH)
    lowered = password.lower()
    bare = _TAIL.sub("", lowered)
    if lowered in _common() or bare in _common() or len(set(lowered)) < 3:
        return _("This password is too common or too simple; choose another.")
    personal = {email.lower(), email.lower().split("@")[0], name.lower().replace(" ", "")}
    if lowered in personal - {""} or bare in personal - {""}:
        return _("Do not use your email or name as the password.")
    return None
