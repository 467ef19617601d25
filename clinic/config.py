"""Settings read from the environment, with the embedded defaults of the contract."""

import os
import re
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
    # Named in the answer to a red-flag reply.
    emergency_number: str = "112"
    # Where staff open a review item from a page (PUBLIC_BASE_URL).
    public_base_url: str = ""
    escalate_after_minutes: int = 10
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


# The public emergency number by CLINIC_COUNTRY; 112 works across the EU and on GSM phones.
EMERGENCY_NUMBERS = {"KR": "119", "US": "911", "GB": "999"}
_EMERGENCY_NUMBER = re.compile(r"[0-9]{2,6}")


def emergency_number(env: Mapping[str, str], country: str) -> str:
    """Return EMERGENCY_NUMBER, or the number of CLINIC_COUNTRY (KR 119, US 911, GB 999, 112)."""
    value = env.get("EMERGENCY_NUMBER", "").strip()
    if not value:
        return EMERGENCY_NUMBERS.get(country, "112")
    if not _EMERGENCY_NUMBER.fullmatch(value):
        raise ConfigError(f"EMERGENCY_NUMBER must be 2 to 6 digits, not {value!r}")
    return value


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
        phone=clinic_phone(env, country),
        timezone=parse_timezone(
            env.get("CLINIC_TIMEZONE", "").strip() or country_timezone(country)
        ),
        country=country,
        quiet_start=quiet_start,
        quiet_end=quiet_end,
        daily_cap=daily_cap,
        emergency_number=emergency_number(env, country),
        public_base_url=(env.get("PUBLIC_BASE_URL") or "").strip().rstrip("/"),
        escalate_after_minutes=escalate_after_minutes(env),
        same_day_reminder=timedelta(hours=lead),
    )


def clinic_phone(env: Mapping[str, str], country: str) -> str:
    """Return CLINIC_PHONE as written; required with Twilio, and it must be dialable."""
    phone = env.get("CLINIC_PHONE", "").strip()
    twilio = env.get("SMS_BACKEND", "").strip().lower() == "twilio"
    if not phone:
        if twilio:
            raise ConfigError(
                "CLINIC_PHONE is required with SMS_BACKEND=twilio: "
                "it is the number patients are told to call"
            )
        return ""
    try:
        parsed = phonenumbers.parse(phone, country)
    except phonenumbers.NumberParseException as exc:
        raise ConfigError(f"CLINIC_PHONE {phone!r} is not a phone number") from exc
    if not phonenumbers.is_possible_number(parsed):
        raise ConfigError(f"CLINIC_PHONE {phone!r} is not a phone number for {country}")
    return phone


def escalate_after_minutes(env: Mapping[str, str]) -> int:
    """Return ESCALATE_AFTER_MINUTES: a whole number of minutes from 1 to 1440."""
    text = env.get("ESCALATE_AFTER_MINUTES", "").strip() or "10"
    if not text.isdigit() or not 1 <= int(text) <= 1440:
        raise ConfigError(
            f"ESCALATE_AFTER_MINUTES must be a whole number of minutes from 1 to 1440, not {text!r}"
        )
    return int(text)


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


def _bounded(env: Mapping[str, str], key: str, default: str, low: int, high: int) -> int:
    value = int(_number(env, key, default, int))
    if not low <= value <= high:
        raise ConfigError(f"{key} must be between {low} and {high}, not {value}")
    return value


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
        "DISPATCH_CONCURRENCY": int(_number(env, "DISPATCH_CONCURRENCY", "32", int)),
        "DISPATCH_RATE": _number(env, "DISPATCH_RATE", "0", float),
        "DISPATCH_BATCH": int(_number(env, "DISPATCH_BATCH", "50", int)),
        "TRUST_PROXY_HEADERS": int(_number(env, "TRUST_PROXY_HEADERS", "0", int)),
        # A pooled connection that died (database restart) is replaced, not used; a SQLite
        # file has no server to lose, so it skips the extra round trip per checkout.
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": not database_url.startswith("sqlite")},
        "SESSION_IDLE_MINUTES": _bounded(env, "SESSION_IDLE_MINUTES", "30", 1, 12 * 60),
        "RETENTION_YEARS": _bounded(env, "RETENTION_YEARS", "10", 1, 100),
        # Failed sign-ins are counted here; memory:// is per process.
        "RATELIMIT_STORAGE_URI": env.get("RATELIMIT_STORAGE_URI") or "memory://",
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
