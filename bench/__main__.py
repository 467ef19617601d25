"""``python -m bench``: seed a large clinic, serve it, and time pages, webhooks and jobs.

Every figure is also given as a ratio to a trivial route (the sign-in page) served by
the same server in the same run, so runs on a loaded or a different machine compare.

    python -m bench [--database URL] [--scale 1.0] [--requests 50] [--reuse]
"""

import argparse
import os
import platform
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import flask_migrate
import requests
import sqlalchemy as sa

from bench.measure import TRIVIAL, Timing, Webhooks, signed_in, throughput, time_get
from bench.seed import STAFF_PASSWORD, seed, utc_now
from clinic import MIGRATIONS_DIR, create_app
from clinic.accounts import create_staff, create_token
from clinic.extensions import db
from clinic.models import Staff
from jobs.scheduler import SCHEDULE, run_all_once, run_job

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/bench_perf"
ADMIN = "admin@bench.clinic"
SETTINGS = {
    "CLINIC_NAME": "Bench Clinic",
    "CLINIC_PHONE": "+82 2-555-0100",
    "CLINIC_TIMEZONE": "Asia/Seoul",
    "CLINIC_COUNTRY": "KR",
    "SMS_BACKEND": "console",
    "TWILIO_AUTH_TOKEN": "bench-token",
    "SECRET_KEY": "bench-secret",
}


def _machine() -> str:
    model = ""
    try:
        lscpu = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
        model = next(
            (line.split(":", 1)[1].strip() for line in lscpu.splitlines() if "Model name" in line),
            "",
        )
    except OSError:
        pass
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"{platform.machine()}, {os.cpu_count()} cores ({model or 'unknown CPU'}), "
        f"Python {platform.python_version()}, load average {load} at the start"
    )


def _ensure_database(url: sa.URL) -> None:
    """Create the bench's own database on first use (the server's `postgres` one stays)."""
    engine = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        found = conn.execute(
            sa.text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": url.database}
        ).first()
        if found is None:
            name = conn.dialect.identifier_preparer.quote(url.database or "")
            conn.execute(sa.text(f"CREATE DATABASE {name}"))
            print(f"created database {url.database}", flush=True)
    engine.dispose()


def _prepare(url: str, scale: float, reuse: bool) -> tuple[str, int, float]:
    """Migrate and seed (unless reusing); return an API token, the patient count and seconds."""
    app = create_app({**SETTINGS, "DATABASE_URL": url})
    started = time.perf_counter()
    with app.app_context():
        if not reuse:
            with db.engine.begin() as conn:
                conn.execute(sa.text("DROP SCHEMA public CASCADE"))
                conn.execute(sa.text("CREATE SCHEMA public"))
            flask_migrate.upgrade(directory=MIGRATIONS_DIR)
            admin = create_staff(
                db.session, ADMIN, role="admin", name="Bench Admin", password=STAFF_PASSWORD
            )
            doctors = [
                create_staff(
                    db.session,
                    f"doctor{n}@bench.clinic",
                    role="clinician",
                    name=f"Dr Bench {n}",
                    password=STAFF_PASSWORD,
                )
                for n in range(12)
            ]
            db.session.commit()
            counts = seed(url, scale, utc_now(), [d.id for d in doctors], doctors[0].id)
            print("seeded:", ", ".join(f"{v:,} {k}" for k, v in counts.items()), flush=True)
        admin = db.session.scalars(sa.select(Staff).where(Staff.email == ADMIN)).one()
        token = create_token(db.session, admin)
        db.session.commit()
        patients = int(db.session.scalar(sa.text("SELECT count(*) FROM patient")) or 0)
        db.session.remove()
        db.engine.dispose()
    return token, patients, time.perf_counter() - started


def _jobs(url: str) -> list[tuple[str, float]]:
    """Run the jobs until they find nothing to do, then time an idle pass of each."""
    app = create_app({**SETTINGS, "DATABASE_URL": url})
    now = utc_now()
    for _ in range(20):
        # The first passes plan nudges for the seeded silences and send them.
        done = run_all_once(app, now)
        if done["dispatch_due_texts"] == "nothing due" and done["follow_up_silence"].startswith(
            "0 nudges planned, 0 silent"
        ):
            break
    timed = []
    for job in SCHEDULE:
        start = time.perf_counter()
        run_job(app, job, now)
        timed.append((job.name, (time.perf_counter() - start) * 1000))
    with app.app_context():
        db.engine.dispose()
    return timed


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(url: str, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, **SETTINGS, "DATABASE_URL": url}
    env["PUBLIC_BASE_URL"] = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "wsgi", "serve", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}{TRIVIAL}", timeout=2).ok:
                return server
        except requests.ConnectionError:
            time.sleep(0.3)
    server.kill()
    raise SystemExit("serve did not start within two minutes")


def _row(name: str, t: Timing, base: float) -> str:
    return (
        f"| {name} | {t.p50:,.1f} | {t.p95:,.1f} | {t.p50 / base:,.1f}× | "
        f"{t.p95 / base:,.1f}× | {t.size / 1024:,.0f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--database", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 = 100,000 patients")
    parser.add_argument("--requests", type=int, default=50, help="timed requests per page")
    parser.add_argument("--webhooks", type=int, default=400, help="inbound texts to post")
    parser.add_argument("--clients", type=int, default=8, help="concurrent webhook clients")
    parser.add_argument("--reuse", action="store_true", help="keep the seeded database")
    args = parser.parse_args()
    url = sa.make_url(args.database)
    if url.get_backend_name() != "postgresql":
        raise SystemExit("The bench seeds with COPY: give a PostgreSQL URL (--database).")
    if url.database in ("test", "threadcare", None):
        raise SystemExit(f"Refusing to seed database {url.database!r}: use one of its own.")
    _ensure_database(url)
    machine = _machine()
    token, patients, seeded = _prepare(args.database, args.scale, args.reuse)
    jobs = _jobs(args.database)
    port = _free_port()
    server = _serve(args.database, port)
    base = f"http://127.0.0.1:{port}"
    try:
        browser = signed_in(base, ADMIN, STAFF_PASSWORD)
        anonymous = requests.Session()
        api = requests.Session()
        api.headers["Authorization"] = f"Bearer {token}"
        n = args.requests
        pages = [
            ("trivial route (sign-in page)", anonymous, TRIVIAL),
            ("day view `/`", browser, "/"),
            ("review queue `/review`", browser, "/review"),
            ("resolved items (30 days)", browser, "/review?status=resolved"),
            ("outcomes `/outcomes`", browser, "/outcomes"),
            ("patient list `/patients`", browser, "/patients"),
            ("patient search `?q=Park Mi`", browser, "/patients?q=Park%20Mi"),
            ("patient search by digits", browser, "/patients?q=2004321"),
            ("patient page", browser, "/patients/1"),
            ("API visits today", api, "/api/v1/visits"),
            ("API review queue", api, "/api/v1/review"),
            ("API resolved items", api, "/api/v1/review?status=resolved"),
            ("API patient search", api, "/api/v1/patients?q=Kim"),
            ("API patient's texts", api, "/api/v1/patients/1/messages"),
            ("API outcomes", api, "/api/v1/outcomes"),
        ]
        timings = [(name, time_get(client, base + path, n)) for name, client, path in pages]
        hooks = Webhooks(base, base, SETTINGS["TWILIO_AUTH_TOKEN"], patients)
        trivial_rate = throughput(hooks.trivial, args.webhooks, args.clients)
        inbound_rate = throughput(hooks.post, args.webhooks, args.clients)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    ref = timings[0][1].p50
    print()
    print(f"Machine: {machine}.")
    how = "reused" if args.reuse else f"seeded in {seeded:,.0f} s"
    print(
        f"Clinic: scale {args.scale:g} ({patients:,} patients), {how}; "
        f"{n} requests a page after 3 unmeasured, one client, warm `serve`."
    )
    print()
    print("| page | p50 ms | p95 ms | p50 / trivial | p95 / trivial | KB |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, t in timings:
        print(_row(name, t, ref))
    print()
    print(f"Webhooks, {args.clients} concurrent clients, {args.webhooks} requests each way:")
    print()
    print("| route | requests/s | vs trivial |")
    print("|---|---:|---:|")
    print(f"| trivial route | {trivial_rate:,.0f} | 1.0× |")
    print(
        f"| `POST /twilio/inbound` with triage | {inbound_rate:,.0f} | "
        f"{trivial_rate / inbound_rate:,.1f}× slower |"
    )
    print()
    print("Idle jobs pass (after one pass that did the work):")
    print()
    print("| job | ms |")
    print("|---|---:|")
    for name, ms in jobs:
        print(f"| {name} | {ms:,.1f} |")
    print(f"| all | {sum(ms for _, ms in jobs):,.1f} |")


if __name__ == "__main__":
    main()
