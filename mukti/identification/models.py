"""Identification: rescue and interception operations, victim-identification screenings
against an indicator checklist, and referrals (shelter, police, the UK NRM, others)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mukti.accounts.models import Office
from mukti.cases.models import Case
from mukti.core.fields import EncryptedTextField
from mukti.core.geography import COUNTRY_CHOICES
from mukti.core.models import BaseModel

# A minor is under this age on the day that matters (the operation, the screening).
ADULT_AGE = 18

# --- rescue and interception operations ---------------------------------------------------


class OperationKind(models.TextChoices):
    RESCUE = "rescue", _("Rescue or raid")
    INTERCEPTION = "interception", _("Interception in transit or at a border")


class Agency(models.TextChoices):
    POLICE = "police", _("Police")
    BORDER_GUARDS_BANGLADESH = "bgb", _("Border Guards Bangladesh")
    UK_BORDER_FORCE = "uk_border_force", _("UK Border Force")
    NGO = "ngo", _("A non-governmental organisation")
    PARTNER = "partner", _("A partner organisation")
    OTHER = "other", _("Other")


# The agencies whose name the user must give, because the choice alone says too little.
AGENCIES_NEEDING_A_NAME = {Agency.NGO, Agency.PARTNER, Agency.OTHER}


class RescueOperation(BaseModel):
    """A rescue, raid or interception in which people were removed from exploitation.

    It belongs to an office, not to a case: one operation can free many people, each of
    whom has (or gets) a case of their own.
    """

    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="rescue_operations", verbose_name=_("office")
    )
    kind = models.CharField(_("kind of operation"), max_length=20, choices=OperationKind.choices)
    operation_on = models.DateField(_("date of the operation"))
    country = models.CharField(_("country"), max_length=2, choices=COUNTRY_CHOICES)
    district = models.CharField(_("district"), max_length=100, blank=True)
    # A brothel's street or a factory's name can lead back to survivors: encrypted.
    place = EncryptedTextField(_("place"), blank=True)
    agency = models.CharField(_("agency"), max_length=20, choices=Agency.choices)
    agency_name = models.CharField(_("agency name"), max_length=200, blank=True)
    reference = models.CharField(_("operation reference"), max_length=100, blank=True)
    notes = EncryptedTextField(_("notes"), blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        indexes = [
            models.Index(fields=["office", "-operation_on", "-id"], name="rescue_office_recent"),
            models.Index(fields=["agency", "-operation_on"], name="rescue_agency_recent"),
            models.Index(fields=["-operation_on", "-id"], name="rescue_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.operation_on:%Y-%m-%d}"

    @property
    def agency_label(self) -> str:
        """The agency as a reader would name it: its name if given, else the kind."""
        return self.agency_name or str(self.get_agency_display())


class RescuedPerson(BaseModel):
    """One person removed from exploitation in an operation, through their case."""

    operation = models.ForeignKey(RescueOperation, on_delete=models.PROTECT, related_name="persons")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="rescues")
    # Age on the day of the operation, from the birth date or the estimate (None: unknown).
    age_at_operation = models.PositiveSmallIntegerField(_("age at the operation"), null=True)
    is_minor = models.BooleanField(_("a minor at the operation"), null=True)
    opened_case = models.BooleanField(_("case opened at the operation"), default=False)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["operation", "case"], name="rescued_once_per_operation")
        ]
        indexes = [models.Index(fields=["case"], name="rescued_person_case")]


# --- victim-identification screening -----------------------------------------------------


class Dimension(models.TextChoices):
    """The six elements of the trafficking definition the Delphi indicators are grouped by."""

    DECEPTIVE_RECRUITMENT = "deceptive_recruitment", _("Deceptive recruitment")
    COERCIVE_RECRUITMENT = "coercive_recruitment", _("Coercive recruitment")
    ABUSE_OF_VULNERABILITY = "abuse_of_vulnerability", _("Recruitment by abuse of vulnerability")
    EXPLOITATIVE_CONDITIONS = "exploitative_conditions", _("Exploitative conditions of work")
    COERCION_AT_DESTINATION = "coercion_at_destination", _("Coercion at destination")
    ABUSE_OF_VULNERABILITY_AT_DESTINATION = (
        "abuse_of_vulnerability_at_destination",
        _("Abuse of vulnerability at destination"),
    )


class Strength(models.TextChoices):
    STRONG = "strong", _("Strong")
    MEDIUM = "medium", _("Medium")
    WEAK = "weak", _("Weak")


class ScreeningRule(models.TextChoices):
    """How a checklist's observed indicators suggest an outcome (see screening_rules.py)."""

    NONE = "none", _("No rule: the screener judges")
    DELPHI_2009 = "delphi_2009", _("ILO/EC Delphi combination rule (2009)")


class Audience(models.TextChoices):
    ANYONE = "anyone", _("Anyone")
    ADULTS = "adults", _("Adults (18 and over)")
    CHILDREN = "children", _("Children (under 18)")


class IndicatorSet(BaseModel):
    """A checklist of indicators a screener ticks; configuration as data (admin, command)."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    source = models.TextField(_("source"), blank=True)
    rule = models.CharField(
        _("rule"), max_length=20, choices=ScreeningRule.choices, default=ScreeningRule.NONE
    )
    audience = models.CharField(
        _("for whom"), max_length=10, choices=Audience.choices, default=Audience.ANYONE
    )
    is_active = models.BooleanField(_("in use"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        # Shipped sets' names are in the catalogue; a set an organisation adds shows as typed.
        return gettext(self.name)


class Indicator(BaseModel):
    indicator_set = models.ForeignKey(
        IndicatorSet, on_delete=models.PROTECT, related_name="indicators"
    )
    code = models.SlugField(_("code"), max_length=80)
    dimension = models.CharField(
        _("dimension"), max_length=40, choices=Dimension.choices, blank=True
    )
    label = models.CharField(_("indicator"), max_length=300)
    strength = models.CharField(
        _("strength"),
        max_length=10,
        choices=Strength.choices,
        blank=True,
        help_text=_("Empty when the list does not grade its indicators."),
    )
    # An answer to this indicator says the person was sexually exploited: it is shown only to
    # roles that may read the sexual-exploitation section.
    reveals_sexual_exploitation = models.BooleanField(
        _("reveals sexual exploitation"), default=False
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["indicator_set", "order"]
        constraints = [
            models.UniqueConstraint(fields=["indicator_set", "code"], name="indicator_code_unique")
        ]

    def __str__(self) -> str:
        return self.display_label

    @property
    def display_label(self) -> str:
        return gettext(self.label)


class Outcome(models.TextChoices):
    PRESUMED_VICTIM = "presumed_victim", _("Presumed victim of trafficking")
    NOT_A_VICTIM = "not_a_victim", _("Not a victim of trafficking")
    NEEDS_MORE_ASSESSMENT = "needs_more_assessment", _("Needs more assessment")


class Screening(BaseModel):
    """A victim-identification screening of a case's survivor against one checklist."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="screenings")
    screened_on = models.DateField(_("date of the screening"))
    screener = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("screener"),
    )
    indicator_set = models.ForeignKey(
        IndicatorSet, on_delete=models.PROTECT, related_name="+", verbose_name=_("checklist")
    )
    outcome = models.CharField(_("outcome"), max_length=30, choices=Outcome.choices)
    outcome_reason = EncryptedTextField(_("reason for the outcome"))
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-screened_on", "-created_at"]
        indexes = [models.Index(fields=["case", "-screened_on"], name="screening_case_recent")]


class ObservedIndicator(models.Model):
    """An indicator the screener observed. Its strength is kept as it was on the day, so a
    later change to the checklist does not rewrite past screenings. Unticked later, it is
    withdrawn, not deleted.

    An answer is written with its screening, whose version guards both and whose history
    says who changed them when; so, unlike other records, it has no audit columns of its
    own (three indexes fewer on the most numerous table of this app).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    screening = models.ForeignKey(Screening, on_delete=models.PROTECT, related_name="observed")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    strength = models.CharField(max_length=10, choices=Strength.choices, blank=True)
    reveals_sexual_exploitation = models.BooleanField(default=False)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["screening", "indicator"],
                condition=Q(withdrawn_at__isnull=True),
                name="indicator_observed_once",
            )
        ]


# --- referrals ----------------------------------------------------------------------------


class ReferralKind(models.TextChoices):
    SHELTER = "shelter", _("To a shelter")
    POLICE = "police", _("To the police")
    UK_NRM = "uk_nrm", _("To the UK National Referral Mechanism")
    OTHER_ORGANISATION = "other_organisation", _("To another organisation")


class ReferralStatus(models.TextChoices):
    MADE = "made", _("Made")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    COMPLETED = "completed", _("Completed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Where a referral may go from each status; the last three are final.
REFERRAL_TRANSITIONS: dict[str, frozenset[str]] = {
    ReferralStatus.MADE: frozenset(
        {ReferralStatus.ACCEPTED, ReferralStatus.DECLINED, ReferralStatus.WITHDRAWN}
    ),
    ReferralStatus.ACCEPTED: frozenset({ReferralStatus.COMPLETED, ReferralStatus.WITHDRAWN}),
    ReferralStatus.DECLINED: frozenset(),
    ReferralStatus.COMPLETED: frozenset(),
    ReferralStatus.WITHDRAWN: frozenset(),
}
# The status whose date is the answer (accepted, declined) or the end (completed, withdrawn).
ANSWERED = {ReferralStatus.ACCEPTED, ReferralStatus.DECLINED}
ENDED = {ReferralStatus.COMPLETED, ReferralStatus.WITHDRAWN}


class Decision(models.TextChoices):
    """A UK NRM competent authority's reasonable-grounds or conclusive-grounds decision."""

    POSITIVE = "positive", _("Positive")
    NEGATIVE = "negative", _("Negative")


class Referral(BaseModel):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="referrals")
    kind = models.CharField(_("referred"), max_length=30, choices=ReferralKind.choices)
    # Shelter addresses are kept secret: who the referral went to is encrypted.
    referred_to = EncryptedTextField(_("referred to"), blank=True)
    referred_on = models.DateField(_("date of the referral"))
    status = models.CharField(
        _("status"), max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.MADE
    )
    answered_on = models.DateField(_("date accepted or declined"), null=True, blank=True)
    ended_on = models.DateField(_("date completed or withdrawn"), null=True, blank=True)
    # The UK National Referral Mechanism's two decisions.
    reasonable_grounds = models.CharField(
        _("reasonable-grounds decision"), max_length=10, choices=Decision.choices, blank=True
    )
    reasonable_grounds_on = models.DateField(
        _("date of the reasonable-grounds decision"), null=True, blank=True
    )
    conclusive_grounds = models.CharField(
        _("conclusive-grounds decision"), max_length=10, choices=Decision.choices, blank=True
    )
    conclusive_grounds_on = models.DateField(
        _("date of the conclusive-grounds decision"), null=True, blank=True
    )
    notes = EncryptedTextField(_("notes"), blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-referred_on", "-created_at"]
        indexes = [
            models.Index(fields=["case", "-referred_on"], name="referral_case_recent"),
            models.Index(fields=["kind", "status", "referred_on"], name="referral_kind_status"),
        ]
        constraints = [
            models.CheckConstraint(
                name="referral_answered_after_made",
                condition=Q(answered_on__isnull=True) | Q(answered_on__gte=F("referred_on")),
            ),
            models.CheckConstraint(
                name="referral_ended_after_made",
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("referred_on")),
            ),
            models.CheckConstraint(
                name="reasonable_grounds_after_referral",
                condition=Q(reasonable_grounds_on__isnull=True)
                | Q(reasonable_grounds_on__gte=F("referred_on")),
            ),
            models.CheckConstraint(
                name="conclusive_after_reasonable_grounds",
                condition=Q(conclusive_grounds_on__isnull=True)
                | Q(
                    reasonable_grounds="positive",
                    reasonable_grounds_on__isnull=False,
                    conclusive_grounds_on__gte=F("reasonable_grounds_on"),
                ),
            ),
            models.CheckConstraint(
                name="nrm_decisions_only_on_nrm_referrals",
                condition=Q(kind="uk_nrm")
                | Q(reasonable_grounds="", conclusive_grounds="")
                & Q(reasonable_grounds_on__isnull=True, conclusive_grounds_on__isnull=True),
            ),
        ]

    @property
    def is_nrm(self) -> bool:
        return self.kind == ReferralKind.UK_NRM

    @property
    def days_to_reasonable_grounds(self) -> int | None:
        """Calendar days from the referral to the reasonable-grounds decision (the competent
        authority aims at five working days)."""
        if self.reasonable_grounds_on is None:
            return None
        return (self.reasonable_grounds_on - self.referred_on).days
