"""Command-line tools: staff accounts and demonstration data."""

from pathlib import Path

import click
from flask import Flask, current_app, url_for
from flask.cli import AppGroup, with_appcontext

from clinic.accounts import create_staff, create_token, find_staff
from clinic.demo import DEMO_PASSWORD, build_demo
from clinic.errors import InvalidInput
from clinic.extensions import db
from clinic.models import utcnow
from clinic.models.staff import ROLES
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
def create_staff_command(email: str, role: str, name: str, password: str) -> None:
    """Add a staff account (a clinician can also be booked)."""
    try:
        staff = create_staff(db.session, email, role=role, name=name, password=password)
    except InvalidInput as exc:
        db.session.rollback()
        raise click.ClickException("; ".join(f"{k}: {v}" for k, v in exc.errors.items())) from exc
    db.session.commit()
    click.echo(f"Created {staff.role} {staff.name} <{staff.email}> (id {staff.id}).")


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
    media = Path(current_app.instance_path) / "media"
    with current_app.test_request_context("/", base_url=_base_url()):

        def photo_url(name: str) -> str:
            return url_for("phone.media", name=name)

        try:
            summary = build_demo(
                db.session, current_app.extensions["clinic_settings"], utcnow(), media, photo_url
            )
        except ValueError as exc:
            db.session.rollback()
            raise click.ClickException(str(exc)) from exc
    return [
        f"Demo clinic ready: {summary.staff} staff, {summary.patients} patients, "
        f"{summary.visits} visits, {summary.texts_sent} texts sent, {summary.replies} answers "
        f"to replies, {summary.open_items} items in the review queue.",
        f"Sign in as park@demo.clinic (clinician) or mina@demo.clinic (front desk), "
        f"password {DEMO_PASSWORD}",
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
