from __future__ import annotations

import pytest

from mukti.cases.models import Case, Risk
from mukti.core.models import StaleEditError
from tests.factories import make_case


def test_second_of_two_concurrent_edits_is_refused_and_the_first_is_kept(story):
    opened = make_case(actor=story.caseworker, risk=Risk.MEDIUM)
    alices_copy = Case.objects.get(pk=opened.pk)
    bobs_copy = Case.objects.get(pk=opened.pk)
    assert alices_copy.version == bobs_copy.version == 1

    alices_copy.risk = Risk.HIGH
    alices_copy.save()
    bobs_copy.risk = Risk.LOW
    with pytest.raises(StaleEditError) as refused:
        bobs_copy.save()

    stored = Case.objects.get(pk=opened.pk)
    assert stored.risk == Risk.HIGH
    assert stored.version == alices_copy.version == 2
    assert refused.value.expected_version == 1
    assert "changed by someone else" in str(refused.value)


def test_a_refused_edit_writes_no_history(story):
    opened = make_case(actor=story.caseworker)
    first, second = Case.objects.get(pk=opened.pk), Case.objects.get(pk=opened.pk)
    first.risk = Risk.HIGH
    first.save()
    versions_recorded = opened.history.count()
    second.risk = Risk.LOW
    with pytest.raises(StaleEditError):
        second.save()
    assert opened.history.count() == versions_recorded
    assert opened.history.first().risk == Risk.HIGH


def test_each_save_increments_the_version(story):
    case = Case.objects.get(pk=make_case(actor=story.caseworker).pk)
    for expected in (2, 3, 4):
        case.save()
        assert Case.objects.get(pk=case.pk).version == expected


def test_saving_only_some_fields_still_claims_the_version(story):
    case = Case.objects.get(pk=make_case(actor=story.caseworker).pk)
    stale = Case.objects.get(pk=case.pk)
    case.risk = Risk.CRITICAL
    case.save(update_fields=["risk"])
    assert Case.objects.get(pk=case.pk).version == 2
    stale.risk = Risk.LOW
    with pytest.raises(StaleEditError):
        stale.save(update_fields=["risk"])
    assert Case.objects.get(pk=case.pk).risk == Risk.CRITICAL
