"""Choose the SMS backend the configuration asks for."""

from typing import cast

from flask import Flask, current_app

from clinic.sms.gateway import SmsGateway


def build_gateway(config: dict[str, object]) -> SmsGateway:
    """Create the configured SMS backend (no network traffic happens here)."""
    if config["SMS_BACKEND"] == "twilio":
        from clinic.sms.twilio_backend import TwilioGateway

        return TwilioGateway(
            str(config["TWILIO_ACCOUNT_SID"]),
            str(config["TWILIO_AUTH_TOKEN"]),
            from_number=str(config["TWILIO_FROM_NUMBER"]) or None,
            messaging_service_sid=str(config["TWILIO_MESSAGING_SERVICE_SID"]) or None,
            api_url=str(config["TWILIO_API_URL"]),
            status_callback_base=str(config["PUBLIC_BASE_URL"]) or None,
            timeout=float(cast(float, config["TWILIO_TIMEOUT"])),
            pool_size=int(cast(int, config["DISPATCH_CONCURRENCY"])),
        )
    from clinic.sms.console_backend import ConsoleGateway

    return ConsoleGateway()


def init_app(app: Flask) -> None:
    """Store the gateway on the app."""
    app.extensions["sms_gateway"] = build_gateway(dict(app.config))


def gateway() -> SmsGateway:
    """Return this app's SMS gateway."""
    return cast(SmsGateway, current_app.extensions["sms_gateway"])
