"""threadcare: aftercare texting and side-effect triage for thread-lift clinics."""

import os
import sqlite3
import sys
from collections.abc import Mapping
from typing import Any

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from werkzeug.middleware.proxy_fix import ProxyFix

from clinic import audit
from clinic.config import ConfigError, clinic_settings, flask_config
from clinic.extensions import csrf, db, login_manager, migrate
from clinic.startup import stop_on_bad_setting

MIGRATIONS_DIR = os.path.join(os.path.dirname(os.path.dirname(__file__)), "migrations")
TEMPLATES_DIR = os.path.join(os.path.dirname(os.path.dirname(__file__)), "templates")


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets readers work while the dispatcher writes; busy_timeout makes
    # writers wait for each other instead of failing at once.
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        # With WAL, NORMAL loses no committed data on a crash of the process, only
        # possibly the last transactions on a power cut; FULL syncs on every commit.
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA foreign_keys=ON")
        # Keep the WAL file small once checkpointed (the checkpoint job runs every 5 min).
        cursor.execute("PRAGMA journal_size_limit=4194304")
        cursor.close()


def _private_sqlite_file(url: str) -> None:
    """Create the SQLite file readable by this user only (its -wal and -shm inherit it)."""
    database = make_url(url).database if url.startswith("sqlite") else None
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    if not os.path.isdir(os.path.dirname(os.path.abspath(database))):
        return  # SQLite will say so when it connects
    fd = os.open(database, os.O_RDWR | os.O_CREAT, 0o600)
    os.close(fd)


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Create the Flask app from the environment (and, in tests, overrides)."""
    instance = (test_config or {}).get("INSTANCE_PATH") or os.environ.get("INSTANCE_PATH")
    app = Flask(
        __name__,
        instance_path=os.path.abspath(instance) if instance else None,
        instance_relative_config=True,
        template_folder=TEMPLATES_DIR,
    )
    # The instance folder holds the secret key, the SQLite file and photos: owner only.
    os.makedirs(app.instance_path, mode=0o700, exist_ok=True)
    env: dict[str, str] = dict(os.environ)
    if test_config:
        env.update({k: str(v) for k, v in test_config.items() if isinstance(v, str | int | float)})
    try:
        config, settings = flask_config(env, app.instance_path), clinic_settings(env)
    except ConfigError as exc:
        if test_config is not None:
            raise
        stop_on_bad_setting(exc, sys.argv)
        # Only listing the commands: the embedded defaults are enough for that.
        config, settings = flask_config({}, app.instance_path), clinic_settings({})
    app.config.update(config)
    if test_config:
        app.config.update(test_config)
    app.extensions["clinic_settings"] = settings
    _private_sqlite_file(str(app.config["SQLALCHEMY_DATABASE_URI"]))

    proxies = int(app.config["TRUST_PROXY_HEADERS"])
    if proxies:
        # Behind nginx or a load balancer: trust its X-Forwarded-* for redirects and cookies.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies
        )
    db.init_app(app)
    audit.install()
    migrate.init_app(app, db, directory=MIGRATIONS_DIR, render_as_batch=True, compare_type=True)
    csrf.init_app(app)
    login_manager.init_app(app)

    from clinic import cli, i18n, sms_setup, views

    i18n.init_app(app)

    sms_setup.init_app(app)
    views.init_app(app)
    cli.init_app(app)
    return app
