"""/api/v1/tracing/: the same rules and scope as the pages, logged reads, errors by field."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from mukti.api.services import issue_token
from mukti.cases.models import CaseEvent, EventKind
from mukti.tracing.models import (
    MatchCandidate,
    MissingPersonReport,
    ReportStatus,
    ReviewStatus,
    TracingRequest,
)
from tests.api.conftest import ApiClient
from tests.cases.test_views import log_rows
from tests.tracing.factories import make_report
from tests.tracing.test_imports import ROWS, csv_file
from tests.tracing.test_matching import rina_case, strangers

pytestmark = pytest.mark.django_db
API = "/api/v1/tracing"


def api_for(user) -> ApiClient:
    _token, plaintext = issue_token(actor=None, user=user, name="tests")
    return ApiClient(plaintext)


@pytest.fixture
def alice(story):
    return api_for(story.caseworker)


@pytest.fixture
def charlie(story):
    return api_for(story.outsider)


REPORT = {
    "source_name": "Sharsha police station",
    "report_number": "GD 1234/25",
    "reported_on": "2025-12-01",
    "given_name": "Rina",
    "family_name": "Akter",
    "other_names": ["Moni"],
    "sex": "female",
    "estimated_age": 15,
    "address": {"country": "BD", "district": "Jessore", "subdistrict": "Sharsha"},
    "father_name": "Abdul Karim",
    "reporter_relationship": "mother",
}


def test_recording_and_reading_a_report(story, alice):
    created = alice.post_json(f"{API}/reports", REPORT)

    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["person"]["name"] == "Rina Akter"
    assert body["age_when_reported"] == 15
    assert body["report_number"] == "GD 1234/25"
    assert body["address"]["district"] == "Jessore"
    assert [n["given_name"] for n in body["names"]] == ["Rina", "Moni"]
    read = alice.get(f"{API}/reports/{body['id']}")
    assert read.json()["father_name"] == "Abdul Karim"
    assert len(log_rows(story.caseworker, "api_read")) == 2


def test_a_report_with_a_future_date_answers_422_naming_the_field(alice):
    response = alice.post_json(f"{API}/reports", {**REPORT, "reported_on": "2999-01-01"})

    assert response.status_code == 422
    assert {d["field"] for d in response.json()["detail"]} == {"reported_on"}
    assert not MissingPersonReport.objects.exists()


def test_the_same_report_twice_answers_422(alice):
    alice.post_json(f"{API}/reports", REPORT)

    response = alice.post_json(f"{API}/reports", REPORT)

    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "report_number"


def test_an_outsider_cannot_record_in_or_read_another_office(story, charlie):
    report = make_report(actor=story.caseworker, office=story.office)

    assert charlie.get(f"{API}/reports/{report.pk}").status_code == 404
    assert charlie.get(f"{API}/reports").json()["results"] == []
    response = charlie.post_json(f"{API}/reports", {**REPORT, "office_id": str(story.office.pk)})
    assert response.status_code == 422  # not an office they may record in
    assert log_rows(story.outsider, "denied")


def test_closing_a_report_and_a_stale_version(story, alice):
    report = make_report(actor=story.caseworker, office=story.office)
    close = {"version": 1, "status": "found", "closed_on": "2026-01-10", "reason": "Home"}

    stale = alice.post_json(f"{API}/reports/{report.pk}/close", {**close, "version": 7})
    assert stale.status_code == 409
    assert stale.json()["version"] == 1
    assert alice.post_json(f"{API}/reports/{report.pk}/close", close).json()["status"] == "found"
    report.refresh_from_db()
    assert report.status == ReportStatus.FOUND
    assert alice.post_json(f"{API}/reports/{report.pk}/close", close).status_code == 422


def test_an_import_is_queued_and_its_job_reports_the_result(
    story, alice, django_capture_on_commit_callbacks
):
    upload = SimpleUploadedFile("reports.csv", csv_file(*ROWS), content_type="text/csv")

    with django_capture_on_commit_callbacks(execute=True):
        response = alice.post(f"{API}/imports", {"file": upload})

    assert response.status_code == 202, response.json()
    job = alice.get(f"{API}/jobs/{response.json()['id']}").json()
    assert job["status"] == "done"
    assert job["result"] == {"rows": 3, "created": 3, "already_recorded": 0}


def test_a_bad_import_names_the_row(story, alice, django_capture_on_commit_callbacks):
    bad = "Benapole police station,GD 5,2999-01-01,Rupa,Das,,F,14,,Jessore,,,,,,,"
    upload = SimpleUploadedFile("reports.csv", csv_file(bad), content_type="text/csv")

    with django_capture_on_commit_callbacks(execute=True):
        job_id = alice.post(f"{API}/imports", {"file": upload}).json()["id"]

    job = alice.get(f"{API}/jobs/{job_id}").json()
    assert (job["status"], job["error_row"]) == ("failed", 2)
    assert "Rupa" not in job["error"]


def test_search_and_case_matches_with_evidence(story, alice, charlie):
    case = rina_case(story)
    report = make_report(actor=story.caseworker, office=story.office)
    strangers(story)

    found = alice.post_json(
        f"{API}/search", {"given_name": "Reena", "father_name": "Abdul", "district": "Jessore"}
    ).json()
    assert [r["report"]["id"] for r in found["results"]] == [str(report.pk)]
    by_case = alice.get(f"{API}/cases/{case.number}/matches").json()
    [best] = by_case["results"]
    evidence = {e["field"]: e for e in best["evidence"]}
    assert evidence["father_name"]["left"] == "Abdul Karim"
    assert evidence["father_name"]["match_weight"] > 0
    assert best["candidate_id"] is None
    assert charlie.get(f"{API}/cases/{case.number}/matches").status_code == 404
    # Another organisation's reviewer learns nothing, not even that a report exists.
    elsewhere = charlie.post_json(f"{API}/search", {"given_name": "Reena", "family_name": "Akter"})
    assert elsewhere.json()["results"] == [] and elsewhere.json()["elsewhere"] == 0


def test_queue_review_and_confirm_through_the_api(story, alice):
    case = rina_case(story)
    report = make_report(actor=story.caseworker, office=story.office)

    queued = alice.post_json(f"{API}/cases/{case.number}/candidates", {"report_id": str(report.pk)})
    assert queued.status_code == 201, queued.json()
    candidate = queued.json()
    assert candidate["case_number"] == case.number and candidate["status"] == "pending"
    assert [c["id"] for c in alice.get(f"{API}/candidates").json()["results"]] == [candidate["id"]]
    missing_reason = alice.post_json(
        f"{API}/candidates/{candidate['id']}/review",
        {"version": candidate["version"], "decision": "confirmed", "reason": ""},
    )
    assert missing_reason.status_code == 422
    confirmed = alice.post_json(
        f"{API}/candidates/{candidate['id']}/review",
        {"version": candidate["version"], "decision": "confirmed", "reason": "Mother confirmed"},
    )

    assert confirmed.json()["status"] == ReviewStatus.CONFIRMED
    report.refresh_from_db()
    assert (report.status, report.matched_case) == (ReportStatus.FOUND, case)
    assert CaseEvent.objects.filter(case=case, kind=EventKind.MATCHED_TO_MISSING_REPORT).exists()
    assert MatchCandidate.objects.count() == 1


def test_an_outsider_cannot_see_or_review_a_pair(story, alice, charlie):
    case = rina_case(story)
    report = make_report(actor=story.caseworker, office=story.office)
    candidate_id = alice.post_json(
        f"{API}/cases/{case.number}/candidates", {"report_id": str(report.pk)}
    ).json()["id"]

    assert charlie.get(f"{API}/candidates/{candidate_id}").status_code == 404
    refused = charlie.post_json(
        f"{API}/candidates/{candidate_id}/review",
        {"version": 1, "decision": "rejected", "reason": "x"},
    )
    assert refused.status_code == 404


def test_family_tracing_through_the_api(story, alice, charlie):
    case = rina_case(story)
    base = f"{API}/cases/{case.number}/tracing-requests"

    created = alice.post_json(base, {"family_sought": "Her mother", "opened_on": "2026-01-20"})
    assert created.status_code == 201
    request_id = created.json()["id"]
    early = alice.post_json(
        f"{base}/{request_id}/reunite", {"version": 1, "reunited_on": "2026-02-01"}
    )
    assert early.status_code == 422
    step = alice.post_json(
        f"{base}/{request_id}/steps",
        {"kind": "verification", "happened_on": "2026-02-01", "outcome": "verified"},
    )
    assert step.status_code == 201
    version = TracingRequest.objects.get().version
    done = alice.post_json(
        f"{base}/{request_id}/reunite", {"version": version, "reunited_on": "2026-02-10"}
    )

    assert done.json()["status"] == "reunited"
    assert [s["kind"] for s in alice.get(base).json()[0]["steps"]] == ["verification"]
    assert charlie.get(base).status_code == 404
