"""Flask commands for the worker: ``jobs run``, ``jobs run-once`` and ``serve``."""

import errno
import gc
import logging
import secrets
import signal
import threading
from types import FrameType

import click
import flask_migrate
import sqlalchemy as sa
from flask import current_app
from flask.cli import AppGroup, with_appcontext

from clinic import MIGRATIONS_DIR
from clinic.accounts import create_staff
from clinic.cli import load_demo
from clinic.extensions import db
from clinic.models import Patient, Staff
from jobs.scheduler import FAILED, run_all_once, run_forever

jobs_cli = AppGroup("jobs", help="Run the scheduler that sends texts, reconciles and flags.")


def _logging() -> None:
    # force: Alembic's fileConfig (run by `db upgrade`) leaves the root logger at WARN
    # with its own handler, which would hide the scheduler's INFO lines.
    logging.basicConfig(
        level=logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        force=True,
    )


def _stop_on_sigterm(stop: threading.Event) -> None:
    def handle(_signum: int, _frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, handle)
    signal.signal(signal.SIGINT, handle)


@jobs_cli.command("run")
@with_appcontext
def run_command() -> None:
    """Run the scheduler until stopped (each job once at start, then on its interval)."""
    _logging()
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    stop = threading.Event()
    _stop_on_sigterm(stop)
    click.echo("threadcare worker running; Ctrl+C to stop.")
    run_forever(app, stop)


@jobs_cli.command("run-once")
@with_appcontext
def run_once_command() -> None:
    """Run every job once as of the current clock, then exit."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    summaries = run_all_once(app)
    click.echo("; ".join(f"{name}: {summary}" for name, summary in summaries.items()))
    failed = [name for name, summary in summaries.items() if summary == FAILED]
    if failed:
        # Cron and monitoring read the exit status; say which jobs failed on stderr.
        click.echo(f"jobs failed: {', '.join(failed)}", err=True)
        raise SystemExit(1)


def _first_admin() -> tuple[str, str] | None:
    if db.session.scalar(sa.select(sa.func.count()).select_from(Staff)):
        return None
    password = secrets.token_urlsafe(12)
    create_staff(
        db.session, "admin@clinic.local", role="admin", name="Administrator", password=password
    )
    db.session.commit()
    return "admin@clinic.local", password


# Collections of the youngest generation at most every 20,000 new objects, not 700: a
# day view makes that many, and each older collection then scans fewer survivors.
GC_THRESHOLDS = (20_000, 50, 100)


def _tune_gc() -> None:
    """Keep the garbage collector from pausing requests for tens of milliseconds.

    What start-up built (modules, mappings, catalogues) lives as long as the process:
    frozen, a full collection no longer walks it on every request that triggers one.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=5000, show_default=True, type=int, help="Port to listen on.")
@click.option("--threads", default=8, show_default=True, type=int, help="Web worker threads.")
@click.option(
    "--demo", is_flag=True, help="Load the demonstration clinic if the database is empty."
)
@with_appcontext
def serve_command(host: str, port: int, threads: int, demo: bool) -> None:
    """Run the web UI and the scheduler in one process (single machine or demo)."""
    from waitress import create_server

    app = current_app._get_current_object()  # type: ignore[attr-defined]
    flask_migrate.upgrade(directory=MIGRATIONS_DIR)
    first = _first_admin()
    if demo and not db.session.scalar(sa.select(sa.func.count()).select_from(Patient)):
        for line in load_demo():
            click.echo(line)
    # After the demo's replay (quiet, as before), so that the scheduler's lines show.
    _logging()
    # The start-up queries above ran in the command's own session; end it, or its
    # transaction stays open (idle in transaction) for the server's whole life.
    db.session.remove()
    _tune_gc()
    try:
        server = create_server(app, host=host, port=port, threads=threads)
    except OSError as exc:
        if exc.errno != errno.EADDRINUSE:
            raise
        raise click.ClickException(f"port {port} is in use; choose another with --port") from exc
    stop = threading.Event()
    worker = threading.Thread(target=run_forever, args=(app, stop), name="scheduler", daemon=True)
    worker.start()
    url = f"http://{host}:{server.effective_port}/"
    if first:
        click.echo(
            f"First run: created the administrator account.\n"
            f"  Sign in at {url} as {first[0]} with password {first[1]}\n"
            f"  (shown only now; add staff with 'flask --app wsgi staff create')."
        )
    click.echo(f"threadcare is serving {url} with the scheduler; Ctrl+C to stop.")

    def handle(_signum: int, _frame: FrameType | None) -> None:
        # Leave waitress's loop the way Ctrl+C does; closing its sockets from here
        # would break the select() it is sitting in.
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, handle)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
        stop.set()
        worker.join(timeout=30)
