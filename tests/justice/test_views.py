"""The justice pages, as the legal officer, the caseworker, the counsellor and Charlie use them."""

from __future__ import annotations

import io
from datetime import date

import pytest

from mukti.audit.models import AccessLogEntry
from mukti.cases.models import CaseEvent, EventKind
from mukti.justice import services
from mukti.justice.models import (
    AnalysisStatus,
    BacklogAnalysis,
    Hearing,
    HearingStatus,
    LegalCase,
    PoliceEngagement,
    Stage,
    Verdict,
)
from tests.cases.test_views import login
from tests.justice.factories import add_accused, advance, file_case

pytestmark = pytest.mark.django_db

SMALL_LIST = (
    "case_id,court,district,filing_date,stage,trial_date,verdict_date,outcome\n"
    "A1,Tribunal Khulna,Khulna,2020-01-01,trial,2021-01-03,,\n"
    "A2,Tribunal Khulna,Khulna,2021-03-01,verdict,2022-01-02,2024-01-02,acquitted\n"
)


@pytest.fixture
def legal_case(justice):
    legal_case = file_case(
        actor=justice.legal_officer, case=justice.case, strategy_notes="Seek joinder of accused"
    )
    return advance(
        justice.legal_officer,
        legal_case,
        (Stage.INVESTIGATION, date(2026, 2, 5)),
        (Stage.CHARGE_SHEET, date(2026, 4, 1)),
        (Stage.TRIAL, date(2026, 5, 3)),
    )


def test_the_legal_officer_sees_the_legal_case_with_its_notes_and_accused(
    client, justice, legal_case
):
    add_accused(justice.manager, legal_case, "Jamal Uddin")
    login(client, justice.legal_officer)

    page = client.get(f"/justice/{legal_case.pk}/").content.decode()

    assert "Anti-Human Trafficking Offence Tribunal, Khulna" in page
    assert "Jamal Uddin" in page
    assert "Seek joinder of accused" in page
    assert justice.case.number in page and "Rina Akter" in page
    assert "Trial (charges framed)" in page
    assert "s. 24(1)" in page
    assert "Record the next stage" in page
    assert AccessLogEntry.objects.filter(
        user=justice.legal_officer, action="view", object_id=str(legal_case.pk)
    ).exists()


def test_the_counsellor_reads_the_legal_case_but_not_the_strategy(client, justice, legal_case):
    login(client, justice.counsellor)

    page = client.get(f"/justice/{legal_case.pk}/").content.decode()

    assert "Anti-Human Trafficking Offence Tribunal, Khulna" in page
    assert "Seek joinder" not in page
    assert "Legal strategy notes" not in page
    assert "Record the next stage" not in page
    assert client.get(f"/justice/{legal_case.pk}/notes/").status_code == 403


def test_the_caseworker_reads_but_cannot_change_a_legal_case(client, justice, legal_case):
    login(client, justice.caseworker)

    assert client.get(f"/justice/{legal_case.pk}/").status_code == 200
    response = client.post(
        f"/justice/{legal_case.pk}/stage/",
        {"stage": "verdict", "happened_on": "2026-09-01", "version": legal_case.version},
    )
    assert response.status_code == 403
    assert LegalCase.objects.get().stage == Stage.TRIAL


def test_the_outsider_gets_404_and_the_attempt_is_logged(client, justice, legal_case):
    login(client, justice.outsider)

    assert client.get(f"/justice/{legal_case.pk}/").status_code == 404
    assert client.get(f"/justice/case/{justice.case.number}/").status_code == 404
    assert "Khulna" not in client.get("/justice/").content.decode()
    assert AccessLogEntry.objects.filter(
        user=justice.outsider, action="denied", object_type="justice.legalcase"
    ).exists()


def test_the_list_filters_by_stage_and_flags_a_breached_limit(client, justice, legal_case):
    file_case(actor=justice.legal_officer, case=justice.case, court="Sessions Court, Jessore")
    file_case(
        actor=justice.legal_officer,
        case=justice.case,
        court="Tribunal, Satkhira",
        fir_date=date(2024, 6, 1),
        stage=Stage.TRIAL,
        stage_since=date(2025, 2, 2),
    )
    login(client, justice.legal_officer)

    page = client.get("/justice/", {"stage": "trial"}).content.decode()
    assert "Tribunal, Khulna" in page and "Jessore" not in page

    breached = client.get("/justice/", {"deadline": "breached"}).content.decode()
    assert "Satkhira" in breached and "Past the statutory limit" in breached
    assert "Tribunal, Khulna" not in breached


def test_filing_a_legal_case_from_the_form(client, justice):
    login(client, justice.legal_officer)

    response = client.post(
        "/justice/new/",
        {
            "case_number": justice.case.number,
            "role": "complainant",
            "country": "BD",
            "court": "Tribunal, Jessore",
            "fir_date": "2026-03-01",
            "stage": "investigation",
            "stage_since": "2026-03-02",
            "strategy_notes": "Keep the witness list private",
        },
    )

    legal_case = LegalCase.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/justice/{legal_case.pk}/"
    assert legal_case.strategy_notes == "Keep the witness list private"
    assert CaseEvent.objects.filter(case=justice.case, kind=EventKind.LEGAL_CASE_FILED).exists()


def test_filing_for_a_case_out_of_scope_is_refused_on_the_form(client, justice, story):
    from tests.factories import make_case

    foreign = make_case(actor=story.outsider)
    login(client, justice.legal_officer)

    response = client.post(
        "/justice/new/",
        {
            "case_number": foreign.number,
            "role": "complainant",
            "country": "BD",
            "court": "Tribunal",
            "stage": "complaint",
            "stage_since": "2026-03-02",
        },
    )

    assert "No case you may see has this number." in response.content.decode()
    assert not LegalCase.objects.exists()


def test_a_verdict_before_the_charge_sheet_is_refused_on_the_page(client, justice, legal_case):
    accused = add_accused(justice.manager, legal_case)
    login(client, justice.legal_officer)

    response = client.post(
        f"/justice/{legal_case.pk}/verdict/{accused.pk}/",
        {"outcome": "convicted", "decided_on": "2026-03-01"},
    )

    assert response.status_code == 200
    assert (
        "A verdict cannot come before the charge sheet (2026-04-01)." in response.content.decode()
    )
    assert not Verdict.objects.exists()


def test_recording_a_verdict_from_the_page(client, justice, legal_case):
    accused = add_accused(justice.manager, legal_case)
    login(client, justice.legal_officer)

    response = client.post(
        f"/justice/{legal_case.pk}/verdict/{accused.pk}/",
        {"outcome": "convicted", "decided_on": "2026-10-01", "sentence_years": "10"},
    )

    assert response.status_code == 302
    assert Verdict.objects.get().sentence_years == 10
    assert CaseEvent.objects.filter(case=justice.case, kind=EventKind.VERDICT).exists()


def test_an_adjourned_hearing_from_the_page_puts_the_next_on_the_calendar(
    client, justice, legal_case
):
    login(client, justice.legal_officer)

    client.post(
        f"/justice/{legal_case.pk}/hearing/",
        {
            "hearing_on": "2026-11-02",
            "purpose": "evidence",
            "status": "adjourned",
            "adjournment_reason": "prosecutor_absent",
            "next_date": "2026-12-07",
        },
    )

    assert Hearing.objects.get(hearing_on=date(2026, 11, 2)).status == HearingStatus.ADJOURNED
    calendar = client.get("/justice/hearings/", {"month": "2026-12"}).content.decode()
    assert "Tribunal, Khulna" in calendar
    assert 'datetime="2026-12-07"' in calendar
    assert (
        "No hearing scheduled"
        in client.get("/justice/hearings/", {"month": "2027-01"}).content.decode()
    )


def test_a_stale_edit_shows_what_changed(client, justice, legal_case):
    login(client, justice.legal_officer)
    old_version = legal_case.version
    services.update_legal_case(
        actor=justice.manager,
        legal_case=legal_case,
        expected_version=legal_case.version,
        details=services.LegalCaseDetails(country="BD", court="Tribunal No. 2, Khulna"),
    )

    response = client.post(
        f"/justice/{legal_case.pk}/edit/",
        {"country": "BD", "court": "Tribunal No. 3, Khulna", "version": old_version},
    )

    page = response.content.decode()
    assert "after you opened it" in page
    assert "Tribunal No. 2, Khulna" in page
    assert LegalCase.objects.get().court == "Tribunal No. 2, Khulna"


def test_the_case_page_panel_lists_legal_cases_and_records_police_engagement(
    client, justice, legal_case
):
    login(client, justice.caseworker)

    panel = client.get(f"/justice/case/{justice.case.number}/", headers={"HX-Request": "true"})
    assert "Tribunal, Khulna" in panel.content.decode()
    assert "<html" not in panel.content.decode()

    response = client.post(
        f"/justice/case/{justice.case.number}/police/",
        {"observed_on": "2026-05-01", "engagement": "yes"},
        headers={"HX-Request": "true"},
    )

    assert "The observation was recorded." in response.content.decode()
    assert PoliceEngagement.objects.get().engagement == "yes"
    assert CaseEvent.objects.filter(kind=EventKind.ENGAGED_WITH_POLICE).count() == 1


def test_the_panel_appears_on_the_case_page(client, justice, legal_case):
    login(client, justice.counsellor)
    page = client.get(f"/cases/{justice.case.number}/").content.decode()
    assert f'hx-get="/justice/case/{justice.case.number}/"' in page


def test_the_menu_has_legal_cases_for_case_readers(client, justice):
    login(client, justice.caseworker)
    assert 'href="/justice/"' in client.get("/cases/").content.decode()


def test_the_deadlines_page_lists_breached_cases_in_scope(client, justice, legal_case):
    late = file_case(
        actor=justice.legal_officer,
        case=justice.case,
        fir_date=date(2024, 6, 1),
        stage=Stage.TRIAL,
        stage_since=date(2025, 2, 2),
    )
    login(client, justice.legal_officer)
    page = client.get("/justice/deadlines/").content.decode()
    assert "Prevention and Suppression of Human Trafficking Act 2012" in page
    assert f'href="/justice/{late.pk}/"' in page
    assert f'href="/justice/{legal_case.pk}/"' not in page
    login(client, justice.outsider)
    assert f'href="/justice/{late.pk}/"' not in client.get("/justice/deadlines/").content.decode()


def test_uploading_a_case_list_shows_the_analysis(client, justice):
    login(client, justice.me_officer)
    upload = io.BytesIO(SMALL_LIST.encode())
    upload.name = "khulna.csv"

    response = client.post(
        "/justice/backlog/", {"title": "Khulna", "file": upload, "deadline_country": "BD"}
    )

    analysis = BacklogAnalysis.objects.get()
    assert response.status_code == 302
    assert analysis.status == AnalysisStatus.DONE
    page = client.get(f"/justice/backlog/{analysis.pk}/").content.decode()
    assert "Time spent in each stage" in page and "<svg" in page
    pdf = client.get(f"/justice/backlog/{analysis.pk}/pdf/")
    assert pdf.content.startswith(b"%PDF")


def test_a_bad_row_rejects_the_upload_and_nothing_is_kept(client, justice):
    login(client, justice.me_officer)
    upload = io.BytesIO((SMALL_LIST + "A3,Tribunal,Khulna,2021-13-01,complaint,,,\n").encode())
    upload.name = "bad.csv"

    response = client.post("/justice/backlog/", {"file": upload, "deadline_country": "BD"})

    assert "Row 4: filing_date is not a date written YYYY-MM-DD." in response.content.decode()
    assert not BacklogAnalysis.objects.exists()


def test_the_backlog_is_for_analysts_only(client, justice):
    login(client, justice.caseworker)
    assert client.get("/justice/backlog/").status_code == 403


def test_the_justice_pages_speak_bengali(client, justice, legal_case, settings):
    login(client, justice.legal_officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "bn"

    page = client.get(f"/justice/{legal_case.pk}/").content.decode()

    assert '<h2 id="stages-heading">পর্যায়ের ইতিহাস</h2>' in page
    assert "বিচার (অভিযোগ গঠিত)" in page
