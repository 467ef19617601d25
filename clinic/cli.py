"""Command-line tools: staff accounts and demonstration data."""

import click
from flask import Flask
from flask.cli import AppGroup

from clinic.accounts import create_staff, create_token, find_staff
from clinic.errors import InvalidInput
from clinic.extensions import db
from clinic.models.staff import ROLES

staff_cli = AppGroup("staff", help="Manage staff accounts.")


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


def init_app(app: Flask) -> None:
    """Register the commands."""
    app.cli.add_command(staff_cli)
