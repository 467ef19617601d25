"""How fast the dispatcher empties a backlog, through the real SDK, against the bare SDK loop.

For each Twilio latency, sends a backlog of due texts with the real dispatcher at its
default settings and, as the baseline, sends texts with the bare ``twilio`` SDK in a
sequential loop (one ``messages.create`` after another), both against the local
Twilio stand-in answering after that latency, in this process on this machine. Then
checks that ``DISPATCH_RATE`` is kept: the measured rate against the setting.

    python bench/bench_dispatch.py [--texts 1000] [--latency 0,0.2] [--rate 50] [--database URL]
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
from twilio.rest import Client

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from clinic import MIGRATIONS_DIR, create_app  # noqa: E402
from clinic.dispatch import dispatch_due  # noqa: E402
from clinic.extensions import db  # noqa: E402
from clinic.models import Message, Patient, utcnow  # noqa: E402
from clinic.sms.twilio_backend import RedirectingHttpClient  # noqa: E402
from clinic.sms_setup import gateway  # noqa: E402
from tests.twilio_standin import FROM_NUMBER, TwilioStandin  # noqa: E402


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


def _run(standin: TwilioStandin, texts: int, latency: float, rate: float = 0.0) -> float:
    """Texts a second for the dispatcher emptying a backlog of ``texts`` at its defaults."""
    _backlog(texts)
    standin.reset()
    if latency:
        standin.fail_next("latency", times=texts, seconds=latency)
    config = current_app.config
    started = time.perf_counter()
    report = dispatch_due(
        db.session,
        gateway(),
        current_app.extensions["clinic_settings"],
        utcnow(),
        batch=int(config["DISPATCH_BATCH"]),
        concurrency=int(config["DISPATCH_CONCURRENCY"]),
        rate=rate,
    )
    elapsed = time.perf_counter() - started
    assert report.sent == texts == len(standin.messages), (report, len(standin.messages))
    return texts / elapsed


def _bare_loop(standin: TwilioStandin, texts: int, latency: float) -> float:
    """Texts a second for the bare SDK sending one text after another (the baseline)."""
    standin.reset()
    if latency:
        standin.fail_next("latency", times=texts, seconds=latency)
    http = RedirectingHttpClient(standin.url, timeout=10, pool_size=1)
    client = Client(standin.account_sid, standin.auth_token, http_client=http)
    started = time.perf_counter()
    for i in range(texts):
        client.messages.create(
            to=f"+8210{5000_0000 + i}", from_=FROM_NUMBER, body="[Bench] Your visit is booked."
        )
    elapsed = time.perf_counter() - started
    assert len(standin.messages) == texts
    return texts / elapsed


def main() -> None:
    """Run the benchmark and print a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=1000)
    parser.add_argument("--latency", default="0,0.2", help="Twilio's answer times (s), a list")
    parser.add_argument("--rate", type=float, default=50.0, help="DISPATCH_RATE to check, 0: none")
    parser.add_argument("--database", default=os.environ.get("BENCH_DATABASE_URL", ""))
    args = parser.parse_args()
    latencies = [float(x) for x in args.latency.split(",") if x.strip()]
    standin = TwilioStandin()
    schema = f"bench_{os.getpid()}"
    with tempfile.TemporaryDirectory() as home:
        url = args.database or f"sqlite:///{Path(home) / 'bench.db'}"
        if url.startswith("postgresql"):
            # A schema of its own, so the benchmark never touches anyone's data; public
            # stays on the path for extensions (pg_trgm) installed there.
            with sa.create_engine(url).begin() as conn:
                conn.execute(sa.text(f"CREATE SCHEMA {schema}"))
            url += ("&" if "?" in url else "?") + f"options=-csearch_path%3D{schema},public"
        app = create_app(
            {
                "DATABASE_URL": url,
                "SECRET_KEY": "bench",
                "INSTANCE_PATH": home,
                "SMS_BACKEND": "twilio",
                "CLINIC_PHONE": "+82 2-555-0100",
                "CLINIC_COUNTRY": "KR",
                "PUBLIC_BASE_URL": "https://bench.test",
                **standin.env(),
            }
        )
        with app.app_context():
            flask_migrate.upgrade(directory=MIGRATIONS_DIR)
            config = current_app.config
            print(
                f"machine: {platform.machine()}, {os.cpu_count()} cores, "
                f"{platform.python_implementation()} {platform.python_version()}, "
                f"load average {', '.join(f'{x:.2f}' for x in os.getloadavg())}, "
                f"database {db.engine.dialect.name}; defaults: "
                f"DISPATCH_CONCURRENCY={config['DISPATCH_CONCURRENCY']}, "
                f"DISPATCH_BATCH={config['DISPATCH_BATCH']}"
            )
            print(f"{'latency':>8} {'texts':>6} {'bare SDK/s':>11} {'dispatch/s':>11} {'ratio':>7}")
            for latency in latencies:
                # A bare loop at 200 ms takes 5 texts a second: fewer texts keep it short.
                bare_texts = max(20, min(args.texts, int(10 / max(latency, 0.01))))
                bare = _bare_loop(standin, bare_texts, latency)
                rate = _run(standin, args.texts, latency)
                print(
                    f"{latency * 1000:>6.0f}ms {args.texts:>6} {bare:>11.1f} {rate:>11.1f} "
                    f"{rate / bare:>6.2f}x"
                )
            if args.rate:
                texts = int(args.rate * 10)
                measured = _run(standin, texts, 0.0, rate=args.rate)
                print(
                    f"DISPATCH_RATE={args.rate:g}: {texts} texts at {measured:.1f}/s "
                    f"({(measured / args.rate - 1) * 100:+.1f} %)"
                )
            db.session.remove()
            db.engine.dispose()
        if args.database.startswith("postgresql"):
            with sa.create_engine(args.database).begin() as conn:
                conn.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
    standin.close()


if __name__ == "__main__":
    main()
