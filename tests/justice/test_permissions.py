"""Who may read and who may change what, role by role (mukti/justice/access.py and the
services' checks), on a legal case of a survivor in the Bangladesh office."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from mukti.accounts.roles import Role
from mukti.justice import selectors, services
from mukti.justice.access import may_manage, may_read, reads_strategy
from mukti.justice.models import LegalCase
from mukti.people.services import PersonDetails
from tests.factories import make_member
from tests.justice.factories import file_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def legal_case(justice) -> LegalCase:
    return file_case(
        actor=justice.legal_officer, case=justice.case, strategy_notes="Call the neighbour"
    )


def member(justice, role: str):
    """A user of each role; the assigned-scope counsellor is the one on the case."""
    if role == "counsellor":
        return justice.counsellor
    if role == "outsider":
        return justice.outsider
    if role == "caseworker":
        return justice.caseworker
    return make_member(role=role, office=justice.story.office)


# role: (reads the legal case, manages it, reads the strategy notes)
EXPECTED = {
    Role.LEGAL_OFFICER: (True, True, True),
    Role.PROGRAMME_MANAGER: (True, True, True),
    "caseworker": (True, False, False),
    "counsellor": (True, False, False),
    Role.REPATRIATION_OFFICER: (True, False, False),
    Role.PARTNER_STAFF: (True, False, False),
    Role.ME_OFFICER: (False, False, False),
    Role.DONOR_VIEWER: (False, False, False),
    Role.DATA_PROTECTION_OFFICER: (False, False, False),
    Role.SYSTEM_ADMINISTRATOR: (False, False, False),
    "outsider": (False, False, False),
}


@pytest.mark.parametrize(("role", "expected"), EXPECTED.items(), ids=list(map(str, EXPECTED)))
def test_each_role_reads_manages_and_reads_strategy_as_it_should(
    justice, legal_case, role, expected
):
    user = member(justice, role)
    legal_case = LegalCase.objects.get(pk=legal_case.pk)

    assert (may_read(user, legal_case), may_manage(user, legal_case)) == expected[:2]
    assert reads_strategy(user, legal_case) == expected[2]
    notes = selectors.strategy_notes(user, legal_case=legal_case)
    assert (notes == "Call the neighbour") == expected[2]
    in_list = selectors.legal_cases_visible_to(user).filter(pk=legal_case.pk).exists()
    assert in_list == expected[0]


@pytest.mark.parametrize("role", ["caseworker", "counsellor", "outsider", Role.ME_OFFICER])
def test_roles_that_do_not_manage_legal_cases_cannot_change_one(justice, legal_case, role):
    user = member(justice, role)
    with pytest.raises(PermissionDenied):
        services.move_to_stage(
            actor=user,
            legal_case=legal_case,
            expected_version=legal_case.version,
            stage="investigation",
            happened_on=date(2026, 3, 1),
        )
    with pytest.raises(PermissionDenied):
        services.schedule_hearing(
            actor=user, legal_case=legal_case, hearing_on=date(2026, 12, 1), purpose="bail"
        )


def test_a_caseworker_cannot_file_a_legal_case(justice):
    with pytest.raises(PermissionDenied):
        file_case(actor=justice.caseworker, case=justice.case)


def test_a_legal_officer_cannot_file_for_a_case_of_another_organisation(justice):
    from tests.factories import make_case

    foreign = make_case(actor=justice.outsider)
    with pytest.raises(PermissionDenied):
        file_case(actor=justice.legal_officer, case=foreign)


def test_the_counsellor_cannot_write_strategy_notes_even_on_a_case_she_reads(justice, legal_case):
    with pytest.raises(PermissionDenied):
        services.update_strategy_notes(
            actor=justice.counsellor,
            legal_case=legal_case,
            expected_version=legal_case.version,
            notes="x",
        )


def test_the_caseworker_records_police_engagement_but_the_me_officer_cannot(justice):
    services.record_police_engagement(
        actor=justice.caseworker, case=justice.case, observed_on=date(2026, 2, 1), engagement="yes"
    )
    with pytest.raises(PermissionDenied):
        services.record_police_engagement(
            actor=justice.me_officer,
            case=justice.case,
            observed_on=date(2026, 2, 1),
            engagement="yes",
        )


def test_the_me_officer_analyses_backlogs_and_the_caseworker_cannot(justice):
    csv = b"case_id,court,district,filing_date,stage\nA,T,D,2026-01-01,complaint\n"
    analysis = services.upload_case_list(
        actor=justice.me_officer,
        office=justice.story.office,
        title="t",
        filename="a.csv",
        content=csv,
    )
    assert analysis.result["cases"] == 1
    assert selectors.analyses_visible_to(justice.me_officer).count() == 1
    assert selectors.analyses_visible_to(justice.caseworker).count() == 0
    with pytest.raises(PermissionDenied):
        services.upload_case_list(
            actor=justice.caseworker,
            office=justice.story.office,
            title="t",
            filename="a.csv",
            content=csv,
        )


def test_the_programme_manager_records_an_accused_person(justice, legal_case):
    accused = services.record_accused(
        actor=justice.manager,
        legal_case=legal_case,
        person=PersonDetails(given_name="Jamal"),
        role="Recruiter",
    )
    assert accused.person.display_name == "Jamal"


def test_the_legal_officer_records_an_accused_person(justice, legal_case):
    services.record_accused(
        actor=justice.legal_officer,
        legal_case=legal_case,
        person=PersonDetails(given_name="Jamal"),
        role="Recruiter",
    )
