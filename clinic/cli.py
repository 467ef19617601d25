"""Command-line tools: staff accounts and demonstration data."""

from dataclasses import replace
from pathlib import Path
from typing import Any

import click
from flask import Flask, current_app, url_for
from flask.cli import AppGroup, with_appcontext

from clinic.accounts import (
    create_staff,
    create_token,
    deactivate,
    find_staff,
    list_staff,
    revoke_tokens,
    tokens_of,
)
from clinic.audit import Actor, set_actor
from clinic.demo import DEMO_CLINIC_PHONE, DEMO_ON_CALL, DEMO_PASSWORD, build_demo
from clinic.errors import Conflict, InvalidInput
from clinic.extensions import db
from clinic.media import delete_local_photos
from clinic.models import Patient, utcnow
from clinic.models.staff import ROLES
from clinic.phones import display_phone
from clinic.privacy import erase_patient
from clinic.staff_phones import STAFF_LANGUAGES, put_on_call, set_language, set_phone
from clinic.triage.evaluate import CaseFileError, evaluate, format_report, load_cases

staff_cli = AppGroup("staff", help="Manage staff accounts.")
patients_cli = AppGroup("patients", help="Patients' rights over their data.")
triage_cli = AppGroup("triage", help="Measure the reply triage.")
CLI = Actor(label="command line")


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
    "--language",
    type=click.Choice(STAFF_LANGUAGES),
    default=None,
    help="Language of pages (default: the browser's).",
)
def create_staff_command(
    email: str, role: str, name: str, password: str, phone: str, language: str | None
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
    set_actor(db.session, CLI)
    staff = find_staff(db.session, email)
    if staff is None:
        raise click.ClickException(f"No staff account for {email}.")
    if not staff.active:
        raise click.ClickException(f"{email} is deactivated.")
    token = create_token(db.session, staff, utcnow())
    db.session.commit()
    click.echo(f"API token for {staff.email} ({staff.role}); it is shown only once:")
    click.echo(token)


@staff_cli.command("list")
def list_command() -> None:
    """List staff accounts with their role, state and live API tokens."""
    for staff in list_staff(db.session):
        live = sum(1 for t in tokens_of(db.session, staff) if t.revoked_at is None)
        state = "active" if staff.active else "deactivated"
        click.echo(f"{staff.email}\t{staff.role}\t{state}\t{live} token(s)\t{staff.name}")


def _existing(email: str) -> Any:
    staff = find_staff(db.session, email)
    if staff is None:
        raise click.ClickException(f"No staff account for {email}.")
    return staff


@staff_cli.command("deactivate")
@click.argument("email")
def deactivate_command(email: str) -> None:
    """Turn an account off: its sessions and API tokens stop working at once."""
    set_actor(db.session, CLI)
    staff = _existing(email)
    revoked = deactivate(db.session, staff, utcnow())
    db.session.commit()
    click.echo(f"Deactivated {staff.email}; {revoked} API token(s) revoked, sessions ended.")


@staff_cli.command("revoke-tokens")
@click.argument("email")
def revoke_tokens_command(email: str) -> None:
    """Revoke every API token of an account."""
    set_actor(db.session, CLI)
    staff = _existing(email)
    revoked = revoke_tokens(db.session, staff, utcnow())
    db.session.commit()
    click.echo(f"Revoked {revoked} API token(s) of {staff.email}.")


@patients_cli.command("erase")
@click.argument("patient_id", type=click.IntRange(1, 2**31 - 1))
def erase_command(patient_id: int) -> None:
    """Erase a patient's personal data (as the API's erase); anonymous rows stay."""
    set_actor(db.session, CLI)
    patient = db.session.get(Patient, patient_id)
    if patient is None:
        raise click.ClickException(f"No patient {patient_id}.")
    try:
        photos = erase_patient(db.session, patient, utcnow())
    except Conflict as exc:
        db.session.rollback()
        raise click.ClickException(exc.message) from exc
    db.session.commit()
    removed = delete_local_photos(current_app.instance_path, photos)
    click.echo(f"Erased patient {patient_id}'s personal data ({removed} local photo(s) deleted).")


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
    app.cli.add_command(patients_cli)
    app.cli.add_command(demo_command)
