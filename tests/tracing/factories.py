"""Missing-person reports and their details, recorded through the services."""

from __future__ import annotations

from datetime import date
from typing import Any

from mukti.people.models import Sex
from mukti.people.services import AddressInput, PersonDetails
from mukti.tracing import services
from mukti.tracing.models import MissingPersonReport


def report_details(
    *,
    given_name: str = "Rina",
    family_name: str = "Akter",
    source_name: str = "Sharsha police station",
    report_number: str = "GD 1234/25",
    reported_on: date = date(2025, 12, 1),
    sex: str = Sex.FEMALE,
    birth_date: date | None = None,
    estimated_age: int | None = 15,
    district: str = "Jessore",
    subdistrict: str = "Sharsha",
    village: str = "Bagachra",
    father_name: str = "Abdul Karim",
    mother_name: str = "Rahima Begum",
    reporter_phone: str = "01712-345678",
    **extra: Any,
) -> services.ReportDetails:
    person = PersonDetails(
        given_name=given_name,
        family_name=family_name,
        sex=sex,
        birth_date=birth_date,
        estimated_age=estimated_age,
        age_estimated_on=reported_on if estimated_age is not None else None,
        nationality="BD",
        address=AddressInput(
            country="BD",
            division="Khulna",
            district=district,
            subdistrict=subdistrict,
            village=village,
        ),
    )
    return services.ReportDetails(
        source_name=source_name,
        report_number=report_number,
        reported_on=reported_on,
        person=person,
        father_name=father_name,
        mother_name=mother_name,
        last_seen_place="At the bus stand",
        reporter_name="Rahima Begum",
        reporter_relationship="mother",
        reporter_phone=reporter_phone,
        **extra,
    )


def make_report(*, actor: Any, office: Any, **details: Any) -> MissingPersonReport:
    return services.record_report(actor=actor, office=office, details=report_details(**details))
