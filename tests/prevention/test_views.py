"""The prevention pages, as the story's people and each role use them."""

from __future__ import annotations

import io
from datetime import date

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from mukti.accounts.roles import Role
from mukti.audit.models import AccessLogEntry
from mukti.prevention.models import Activity, ActivityStatus, Participant
from tests.prevention.conftest import login
from tests.prevention.factories import (
    audience,
    campaign_details,
    guards,
    make_activity,
    training_details,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel("2026-01-20 10:00 +0600", tick=False):
        yield


def form_data(story, **overrides):
    data = {
        "office": str(story.office.pk),
        "activity_type": "awareness_session",
        "title": "Lunch-hour session, Ashulia",
        "status": "done",
        "starts_on": "2025-12-10",
        "ends_on": "",
        "country": "BD",
        "district": "Dhaka",
        "venue": "Factory canteen",
        "audience_type": str(audience().pk),
        "profession": "",
        "channel": "",
        "organiser": "Justice and Care",
        "partners": "",
        "participants_total": "45",
        "participants_female": "40",
        "participants_male": "5",
        "participants_other": "",
        "score_maximum": "10",
        "pre_test_average": "4",
        "post_test_average": "8",
        "tested_count": "45",
        "improved_count": "41",
        "reach": "",
        "reach_note": "",
    }
    data.update(overrides)
    return data


def row(number, code, sex="female", pre="", post="", role=""):
    prefix = f"participant-{number}"
    return {
        f"{prefix}-code": code,
        f"{prefix}-sex": sex,
        f"{prefix}-age_group": "18_24",
        f"{prefix}-role": role,
        f"{prefix}-pre_score": pre,
        f"{prefix}-post_score": post,
    }


# --- the list and the menu --------------------------------------------------------------


def test_the_menu_has_prevention_for_those_who_read_it(client, story, member):
    login(client, story.caseworker)
    assert 'href="/prevention/">Prevention</a>' in client.get("/prevention/").content.decode()

    login(client, member(Role.COUNSELLOR))
    response = client.get("/")
    assert 'href="/prevention/"' not in response.content.decode()
    assert client.get("/prevention/").status_code == 403


def test_the_list_shows_the_offices_activities_and_filters_them(client, story):
    make_activity(actor=story.caseworker, office=story.office)
    make_activity(actor=story.caseworker, office=story.office, details=campaign_details())
    login(client, story.colleague)

    page = client.get("/prevention/").content.decode()
    campaigns = client.get("/prevention/", {"activity_type": "campaign"}).content.decode()
    in_december = client.get(
        "/prevention/", {"date_from": "2025-11-01", "date_to": "2025-11-30"}
    ).content.decode()

    assert "Lunch-hour session on safe migration" in page
    assert "Safe migration TV commercial" in page
    assert "1300000 reached" in page
    assert "Lunch-hour" not in campaigns
    assert "Safe migration TV commercial" not in in_december


def test_the_list_pages_by_key(client, story, settings, django_assert_max_num_queries):
    settings.MUKTI_PAGE_SIZE = 2
    for day in (1, 2, 3):
        make_activity(
            actor=story.caseworker,
            office=story.office,
            details=training_details(
                starts_on=date(2025, 10, day), ends_on=None, title=f"Training {day}"
            ),
        )
    login(client, story.caseworker)

    with django_assert_max_num_queries(12):
        first = client.get("/prevention/").content.decode()
    assert "Training 3" in first and "Training 1" not in first
    next_link = first.split('rel="next"')[0].rsplit('href="', 1)[1].split('"')[0]
    second = client.get("/prevention/" + next_link.replace("&amp;", "&")).content.decode()
    assert "Training 1" in second and "Training 3" not in second


def test_an_outsider_sees_no_activity_and_gets_404(client, story):
    activity = make_activity(actor=story.caseworker, office=story.office)
    login(client, story.outsider)

    assert "Lunch-hour" not in client.get("/prevention/").content.decode()
    assert client.get(f"/prevention/{activity.pk}/").status_code == 404
    assert client.get(f"/prevention/{activity.pk}/edit/").status_code == 404
    assert client.post(f"/prevention/{activity.pk}/cancel/", {"version": 1}).status_code == 404
    assert AccessLogEntry.objects.filter(user=story.outsider, action="denied").count() == 3
    assert Activity.objects.get().status == ActivityStatus.DONE


# --- one activity -----------------------------------------------------------------------


def test_the_detail_shows_the_change_in_knowledge_and_the_list(client, story):
    activity = make_activity(
        actor=story.caseworker,
        office=story.office,
        details=training_details(),
        participants=guards(("8", "15"), ("10", "12"), ("9", "9")),
    )
    login(client, story.caseworker)

    page = client.get(f"/prevention/{activity.pk}/").content.decode()

    assert "<h1>Identifying trafficking victims at the border</h1>" in page
    assert "Border guards" in page
    assert "+3.00" in page  # 9.00 before, 12.00 after
    assert "2 of 3" in page and "(67%)" in page
    assert "BG-3" in page
    assert "Edit" in page and "Cancel this activity" in page
    assert "recorded" in page


def test_a_reader_without_recording_rights_sees_no_edit_buttons(client, story, member):
    activity = make_activity(actor=story.caseworker, office=story.office)
    login(client, member(Role.LEGAL_OFFICER))

    page = client.get(f"/prevention/{activity.pk}/").content.decode()

    assert "Lunch-hour" in page
    assert "Cancel this activity" not in page
    assert client.get(f"/prevention/{activity.pk}/edit/").status_code == 403
    assert client.get("/prevention/new/").status_code == 403


def test_cancel_and_restore_from_the_detail_page(client, story):
    activity = make_activity(actor=story.caseworker, office=story.office)
    login(client, story.caseworker)

    client.post(f"/prevention/{activity.pk}/cancel/", {"version": 1, "reason": "Flood"})
    page = client.get(f"/prevention/{activity.pk}/").content.decode()
    assert "Cancelled:" in page and "Flood" in page and "Restore the activity" in page
    assert client.get(f"/prevention/{activity.pk}/edit/").status_code == 302

    client.post(f"/prevention/{activity.pk}/restore/", {"version": 2})
    assert Activity.objects.get().status == ActivityStatus.DONE


def test_a_stale_cancel_is_refused_with_a_message(client, story):
    activity = make_activity(actor=story.caseworker, office=story.office)
    login(client, story.caseworker)

    response = client.post(f"/prevention/{activity.pk}/cancel/", {"version": 7}, follow=True)

    assert "Someone changed the activity" in response.content.decode()
    assert Activity.objects.get().status == ActivityStatus.DONE


# --- the forms --------------------------------------------------------------------------


def test_recording_an_activity_through_the_form(client, story):
    login(client, story.caseworker)
    assert "Record an activity" in client.get("/prevention/new/").content.decode()

    response = client.post("/prevention/new/", form_data(story))

    activity = Activity.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/prevention/{activity.pk}/"
    assert (activity.participants_total, activity.improved_count) == (45, 41)
    assert activity.created_by == story.caseworker


def test_the_form_shows_the_services_refusal_next_to_the_field(client, story):
    login(client, story.caseworker)

    response = client.post("/prevention/new/", form_data(story, post_test_average="12"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "above the test&#x27;s maximum of 10" in page
    assert not Activity.objects.exists()


def test_participant_rows_are_added_inline_with_htmx(client, story):
    login(client, story.caseworker)
    data = form_data(story, **row(0, "P-1"))

    response = client.post("/prevention/new/", {**data, "add_row": "1"}, HTTP_HX_REQUEST="true")

    page = response.content.decode()
    assert page.lstrip().startswith('<fieldset id="participants"')
    assert 'name="participant-0-code"' in page and 'value="P-1"' in page
    assert 'name="participant-1-code"' in page
    assert "<html" not in page
    assert not Activity.objects.exists()


def test_without_javascript_adding_a_row_redraws_the_whole_form(client, story):
    login(client, story.caseworker)

    response = client.post("/prevention/new/", {**form_data(story), "add_row": "1"})

    page = response.content.decode()
    assert "<html" in page and 'name="participant-0-code"' in page


def test_saving_with_participant_rows_counts_them(client, story):
    login(client, story.caseworker)
    data = form_data(
        story,
        participants_total="",
        participants_female="",
        participants_male="",
        pre_test_average="",
        post_test_average="",
        tested_count="",
        improved_count="",
        **row(0, "P-1", pre="3", post="7"),
        **row(1, "P-2", sex="male", pre="5", post="5"),
        **row(2, "", sex="unknown"),  # a blank row is ignored
        **{**row(3, "P-9"), "participant-3-remove": "on"},
    )

    response = client.post("/prevention/new/", data)

    assert response.status_code == 302, response.content.decode()[:3000]
    activity = Activity.objects.get()
    assert (activity.participants_total, activity.participants_male) == (2, 1)
    assert (activity.tested_count, activity.improved_count) == (2, 1)
    assert sorted(Participant.objects.values_list("code", flat=True)) == ["P-1", "P-2"]


def test_a_phone_number_in_a_participant_row_is_refused(client, story):
    login(client, story.caseworker)
    data = form_data(
        story,
        participants_total="",
        participants_female="",
        participants_male="",
        pre_test_average="",
        post_test_average="",
        tested_count="",
        improved_count="",
        **row(0, "01711-123456"),
    )

    page = client.post("/prevention/new/", data).content.decode()

    assert "Participant 1: the participant code is refused: it looks like a phone number" in page
    assert not Activity.objects.exists()


def test_editing_keeps_the_list_and_checks_the_version(client, story):
    activity = make_activity(
        actor=story.caseworker,
        office=story.office,
        details=training_details(),
        participants=guards(("8", "15"), ("10", "12"), ("9", "9")),
    )
    login(client, story.caseworker)
    page = client.get(f"/prevention/{activity.pk}/edit/").content.decode()
    assert 'value="BG-2"' in page

    rows = {}
    for number, code in enumerate(["BG-1", "BG-2", "BG-3"]):
        rows.update(row(number, code, sex="male", pre="8", post="9"))
    data = form_data(
        story,
        activity_type="training",
        profession="border_guards",
        audience_type=str(audience("border_guards").pk),
        title="Border training (edited)",
        starts_on="2025-10-12",
        ends_on="2025-10-13",
        score_maximum="20",
        participants_total="",
        participants_female="",
        participants_male="",
        pre_test_average="",
        post_test_average="",
        tested_count="",
        improved_count="",
        version="1",
        **rows,
    )
    assert client.post(f"/prevention/{activity.pk}/edit/", data).status_code == 302
    activity.refresh_from_db()
    assert activity.title == "Border training (edited)" and activity.improved_count == 3

    stale = client.post(f"/prevention/{activity.pk}/edit/", {**data, "title": "Late"})
    page = stale.content.decode()
    assert "after you opened it" in page
    assert 'name="version" value="2"' in page
    assert Activity.objects.get().title == "Border training (edited)"


def test_an_uploaded_file_with_a_bad_row_rejects_the_file(client, story):
    login(client, story.caseworker)
    content = b"code,sex,age_group,role\nP-1,female,18_24,worker\nP-2,female,18_24,rina@mail.com\n"
    data = form_data(
        story,
        participants_total="",
        participants_female="",
        participants_male="",
        participant_file=SimpleUploadedFile("list.csv", content, content_type="text/csv"),
    )

    page = client.post("/prevention/new/", data).content.decode()

    assert "Row 3: the role is refused: it looks like an e-mail address" in page
    assert "rina@mail.com" not in page
    assert not Activity.objects.exists() and not Participant.objects.exists()


def test_an_uploaded_xlsx_list_is_saved_with_the_activity(client, story):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Code", "Sex", "Age group", "Role", "Pre score", "Post score"])
    sheet.append(["W-1", "F", "18-24", "Line operator", 3, 8])
    sheet.append(["W-2", "f", "25-34", "Helper", 4, 6])
    buffer = io.BytesIO()
    workbook.save(buffer)
    login(client, story.caseworker)
    data = form_data(
        story,
        participants_total="",
        participants_female="",
        participants_male="",
        pre_test_average="",
        post_test_average="",
        tested_count="",
        improved_count="",
        participant_file=SimpleUploadedFile("list.xlsx", buffer.getvalue()),
    )

    response = client.post("/prevention/new/", data)

    assert response.status_code == 302
    activity = Activity.objects.get()
    assert (activity.participants_female, activity.improved_count) == (2, 2)
    assert Participant.objects.get(code="W-2").age_group == "25_34"


# --- the summary ------------------------------------------------------------------------


def test_the_summary_shows_the_periods_figures(client, story, member):
    make_activity(actor=story.caseworker, office=story.office)
    make_activity(
        actor=story.caseworker,
        office=story.office,
        details=training_details(),
        participants=guards(("8", "15"), ("10", "12"), ("9", "9")),
    )
    make_activity(actor=story.caseworker, office=story.office, details=campaign_details())
    login(client, member(Role.ME_OFFICER))

    page = client.get(
        "/prevention/summary/", {"date_from": "2025-09-01", "date_to": "2026-01-20"}
    ).content.decode()

    assert "Prevention figures" in page
    assert "<dd>30</dd>" in page  # people given prevention education
    assert "<dd>3</dd>" in page  # frontline professionals trained
    assert "1300000" in page
    assert "By audience" in page and "Garment-factory workers" in page
    assert "Border guards" in page


def test_the_summary_refuses_a_period_that_ends_before_it_starts(client, story):
    login(client, story.caseworker)

    page = client.get(
        "/prevention/summary/", {"date_from": "2026-01-01", "date_to": "2025-01-01"}
    ).content.decode()

    assert "The period ends before it starts." in page


def test_pages_are_translated_into_bengali(client, story):
    make_activity(actor=story.caseworker, office=story.office)
    login(client, story.caseworker)
    client.cookies["django_language"] = "bn"

    page = client.get("/prevention/", HTTP_ACCEPT_LANGUAGE="bn").content.decode()

    assert "প্রতিরোধ" in page
