"""The case pages, as Alice (caseworker), Bob (colleague) and Charlie (outsider) use them."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from mukti.accounts.models import User
from mukti.accounts.roles import Role, Section
from mukti.audit.models import AccessLogEntry
from mukti.cases import services
from mukti.cases.models import Attachment, Case, CaseEvent, EventKind, Note, Risk, Status
from mukti.people.models import Person
from tests.factories import make_case, make_member, make_person

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def login(client: Client, user: User) -> Client:
    """Signed in, with the demo waiver standing in for the second factor."""
    user.is_demo_account = True
    user.save(update_fields=["is_demo_account"])
    client.force_login(user)
    return client


def log_rows(user: User, action: str) -> list[AccessLogEntry]:
    return list(AccessLogEntry.objects.filter(user=user, action=action).order_by("sequence"))


def test_caseworker_sees_the_case_number_and_survivor_name(client, story):
    case = make_case(actor=story.caseworker)
    login(client, story.colleague)

    response = client.get(f"/cases/{case.number}/")

    page = response.content.decode()
    assert f"<h1>{case.number}</h1>" in page
    assert "Rina Akter" in page
    assert "Timeline" in page
    assert "Case opened" in page
    assert "Alice Caseworker" in page
    [row] = log_rows(story.colleague, "view")
    assert (row.object_type, row.object_id) == ("cases.case", str(case.pk))
    assert row.person_id == case.survivor_id


def test_outsider_gets_404_for_a_case_and_the_attempt_is_logged(client, story):
    case = make_case(actor=story.caseworker)
    login(client, story.outsider)

    response = client.get(f"/cases/{case.number}/")

    assert response.status_code == 404
    assert "Rina" not in response.content.decode()
    [row] = log_rows(story.outsider, "denied")
    assert (row.object_type, row.object_id) == ("cases.case", case.number)
    assert not log_rows(story.outsider, "view")


def test_an_unknown_case_number_is_a_404_page(client, story):
    login(client, story.caseworker)

    response = client.get("/cases/BD-KHU-2026-9999/")

    assert response.status_code == 404
    assert "Not found" in response.content.decode()
    assert len(log_rows(story.caseworker, "denied")) == 1


def test_outsider_cannot_write_to_a_case(client, story):
    case = make_case(actor=story.caseworker)
    login(client, story.outsider)

    response = client.post(
        f"/cases/{case.number}/events/",
        {"kind": EventKind.SHELTERED, "happened_on": "2026-02-01", "summary": ""},
    )

    assert response.status_code == 404
    assert not case.events.filter(kind=EventKind.SHELTERED).exists()


def test_the_list_shows_visible_cases_and_logs_one_list_row(client, story):
    case = make_case(actor=story.caseworker)
    make_case(actor=story.outsider)
    login(client, story.colleague)

    response = client.get("/cases/")

    page = response.content.decode()
    assert case.number in page
    assert "RO-BUC" not in page
    assert "Rina Akter" in page
    [row] = log_rows(story.colleague, "list")
    assert (row.object_type, row.object_id) == ("cases.case", "")


def test_searching_by_a_transliterated_name_finds_the_case_and_is_logged(client, story):
    survivor = make_person(
        actor=story.caseworker, office=story.office, given_name="Mohammad", family_name="Rahman"
    )
    wanted = make_case(actor=story.caseworker, survivor=survivor)
    other = make_case(actor=story.caseworker)
    login(client, story.colleague)

    response = client.get("/cases/", {"q": "Md. Rohman"})

    page = response.content.decode()
    assert wanted.number in page
    assert other.number not in page
    [row] = log_rows(story.colleague, "search")
    assert row.object_type == "cases.case"
    assert "Rohman" not in row.path
    assert not log_rows(story.colleague, "list")


def test_filters_narrow_the_list(client, story):
    high = make_case(actor=story.caseworker, risk=Risk.HIGH)
    low = make_case(actor=story.caseworker, risk=Risk.LOW)
    login(client, story.caseworker)

    page = client.get("/cases/", {"risk": "high", "status": "open", "mine": "on"}).content.decode()

    assert high.number in page
    assert low.number not in page


def test_the_list_paginates_by_cursor(client, story, settings):
    settings.MUKTI_PAGE_SIZE = 25
    survivor = make_person(actor=story.caseworker, office=story.office)
    numbers = [make_case(actor=story.caseworker, survivor=survivor).number for _ in range(30)]
    login(client, story.caseworker)

    first = client.get("/cases/").content.decode()
    assert all(number in first for number in numbers[5:])
    assert not any(number in first for number in numbers[:5])
    assert "Next page" in first
    next_link = first.split('rel="next"')[0].rsplit('href="', 1)[1].split('"')[0]
    assert "after=" in next_link

    second = client.get("/cases/" + next_link.replace("&amp;", "&")).content.decode()
    assert all(number in second for number in numbers[:5])
    assert not any(number in second for number in numbers[5:])
    assert "Next page" not in second


def test_the_list_page_makes_a_fixed_number_of_queries(
    client, story, settings, django_assert_max_num_queries
):
    settings.MUKTI_PAGE_SIZE = 25
    for _ in range(12):
        make_case(actor=story.caseworker)
    login(client, story.caseworker)

    filters = {"q": "Rina", "risk": "medium", "mine": "on"}
    filters |= {"office": str(story.office.pk), "team": str(story.team.pk)}

    # session, user, memberships with their offices and teams (3), the name-token lookup,
    # one query per branch of the scope (assigned, team, shared), the merged page, names,
    # access-log row (5), permissions (2), office choices, and the chosen office and team.
    # Twelve cases or twelve hundred, the count stays the same.
    with django_assert_max_num_queries(21):
        response = client.get("/cases/", filters)

    assert response.content.decode().count("Rina Akter") == 12


def test_home_lists_my_cases_and_those_due_for_contact(client, story, time_machine):
    time_machine.move_to(date(2026, 1, 20))
    case = make_case(actor=story.caseworker, opened_on=date(2026, 1, 2))
    time_machine.move_to(date(2026, 3, 1))
    login(client, story.caseworker)

    page = client.get("/").content.decode()

    assert "My cases" in page
    assert "Due for contact" in page
    assert page.count(f">{case.number}</a>") == 2
    assert len(log_rows(story.caseworker, "list")) == 1


def test_home_of_an_me_officer_shows_no_case(client, story):
    make_case(actor=story.caseworker)
    officer = make_member(role=Role.ME_OFFICER, office=story.office)
    login(client, officer)

    page = client.get("/").content.decode()

    assert "does not read cases" in page
    assert "Rina" not in page


def test_adding_an_event_with_htmx_returns_the_timeline(client, story):
    case = make_case(actor=story.caseworker)
    login(client, story.caseworker)

    response = client.post(
        f"/cases/{case.number}/events/",
        {"kind": EventKind.SHELTERED, "happened_on": "2026-02-01", "summary": "Safe house"},
        headers={"HX-Request": "true"},
    )

    page = response.content.decode()
    assert page.lstrip().startswith('<section id="timeline"')
    assert "Sheltered" in page
    assert "Safe house" in page
    assert case.events.filter(kind=EventKind.SHELTERED, happened_on=date(2026, 2, 1)).exists()


def test_an_event_in_the_future_shows_the_message_and_stores_nothing(client, story):
    case = make_case(actor=story.caseworker)
    login(client, story.caseworker)

    response = client.post(
        f"/cases/{case.number}/events/",
        {"kind": EventKind.SHELTERED, "happened_on": "2099-01-01", "summary": ""},
    )

    assert "The date cannot be in the future." in response.content.decode()
    assert not case.events.filter(kind=EventKind.SHELTERED).exists()


def test_a_counsellor_only_note_is_hidden_from_the_caseworker(client, story):
    case = make_case(actor=story.caseworker)
    counsellor = make_member(role=Role.COUNSELLOR, team=story.team, full_name="Dana Counsellor")
    services.assign_worker(actor=story.caseworker, case=case, worker=counsellor, check=False)
    services.add_note(
        actor=counsellor, case=case, body="Nightmares every week", section=Section.COUNSELLING
    )
    services.add_note(actor=story.caseworker, case=case, body="Likes drawing")

    caseworker_page = login(client, story.caseworker).get(f"/cases/{case.number}/")
    counsellor_page = login(Client(), counsellor).get(f"/cases/{case.number}/")

    assert "Likes drawing" in caseworker_page.content.decode()
    assert "Nightmares every week" not in caseworker_page.content.decode()
    assert 'value="counselling"' not in caseworker_page.content.decode()
    assert "Nightmares every week" in counsellor_page.content.decode()


def test_a_note_is_added_archived_and_restored(client, story):
    case = make_case(actor=story.caseworker)
    login(client, story.caseworker)

    client.post(f"/cases/{case.number}/notes/", {"section": "general", "body": "Called mother"})
    note = Note.objects.get(case=case)
    archived = client.post(f"/cases/{case.number}/notes/{note.pk}/archive/", follow=True)
    note.refresh_from_db()
    assert note.archived_at is not None
    assert "1 archived note" in archived.content.decode()

    client.post(f"/cases/{case.number}/notes/{note.pk}/restore/")
    note.refresh_from_db()
    assert note.archived_at is None


def test_a_caseworker_cannot_write_a_counselling_note(client, story):
    case = make_case(actor=story.caseworker)
    login(client, story.caseworker)

    response = client.post(
        f"/cases/{case.number}/notes/", {"section": "counselling", "body": "Not mine to write"}
    )

    assert "Select a valid choice" in response.content.decode()
    assert not Note.objects.filter(case=case).exists()


def test_an_attachment_is_uploaded_and_downloaded(client, story):
    case = make_case(actor=story.caseworker)
    login(client, story.caseworker)

    client.post(
        f"/cases/{case.number}/attachments/",
        {"section": "general", "file": SimpleUploadedFile("report.pdf", PDF, "application/pdf")},
    )
    page = client.get(f"/cases/{case.number}/").content.decode()
    attachment = Attachment.objects.get(case=case)
    download = login(Client(), story.colleague).get(f"/cases/attachments/{attachment.pk}/")

    assert "report.pdf" in page
    assert download.content == PDF
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == 'attachment; filename="report.pdf"'
    assert download["Cache-Control"] == "no-store"
    [row] = log_rows(story.colleague, "download")
    assert (row.object_type, row.person_id) == ("cases.attachment", case.survivor_id)


def test_a_download_name_loses_its_path_and_gets_the_extension_of_its_type(client, story):
    case = make_case(actor=story.caseworker)
    attachment = services.add_attachment(
        actor=story.caseworker, case=case, filename='..\\evil"name;.html', content=PDF
    )
    login(client, story.caseworker)

    download = client.get(f"/cases/attachments/{attachment.pk}/")

    assert download["Content-Disposition"] == 'attachment; filename="evilname.html.pdf"'


@pytest.mark.parametrize(
    "content",
    [b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff", "zip"],
    ids=["exe", "zip"],
)
def test_an_attachment_of_a_wrong_type_is_refused(client, story, content):
    if content == "zip":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("a.bin", bytes(range(256)) * 8)
        content = buffer.getvalue()
    case = make_case(actor=story.caseworker)
    login(client, story.caseworker)

    response = client.post(
        f"/cases/{case.number}/attachments/",
        {"section": "general", "file": SimpleUploadedFile("photo.pdf", content)},
        headers={"HX-Request": "true"},
    )

    assert "Only PDF, JPEG, PNG and plain-text files can be attached." in response.content.decode()
    assert not Attachment.objects.filter(case=case).exists()


def test_outsider_gets_404_for_an_attachment_and_the_attempt_is_logged(client, story):
    case = make_case(actor=story.caseworker)
    attachment = services.add_attachment(
        actor=story.caseworker, case=case, filename="report.pdf", content=PDF
    )
    login(client, story.outsider)

    response = client.get(f"/cases/attachments/{attachment.pk}/")

    assert response.status_code == 404
    assert PDF not in response.content
    [row] = log_rows(story.outsider, "denied")
    assert (row.object_type, row.object_id) == ("cases.attachment", str(attachment.pk))


def test_opening_a_case_creates_the_person_the_case_and_its_opened_event(client, story):
    login(client, story.caseworker)

    response = client.post(
        "/cases/open/",
        {
            "given_name": "Shirin",
            "family_name": "Khatun",
            "script": "Latn",
            "sex": "female",
            "estimated_age": "16",
            "age_estimated_on": "2026-02-01",
            "nationality": "BD",
            "phone": "01712 345678",
            "address_country": "BD",
            "district": "Satkhira",
            "village": "Kaliganj",
            "office": str(story.office.pk),
            "team": str(story.team.pk),
            "risk": "high",
            "opened_on": "2026-02-01",
        },
    )

    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{case.number}/"
    assert case.survivor.display_name == "Shirin Khatun"
    assert case.survivor.phones.get().number == "01712 345678"
    assert case.survivor.addresses.get().village == "Kaliganj"
    assert case.risk == Risk.HIGH
    assert list(case.events.values_list("kind", flat=True)) == [EventKind.OPENED]


def _opening(story, **changes: str) -> dict[str, str]:
    data = {
        "given_name": "Rina",
        "family_name": "Aktar",
        "script": "Latn",
        "sex": "female",
        "birth_date": "2008-03-01",
        "office": str(story.office.pk),
        "team": str(story.team.pk),
        "risk": "medium",
        "opened_on": "2026-02-01",
    }
    return {**data, **changes}


def test_a_similar_name_shows_the_duplicate_warning_before_anything_is_stored(client, story):
    known = make_case(actor=story.caseworker)  # Rina Akter
    make_person(actor=story.outsider, office=story.outsider.memberships.get().office)
    login(client, story.colleague)

    warning = client.post("/cases/open/", _opening(story)).content.decode()

    assert "This person may already be known" in warning
    assert f"/people/{known.survivor_id}/" in warning
    assert "Open a new case anyway" in warning
    assert Person.objects.count() == 2

    client.post("/cases/open/", {**_opening(story), "duplicates_reviewed": "1"})
    assert Case.objects.count() == 2
    assert Person.objects.count() == 3


def test_a_match_outside_the_users_scope_is_only_counted(client, story):
    elsewhere = make_member(role=Role.CASEWORKER, office=story.office, full_name="Eve Other")
    make_case(actor=elsewhere)  # Rina Akter, in another team of the same office
    login(client, story.caseworker)

    page = client.post("/cases/open/", _opening(story)).content.decode()

    assert "1 person with a similar name is recorded elsewhere" in page
    assert "/people/" not in page


def test_a_birth_date_in_the_future_shows_the_message_and_stores_nothing(client, story):
    login(client, story.caseworker)

    response = client.post("/cases/open/", _opening(story, birth_date="2099-01-01"))

    assert "The date of birth cannot be in the future." in response.content.decode()
    assert not Person.objects.exists()
    assert not Case.objects.exists()


def test_when_the_case_is_refused_no_person_is_left_behind(client, story):
    login(client, story.caseworker)

    response = client.post(
        "/cases/open/",
        _opening(story, given_name="Nobody", family_name="Known", opened_on="2005-01-01"),
    )

    assert "before the survivor&#x27;s date of birth" in response.content.decode()
    assert not Person.objects.exists()


def test_a_case_is_opened_for_a_person_known_already(client, story):
    first = make_case(actor=story.caseworker)
    services.close_case(
        actor=story.caseworker,
        case=first,
        expected_version=first.version,
        closed_on=date(2026, 3, 1),
        reason="Reintegrated",
    )
    login(client, story.caseworker)

    person_page = client.get(f"/people/{first.survivor_id}/").content.decode()
    assert f"/cases/open/for/{first.survivor_id}/" in person_page
    client.post(
        f"/cases/open/for/{first.survivor_id}/",
        {"office": str(story.office.pk), "risk": "high", "opened_on": "2026-04-01"},
    )

    second = Case.objects.exclude(pk=first.pk).get()
    assert second.survivor_id == first.survivor_id
    assert second.status == Status.OPEN


def test_a_stale_edit_is_refused_and_the_current_value_kept(client, story):
    case = make_case(actor=story.caseworker)
    login(client, story.caseworker)
    seen_version = case.version
    services.update_case(
        actor=story.colleague,
        case=Case.objects.get(pk=case.pk),
        expected_version=seen_version,
        risk=Risk.CRITICAL,
        stage=case.stage,
        team=case.team,
        involves_sexual_exploitation=False,
        has_health_information=False,
    )

    response = client.post(
        f"/cases/{case.number}/edit/",
        {"risk": "low", "stage": case.stage, "team": str(story.team.pk), "version": seen_version},
    )

    page = response.content.decode()
    assert "changed by Bob Caseworker" in page
    assert "Your changes were not saved" in page
    assert "<td>Low</td><td>Critical</td>" in page.replace("\n", "").replace(" ", "")
    case.refresh_from_db()
    assert case.risk == Risk.CRITICAL


def test_an_edit_with_the_current_version_is_saved(client, story):
    case = make_case(actor=story.caseworker)
    login(client, story.caseworker)

    response = client.post(
        f"/cases/{case.number}/edit/",
        {
            "risk": "high",
            "stage": "in_care",
            "team": str(story.team.pk),
            "version": case.version,
            "stage_changed_on": "2026-02-02",
        },
        follow=True,
    )

    assert "The case was saved." in response.content.decode()
    case.refresh_from_db()
    assert (case.risk, case.stage) == (Risk.HIGH, "in_care")
    assert case.events.filter(kind=EventKind.STAGE_CHANGED, happened_on=date(2026, 2, 2)).exists()


def test_a_case_is_closed_and_reopened_with_reasons(client, story):
    case = make_case(actor=story.caseworker)
    login(client, story.caseworker)

    missing_reason = client.post(
        f"/cases/{case.number}/close/",
        {"closed_on": "2026-03-01", "reason": "", "version": case.version},
    )
    assert "This field is required." in missing_reason.content.decode()
    client.post(
        f"/cases/{case.number}/close/",
        {"closed_on": "2026-03-01", "reason": "Reintegrated", "version": case.version},
    )
    case.refresh_from_db()
    assert case.status == Status.CLOSED
    assert "Reopen the case" in client.get(f"/cases/{case.number}/").content.decode()

    client.post(
        f"/cases/{case.number}/reopen/",
        {"reopened_on": "2026-04-01", "reason": "Called for help", "version": case.version},
    )
    case.refresh_from_db()
    assert case.status == Status.OPEN
    kinds = set(CaseEvent.objects.filter(case=case).values_list("kind", flat=True))
    assert {EventKind.CLOSED, EventKind.REOPENED} <= kinds


def test_sexual_exploitation_details_are_hidden_from_a_caseworker(client, story):
    case = make_case(
        actor=story.caseworker,
        involves_sexual_exploitation=True,
        exploitation=services.ExploitationInput(types=["sexual_exploitation"], sector="S"),
    )
    manager = make_member(role=Role.PROGRAMME_MANAGER, office=story.office)

    caseworker_page = login(client, story.caseworker).get(f"/cases/{case.number}/")
    manager_page = login(Client(), manager).get(f"/cases/{case.number}/")

    assert "shown only to the roles that need them" in caseworker_page.content.decode()
    assert "sexual_exploitation" not in caseworker_page.content.decode()
    assert "sexual_exploitation" in manager_page.content.decode()


def test_every_field_on_the_case_page_has_a_label_of_its_own(client, story):
    case = make_case(actor=story.caseworker)
    page = login(client, story.caseworker).get(f"/cases/{case.number}/").content.decode()

    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    for field_id in re.findall(r'<(?:input|select|textarea)[^>]*\sid="([^"]+)"', page):
        assert f'for="{field_id}"' in page or field_id.endswith("version")


def test_a_legal_officer_reads_the_case_but_cannot_edit_or_close_it(client, story):
    case = make_case(actor=story.caseworker)
    officer = make_member(role=Role.LEGAL_OFFICER, office=story.office)
    login(client, officer)

    page = client.get(f"/cases/{case.number}/").content.decode()
    edit = client.get(f"/cases/{case.number}/edit/")
    close = client.post(
        f"/cases/{case.number}/close/",
        {"closed_on": "2026-03-01", "reason": "No", "version": case.version},
    )

    assert "Edit the case" not in page
    assert "Close the case" not in page
    assert edit.status_code == 403
    assert "Your role does not allow this" in close.content.decode()
    case.refresh_from_db()
    assert case.status == Status.OPEN


def test_an_me_officer_is_refused_the_case_list(client, story):
    make_case(actor=story.caseworker)
    login(client, make_member(role=Role.ME_OFFICER, office=story.office))

    response = client.get("/cases/")

    assert response.status_code == 403
    assert "Rina" not in response.content.decode()


def test_the_case_page_makes_a_fixed_number_of_queries(
    client, story, django_assert_max_num_queries
):
    case = make_case(actor=story.caseworker)
    for day in range(1, 6):
        services.add_case_event(
            actor=story.caseworker,
            case=case,
            kind=EventKind.FOLLOW_UP,
            happened_on=date(2026, 2, day),
        )
        services.add_note(actor=story.caseworker, case=case, body=f"Call {day}")
        services.add_attachment(
            actor=story.caseworker, case=case, filename=f"{day}.pdf", content=PDF
        )
    login(client, story.colleague)

    # Most are the permission checks of each form and section; none grows with the rows.
    with django_assert_max_num_queries(28):
        page = client.get(f"/cases/{case.number}/").content.decode()

    assert page.count("<strong>Follow-up</strong>") == 5
    assert "Call 5" in page
    assert "5.pdf" in page


def test_the_exploitation_profile_is_shown_in_words_not_codes(client, story):
    from mukti.cases.services import ExploitationInput

    case = make_case(
        actor=story.caseworker,
        exploitation=ExploitationInput(
            types=["ForcedLabour"],
            sector="T",
            means_of_control=["DebtBondage", "WithholdsDocuments"],
            countries_of_exploitation=["IN"],
        ),
    )
    login(client, story.caseworker)

    page = client.get(f"/cases/{case.number}/").content.decode()

    assert "Forced labour" in page
    assert "Domestic work" in page
    assert "Debt bondage, Withholds documents" in page
    assert "India" in page
    assert "ForcedLabour" not in page
