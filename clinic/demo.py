"""A believable demonstration clinic: staff, patients, visits, texts, replies and a queue.

The last three weeks are replayed hour by hour through the real domain code
(booking, completing, the dispatcher with the console backend, the inbound
pipeline), so everything on the pages is what the service itself produced.
"""

import random
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import partial
from pathlib import Path

import sqlalchemy as sa

from clinic.accounts import create_staff
from clinic.config import ClinicSettings
from clinic.dispatch import dispatch_due
from clinic.followup import flag_silent_patients, nudge_silent_patients
from clinic.inbound import InboundText, receive_text
from clinic.media import save_private
from clinic.models import Message, Patient, ReviewItem, Staff, Visit
from clinic.models.base import DbSession
from clinic.patients import PatientInput, create_patient
from clinic.review import resolve_item
from clinic.sms.console_backend import ConsoleGateway
from clinic.staff_phones import put_on_call, set_phone
from clinic.timeutil import local_datetime
from clinic.visits import ThreadInput, VisitInput, book_visit, complete_visit

DEMO_PASSWORD = "demo-clinic-2026"
DEMO_CLINIC_PHONE = "+82 2-555-0100"
# The clinician on call, with a phone the simulator shows; set after the replay so
# the history's urgent items do not page now.
DEMO_ON_CALL = ("park@demo.clinic", "+82 10-5550-0101")
STAFF = [
    ("park@demo.clinic", "clinician", "Dr Seo-yeon Park"),
    ("lee@demo.clinic", "clinician", "Dr James Lee"),
    ("mina@demo.clinic", "receptionist", "Mina Kim"),
    ("ruth@demo.clinic", "receptionist", "Ruth Adams"),
]
KOREAN = [
    "김민지",
    "이서연",
    "박지우",
    "최수아",
    "정하은",
    "강예린",
    "조윤서",
    "윤지민",
    "장하린",
    "임채원",
    "한소율",
    "오다은",
    "서지아",
    "신유나",
    "권나연",
]
ENGLISH = [
    "Emma Clarke",
    "Olivia Bennett",
    "Sophie Turner",
    "Grace Miller",
    "Chloe Evans",
    "Hannah Scott",
    "Laura Hughes",
    "Rachel Green",
    "Megan Price",
    "Amy Walsh",
    "Jessica Hall",
    "Kate Morgan",
    "Lucy Reed",
    "Anna Brooks",
    "Zoe Carter",
]

# What some patients answer, by step: (reply, photo?, hours after the prompt).
Script = dict[str, tuple[str, bool, float]]
# Scripts are dealt in order; the last six procedures (the most recent) get 0-5.
SCRIPTS: list[Script] = [
    {
        "day1_check": ("1", False, 2),
        "day3_check": ("1 all good thanks", False, 5),
        "day7_check": ("1", False, 3),
    },
    {
        "day1_check": ("2 a bit swollen and bruised", False, 3),
        "day7_check": ("3 there are little ripples near my ear", False, 6),
    },
    {},  # silent: nudged, then flagged
    {"day1_check": ("1", False, 1), "day14_check": ("한쪽 광대가 더 튀어나와 보여요", False, 2)},
    {
        "day1_check": ("2 부기가 좀 있어요", False, 1),
        "day3_check": ("볼에 보조개가 생겼어요", True, 4),
    },
    {"day1_check": ("Fever 38.5 since last night and the left cheek is red and hot", False, 1)},
    {"day1_check": ("괜찮아요", False, 2), "day3_check": ("2", True, 8)},
    {"day1_check": ("4 there is some yellow discharge at the entry point", False, 2)},
    {"day3_check": ("Is it normal that I feel a thread when I smile?", False, 3)},
    {
        "day1_check": ("1", False, 5),
        "day7_check": ("2 I can feel the thread under my skin", False, 4),
    },
]


@dataclass
class DemoSummary:
    """What the demo created."""

    staff: int
    patients: int
    visits: int
    texts_sent: int
    replies: int
    open_items: int


def _png(path: Path) -> None:
    """Write a small skin-toned PNG to stand in for a patient's photo."""
    width = height = 96
    row = b"\x00" + bytes((233, 196, 170)) * width
    raw = zlib.compress(row * height)

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    save_private(
        path,
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b""),
    )


def _phone(i: int, korean: bool) -> str:
    return f"010-5{i:03d}-{7000 + i:04d}" if korean else f"+1 212-555-{100 + i:04d}"


def _patient(rng: random.Random, i: int, name: str, korean: bool) -> PatientInput:
    return PatientInput(
        name=name,
        phone=_phone(i, korean),
        language="ko" if korean else "en",
        # One in eleven has not agreed to texts: the pages show what that means.
        sms_consent=i % 11 != 10,
        birth_year=rng.randint(1958, 1996),
        skin_thickness=rng.choice(["thin", "normal", "normal", "thick"]),
        cheek_volume=rng.choice(["low", "normal", "normal", "full"]),
        elasticity=rng.choice(["low", "normal", "normal", "high"]),
    )


def build_demo(
    session: DbSession,
    clinic: ClinicSettings,
    now: datetime,
    media_dir: Path,
    photo_url: Callable[[str], str],
    seed: int = 7,
) -> DemoSummary:
    """Fill an empty database with a demonstration clinic as of ``now``; return counts."""
    if session.scalar(sa.select(sa.func.count()).select_from(Patient)):
        raise ValueError("The database already has patients; the demo needs a fresh one.")
    rng = random.Random(seed)
    start = now - timedelta(days=21)
    staff = {
        email: session.scalar(sa.select(Staff).where(Staff.email == email))
        or create_staff(session, email, role=role, name=name, password=DEMO_PASSWORD)
        for email, role, name in STAFF
    }
    session.flush()
    doctors = [s for s in staff.values() if s.role == "clinician"]
    desk = staff["mina@demo.clinic"]
    names = [(n, True) for n in KOREAN] + [(n, False) for n in ENGLISH]
    rng.shuffle(names)
    patients = [
        create_patient(session, clinic, _patient(rng, i, name, korean), desk, start)
        for i, (name, korean) in enumerate(names)
    ]
    session.commit()
    media_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    _png(media_dir / "demo-cheek.png")
    photo = photo_url("demo-cheek.png")

    plan: list[tuple[datetime, Callable[[datetime], None]]] = []
    visits: list[Visit] = []
    answers: list[_Answer] = []
    talkative: set[int] = set()

    def book(
        patient: Patient,
        who: Staff,
        kind: str,
        day: date,
        hour: int,
        booked: datetime,
        threads: list[ThreadInput] | None = None,
        areas: list[str] | None = None,
    ) -> Visit:
        visit = book_visit(
            session,
            clinic,
            VisitInput(
                patient.id,
                who.id,
                kind,
                local_datetime(day, time(hour), clinic.timezone),
                60 if kind == "procedure" else 30,
                areas or [],
                threads or [],
            ),
            desk,
            booked,
        )
        visits.append(visit)
        return visit

    local_today = now.astimezone(clinic.timezone).date()
    # Procedures over the past three weeks, each with a script of replies.
    for i, patient in enumerate(patients[:16]):
        day = local_today - timedelta(days=20 - i)
        booked_at = local_datetime(day - timedelta(days=4), time(11), clinic.timezone)
        threads = [
            ThreadInput(
                rng.choice(["mono", "cog", "screw"]),
                rng.randint(4, 12),
                rng.choice(["PDO", "PLLA", "PCL"]),
            )
        ]
        areas = rng.sample(["cheeks", "jawline", "nasolabial", "marionette", "brow", "neck"], 2)
        visit = book(
            patient, doctors[i % 2], "procedure", day, 10 + i % 6, booked_at, threads, areas
        )
        done = visit.starts_at + timedelta(minutes=50)
        plan.append((done, partial(_complete, session, clinic, visit)))
        if SCRIPTS[i % len(SCRIPTS)]:  # the patient with an empty script never answers
            talkative.add(patient.id)
        answers += [
            _Answer(patient, step, body, with_photo, hours)
            for step, (body, with_photo, hours) in SCRIPTS[i % len(SCRIPTS)].items()
        ]
    # Today's list: what is done is completed, the rest is still ahead.
    for j, (kind, hour) in enumerate(
        (
            ("consultation", 9),
            ("procedure", 11),
            ("follow_up", 14),
            ("procedure", 16),
            ("consultation", 17),
        )
    ):
        patient = patients[16 + j * 2]
        visit = book(
            patient,
            doctors[j % 2],
            kind,
            local_today,
            hour,
            now - timedelta(days=6),
            [ThreadInput("mono", 10, "PDO")] if kind == "procedure" else None,
            ["jawline"] if kind == "procedure" else None,
        )
        if visit.ends_at <= now:
            plan.append((visit.ends_at, partial(_complete, session, clinic, visit)))
    # Consultations in the past, and visits over the next days.
    for i, patient in enumerate(patients[16:]):
        past = local_today - timedelta(days=1 + i % 10)
        booked_at = local_datetime(past - timedelta(days=7), time(9), clinic.timezone)
        book(patient, doctors[i % 2], "consultation", past, 9 + i % 8, booked_at)
        future = local_today + timedelta(days=1 + i % 5)
        kind = "procedure" if i % 3 == 0 else "consultation"
        book(
            patient,
            doctors[(i + 1) % 2],
            kind,
            future,
            9 + i % 8,
            now - timedelta(days=3),
            [ThreadInput("cog", 8, "PDO")] if kind == "procedure" else None,
            ["cheeks"] if kind == "procedure" else None,
        )
    session.commit()

    gateway = ConsoleGateway()
    moment = start
    plan.sort(key=lambda p: p[0])
    while moment <= now:
        while plan and plan[0][0] <= moment:
            plan.pop(0)[1](moment)
        dispatch_due(session, gateway, clinic, moment)
        _answer_due(session, clinic, answers, moment, photo)
        _answer_the_rest(session, clinic, answers, moment, talkative)
        if moment.hour % 6 == 0:
            nudge_silent_patients(session, clinic, moment)
            flag_silent_patients(session, moment)
            session.commit()
        moment += timedelta(hours=1)
    dispatch_due(session, gateway, clinic, now)
    _resolve_old(session, doctors[0], now)
    on_call = staff[DEMO_ON_CALL[0]]
    set_phone(session, clinic, on_call, DEMO_ON_CALL[1])
    put_on_call(session, on_call)
    session.commit()
    return DemoSummary(
        staff=len(staff),
        patients=len(patients),
        visits=len(visits),
        texts_sent=_count(session, Message, Message.status.in_(("sent", "delivered"))),
        replies=_count(session, Message, Message.kind == "reply"),
        open_items=_count(session, ReviewItem, ReviewItem.status == "open"),
    )


def _count(session: DbSession, model: type, *where: sa.ColumnElement[bool]) -> int:
    return int(session.scalar(sa.select(sa.func.count()).select_from(model).where(*where)) or 0)


def _complete(session: DbSession, clinic: ClinicSettings, visit: Visit, at: datetime) -> None:
    """Complete a procedure at ``at`` (its aftercare starts then)."""
    complete_visit(session, clinic, visit, None, at)
    session.commit()


@dataclass
class _Answer:
    patient: Patient
    step: str
    body: str
    photo: bool
    hours: float
    done: bool = False


def _answer(
    session: DbSession,
    clinic: ClinicSettings,
    prompt: Message,
    body: str,
    media: list[str],
    when: datetime,
) -> None:
    """The patient answers ``prompt`` at ``when``, through the real inbound pipeline."""
    text = InboundText(f"SMdemo{prompt.id:06d}", prompt.patient.phone, body, media)
    receive_text(session, clinic, text, when)
    session.commit()


def _answer_due(
    session: DbSession, clinic: ClinicSettings, answers: list[_Answer], moment: datetime, photo: str
) -> None:
    """Send each scripted answer once its prompt has been out for the scripted hours."""
    for answer in answers:
        if answer.done:
            continue
        prompt = session.scalar(
            sa.select(Message).where(
                Message.patient_id == answer.patient.id,
                Message.step == answer.step,
                Message.status.in_(("sent", "delivered")),
            )
        )
        if prompt is None or prompt.sent_at is None:
            continue
        when = prompt.sent_at + timedelta(hours=answer.hours)
        if when > moment:
            continue
        _answer(session, clinic, prompt, answer.body, [photo] if answer.photo else [], when)
        answer.done = True


def _answer_the_rest(
    session: DbSession,
    clinic: ClinicSettings,
    answers: list[_Answer],
    moment: datetime,
    talkative: set[int],
) -> None:
    """Most patients answer the other checks: "1", a few hours later (about 85% do)."""
    scripted = {(a.patient.id, a.step) for a in answers}
    prompts = session.scalars(
        sa.select(Message).where(
            Message.patient_id.in_(talkative),
            Message.kind == "check",
            Message.status.in_(("sent", "delivered")),
            Message.sent_at <= moment - timedelta(hours=3),
            Message.sent_at > moment - timedelta(hours=4),
        )
    ).all()
    for prompt in prompts:
        if (prompt.patient_id, prompt.step) in scripted or random.Random(prompt.id).random() > 0.85:
            continue
        _answer(session, clinic, prompt, "1", [], (prompt.sent_at or moment) + timedelta(hours=3))


def _resolve_old(session: DbSession, doctor: Staff, now: datetime) -> None:
    """Resolve items older than a week, as a clinic keeping up with its queue would."""
    old = session.scalars(
        sa.select(ReviewItem).where(
            ReviewItem.status == "open",
            ReviewItem.created_at < now - timedelta(days=7),
            ReviewItem.audience == "clinical",
        )
    )
    for item in old:
        resolve_item(
            session,
            item,
            doctor,
            outcome="reassured",
            note="Called the patient; settling as expected.",
            now=item.created_at + timedelta(hours=3),
        )
