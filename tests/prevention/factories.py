"""Prevention records for tests, built through the services like a user would build them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from mukti.accounts.models import Office, User
from mukti.prevention import services
from mukti.prevention.checks import ActivityDetails
from mukti.prevention.models import Activity, ActivityType, AudienceType
from mukti.prevention.participant_lists import ParticipantInput


def audience(code: str = "garment_factory_workers") -> AudienceType:
    return AudienceType.objects.get(code=code)


def session_details(**overrides: Any) -> ActivityDetails:
    """A lunch-hour awareness session for 30 garment-factory workers, tested before/after."""
    values: dict[str, Any] = {
        "activity_type": ActivityType.AWARENESS_SESSION,
        "title": "Lunch-hour session on safe migration",
        "starts_on": date(2025, 11, 4),
        "country": "BD",
        "district": "Dhaka",
        "venue": "Factory canteen, Ashulia",
        "audience_type": audience(),
        "organiser": "Justice and Care",
        "partners": "Garment workers' union",
        "participants_total": 30,
        "participants_female": 26,
        "participants_male": 4,
        "score_maximum": Decimal(10),
        "pre_test_average": Decimal("4.20"),
        "post_test_average": Decimal("7.90"),
        "tested_count": 28,
        "improved_count": 25,
    }
    values.update(overrides)
    return ActivityDetails(**values)


def training_details(**overrides: Any) -> ActivityDetails:
    values: dict[str, Any] = {
        "activity_type": ActivityType.TRAINING,
        "title": "Identifying trafficking victims at the border",
        "starts_on": date(2025, 10, 12),
        "ends_on": date(2025, 10, 13),
        "country": "BD",
        "district": "Jashore",
        "audience_type": audience("border_guards"),
        "profession": "border_guards",
        "organiser": "Justice and Care",
        "participants_total": 3,
        "score_maximum": Decimal(20),
    }
    values.update(overrides)
    return ActivityDetails(**values)


def campaign_details(**overrides: Any) -> ActivityDetails:
    values: dict[str, Any] = {
        "activity_type": ActivityType.CAMPAIGN,
        "title": "Safe migration TV commercial",
        "starts_on": date(2025, 9, 1),
        "ends_on": date(2025, 12, 31),
        "country": "BD",
        "district": "Satkhira",
        "audience_type": audience("general_public"),
        "channel": "television",
        "organiser": "Justice and Care",
        "partners": "District government",
        "reach": 1_300_000,
        "reach_verification": ("survey", "focus_groups"),
        "reach_note": "Household survey in two upazilas",
    }
    values.update(overrides)
    return ActivityDetails(**values)


def guards(*scores: tuple[Any, Any]) -> list[ParticipantInput]:
    """Participants BG-1, BG-2… with the given (before, after) scores."""
    return [
        ParticipantInput(
            code=f"BG-{number}",
            sex="male",
            age_group="25_34",
            role="Border guard (sepoy)",
            pre_score=None if pre is None else Decimal(pre),
            post_score=None if post is None else Decimal(post),
        )
        for number, (pre, post) in enumerate(scores, start=1)
    ]


def make_activity(
    *,
    actor: User,
    office: Office,
    details: ActivityDetails | None = None,
    participants: list[ParticipantInput] | None = None,
) -> Activity:
    return services.record_activity(
        actor=actor,
        office=office,
        details=details or session_details(),
        participants=participants or (),
    )
