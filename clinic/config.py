"""Settings read from the environment, with the embedded defaults of the contract."""

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import phonenumbers
import sqlalchemy as sa
from babel.core import get_global


class ConfigError(ValueError):
    """A setting in the environment is unusable; the message says which and why."""


@dataclass(frozen=True)
class ClinicSettings:
    """What domain code needs to know about the clinic."""

    name: str
    phone: str
    timezone: ZoneInfo
    country: str
    quiet_start: time
    quiet_end: time
    daily_cap: int = 4
    same_day_reminder: timedelta = timedelta(hours=2)  # 0: no same-day reminder


def parse_quiet_hours(value: str) -> tuple[time, time]:
    """Parse ``HH:MM-HH:MM`` into a start and end time."""
    try:
        start_text, end_text = value.split("-")
        return time.fromisoformat(start_text.strip()), time.fromisoformat(end_text.strip())
    except ValueError as exc:
        raise ConfigError(f"QUIET_HOURS must look like 21:00-08:00, not {value!r}") from exc


def parse_timezone(value: str) -> ZoneInfo:
    """Return the IANA zone named ``value``."""
    try:
        return ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigError(
            f"CLINIC_TIMEZONE must be an IANA time zone such as Asia/Seoul, not {value!r}"
        ) from exc


def country_timezone(country: str) -> str:
    """Return the zone of a country that has exactly one (KR: Asia/Seoul), else UTC."""
    zones = get_global("territory_zones").get(country, [])
    return zones[0] if len(zones) == 1 else "UTC"


def clinic_settings(env: Mapping[str, str]) -> ClinicSettings:
    """Build the clinic's settings from environment-style keys."""
    country = env.get("CLINIC_COUNTRY", "KR").strip().upper() or "KR"
    if country not in phonenumbers.SUPPORTED_REGIONS:
        raise ConfigError(
            f"CLINIC_COUNTRY must be a two-letter region code such as KR, not {country!r}"
        )
    quiet_start, quiet_end = parse_quiet_hours(env.get("QUIET_HOURS", "21:00-08:00"))
    cap_text = env.get("DAILY_TEXT_CAP", "4")
    try:
        daily_cap = int(cap_text)
    except ValueError as exc:
        raise ConfigError(f"DAILY_TEXT_CAP must be a whole number, not {cap_text!r}") from exc
    lead_text = env.get("SAME_DAY_REMINDER_HOURS", "2").strip() or "2"
    try:
        lead = float(lead_text)
    except ValueError:
        lead = -1
    if not 0 <= lead <= 24:
        raise ConfigError(
            f"SAME_DAY_REMINDER_HOURS must be a number of hours from 0 to 24, not {lead_text!r}"
        )
    return ClinicSettings(
        name=env.get("CLINIC_NAME", "Demo Clinic").strip() or "Demo Clinic",
        phone=env.get("CLINIC_PHONE", "").strip(),
        timezone=parse_timezone(
            env.get("CLINIC_TIMEZONE", "").strip() or country_timezone(country)
        ),
        country=country,
        quiet_start=quiet_start,
        quiet_end=quiet_end,
        daily_cap=daily_cap,
        same_day_reminder=timedelta(hours=lead),
    )


def instance_secret_key(instance_path: str) -> str:
    """Return the secret key kept in the instance folder, creating it once."""
    path = Path(instance_path) / "secret_key"
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    # O_EXCL so two processes starting at once agree on one key.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


def _number(env: Mapping[str, str], key: str, default: str, kind: type[float] | type[int]) -> float:
    text = env.get(key, default)
    try:
        return kind(text)
    except ValueError as exc:
        raise ConfigError(f"{key} must be a number, not {text!r}") from exc


def flask_config(env: Mapping[str, str], instance_path: str) -> dict[str, object]:
    """Translate the environment into Flask configuration keys."""
    database_url = env.get("DATABASE_URL") or f"sqlite:///{Path(instance_path) / 'clinic.db'}"
    if database_url.startswith("postgres://"):
        database_url = "postgresql+psycopg://" + database_url.removeprefix("postgres://")
    elif database_url.startswith("postgresql://"):
        database_url = "postgresql+psycopg://" + database_url.removeprefix("postgresql://")
    try:
        url = sa.engine.make_url(database_url)
    except sa.exc.ArgumentError as exc:
        raise ConfigError(
            "DATABASE_URL must be a URL such as sqlite:///clinic.db or "
            f"postgresql+psycopg://user:pw@host/db, not {database_url!r}"
        ) from exc
    if url.get_backend_name() not in ("sqlite", "postgresql"):
        raise ConfigError(
            "DATABASE_URL must be a sqlite:/// or postgresql+psycopg:// URL, "
            f"not {url.drivername!r}"
        )
    backend = env.get("SMS_BACKEND", "console").strip().lower() or "console"
    if backend not in ("console", "twilio"):
        raise ConfigError(f"SMS_BACKEND must be console or twilio, not {backend!r}")
    config: dict[str, object] = {
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SECRET_KEY": env.get("SECRET_KEY") or instance_secret_key(instance_path),
        "SMS_BACKEND": backend,
        "TWILIO_ACCOUNT_SID": env.get("TWILIO_ACCOUNT_SID", ""),
        "TWILIO_AUTH_TOKEN": env.get("TWILIO_AUTH_TOKEN", ""),
        "TWILIO_FROM_NUMBER": env.get("TWILIO_FROM_NUMBER", ""),
        "TWILIO_MESSAGING_SERVICE_SID": env.get("TWILIO_MESSAGING_SERVICE_SID", ""),
        "TWILIO_API_URL": (env.get("TWILIO_API_URL") or "https://api.twilio.com").rstrip("/"),
        "TWILIO_TIMEOUT": _number(env, "TWILIO_TIMEOUT", "10", float),
        "PUBLIC_BASE_URL": (env.get("PUBLIC_BASE_URL") or "").rstrip("/"),
        "DISPATCH_CONCURRENCY": int(_number(env, "DISPATCH_CONCURRENCY", "4", int)),
        "DISPATCH_RATE": _number(env, "DISPATCH_RATE", "0", float),
        "DISPATCH_BATCH": int(_number(env, "DISPATCH_BATCH", "50", int)),
        "TRUST_PROXY_HEADERS": int(_number(env, "TRUST_PROXY_HEADERS", "0", int)),
        "MAX_CONTENT_LENGTH": 1024 * 1024 * 8,
        "WTF_CSRF_TIME_LIMIT": None,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SAMESITE": "Lax",
    }
    if str(config["PUBLIC_BASE_URL"]).startswith("https://"):
        # Served over HTTPS: never send the session cookie over plain HTTP.
        config.update(SESSION_COOKIE_SECURE=True, REMEMBER_COOKIE_SECURE=True)
    if backend == "twilio":
        missing = [
            key
            for key in ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "PUBLIC_BASE_URL")
            if not config[key]
        ]
        if not (config["TWILIO_FROM_NUMBER"] or config["TWILIO_MESSAGING_SERVICE_SID"]):
            missing.append("TWILIO_FROM_NUMBER or TWILIO_MESSAGING_SERVICE_SID")
        if missing:
            raise ConfigError("SMS_BACKEND=twilio needs " + ", ".join(missing))
    return config
