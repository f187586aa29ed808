from datetime import date

import pytest
from django.core.exceptions import ValidationError

from mukti.cases.models import EventKind
from mukti.cases.selectors import CaseFilters, case_page, cases_visible_to
from tests.factories import make_case


def test_opening_a_case_numbers_it_per_office_and_year(story):
    first = make_case(actor=story.caseworker)
    second = make_case(actor=story.caseworker)
    assert first.number == "BD-KHU-2026-0001"
    assert second.number == "BD-KHU-2026-0002"
    assert [e.kind for e in first.events.all()] == [EventKind.OPENED]


def test_colleague_sees_team_case_and_outsider_does_not(story):
    case = make_case(actor=story.caseworker)
    assert cases_visible_to(story.colleague).filter(pk=case.pk).exists()
    assert not cases_visible_to(story.outsider).filter(pk=case.pk).exists()


def test_name_search_tolerates_transliteration(story):
    from tests.factories import make_person

    survivor = make_person(
        actor=story.caseworker, office=story.office, given_name="Mohammad", family_name="Rahman"
    )
    case = make_case(actor=story.caseworker, survivor=survivor)
    page = case_page(story.colleague, filters=CaseFilters(query="Md. Rohman"))
    assert [c.pk for c in page.cases] == [case.pk]


def test_event_in_future_is_refused(story):
    from mukti.cases.services import add_case_event

    case = make_case(actor=story.caseworker)
    with pytest.raises(ValidationError):
        add_case_event(
            actor=story.caseworker,
            case=case,
            kind=EventKind.SHELTERED,
            happened_on=date(2099, 1, 1),
        )


def test_case_numbers_restart_each_year_and_never_repeat(story):
    first_2025 = make_case(actor=story.caseworker, opened_on=date(2025, 12, 30))
    first_2026 = make_case(actor=story.caseworker, opened_on=date(2026, 1, 2))
    second_2025 = make_case(actor=story.caseworker, opened_on=date(2025, 12, 31))
    assert [first_2025.number, second_2025.number, first_2026.number] == [
        "BD-KHU-2025-0001",
        "BD-KHU-2025-0002",
        "BD-KHU-2026-0001",
    ]


def test_closing_needs_a_reason_and_blocks_new_events_until_reopened(story):
    from mukti.cases.models import Status
    from mukti.cases.services import add_case_event, close_case, reopen_case

    case = make_case(actor=story.caseworker)
    with pytest.raises(ValidationError) as refused:
        close_case(
            actor=story.caseworker,
            case=case,
            expected_version=case.version,
            closed_on=date(2026, 3, 1),
            reason=" ",
        )
    assert "reason" in refused.value.message_dict
    close_case(
        actor=story.caseworker,
        case=case,
        expected_version=case.version,
        closed_on=date(2026, 3, 1),
        reason="Reintegrated and stable",
    )
    with pytest.raises(ValidationError) as blocked:
        add_case_event(
            actor=story.caseworker,
            case=case,
            kind=EventKind.FOLLOW_UP,
            happened_on=date(2026, 3, 5),
        )
    assert "Reopen" in str(blocked.value)
    reopen_case(
        actor=story.caseworker,
        case=case,
        expected_version=case.version,
        reopened_on=date(2026, 4, 1),
        reason="Re-trafficking risk reported",
    )
    case.refresh_from_db()
    assert case.status == Status.OPEN
    kinds = list(case.events.order_by("created_at").values_list("kind", flat=True))
    assert kinds == [EventKind.OPENED, EventKind.CLOSED, EventKind.REOPENED]


def test_an_edit_from_a_stale_version_is_refused_and_keeps_the_first_edit(story):
    from mukti.cases.models import Case, Risk
    from mukti.cases.services import update_case
    from mukti.core.models import StaleEditError

    case = make_case(actor=story.caseworker)
    alices_copy = Case.objects.get(pk=case.pk)
    bobs_copy = Case.objects.get(pk=case.pk)
    update_case(
        actor=story.caseworker,
        case=alices_copy,
        expected_version=1,
        risk=Risk.HIGH,
        stage=case.stage,
        team=case.team,
        involves_sexual_exploitation=False,
        has_health_information=False,
    )
    with pytest.raises(StaleEditError):
        update_case(
            actor=story.colleague,
            case=bobs_copy,
            expected_version=1,
            risk=Risk.LOW,
            stage=case.stage,
            team=case.team,
            involves_sexual_exploitation=False,
            has_health_information=False,
        )
    case.refresh_from_db()
    assert (case.risk, case.version) == (Risk.HIGH, 2)
    # Both the opening and the change are kept as versions.
    assert list(case.history.order_by("history_id").values_list("risk", flat=True)) == [
        "medium",
        "high",
    ]


def test_an_outsider_cannot_add_to_a_case_even_through_the_service(story):
    from django.core.exceptions import PermissionDenied

    from mukti.cases.services import add_note

    case = make_case(actor=story.caseworker)
    with pytest.raises(PermissionDenied):
        add_note(actor=story.outsider, case=case, body="should not land")
    assert not case.notes.exists()


def test_attachments_are_checked_by_their_bytes_and_size(story, settings):
    from mukti.cases.selectors import attachment_bytes
    from mukti.cases.services import add_attachment

    case = make_case(actor=story.caseworker)
    with pytest.raises(ValidationError) as wrong_type:
        add_attachment(
            actor=story.caseworker,
            case=case,
            filename="scan.pdf",
            content=b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\xff\xff",  # an .exe named .pdf
        )
    assert "file" in wrong_type.value.message_dict
    settings.MUKTI_ATTACHMENT_MAX_BYTES = 1024 * 1024
    with pytest.raises(ValidationError) as too_big:
        add_attachment(
            actor=story.caseworker,
            case=case,
            filename="big.pdf",
            content=b"%PDF-1.7" + b"0" * (1024 * 1024),
        )
    assert "larger" in str(too_big.value)
    pdf = add_attachment(
        actor=story.caseworker, case=case, filename="referral.pdf", content=b"%PDF-1.7 ok"
    )
    assert pdf.content_type == "application/pdf"
    assert attachment_bytes(pdf) == b"%PDF-1.7 ok"
    assert case.attachments.count() == 1
