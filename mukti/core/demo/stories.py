"""The journeys each office sees most often, in HTCDS terms, and the timelines, notes and
closing reasons a caseworker would write for them. Texts never name anyone."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from mukti.accounts.roles import Section
from mukti.cases.models import EventKind, Risk, Stage, Status

K = EventKind

# Days from one step of a journey to the next, (fewest, most).
GAP_DAYS: dict[str, tuple[int, int]] = {
    K.IDENTIFIED: (0, 1),
    K.REMOVED_FROM_EXPLOITATION: (0, 1),
    K.SHELTERED: (0, 3),
    K.REFERRED: (1, 14),
    K.REPATRIATED: (45, 300),
    K.REUNITED: (0, 10),
    K.SERVICE_DELIVERED: (5, 60),
    K.FOLLOW_UP: (20, 90),
    K.ASSESSMENT: (30, 180),
    K.ENGAGED_WITH_POLICE: (2, 45),
    K.TESTIFIED: (60, 360),
    K.CLOSED: (30, 120),
}

SUMMARIES: dict[str, tuple[str, ...]] = {
    K.IDENTIFIED: (
        "Identified by Border Guards Bangladesh at the border",
        "Identified by the partner's social worker at a shelter home",
        "Referred by police after a raid",
        "Self-referred through the helpline",
        "Referred by a first responder",
    ),
    K.REMOVED_FROM_EXPLOITATION: (
        "Removed during a police raid",
        "Escaped and reached a police station",
        "Intercepted before crossing the border",
        "Rescued from a worksite with labour inspectors",
    ),
    K.SHELTERED: (
        "Placed in a government shelter home",
        "Moved to the short-stay home",
        "Safe house placement arranged",
    ),
    K.REFERRED: (
        "National Referral Mechanism referral submitted",
        "Referred to the Child Welfare Committee",
        "Referred to a partner shelter",
    ),
    K.REPATRIATED: (
        "Handed over at Petrapole-Benapole",
        "Returned by air with an escort",
        "Travel permit issued; returned home",
    ),
    K.REUNITED: (
        "Reunited with mother and siblings",
        "Family assessed as safe; reunited",
        "Returned to the family home",
    ),
    K.SERVICE_DELIVERED: (
        "Medical check-up",
        "Enrolled in a tailoring course",
        "Legal aid consultation",
        "Emergency food supplies",
        "Re-enrolled in school",
        "Small business grant",
        "Psychosocial counselling session",
        "Vocational training: mobile phone repair",
    ),
    K.FOLLOW_UP: (
        "Phone follow-up: doing well",
        "Home visit: attending school",
        "Phone follow-up: family under pressure from a lender",
        "Home visit: business running",
    ),
    K.ASSESSMENT: ("Recovery assessment at six months", "DASS-21 at intake", "Yearly assessment"),
    K.ENGAGED_WITH_POLICE: (
        "Gave a statement to the investigating officer",
        "Identified a suspect from photographs",
        "Interviewed by police over a video call",
    ),
    K.TESTIFIED: ("Testified by video conference", "Gave evidence at the tribunal"),
}
SUMMARY_SHARE = 0.4

NOTES: dict[str, tuple[str, ...]] = {
    Section.GENERAL: (
        "Home visit completed. The family is supportive and the survivor wants to go back "
        "to school.",
        "Discussed safe migration with the family; an older sibling plans to work abroad.",
        "Survivor asked for help with a national ID card; documents requested from the union "
        "council.",
        "Met the village leader about the family's safety; no contact from the recruiter.",
    ),
    Section.HEALTH: (
        "Medical check-up done; referred for follow-up at the upazila health complex.",
        "Reports headaches and poor sleep; GP appointment arranged.",
        "Pregnancy confirmed; antenatal care arranged at the district hospital.",
    ),
    Section.COUNSELLING: (
        "Session focused on sleep problems and fear of travelling; practised grounding.",
        "Nightmares less frequent. Survivor spoke about the journey for the first time.",
        "Anxiety high before the hearing; planned a visit to the courtroom beforehand.",
    ),
    Section.LEGAL: (
        "Charge sheet expected next month; prepare the survivor for the hearing.",
        "Accused granted bail; safety plan reviewed with the family.",
        "Victim compensation application filed.",
    ),
    Section.SEXUAL_EXPLOITATION: (
        "Details of the exploitation recorded in the statement to police; medico-legal "
        "examination done with consent.",
        "Exploitation lasted several months in two locations; details in the police file.",
    ),
}
CLOSING_REASONS = (
    "Reintegrated and stable for twelve months",
    "Survivor asked to close the case",
    "Moved to another district; referred to a partner",
    "Transferred to the government's aftercare programme",
)
RECOVERY_EVENTS = (K.SERVICE_DELIVERED, K.FOLLOW_UP, K.FOLLOW_UP, K.ASSESSMENT)
MAX_EVENTS = 20
DAYS_BACK = 3 * 365


@dataclass(frozen=True)
class Pathway:
    """A kind of journey an office sees often: who, what exploitation, which steps."""

    name: str
    weight: int
    nationalities: tuple[tuple[str, int], ...]
    female_share: float
    minor_share: float
    types: tuple[str, ...]
    sectors: tuple[str, ...]
    recruitment: tuple[str, ...]
    exploited_in: tuple[str, ...]
    steps: tuple[str, ...]
    transit: tuple[str, ...] = ()
    means_of_control: tuple[str, ...] = (
        "FalsePromises",
        "PsychologicalAbuse",
        "PhysicalThreats",
        "RestrictsMovement",
        "WithholdsDocuments",
        "TakesEarnings",
        "PhysicalAbuse",
    )


PATHWAYS: dict[str, tuple[Pathway, ...]] = {
    "BD": (
        Pathway(
            name="returned from India",
            weight=5,
            nationalities=(("BD", 1),),
            female_share=0.85,
            minor_share=0.45,
            types=("SexualExploitation", "SexualExploitation", "ForcedLabour", "ForcedMarriage"),
            sectors=("", "", "T", "C"),
            recruitment=("JobOffer", "IntimatePartner", "Familial", "PosingAsBenefactor"),
            exploited_in=("IN",),
            steps=(
                K.IDENTIFIED,
                K.SHELTERED,
                K.REPATRIATED,
                K.REUNITED,
                K.SERVICE_DELIVERED,
                K.ENGAGED_WITH_POLICE,
                K.SERVICE_DELIVERED,
                K.TESTIFIED,
            ),
            means_of_control=(
                "FalsePromises",
                "SexualAbuse",
                "PhysicalAbuse",
                "RestrictsMovement",
                "DebtBondage",
                "PsychologicalAbuse",
            ),
        ),
        Pathway(
            name="intercepted at the border",
            weight=3,
            nationalities=(("BD", 1),),
            female_share=0.75,
            minor_share=0.6,
            types=("SexualExploitation", "ForcedLabour", "ChildLabour"),
            sectors=("", "C", "T"),
            recruitment=("JobOffer", "IntimatePartner", "Familial"),
            exploited_in=("IN",),
            steps=(
                K.REMOVED_FROM_EXPLOITATION,
                K.IDENTIFIED,
                K.SHELTERED,
                K.REUNITED,
                K.ENGAGED_WITH_POLICE,
                K.SERVICE_DELIVERED,
            ),
        ),
        Pathway(
            name="labour migration",
            weight=1,
            nationalities=(("BD", 1),),
            female_share=0.3,
            minor_share=0.05,
            types=("ForcedLabour", "Servitude"),
            sectors=("F", "C", "T", "A"),
            recruitment=("JobOffer",),
            exploited_in=("SA", "MY", "AE", "OM"),
            transit=("IN", "TH"),
            steps=(K.IDENTIFIED, K.REPATRIATED, K.REUNITED, K.SERVICE_DELIVERED),
            means_of_control=(
                "DebtBondage",
                "WithholdsDocuments",
                "TakesEarnings",
                "ExcessiveWorkingHours",
                "FalsePromises",
            ),
        ),
        Pathway(
            name="brick kilns and domestic work",
            weight=1,
            nationalities=(("BD", 1),),
            female_share=0.5,
            minor_share=0.7,
            types=("ChildLabour", "ForcedLabour", "Servitude"),
            sectors=("C", "T"),
            recruitment=("Familial", "JobOffer"),
            exploited_in=("BD",),
            steps=(K.REMOVED_FROM_EXPLOITATION, K.IDENTIFIED, K.SHELTERED, K.REUNITED),
        ),
    ),
    "GB": (
        Pathway(
            name="victim navigator",
            weight=1,
            nationalities=(("GB", 3), ("RO", 3), ("VN", 2), ("AL", 2)),
            female_share=0.45,
            minor_share=0.15,
            types=("ForcedLabour", "ForcedLabour", "SexualExploitation", "Servitude"),
            sectors=("G", "A", "", "T", "I"),
            recruitment=("JobOffer", "IntimatePartner", "Internet"),
            exploited_in=("GB",),
            steps=(
                K.REMOVED_FROM_EXPLOITATION,
                K.IDENTIFIED,
                K.REFERRED,
                K.SHELTERED,
                K.ENGAGED_WITH_POLICE,
                K.SERVICE_DELIVERED,
                K.REPATRIATED,
                K.TESTIFIED,
            ),
        ),
    ),
    "RO": (
        Pathway(
            name="returned from western Europe",
            weight=1,
            nationalities=(("RO", 1),),
            female_share=0.8,
            minor_share=0.2,
            types=("SexualExploitation", "ForcedLabour", "ForcedBegging"),
            sectors=("", "A", ""),
            recruitment=("IntimatePartner", "JobOffer", "Internet"),
            exploited_in=("GB", "DE", "ES", "IT"),
            steps=(
                K.IDENTIFIED,
                K.REPATRIATED,
                K.SHELTERED,
                K.REUNITED,
                K.ENGAGED_WITH_POLICE,
                K.SERVICE_DELIVERED,
            ),
        ),
    ),
    "IN": (
        Pathway(
            name="rescued in India",
            weight=3,
            nationalities=(("IN", 1),),
            female_share=0.9,
            minor_share=0.4,
            types=("SexualExploitation", "SexualExploitation", "ForcedLabour"),
            sectors=("", "", "T"),
            recruitment=("JobOffer", "IntimatePartner", "Familial", "Abduction"),
            exploited_in=("IN",),
            steps=(
                K.REMOVED_FROM_EXPLOITATION,
                K.IDENTIFIED,
                K.SHELTERED,
                K.ENGAGED_WITH_POLICE,
                K.REUNITED,
                K.TESTIFIED,
                K.SERVICE_DELIVERED,
            ),
        ),
        Pathway(
            name="Bangladeshi awaiting repatriation",
            weight=2,
            nationalities=(("BD", 1),),
            female_share=0.9,
            minor_share=0.45,
            types=("SexualExploitation", "ForcedLabour"),
            sectors=("", "T"),
            recruitment=("JobOffer", "IntimatePartner"),
            exploited_in=("IN",),
            steps=(
                K.REMOVED_FROM_EXPLOITATION,
                K.IDENTIFIED,
                K.SHELTERED,
                K.REFERRED,
                K.ENGAGED_WITH_POLICE,
                K.REPATRIATED,
            ),
        ),
    ),
    "TH": (
        Pathway(
            name="fishing and seafood processing",
            weight=2,
            nationalities=(("MM", 4), ("KH", 3), ("TH", 3)),
            female_share=0.25,
            minor_share=0.1,
            types=("ForcedLabour",),
            sectors=("A", "C"),
            recruitment=("JobOffer", "Smuggling"),
            exploited_in=("TH",),
            steps=(
                K.REMOVED_FROM_EXPLOITATION,
                K.IDENTIFIED,
                K.SHELTERED,
                K.ENGAGED_WITH_POLICE,
                K.TESTIFIED,
                K.REPATRIATED,
            ),
            means_of_control=(
                "DebtBondage",
                "WithholdsDocuments",
                "ExcessiveWorkingHours",
                "PhysicalAbuse",
                "ThreatsLawEnforcement",
            ),
        ),
        Pathway(
            name="sexual exploitation",
            weight=1,
            nationalities=(("TH", 3), ("MM", 1), ("KH", 1)),
            female_share=0.9,
            minor_share=0.35,
            types=("SexualExploitation",),
            sectors=("",),
            recruitment=("Internet", "JobOffer", "IntimatePartner"),
            exploited_in=("TH",),
            steps=(
                K.REMOVED_FROM_EXPLOITATION,
                K.IDENTIFIED,
                K.SHELTERED,
                K.ENGAGED_WITH_POLICE,
                K.TESTIFIED,
                K.SERVICE_DELIVERED,
            ),
        ),
    ),
}


@dataclass(frozen=True)
class ExploitationPlan:
    types: list[str]
    sector: str
    recruitment: list[str]
    means_of_control: list[str]
    countries_of_origin: list[str]
    countries_of_transit: list[str]
    countries_of_exploitation: list[str]


@dataclass
class Journey:
    """A case's timeline and the state it leaves the case in."""

    opened_on: date
    events: list[tuple[str, date, str]] = field(default_factory=list)
    stage: str = Stage.IDENTIFIED
    status: str = Status.OPEN
    closed_on: date | None = None
    closing_reason: str = ""


def pick_pathway(*, rng: random.Random, country: str) -> Pathway:
    pathways = PATHWAYS[country]
    return rng.choices(pathways, weights=[p.weight for p in pathways])[0]


def pick_nationality(*, rng: random.Random, pathway: Pathway) -> str:
    countries, weights = zip(*pathway.nationalities, strict=True)
    return rng.choices(countries, weights=weights)[0]


def exploitation_for(*, rng: random.Random, pathway: Pathway, nationality: str) -> ExploitationPlan:
    kind = rng.choice(pathway.types)
    types = [kind]
    if kind == "SexualExploitation" and rng.random() < 0.15:
        types.append("ForcedLabour")
    sector = "" if kind == "SexualExploitation" else rng.choice(pathway.sectors)
    exploited_in = rng.choice(pathway.exploited_in)
    transit = [rng.choice(pathway.transit)] if pathway.transit and rng.random() < 0.3 else []
    return ExploitationPlan(
        types=types,
        sector=sector,
        recruitment=[rng.choice(pathway.recruitment)],
        means_of_control=sorted(rng.sample(pathway.means_of_control, rng.randint(1, 3))),
        countries_of_origin=[nationality],
        countries_of_transit=transit,
        countries_of_exploitation=[exploited_in],
    )


def _kinds(*, rng: random.Random, pathway: Pathway, returns_home: bool) -> list[str]:
    """1..20 event kinds: the pathway's steps in order, then recovery work."""
    count = rng.randint(1, MAX_EVENTS)
    steps = [k for k in pathway.steps if returns_home or k != K.REPATRIATED]
    steps = [k for i, k in enumerate(steps) if i < 2 or rng.random() < 0.85]
    kinds = steps[:count]
    while len(kinds) < count:
        kinds.append(rng.choice(RECOVERY_EVENTS))
    return kinds


def _stage_after(kinds: list[str], *, returns_home: bool) -> str:
    if K.FOLLOW_UP in kinds and len(kinds) > 8:
        return Stage.FOLLOW_UP
    if K.REUNITED in kinds:
        return Stage.REINTEGRATION
    if returns_home and K.SHELTERED in kinds and K.REPATRIATED not in kinds:
        return Stage.REPATRIATION
    if K.SHELTERED in kinds or K.SERVICE_DELIVERED in kinds:
        return Stage.IN_CARE
    return Stage.IDENTIFIED


def journey_for(
    *, rng: random.Random, pathway: Pathway, returns_home: bool, opened_on: date, today: date
) -> Journey:
    """A plausible timeline from the day the case was opened, earliest first; steps that
    would fall after today have not happened yet."""
    kinds = _kinds(rng=rng, pathway=pathway, returns_home=returns_home)
    journey = Journey(opened_on=opened_on)
    day = opened_on
    for index, kind in enumerate(kinds):
        if index:
            day += timedelta(days=rng.randint(*GAP_DAYS[kind]))
        if day > today:
            break
        summary = rng.choice(SUMMARIES[kind]) if rng.random() < SUMMARY_SHARE else ""
        journey.events.append((kind, day, summary))
    happened = [kind for kind, _day, _summary in journey.events]
    journey.stage = _stage_after(happened, returns_home=returns_home)
    closing_day = day + timedelta(days=rng.randint(*GAP_DAYS[K.CLOSED]))
    if 6 <= len(happened) < MAX_EVENTS and closing_day <= today and rng.random() < 0.3:
        journey.status, journey.closed_on = Status.CLOSED, closing_day
        journey.closing_reason = rng.choice(CLOSING_REASONS)
        journey.events.append((K.CLOSED, closing_day, ""))
    return journey


def risk_for(*, rng: random.Random, minor: bool) -> str:
    weights = (15, 40, 30, 15) if minor else (30, 40, 22, 8)
    return rng.choices((Risk.LOW, Risk.MEDIUM, Risk.HIGH, Risk.CRITICAL), weights=weights)[0]


def notes_for(
    *, rng: random.Random, sexual_exploitation: bool, health: bool
) -> list[tuple[str, str]]:
    """0..4 notes in the sections this case has."""
    sections = [Section.GENERAL, Section.GENERAL, Section.COUNSELLING, Section.LEGAL]
    if health:
        sections.append(Section.HEALTH)
    if sexual_exploitation:
        sections.append(Section.SEXUAL_EXPLOITATION)
    count = rng.choices((0, 1, 2, 3, 4), weights=(30, 40, 20, 7, 3))[0]
    return [(section, rng.choice(NOTES[section])) for section in rng.sample(sections, count)]
