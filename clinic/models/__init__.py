"""Typed SQLAlchemy models; import them from here."""

from clinic.models.audit import AuditEvent
from clinic.models.base import Base, utcnow
from clinic.models.canned import CannedAnswer
from clinic.models.message import Message
from clinic.models.patient import Patient
from clinic.models.plan import Plan, PlanAdjustment, PlanStep, PlanVersion
from clinic.models.reply import Reply
from clinic.models.review import ReviewItem
from clinic.models.schedule import ClosedDay, ScheduleEvent, WorkingHours
from clinic.models.staff import ApiToken, Staff
from clinic.models.visit import Visit, VisitEvent, VisitThread

__all__ = [
    "ApiToken",
    "AuditEvent",
    "Base",
    "CannedAnswer",
    "ClosedDay",
    "Message",
    "Patient",
    "Plan",
    "PlanAdjustment",
    "PlanStep",
    "PlanVersion",
    "Reply",
    "ReviewItem",
    "ScheduleEvent",
    "Staff",
    "Visit",
    "VisitEvent",
    "VisitThread",
    "WorkingHours",
    "utcnow",
]
