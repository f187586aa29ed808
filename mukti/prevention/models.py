"""Prevention work: awareness sessions, trainings of frontline professionals and campaigns.

None of it identifies anyone. A participant list holds codes, sex, age group and role only;
what people learned is measured by a knowledge test before and after the activity. Free text
(title, venue, organiser, partners, notes) is still encrypted, as every free text is.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mukti.accounts.models import Office
from mukti.core.fields import EncryptedTextField
from mukti.core.geography import COUNTRY_CHOICES
from mukti.core.models import BaseModel
from mukti.people.models import Sex


class ActivityType(models.TextChoices):
    AWARENESS_SESSION = "awareness_session", _("Awareness session")
    TRAINING = "training", _("Training of frontline professionals")
    CAMPAIGN = "campaign", _("Campaign")


class Profession(models.TextChoices):
    """Who a training trained (the "frontline professionals trained" indicator)."""

    POLICE = "police", _("Police")
    BORDER_GUARDS = "border_guards", _("Border guards")
    PROSECUTORS = "prosecutors", _("Prosecutors")
    SOCIAL_WORKERS = "social_workers", _("Social workers")
    LABOUR_INSPECTORS = "labour_inspectors", _("Labour inspectors")
    OTHER = "other", _("Other professionals")


class Channel(models.TextChoices):
    TELEVISION = "television", _("Television")
    RADIO = "radio", _("Radio")
    ONLINE = "online", _("Online")
    PRINTED = "printed", _("Printed")


class ReachVerification(models.TextChoices):
    """How a campaign's reach was established; an estimate alone is not verified."""

    SURVEY = "survey", _("Survey")
    FOCUS_GROUPS = "focus_groups", _("Focus groups")
    BROADCASTER_FIGURES = "broadcaster_figures", _("Broadcaster figures")
    PLATFORM_ANALYTICS = "platform_analytics", _("Platform analytics")
    ESTIMATE = "estimate", _("Our own estimate (not verified)")


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class AgeGroup(models.TextChoices):
    UNDER_18 = "under_18", _("Under 18")
    FROM_18_TO_24 = "18_24", _("18 to 24")
    FROM_25_TO_34 = "25_34", _("25 to 34")
    FROM_35_TO_49 = "35_49", _("35 to 49")
    FROM_50 = "50_plus", _("50 or older")
    UNKNOWN = "unknown", _("Not known")


# The audience types every installation starts with (see migration 0002); their names are
# translated. An organisation adds its own in the admin site, named in its own words.
DEFAULT_AUDIENCE_TYPES: dict[str, Promise] = {
    "garment_factory_workers": _("Garment-factory workers"),
    "community_leaders": _("Community leaders"),
    "border_guards": _("Border guards"),
    "police": _("Police"),
    "students": _("Students"),
    "migrants": _("Migrants and would-be migrants"),
    "general_public": _("General public"),
    "others": _("Others"),
}


class AudienceType(BaseModel):
    """Who an activity was for: a configurable list (configuration as data)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    is_active = models.BooleanField(_("offered in forms"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return str(self.label)

    @property
    def label(self) -> str | Promise:
        return DEFAULT_AUDIENCE_TYPES.get(self.code, self.name)


class Activity(BaseModel):
    """One awareness session, training or campaign, run by an office."""

    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="prevention_activities"
    )
    activity_type = models.CharField(_("type"), max_length=20, choices=ActivityType.choices)
    title = EncryptedTextField(_("title"))
    status = models.CharField(
        _("status"), max_length=10, choices=ActivityStatus.choices, default=ActivityStatus.DONE
    )
    # What a cancelled activity was before, so that restoring it puts it back.
    status_before_cancel = models.CharField(
        max_length=10, choices=ActivityStatus.choices, blank=True, editable=False
    )
    cancellation_reason = EncryptedTextField(_("reason for cancelling"), blank=True)

    starts_on = models.DateField(_("date"))
    ends_on = models.DateField(_("end date"), null=True, blank=True)
    # The day an activity counts on in figures: its last day (a campaign's reach is
    # measured when it ends). Set by the services, indexed for period queries.
    counted_on = models.DateField(editable=False)

    country = models.CharField(_("country"), max_length=2, choices=COUNTRY_CHOICES)
    district = models.CharField(_("district"), max_length=100, blank=True)
    venue = EncryptedTextField(_("venue"), blank=True)

    audience_type = models.ForeignKey(
        AudienceType,
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("audience"),
    )
    profession = models.CharField(
        _("profession trained"), max_length=20, choices=Profession.choices, blank=True
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices, blank=True)
    organiser = EncryptedTextField(_("organiser"))
    partners = EncryptedTextField(_("partners"), blank=True)

    participants_total = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    participants_female = models.PositiveIntegerField(_("women and girls"), null=True, blank=True)
    participants_male = models.PositiveIntegerField(_("men and boys"), null=True, blank=True)
    participants_other = models.PositiveIntegerField(_("other or not known"), null=True, blank=True)
    has_participant_list = models.BooleanField(default=False, editable=False)

    score_maximum = models.DecimalField(
        _("maximum test score"), null=True, blank=True, max_digits=7, decimal_places=2
    )
    # Per participant: computed from the list, over those who took both tests.
    scores_per_participant = models.BooleanField(default=False, editable=False)
    pre_test_average = models.DecimalField(
        _("average score before"), null=True, blank=True, max_digits=7, decimal_places=2
    )
    post_test_average = models.DecimalField(
        _("average score after"), null=True, blank=True, max_digits=7, decimal_places=2
    )
    tested_count = models.PositiveIntegerField(
        _("participants who took both tests"), null=True, blank=True
    )
    improved_count = models.PositiveIntegerField(
        _("participants whose score improved"), null=True, blank=True
    )

    reach = models.PositiveBigIntegerField(_("people reached"), null=True, blank=True)
    reach_verification = models.JSONField(_("how the reach was verified"), default=list, blank=True)
    reach_note = EncryptedTextField(_("note on the reach"), blank=True)
    # Backed by something other than our own estimate; set by the services.
    reach_verified = models.BooleanField(default=False, editable=False)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-starts_on", "-id"]
        indexes = [
            models.Index(fields=["-starts_on", "-id"], name="activity_recent"),
            models.Index(fields=["office", "-starts_on", "-id"], name="activity_office_recent"),
            # Figures for a period: done activities by the day they count on.
            models.Index(fields=["status", "counted_on", "office"], name="activity_counted"),
            models.Index(
                fields=["activity_type", "-starts_on", "-id"], name="activity_type_recent"
            ),
            models.Index(
                fields=["audience_type", "-starts_on", "-id"], name="activity_audience_recent"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                name="activity_ends_after_it_starts",
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
            ),
            models.CheckConstraint(
                name="activity_improved_within_tested",
                condition=models.Q(improved_count__isnull=True)
                | models.Q(improved_count__lte=models.F("tested_count")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_activity_type_display()} {self.starts_on:%Y-%m-%d}"

    @property
    def is_campaign(self) -> bool:
        return self.activity_type == ActivityType.CAMPAIGN

    @property
    def mean_change(self) -> Decimal | None:
        """How much the average score rose between the tests (negative: it fell)."""
        if self.pre_test_average is None or self.post_test_average is None:
            return None
        return self.post_test_average - self.pre_test_average

    @property
    def improved_share(self) -> float | None:
        """The share of tested participants whose score rose (0 to 1)."""
        if not self.tested_count or self.improved_count is None:
            return None
        return self.improved_count / self.tested_count

    def verification_labels(self) -> list[str]:
        known = dict(ReachVerification.choices)
        return [str(known.get(code, code)) for code in self.reach_verification]


class Participant(BaseModel):
    """Someone who took part, known by a code only: never a name, phone or address."""

    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="participants")
    code = models.CharField(_("participant code"), max_length=40)
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)
    age_group = models.CharField(
        _("age group"), max_length=10, choices=AgeGroup.choices, default=AgeGroup.UNKNOWN
    )
    role = models.CharField(_("role or organisation type"), max_length=100, blank=True)
    pre_score = models.DecimalField(
        _("score before"), null=True, blank=True, max_digits=7, decimal_places=2
    )
    post_score = models.DecimalField(
        _("score after"), null=True, blank=True, max_digits=7, decimal_places=2
    )
    # Taken off the list by an edit; kept (nothing is deleted) and back if listed again.
    removed_at = models.DateTimeField(null=True, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "code"], name="participant_code_unique_in_activity"
            )
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def improved(self) -> bool | None:
        if self.pre_score is None or self.post_score is None:
            return None
        return self.post_score > self.pre_score
