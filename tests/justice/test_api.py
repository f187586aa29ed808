"""/api/v1/justice/ (mukti/justice/api.py): the same checks and scope as the pages."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from mukti.audit.models import AccessLogEntry
from mukti.cases.models import CaseEvent, EventKind
from mukti.justice.models import BacklogAnalysis, LegalCase, Stage
from tests.api.conftest import api_as  # noqa: F401 - the fixture
from tests.justice.factories import add_accused, advance, file_case

pytestmark = pytest.mark.django_db
API = "/api/v1/justice"


@pytest.fixture
def legal_case(justice):
    legal_case = file_case(actor=justice.legal_officer, case=justice.case, strategy_notes="Plan")
    return advance(
        justice.legal_officer,
        legal_case,
        (Stage.INVESTIGATION, date(2026, 2, 5)),
        (Stage.CHARGE_SHEET, date(2026, 4, 1)),
        (Stage.TRIAL, date(2026, 5, 3)),
    )


def test_filing_a_legal_case(justice, api_as):  # noqa: F811
    response = api_as(justice.legal_officer).post_json(
        f"{API}/legal-cases/",
        {
            "survivors": [{"case_number": justice.case.number, "role": "witness"}],
            "country": "BD",
            "court": "Tribunal, Khulna",
            "fir_date": "2026-03-01",
            "stage": "complaint",
            "stage_since": "2026-03-01",
            "investigating_officer": "SI Rahim",
        },
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["survivors"][0]["survivor"]["name"] == "Rina Akter"
    assert body["strategy_notes"] == ""
    assert CaseEvent.objects.filter(kind=EventKind.LEGAL_CASE_FILED).count() == 1


def test_the_counsellor_reads_the_case_without_its_strategy(justice, legal_case, api_as):  # noqa: F811
    body = api_as(justice.counsellor).get(f"{API}/legal-cases/{legal_case.pk}").json()

    assert body["strategy_notes"] is None and body["strategy_hidden"] is True
    assert [stage["stage"] for stage in body["stages"]][-1] == "trial"
    assert body["deadlines"][0]["section"] == "s. 24(1)"


def test_the_outsider_gets_404_and_an_empty_list(justice, legal_case, api_as):  # noqa: F811
    charlie = api_as(justice.outsider)

    assert charlie.get(f"{API}/legal-cases/{legal_case.pk}").status_code == 404
    assert charlie.get(f"{API}/legal-cases/").json()["results"] == []
    assert AccessLogEntry.objects.filter(user=justice.outsider, action="denied").exists()


def test_the_list_filters_by_stage(justice, legal_case, api_as):  # noqa: F811
    file_case(actor=justice.legal_officer, case=justice.case, court="Sessions Court")
    tanvir = api_as(justice.legal_officer)

    trial = tanvir.get(f"{API}/legal-cases/", {"stage": "trial"}).json()["results"]
    assert [row["court"] for row in trial] == [legal_case.court]
    assert tanvir.get(f"{API}/legal-cases/", {"stage": "nonsense"}).status_code == 422


def test_a_verdict_before_the_charge_sheet_answers_422_with_the_reason(justice, legal_case, api_as):  # noqa: F811
    accused = add_accused(justice.manager, legal_case)

    response = api_as(justice.legal_officer).post_json(
        f"{API}/legal-cases/{legal_case.pk}/accused/{accused.pk}/verdicts",
        {"outcome": "convicted", "decided_on": "2026-03-15"},
    )

    assert response.status_code == 422
    assert response.json()["detail"] == [
        {
            "field": "decided_on",
            "message": "A verdict cannot come before the charge sheet (2026-04-01).",
        }
    ]


def test_arrest_and_verdict_through_the_api(justice, legal_case, api_as):  # noqa: F811
    accused = add_accused(justice.manager, legal_case)
    tanvir = api_as(justice.legal_officer)
    base = f"{API}/legal-cases/{legal_case.pk}/accused/{accused.pk}"

    assert (
        tanvir.post_json(
            f"{base}/arrests", {"arrested_on": "2026-04-10", "agency": "RAB"}
        ).status_code
        == 201
    )
    response = tanvir.post_json(
        f"{base}/verdicts",
        {"outcome": "convicted", "decided_on": "2026-10-01", "sentence_years": 7},
    )

    assert response.status_code == 201
    listed = tanvir.get(f"{API}/legal-cases/{legal_case.pk}/accused").json()
    assert listed[0]["person"]["name"] == "Jamal Uddin"
    assert listed[0]["verdicts"][0]["sentence_years"] == 7
    assert listed[0]["arrests"][0]["agency"] == "RAB"


def test_an_edit_on_an_old_version_answers_409(justice, legal_case, api_as):  # noqa: F811
    tanvir = api_as(justice.legal_officer)
    details = {"country": "BD", "court": "Tribunal No. 2"}
    assert (
        tanvir.patch_json(
            f"{API}/legal-cases/{legal_case.pk}", {**details, "version": legal_case.version}
        ).status_code
        == 200
    )

    stale = tanvir.patch_json(
        f"{API}/legal-cases/{legal_case.pk}", {**details, "version": legal_case.version}
    )

    assert stale.status_code == 409


def test_the_caseworker_cannot_move_a_legal_case(justice, legal_case, api_as):  # noqa: F811
    response = api_as(justice.caseworker).post_json(
        f"{API}/legal-cases/{legal_case.pk}/stage",
        {"stage": "verdict", "happened_on": "2026-10-01", "version": legal_case.version},
    )
    assert response.status_code == 403
    assert LegalCase.objects.get().stage == "trial"


def test_hearings_and_the_calendar(justice, legal_case, api_as):  # noqa: F811
    tanvir = api_as(justice.legal_officer)
    response = tanvir.post_json(
        f"{API}/legal-cases/{legal_case.pk}/hearings",
        {
            "hearing_on": "2026-11-02",
            "purpose": "evidence",
            "status": "adjourned",
            "adjournment_reason": "judge_unavailable",
            "next_date": "2026-12-14",
        },
    )
    assert response.status_code == 201, response.content

    calendar = tanvir.get(f"{API}/hearings/", {"start": "2026-12-01", "end": "2026-12-31"}).json()
    assert [hearing["hearing_on"] for hearing in calendar] == ["2026-12-14"]
    assert (
        api_as(justice.outsider)
        .get(f"{API}/hearings/", {"start": "2026-12-01", "end": "2026-12-31"})
        .json()
        == []
    )


def test_witness_support_by_video_from_bangladesh(justice, api_as):  # noqa: F811
    legal_case = file_case(
        actor=justice.legal_officer, case=justice.case, country="IN", court="Kolkata court"
    )
    response = api_as(justice.legal_officer).post_json(
        f"{API}/legal-cases/{legal_case.pk}/witness-support",
        {
            "case_number": justice.case.number,
            "support_on": "2026-06-01",
            "attended": True,
            "testified": True,
            "testimony_mode": "video",
            "testified_from": "bd",
            "protection_measures": ["identity_withheld"],
        },
    )
    assert response.status_code == 201, response.content
    assert response.json()["testified_from"] == "BD"
    assert CaseEvent.objects.filter(kind=EventKind.TESTIFIED).count() == 1


def test_police_engagement_through_the_api(justice, api_as):  # noqa: F811
    alice = api_as(justice.caseworker)
    url = f"{API}/cases/{justice.case.number}/police-engagement"

    assert (
        alice.post_json(url, {"observed_on": "2026-03-01", "engagement": "partly"}).status_code
        == 201
    )
    assert (
        alice.post_json(url, {"observed_on": "2026-01-01", "engagement": "yes"}).status_code == 422
    )
    assert [row["engagement"] for row in alice.get(url).json()] == ["partly"]
    assert api_as(justice.outsider).get(url).status_code == 404


def test_deadlines_and_alerts(justice, api_as):  # noqa: F811
    file_case(
        actor=justice.legal_officer,
        case=justice.case,
        fir_date=date(2024, 6, 1),
        stage=Stage.TRIAL,
        stage_since=date(2025, 2, 2),
    )
    tanvir = api_as(justice.legal_officer)

    [rule] = tanvir.get(f"{API}/deadlines/").json()
    assert (rule["days"], rule["weekmask"], rule["from_stage"]) == (180, "1111001", "trial")
    [alert] = tanvir.get(f"{API}/deadline-alerts/").json()
    assert alert["state"] == "breached" and alert["days_left"] < 0
    bad = tanvir.post_json(
        f"{API}/deadlines/",
        {**rule, "id": None, "until_stage": "complaint", "version": None},
    )
    assert bad.status_code == 422


def test_uploading_a_backlog_through_the_api(justice, api_as):  # noqa: F811
    arif = api_as(justice.me_officer)
    good = SimpleUploadedFile(
        "cases.csv", b"case_id,court,district,filing_date,stage\nA,T,D,2026-01-01,complaint\n"
    )
    response = arif.post(f"{API}/backlog/", {"file": good, "title": "Test"})
    assert response.status_code == 201, response.content
    assert response.json()["result"]["cases"] == 1

    bad = SimpleUploadedFile(
        "cases.csv", b"case_id,court,district,filing_date,stage\nA,T,D,yesterday,complaint\n"
    )
    refused = arif.post(f"{API}/backlog/", {"file": bad})
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["message"].startswith("Row 2: filing_date")
    assert BacklogAnalysis.objects.count() == 1
    assert api_as(justice.caseworker).get(f"{API}/backlog/").status_code == 403
