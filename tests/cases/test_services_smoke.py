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
