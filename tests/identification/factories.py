"""Identification records for tests, built through the services as a user would."""

from __future__ import annotations

from datetime import date
from typing import Any

from mukti.accounts.models import Office, User
from mukti.cases.models import Case
from mukti.identification import services
from mukti.identification.models import (
    Agency,
    Indicator,
    IndicatorSet,
    OperationKind,
    Outcome,
    Referral,
    ReferralKind,
    RescueOperation,
    Screening,
)

ADULTS = "delphi-2009-adults"
CHILDREN = "delphi-2009-children"
ILO = "ilo-forced-labour-2012"


def checklist(code: str = ADULTS) -> IndicatorSet:
    """A shipped checklist (the data migration installs them in every test database)."""
    return IndicatorSet.objects.get(code=code)


def indicators(codes: list[str], *, set_code: str = ADULTS) -> list[Indicator]:
    found = {i.code: i for i in Indicator.objects.filter(indicator_set__code=set_code)}
    return [found[code] for code in codes]


def operation_details(**overrides: Any) -> services.OperationDetails:
    fields: dict[str, Any] = {
        "kind": OperationKind.INTERCEPTION,
        "operation_on": date(2026, 2, 10),
        "country": "BD",
        "district": "Satkhira",
        "place": "Near the Kalaroa crossing",
        "agency": Agency.BORDER_GUARDS_BANGLADESH,
        "reference": "BGB-SAT-2026-014",
        "notes": "Three girls travelling with a broker",
    }
    fields.update(overrides)
    return services.OperationDetails(**fields)


def make_operation(*, actor: User, office: Office, **overrides: Any) -> RescueOperation:
    return services.record_operation(
        actor=actor, office=office, details=operation_details(**overrides)
    )


# An adult presumed victim under the Delphi rule: deceptive recruitment (1 strong + 1 medium),
# exploitative conditions (1 strong + 1 medium), coercion at destination (2 strong).
PRESUMED = [
    "dr-nature-of-job",
    "dr-wages",
    "ec-excessive-hours",
    "ec-low-or-no-salary",
    "cd-confiscation-of-documents",
    "cd-debt-bondage",
]


def make_screening(
    *,
    actor: User,
    case: Case,
    screened_on: date = date(2026, 2, 1),
    set_code: str = ADULTS,
    codes: list[str] | None = None,
    outcome: str = Outcome.PRESUMED_VICTIM,
    reason: str = "Deceived about the job and held by debt",
    screener: User | None = None,
) -> Screening:
    return services.record_screening(
        actor=actor,
        case=case,
        screened_on=screened_on,
        screener=screener or actor,
        indicator_set=checklist(set_code),
        indicators=indicators(PRESUMED if codes is None else codes, set_code=set_code),
        outcome=outcome,
        outcome_reason=reason,
    )


def referral_details(**overrides: Any) -> services.ReferralDetails:
    fields: dict[str, Any] = {
        "kind": ReferralKind.SHELTER,
        "referred_on": date(2026, 2, 3),
        "referred_to": "Safe home, Jessore",
    }
    fields.update(overrides)
    return services.ReferralDetails(**fields)


def make_referral(*, actor: User, case: Case, **overrides: Any) -> Referral:
    return services.record_referral(actor=actor, case=case, details=referral_details(**overrides))
