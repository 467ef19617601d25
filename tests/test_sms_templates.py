"""SMS wording: every template exists, renders within two segments and offers the right answers."""

import re
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

ROOT = Path(__file__).resolve().parents[1]
# There is no conftest and the project is not installed, so make the repo importable
# however pytest is started.
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from jinja2 import TemplateNotFound, UndefinedError  # noqa: E402

from clinic.checks import CHECK_OPTIONS  # noqa: E402
from clinic.plans.seed import shipped_plans  # noqa: E402
from clinic.plans.text import render_text  # noqa: E402
from clinic.sms.render import (  # noqa: E402
    TEMPLATE_DIR,
    format_local_date,
    format_local_time,
    render_sms,
    sms_encoding,
    sms_segments,
    template_exists,
)

LANGUAGES = ("en", "ko")
# Texts to staff phones: on-call pages and the answers to a staff member's text.
STAFF_TEMPLATES = ("page", "page_escalation", "page_acked", "page_nothing", "page_staff_help")
CHECK_PROMPTS = tuple(CHECK_OPTIONS)
TEMPLATE_NAMES = (
    "confirmation",
    "rescheduled",
    "cancelled",
    "reminder",
    "same_day_reminder",
    "procedure_prep",
    "care_instructions",
    *CHECK_PROMPTS,
    "followup_invite",
    "nudge",
    "reply_urgent",
    "reply_emergency",
    "reply_concern",
    "reply_expected",
    "reply_fine",
    "reply_help",
    "reply_optin",
    "reply_optout",
    "reply_confirmed",
    "reply_move_request",
    "reply_followup_request",
    *STAFF_TEMPLATES,
    "reply_cancel_request",
    "reply_late_request",
)
# Texts that tell the patient to call; without a number they must still say whom.
CALL_TEMPLATES = (
    "care_instructions",
    "reply_urgent",
    "reply_emergency",
    "reply_concern",
    "reply_expected",
    "reply_help",
)
PHONE = "+82 10-1234-5678"  # 16 characters, the longest the clinic may configure
# 31 Dec at 12:30 gives the longest date and time in both languages.
LONGEST = datetime(2024, 12, 31, 12, 30)
WORST_CASE: dict[str, dict[str, str]] = {
    "en": {"clinic_name": "W" * 24, "first_name": "M" * 12},
    "ko": {"clinic_name": "가" * 24, "first_name": "가" * 5},
}
OPTION_LINE = re.compile(r"^(\d+) \S", re.MULTILINE)
NEW_YORK = ZoneInfo("America/New_York")


# Aftercare texts are plan steps kept in the database, seeded from this data.
SHIPPED = {step["name"]: step for plan in shipped_plans() for step in plan["steps"]}


def _render(name: str, language: str, **context: str) -> str:
    if name in SHIPPED:
        return render_text(SHIPPED[name][f"text_{language}"], **context)
    return render_sms(name, language, **context)


def render_worst(name: str, language: str, clinic_phone: str) -> str:
    return _render(
        name,
        language,
        **WORST_CASE[language],
        clinic_phone=clinic_phone,
        emergency_number="112",
        date=format_local_date(LONGEST, language),
        time=format_local_time(LONGEST, language),
        # The longest page: a 40-character base URL and the largest id.
        link="https://clinic-name.example.com/review/2147483647",
        items="#2147483647",
        minutes="1440",
    )


def test_template_names_are_unique() -> None:
    assert len(set(TEMPLATE_NAMES)) == len(TEMPLATE_NAMES) == 35


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_template_exists_and_no_stray_ones(language: str) -> None:
    on_disk = {path.name for path in (TEMPLATE_DIR / language).iterdir()}
    files = [name for name in TEMPLATE_NAMES if name not in SHIPPED]
    assert on_disk == {f"{name}.txt" for name in files}
    assert all(template_exists(name, language) for name in files)
    assert set(TEMPLATE_NAMES) - set(files) == set(SHIPPED)


def test_template_exists_rejects_unknown_and_unsafe_names() -> None:
    assert not template_exists("no_such_text")
    assert not template_exists("../en/confirmation")
    assert not template_exists("Confirmation", "ko")
    assert template_exists("confirmation", "ko-KR")
    assert template_exists("confirmation", "fr")  # falls back to English


@pytest.mark.parametrize("clinic_phone", [PHONE, ""], ids=["phone", "no_phone"])
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_worst_case_render_fits_two_segments(name: str, language: str, clinic_phone: str) -> None:
    body = render_worst(name, language, clinic_phone)
    assert body.startswith(f"[{WORST_CASE[language]['clinic_name']}] ")
    assert sms_segments(body) <= 2, (len(body), body)
    if language == "en":
        assert sms_encoding(body) == "GSM-7"
        assert body.isascii()
    assert "{" not in body and "}" not in body
    assert body == body.strip()
    assert "\n\n\n" not in body
    assert not re.search(r"[ \t]\n", body)
    assert "  " not in body


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", CALL_TEMPLATES)
def test_call_texts_read_well_with_and_without_a_phone(name: str, language: str) -> None:
    with_phone = render_worst(name, language, PHONE)
    without = render_worst(name, language, "")
    assert PHONE in with_phone
    assert "()" not in without and " ." not in without and "at ." not in without
    assert ("call the clinic" if language == "en" else "병원으로") in without


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("step", CHECK_PROMPTS)
def test_check_prompts_offer_exactly_the_numbered_answers(step: str, language: str) -> None:
    body = render_worst(step, language, PHONE)
    assert OPTION_LINE.findall(body) == list(CHECK_OPTIONS[step])
    assert ("in your own words" if language == "en" else "편한 말로") in body


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("step", ["day3_check", "day5_dimple_check"])
def test_photo_check_prompts_invite_a_photo(step: str, language: str) -> None:
    assert ("photo" if language == "en" else "사진") in render_worst(step, language, PHONE)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", [n for n in TEMPLATE_NAMES if n not in CHECK_OPTIONS])
def test_other_texts_have_no_option_lines(name: str, language: str) -> None:
    assert OPTION_LINE.findall(render_worst(name, language, PHONE)) == []


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_no_text_names_the_procedure_or_a_diagnosis(name: str, language: str) -> None:
    body = render_worst(name, language, PHONE).lower()
    for word in ("thread lift", "thread-lift", "threadlift", "lifting", "실리프팅", "리프팅"):
        assert word not in body
    for word in ("infection", "감염", "pdo", "plla", "pcl"):
        assert word not in body
    if name not in CHECK_OPTIONS:
        assert "thread" not in body


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", ["page", "page_escalation"])
def test_pages_carry_the_link_and_ask_for_ack(name: str, language: str) -> None:
    body = render_worst(name, language, PHONE)
    assert "https://clinic-name.example.com/review/2147483647" in body and "ACK" in body
    assert ("URGENT" if language == "en" else "긴급") in body


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", ["reply_help", "reply_optin"])
def test_keyword_answers_need_no_patient(name: str, language: str) -> None:
    # HELP and START may come from a number that matches no patient.
    body = render_sms(name, language, clinic_name="Demo Clinic", clinic_phone=PHONE)
    assert "STOP" in body and (language == "en" or "수신거부" in body)


def test_render_falls_back_to_english_for_unknown_languages() -> None:
    context = {"clinic_name": "Demo Clinic", "first_name": "Ann", "clinic_phone": ""}
    english = render_sms("reply_fine", "en", **context)
    assert english == "[Demo Clinic] Thank you, Ann, glad to hear it!"
    assert render_sms("reply_fine", "fr", **context) == english
    assert render_sms("reply_fine", "ko_KR", **context).startswith("[Demo Clinic] Ann님")


def test_render_rejects_missing_context_and_bad_names() -> None:
    with pytest.raises(UndefinedError):
        render_sms("confirmation", "en", clinic_name="Demo", first_name="Ann", clinic_phone="")
    with pytest.raises(ValueError):
        render_sms("../../secret", "en")
    with pytest.raises(TemplateNotFound):
        render_sms("no_such_text", "en")


def test_appointment_texts_show_the_formatted_date_and_time() -> None:
    when = datetime(2024, 12, 3, 14, 30)
    for language, date, time in (
        ("en", "Tue 3 Dec", "2:30 PM"),
        ("ko", "12월 3일(화)", "오후 2:30"),
    ):
        body = render_sms(
            "confirmation",
            language,
            clinic_name="Demo Clinic",
            first_name="Ann",
            clinic_phone="",
            date=format_local_date(when, language),
            time=format_local_time(when, language),
        )
        assert date in body and time in body


# Segment counting


@pytest.mark.parametrize(
    ("body", "segments"),
    [
        ("", 0),
        ("a", 1),
        ("a" * 160, 1),
        ("a" * 161, 2),
        ("a" * 306, 2),
        ("a" * 307, 3),
        ("€" * 80, 1),
        ("€" * 81, 2),
        ("{" + "a" * 159, 2),
        ("[]" + "a" * 156, 1),
        ("a" * 159 + "~", 2),
        # An escape sequence is never split across parts.
        ("a" * 152 + "€" + "a" * 152, 3),
        ("가", 1),
        ("가" * 70, 1),
        ("가" * 71, 2),
        ("가" * 134, 2),
        ("가" * 135, 3),
        ("a" * 69 + "가", 1),
        ("😀" * 35, 1),
        ("😀" * 36, 2),
    ],
)
def test_sms_segments(body: str, segments: int) -> None:
    assert sms_segments(body) == segments


@pytest.mark.parametrize(
    ("body", "encoding"),
    [
        ("Hello, it's 2:30 PM @ home!", "GSM-7"),
        ("Price: 10€ {ok} [x] ~ | ^ \\", "GSM-7"),
        ("èéùìò ÄÖÑÜ äöñüà £¥§¿¡ ΔΦΓΛΩΠΨΣΘΞ", "GSM-7"),
        ("line one\nline two", "GSM-7"),
        ("curly ’quote’", "UCS-2"),
        ("em dash — here", "UCS-2"),
        ("ç", "UCS-2"),
        ("2:30\u202fPM", "UCS-2"),
        ("안녕하세요", "UCS-2"),
        ("😀", "UCS-2"),
    ],
)
def test_sms_encoding(body: str, encoding: str) -> None:
    assert sms_encoding(body) == encoding


# Date and time formatting


@pytest.mark.parametrize(
    ("value", "en", "ko"),
    [
        (datetime(2024, 12, 3, 14, 30), "Tue 3 Dec", "12월 3일(화)"),
        (datetime(2025, 1, 5, 9, 0), "Sun 5 Jan", "1월 5일(일)"),
        (datetime(2024, 12, 31, 12, 30), "Tue 31 Dec", "12월 31일(화)"),
    ],
)
def test_format_local_date(value: datetime, en: str, ko: str) -> None:
    assert format_local_date(value, "en") == en
    assert format_local_date(value, "ko") == ko


@pytest.mark.parametrize(
    ("hour", "minute", "en", "ko"),
    [
        (14, 30, "2:30 PM", "오후 2:30"),
        (9, 5, "9:05 AM", "오전 9:05"),
        (0, 5, "12:05 AM", "오전 12:05"),
        (12, 0, "12:00 PM", "오후 12:00"),
        (23, 59, "11:59 PM", "오후 11:59"),
    ],
)
def test_format_local_time(hour: int, minute: int, en: str, ko: str) -> None:
    value = datetime(2024, 12, 3, hour, minute)
    assert format_local_time(value, "en") == en
    assert format_local_time(value, "ko") == ko


def test_formatting_falls_back_to_english_and_accepts_region_tags() -> None:
    value = datetime(2024, 12, 3, 14, 30)
    assert format_local_date(value, "fr") == "Tue 3 Dec"
    assert format_local_time(value, "") == "2:30 PM"
    assert format_local_date(value, "ko-KR") == "12월 3일(화)"
    assert format_local_time(value, "KO") == "오후 2:30"


def test_local_wall_time_is_kept_across_a_dst_change() -> None:
    # US clocks sprang forward on Sun 10 Mar 2024: "day N at 10:00" stays 10:00.
    before = datetime(2024, 3, 9, 10, 0, tzinfo=NEW_YORK)
    after = before + timedelta(days=1)  # aware arithmetic keeps the wall clock
    assert before.utcoffset() != after.utcoffset()
    assert (format_local_date(after, "en"), format_local_time(after, "en")) == (
        "Sun 10 Mar",
        "10:00 AM",
    )
    assert (format_local_date(after, "ko"), format_local_time(after, "ko")) == (
        "3월 10일(일)",
        "오전 10:00",
    )
    # The same instant given in UTC is the caller's job to convert, not the formatter's.
    from_utc = datetime(2024, 3, 10, 14, 0, tzinfo=UTC).astimezone(NEW_YORK)
    assert format_local_time(from_utc, "en") == "10:00 AM"


def test_repeated_hour_at_fall_back_formats_the_wall_clock() -> None:
    # 1:30 happens twice on Sun 3 Nov 2024 in New York; both read the same.
    first = datetime(2024, 11, 3, 1, 30, tzinfo=NEW_YORK, fold=0)
    second = datetime(2024, 11, 3, 1, 30, tzinfo=NEW_YORK, fold=1)
    assert first.utcoffset() != second.utcoffset()
    for value in (first, second):
        assert format_local_date(value, "en") == "Sun 3 Nov"
        assert format_local_time(value, "en") == "1:30 AM"
        assert format_local_time(value, "ko") == "오전 1:30"


def test_seoul_evening_date_is_not_shifted_to_utc() -> None:
    # 08:30 on 4 Dec in Seoul is still 3 Dec in UTC: the local day is what is shown.
    value = datetime(2024, 12, 4, 8, 30, tzinfo=ZoneInfo("Asia/Seoul"))
    assert format_local_date(value, "ko") == "12월 4일(수)"
    assert format_local_time(value, "ko") == "오전 8:30"
