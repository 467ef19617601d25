"""Command-line tools: staff accounts and demonstration data."""

from dataclasses import replace
from pathlib import Path

import click
from flask import Flask, current_app, url_for
from flask.cli import AppGroup, with_appcontext

from clinic.accounts import create_staff, create_token, find_staff
from clinic.demo import DEMO_CLINIC_PHONE, DEMO_ON_CALL, DEMO_PASSWORD, build_demo
from clinic.errors import Conflict, InvalidInput
from clinic.extensions import db
from clinic.models import utcnow
from clinic.models.staff import ROLES
from clinic.phones import display_phone
from clinic.staff_phones import STAFF_LANGUAGES, put_on_call, set_language, set_phone
from clinic.triage.evaluate import CaseFileError, evaluate, format_report, load_cases

staff_cli = AppGroup("staff", help="Manage staff accounts.")
triage_cli = AppGroup("triage", help="Measure the reply triage.")


@triage_cli.command("evaluate")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--strict", is_flag=True, help="Exit 1 when any reply is graded lower.")
def triage_evaluate(file: Path, strict: bool) -> None:
    """Triage FILE.jsonl's replies and compare with their grades."""
    try:
        report = evaluate(load_cases(file))
    except CaseFileError as exc:
        click.echo(f"Error: {exc}", err=True)
        raise SystemExit(2) from None
    click.echo(format_report(report, str(file)))
    if strict and report.under:
        raise SystemExit(1)


@staff_cli.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--name", required=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--phone", default="", help="Mobile number that receives on-call pages.")
@click.option(
    "--language", type=click.Choice(STAFF_LANGUAGES), default="en", help="Language of pages."
)
def create_staff_command(
    email: str, role: str, name: str, password: str, phone: str, language: str
) -> None:
    """Add a staff account (a clinician can also be booked; the phone receives pages)."""
    try:
        staff = create_staff(db.session, email, role=role, name=name, password=password)
        set_language(staff, language)
        if phone.strip():
            set_phone(db.session, current_app.extensions["clinic_settings"], staff, phone)
    except InvalidInput as exc:
        db.session.rollback()
        raise click.ClickException("; ".join(f"{k}: {v}" for k, v in exc.errors.items())) from exc
    db.session.commit()
    click.echo(f"Created {staff.role} {staff.name} <{staff.email}> (id {staff.id}).")


@staff_cli.command("on-call")
@click.argument("email")
def on_call_command(email: str) -> None:
    """Put a clinician on call; whoever was on call before is not any more."""
    staff = find_staff(db.session, email)
    if staff is None:
        raise click.ClickException(f"No staff account for {email}.")
    try:
        before = put_on_call(db.session, staff)
    except Conflict as exc:
        db.session.rollback()
        raise click.ClickException(exc.message) from exc
    db.session.commit()
    handed = f" (instead of {before.name})" if before else ""
    click.echo(
        f"{staff.name} is on call{handed}; urgent items page {display_phone(staff.phone or '')}."
    )


@staff_cli.command("token")
@click.argument("email")
def token_command(email: str) -> None:
    """Create an API token for an account and print it as the last line."""
    staff = find_staff(db.session, email)
    if staff is None:
        raise click.ClickException(f"No staff account for {email}.")
    token = create_token(db.session, staff)
    db.session.commit()
    click.echo(f"API token for {staff.email} ({staff.role}); it is shown only once:")
    click.echo(token)


def load_demo() -> list[str]:
    """Load the demonstration clinic into an empty database; return lines to print."""
    if current_app.config["SMS_BACKEND"] != "console":
        raise click.ClickException(
            "The demo uses made-up numbers: run it with SMS_BACKEND=console."
        )
    settings = current_app.extensions["clinic_settings"]
    if not settings.phone:
        # Patients' answers name the clinic's number; the demo has one to show.
        settings = replace(settings, phone=DEMO_CLINIC_PHONE)
        current_app.extensions["clinic_settings"] = settings
    media = Path(current_app.instance_path) / "media"
    with current_app.test_request_context("/", base_url=_base_url()):

        def photo_url(name: str) -> str:
            return url_for("phone.media", name=name)

        try:
            summary = build_demo(db.session, settings, utcnow(), media, photo_url)
        except ValueError as exc:
            db.session.rollback()
            raise click.ClickException(str(exc)) from exc
    return [
        f"Demo clinic ready: {summary.staff} staff, {summary.patients} patients, "
        f"{summary.visits} visits, {summary.texts_sent} texts sent, {summary.replies} answers "
        f"to replies, {summary.open_items} items in the review queue.",
        f"Sign in as park@demo.clinic (clinician, on call: pages show on the simulated "
        f"phone {DEMO_ON_CALL[1]}) or mina@demo.clinic (front desk), password {DEMO_PASSWORD}",
    ]


@click.command("demo")
@with_appcontext
def demo_command() -> None:
    """Load demonstration staff, patients, visits, texts and replies into a fresh database."""
    for line in load_demo():
        click.echo(line)


def _base_url() -> str:
    return str(current_app.config.get("PUBLIC_BASE_URL") or "http://localhost")


def init_app(app: Flask) -> None:
    """Register the commands."""
    app.cli.add_command(staff_cli)
    app.cli.add_command(triage_cli)
    app.cli.add_command(demo_command)
