"""Impact records: each organisation's reporting settings, targets, partner submissions,
impact reports with their narrative, and the frozen versions of published reports.

The indicators themselves are code (indicators.py), not rows: a number's meaning cannot be
edited in the database. Records here hold no identifying data except the narrative, which
staff write (case studies under changed names) and which is encrypted.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mukti.accounts.models import Office, Organisation
from mukti.core.fields import EncryptedTextField
from mukti.core.models import BaseModel


class ReportingSettings(BaseModel):
    """How one organisation reports: when its financial year starts, and its privacy
    thresholds for what leaves the organisation."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.PROTECT, related_name="reporting_settings"
    )
    financial_year_start_month = models.PositiveSmallIntegerField(
        _("financial year starts in month"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_("1 for January … 9 for September."),
    )
    small_cell_threshold = models.PositiveSmallIntegerField(
        _("smallest number shown to outside readers"),
        default=5,
        validators=[MinValueValidator(2), MaxValueValidator(50)],
        help_text=_("Numbers from 1 up to one less than this are hidden in published reports."),
    )
    export_k = models.PositiveSmallIntegerField(
        _("k for anonymised exports"),
        default=5,
        validators=[MinValueValidator(2), MaxValueValidator(100)],
        help_text=_("Every combination of age, sex, places and year is shared by at least k."),
    )
    history = HistoricalRecords()

    def __str__(self) -> str:
        return str(self.organisation)


class Target(BaseModel):
    """A log-frame target of a programme and donor, measured by one indicator."""

    class Kind(models.TextChoices):
        TOTAL = "total", _("Reach a number by the due date")
        GROWTH = "growth", _("Rise by a percentage over a baseline period")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    programme = models.CharField(_("programme"), max_length=200)
    donor = models.CharField(_("donor"), max_length=200, blank=True)
    indicator = models.CharField(_("indicator"), max_length=60)
    kind = models.CharField(_("kind of target"), max_length=10, choices=Kind.choices)
    target_value = models.DecimalField(
        _("target"),
        max_digits=12,
        decimal_places=1,
        help_text=_("A number of people or survivors, or a percentage rise."),
    )
    starts_on = models.DateField(_("counting from"))
    due_on = models.DateField(_("due by"))
    baseline_start = models.DateField(_("baseline from"), null=True, blank=True)
    baseline_end = models.DateField(_("baseline to"), null=True, blank=True)
    offices = models.ManyToManyField(
        Office,
        blank=True,
        related_name="+",
        verbose_name=_("offices"),
        help_text=_("Leave empty for every office of the organisation."),
    )
    archived_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords(m2m_fields=[offices])

    class Meta:
        ordering = ["programme", "due_on", "indicator"]
        constraints = [
            models.CheckConstraint(
                name="target_due_after_start", condition=models.Q(due_on__gte=models.F("starts_on"))
            ),
            models.CheckConstraint(
                name="growth_target_has_baseline",
                condition=~models.Q(kind="growth")
                | models.Q(baseline_start__isnull=False, baseline_end__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme}: {self.indicator}"


class PartnerSubmission(BaseModel):
    """A partner's aggregate figures for one joint office and one period. A later
    submission for the same office and period replaces it (the old one is kept)."""

    class Source(models.TextChoices):
        FORM = "form", _("Typed into the form")
        SPREADSHEET = "spreadsheet", _("Uploaded spreadsheet")

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="+")
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    source = models.CharField(_("how it came"), max_length=12, choices=Source.choices)
    note = EncryptedTextField(_("note"), blank=True)
    replaced_by = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-period_start", "office__code"]
        indexes = [models.Index(fields=["office", "period_start", "period_end"])]
        constraints = [
            models.CheckConstraint(
                name="submission_ends_after_start",
                condition=models.Q(period_end__gte=models.F("period_start")),
            )
        ]


class PartnerFigure(models.Model):
    """One indicator's figure in a submission, with the splits the partner could give."""

    submission = models.ForeignKey(
        PartnerSubmission, on_delete=models.PROTECT, related_name="figures"
    )
    indicator = models.CharField(_("indicator"), max_length=60)
    value = models.PositiveIntegerField(_("total"))
    by_sex = models.JSONField(default=dict, blank=True)
    by_age_group = models.JSONField(default=dict, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "indicator"], name="one_figure_per_indicator"
            )
        ]


class ImpactReport(BaseModel):
    """A report for a period: its numbers come from the records; its narrative from staff."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    baseline_periods = models.PositiveSmallIntegerField(
        _("compare with the average of this many earlier periods"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(6)],
        help_text=_("2 for a half-year compared with the previous year's half-year average."),
    )
    offices = models.ManyToManyField(
        Office,
        blank=True,
        related_name="+",
        verbose_name=_("offices"),
        help_text=_("Leave empty for every office of the organisation."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    history = HistoricalRecords(m2m_fields=[offices])

    class Meta:
        ordering = ["-period_start", "title"]
        constraints = [
            models.CheckConstraint(
                name="report_ends_after_start",
                condition=models.Q(period_end__gte=models.F("period_start")),
            )
        ]

    def __str__(self) -> str:
        return self.title


class NarrativeSection(BaseModel):
    """Key wins, a case study under a changed name, a deep dive: written by staff."""

    class Kind(models.TextChoices):
        KEY_WINS = "key_wins", _("Key wins")
        CASE_STUDY = "case_study", _("Case study")
        DEEP_DIVE = "deep_dive", _("Deep dive")
        STRATEGY = "strategy", _("Detail by strategy")

    report = models.ForeignKey(ImpactReport, on_delete=models.PROTECT, related_name="sections")
    kind = models.CharField(_("kind of section"), max_length=20, choices=Kind.choices)
    title = EncryptedTextField(_("heading"))
    body = EncryptedTextField(_("text"))
    position = models.PositiveSmallIntegerField(_("order"), default=10)
    archived_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "created_at"]


class PublishedReport(BaseModel):
    """A published version of a report: its numbers and narrative as they were at publication,
    never recomputed. Publishing again makes the next version; earlier ones stay."""

    report = models.ForeignKey(ImpactReport, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    published_at = models.DateTimeField(_("published at"))
    # Counts only (no names): what every reader of this version sees.
    figures = models.JSONField()
    # The narrative sections as published (JSON text), encrypted like the drafts.
    narrative = EncryptedTextField(blank=True)
    small_cell_threshold = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="report_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.report} v{self.number}"
