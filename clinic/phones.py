"""Phone numbers: parse what people type into E.164."""

import phonenumbers

from clinic.i18n import gettext as _

# Numbers that can receive a text; toll-free, premium and landline-only ones cannot.
TEXTABLE = (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)


class BadPhoneNumber(ValueError):
    """A number that cannot be dialled; the message says why."""


def normalise_phone(text: str, default_region: str) -> str:
    """Return ``text`` as an E.164 number, reading national forms in ``default_region``."""
    cleaned = text.strip()
    if not cleaned:
        raise BadPhoneNumber(_("Enter a phone number."))
    try:
        number = phonenumbers.parse(cleaned, default_region)
    except phonenumbers.NumberParseException as exc:
        raise BadPhoneNumber(_("This does not look like a phone number.")) from exc
    if not phonenumbers.is_valid_number(number):
        region = phonenumbers.region_code_for_number(number) or default_region
        raise BadPhoneNumber(_("This is not a valid phone number for %(region)s.", region=region))
    if phonenumbers.number_type(number) not in TEXTABLE:
        raise BadPhoneNumber(_("This number cannot receive texts: enter a mobile number."))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display_phone(e164: str) -> str:
    """Return a stored number in international format for pages."""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
