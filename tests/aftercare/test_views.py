"""The aftercare panels of the case page and My work, as Alice (caseworker), Bob (colleague),
the counsellor and Charlie (outsider) use them."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.test import Client

from mukti.aftercare import services
from mukti.aftercare.models import (
    FollowUp,
    FollowUpKind,
    FollowUpStatus,
    ServiceKind,
)
from mukti.audit.models import AccessLogEntry
from mukti.cases.models import CaseEvent, EventKind, Status
from mukti.cases.services import close_case
from tests.aftercare.factories import (
    DAY,
    ITEMS_MIXED,
    ITEMS_NORMAL,
    SCORES_STABLE,
    delivered,
    done_follow_up,
    make_open_case,
    staff_around,
)
from tests.cases.test_views import login

TODAY = date(2026, 3, 1)
HTMX = {"HTTP_HX_REQUEST": "true"}


def panel_url(case, key):
    return f"/aftercare/cases/{case.number}/{key}/"


def new_url(case, creation):
    return f"/aftercare/cases/{case.number}/new/{creation}/"


def record_url(case, kind, record, tail=""):
    return f"/aftercare/cases/{case.number}/records/{kind}/{record.pk}/{tail}"


def page(response) -> str:
    return response.content.decode()


@pytest.fixture
def alice(client, story) -> Client:
    return login(client, story.caseworker)


def test_the_case_page_loads_every_aftercare_panel(alice, story):
    case = make_open_case(story)

    html = page(alice.get(f"/cases/{case.number}/"))

    for key, title in [
        ("care-plan", "Care plan"),
        ("services", "Services"),
        ("follow-ups", "Follow-ups"),
        ("assessments", "Assessments"),
        ("income", "Household income"),
        ("reintegration", "Reintegration"),
        ("peer-mentoring", "Peer mentoring"),
        ("re-trafficking", "Re-trafficking"),
    ]:
        assert f'hx-get="{panel_url(case, key)}"' in html
        assert title in html


def test_a_panel_answers_htmx_with_its_content_and_logs_the_view(alice, story):
    case = make_open_case(story)
    done_follow_up(story.caseworker, case, notes="Asked about school")

    response = alice.get(panel_url(case, "follow-ups"), **HTMX)

    html = page(response)
    assert html.count('id="ac-follow-ups"') == 1
    assert "<html" not in html
    assert "Reached: doing well" in html
    row = AccessLogEntry.objects.filter(user=story.caseworker, action="view").last()
    assert (row.object_type, row.object_id) == ("cases.case", str(case.pk))


def test_a_panel_is_a_page_of_its_own_without_javascript(alice, story):
    case = make_open_case(story)

    html = page(alice.get(panel_url(case, "follow-ups")))

    assert "<html" in html
    assert f"Back to case {case.number}" in html
    assert "Record a follow-up done" in html


def test_recording_a_follow_up_inline_stores_it_and_rerenders_the_panel(alice, story):
    case = make_open_case(story)

    response = alice.post(
        new_url(case, "follow-up-done"),
        {"kind": "home_visit", "done_on": "2026-02-20", "outcome": "needs_support", "notes": "x"},
        **HTMX,
    )

    html = page(response)
    assert "The follow-up was recorded." in html
    assert 'id="ac-follow-ups"' in html
    [follow_up] = FollowUp.objects.filter(case=case)
    assert (follow_up.kind, follow_up.done_on) == ("home_visit", date(2026, 2, 20))
    assert CaseEvent.objects.filter(case=case, kind=EventKind.FOLLOW_UP).count() == 1


def test_without_javascript_a_saved_form_returns_to_the_panel_page(alice, story):
    case = make_open_case(story)

    response = alice.post(
        new_url(case, "follow-up-plan"), {"kind": "phone_call", "due_on": "2026-03-05"}
    )

    assert response.status_code == 302
    assert response["Location"] == panel_url(case, "follow-ups")


def test_a_future_date_is_refused_next_to_its_field(alice, story):
    case = make_open_case(story)

    response = alice.post(
        new_url(case, "follow-up-done"),
        {"kind": "phone_call", "done_on": "2026-03-09", "outcome": "doing_well"},
        **HTMX,
    )

    assert response.status_code == 200  # HTMX swaps only 2xx answers
    assert "The date cannot be in the future." in page(response)
    assert not FollowUp.objects.exists()


def test_a_follow_up_on_a_closed_case_is_refused_with_a_clear_message(alice, story):
    case = make_open_case(story)
    close_case(
        actor=story.caseworker,
        case=case,
        expected_version=case.version,
        closed_on=DAY,
        reason="Stable",
    )

    form = page(alice.get(panel_url(case, "follow-ups"), **HTMX))
    response = alice.post(
        new_url(case, "follow-up-done"),
        {"kind": "phone_call", "done_on": "2026-02-20", "outcome": "doing_well"},
    )

    assert "Record a follow-up done" not in form
    assert "This case is closed. Reopen it before recording something new." in form
    assert response.status_code == 422
    assert "This case is closed. Reopen it before planning or recording a follow-up." in page(
        response
    )
    assert not FollowUp.objects.exists()


def test_the_outsider_gets_404_for_panels_and_records_and_it_is_logged(client, story):
    case = make_open_case(story)
    follow_up = done_follow_up(story.caseworker, case)
    login(client, story.outsider)

    assert client.get(panel_url(case, "follow-ups")).status_code == 404
    assert client.get(record_url(case, "follow-up", follow_up)).status_code == 404
    response = client.post(new_url(case, "follow-up-done"), {"kind": "phone_call"})
    assert response.status_code == 404
    assert AccessLogEntry.objects.filter(user=story.outsider, action="denied").count() == 3
    assert not FollowUp.objects.exclude(pk=follow_up.pk).exists()


def test_a_record_of_another_case_is_not_found_through_this_case(alice, story):
    case = make_open_case(story)
    other = make_open_case(story)
    follow_up = done_follow_up(story.caseworker, other)

    assert alice.get(record_url(case, "follow-up", follow_up)).status_code == 404


def test_details_show_the_notes_and_who_recorded(alice, story):
    case = make_open_case(story)
    follow_up = done_follow_up(story.caseworker, case, notes="Lender pressing the family")

    html = page(alice.get(record_url(case, "follow-up", follow_up), **HTMX))

    assert "Lender pressing the family" in html
    assert "Alice Caseworker" in html
    assert "Archive (recorded in error)" in html


def test_a_planned_follow_up_is_marked_done_from_its_edit_form(alice, story):
    case = make_open_case(story)
    follow_up = services.plan_follow_up(
        actor=story.caseworker, case=case, kind=FollowUpKind.PHONE_CALL, due_on=TODAY
    )

    form = page(alice.get(record_url(case, "follow-up", follow_up, "edit/"), **HTMX))
    response = alice.post(
        record_url(case, "follow-up", follow_up, "edit/"),
        {
            "kind": "phone_call",
            "due_on": "2026-03-01",
            "done_on": "2026-03-01",
            "outcome": "at_risk",
            "version": follow_up.version,
        },
        **HTMX,
    )

    assert 'name="version"' in form
    assert "The follow-up was saved." in page(response)
    follow_up.refresh_from_db()
    assert (follow_up.status, follow_up.outcome) == (FollowUpStatus.DONE, "at_risk")


def test_an_edit_on_an_old_version_shows_what_changed_and_saves_nothing(alice, story):
    case = make_open_case(story)
    follow_up = services.plan_follow_up(
        actor=story.caseworker, case=case, kind=FollowUpKind.PHONE_CALL, due_on=TODAY
    )
    seen = follow_up.version
    services.update_follow_up(
        actor=story.colleague,
        follow_up=follow_up,
        expected_version=seen,
        kind=FollowUpKind.HOME_VISIT,
        due_on=TODAY,
    )

    response = alice.post(
        record_url(case, "follow-up", follow_up, "edit/"),
        {"kind": "video_call", "due_on": "2026-03-04", "version": seen},
    )

    html = page(response)
    assert response.status_code == 409
    assert "Bob Caseworker" in html
    assert "Your changes were not saved" in html
    follow_up.refresh_from_db()
    assert follow_up.kind == FollowUpKind.HOME_VISIT
    assert f'name="version" value="{follow_up.version}"' in html


def test_archive_and_restore_instead_of_delete(alice, story):
    case = make_open_case(story)
    follow_up = done_follow_up(story.caseworker, case)

    archived = alice.post(record_url(case, "follow-up", follow_up, "archive/"), **HTMX)
    follow_up.refresh_from_db()
    assert follow_up.archived_at is not None
    assert "It can be restored." in page(archived)
    assert "Archived follow-ups" in page(archived)

    alice.post(record_url(case, "follow-up", follow_up, "restore/"), **HTMX)
    follow_up.refresh_from_db()
    assert follow_up.archived_at is None
    assert alice.post(record_url(case, "follow-up", follow_up, "explode/")).status_code == 404


def test_a_refused_action_is_explained_in_the_panel(alice, story):
    case = make_open_case(story)
    follow_up = done_follow_up(story.caseworker, case)

    response = alice.post(record_url(case, "follow-up", follow_up, "cancel/"), **HTMX)

    assert "Only a planned follow-up can be cancelled." in page(response)


# --- restricted sections -----------------------------------------------------------------


def test_counselling_and_medical_services_show_only_to_roles_reading_their_section(client, story):
    case = make_open_case(story)
    staff = staff_around(story, case)
    counselling = services.record_service(
        actor=staff.counsellor, case=case, details=delivered(ServiceKind.COUNSELLING)
    )
    services.record_service(
        actor=staff.caseworker, case=case, details=delivered(ServiceKind.MEDICAL_CARE)
    )
    services.record_service(
        actor=staff.caseworker, case=case, details=delivered(ServiceKind.LIFE_SKILLS)
    )

    seen = {}
    for name in ("caseworker", "counsellor", "legal_officer", "programme_manager"):
        login(client, getattr(staff, name))
        seen[name] = page(client.get(panel_url(case, "services"), **HTMX))

    assert "Counselling session" not in seen["caseworker"]
    assert "Medical care" in seen["caseworker"]
    assert "Counselling session" in seen["counsellor"]
    assert "Medical care" not in seen["legal_officer"]
    assert "Counselling session" not in seen["legal_officer"]
    assert "Life-skills training" in seen["legal_officer"]
    assert "Counselling session" in seen["programme_manager"]
    login(client, staff.caseworker)
    assert client.get(record_url(case, "service", counselling)).status_code == 404


def test_the_service_form_offers_counselling_only_to_roles_reading_it(client, story):
    case = make_open_case(story)
    staff = staff_around(story, case)

    login(client, staff.caseworker)
    caseworker = page(client.get(panel_url(case, "services"), **HTMX))
    login(client, staff.counsellor)
    counsellor = page(client.get(panel_url(case, "services"), **HTMX))

    assert 'value="counselling"' not in caseworker
    assert 'value="medical_care"' in caseworker
    assert 'value="counselling"' in counsellor


def test_dass21_is_shown_only_to_roles_reading_counselling_with_its_chart(client, story):
    case = make_open_case(story)
    staff = staff_around(story, case)
    for day, items in ((DAY, ITEMS_MIXED), (TODAY, ITEMS_NORMAL)):
        services.record_dass21(actor=staff.counsellor, case=case, assessed_on=day, items=items)
    for day in (DAY, TODAY):
        services.record_recovery_assessment(
            actor=staff.caseworker, case=case, assessed_on=day, scores=SCORES_STABLE
        )

    login(client, staff.counsellor)
    counsellor = page(client.get(panel_url(case, "assessments"), **HTMX))
    login(client, staff.caseworker)
    caseworker = page(client.get(panel_url(case, "assessments"), **HTMX))

    assert "DASS-21" in counsellor
    assert counsellor.count('<svg role="img"') == 2
    assert 'aria-labelledby="dass21-chart-caption"' in counsellor
    assert "Extremely severe" in counsellor  # the text table beside the chart
    assert "DASS-21" not in caseworker
    assert caseworker.count('<svg role="img"') == 1
    assert "Recovery assessments (the same figures as the chart)" in caseworker


def test_dass21_items_out_of_range_are_refused_in_the_form(client, story):
    case = make_open_case(story)
    staff = staff_around(story, case)
    login(client, staff.counsellor)
    answers = {f"item_{n}": "1" for n in range(1, 22)}
    answers.update(item_7="4", assessed_on="2026-02-20")

    response = client.post(new_url(case, "dass21"), answers)

    assert response.status_code == 422
    assert "Ensure this value is less than or equal to 3." in page(response)
    assert not case.dass21_assessments.exists()


def test_a_caseworker_posting_a_dass21_is_refused(alice, story):
    case = make_open_case(story)
    answers = {f"item_{n}": "1" for n in range(1, 22)}
    answers["assessed_on"] = "2026-02-20"

    response = alice.post(new_url(case, "dass21"), answers)

    assert response.status_code == 403
    assert "Your role cannot record in this section." in page(response)


# --- other panels ------------------------------------------------------------------------


def test_the_income_panel_shows_the_change_from_the_baseline(alice, story):
    case = make_open_case(story)
    for day, amount in ((DAY, "4000"), (TODAY, "5400")):
        alice.post(
            new_url(case, "income"),
            {
                "recorded_on": day.isoformat(),
                "amount_per_month": amount,
                "currency": "BDT",
                "sources": ["day_labour"],
            },
        )

    html = page(alice.get(panel_url(case, "income"), **HTMX))

    assert "Baseline" in html
    assert "+1400.00 BDT (+35.0%)" in html
    assert "up more than 30%" in html


def test_the_reintegration_panel_refuses_a_skipped_stage(alice, story):
    case = make_open_case(story)
    alice.post(new_url(case, "stage"), {"stage": "in_shelter", "reached_on": "2026-02-01"})

    response = alice.post(
        new_url(case, "stage"), {"stage": "reintegrating", "reached_on": "2026-02-10"}, **HTMX
    )

    assert "Stages are reached in order: record “Returned home” first." in page(response)
    assert 'aria-current="step"' in page(response)


def test_a_care_plan_is_recorded_with_its_six_domains_and_a_goal_owner(alice, story):
    case = make_open_case(story)
    plan = {
        "agreed_on": "2026-02-01",
        "review_on": "2026-05-01",
        "safety_level": "high",
        "safety_needs": "Recruiter nearby",
    }
    for domain in (
        "legal_protection",
        "mental_wellbeing",
        "physical_health",
        "economic_empowerment",
        "social_support",
    ):
        plan[f"{domain}_level"] = "none"

    alice.post(new_url(case, "care-plan"), plan)
    html = page(alice.get(panel_url(case, "care-plan"), **HTMX))
    goal = alice.post(
        new_url(case, "goal"),
        {
            "domain": "safety",
            "description": "Safety plan with the family",
            "owner": story.colleague.pk,
            "target_on": "2026-04-01",
        },
        **HTMX,
    )

    assert "Recruiter nearby" in html
    assert "Economic empowerment and education" in html
    assert "The goal was added." in page(goal)
    assert "Bob Caseworker" in page(goal)


def test_re_trafficking_on_a_closed_case_reopens_it(alice, story):
    case = make_open_case(story)
    close_case(
        actor=story.caseworker, case=case, expected_version=case.version, closed_on=DAY, reason="x"
    )

    form = page(alice.get(panel_url(case, "re-trafficking"), **HTMX))
    alice.post(new_url(case, "re-trafficking"), {"happened_on": "2026-02-25", "details": "Gone"})

    case.refresh_from_db()
    assert "recording an incident reopens it today" in form
    assert case.status == Status.OPEN


def test_a_mentor_is_matched_with_a_mentee_by_case_number(alice, story):
    mentor_case = make_open_case(story)
    mentee_case = make_open_case(story)
    services.train_peer_mentor(actor=story.caseworker, case=mentor_case, trained_on=DAY)

    response = alice.post(
        new_url(mentor_case, "match"),
        {"mentee": mentee_case.number.lower(), "matched_on": "2026-02-10"},
        **HTMX,
    )
    unknown = alice.post(
        new_url(mentor_case, "match"), {"mentee": "BD-KHU-2026-9999", "matched_on": "2026-02-10"}
    )

    assert "The mentor was matched with the mentee." in page(response)
    assert mentee_case.number in page(response)
    assert "No case with this number that you work on." in page(unknown)
    mentee_panel = page(alice.get(panel_url(mentee_case, "peer-mentoring"), **HTMX))
    assert f"Mentor (case {mentor_case.number})" in mentee_panel


# --- My work -----------------------------------------------------------------------------


def test_my_work_lists_due_follow_ups_reviews_and_overdue_services_of_my_cases(alice, story):
    mine = make_open_case(story)
    bobs = make_case_for(story.colleague)
    services.plan_follow_up(
        actor=story.caseworker,
        case=mine,
        kind=FollowUpKind.PHONE_CALL,
        due_on=TODAY - timedelta(days=3),
    )
    services.plan_follow_up(
        actor=story.caseworker,
        case=mine,
        kind=FollowUpKind.HOME_VISIT,
        due_on=TODAY + timedelta(days=30),
    )
    services.plan_follow_up(
        actor=story.colleague, case=bobs, kind=FollowUpKind.VIDEO_CALL, due_on=TODAY
    )
    services.create_care_plan(actor=story.caseworker, case=mine, agreed_on=DAY, review_on=TODAY)
    services.record_service(
        actor=story.caseworker,
        case=mine,
        details=services.ServiceDetails(kind="education", due_on=TODAY - timedelta(days=1)),
    )

    html = page(alice.get("/aftercare/"))
    with_team = page(alice.get("/aftercare/?team=1"))

    assert "Phone call" in html and "Overdue" in html
    assert "Home visit" not in html  # due in a month
    assert "Video call" not in html  # Bob's case
    assert "Video call" in with_team
    assert html.count(f">{mine.number}</a>") == 3
    assert "Rina Akter" in html
    row = AccessLogEntry.objects.filter(user=story.caseworker, action="list").last()
    assert row.object_type == "aftercare.queue"
    assert row.path == "/aftercare/"


def test_my_work_pages_by_key(alice, story, settings):
    settings.MUKTI_PAGE_SIZE = 2
    case = make_open_case(story)
    for days in range(5):
        services.plan_follow_up(
            actor=story.caseworker,
            case=case,
            kind=FollowUpKind.PHONE_CALL,
            due_on=TODAY - timedelta(days=days),
        )

    first = page(alice.get("/aftercare/"))
    cursor = first.split("follow_ups_after=")[1].split('"')[0]
    second = page(alice.get(f"/aftercare/?follow_ups_after={cursor}"))

    assert first.count('<td data-label="Due on">') == 2
    assert "25 Feb 2026" in first and "26 Feb 2026" in first
    assert "27 Feb 2026" in second and "28 Feb 2026" in second
    assert "First page" in second


def test_my_work_is_in_the_menu_of_roles_that_record_care_only(client, story):
    case = make_open_case(story)
    staff = staff_around(story, case)

    login(client, staff.caseworker)
    assert '<a href="/aftercare/">My work</a>' in page(client.get("/"))
    login(client, staff.legal_officer)
    assert "My work" not in page(client.get("/"))
    assert client.get("/aftercare/").status_code == 403


def make_case_for(user):
    from tests.factories import make_case

    return make_case(actor=user)


def test_money_fields_keep_their_decimals(alice, story):
    case = make_open_case(story)

    alice.post(
        new_url(case, "service"),
        {
            "kind": "small_business",
            "status": "delivered",
            "delivered_on": "2026-02-02",
            "provider": "BRAC",
            "cost": "12500.50",
            "currency": "BDT",
        },
    )

    [service] = case.aftercare_services.all()
    assert service.cost == Decimal("12500.50")
