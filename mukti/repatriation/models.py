"""Cross-border repatriations: corridors with a versioned step template, and each survivor's
repatriation with its steps, documents and blockers.

A repatriation copies its corridor's template when it starts, so changing a template later
never rewrites the steps of repatriations already under way.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mukti.accounts.models import Office
from mukti.cases.models import Case, EventKind
from mukti.core.fields import EncryptedTextField
from mukti.core.geography import COUNTRIES, COUNTRY_CHOICES
from mukti.core.models import BaseModel
from mukti.repatriation.vocabulary import step_label


class Milestone(models.TextChoices):
    """What finishing a step means on the survivor's timeline."""

    STEP = "step", _("A step on the way")
    REPATRIATED = "repatriated", _("Repatriated: handed over in the home country")
    REUNITED = "reunited", _("Reunited with family")


# The timeline event each kind of step adds when it is done.
MILESTONE_EVENTS = {
    Milestone.STEP: EventKind.REPATRIATION_STEP,
    Milestone.REPATRIATED: EventKind.REPATRIATED,
    Milestone.REUNITED: EventKind.REUNITED,
}


class DocumentType(models.TextChoices):
    SHELTER_ORDER = "shelter_order", _("Shelter home or Child Welfare Committee order")
    PARTICULARS = "particulars", _("Particulars form with photographs")
    CONSENT_TO_RETURN = "consent_to_return", _("Consent to return")
    REFERRAL = "referral", _("Referral to the home country's authorities")
    NATIONALITY_CONFIRMATION = "nationality_confirmation", _("Nationality confirmation")
    HOME_INVESTIGATION_REPORT = "home_investigation_report", _("Home investigation report")
    RISK_ASSESSMENT = "risk_assessment", _("Risk assessment")
    TRAVEL_PERMIT = "travel_permit", _("Travel permit")
    TRAVEL_DOCUMENT = "travel_document", _("Passport or emergency travel document")
    REPATRIATION_ORDER = "repatriation_order", _("Repatriation order")
    HANDOVER_RECEIPT = "handover_receipt", _("Handover receipt")
    POLICE_ENTRY = "police_entry", _("Police station entry")
    RECEPTION_FORM = "reception_form", _("Reception form")
    FAMILY_ASSESSMENT = "family_assessment", _("Family assessment")
    OTHER = "other", _("Other document")


class Corridor(BaseModel):
    """A route home that the organisation repatriates survivors along, e.g. India to
    Bangladesh, with its current step template."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    from_country = models.CharField(_("from"), max_length=2, choices=COUNTRY_CHOICES)
    to_country = models.CharField(_("to"), max_length=2, choices=COUNTRY_CHOICES)
    # Tells apart two corridors between the same countries ("by air"); usually blank.
    qualifier = models.CharField(_("qualifier"), max_length=100, blank=True)
    is_active = models.BooleanField(_("in use"), default=True)
    current_template = models.ForeignKey(
        "StepTemplate", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """'India → Bangladesh' in the reader's language."""
        origin = COUNTRIES.get(self.from_country, ("", self.from_country))[1]
        home = COUNTRIES.get(self.to_country, ("", self.to_country))[1]
        label = f"{origin} → {home}"
        return f"{label} ({self.qualifier})" if self.qualifier else label


class StepTemplate(BaseModel):
    """One version of a corridor's ordered steps. Versions are never edited: a change makes
    a new version, and repatriations keep the steps they copied."""

    corridor = models.ForeignKey(Corridor, on_delete=models.PROTECT, related_name="templates")
    number = models.PositiveIntegerField(_("version"))

    class Meta:
        ordering = ["corridor", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["corridor", "number"], name="template_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.corridor.code} v{self.number}"


class TemplateStep(models.Model):
    template = models.ForeignKey(StepTemplate, on_delete=models.PROTECT, related_name="steps")
    position = models.PositiveSmallIntegerField(_("position"))
    key = models.SlugField(_("key"), max_length=60)
    name = models.CharField(_("step"), max_length=150)
    target_days = models.PositiveSmallIntegerField(_("target days"))
    milestone = models.CharField(
        _("on the timeline"), max_length=20, choices=Milestone.choices, default=Milestone.STEP
    )
    responsible_agency = models.CharField(_("responsible agency"), max_length=200, blank=True)
    documents = models.JSONField(_("documents"), default=list, blank=True)

    class Meta:
        ordering = ["template", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "position"], name="template_step_position_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        return step_label(self.name)

    @property
    def document_labels(self) -> list[str]:
        return [
            str(DocumentType(kind).label) if kind in DocumentType.values else kind
            for kind in self.documents
        ]


class RepatriationStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class Repatriation(BaseModel):
    """One survivor's journey home along a corridor."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="repatriations")
    # The case's office, kept here so that analytics and lists filter without a join.
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="+")
    corridor = models.ForeignKey(Corridor, on_delete=models.PROTECT, related_name="repatriations")
    template = models.ForeignKey(StepTemplate, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RepatriationStatus.choices,
        default=RepatriationStatus.IN_PROGRESS,
    )
    started_on = models.DateField(_("started on"))
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    cancelled_on = models.DateField(_("cancelled on"), null=True, blank=True)
    cancel_reason = EncryptedTextField(_("reason for cancelling"), blank=True)
    repatriated_on = models.DateField(_("repatriated on"), null=True, blank=True)
    reunited_on = models.DateField(_("reunited on"), null=True, blank=True)
    # Where the survivor is waiting now, kept by the services for the waiting list.
    current_step = models.ForeignKey(
        "RepatriationStep", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    waiting_since = models.DateField(_("waiting since"), null=True, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    # Whole days, kept when the journey ends, for analytics.
    days_to_repatriation = models.PositiveIntegerField(null=True, blank=True)
    days_end_to_end = models.PositiveIntegerField(null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        indexes = [
            models.Index(fields=["status", "waiting_since", "id"], name="repat_waiting"),
            models.Index(fields=["status", "due_on", "id"], name="repat_due"),
            models.Index(fields=["status", "started_on", "id"], name="repat_started"),
            models.Index(fields=["corridor", "completed_on"], name="repat_completed"),
            models.Index(fields=["office", "status"], name="repat_office"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(status="in_progress"),
                name="one_repatriation_in_progress_per_case",
            ),
            models.CheckConstraint(
                name="cancelled_repatriation_has_date",
                condition=~models.Q(status="cancelled") | models.Q(cancelled_on__isnull=False),
            ),
            models.CheckConstraint(
                name="completed_repatriation_has_date",
                condition=~models.Q(status="completed") | models.Q(completed_on__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case.number}: {self.corridor.code}"


class RepatriationStep(BaseModel):
    """A step of one repatriation, copied from its corridor's template when it started."""

    repatriation = models.ForeignKey(Repatriation, on_delete=models.PROTECT, related_name="steps")
    position = models.PositiveSmallIntegerField(_("position"))
    key = models.SlugField(_("key"), max_length=60)
    name = models.CharField(_("step"), max_length=150)
    target_days = models.PositiveSmallIntegerField(_("target days"))
    milestone = models.CharField(
        _("on the timeline"), max_length=20, choices=Milestone.choices, default=Milestone.STEP
    )
    responsible_agency = models.CharField(_("responsible agency"), max_length=200, blank=True)
    planned_on = models.DateField(_("planned for"), null=True, blank=True)
    started_on = models.DateField(_("started on"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    # When the step could start (the previous step done, or the repatriation started) and
    # how many days it then took: kept by the services for overdue flags and analytics.
    could_start_on = models.DateField(null=True, blank=True)
    days_taken = models.PositiveIntegerField(null=True, blank=True)
    # The timeline event its completion added (replaced when the date is corrected).
    event_id = models.UUIDField(null=True, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["repatriation", "position"]
        indexes = [models.Index(fields=["done_on"], name="repat_step_done")]
        constraints = [
            models.UniqueConstraint(
                fields=["repatriation", "position"], name="repatriation_step_position_unique"
            ),
            models.CheckConstraint(
                name="step_done_after_it_started",
                condition=models.Q(started_on__isnull=True)
                | models.Q(done_on__isnull=True)
                | models.Q(done_on__gte=models.F("started_on")),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        return step_label(self.name)


class StepDocument(BaseModel):
    """One line of a step's documents checklist: which document, received or not, when."""

    step = models.ForeignKey(RepatriationStep, on_delete=models.PROTECT, related_name="documents")
    document_type = models.CharField(_("document"), max_length=40, choices=DocumentType.choices)
    received = models.BooleanField(_("received"), default=False)
    received_on = models.DateField(_("received on"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["step", "created_at"]
        constraints = [
            models.CheckConstraint(
                name="received_document_has_date",
                condition=models.Q(received=False) | models.Q(received_on__isnull=False),
            )
        ]


class Blocker(BaseModel):
    """What holds a step up (a missing report, an unreachable family), opened and resolved
    with dates. The notes may name people, so they are encrypted."""

    step = models.ForeignKey(RepatriationStep, on_delete=models.PROTECT, related_name="blockers")
    repatriation = models.ForeignKey(
        Repatriation, on_delete=models.PROTECT, related_name="blockers"
    )
    opened_on = models.DateField(_("opened on"))
    note = EncryptedTextField(_("what is blocking"))
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    resolution = EncryptedTextField(_("how it was resolved"), blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["step", "opened_on", "created_at"]
        indexes = [models.Index(fields=["repatriation", "resolved_on"], name="blocker_open")]
        constraints = [
            models.CheckConstraint(
                name="blocker_resolved_after_opened",
                condition=models.Q(resolved_on__isnull=True)
                | models.Q(resolved_on__gte=models.F("opened_on")),
            )
        ]
