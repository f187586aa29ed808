"""A case is one survivor's journey; its timeline of dated events is what indicators count."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mukti.accounts.models import Office, Team
from mukti.accounts.roles import Section
from mukti.core.fields import EncryptedTextField
from mukti.core.models import BaseModel
from mukti.people.models import Person


class Stage(models.TextChoices):
    IDENTIFIED = "identified", _("Identified")
    IN_CARE = "in_care", _("In care")
    REPATRIATION = "repatriation", _("Repatriation")
    REINTEGRATION = "reintegration", _("Reintegration")
    FOLLOW_UP = "follow_up", _("Follow-up")


class Status(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Risk(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    CRITICAL = "critical", _("Critical")


class Case(BaseModel):
    number = models.CharField(_("case number"), max_length=40, unique=True)
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="cases")
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, null=True, blank=True, related_name="cases"
    )
    survivor = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="cases")
    opened_on = models.DateField(_("opened on"))
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    risk = models.CharField(_("risk"), max_length=10, choices=Risk.choices, default=Risk.MEDIUM)
    involves_sexual_exploitation = models.BooleanField(
        _("involves sexual exploitation"), default=False
    )
    has_health_information = models.BooleanField(_("holds health information"), default=False)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closing_reason = EncryptedTextField(_("reason for closing"), blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        indexes = [
            models.Index(fields=["office", "-created_at"], name="case_office_recent"),
            models.Index(fields=["team", "-created_at"], name="case_team_recent"),
            models.Index(fields=["-created_at", "-id"], name="case_recent"),
            models.Index(fields=["stage", "-created_at"], name="case_stage_recent"),
            models.Index(fields=["risk", "-created_at"], name="case_risk_recent"),
            models.Index(fields=["status", "-created_at"], name="case_status_recent"),
        ]
        constraints = [
            models.CheckConstraint(
                name="closed_case_has_date",
                condition=~models.Q(status="closed") | models.Q(closed_on__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return self.number


class ExploitationProfile(BaseModel):
    """The exploitation in HTCDS v2 / CTDC terms; lists hold the standards' value names."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="exploitation")
    types = models.JSONField(_("types of exploitation"), default=list, blank=True)
    sector = models.CharField(_("sector (ISIC Rev.4 section)"), max_length=1, blank=True)
    recruitment = models.JSONField(_("method of recruitment"), default=list, blank=True)
    means_of_control = models.JSONField(_("means of control"), default=list, blank=True)
    countries_of_origin = models.JSONField(_("countries of origin"), default=list, blank=True)
    countries_of_transit = models.JSONField(_("countries of transit"), default=list, blank=True)
    countries_of_exploitation = models.JSONField(
        _("countries of exploitation"), default=list, blank=True
    )
    history = HistoricalRecords()


class CaseAssignment(BaseModel):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="assignments")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_assignments"
    )
    is_lead = models.BooleanField(_("lead worker"), default=False)
    ended_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        indexes = [models.Index(fields=["user", "ended_at", "case"])]


class CaseShare(BaseModel):
    """One case shared, for a stated reason, with a user or a team outside its usual scope."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="shares")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="case_shares",
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, null=True, blank=True, related_name="case_shares"
    )
    reason = EncryptedTextField(_("reason"))
    revoked_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        indexes = [
            models.Index(fields=["user", "revoked_at", "case"]),
            models.Index(fields=["team", "revoked_at", "case"]),
        ]
        constraints = [
            models.CheckConstraint(
                name="share_names_user_or_team",
                condition=models.Q(user__isnull=False, team__isnull=True)
                | models.Q(user__isnull=True, team__isnull=False),
            )
        ]


class EventKind(models.TextChoices):
    """What happened in a survivor's journey. Indicators count these."""

    OPENED = "opened", _("Case opened")
    IDENTIFIED = "identified", _("Identified as a victim")
    REMOVED_FROM_EXPLOITATION = "removed_from_exploitation", _("Removed from exploitation")
    SCREENED = "screened", _("Screened for trafficking indicators")
    SHELTERED = "sheltered", _("Sheltered")
    REFERRED = "referred", _("Referred")
    CARE_PLAN = "care_plan", _("Care plan agreed or reviewed")
    SERVICE_DELIVERED = "service_delivered", _("Service delivered")
    FOLLOW_UP = "follow_up", _("Follow-up")
    ASSESSMENT = "assessment", _("Assessment")
    INCOME_RECORDED = "income_recorded", _("Household income recorded")
    REINTEGRATION_STAGE = "reintegration_stage", _("Reintegration stage reached")
    PEER_MENTORING = "peer_mentoring", _("Peer mentoring")
    MATCHED_TO_MISSING_REPORT = "matched_to_missing_report", _("Matched to a missing-person report")
    FAMILY_TRACED = "family_traced", _("Family traced")
    REPATRIATION_STEP = "repatriation_step", _("Repatriation step done")
    REPATRIATED = "repatriated", _("Repatriated")
    REUNITED = "reunited", _("Reunited with family")
    LEGAL_CASE_FILED = "legal_case_filed", _("Legal case filed")
    ENGAGED_WITH_POLICE = "engaged_with_police", _("Engaged with police investigation")
    HEARING = "hearing", _("Court hearing")
    TESTIFIED = "testified", _("Testified")
    VERDICT = "verdict", _("Verdict")
    RE_TRAFFICKED = "re_trafficked", _("Re-trafficked")
    STAGE_CHANGED = "stage_changed", _("Stage changed")
    CLOSED = "closed", _("Case closed")
    REOPENED = "reopened", _("Case reopened")


class CaseEvent(BaseModel):
    """A dated step of the journey, dated by when it happened, not when it was typed.

    Events are not edited: a wrong one is superseded by a correction, so counts stay auditable.
    """

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("what happened"), max_length=40, choices=EventKind.choices)
    happened_on = models.DateField(_("date it happened"))
    summary = EncryptedTextField(_("summary"), blank=True)
    source_type = models.CharField(max_length=60, blank=True)
    source_id = models.UUIDField(null=True, blank=True)
    superseded_by = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-happened_on", "-created_at"]
        indexes = [
            models.Index(fields=["case", "-happened_on"], name="event_case_timeline"),
            models.Index(fields=["kind", "happened_on"], name="event_kind_date"),
        ]


class Note(BaseModel):
    """A note on a case; restricted sections are readable only by the roles that need them."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="notes")
    section = models.CharField(
        _("section"), max_length=30, choices=Section.choices, default=Section.GENERAL
    )
    body = EncryptedTextField(_("note"))
    archived_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["case", "section", "-created_at"])]


class Attachment(BaseModel):
    """A document or photo; its name and content are encrypted at rest."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="attachments")
    section = models.CharField(
        _("section"), max_length=30, choices=Section.choices, default=Section.GENERAL
    )
    filename = EncryptedTextField(_("file name"))
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(max_length=64, editable=False)
    archived_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]


class AttachmentContent(models.Model):
    """The sealed bytes, apart from the metadata so that lists never load them."""

    attachment = models.OneToOneField(
        Attachment, on_delete=models.PROTECT, primary_key=True, related_name="content"
    )
    sealed = models.BinaryField()


class CaseNumberSequence(models.Model):
    """The last case number given per office and year (locked while a number is taken)."""

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["office", "year"], name="case_sequence_unique")
        ]
