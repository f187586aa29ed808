"""Who can read and write aftercare records of one case, by role and restricted section.

General records (follow-ups, life-skills training…), the health section (medical care) and
the counselling section (counselling sessions, DASS-21), for every role of the organisation,
partner staff of another office, and an outsider of another organisation.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from mukti.aftercare import selectors, services
from mukti.aftercare.models import ServiceKind
from tests.aftercare.factories import (
    DAY,
    ITEMS_MIXED,
    delivered,
    done_follow_up,
    make_open_case,
    staff_around,
)

# role: (reads general, reads health, reads counselling, records care)
MATRIX = {
    "caseworker": (True, True, False, True),
    "counsellor": (True, True, True, True),
    "legal_officer": (True, False, False, False),
    "repatriation_officer": (True, False, False, False),
    "programme_manager": (True, True, True, True),
    "me_officer": (False, False, False, False),
    "partner_staff": (False, False, False, False),
    "donor_viewer": (False, False, False, False),
    "data_protection_officer": (False, False, False, False),
    "system_administrator": (False, False, False, False),
    "outsider": (False, False, False, False),
}


@pytest.fixture
def records(story):
    case = make_open_case(story)
    staff = staff_around(story, case)
    done_follow_up(staff.caseworker, case)
    services.record_service(
        actor=staff.caseworker, case=case, details=delivered(ServiceKind.LIFE_SKILLS)
    )
    services.record_service(
        actor=staff.caseworker, case=case, details=delivered(ServiceKind.MEDICAL_CARE)
    )
    services.record_service(
        actor=staff.counsellor, case=case, details=delivered(ServiceKind.COUNSELLING)
    )
    services.record_dass21(actor=staff.counsellor, case=case, assessed_on=DAY, items=ITEMS_MIXED)
    return case, staff


@pytest.mark.parametrize("role", MATRIX)
def test_who_reads_which_aftercare_section(records, role):
    case, staff = records
    user = staff.by_role()[role]
    general, health, counselling, _records_care = MATRIX[role]

    kinds = {s.kind for s in selectors.services_readable(user, case=case)}

    assert selectors.follow_ups_of(user, case=case).exists() is general
    assert ("life_skills" in kinds) is general
    assert ("medical_care" in kinds) is health
    assert ("counselling" in kinds) is counselling
    assert selectors.dass21_of(user, case=case).exists() is counselling


@pytest.mark.parametrize("role", MATRIX)
def test_who_writes_which_aftercare_section(records, role):
    case, staff = records
    user = staff.by_role()[role]
    _general, health, counselling, records_care = MATRIX[role]
    attempts = {
        "general": (records_care, lambda: done_follow_up(user, case)),
        "health": (
            records_care and health,
            lambda: services.record_service(
                actor=user, case=case, details=delivered(ServiceKind.MEDICAL_CARE)
            ),
        ),
        "counselling": (
            records_care and counselling,
            lambda: services.record_service(
                actor=user, case=case, details=delivered(ServiceKind.COUNSELLING)
            ),
        ),
        "dass21": (
            records_care and counselling,
            lambda: services.record_dass21(
                actor=user, case=case, assessed_on=DAY, items=ITEMS_MIXED
            ),
        ),
    }

    for section, (allowed, write) in attempts.items():
        if allowed:
            assert write() is not None, section
        else:
            with pytest.raises(PermissionDenied):
                write()
