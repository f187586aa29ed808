"""What the aftercare demo writes: places, providers, costs, goals and needs in plain words
(naming nobody), and the seed report's figures it follows."""

from __future__ import annotations

from mukti.aftercare.models import Domain, FollowUpOutcome, ServiceKind

WINDOW_DAYS = 730
BANGLADESH = ("BD-KHU", "BD-JSR")
# The Bangladesh offices' phone programme: calls every week or so for six months to this
# many survivors at most (the seed report: 8,262 calls to 300+ survivors in six months).
PHONE_PROGRAMME_SURVIVORS = 350
PHONE_PROGRAMME_DAYS = 182
CURRENCY = {"BD": "BDT", "IN": "INR", "TH": "THB", "GB": "GBP", "RO": "RON"}
# A household's monthly income at intake, per currency (low, high).
INCOME_RANGE = {
    "BDT": (2000, 9000),
    "INR": (3000, 12000),
    "THB": (4000, 12000),
    "GBP": (600, 1600),
    "RON": (1200, 3500),
}
PER_BDT = {"BDT": 1, "INR": 0.7, "THB": 0.3, "GBP": 0.0075, "RON": 0.04}
PROVIDERS: dict[str, tuple[str, ...]] = {
    ServiceKind.COUNSELLING: ("Mukti counselling team", "Partner psychosocial service"),
    ServiceKind.MEDICAL_CARE: ("Upazila Health Complex", "District hospital", "GP surgery"),
    ServiceKind.LEGAL_AID: ("Legal aid panel lawyer", "Victim Navigator"),
    ServiceKind.LIFE_SKILLS: ("Mukti life-skills group",),
    ServiceKind.EDUCATION: ("Government primary school", "Non-formal education centre"),
    ServiceKind.VOCATIONAL_TRAINING: ("Technical training centre", "Tailoring course"),
    ServiceKind.JOB_PLACEMENT: ("Garment factory", "Local employer"),
    ServiceKind.SMALL_BUSINESS: ("Small business grant", "Livestock grant"),
    ServiceKind.SHELTER: ("Government shelter home", "Partner safe house"),
    ServiceKind.EMERGENCY_RELIEF: ("Emergency food service", "Cyclone response"),
}
# Cost in taka (other currencies scaled); counselling is free.
COST_RANGE: dict[str, tuple[int, int]] = {
    ServiceKind.COUNSELLING: (0, 0),
    ServiceKind.MEDICAL_CARE: (300, 6000),
    ServiceKind.LEGAL_AID: (0, 3000),
    ServiceKind.LIFE_SKILLS: (0, 1500),
    ServiceKind.EDUCATION: (500, 4000),
    ServiceKind.VOCATIONAL_TRAINING: (3000, 15000),
    ServiceKind.JOB_PLACEMENT: (0, 2000),
    ServiceKind.SMALL_BUSINESS: (10000, 40000),
    ServiceKind.SHELTER: (2000, 12000),
    ServiceKind.EMERGENCY_RELIEF: (1500, 6000),
}
SERVICE_WEIGHTS: dict[str, int] = {
    ServiceKind.COUNSELLING: 18,
    ServiceKind.MEDICAL_CARE: 14,
    ServiceKind.LEGAL_AID: 10,
    ServiceKind.LIFE_SKILLS: 12,
    ServiceKind.EDUCATION: 8,
    ServiceKind.VOCATIONAL_TRAINING: 8,
    ServiceKind.JOB_PLACEMENT: 4,
    ServiceKind.SMALL_BUSINESS: 5,
    ServiceKind.SHELTER: 6,
}
GOALS: dict[str, tuple[str, ...]] = {
    Domain.SAFETY: ("Safety plan agreed with the family", "No contact from the recruiter"),
    Domain.LEGAL_PROTECTION: ("Understands the court process", "National ID card issued"),
    Domain.MENTAL_WELLBEING: ("Sleeps through most nights", "Attends counselling regularly"),
    Domain.PHYSICAL_HEALTH: ("Completes the course of treatment", "Antenatal care attended"),
    Domain.ECONOMIC_EMPOWERMENT: ("Completes tailoring training", "Earns a regular income"),
    Domain.SOCIAL_SUPPORT: ("Joins the survivors' group", "Reconciled with her mother"),
}
NEEDS: dict[str, str] = {
    Domain.SAFETY: "Recruiter still lives in the area",
    Domain.LEGAL_PROTECTION: "Needs support to testify",
    Domain.MENTAL_WELLBEING: "Nightmares and fear of travelling",
    Domain.PHYSICAL_HEALTH: "Untreated injuries",
    Domain.ECONOMIC_EMPOWERMENT: "No income; wants to learn a trade",
    Domain.SOCIAL_SUPPORT: "Stigma in the village",
}
FOLLOW_UP_NOTES = (
    "Family under pressure from a money lender",
    "Asked about going back to school",
    "Health advice given; food parcel arranged",
)
OUTCOMES = (
    FollowUpOutcome.DOING_WELL,
    FollowUpOutcome.NEEDS_SUPPORT,
    FollowUpOutcome.AT_RISK,
    FollowUpOutcome.NOT_REACHED,
)
OUTCOME_WEIGHTS = (55, 28, 5, 12)
