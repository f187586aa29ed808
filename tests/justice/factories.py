"""Legal cases built through the services, as a legal officer would build them."""

from __future__ import annotations

from datetime import date
from typing import Any

from mukti.accounts.models import User
from mukti.cases.models import Case
from mukti.justice import services
from mukti.justice.models import Accused, LegalCase, PartyRole, Stage
from mukti.people.services import PersonDetails


def file_case(
    *,
    actor: User,
    case: Case,
    country: str = "BD",
    court: str = "Anti-Human Trafficking Offence Tribunal, Khulna",
    fir_date: date | None = date(2026, 2, 1),
    stage: str = Stage.COMPLAINT,
    stage_since: date = date(2026, 2, 1),
    role: str = PartyRole.COMPLAINANT,
    **extra: Any,
) -> LegalCase:
    return services.file_legal_case(
        actor=actor,
        survivors=[(case, role)],
        details=services.LegalCaseDetails(
            country=country,
            court=court,
            court_case_number=extra.pop("court_case_number", "Khulna 12/2026"),
            police_station="Khulna Sadar",
            fir_date=fir_date,
            laws_and_sections="PSHTA 2012 s. 6, s. 7",
            investigating_officer="SI Kamal Hossain",
        ),
        stage=stage,
        stage_since=stage_since,
        **extra,
    )


def advance(actor: User, legal_case: LegalCase, *steps: tuple[str, date]) -> LegalCase:
    for stage, happened_on in steps:
        legal_case.refresh_from_db()
        services.move_to_stage(
            actor=actor,
            legal_case=legal_case,
            expected_version=legal_case.version,
            stage=stage,
            happened_on=happened_on,
        )
    legal_case.refresh_from_db()
    return legal_case


def add_accused(actor: User, legal_case: LegalCase, name: str = "Jamal Uddin") -> Accused:
    given, _space, family = name.partition(" ")
    return services.record_accused(
        actor=actor,
        legal_case=legal_case,
        person=PersonDetails(given_name=given, family_name=family, sex="male"),
        role="Recruiter",
    )
