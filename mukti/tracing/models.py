"""Tracing: missing-person reports, the candidates that matching finds for them, the match
models it uses, the background jobs that import and match, and family tracing.

A report's missing person is a `Person` (names, phones and address encrypted there); what
only the report knows — the report number, parents' names, where she was last seen, who
reported — is encrypted here, field by field.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mukti.accounts.models import Office
from mukti.cases.models import Case
from mukti.core.fields import EncryptedTextField
from mukti.core.models import BaseModel
from mukti.people.models import Person, Relationship


class ReportSource(models.TextChoices):
    POLICE_STATION = "police_station", _("Police station")
    HELPLINE = "helpline", _("Helpline")
    PARTNER = "partner", _("Partner organisation")
    FAMILY = "family", _("Family, directly")
    OTHER = "other", _("Other")


class ReportStatus(models.TextChoices):
    OPEN = "open", _("Open: still missing")
    FOUND = "found", _("Found")
    CLOSED = "closed", _("Closed")


class MissingPersonReport(BaseModel):
    """A report that someone is missing, as a police station (or another source) filed it."""

    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="missing_reports", verbose_name=_("office")
    )
    source_kind = models.CharField(
        _("kind of source"),
        max_length=20,
        choices=ReportSource.choices,
        default=ReportSource.POLICE_STATION,
    )
    source_name = models.CharField(
        _("reporting police station or source"),
        max_length=200,
        help_text=_("For example: Sharsha police station."),
    )
    source_district = models.CharField(_("district of the source"), max_length=100, blank=True)
    # A report number found in a police register leads to the person: encrypted, and
    # looked up (for re-imports) by a keyed hash of source and number.
    report_number = EncryptedTextField(_("report number"))
    report_key = models.CharField(max_length=40, editable=False)
    reported_on = models.DateField(_("reported on"))
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="missing_reports",
        verbose_name=_("missing person"),
    )
    father_name = EncryptedTextField(_("father's name"), blank=True)
    mother_name = EncryptedTextField(_("mother's name"), blank=True)
    last_seen_place = EncryptedTextField(_("place last seen"), blank=True)
    last_seen_on = models.DateField(_("date last seen"), null=True, blank=True)
    reporter_name = EncryptedTextField(_("reported by"), blank=True)
    reporter_relationship = models.CharField(
        _("reporter's relationship to the missing person"),
        max_length=20,
        choices=Relationship.Kind.choices,
        blank=True,
    )
    reporter_phone = EncryptedTextField(_("reporter's contact"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.OPEN
    )
    found_on = models.DateField(_("found on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closing_reason = EncryptedTextField(_("reason for closing"), blank=True)
    matched_case = models.ForeignKey(
        Case,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="missing_reports",
        verbose_name=_("matched case"),
    )
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("duplicate of"),
    )
    import_job = models.ForeignKey(
        "TracingJob", on_delete=models.PROTECT, null=True, blank=True, related_name="reports"
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        indexes = [
            models.Index(fields=["office", "-created_at"], name="report_office_recent"),
            models.Index(fields=["status", "-created_at"], name="report_status_recent"),
            models.Index(fields=["-created_at", "-id"], name="report_recent"),
            models.Index(fields=["updated_at"], name="report_updated"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["office", "report_key"], name="report_once_per_office"),
            models.CheckConstraint(
                name="found_report_has_date",
                condition=~models.Q(status="found") | models.Q(found_on__isnull=False),
            ),
            models.CheckConstraint(
                name="closed_report_has_date",
                condition=~models.Q(status="closed") | models.Q(closed_on__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source_name} · {self.reported_on:%Y-%m-%d}"

    @property
    def age_when_reported(self) -> int | None:
        return self.person.age_on(self.reported_on)


class JobKind(models.TextChoices):
    IMPORT = "import", _("Import of missing-person reports")
    BATCH_MATCH = "batch_match", _("Matching of all open cases and reports")
    TRAIN = "train", _("Training of a new match model")


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class TracingJob(BaseModel):
    """A background job (an import, a matching run, a training run) and its progress.

    Progress is written with UPDATE, not save(), so that it never counts as an edit.
    Messages hold numbers and row numbers, never what a row says.
    """

    kind = models.CharField(_("job"), max_length=20, choices=JobKind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The offices a matching run covers (ids as text), fixed when it was started.
    office_ids = models.JSONField(default=list, blank=True)
    filename = EncryptedTextField(_("file"), blank=True)
    file_format = models.CharField(max_length=4, blank=True)
    # The starter's language, so that messages written by the worker read in it.
    language = models.CharField(max_length=10, blank=True)
    # The uploaded file, sealed; emptied once the import has finished.
    sealed_file = models.BinaryField(null=True, blank=True, editable=False)
    progress = models.FloatField(default=0.0)
    message = models.CharField(max_length=300, blank=True)
    result = models.JSONField(default=dict, blank=True)
    error_row = models.PositiveIntegerField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["kind", "-created_at"], name="tracing_job_recent")]

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)

    @property
    def percent(self) -> int:
        return round(100 * min(max(self.progress, 0.0), 1.0))


class CandidateKind(models.TextChoices):
    CASE_REPORT = "case_report", _("A case and a report")
    DUPLICATE_REPORTS = "duplicate_reports", _("Two reports of one person")


class ReviewStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    CONFIRMED = "confirmed", _("Confirmed: the same person")
    REJECTED = "rejected", _("Rejected: not the same person")
    UNSURE = "unsure", _("Unsure")
    SET_ASIDE = "set_aside", _("Set aside: matched elsewhere")


class MatchCandidate(BaseModel):
    """A pair that matching thinks may be one person, waiting for a person to decide.

    Evidence keeps, per compared detail, its label and weight — never the values, which the
    review page derives again from the decrypted records.
    """

    kind = models.CharField(_("kind"), max_length=20, choices=CandidateKind.choices)
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, null=True, blank=True, related_name="match_candidates"
    )
    report = models.ForeignKey(
        MissingPersonReport, on_delete=models.PROTECT, related_name="match_candidates"
    )
    other_report = models.ForeignKey(
        MissingPersonReport,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="duplicate_candidates",
    )
    # The case's office (or the report's, for two reports): what the queue filters on.
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="+")
    match_probability = models.FloatField(_("probability"))
    match_weight = models.FloatField(_("match weight"))
    evidence = models.JSONField(default=list)
    model_version = models.CharField(max_length=80)
    # The missing person's age when reported, for the queue's age filter (children first).
    person_age = models.PositiveSmallIntegerField(null=True, blank=True)
    status = models.CharField(
        _("review"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.PENDING
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_reason = EncryptedTextField(_("reason"), blank=True)
    found_by_job = models.ForeignKey(
        TracingJob, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        indexes = [
            models.Index(fields=["status", "office", "-match_probability"], name="candidate_queue"),
            models.Index(fields=["status", "-match_probability"], name="candidate_best"),
            models.Index(fields=["status", "created_at"], name="candidate_waiting"),
        ]
        constraints = [
            # Plain (not partial) unique pairs: NULLs differ, so each kind is unique alone.
            models.UniqueConstraint(fields=["case", "report"], name="candidate_case_report"),
            models.UniqueConstraint(fields=["report", "other_report"], name="candidate_reports"),
            models.CheckConstraint(
                name="candidate_names_one_pair",
                condition=models.Q(
                    kind="case_report", case__isnull=False, other_report__isnull=True
                )
                | models.Q(kind="duplicate_reports", case__isnull=True, other_report__isnull=False),
            ),
        ]


class MatchModelVersion(models.Model):
    """A trained match model: the engine's JSON document (probabilities per level of each
    compared detail, no names). The newest is the one in use."""

    version = models.CharField(max_length=80, unique=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    records = models.PositiveIntegerField(default=0)
    labels = models.PositiveIntegerField(default=0)
    document = models.TextField(editable=False)

    class Meta:
        ordering = ["-created_at"]


class TracingStatus(models.TextChoices):
    OPEN = "open", _("Tracing")
    VERIFIED = "verified", _("Family verified")
    REUNITED = "reunited", _("Reunited")
    CLOSED = "closed", _("Closed without reunification")


class TracingRequest(BaseModel):
    """Looking for a survivor's family: whom we seek, and where they might be."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="tracing_requests")
    report = models.ForeignKey(
        MissingPersonReport,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tracing_requests",
        verbose_name=_("missing-person report"),
    )
    family_sought = EncryptedTextField(
        _("family members sought"),
        help_text=_("Who we are looking for: for example, her mother and her elder brother."),
    )
    last_known_address = EncryptedTextField(_("last known address of the family"), blank=True)
    opened_on = models.DateField(_("tracing started on"))
    status = models.CharField(
        _("status"), max_length=10, choices=TracingStatus.choices, default=TracingStatus.OPEN
    )
    verified_on = models.DateField(_("family verified on"), null=True, blank=True)
    reunited_on = models.DateField(_("reunited on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    outcome = EncryptedTextField(_("outcome"), blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-opened_on", "-created_at"]
        indexes = [models.Index(fields=["case", "-opened_on"], name="tracing_request_case")]


class StepKind(models.TextChoices):
    HOME_VISIT = "home_visit", _("Home visit")
    PHONE_CONTACT = "phone_contact", _("Phone contact with the family")
    VERIFICATION = "verification", _("Verification of the family")
    POLICE_INQUIRY = "police_inquiry", _("Inquiry through the police")
    OTHER = "other", _("Other")


class StepOutcome(models.TextChoices):
    FAMILY_FOUND = "family_found", _("Family found")
    FAMILY_NOT_FOUND = "family_not_found", _("Family not found")
    VERIFIED = "verified", _("Family verified")
    NOT_VERIFIED = "not_verified", _("Could not be verified")
    UNSAFE = "unsafe", _("Return home not safe")
    PENDING = "pending", _("No outcome yet")


class TracingStep(BaseModel):
    """A dated step of family tracing — a home visit, a verification — by whom, with what
    outcome."""

    request = models.ForeignKey(TracingRequest, on_delete=models.PROTECT, related_name="steps")
    kind = models.CharField(_("step"), max_length=20, choices=StepKind.choices)
    happened_on = models.DateField(_("date"))
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("done by"),
    )
    agency = models.CharField(
        _("with or through"),
        max_length=200,
        blank=True,
        help_text=_("For example: Police Special Branch, a partner organisation."),
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=StepOutcome.choices)
    notes = EncryptedTextField(_("notes"), blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-happened_on", "-created_at"]
