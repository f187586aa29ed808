from __future__ import annotations

import uuid

import pytest

from mukti.audit.models import AccessAction
from mukti.audit.selectors import access_log_for, access_log_readers
from mukti.audit.services import record_access
from tests.audit.factories import make_dpo
from tests.factories import make_case


@pytest.fixture
def dpo(story):
    return make_dpo(office=story.office, full_name="Dana Protection")


def read(user, case, purpose=""):
    return record_access(actor=user, action=AccessAction.VIEW, record=case, purpose=purpose)


def test_dpo_sees_reads_by_their_organisations_staff_newest_first(story, dpo):
    case = make_case(actor=story.caseworker)
    first = read(story.caseworker, case)
    second = read(story.colleague, case)
    page = access_log_for(dpo)
    assert [e.sequence for e in page.entries] == [second.sequence, first.sequence]
    assert page.next_before is None


def test_dpo_does_not_see_reads_by_another_organisation(story, dpo):
    other_case = make_case(actor=story.outsider)
    read(story.outsider, other_case)
    assert access_log_for(dpo).entries == []
    assert story.outsider not in access_log_readers(dpo)
    assert {story.caseworker, story.colleague, dpo} <= set(access_log_readers(dpo))


def test_a_caseworker_gets_no_log(story):
    case = make_case(actor=story.caseworker)
    read(story.caseworker, case)
    assert access_log_for(story.caseworker).entries == []
    assert not access_log_readers(story.caseworker).exists()


def test_filter_by_reader_and_by_person(story, dpo):
    case = make_case(actor=story.caseworker)
    other = make_case(actor=story.caseworker)
    by_alice = read(story.caseworker, case)
    by_bob = read(story.colleague, case)
    bob_other = read(story.colleague, other)
    assert [e.sequence for e in access_log_for(dpo, user_id=story.colleague.pk).entries] == [
        bob_other.sequence,
        by_bob.sequence,
    ]
    assert [e.sequence for e in access_log_for(dpo, person_id=case.survivor_id).entries] == [
        by_bob.sequence,
        by_alice.sequence,
    ]
    assert access_log_for(dpo, person_id=uuid.uuid4()).entries == []


def test_pages_by_sequence(story, dpo):
    case = make_case(actor=story.caseworker)
    entries = [read(story.caseworker, case) for _ in range(5)]
    first = access_log_for(dpo, page_size=2)
    assert [e.sequence for e in first.entries] == [entries[4].sequence, entries[3].sequence]
    second = access_log_for(dpo, page_size=2, before_sequence=first.next_before)
    assert [e.sequence for e in second.entries] == [entries[2].sequence, entries[1].sequence]
    last = access_log_for(dpo, page_size=2, before_sequence=second.next_before)
    assert [e.sequence for e in last.entries] == [entries[0].sequence]
    assert last.next_before is None
