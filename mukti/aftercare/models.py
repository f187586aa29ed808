"""Aftercare: what a survivor is helped with after removal from exploitation, and how they
are doing. Care plans, services, follow-ups, assessments, household income, reintegration,
peer mentoring and re-trafficking; each recorded step adds its event to the case timeline.

Free text (needs, goals, notes, details) is encrypted. Nothing is deleted: planned work is
cancelled, records entered in error are archived, and both can be restored.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mukti.accounts.models import Office
from mukti.accounts.roles import Section
from mukti.aftercare.dass21 import BANDING, Band
from mukti.cases.models import Case
from mukti.core.fields import EncryptedTextField
from mukti.core.models import BaseModel
from mukti.people.models import Person


class Domain(models.TextChoices):
    """The six recovery domains (after IJM's Assessment of Survivor Outcomes)."""

    SAFETY = "safety", _("Safety")
    LEGAL_PROTECTION = "legal_protection", _("Legal protection")
    MENTAL_WELLBEING = "mental_wellbeing", _("Mental wellbeing")
    PHYSICAL_HEALTH = "physical_health", _("Physical health")
    ECONOMIC_EMPOWERMENT = "economic_empowerment", _("Economic empowerment and education")
    SOCIAL_SUPPORT = "social_support", _("Social support")


class Currency(models.TextChoices):
    """The currencies of the organisation's countries (ISO 4217)."""

    BDT = "BDT", _("Bangladeshi taka (BDT)")
    INR = "INR", _("Indian rupee (INR)")
    THB = "THB", _("Thai baht (THB)")
    GBP = "GBP", _("Pound sterling (GBP)")
    RON = "RON", _("Romanian leu (RON)")
    EUR = "EUR", _("Euro (EUR)")
    USD = "USD", _("US dollar (USD)")


# The currency an office works in, offered first on its forms.
CURRENCY_OF_COUNTRY = {"BD": "BDT", "IN": "INR", "TH": "THB", "GB": "GBP", "RO": "RON"}


class AftercareRecord(BaseModel):
    """A record on one case that can be archived (entered in error) and restored."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)

    class Meta:
        abstract = True


# --- care plans ----------------------------------------------------------------------------


class NeedLevel(models.TextChoices):
    NONE = "none", _("No need now")
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class CarePlan(AftercareRecord):
    """The plan agreed with the survivor from a needs assessment across the six domains;
    one current plan per case, reviewed by its review date."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="care_plans")
    agreed_on = models.DateField(_("agreed on"))
    review_on = models.DateField(_("review due on"))
    summary = EncryptedTextField(_("summary"), blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(archived_at__isnull=True),
                name="one_current_care_plan_per_case",
            )
        ]
        indexes = [models.Index(fields=["case", "review_on"], name="care_plan_review")]


class CarePlanNeed(BaseModel):
    """What the needs assessment found in one domain."""

    plan = models.ForeignKey(CarePlan, on_delete=models.PROTECT, related_name="needs")
    domain = models.CharField(_("domain"), max_length=30, choices=Domain.choices)
    level = models.CharField(
        _("level of need"), max_length=10, choices=NeedLevel.choices, default=NeedLevel.NONE
    )
    description = EncryptedTextField(_("needs"), blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["plan", "domain"], name="one_need_per_plan_domain")
        ]


class GoalStatus(models.TextChoices):
    OPEN = "open", _("Working on it")
    ACHIEVED = "achieved", _("Achieved")
    DROPPED = "dropped", _("No longer pursued")


class CarePlanGoal(BaseModel):
    plan = models.ForeignKey(CarePlan, on_delete=models.PROTECT, related_name="goals")
    domain = models.CharField(_("domain"), max_length=30, choices=Domain.choices)
    description = EncryptedTextField(_("goal"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("owner"),
    )
    target_on = models.DateField(_("target date"))
    status = models.CharField(
        _("status"), max_length=10, choices=GoalStatus.choices, default=GoalStatus.OPEN
    )
    archived_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])


class CarePlanReview(BaseModel):
    plan = models.ForeignKey(CarePlan, on_delete=models.PROTECT, related_name="reviews")
    reviewed_on = models.DateField(_("reviewed on"))
    notes = EncryptedTextField(_("what the review found"), blank=True)
    next_review_on = models.DateField(_("next review due on"))
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-reviewed_on", "-created_at"]


# --- services delivered --------------------------------------------------------------------


class ServiceKind(models.TextChoices):
    COUNSELLING = "counselling", _("Counselling session")
    MEDICAL_CARE = "medical_care", _("Medical care")
    LEGAL_AID = "legal_aid", _("Legal aid")
    LIFE_SKILLS = "life_skills", _("Life-skills training")
    EDUCATION = "education", _("Education")
    VOCATIONAL_TRAINING = "vocational_training", _("Vocational training")
    JOB_PLACEMENT = "job_placement", _("Job placement")
    SMALL_BUSINESS = "small_business", _("Small-business support")
    SHELTER = "shelter", _("Shelter")
    EMERGENCY_RELIEF = "emergency_relief", _("Emergency relief")


class ReliefKind(models.TextChoices):
    FOOD = "food", _("Food")
    HYGIENE = "hygiene", _("Hygiene supplies")
    MEDICINE = "medicine", _("Medicine")
    HOME_REBUILD = "home_rebuild", _("Rebuilding a home")


# Restricted sections: counselling sessions and medical care are read only by roles that
# read those sections (a caseworker does not read counselling, a legal officer neither).
SERVICE_SECTIONS = {
    ServiceKind.COUNSELLING: Section.COUNSELLING,
    ServiceKind.MEDICAL_CARE: Section.HEALTH,
}
# Services that put a survivor into work or business: the seed report counts them.
LIVELIHOOD_SERVICES = (
    ServiceKind.VOCATIONAL_TRAINING,
    ServiceKind.JOB_PLACEMENT,
    ServiceKind.SMALL_BUSINESS,
)


def section_of_service(kind: str) -> str:
    return str(SERVICE_SECTIONS.get(kind, Section.GENERAL))  # type: ignore[call-overload]


class ServiceStatus(models.TextChoices):
    """A planned service is due by a date; it is then delivered or cancelled."""

    PLANNED = "planned", _("Planned")
    DELIVERED = "delivered", _("Delivered")
    CANCELLED = "cancelled", _("Cancelled")


class FollowUpStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class Household(BaseModel):
    """The household a survivor lives in, so that relief reaching it is counted once.

    Keyed to the survivor (a person, across all their cases) or, for an at-risk household
    without a case, to a reference the office gives it.
    """

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="+")
    survivor = models.OneToOneField(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="household"
    )
    reference = models.CharField(_("household reference"), max_length=40, blank=True)
    size = models.PositiveSmallIntegerField(_("people in the household"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="household_has_survivor_or_reference",
                condition=Q(survivor__isnull=False) | ~Q(reference=""),
            ),
            models.UniqueConstraint(
                fields=["office", "reference"],
                condition=~Q(reference=""),
                name="household_reference_unique_in_office",
            ),
        ]


class Service(AftercareRecord):
    # Indexed by the (case, status, due_on) index below, which starts with the case.
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="aftercare_services", db_index=False
    )
    kind = models.CharField(_("service"), max_length=30, choices=ServiceKind.choices)
    relief = models.CharField(
        _("kind of relief"), max_length=20, choices=ReliefKind.choices, blank=True
    )
    section = models.CharField(max_length=30, choices=Section.choices, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=ServiceStatus.choices, default=ServiceStatus.PLANNED
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    cost = models.DecimalField(_("cost"), max_digits=12, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices, blank=True)
    notes = EncryptedTextField(_("notes"), blank=True)
    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, null=True, blank=True, related_name="relief"
    )
    people_reached = models.PositiveSmallIntegerField(
        _("household members reached"), null=True, blank=True
    )
    cancellation_reason = EncryptedTextField(_("why it was cancelled"), blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # Overdue planned services of a worker's cases.
            models.Index(fields=["case", "status", "due_on"], name="service_case_status_due"),
            models.Index(fields=["kind", "delivered_on"], name="service_kind_delivered"),
        ]
        constraints = [
            models.CheckConstraint(
                name="service_dates_match_status",
                condition=(Q(status="planned") & Q(due_on__isnull=False))
                | (Q(status="delivered") & Q(delivered_on__isnull=False))
                | Q(status="cancelled"),
            ),
            models.CheckConstraint(
                name="relief_kind_only_for_relief",
                condition=(Q(kind="emergency_relief") & ~Q(relief=""))
                | (~Q(kind="emergency_relief") & Q(relief="")),
            ),
            models.CheckConstraint(
                name="service_cost_has_currency",
                condition=Q(cost__isnull=True) | ~Q(currency=""),
            ),
        ]


# --- follow-ups ----------------------------------------------------------------------------


class FollowUpKind(models.TextChoices):
    PHONE_CALL = "phone_call", _("Phone call")
    HOME_VISIT = "home_visit", _("Home visit")
    VIDEO_CALL = "video_call", _("Video call")


class FollowUpOutcome(models.TextChoices):
    DOING_WELL = "doing_well", _("Reached: doing well")
    NEEDS_SUPPORT = "needs_support", _("Reached: needs support")
    AT_RISK = "at_risk", _("Reached: at risk, act now")
    NOT_REACHED = "not_reached", _("Could not reach the survivor")


class FollowUp(AftercareRecord):
    """A contact with the survivor: planned for a due date, then done with an outcome."""

    # Indexed by the (case, status, due_on) index below, which starts with the case.
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="follow_ups", db_index=False
    )
    kind = models.CharField(_("kind"), max_length=20, choices=FollowUpKind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=FollowUpStatus.choices, default=FollowUpStatus.PLANNED
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=FollowUpOutcome.choices, blank=True
    )
    notes = EncryptedTextField(_("notes"), blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # The due-follow-ups queue: each of a worker's cases, its planned ones by date.
            models.Index(fields=["case", "status", "due_on"], name="follow_up_case_status_due"),
            models.Index(fields=["kind", "done_on"], name="follow_up_kind_done"),
        ]
        constraints = [
            models.CheckConstraint(
                name="follow_up_dates_match_status",
                condition=(Q(status="planned") & Q(due_on__isnull=False))
                | (Q(status="done") & Q(done_on__isnull=False) & ~Q(outcome=""))
                | Q(status="cancelled"),
            )
        ]


# --- assessments ---------------------------------------------------------------------------


class Dass21Assessment(AftercareRecord):
    """DASS-21, in the counselling section: the 21 answers as given, and the scores and
    bands computed from them with the banding rule named in `banding`."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="dass21_assessments")
    assessed_on = models.DateField(_("assessed on"))
    items = models.JSONField(_("answers to the 21 items"))
    depression = models.PositiveSmallIntegerField(_("depression"))
    anxiety = models.PositiveSmallIntegerField(_("anxiety"))
    stress = models.PositiveSmallIntegerField(_("stress"))
    depression_band = models.CharField(_("depression band"), max_length=20, choices=Band.choices)
    anxiety_band = models.CharField(_("anxiety band"), max_length=20, choices=Band.choices)
    stress_band = models.CharField(_("stress band"), max_length=20, choices=Band.choices)
    banding = models.CharField(max_length=30, default=BANDING, editable=False)
    notes = EncryptedTextField(_("notes"), blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-assessed_on", "-created_at"]
        indexes = [models.Index(fields=["case", "assessed_on"], name="dass21_case_date")]


class StableRule(models.TextChoices):
    EVERY_DOMAIN = "every_domain", _("Every domain at or above the threshold")
    MEAN = "mean", _("The mean of the domains at or above the threshold")


class RecoveryInstrument(BaseModel):
    """How recovery is scored per domain, and when a survivor counts as stable.

    Configuration as data: the scale and the "stable" threshold are rows an administrator
    changes, because the often-quoted rule (every domain at 3 or above on a 1-4 scale) is
    not published by the instrument's owner. An assessment keeps the instrument it used.
    """

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    scale_min = models.PositiveSmallIntegerField(_("lowest score"), default=1)
    scale_max = models.PositiveSmallIntegerField(_("highest score"), default=4)
    stable_threshold = models.DecimalField(
        _("stable threshold"), max_digits=4, decimal_places=1, default=Decimal("3.0")
    )
    stable_rule = models.CharField(
        _("stable when"), max_length=20, choices=StableRule.choices, default=StableRule.EVERY_DOMAIN
    )
    is_current = models.BooleanField(_("used for new assessments"), default=False)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"], condition=Q(is_current=True), name="one_current_instrument"
            ),
            models.CheckConstraint(
                name="instrument_scale_ordered", condition=Q(scale_min__lt=models.F("scale_max"))
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def is_stable(self, scores: dict[str, int]) -> bool:
        values = [Decimal(value) for value in scores.values()]
        if not values:
            return False
        if self.stable_rule == StableRule.MEAN:
            return sum(values) / len(values) >= self.stable_threshold
        return min(values) >= self.stable_threshold


# Score columns of a recovery assessment, in the order of the domains.
DOMAIN_FIELDS = tuple(domain.value for domain in Domain)


class RecoveryAssessment(AftercareRecord):
    """A score per recovery domain on the instrument's scale; stable by its rule."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="recovery_assessments")
    instrument = models.ForeignKey(RecoveryInstrument, on_delete=models.PROTECT, related_name="+")
    assessed_on = models.DateField(_("assessed on"))
    safety = models.PositiveSmallIntegerField(Domain.SAFETY.label)
    legal_protection = models.PositiveSmallIntegerField(Domain.LEGAL_PROTECTION.label)
    mental_wellbeing = models.PositiveSmallIntegerField(Domain.MENTAL_WELLBEING.label)
    physical_health = models.PositiveSmallIntegerField(Domain.PHYSICAL_HEALTH.label)
    economic_empowerment = models.PositiveSmallIntegerField(Domain.ECONOMIC_EMPOWERMENT.label)
    social_support = models.PositiveSmallIntegerField(Domain.SOCIAL_SUPPORT.label)
    is_stable = models.BooleanField(_("stable"), default=False)
    notes = EncryptedTextField(_("notes"), blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-assessed_on", "-created_at"]
        indexes = [models.Index(fields=["case", "assessed_on"], name="recovery_case_date")]

    def scores(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in DOMAIN_FIELDS}

    @property
    def lowest_score(self) -> int:
        return min(self.scores().values())

    @property
    def mean_score(self) -> Decimal:
        values = list(self.scores().values())
        return (Decimal(sum(values)) / len(values)).quantize(Decimal("0.1"))


# --- household income ----------------------------------------------------------------------


class IncomeSource(models.TextChoices):
    WAGES = "wages", _("Wages from a job")
    DAY_LABOUR = "day_labour", _("Day labour")
    SMALL_BUSINESS = "small_business", _("Own small business")
    AGRICULTURE = "agriculture", _("Farming or livestock")
    REMITTANCES = "remittances", _("Money sent by family")
    GOVERNMENT_SUPPORT = "government_support", _("Government support")
    OTHER = "other", _("Other")


class IncomeRecord(AftercareRecord):
    """The household's income per month at a date; the first is the baseline."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="income_records")
    recorded_on = models.DateField(_("date"))
    amount_per_month = models.DecimalField(_("income per month"), max_digits=12, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    sources = models.JSONField(_("sources of income"), default=list, blank=True)
    is_baseline = models.BooleanField(_("baseline"), default=False)
    notes = EncryptedTextField(_("notes"), blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-recorded_on", "-created_at"]
        indexes = [models.Index(fields=["case", "recorded_on"], name="income_case_date")]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(is_baseline=True, archived_at__isnull=True),
                name="one_income_baseline_per_case",
            ),
            models.CheckConstraint(
                name="income_not_negative", condition=Q(amount_per_month__gte=0)
            ),
        ]


# --- reintegration -------------------------------------------------------------------------


class ReintegrationStage(models.TextChoices):
    """In order: a survivor moves forward one stage at a time (a step back is recorded
    as such, with its reason)."""

    IN_SHELTER = "in_shelter", _("In shelter")
    RETURNED_HOME = "returned_home", _("Returned home")
    REINTEGRATING = "reintegrating", _("Reintegrating")
    ADVANCED_STAGE = "advanced_stage", _("Advanced stage of recovery")
    STABLE = "stable", _("Stable")


STAGE_ORDER = [stage.value for stage in ReintegrationStage]


class ReintegrationTransition(AftercareRecord):
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="reintegration_transitions"
    )
    stage = models.CharField(_("stage"), max_length=20, choices=ReintegrationStage.choices)
    reached_on = models.DateField(_("reached on"))
    is_step_back = models.BooleanField(_("a step back"), default=False)
    reason = EncryptedTextField(_("reason"), blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-reached_on", "-created_at"]
        indexes = [models.Index(fields=["case", "reached_on"], name="reintegration_case_date")]


# --- peer mentoring ------------------------------------------------------------------------


class PeerMentor(AftercareRecord):
    """A survivor far forward in recovery, trained to support those at the start of it."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    trained_on = models.DateField(_("trained on"))
    notes = EncryptedTextField(_("notes"), blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(archived_at__isnull=True),
                name="one_peer_mentor_per_case",
            )
        ]


class PeerMentorMatch(AftercareRecord):
    """A peer mentor matched with a survivor (the mentee's case)."""

    mentor = models.ForeignKey(PeerMentor, on_delete=models.PROTECT, related_name="matches")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="peer_mentor_matches")
    matched_on = models.DateField(_("matched on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-matched_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentor", "case"],
                condition=Q(archived_at__isnull=True, ended_on__isnull=True),
                name="one_open_match_per_mentor_and_mentee",
            )
        ]


class PeerMentoringSession(BaseModel):
    match = models.ForeignKey(PeerMentorMatch, on_delete=models.PROTECT, related_name="sessions")
    held_on = models.DateField(_("held on"))
    notes = EncryptedTextField(_("notes"), blank=True)
    archived_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-held_on", "-created_at"]


# --- re-trafficking ------------------------------------------------------------------------


class ReTraffickingIncident(AftercareRecord):
    """The survivor was trafficked again: the case is reopened if it was closed."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="re_trafficking")
    happened_on = models.DateField(_("date it happened"))
    details = EncryptedTextField(_("what happened"))
    reopened_case = models.BooleanField(default=False, editable=False)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-happened_on", "-created_at"]
