"""The tracing pages as Alice (caseworker), Dina (programme manager) and Charlie (outsider)
use them: reports, import with its progress page, the case panels, search, the review queue
and the side-by-side page, family tracing — each logged when it shows who someone is."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from mukti.audit.models import AccessLogEntry
from mukti.cases.models import CaseEvent, EventKind
from mukti.tracing import services
from mukti.tracing.models import (
    JobStatus,
    MatchCandidate,
    MissingPersonReport,
    ReportStatus,
    ReviewStatus,
    TracingJob,
    TracingRequest,
    TracingStatus,
)
from tests.cases.test_views import log_rows, login
from tests.tracing.factories import make_report
from tests.tracing.test_imports import ROWS, csv_file
from tests.tracing.test_matching import rina_case, strangers

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def page(response) -> str:
    return response.content.decode()


# --- home and menu ------------------------------------------------------------------------


def test_the_menu_shows_tracing_to_tracing_roles_only(client, story, counsellor):
    login(client, story.caseworker)
    assert 'href="/tracing/"' in page(client.get("/"))
    client.logout()
    login(client, counsellor)
    assert 'href="/tracing/"' not in page(client.get("/"))
    assert client.get("/tracing/").status_code == 403


def test_the_home_page_counts_what_waits(client, story):
    case = rina_case(story)
    report = make_report(actor=story.caseworker, office=story.office)
    services.queue_case_candidate(
        actor=story.caseworker,
        case=case,
        report=report,
        found=services.FoundPair(0.95, 7.0, [], "test"),
    )
    login(client, story.caseworker)

    html = page(client.get("/tracing/"))

    assert "1 report is open in your offices." in html
    assert "1 pair is waiting for review." in html


# --- reports ------------------------------------------------------------------------------


def test_the_report_list_shows_the_offices_reports_and_logs_the_listing(client, story, outsider):
    make_report(actor=story.caseworker, office=story.office)
    login(client, story.colleague)

    html = page(client.get("/tracing/reports/"))

    assert "Rina Akter" in html and "Sharsha police station" in html
    assert len(log_rows(story.colleague, "list")) == 1
    client.logout()
    login(client, outsider)
    assert "Rina" not in page(client.get("/tracing/reports/"))


def test_the_report_list_finds_a_name_in_another_spelling(client, story):
    make_report(actor=story.caseworker, office=story.office)
    make_report(
        actor=story.caseworker, office=story.office, given_name="Shirin", report_number="GD 9"
    )
    login(client, story.caseworker)

    html = page(client.get("/tracing/reports/", {"q": "Reena Akhter"}))

    assert "Rina Akter" in html and "Shirin" not in html
    assert len(log_rows(story.caseworker, "search")) == 1


def test_recording_a_report_through_the_form(client, story):
    login(client, story.caseworker)
    form = {
        "office": story.office.pk,
        "source_kind": "police_station",
        "source_name": "Sharsha police station",
        "report_number": "GD 12",
        "reported_on": "2025-12-01",
        "given_name": "Rina",
        "family_name": "Akter",
        "other_names": "Moni; Runi",
        "sex": "female",
        "estimated_age": "15",
        "address_country": "BD",
        "district": "Jessore",
        "father_name": "Abdul Karim",
    }

    response = client.post("/tracing/reports/new/", form)

    report = MissingPersonReport.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/tracing/reports/{report.pk}/"
    assert report.person.estimated_age == 15
    again = client.post("/tracing/reports/new/", form)
    assert "This office has already recorded this report." in page(again)


def test_a_report_with_a_future_date_is_shown_again_with_the_reason(client, story):
    login(client, story.caseworker)

    response = client.post(
        "/tracing/reports/new/",
        {
            "office": story.office.pk,
            "source_kind": "police_station",
            "source_name": "Sharsha",
            "report_number": "GD 1",
            "reported_on": "2999-01-01",
            "given_name": "Rina",
            "sex": "female",
            "address_country": "BD",
        },
    )

    assert response.status_code == 200
    assert "The date cannot be in the future." in page(response)
    assert not MissingPersonReport.objects.exists()


def test_the_report_page_shows_the_report_and_logs_the_view(client, story):
    report = make_report(actor=story.caseworker, office=story.office)
    login(client, story.colleague)

    html = page(client.get(f"/tracing/reports/{report.pk}/"))

    assert "Rina Akter" in html and "GD 1234/25" in html and "Abdul Karim" in html
    [row] = log_rows(story.colleague, "view")
    assert (row.object_type, row.object_id) == ("tracing.missingpersonreport", str(report.pk))
    assert row.person_id == report.person_id


def test_an_outsider_gets_404_for_a_report_and_the_attempt_is_logged(client, story, outsider):
    report = make_report(actor=story.caseworker, office=story.office)
    login(client, outsider)

    response = client.get(f"/tracing/reports/{report.pk}/")

    assert response.status_code == 404 and "Rina" not in page(response)
    [row] = log_rows(outsider, "denied")
    assert row.object_id == str(report.pk)


def test_closing_a_report_from_its_page(client, story):
    report = make_report(actor=story.caseworker, office=story.office)
    login(client, story.caseworker)

    response = client.post(
        f"/tracing/reports/{report.pk}/close/",
        {
            "status": "found",
            "closed_on": "2026-01-10",
            "reason": "She came home.",
            "version": report.version,
        },
    )

    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.FOUND


def test_a_role_that_only_reviews_cannot_close_reports(client, story, manager, counsellor):
    report = make_report(actor=story.caseworker, office=story.office)
    login(client, counsellor)

    response = client.post(
        f"/tracing/reports/{report.pk}/close/",
        {"status": "closed", "closed_on": "2026-01-10", "reason": "x", "version": 1},
    )

    assert response.status_code == 404
    report.refresh_from_db()
    assert report.status == ReportStatus.OPEN


# --- import and jobs ----------------------------------------------------------------------


def test_an_upload_becomes_a_job_whose_page_shows_the_result(
    client, story, django_capture_on_commit_callbacks
):
    login(client, story.caseworker)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/tracing/import/",
            {
                "office": story.office.pk,
                "file": SimpleUploadedFile("reports.csv", csv_file(*ROWS), "text/csv"),
            },
        )

    job = TracingJob.objects.get()
    assert response["Location"] == f"/tracing/jobs/{job.pk}/"
    html = page(client.get(response["Location"]))
    assert "3 new reports imported from 3 rows; 0 were already recorded." in html
    assert "hx-trigger" not in html  # finished: no more polling


def test_a_running_job_polls_its_progress(client, story):
    job = TracingJob.objects.create(
        kind="import",
        office=story.office,
        created_by=story.caseworker,
        status=JobStatus.RUNNING,
        progress=0.42,
        message="Checked 500 rows.",
    )
    login(client, story.caseworker)

    html = page(client.get(f"/tracing/jobs/{job.pk}/progress/", headers=HTMX))

    assert 'hx-trigger="every 2s"' in html
    assert 'value="42"' in html and "Checked 500 rows." in html


def test_a_failed_import_names_the_row_on_its_page(
    client, story, django_capture_on_commit_callbacks
):
    login(client, story.caseworker)
    bad = "Benapole police station,GD 5,2999-01-01,Rupa,Das,,F,14,,Jessore,,,,,,,"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/tracing/import/",
            {
                "office": story.office.pk,
                "file": SimpleUploadedFile("reports.csv", csv_file(ROWS[0], bad), "text/csv"),
            },
        )

    html = page(client.get(f"/tracing/jobs/{TracingJob.objects.get().pk}/"))

    assert "Row 3, column reported_on: The date cannot be in the future." in html
    assert "Nothing from the file was imported." in html


def test_an_outsider_cannot_see_a_job(client, story, outsider):
    job = TracingJob.objects.create(kind="import", office=story.office, created_by=story.caseworker)
    login(client, outsider)

    assert client.get(f"/tracing/jobs/{job.pk}/").status_code == 404


def test_starting_batch_matching_from_the_jobs_page(
    client, story, django_capture_on_commit_callbacks
):
    rina_case(story)
    make_report(actor=story.caseworker, office=story.office)
    login(client, story.caseworker)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/tracing/jobs/match/")

    job = TracingJob.objects.get()
    assert response["Location"] == f"/tracing/jobs/{job.pk}/"
    assert job.status == JobStatus.DONE
    assert MatchCandidate.objects.count() == 1


# --- the case panel and search ------------------------------------------------------------


def test_the_case_panel_lists_her_report_with_its_reasons(client, story):
    case = rina_case(story)
    report = make_report(actor=story.caseworker, office=story.office)
    strangers(story)
    login(client, story.colleague)

    case_page = page(client.get(f"/cases/{case.number}/"))
    assert f'hx-get="/tracing/cases/{case.number}/matches/"' in case_page
    fragment = page(client.get(f"/tracing/cases/{case.number}/matches/", headers=HTMX))

    assert "<html" not in fragment
    assert "Rina Akter" in fragment and "Shirin" not in fragment
    assert "Sharsha police station" in fragment
    assert "Father&#x27;s name" in fragment and "Abdul Karim" in fragment
    assert f"/tracing/cases/{case.number}/matches/{report.pk}/queue/" in fragment
    assert {r.object_type for r in log_rows(story.colleague, "search")} == {
        "tracing.missingpersonreport"
    }


def test_sending_a_panel_result_to_the_review_queue(client, story):
    case = rina_case(story)
    report = make_report(actor=story.caseworker, office=story.office)
    login(client, story.caseworker)

    fragment = page(
        client.post(f"/tracing/cases/{case.number}/matches/{report.pk}/queue/", headers=HTMX)
    )

    candidate = MatchCandidate.objects.get()
    assert (candidate.case, candidate.report) == (case, report)
    assert candidate.match_probability > 0.9 and candidate.evidence
    assert "The pair is in the review queue." in fragment
    assert f"/tracing/review/{candidate.pk}/" in fragment


def test_an_outsider_gets_404_for_the_case_panel(client, story):
    case = rina_case(story)
    login(client, story.outsider)
    assert client.get(f"/tracing/cases/{case.number}/matches/").status_code == 404


def test_the_search_form_finds_her_from_a_description(client, story):
    make_report(actor=story.caseworker, office=story.office)
    strangers(story)
    login(client, story.caseworker)

    html = page(
        client.get(
            "/tracing/search/",
            {
                "given_name": "Reena",
                "father_name": "Abdul",
                "district": "Jessore",
                "age": "16",
                "sex": "female",
            },
        )
    )

    assert "Rina Akter" in html and "Shirin" not in html
    assert len(log_rows(story.caseworker, "search")) == 1


def test_the_search_form_needs_a_name_or_a_phone(client, story):
    login(client, story.caseworker)

    html = page(client.get("/tracing/search/", {"district": "Jessore"}))

    assert "Give at least a name or a phone number." in html


# --- review -------------------------------------------------------------------------------


@pytest.fixture
def pair(story):
    case = rina_case(story)
    report = make_report(actor=story.caseworker, office=story.office)
    from mukti.tracing.matches import reports_for_case

    found = reports_for_case(story.caseworker, case=case).found[0].candidate
    from mukti.tracing.evidence import stored_evidence

    return services.queue_case_candidate(
        actor=story.caseworker,
        case=case,
        report=report,
        found=services.FoundPair(
            found.match_probability, found.match_weight, stored_evidence(found), "default", 15
        ),
    )


def test_the_review_queue_lists_pairs_and_filters_them(client, story, pair):
    login(client, story.caseworker)

    html = page(client.get("/tracing/review/"))
    assert pair.case.number in html and f"/tracing/review/{pair.pk}/" in html
    assert pair.case.number not in page(client.get("/tracing/review/", {"min_age": "18"}))
    assert pair.case.number not in page(client.get("/tracing/review/", {"status": "confirmed"}))
    assert pair.case.number in page(client.get("/tracing/review/", {"min_score": "50"}))


def test_the_review_queue_hides_pairs_of_cases_out_of_scope(
    client, story, pair, other_team_caseworker
):
    login(client, other_team_caseworker)

    assert pair.case.number not in page(client.get("/tracing/review/"))
    assert client.get(f"/tracing/review/{pair.pk}/").status_code == 404


def test_the_side_by_side_page_shows_both_sides_and_the_weights(client, story, pair):
    login(client, story.colleague)

    html = page(client.get(f"/tracing/review/{pair.pk}/"))

    assert "Reena" in html and "Rina" in html  # both spellings, side by side
    assert "Abdul Karim" in html
    assert "about 16 years old on 2026-01-15" in html and "about 15 years old on 2025-12-01" in html
    assert "How they compare" in html and 'class="weight"' in html
    assert "Save the decision" in html
    logged = {(r.object_type, r.object_id) for r in log_rows(story.colleague, "view")}
    assert ("cases.case", str(pair.case.pk)) in logged
    assert ("tracing.missingpersonreport", str(pair.report.pk)) in logged


def test_confirming_on_the_side_by_side_page(client, story, pair):
    login(client, story.caseworker)

    response = client.post(
        f"/tracing/review/{pair.pk}/",
        {
            "decision": "confirmed",
            "reason": "Her mother confirmed by phone.",
            "decided_on": "2026-01-20",
            "version": pair.version,
        },
    )

    assert response.status_code == 302
    pair.refresh_from_db()
    assert pair.status == ReviewStatus.CONFIRMED
    assert pair.report.status == ReportStatus.FOUND
    assert CaseEvent.objects.filter(
        case=pair.case, kind=EventKind.MATCHED_TO_MISSING_REPORT
    ).exists()
    html = page(client.get(response["Location"]))
    assert "Save the decision" not in html
    assert "Her mother confirmed by phone." in html


def test_a_review_without_a_reason_is_shown_again(client, story, pair):
    login(client, story.caseworker)

    response = client.post(
        f"/tracing/review/{pair.pk}/",
        {"decision": "rejected", "reason": "", "decided_on": "2026-01-20", "version": pair.version},
    )

    assert response.status_code == 200
    pair.refresh_from_db()
    assert pair.status == ReviewStatus.PENDING


# --- family tracing -----------------------------------------------------------------------


def test_family_tracing_on_the_case_page(client, story):
    case = rina_case(story)
    login(client, story.caseworker)
    base = f"/tracing/cases/{case.number}/family/"

    assert "No family tracing for this case yet." in page(client.get(base, headers=HTMX))
    fragment = page(
        client.post(
            f"{base}requests/",
            {"family_sought": "Her mother and her brother", "opened_on": "2026-01-20"},
            headers=HTMX,
        )
    )
    tracing = TracingRequest.objects.get()
    assert "Family tracing has started." in fragment
    prefix = f"step-{tracing.pk}"
    fragment = page(
        client.post(
            f"{base}{tracing.pk}/steps/",
            {
                f"{prefix}-kind": "verification",
                f"{prefix}-happened_on": "2026-02-01",
                f"{prefix}-outcome": "verified",
                f"{prefix}-agency": "Police Special Branch",
            },
            headers=HTMX,
        )
    )
    assert "The step was recorded." in fragment and "Record the reunification" in fragment
    tracing.refresh_from_db()
    prefix = f"reunite-{tracing.pk}"
    page(
        client.post(
            f"{base}{tracing.pk}/reunite/",
            {
                f"{prefix}-reunited_on": "2026-02-20",
                f"{prefix}-summary": "Home.",
                f"{prefix}-version": tracing.version,
            },
            headers=HTMX,
        )
    )

    tracing.refresh_from_db()
    assert tracing.status == TracingStatus.REUNITED
    kinds = set(CaseEvent.objects.filter(case=case).values_list("kind", flat=True))
    assert {EventKind.FAMILY_TRACED, EventKind.REUNITED} <= kinds


def test_a_bad_step_shows_the_reason_in_the_panel(client, story):
    case = rina_case(story)
    tracing = services.open_tracing_request(
        actor=story.caseworker, case=case, opened_on=date(2026, 1, 20), family_sought="Parents"
    )
    login(client, story.caseworker)
    prefix = f"step-{tracing.pk}"

    fragment = page(
        client.post(
            f"/tracing/cases/{case.number}/family/{tracing.pk}/steps/",
            {
                f"{prefix}-kind": "home_visit",
                f"{prefix}-happened_on": "2026-01-01",
                f"{prefix}-outcome": "family_found",
            },
            headers=HTMX,
        )
    )

    assert "The date is before tracing started." in fragment
    assert not tracing.steps.exists()


def test_an_outsider_gets_404_for_the_family_panel(client, story, outsider):
    case = rina_case(story)
    login(client, outsider)

    assert client.get(f"/tracing/cases/{case.number}/family/").status_code == 404
    assert AccessLogEntry.objects.filter(user=outsider, action="denied").exists()


def test_without_javascript_the_family_panel_is_a_page(client, story):
    case = rina_case(story)
    login(client, story.caseworker)

    html = page(client.get(f"/tracing/cases/{case.number}/family/"))

    assert "<html" in html and f"Back to case {case.number}" in html


# --- query counts (no query per row) ------------------------------------------------------


def _queries(client, path: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_the_report_list_costs_the_same_queries_for_more_reports(client, story):
    for number in range(2):
        make_report(actor=story.caseworker, office=story.office, report_number=f"GD {number}")
    login(client, story.caseworker)
    few = _queries(client, "/tracing/reports/")
    for number in range(2, 6):
        make_report(actor=story.caseworker, office=story.office, report_number=f"GD {number}")

    assert _queries(client, "/tracing/reports/") == few


def test_the_review_queue_costs_the_same_queries_for_more_pairs(client, story):
    from tests.factories import make_case

    def add_pairs(count: int, start: int) -> None:
        for number in range(start, start + count):
            services.queue_case_candidate(
                actor=story.caseworker,
                case=make_case(actor=story.caseworker),
                report=make_report(
                    actor=story.caseworker, office=story.office, report_number=f"GD {number}"
                ),
                found=services.FoundPair(0.9, 5.0, [], "test", 15),
            )

    add_pairs(2, 0)
    login(client, story.caseworker)
    few = _queries(client, "/tracing/review/")
    add_pairs(3, 2)

    assert _queries(client, "/tracing/review/") == few
