"""Matching against the real engine: "which reports may be her" for a case and for a search,
scoped to the user's offices; the index follows reports as they are recorded and closed;
the batch run fills the review queue once per pair; reviews become training labels."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from mukti.people.services import AddressInput, PersonDetails, record_relative
from mukti.tracing import matches, report_index, services
from mukti.tracing.matching.records import PersonRecord
from mukti.tracing.models import (
    CandidateKind,
    JobKind,
    MatchCandidate,
    ReportStatus,
    ReviewStatus,
    TracingJob,
)
from mukti.tracing.person_records import case_record, cases_for_matching
from tests.factories import make_case, make_person
from tests.tracing.factories import make_report

pytestmark = pytest.mark.django_db


def rina_case(story, **extra):
    """The girl the border guards intercepted: "Reena Akhter, near Sharsha, father Abdul"."""
    survivor = make_person(
        actor=story.caseworker,
        office=story.office,
        given_name="Reena",
        family_name="Akhter",
        birth_date=None,
        estimated_age=16,
        age_estimated_on=date(2026, 1, 15),
        address=AddressInput(country="BD", district="Jessore", subdistrict="Sharsha"),
    )
    record_relative(
        actor=story.caseworker,
        person=survivor,
        kind="father",
        relative=PersonDetails(given_name="Abdul", family_name="Karim"),
    )
    return make_case(actor=story.caseworker, survivor=survivor, opened_on=date(2026, 1, 15))


def strangers(story, office=None):
    make_report(
        actor=story.caseworker,
        office=office or story.office,
        given_name="Shirin",
        family_name="Sultana",
        report_number="GD 2",
        district="Dhaka",
        subdistrict="Savar",
        village="",
        father_name="Babul Mia",
        mother_name="Hasina",
    )
    make_report(
        actor=story.caseworker,
        office=office or story.office,
        given_name="Priya",
        family_name="Ghosh",
        report_number="GD 3",
        district="Khulna",
        subdistrict="Dacope",
        village="",
        father_name="Sujit Ghosh",
        mother_name="Rekha",
        estimated_age=30,
    )


def test_a_case_record_carries_the_survivors_details_and_parents(story):
    case = rina_case(story)

    record = case_record(cases_for_matching(type(case).objects.filter(pk=case.pk)).get())

    assert record.record_id == f"case:{case.pk}"
    assert (record.given_name, record.family_name, record.sex) == ("Reena", "Akhter", "female")
    assert (record.age, record.age_reported_on) == (16, date(2026, 1, 15))
    assert (record.district, record.subdistrict) == ("Jessore", "Sharsha")
    assert record.father_name == "Abdul Karim"


def test_the_case_panel_finds_her_report_despite_other_spellings(story):
    case = rina_case(story)
    report = make_report(actor=story.caseworker, office=story.office)
    strangers(story)

    answer = matches.reports_for_case(story.caseworker, case=case)

    assert [p.report for p in answer.found] == [report]
    best = answer.found[0].candidate
    assert best.match_probability >= 0.9
    weights = {e.field: e.match_weight for e in best.evidence}
    assert weights["given_name"] > 0 and weights["father_name"] > 0 and weights["place"] > 0
    assert answer.elsewhere == 0


def test_a_search_form_finds_her_from_a_few_details(story):
    report = make_report(actor=story.caseworker, office=story.office)
    strangers(story)
    person = PersonRecord(
        record_id="search",
        given_name="Rina",
        father_name="Abdul",
        district="Jessore",
        sex="female",
        age=17,
        age_reported_on=date(2026, 1, 20),
    )

    answer = matches.reports_for_person(story.caseworker, person=person)

    assert answer.found and answer.found[0].report == report


def test_reports_of_offices_out_of_reach_are_counted_not_shown(story, jessore):
    case = rina_case(story)
    from tests.factories import make_member

    jessore_worker = make_member(role="caseworker", office=jessore, scope="office")
    make_report(actor=jessore_worker, office=jessore)

    answer = matches.reports_for_case(story.caseworker, case=case)

    assert answer.found == []
    assert answer.elsewhere == 1


def test_the_index_follows_reports_recorded_and_closed(story, django_capture_on_commit_callbacks):
    case = rina_case(story)
    assert matches.reports_for_case(story.caseworker, case=case).found == []
    with django_capture_on_commit_callbacks(execute=True):
        report = make_report(actor=story.caseworker, office=story.office)
    assert report_index.indexed_reports() == 1
    assert [p.report for p in matches.reports_for_case(story.caseworker, case=case).found] == [
        report
    ]

    with django_capture_on_commit_callbacks(execute=True):
        services.close_report(
            actor=story.caseworker,
            report=report,
            expected_version=report.version,
            status=ReportStatus.CLOSED,
            closed_on=date(2026, 1, 10),
            reason="Withdrawn",
        )

    assert report_index.indexed_reports() == 0
    assert matches.reports_for_case(story.caseworker, case=case).found == []


def test_another_process_changes_are_picked_up_before_a_search(story):
    """Without the after-commit hook (as in the web server while the worker imports)."""
    case = rina_case(story)
    assert matches.reports_for_case(story.caseworker, case=case).found == []

    report = make_report(actor=story.caseworker, office=story.office)

    assert [p.report for p in matches.reports_for_case(story.caseworker, case=case).found] == [
        report
    ]


def batch_job(user) -> TracingJob:
    return TracingJob.objects.create(
        kind=JobKind.BATCH_MATCH,
        office_ids=services.review_office_ids(user),
        created_by=user,
    )


def test_the_batch_run_queues_each_pair_once_and_finds_duplicate_reports(story):
    case = rina_case(story)
    report = make_report(actor=story.caseworker, office=story.office)
    again = make_report(
        actor=story.caseworker,
        office=story.office,
        given_name="Rina",
        family_name="Aktar",
        source_name="Benapole Port police station",
        report_number="GD 99",
        reported_on=date(2025, 12, 3),
    )
    strangers(story)
    progress: list[float] = []

    result = matches.run_batch_matching(
        batch_job(story.caseworker), progress=lambda f, _m: progress.append(f)
    )

    pairs = MatchCandidate.objects.filter(kind=CandidateKind.CASE_REPORT)
    assert {(c.case_id, c.report_id) for c in pairs} == {
        (case.pk, report.pk),
        (case.pk, again.pk),
    }
    [duplicate] = MatchCandidate.objects.filter(kind=CandidateKind.DUPLICATE_REPORTS)
    assert {duplicate.report_id, duplicate.other_report_id} == {report.pk, again.pk}
    assert result["new_case_pairs"] == 2 and result["new_duplicate_pairs"] == 1
    first = pairs.get(report=report)
    assert first.office == story.office and first.person_age == 15
    assert {e["field"] for e in first.evidence} >= {"given_name", "father_name", "age"}
    assert all(set(e) == {"field", "label", "match_weight"} for e in first.evidence)
    assert progress == sorted(progress) and progress[-1] <= 1

    again_result = matches.run_batch_matching(batch_job(story.caseworker), progress=lambda *a: None)

    assert MatchCandidate.objects.count() == 3
    assert again_result["new_case_pairs"] == 0 and again_result["rescored_case_pairs"] == 2


def test_the_batch_run_leaves_reviewed_pairs_as_they_are(story):
    case = rina_case(story)
    report = make_report(actor=story.caseworker, office=story.office)
    matches.run_batch_matching(batch_job(story.caseworker), progress=lambda *a: None)
    candidate = MatchCandidate.objects.get(case=case, report=report)
    services.review_candidate(
        actor=story.caseworker,
        candidate=candidate,
        expected_version=candidate.version,
        decision=ReviewStatus.REJECTED,
        reason="Photo is someone else.",
    )

    result = matches.run_batch_matching(batch_job(story.caseworker), progress=lambda *a: None)

    candidate.refresh_from_db()
    assert candidate.status == ReviewStatus.REJECTED
    assert result["new_case_pairs"] == 0 and result["rescored_case_pairs"] == 0


def test_the_batch_run_covers_only_the_starters_offices(story, outsider):
    rina_case(story)
    make_report(actor=story.caseworker, office=story.office)

    result = matches.run_batch_matching(batch_job(outsider), progress=lambda *a: None)

    assert result["cases"] == 0 and result["reports"] == 0
    assert not MatchCandidate.objects.exists()


def test_confirmed_and_rejected_reviews_are_training_labels(story):
    case = rina_case(story)
    report = make_report(actor=story.caseworker, office=story.office)
    other = make_report(
        actor=story.caseworker, office=story.office, given_name="Shirin", report_number="GD 5"
    )
    for found, decision in ((report, ReviewStatus.CONFIRMED), (other, ReviewStatus.REJECTED)):
        candidate = services.queue_case_candidate(
            actor=story.caseworker,
            case=case,
            report=found,
            found=services.FoundPair(0.9, 5.0, [], "test"),
        )
        services.review_candidate(
            actor=story.caseworker,
            candidate=candidate,
            expected_version=candidate.version,
            decision=decision,
            reason="Checked with the family.",
        )

    assert sorted(matches.training_labels()) == sorted(
        [
            (f"case:{case.pk}", f"report:{report.pk}", True),
            (f"case:{case.pk}", f"report:{other.pk}", False),
        ]
    )


def test_training_saves_a_new_model_that_becomes_the_one_in_use(story):
    """The real engine trains on the records (its minimum of 100 here), the review a label."""
    case = rina_case(story)
    report = make_report(actor=story.caseworker, office=story.office)
    strangers(story)
    given = ("Mim", "Runa", "Lipi", "Mitu", "Parul", "Salma", "Sadia", "Tania", "Rupa", "Jesmin")
    family = ("Khatun", "Begum", "Sultana", "Islam", "Das", "Biswas", "Mondal", "Sarkar", "Parvin")
    districts = ("Khulna", "Satkhira", "Narail", "Bagerhat", "Dhaka")
    for number in range(100):
        make_report(
            actor=story.caseworker,
            office=story.office,
            given_name=given[number % 10],
            family_name=family[number % 9],
            report_number=f"GD {100 + number}",
            district=districts[number % 5],
            subdistrict="",
            village="",
            father_name=f"{given[(number + 3) % 10]} Mia",
            mother_name=f"{given[(number + 7) % 10]} Begum",
            estimated_age=8 + number % 17,
        )
    candidate = services.queue_case_candidate(
        actor=story.caseworker,
        case=case,
        report=report,
        found=services.FoundPair(0.9, 5.0, [], "test"),
    )
    services.review_candidate(
        actor=story.caseworker,
        candidate=candidate,
        expected_version=candidate.version,
        decision=ReviewStatus.CONFIRMED,
        reason="Her mother confirmed.",
    )
    steps: list[str] = []

    saved = matches.train_new_model(actor=story.caseworker, progress=steps.append)

    assert saved.labels == 1 and saved.records == 104
    assert steps
    assert report_index.current_model().version == saved.version
    assert "Reena" not in saved.document and "Akter" not in saved.document


def test_training_with_too_few_records_says_so(story):
    make_report(actor=story.caseworker, office=story.office)

    with pytest.raises(ValidationError, match="at least 100"):
        matches.train_new_model(actor=story.caseworker)


def test_every_level_of_the_model_reads_in_the_users_language():
    """The engine's words for each level are translated here: a new level must be added."""
    from mukti.tracing.evidence import FIELD_TITLES, LEVEL_LABELS
    from mukti.tracing.matching.model import MatchModel

    model = MatchModel.default()
    assert set(model.labels().values()) <= set(LEVEL_LABELS)
    assert {field for field, _level in model.labels()} <= set(FIELD_TITLES)
