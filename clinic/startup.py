"""A bad setting at start-up: one line naming it, exit status 2, and ``--help`` still works."""

import click

from clinic.config import ConfigError

EXIT_BAD_SETTING = 2


def listing_commands(argv: list[str]) -> bool:
    """Whether the Flask command line only asks for help (``--help`` or no command at all)."""
    if click.get_current_context(silent=True) is None:
        return False  # gunicorn, python -m jobs: not the Flask command line
    args = argv[1:]
    if "--help" in args or "-h" in args:
        return True
    words, skip = [], False
    for arg in args:
        if skip:
            skip = False
        elif arg in ("--app", "-A", "--env-file", "-e"):
            skip = True  # the option's value follows
        elif not arg.startswith("-"):
            words.append(arg)
    return not words


def stop_on_bad_setting(exc: ConfigError, argv: list[str]) -> None:
    """Print the one line and exit 2, unless the command line only lists the commands."""
    click.echo(f"Error: {exc}", err=True)
    if not listing_commands(argv):
        raise SystemExit(EXIT_BAD_SETTING)
