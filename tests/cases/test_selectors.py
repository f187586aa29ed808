import pytest

from mukti.cases import selectors
from mukti.cases.models import Case
from mukti.cases.services import add_attachment, add_note
from tests.factories import make_case


def test_an_outsider_handed_a_case_object_still_reads_nothing_of_it(story):
    case = make_case(actor=story.caseworker)
    add_note(actor=story.caseworker, case=case, body="Met her mother in Jessore")
    add_attachment(actor=story.caseworker, case=case, filename="a.txt", content=b"statement")

    assert not selectors.timeline(story.outsider, case=case).exists()
    assert not selectors.notes_readable(story.outsider, case=case).exists()
    assert not selectors.attachments_readable(story.outsider, case=case).exists()
    assert selectors.case_workers(story.outsider, case=case) == []
    # The colleague on the same team reads all of it.
    assert selectors.timeline(story.colleague, case=case).count() == 1
    assert selectors.notes_readable(story.colleague, case=case).count() == 1
    assert selectors.attachments_readable(story.colleague, case=case).count() == 1


def test_case_for_refuses_a_number_outside_scope_as_if_it_did_not_exist(story):
    case = make_case(actor=story.caseworker)

    assert selectors.case_for(story.colleague, number=case.number.lower()).pk == case.pk
    with pytest.raises(Case.DoesNotExist):
        selectors.case_for(story.outsider, number=case.number)
