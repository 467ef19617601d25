"""Aftercare plans in the database: find the plan a visit follows, and save new versions."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import object_session

from clinic.audit import record
from clinic.checks import Option, options_from
from clinic.errors import InvalidInput, NotFound
from clinic.models import Message, Plan, PlanStep, PlanVersion, Staff, Visit
from clinic.models.base import DbSession
from clinic.plans import CONDITIONS, Step
from clinic.plans.text import options_error, preview


def list_plans(session: DbSession) -> list[Plan]:
    """Return every plan by procedure kind, general plans first."""
    return list(
        session.scalars(
            sa.select(Plan).order_by(
                Plan.visit_kind, Plan.thread_type.is_not(None), Plan.area.is_not(None), Plan.id
            )
        )
    )


def get_plan(session: DbSession, plan_id: int) -> Plan:
    """Return a plan or raise NotFound."""
    plan = session.get(Plan, plan_id)
    if plan is None:
        raise NotFound(f"No plan {plan_id}.")
    return plan


def current_version(plan: Plan) -> PlanVersion:
    """Return the plan's newest version."""
    return plan.versions[-1]


def plan_for(session: DbSession, visit: Visit) -> Plan | None:
    """Return the plan a visit follows: one naming its thread type or area wins."""
    threads = {t.type for t in visit.threads}
    areas = set(visit.areas or ())
    best: tuple[int, Plan] | None = None
    for plan in session.scalars(sa.select(Plan).where(Plan.visit_kind == visit.kind)):
        if plan.thread_type is not None and plan.thread_type not in threads:
            continue
        if plan.area is not None and plan.area not in areas:
            continue
        score = (plan.thread_type is not None) + (plan.area is not None)
        if best is None or score > best[0]:
            best = (score, plan)
    return best[1] if best else None


def visit_version(session: DbSession, visit: Visit) -> PlanVersion | None:
    """Return the plan version a visit's texts were planned with (the current one if none)."""
    planned_with = session.scalar(
        sa.select(sa.func.max(Message.plan_version_id)).where(Message.visit_id == visit.id)
    )
    if planned_with is not None:
        return session.get(PlanVersion, planned_with)
    plan = plan_for(session, visit)
    return current_version(plan) if plan is not None else None


def step_of(row: PlanStep) -> Step:
    """Turn a stored plan step into the step the planner places in time."""
    at = time.fromisoformat(row.at) if row.at else None
    return Step(
        row.name,
        row.kind,
        "completion",
        row.day,
        at,
        timedelta(hours=row.useful_hours),
        visit_kinds=("procedure",),
        when=tuple(row.conditions),
        why=row.why,
    )


def version_step(session: DbSession, version_id: int, name: str) -> PlanStep | None:
    """Return a version's step by name."""
    return session.scalar(
        sa.select(PlanStep).where(PlanStep.version_id == version_id, PlanStep.name == name)
    )


def prompt_options(prompt: Message) -> dict[str, Option] | None:
    """Return the numbered answers a prompt offered, from the plan version it was sent from."""
    session = object_session(prompt)
    if prompt.plan_version_id is None or session is None:
        return None
    row = version_step(session, prompt.plan_version_id, prompt.step.removesuffix("_nudge"))
    return options_from(row.options) if row is not None else None


@dataclass(frozen=True)
class StepChange:
    """What an editor saves for one step."""

    text_en: str
    text_ko: str
    day: int
    at: str | None
    useful_hours: int
    conditions: list[str]
    options: list[dict[str, Any]]


_COPIED = (
    "name",
    "kind",
    "day",
    "at",
    "useful_hours",
    "conditions",
    "why",
    "text_en",
    "text_ko",
    "options",
)


def step_values(step: PlanStep) -> dict[str, Any]:
    """Return what a step says, to copy it into another version."""
    return {k: getattr(step, k) for k in _COPIED}


def check_change(
    change: StepChange, kind: str, samples: dict[str, dict[str, str]]
) -> dict[str, str]:
    """Return what is wrong with a step change, by field (empty when it can be saved)."""
    errors: dict[str, str] = {}
    for language in ("en", "ko"):
        source = change.text_en if language == "en" else change.text_ko
        error = preview(source, language, samples[language]).error
        if error is None and (kind == "check" or change.options):
            error = options_error(source, language, samples[language], change.options)
        if error:
            errors[f"text_{language}"] = error
    if not 0 <= change.day <= 90:
        errors["day"] = _("Choose a day from 0 to 90 after the procedure.")
    if change.at is not None:
        try:
            time.fromisoformat(change.at)
        except ValueError:
            errors["at"] = _("Give the local time as HH:MM.")
    if not 1 <= change.useful_hours <= 24 * 14:
        errors["useful_hours"] = _("A text stays useful from 1 hour to 14 days.")
    unknown = [c for c in change.conditions if c not in CONDITIONS]
    if unknown:
        errors["conditions"] = _("Unknown condition: %(names)s.", names=", ".join(unknown))
    return errors


def save_step(
    session: DbSession,
    plan: Plan,
    name: str,
    change: StepChange,
    *,
    samples: dict[str, dict[str, str]],
    staff: Staff,
    now: datetime,
) -> PlanVersion:
    """Save a plan's step as a new version of the plan; raise InvalidInput."""
    base = current_version(plan)
    old = next((s for s in base.steps if s.name == name), None)
    if old is None:
        raise NotFound(f"Plan {plan.id} has no step {name}.")
    errors = check_change(change, old.kind, samples)
    if errors:
        raise InvalidInput(errors)
    new_values = {
        "day": change.day,
        "at": change.at,
        "useful_hours": change.useful_hours,
        "conditions": change.conditions,
        # Browsers send form text with CRLF line ends; stored texts use LF.
        "text_en": change.text_en.replace("\r\n", "\n").strip(),
        "text_ko": change.text_ko.replace("\r\n", "\n").strip(),
        "options": change.options,
    }
    changed = [k for k, v in new_values.items() if getattr(old, k) != v]
    if not changed:
        return base
    version = PlanVersion(
        plan=plan,
        number=base.number + 1,
        created_at=now,
        author=staff,
        note=f"{name}: {', '.join(changed)}",
        changes=[{"step": name, "fields": changed}],
    )
    for position, step in enumerate(base.steps):
        values = step_values(step)
        if step.name == name:
            values.update(new_values)
        version.steps.append(PlanStep(position=position, **values))
    session.add(version)
    session.flush()
    record(
        session,
        "plan.save",
        now,
        subject=f"plan:{plan.id}",
        detail=f"version {version.number}: {version.note}",
    )
    return version
