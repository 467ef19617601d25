"""Shapes of the JSON API: request bodies (validated) and answers (serialised)."""

from datetime import datetime
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StrictBool, StrictInt

Language = Literal["en", "ko"]
Thickness = Literal["thin", "normal", "thick"]
CheekVolume = Literal["low", "normal", "full"]
Elasticity = Literal["low", "normal", "high"]
VisitKind = Literal["consultation", "procedure", "follow_up"]
VisitStatus = Literal["booked", "confirmed", "completed", "cancelled", "no_show"]
Area = Literal["cheeks", "jawline", "nasolabial", "marionette", "brow", "neck"]
ThreadType = Literal["mono", "cog", "screw", "other"]
Material = Literal["PDO", "PLLA", "PCL"]
Outcome = Literal["reassured", "review_visit_booked", "urgent_care", "other"]
Name = Annotated[str, Field(min_length=1, max_length=120)]
Notes = Annotated[str, Field(max_length=5000)]


class Strict(BaseModel):
    """Request bodies refuse unknown fields, so typos are reported, not ignored."""

    model_config = ConfigDict(extra="forbid")


class Skin(Strict):
    thickness: Thickness | None = None
    cheek_volume: CheekVolume | None = None
    elasticity: Elasticity | None = None


class PatientIn(Strict):
    name: Name
    phone: Annotated[str, Field(min_length=1, max_length=40)]
    language: Language = "en"
    sms_consent: StrictBool
    birth_year: StrictInt | None = None
    skin: Skin | None = None
    notes: Notes = ""


class PatientPatch(Strict):
    name: Name | None = None
    phone: Annotated[str, Field(min_length=1, max_length=40)] | None = None
    language: Language | None = None
    sms_consent: StrictBool | None = None
    birth_year: StrictInt | None = None
    skin: Skin | None = None
    notes: Notes | None = None


class StaffMessageIn(Strict):
    body: Annotated[str, Field(max_length=5000)]
    urgent: StrictBool = False
    # Required as true for a text over 3 segments (at most 10).
    confirm_long: StrictBool = False


class ThreadIn(Strict):
    type: ThreadType
    material: Material | None = None
    count: Annotated[StrictInt, Field(ge=1, le=200)]


class ProcedureIn(Strict):
    areas: list[Area] = []
    threads: list[ThreadIn] = []


Id = Annotated[StrictInt, Field(ge=1, le=2**31 - 1)]  # an INTEGER column on PostgreSQL


class VisitIn(Strict):
    patient_id: Id
    practitioner_id: Id
    kind: VisitKind
    starts_at: AwareDatetime
    duration_minutes: Annotated[StrictInt, Field(ge=5, le=480)]
    procedure: ProcedureIn | None = None
    notes: Notes = ""
    walk_in: StrictBool = False
    override: StrictBool = False


class VisitPatch(Strict):
    starts_at: AwareDatetime | None = None
    duration_minutes: Annotated[StrictInt, Field(ge=5, le=480)] | None = None
    practitioner_id: Id | None = None
    override: StrictBool = False


Span = Annotated[list[str], Field(min_length=2, max_length=2)]


class HoursIn(Strict):
    mon: list[Span]
    tue: list[Span]
    wed: list[Span]
    thu: list[Span]
    fri: list[Span]
    sat: list[Span]
    sun: list[Span]


class HoursOut(HoursIn):
    practitioner_id: int
    default: bool


class FreeSlotOut(BaseModel):
    practitioner_id: int
    practitioner_name: str
    starts_at: datetime
    starts_at_local: datetime


class NoShowRowOut(BaseModel):
    month: str
    practitioner_id: int
    practitioner_name: str
    visits: int
    no_shows: int
    rate: float


class ConflictOut(BaseModel):
    error: str
    message: str
    errors: dict[str, str] | None = None
    next_free: FreeSlotOut | None = None


class ResolveIn(Strict):
    outcome: Outcome
    note: Notes = ""


class PractitionerOut(BaseModel):
    id: int
    name: str


class PatientOut(BaseModel):
    id: int
    name: str
    phone: str
    language: Language
    sms_consent: bool
    consent_recorded_at: datetime | None
    opted_out: bool
    opted_out_at: datetime | None
    birth_year: int | None
    skin: Skin
    notes: str
    created_at: datetime
    erased_at: datetime | None = None


class ThreadOut(BaseModel):
    type: ThreadType
    material: Material | None
    count: int


class ProcedureOut(BaseModel):
    areas: list[Area]
    threads: list[ThreadOut]


class AuditOut(BaseModel):
    at: datetime
    staff: str | None
    action: str
    detail: str


class VisitOut(BaseModel):
    id: int
    status: VisitStatus
    kind: VisitKind
    patient_id: int
    patient_name: str
    practitioner_id: int
    practitioner_name: str
    starts_at: datetime
    starts_at_local: datetime
    ends_at: datetime
    ends_at_local: datetime
    duration_minutes: int
    procedure: ProcedureOut | None
    notes: str
    created_at: datetime
    confirmed_at: datetime | None
    completed_at: datetime | None
    cancelled_at: datetime | None
    audit: list[AuditOut]


class MessageOut(BaseModel):
    id: int
    visit_id: int | None
    step: str
    kind: Literal["confirmation", "reminder", "instruction", "check", "nudge", "reply", "staff"]
    status: Literal[
        "pending",
        "sending",
        "sent",
        "delivered",
        "undelivered",
        "failed",
        "cancelled",
        "skipped",
        "unknown",
    ]
    send_at: datetime
    send_at_local: datetime
    expires_at: datetime
    sent_at: datetime | None
    body: str
    twilio_sid: str | None
    error_code: int | None
    note: str
    urgent: bool = False
    # The staff member who wrote a text of kind "staff".
    sent_by: str | None = None


class ReplyOut(BaseModel):
    id: int
    body: str
    media: list[str]
    received_at: datetime
    received_at_local: datetime
    findings: list[str]
    # None when withheld: a receptionist sees that a clinical reply arrived, not what it says.
    severity: Literal["urgent", "concern", "expected", "none"] | None
    reason: str
    message_id: int | None
    withheld: bool = False


class PageOut(BaseModel):
    staff: str
    sent_at: datetime | None
    status: str
    round: int


class ReviewOut(BaseModel):
    id: int
    patient_id: int | None
    patient_name: str | None
    visit_id: int | None
    reply_id: int | None
    message_id: int | None
    reason: str
    severity: Literal["urgent", "concern", "expected", "info"]
    audience: Literal["clinical", "front_desk"]
    findings: list[str]
    evidence: list[str]
    created_at: datetime
    status: Literal["open", "resolved"]
    outcome: Outcome | None
    note: str
    resolved_at: datetime | None
    resolved_by: str | None
    minutes_to_review: int | None
    acknowledged_at: datetime | None = None
    acknowledged_by: str | None = None
    acknowledged_via: Literal["sms", "opened", "api", "resolved"] | None = None
    pages: list[PageOut] = []


class ErrorsOut(BaseModel):
    errors: dict[str, str]


class ErrorOut(BaseModel):
    error: str
    message: str


class FindingRate(BaseModel):
    code: str
    count: int
    rate: float
    ci_low: float
    ci_high: float
    base_rate: tuple[float, float] | None


class OutcomeGroup(BaseModel):
    key: str
    procedures: int
    findings: list[FindingRate]


class Engagement(BaseModel):
    checks_sent: int
    checks_answered: int
    response_rate: float | None
    replies: int
    photos: int
    patients_opted_out: int
    median_minutes_to_review: float | None
    urgent_items: int = 0
    urgent_acknowledged: int = 0
    median_minutes_to_acknowledge: float | None = None
    p90_minutes_to_acknowledge: float | None = None


class OutcomesOut(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    from_: Annotated[str, Field(alias="from")]
    to: str
    by: str | None
    procedures: int
    findings: list[FindingRate]
    groups: list[OutcomeGroup]
    engagement: Engagement
