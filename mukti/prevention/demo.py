"""Demo prevention work for the last two years, at the volumes of the six-month report.

Per half-year the report counts 483 people given prevention education (Bangladesh 280 direct,
India 203 through the partner) and 941 frontline professionals trained (UK 367, Bangladesh
448, Thailand 126); the other seed documents add lunch-hour sessions for 1,600 garment-factory
workers a year, community-leader meetings in the border districts of Jashore and Satkhira,
Border Guards Bangladesh trainings, and a television commercial that reached 1.3 million
people (verified by surveys and focus groups). Each office's programme below is that, per
half-year; a larger demo (more cases) runs proportionally more activities.

Rows are built in Python with the same derivations the services use (apply_details and
completed_details) and inserted in bulk, each with its first historical version linked into
the change chain.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction

from mukti.accounts.roles import Role
from mukti.audit.chain import append_changes
from mukti.core.demo.organisation import DemoOrganisation
from mukti.prevention.checks import ActivityDetails, completed_details
from mukti.prevention.models import (
    Activity,
    ActivityStatus,
    ActivityType,
    AudienceType,
    Participant,
)
from mukti.prevention.participant_lists import ParticipantInput
from mukti.prevention.services import apply_details

DAYS_BACK = 2 * 365
HALF_YEAR_DAYS = 182
CASES_PER_SCALE_STEP = 5000  # a demo of 20,000 cases runs four times the seed's programme

SESSION = ActivityType.AWARENESS_SESSION
TRAINING = ActivityType.TRAINING
CAMPAIGN = ActivityType.CAMPAIGN


@dataclass(frozen=True)
class Programme:
    """One kind of activity an office runs, and how often per half-year."""

    office: str
    kind: str
    per_half_year: float
    audience: str
    size: tuple[int, int]  # participants (or, for campaigns, reach) from..to
    share_female: float
    titles: tuple[str, ...]
    districts: tuple[str, ...]
    profession: str = ""
    channel: str = ""
    verification: tuple[str, ...] = ()
    list_share: float = 0.0  # how many keep a participant list with scores
    tested_share: float = 0.7  # how many report aggregate test scores instead
    partners: str = ""


PROGRAMMES = (
    # Bangladesh, Khulna: factory workers in Dhaka's garment belt, schools, campaigns.
    Programme(
        "BD-KHU", SESSION, 6, "garment_factory_workers", (25, 70), 0.9,
        ("Lunch-hour session on safe migration", "False job offers: lunch-hour session"),
        ("Dhaka", "Gazipur", "Narayanganj"), list_share=0.3, partners="Factory welfare officer",
    ),
    Programme(
        "BD-KHU", SESSION, 2, "students", (40, 90), 0.55,
        ("School session on trafficking and safe migration",),
        ("Khulna", "Bagerhat", "Satkhira"), tested_share=0.5, partners="District education office",
    ),
    Programme(
        "BD-KHU", CAMPAIGN, 1, "general_public", (600_000, 1_400_000), 0.5,
        ("Safe-migration TV commercial on local public channels",),
        ("Satkhira", "Jashore"), channel="television", verification=("survey", "focus_groups"),
        partners="District governments",
    ),
    Programme(
        "BD-KHU", CAMPAIGN, 0.5, "migrants", (80_000, 300_000), 0.5,
        ("Radio spots on traffickers' tactics",),
        ("Khulna",), channel="radio", verification=("broadcaster_figures",),
    ),
    Programme(
        "BD-KHU", TRAINING, 2, "police", (20, 35), 0.1,
        ("Victim identification and referral for police",),
        ("Khulna", "Jashore"), profession="police", list_share=0.3, partners="Bangladesh Police",
    ),
    Programme(
        "BD-KHU", TRAINING, 1, "others", (15, 25), 0.3,
        ("Trafficking cases before the tribunal: prosecutors' workshop",),
        ("Khulna",), profession="prosecutors",
    ),
    # Bangladesh, Jessore: the border, its guards and its community leaders.
    Programme(
        "BD-JSR", TRAINING, 8, "border_guards", (25, 40), 0.05,
        ("Identifying and intercepting trafficking victims at the border",),
        ("Jashore", "Satkhira", "Benapole"), profession="border_guards", list_share=0.6,
        partners="Border Guards Bangladesh",
    ),
    Programme(
        "BD-JSR", TRAINING, 2, "others", (15, 30), 0.7,
        ("Trauma-informed support for social workers",),
        ("Jashore",), profession="social_workers", partners="Department of Social Services",
    ),
    Programme(
        "BD-JSR", SESSION, 1, "community_leaders", (150, 260), 0.3,
        ("Meeting of community leaders, police and border guards on trafficking",),
        ("Jashore", "Satkhira"), tested_share=0.3,
        partners="Border Guards Bangladesh\nBangladesh Police\nUnion parishad",
    ),
    Programme(
        "BD-JSR", SESSION, 2, "migrants", (20, 45), 0.6,
        ("Safe migration: courtyard meeting for families of would-be migrants",),
        ("Jashore", "Satkhira"), tested_share=0.4,
    ),
    # United Kingdom: navigators train police forces and Border Force.
    Programme(
        "GB-LON", TRAINING, 8, "police", (15, 35), 0.35,
        ("Modern slavery: first responders' training for police",),
        ("Essex", "Surrey", "Greater Manchester", "West Yorkshire", "London"),
        profession="police", list_share=0.2,
    ),
    Programme(
        "GB-LON", TRAINING, 4, "border_guards", (15, 30), 0.4,
        ("Spotting trafficking at the border: Border Force training",),
        ("Kent", "Edinburgh", "Glasgow"), profession="border_guards", partners="Border Force",
    ),
    Programme(
        "GB-LON", TRAINING, 2, "others", (10, 25), 0.6,
        ("Referral and the NRM for labour inspectors",),
        ("London",), profession="labour_inspectors",
    ),
    Programme(
        "GB-LON", TRAINING, 2, "others", (10, 25), 0.75,
        ("Supporting survivors: social workers' training",),
        ("London", "Essex"), profession="social_workers",
    ),
    # Romania: a new entity; would-be migrants and an online campaign.
    Programme(
        "RO-BUC", CAMPAIGN, 0.5, "migrants", (40_000, 150_000), 0.5,
        ("Know before you go: safe work abroad (online)",),
        ("București",), channel="online", verification=("platform_analytics",),
        partners="National taskforce",
    ),
    Programme(
        "RO-BUC", SESSION, 2, "students", (20, 40), 0.55,
        ("Working abroad safely: session for final-year students",),
        ("București", "Iași"), tested_share=0.5,
    ),
    Programme(
        "RO-BUC", TRAINING, 1, "police", (12, 25), 0.3,
        ("Identifying victims among returning migrants",),
        ("București",), profession="police",
    ),
    # India (joint, partner staff): community prevention education in West Bengal.
    Programme(
        "IN-KOL", SESSION, 6, "migrants", (25, 55), 0.65,
        ("Community session on trafficking and safe migration",),
        ("North 24 Parganas", "South 24 Parganas", "Kolkata"), tested_share=0.5,
    ),
    Programme(
        "IN-KOL", SESSION, 1, "students", (30, 60), 0.6,
        ("Adolescent girls' group: recognising recruiters",),
        ("South 24 Parganas",), tested_share=0.6,
    ),
    # Thailand (joint, partner staff): police and prosecutors.
    Programme(
        "TH-BKK", TRAINING, 3, "police", (20, 30), 0.25,
        ("Online-facilitated exploitation: investigators' training",),
        ("Bangkok", "Chiang Mai"), profession="police", list_share=0.3,
    ),
    Programme(
        "TH-BKK", TRAINING, 2, "others", (12, 20), 0.45,
        ("Prosecuting trafficking: case preparation workshop",),
        ("Bangkok",), profession="prosecutors",
    ),
    Programme(
        "TH-BKK", TRAINING, 1, "others", (15, 25), 0.4,
        ("Labour inspection in fishing and factories",),
        ("Samut Sakhon",), profession="labour_inspectors",
    ),
)  # fmt: skip

# Who records each office's prevention work in the demo.
_RECORDER_ROLES = (Role.CASEWORKER, Role.PARTNER_STAFF, Role.PROGRAMME_MANAGER, Role.ME_OFFICER)
_PARTICIPANT_ROLES = {
    "garment_factory_workers": ("Line operator", "Helper", "Quality inspector", "Supervisor"),
    "border_guards": ("Sepoy", "Naik", "Havildar", "Border Force officer"),
    "police": ("Constable", "Sub-inspector", "Inspector", "Detective constable"),
    "students": ("Student",),
    "migrants": ("Would-be migrant", "Returnee", "Family member"),
    "community_leaders": ("Union parishad member", "Imam", "Teacher", "Women's group leader"),
    "others": ("Officer",),
}
_AGE_GROUPS = {
    "students": ("under_18", "18_24"),
    "garment_factory_workers": ("18_24", "25_34", "35_49"),
}


@dataclass
class _Built:
    activities: list[Activity]
    participants: list[Participant]


def _recorders(demo: DemoOrganisation) -> dict[str, Any]:
    recorders: dict[str, Any] = {}
    for role in _RECORDER_ROLES:
        for user, spec in demo.staff:
            if spec.role == role:
                recorders.setdefault(spec.office, user)
    return recorders


def _count(rng: random.Random, per_half_year: float, *, half_years: float, scale: int) -> int:
    expected = per_half_year * half_years * scale
    whole = int(expected)
    return whole + (1 if rng.random() < expected - whole else 0)


def _scores(rng: random.Random, maximum: int) -> tuple[Decimal, Decimal]:
    before = min(maximum, max(0, round(rng.gauss(0.45, 0.15) * maximum)))
    gain = round(rng.gauss(0.28, 0.15) * maximum)
    after = min(maximum, max(0, before + gain))
    return Decimal(before), Decimal(after)


def _participants(
    rng: random.Random, programme: Programme, size: int, *, maximum: int, serial: int
) -> list[ParticipantInput]:
    roles = _PARTICIPANT_ROLES.get(programme.audience, ("Participant",))
    ages = _AGE_GROUPS.get(programme.audience, ("25_34", "35_49", "18_24", "50_plus"))
    prefix = programme.office.split("-")[0]
    rows = []
    for number in range(1, size + 1):
        before, after = _scores(rng, maximum)
        missed_post = rng.random() < 0.05
        rows.append(
            ParticipantInput(
                code=f"{prefix}{serial:05d}-{number:03d}",
                sex="female" if rng.random() < programme.share_female else "male",
                age_group=rng.choice(ages),
                role=rng.choice(roles),
                pre_score=before,
                post_score=None if missed_post else after,
            )
        )
    return rows


def _aggregate_scores(rng: random.Random, total: int, maximum: int) -> dict[str, Any]:
    tested = max(1, round(total * rng.uniform(0.8, 1.0)))
    before = Decimal(str(round(rng.uniform(0.3, 0.55) * maximum, 1)))
    after = min(Decimal(maximum), before + Decimal(str(round(rng.uniform(0.15, 0.4) * maximum, 1))))
    improved = round(tested * rng.uniform(0.7, 0.95)) if rng.random() < 0.85 else None
    return {
        "score_maximum": Decimal(maximum),
        "pre_test_average": before,
        "post_test_average": after,
        "tested_count": tested,
        "improved_count": improved,
    }


def _when(
    rng: random.Random, programme: Programme, *, today: date, slot: float
) -> tuple[date, date | None]:
    """A date in the last two years (a few planned for the coming two months); campaigns
    run one after another (`slot` is where in the two years), not at random."""
    offset = rng.randint(-60, DAYS_BACK)
    if programme.kind == CAMPAIGN:
        offset = round(DAYS_BACK * (1 - slot)) - rng.randint(0, 30)
    starts_on = today - timedelta(days=offset)
    if programme.kind == CAMPAIGN:
        return starts_on, starts_on + timedelta(days=rng.randint(30, 120))
    if programme.kind == TRAINING and rng.random() < 0.4:
        return starts_on, starts_on + timedelta(days=rng.randint(1, 2))
    return starts_on, None


def _details(
    rng: random.Random,
    programme: Programme,
    *,
    audiences: dict[str, AudienceType],
    country: str,
    organiser: str,
    today: date,
    slot: float,
) -> ActivityDetails:
    starts_on, ends_on = _when(rng, programme, today=today, slot=slot)
    done = (ends_on or starts_on) <= today
    district = rng.choice(programme.districts)
    low, high = programme.size
    base = ActivityDetails(
        activity_type=programme.kind,
        title=f"{rng.choice(programme.titles)}, {district}",
        status=ActivityStatus.DONE if done else ActivityStatus.PLANNED,
        starts_on=starts_on,
        ends_on=ends_on,
        country=country,
        district=district,
        venue="",
        audience_type=audiences[programme.audience],
        profession=programme.profession,
        channel=programme.channel,
        organiser=organiser,
        partners=programme.partners,
    )
    if programme.kind == CAMPAIGN:
        if not done:
            return base
        return _campaign_reach(rng, base, programme, low=low, high=high)
    total = rng.randint(low, high)
    female = round(total * programme.share_female)
    details = _replace(base, participants_total=total)
    if rng.random() < 0.8:
        details = _replace(details, participants_female=female, participants_male=total - female)
    return details


def _campaign_reach(
    rng: random.Random, base: ActivityDetails, programme: Programme, *, low: int, high: int
) -> ActivityDetails:
    reach = round(rng.randint(low, high), -3)
    estimate = rng.random() < 0.15
    return _replace(
        base,
        reach=reach,
        reach_verification=("estimate",) if estimate else programme.verification,
        reach_note="Household survey in the broadcast districts" if not estimate else "",
    )


def _replace(details: ActivityDetails, **changes: Any) -> ActivityDetails:
    return replace(details, **changes)


def _build(demo: DemoOrganisation, *, today: date, rng: random.Random, scale: int) -> _Built:
    audiences = {a.code: a for a in AudienceType.objects.all()}
    recorders = _recorders(demo)
    built = _Built([], [])
    serial = 0
    for programme in PROGRAMMES:
        office = demo.offices.get(programme.office)
        if office is None:
            continue
        organiser = (
            office.partner_organisation.name
            if office.partner_organisation
            else demo.organisation.name
        )
        actor = recorders.get(programme.office)
        half_years = (DAYS_BACK + 60) / HALF_YEAR_DAYS
        count = _count(rng, programme.per_half_year, half_years=half_years, scale=scale)
        for number in range(count):
            serial += 1
            details = _details(
                rng,
                programme,
                audiences=audiences,
                country=office.country,
                organiser=organiser,
                today=today,
                slot=number / count,
            )
            details, rows = _test_results(rng, programme, details, serial=serial, scale=scale)
            activity = Activity(office=office, created_by=actor, updated_by=actor)
            apply_details(
                activity,
                completed_details(details, rows),
                per_participant=bool(rows),
            )
            activity.has_participant_list = bool(rows)
            if rng.random() < 0.02:
                activity.status_before_cancel = activity.status
                activity.status = ActivityStatus.CANCELLED
                activity.cancellation_reason = "Postponed: flooding on the day"
            built.activities.append(activity)
            built.participants.extend(
                Participant(
                    activity=activity,
                    created_by=actor,
                    updated_by=actor,
                    **vars(row),
                )
                for row in rows
            )
    return built


def _test_results(
    rng: random.Random,
    programme: Programme,
    details: ActivityDetails,
    *,
    serial: int,
    scale: int,
) -> tuple[ActivityDetails, list[ParticipantInput]]:
    """A participant list with scores, aggregate scores, or none (campaigns, planned)."""
    if programme.kind == CAMPAIGN or details.status != ActivityStatus.DONE:
        return details, []
    total = details.participants_total or 0
    maximum = rng.choice((10, 20, 20, 25))
    # Lists stay about as many at any demo size: they are there to be read, not summed.
    if total <= 60 and rng.random() < programme.list_share / scale:
        rows = _participants(rng, programme, total, maximum=maximum, serial=serial)
        plain = _replace(
            details,
            participants_total=None,
            participants_female=None,
            participants_male=None,
            score_maximum=Decimal(maximum),
        )
        return plain, rows
    if rng.random() < programme.tested_share:
        return _replace(details, **_aggregate_scores(rng, total, maximum)), []
    return details, []


def _insert_with_history(model: type[Any], rows: list[Any]) -> None:
    """The rows, and their first versions linked into the change chain (as the services do)."""
    model.objects.bulk_create(rows, batch_size=2000)
    by_user: dict[Any, list[Any]] = {}
    for row in rows:
        by_user.setdefault(row.created_by, []).append(row)
    for user, records in by_user.items():
        versions = model.history.bulk_history_create(records, batch_size=2000, default_user=user)
        append_changes(versions, user_id=getattr(user, "pk", None))


def add_demo_records(
    *,
    demo: DemoOrganisation,
    today: date,
    rng: random.Random,
    cases: int,
    progress: Callable[[str], None] | None = None,
) -> dict[str, int]:
    """Two years of sessions, trainings and campaigns across the demo's offices."""
    scale = max(1, cases // CASES_PER_SCALE_STEP)
    built = _build(demo, today=today, rng=rng, scale=scale)
    with transaction.atomic():  # one commit, not one per batch
        _insert_with_history(Activity, built.activities)
        _insert_with_history(Participant, built.participants)
    if progress:
        progress(f"prevention: {len(built.activities)} activities")
    return {
        "prevention activities": len(built.activities),
        "prevention participants listed": len(built.participants),
    }
