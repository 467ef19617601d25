"""Aftercare plans as data: the shipped plan, versions, the editor and one patient's plan."""

import html
import re
from datetime import time
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from clinic.checks import CHECK_OPTIONS, options_from
from clinic.models import AuditEvent, Message, Plan, PlanVersion
from clinic.plans.adjust import adjust_step, replan_pending
from clinic.plans.seed import shipped_plans
from clinic.plans.store import (
    StepChange,
    current_version,
    prompt_options,
    save_step,
    step_values,
)
from clinic.plans.text import OPTION_LINE, render_text, sample
from clinic.timeutil import local_datetime
from clinic.triage import triage_reply
from clinic.visits import complete_visit
from tests.conftest import csrf_token, day, page

SEOUL = ZoneInfo("Asia/Seoul")
SHIPPED = shipped_plans()[0]["steps"]
CHECKS = [s for s in SHIPPED if s["kind"] == "check"]
NEW_KO = (
    "[{{ clinic_name }}] {{ first_name }}님, 일주일 지났어요. 피부는 어떠세요?\n"
    "1 매끄러워요\n2 실이 보이거나 만져져요\n3 피부가 울퉁불퉁해요\n4 실 끝이 나왔어요\n"
    "번호로 답장 주세요."
)


@pytest.fixture
def in_request(app: Any) -> Any:
    """Domain calls that word their refusals need a request for the page language."""
    with app.test_request_context():
        yield


def seoul(offset: int, hh: int, mm: int = 0) -> Any:
    return local_datetime(day(offset), time(hh, mm), SEOUL)


def the_plan(session: Any) -> Plan:
    return session.scalars(sa.select(Plan)).one()


def change_of(step: Any, **changes: Any) -> StepChange:
    values = {
        "text_en": step.text_en,
        "text_ko": step.text_ko,
        "day": step.day,
        "at": step.at,
        "useful_hours": step.useful_hours,
        "conditions": list(step.conditions),
        "options": list(step.options),
    }
    values.update(changes)
    return StepChange(**values)


def samples(settings: Any) -> dict[str, dict[str, str]]:
    return {lang: sample(lang, settings.name, settings.phone or "") for lang in ("en", "ko")}


def edit_day7(session: Any, settings: Any, staff: Any, now: Any, **changes: Any) -> PlanVersion:
    plan = the_plan(session)
    step = next(s for s in current_version(plan).steps if s.name == "day7_check")
    version = save_step(
        session,
        plan,
        "day7_check",
        change_of(step, **changes),
        samples=samples(settings),
        staff=staff,
        now=now,
    )
    session.commit()
    return version


def completed(
    session: Any, settings: Any, make_visit: Any, make_patient: Any, **patient: Any
) -> Any:
    visit = make_visit(make_patient(**patient), starts_at=seoul(3, 14))
    complete_visit(session, settings, visit, None, seoul(3, 15))
    session.commit()
    return visit


def text_of(session: Any, visit: Any, step: str) -> Message:
    session.expire_all()
    return session.scalars(
        sa.select(Message).where(Message.visit_id == visit.id, Message.step == step)
    ).one()


# -- the shipped plan ------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "ko"])
@pytest.mark.parametrize("step", CHECKS, ids=lambda s: s["name"])
def test_a_check_prompt_offers_exactly_the_answers_triage_maps(step: Any, language: str) -> None:
    body = render_text(step[f"text_{language}"], clinic_name="C", clinic_phone="", first_name="J")
    offered = OPTION_LINE.findall(body)
    assert offered == list(options_from(step["options"])) == list(CHECK_OPTIONS[step["name"]])
    for number in offered:
        graded = triage_reply(number, step=step["name"], options=options_from(step["options"]))
        assert graded.severity == CHECK_OPTIONS[step["name"]][number].severity


def test_the_migration_seeds_the_plan_as_version_1(session: Any) -> None:
    plan = the_plan(session)
    version = current_version(plan)
    assert (plan.visit_kind, version.number, version.author) == ("procedure", 1, None)
    assert [s.name for s in version.steps] == [s["name"] for s in SHIPPED]


# -- versions ----------------------------------------------------------------------------


@pytest.mark.usefixtures("in_request")
def test_the_next_procedure_gets_the_edited_text_and_an_older_one_keeps_its_own(
    session: Any, settings: Any, make_visit: Any, make_patient: Any, make_staff: Any
) -> None:
    older = completed(session, settings, make_visit, make_patient, language="ko")
    old_body = text_of(session, older, "day7_check").body
    admin = make_staff("admin", name="Dr Admin")
    version = edit_day7(session, settings, admin, seoul(3, 16), text_ko=NEW_KO)
    assert (version.number, version.author, version.note) == (2, admin, "day7_check: text_ko")

    newer = completed(session, settings, make_visit, make_patient, language="ko")
    new_text = text_of(session, newer, "day7_check")
    assert "일주일 지났어요" in new_text.body and new_text.plan_version_id == version.id
    # Re-planning the older visit for another reason does not rewrite its text.
    from clinic.outbox import sync_visit_texts

    sync_visit_texts(session, settings, older, seoul(3, 17))
    session.commit()
    kept = text_of(session, older, "day7_check")
    assert kept.body == old_body and kept.plan_version_id != version.id
    audit = session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "plan.save")).one()
    assert "version 2" in audit.detail


@pytest.mark.usefixtures("in_request")
def test_a_reply_is_triaged_by_the_options_of_the_version_it_answers(
    session: Any, settings: Any, make_visit: Any, make_patient: Any, make_staff: Any
) -> None:
    older = completed(session, settings, make_visit, make_patient)
    day7 = next(s for s in CHECKS if s["name"] == "day7_check")
    options = [dict(o) for o in day7["options"]]
    options[3] = {"number": "4", "findings": ["thread_exposure"], "severity": "urgent"}
    edit_day7(session, settings, make_staff("clinician"), seoul(3, 16), options=options)
    newer = completed(session, settings, make_visit, make_patient)
    for visit, severity in ((older, "concern"), (newer, "urgent")):
        prompt = text_of(session, visit, "day7_check")
        graded = triage_reply("4", step="day7_check", options=prompt_options(prompt))
        assert graded.severity == severity


# -- the editor --------------------------------------------------------------------------


def step_url(session: Any, name: str = "day7_check") -> str:
    return f"/plans/{the_plan(session).id}/steps/{name}"


def form_of(session: Any, client: FlaskClient, **changes: str) -> dict[str, Any]:
    step = next(s for s in current_version(the_plan(session)).steps if s.name == "day7_check")
    data: dict[str, Any] = {
        "csrf_token": csrf_token(client, step_url(session)),
        "text_en": step.text_en,
        "text_ko": step.text_ko,
        "day": str(step.day),
        "at": step.at or "",
        "useful_hours": str(step.useful_hours),
        "options": "\n".join(
            f"{o['number']} | {', '.join(o['findings'])} | {o['severity']}" for o in step.options
        ),
    }
    data.update(changes)
    return data


def test_receptionists_may_not_open_the_plans(
    client: FlaskClient, session: Any, login_as: Any
) -> None:
    login_as("receptionist")
    assert client.get("/plans").status_code == 403
    assert client.get(step_url(session)).status_code == 403


def test_a_clinician_sees_the_plan_its_steps_and_placeholders(
    client: FlaskClient, session: Any, login_as: Any
) -> None:
    login_as("clinician")
    listed = page(client, "/plans")
    assert "Thread lift aftercare" in listed
    shown = page(client, f"/plans/{the_plan(session).id}")
    assert "Day 7 check" in shown
    assert "Age 50 or over" in shown and "Version 1" in shown
    editor = page(client, step_url(session))
    assert "{{ first_name }}" in editor and "plan_preview.js" in editor
    assert "<script>" not in editor


@pytest.mark.parametrize("field", ["text_en", "text_ko"])
def test_an_unknown_placeholder_is_refused_with_the_reason(
    client: FlaskClient, session: Any, login_as: Any, field: str
) -> None:
    login_as("admin")
    data = form_of(session, client, **{field: "Hi {{ patient_name }}\n1 a\n2 b\n3 c\n4 d"})
    response = client.post(step_url(session), data=data)
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert "placeholder that does not exist: patient_name" in body
    assert len(current_version(the_plan(session)).plan.versions) == 1


def test_a_text_over_three_segments_is_refused(
    client: FlaskClient, session: Any, login_as: Any
) -> None:
    login_as("admin")
    long_ko = "\n".join(["1 괜찮아요", "2 실", "3 울퉁불퉁", "4 실 끝"]) + "\n" + "가" * 200
    response = client.post(step_url(session), data=form_of(session, client, text_ko=long_ko))
    assert response.status_code == 422
    assert "SMS segments; keep it to 3 at most" in response.get_data(as_text=True)


def test_the_reason_is_given_in_korean_to_a_korean_speaking_clinician(
    client: FlaskClient, session: Any, login_as: Any
) -> None:
    staff = login_as("clinician")
    staff.language = "ko"
    session.commit()
    data = form_of(session, client, text_en="Hi {{ nickname }}\n1 a\n2 b\n3 c\n4 d")
    response = client.post(step_url(session), data=data)
    assert response.status_code == 422
    assert "존재하지 않는" in response.get_data(as_text=True)


def test_answers_that_differ_from_the_text_are_refused(
    client: FlaskClient, session: Any, login_as: Any
) -> None:
    login_as("admin")
    data = form_of(session, client, options="1 |  | none\n2 | visible_thread | concern")
    response = client.post(step_url(session), data=data)
    assert response.status_code == 422
    reason = "offers the answers 1, 2, 3, 4 but the step's options are 1, 2"
    assert reason in html.unescape(response.get_data(as_text=True))


def test_saving_makes_a_version_shown_in_the_history(
    client: FlaskClient, session: Any, login_as: Any
) -> None:
    staff = login_as("admin")
    response = client.post(step_url(session), data=form_of(session, client, text_ko=NEW_KO))
    assert response.status_code == 303
    shown = page(client, response.headers["Location"])
    assert "Version 2" in shown and staff.name in shown and "Day 7 check: Korean text" in shown


def test_the_preview_renders_for_a_sample_patient_and_counts_segments(
    client: FlaskClient, session: Any, login_as: Any
) -> None:
    login_as("clinician")
    token = csrf_token(client, step_url(session))
    headers = {"X-CSRFToken": token}
    ok = client.post(
        "/plans/preview", json={"language": "ko", "text": NEW_KO}, headers=headers
    ).get_json()
    assert ok["error"] is None and "지수님, 일주일" in ok["text"]
    assert (ok["encoding"], ok["segments"]) == ("UCS-2", 2)
    bad = client.post(
        "/plans/preview", json={"language": "en", "text": "{{ x }"}, headers=headers
    ).get_json()
    assert "broken placeholder" in bad["error"]
    assert client.post("/plans/preview", json={}, headers=headers).status_code == 400


# -- one patient's plan ------------------------------------------------------------------


@pytest.mark.usefixtures("in_request")
def test_a_clinician_adds_a_check_and_skips_one_with_a_reason(
    session: Any, settings: Any, make_visit: Any, make_patient: Any, make_staff: Any
) -> None:
    visit = completed(session, settings, make_visit, make_patient)
    patient, staff = visit.patient, make_staff("clinician")
    assert not session.scalars(
        sa.select(Message).where(Message.visit_id == visit.id, Message.step == "day10_thread_check")
    ).all()
    adjust_step(
        session,
        settings,
        patient,
        visit.id,
        step="day10_thread_check",
        action="add",
        reason="threads visible at the visit",
        staff=staff,
        now=seoul(3, 16),
    )
    adjust_step(
        session,
        settings,
        patient,
        visit.id,
        step="day14_check",
        action="skip",
        reason="seen in person on day 14",
        staff=staff,
        now=seoul(3, 16),
    )
    session.commit()
    assert text_of(session, visit, "day10_thread_check").status == "pending"
    skipped = text_of(session, visit, "day14_check")
    assert (skipped.status, skipped.status_note) == ("cancelled", "skipped for this patient")
    actions = session.scalars(
        sa.select(AuditEvent.action).where(AuditEvent.action.like("plan.%"))
    ).all()
    assert sorted(actions) == ["plan.add_step", "plan.skip_step"]


@pytest.mark.usefixtures("in_request")
def test_an_adjustment_needs_a_reason_and_a_step_of_the_plan(
    session: Any, settings: Any, make_visit: Any, make_patient: Any, make_staff: Any
) -> None:
    from clinic.errors import InvalidInput

    visit = completed(session, settings, make_visit, make_patient)
    with pytest.raises(InvalidInput) as refused:
        adjust_step(
            session,
            settings,
            visit.patient,
            visit.id,
            step="day99",
            action="add",
            reason=" ",
            staff=make_staff("clinician"),
            now=seoul(3, 16),
        )
    assert set(refused.value.errors) == {"step", "reason"}


@pytest.mark.usefixtures("in_request")
def test_re_planning_moves_pending_texts_to_the_current_version(
    session: Any, settings: Any, make_visit: Any, make_patient: Any, make_staff: Any
) -> None:
    visit = completed(session, settings, make_visit, make_patient, language="ko")
    staff = make_staff("clinician")
    version = edit_day7(session, settings, staff, seoul(3, 16), text_ko=NEW_KO)
    assert "일주일 지났어요" not in text_of(session, visit, "day7_check").body
    replan_pending(session, settings, visit.patient, staff, seoul(3, 17))
    session.commit()
    moved = text_of(session, visit, "day7_check")
    assert "일주일 지났어요" in moved.body and moved.plan_version_id == version.id
    sent_already = text_of(session, visit, "care_instructions")
    assert sent_already.status == "pending"  # due at completion: not sent in this test


def test_the_patient_page_offers_the_plan_to_clinicians_not_receptionists(
    client: FlaskClient,
    session: Any,
    settings: Any,
    make_visit: Any,
    make_patient: Any,
    make_staff: Any,
) -> None:
    from tests.conftest import login

    visit = completed(session, settings, make_visit, make_patient)
    clinician = make_staff("clinician")
    login(client, clinician)
    url = f"/patients/{visit.patient_id}"
    shown = page(client, url)
    assert "Aftercare plan" in shown and "Re-plan pending texts" in shown
    token = csrf_token(client, url)
    response = client.post(
        f"/patients/{visit.patient_id}/plan",
        data={
            "csrf_token": token,
            "visit_id": str(visit.id),
            "step": "day10_thread_check",
            "action": "add",
            "reason": "thin skin at the visit",
        },
    )
    assert response.status_code == 303
    assert "The patient's plan is changed." in page(client, url)
    client.post(
        f"/patients/{visit.patient_id}/plan",
        data={
            "csrf_token": csrf_token(client, url),
            "visit_id": str(visit.id),
            "step": "day14_check",
            "action": "skip",
            "reason": "seen in person",
        },
    )
    assert "skipped by a clinician" in page(client, url)
    response = client.post(
        f"/patients/{visit.patient_id}/plan/replan", data={"csrf_token": csrf_token(client, url)}
    )
    assert response.status_code == 303
    client.post("/logout", data={"csrf_token": csrf_token(client, url)})
    login(client, make_staff("receptionist"))
    assert "Re-plan pending texts" not in page(client, url)
    assert client.post(f"/patients/{visit.patient_id}/plan/replan").status_code in (400, 403)


def test_option_lines_are_numbers_at_a_line_start() -> None:
    assert re.findall(OPTION_LINE, "Hi\n1 Fine\n2 Not\nCall 3 times") == ["1", "2"]


@pytest.mark.usefixtures("in_request")
def test_a_nudge_keeps_its_prompts_version_and_survives_re_planning(
    session: Any, settings: Any, make_visit: Any, make_patient: Any
) -> None:
    from clinic.outbox import sync_visit_texts

    visit = completed(session, settings, make_visit, make_patient)
    prompt = text_of(session, visit, "day1_check")
    nudge = Message(
        key=f"nudge:{prompt.id}",
        patient=visit.patient,
        visit=visit,
        step="day1_check_nudge",
        kind="nudge",
        body="…",
        status="pending",
        send_at=seoul(6, 10),
        expires_at=seoul(7, 10),
        plan_version_id=prompt.plan_version_id,
    )
    session.add(nudge)
    session.commit()
    sync_visit_texts(session, settings, visit, seoul(4, 9))
    session.commit()
    assert text_of(session, visit, "day1_check_nudge").status == "pending"
    assert prompt_options(nudge) == CHECK_OPTIONS["day1_check"]


def test_a_plan_for_one_thread_type_wins_over_the_general_plan(
    session: Any, settings: Any, make_visit: Any, make_patient: Any
) -> None:
    from clinic.models import PlanStep
    from clinic.visits import ThreadInput

    general = current_version(the_plan(session))
    cog = Plan(name="Cog thread aftercare", visit_kind="procedure", thread_type="cog")
    version = PlanVersion(plan=cog, number=1, note="")
    for position, step in enumerate(general.steps):
        if step.name != "day21_hollow_check":
            version.steps.append(PlanStep(position=position, **step_values(step)))
    session.add(version)
    session.commit()
    patient = make_patient()
    visit = make_visit(patient, starts_at=seoul(3, 14), threads=[ThreadInput("cog", 8, "PDO")])
    complete_visit(session, settings, visit, None, seoul(3, 15))
    session.commit()
    planned = {
        m.plan_version_id
        for m in session.scalars(
            sa.select(Message).where(Message.visit_id == visit.id, Message.kind == "check")
        )
    }
    assert planned == {version.id}
