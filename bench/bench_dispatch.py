"""How fast the dispatcher empties a backlog, through the real SDK, against a slow Twilio.

Sends the same backlog of due texts with one sender at a time (the baseline) and with
several in parallel, each against the local Twilio stand-in answering after a fixed
latency, and reports texts per second and the ratio to the baseline, all measured in
this process on this machine.

    python bench/bench_dispatch.py [--texts 200] [--latency 0.05] [--database URL]
"""

import argparse
import os
import platform
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import flask_migrate
import sqlalchemy as sa
from flask import current_app

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from clinic import MIGRATIONS_DIR, create_app  # noqa: E402
from clinic.dispatch import dispatch_due  # noqa: E402
from clinic.extensions import db  # noqa: E402
from clinic.models import Message, Patient, utcnow  # noqa: E402
from clinic.sms_setup import gateway  # noqa: E402
from tests.twilio_standin import TwilioStandin  # noqa: E402


def _backlog(count: int) -> None:
    """Replace every text with ``count`` texts that are due now."""
    db.session.execute(sa.delete(Message))
    db.session.execute(sa.delete(Patient))
    now = utcnow()
    for i in range(count):
        patient = Patient(
            name=f"Bench {i}",
            phone=f"+8210{5000_0000 + i}",
            language="en",
            sms_consent=True,
            created_at=now,
        )
        db.session.add(patient)
        db.session.add(
            Message(
                key=f"bench:{i}",
                patient=patient,
                step="confirmation",
                kind="confirmation",
                body="[Bench] Your appointment is booked.",
                send_at=now - timedelta(minutes=1),
                expires_at=now + timedelta(days=1),
                urgent=True,
            )
        )
    db.session.commit()


def _run(standin: TwilioStandin, texts: int, latency: float, concurrency: int) -> float:
    _backlog(texts)
    standin.reset()
    standin.fail_next("latency", times=texts, seconds=latency)
    settings = current_app.extensions["clinic_settings"]
    started = time.perf_counter()
    report = dispatch_due(
        db.session,
        gateway(),
        settings,
        utcnow(),
        batch=50,
        concurrency=concurrency,
        max_batches=10_000,
    )
    elapsed = time.perf_counter() - started
    assert report.sent == texts == len(standin.messages), (report, len(standin.messages))
    return texts / elapsed


def main() -> None:
    """Run the benchmark and print a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=200)
    parser.add_argument("--latency", type=float, default=0.05, help="Twilio's answer time (s)")
    parser.add_argument("--database", default=os.environ.get("BENCH_DATABASE_URL", ""))
    args = parser.parse_args()
    standin = TwilioStandin()
    schema = f"bench_{os.getpid()}"
    with tempfile.TemporaryDirectory() as home:
        url = args.database or f"sqlite:///{Path(home) / 'bench.db'}"
        if url.startswith("postgresql"):
            # A schema of its own, so the benchmark never touches anyone's data.
            with sa.create_engine(url).begin() as conn:
                conn.execute(sa.text(f"CREATE SCHEMA {schema}"))
            url += ("&" if "?" in url else "?") + f"options=-csearch_path%3D{schema}"
        app = create_app(
            {
                "DATABASE_URL": url,
                "SECRET_KEY": "bench",
                "INSTANCE_PATH": home,
                "DISPATCH_CONCURRENCY": "16",
                "SMS_BACKEND": "twilio",
                "PUBLIC_BASE_URL": "https://bench.test",
                **standin.env(),
            }
        )
        with app.app_context():
            flask_migrate.upgrade(directory=MIGRATIONS_DIR)
            print(
                f"machine: {platform.machine()}, {os.cpu_count()} cores, "
                f"{platform.python_implementation()} {platform.python_version()}, "
                f"database {db.engine.dialect.name}"
            )
            print(f"{args.texts} due texts, Twilio answering after {args.latency * 1000:.0f} ms")
            baseline = _run(standin, args.texts, args.latency, 1)
            print(f"{'senders':>8} {'texts/s':>9} {'vs 1 sender':>12}")
            print(f"{1:>8} {baseline:>9.1f} {1.0:>11.2f}x")
            for senders in (4, 8, 16):
                rate = _run(standin, args.texts, args.latency, senders)
                print(f"{senders:>8} {rate:>9.1f} {rate / baseline:>11.2f}x")
            db.session.remove()
            db.engine.dispose()
        if args.database.startswith("postgresql"):
            with sa.create_engine(args.database).begin() as conn:
                conn.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
    standin.close()


if __name__ == "__main__":
    main()
