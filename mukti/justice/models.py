"""Justice: legal cases against traffickers, the accused and what happened to them, hearings,
support to witnesses, survivors' engagement with police investigations, and the statutory
deadlines that say how long each step may take.

A legal case is linked to the Mukti cases of the survivors involved (as complainants or
witnesses). Who may read it follows those cases: whoever may read one of them reads the legal
case, and its strategy notes only if their role reads the legal section (Section.LEGAL).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mukti.accounts.models import Office
from mukti.cases.models import Case
from mukti.core.fields import EncryptedTextField
from mukti.core.geography import COUNTRY_CHOICES
from mukti.core.models import BaseModel
from mukti.people.models import Person


class Stage(models.TextChoices):
    """The stages of a prosecution, in order."""

    COMPLAINT = "complaint", _("Complaint")
    INVESTIGATION = "investigation", _("Investigation")
    CHARGE_SHEET = "charge_sheet", _("Charge sheet")
    TRIAL = "trial", _("Trial (charges framed)")
    VERDICT = "verdict", _("Verdict")
    APPEAL = "appeal", _("Appeal")


STAGE_ORDER: list[str] = list(Stage.values)

# The one table of allowed stage changes: a case moves on to the next stage only.
NEXT_STAGE: dict[str, str] = {
    Stage.COMPLAINT: Stage.INVESTIGATION,
    Stage.INVESTIGATION: Stage.CHARGE_SHEET,
    Stage.CHARGE_SHEET: Stage.TRIAL,
    Stage.TRIAL: Stage.VERDICT,
    Stage.VERDICT: Stage.APPEAL,
}


def stage_index(stage: str) -> int:
    return STAGE_ORDER.index(stage)


class LegalStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class ClosingOutcome(models.TextChoices):
    DISPOSED = "disposed", _("Disposed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class LegalCase(BaseModel):
    """A prosecution (or a complaint that may become one) in a court or tribunal."""

    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="legal_cases", verbose_name=_("office")
    )
    country = models.CharField(_("country"), max_length=2, choices=COUNTRY_CHOICES)
    court = models.CharField(_("court or tribunal"), max_length=200)
    court_case_number = models.CharField(_("case number"), max_length=100, blank=True)
    police_station = models.CharField(_("police station"), max_length=200, blank=True)
    fir_date = models.DateField(_("date of the first information report"), null=True, blank=True)
    laws_and_sections = models.CharField(_("laws and sections"), max_length=300, blank=True)
    # A name: encrypted like every other.
    investigating_officer = EncryptedTextField(_("investigating officer"), blank=True)
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    stage_since = models.DateField(_("in this stage since"))
    status = models.CharField(
        _("status"), max_length=10, choices=LegalStatus.choices, default=LegalStatus.OPEN
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closing_outcome = models.CharField(
        _("how it ended"), max_length=10, choices=ClosingOutcome.choices, blank=True
    )
    # Section.LEGAL: readable only by roles that read legal strategy.
    strategy_notes = EncryptedTextField(_("legal strategy notes"), blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="legalcase_recent"),
            models.Index(fields=["office", "-created_at"], name="legalcase_office_recent"),
            models.Index(fields=["stage", "-created_at"], name="legalcase_stage_recent"),
            models.Index(fields=["status", "-created_at"], name="legalcase_status_recent"),
            models.Index(fields=["country", "-created_at"], name="legalcase_country_recent"),
        ]
        constraints = [
            models.CheckConstraint(
                name="closed_legal_case_has_date_and_outcome",
                condition=~models.Q(status="closed")
                | (models.Q(closed_on__isnull=False) & ~models.Q(closing_outcome="")),
            )
        ]

    def __str__(self) -> str:
        return self.court_case_number or str(self.pk)[:8]


class PartyRole(models.TextChoices):
    COMPLAINANT = "complainant", _("Complainant")
    WITNESS = "witness", _("Witness")


class LegalCaseParty(BaseModel):
    """A survivor (through her Mukti case) involved in a legal case."""

    legal_case = models.ForeignKey(LegalCase, on_delete=models.PROTECT, related_name="parties")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="legal_parties")
    role = models.CharField(_("involved as"), max_length=20, choices=PartyRole.choices)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["legal_case", "case"], name="legal_party_once")
        ]


class StageChange(BaseModel):
    """The date a legal case reached a stage: its stage history."""

    legal_case = models.ForeignKey(
        LegalCase, on_delete=models.PROTECT, related_name="stage_changes"
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    happened_on = models.DateField(_("date"))

    class Meta:
        ordering = ["happened_on", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["legal_case", "stage"], name="legal_stage_once")
        ]


class AccusedRole(models.TextChoices):
    """HTCDS v2 perpetrator RoleInProcess."""

    RECRUITER = "Recruiter", _("Recruiter")
    TRANSPORTER = "Transporter", _("Transporter")
    EXPLOITER = "Exploiter", _("Exploiter")
    HARBOURER = "Harbourer", _("Harbourer")
    OTHER = "Other", _("Other")
    UNKNOWN = "Unknown", _("Not known")


class Accused(BaseModel):
    """A person accused in a legal case; who they are lives, encrypted, in the Person."""

    legal_case = models.ForeignKey(LegalCase, on_delete=models.PROTECT, related_name="accused")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(
        _("role in the trafficking"),
        max_length=20,
        choices=AccusedRole.choices,
        default=AccusedRole.UNKNOWN,
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "accused"


class Arrest(BaseModel):
    accused = models.ForeignKey(Accused, on_delete=models.PROTECT, related_name="arrests")
    arrested_on = models.DateField(_("arrested on"))
    agency = models.CharField(_("arresting agency"), max_length=200)
    history = HistoricalRecords()


class BailDecision(BaseModel):
    accused = models.ForeignKey(Accused, on_delete=models.PROTECT, related_name="bail_decisions")
    decided_on = models.DateField(_("decided on"))
    granted = models.BooleanField(_("bail granted"))
    history = HistoricalRecords()


class Charge(BaseModel):
    accused = models.ForeignKey(Accused, on_delete=models.PROTECT, related_name="charges")
    law_section = models.CharField(_("law and section"), max_length=200)
    framed_on = models.DateField(_("framed on"), null=True, blank=True)
    history = HistoricalRecords()


class VerdictOutcome(models.TextChoices):
    CONVICTED = "convicted", _("Convicted")
    ACQUITTED = "acquitted", _("Acquitted")
    DISCHARGED = "discharged", _("Discharged")


class Verdict(BaseModel):
    accused = models.ForeignKey(Accused, on_delete=models.PROTECT, related_name="verdicts")
    outcome = models.CharField(_("verdict"), max_length=12, choices=VerdictOutcome.choices)
    decided_on = models.DateField(_("date of the verdict"))
    sentence_years = models.PositiveSmallIntegerField(_("sentence: years"), null=True, blank=True)
    sentence_months = models.PositiveSmallIntegerField(_("sentence: months"), null=True, blank=True)
    fine = models.DecimalField(_("fine"), max_digits=14, decimal_places=2, null=True, blank=True)
    fine_currency = models.CharField(_("currency"), max_length=3, blank=True)
    history = HistoricalRecords()

    class Meta:
        indexes = [models.Index(fields=["outcome", "decided_on"], name="verdict_outcome_date")]
        constraints = [
            models.CheckConstraint(
                name="sentence_only_on_conviction",
                condition=models.Q(outcome="convicted")
                | (
                    models.Q(sentence_years__isnull=True)
                    & models.Q(sentence_months__isnull=True)
                    & models.Q(fine__isnull=True)
                ),
            )
        ]


class HearingPurpose(models.TextChoices):
    CHARGE_FRAMING = "charge_framing", _("Framing of charges")
    BAIL = "bail", _("Bail")
    EVIDENCE = "evidence", _("Witness evidence")
    CROSS_EXAMINATION = "cross_examination", _("Cross-examination")
    ARGUMENTS = "arguments", _("Arguments")
    JUDGMENT = "judgment", _("Judgment")
    OTHER = "other", _("Other")


class HearingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    HELD = "held", _("Held")
    ADJOURNED = "adjourned", _("Adjourned")


class AdjournmentReason(models.TextChoices):
    WITNESS_ABSENT = "witness_absent", _("Absence of witness")
    PROSECUTOR_ABSENT = "prosecutor_absent", _("Absence of prosecutor")
    DEFENCE_REQUEST = "defence_request", _("Defence request")
    JUDGE_UNAVAILABLE = "judge_unavailable", _("Judge unavailable")
    OTHER = "other", _("Other")


class Hearing(BaseModel):
    """A hearing: scheduled, then held or adjourned (and why), with the next date."""

    legal_case = models.ForeignKey(LegalCase, on_delete=models.PROTECT, related_name="hearings")
    hearing_on = models.DateField(_("date of the hearing"))
    purpose = models.CharField(_("purpose"), max_length=20, choices=HearingPurpose.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=HearingStatus.choices, default=HearingStatus.SCHEDULED
    )
    outcome = EncryptedTextField(_("what happened"), blank=True)
    adjournment_reason = models.CharField(
        _("why it was adjourned"), max_length=20, choices=AdjournmentReason.choices, blank=True
    )
    next_date = models.DateField(_("next date"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["hearing_on", "created_at"]
        indexes = [
            models.Index(fields=["status", "hearing_on"], name="hearing_status_date"),
            models.Index(fields=["legal_case", "hearing_on"], name="hearing_case_date"),
        ]
        constraints = [
            models.CheckConstraint(
                name="adjourned_hearing_says_why",
                condition=~models.Q(status="adjourned") | ~models.Q(adjournment_reason=""),
            )
        ]


class TestimonyMode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    VIDEO = "video", _("By video conference")


class ProtectionMeasure(models.TextChoices):
    SCREEN = "screen", _("Screen in the courtroom")
    CLOSED_COURT = "closed_court", _("Hearing in camera")
    IDENTITY_WITHHELD = "identity_withheld", _("Identity withheld")
    POLICE_ESCORT = "police_escort", _("Police escort")
    SEPARATE_WAITING = "separate_waiting", _("Separate waiting room")
    SAFE_ACCOMMODATION = "safe_accommodation", _("Safe accommodation")


class WitnessSupport(BaseModel):
    """Support to a survivor who is a witness: preparation, travel, protection, testimony."""

    legal_case = models.ForeignKey(
        LegalCase, on_delete=models.PROTECT, related_name="witness_support"
    )
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="witness_support")
    hearing = models.ForeignKey(
        Hearing, on_delete=models.PROTECT, null=True, blank=True, related_name="witness_support"
    )
    support_on = models.DateField(_("date"))
    prepared = models.BooleanField(_("prepared for court"), default=False)
    travel_supported = models.BooleanField(_("travel arranged"), default=False)
    protection_measures = models.JSONField(_("protection measures"), default=list, blank=True)
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    testified = models.BooleanField(_("testified"), default=False)
    testimony_mode = models.CharField(
        _("how she testified"), max_length=10, choices=TestimonyMode.choices, blank=True
    )
    testified_from = models.CharField(
        _("testified from (country)"), max_length=2, choices=COUNTRY_CHOICES, blank=True
    )
    note = EncryptedTextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-support_on", "-created_at"]
        indexes = [models.Index(fields=["case", "-support_on"], name="witness_case_date")]

    @property
    def protection_labels(self) -> list[str]:
        labels = dict(ProtectionMeasure.choices)
        return [str(labels.get(measure, measure)) for measure in self.protection_measures]


class Engagement(models.TextChoices):
    YES = "yes", _("Yes")
    PARTLY = "partly", _("Partly")
    NO = "no", _("No")


class PoliceEngagement(BaseModel):
    """Does the survivor engage with the police investigation? (The UK navigator measure.)
    Observed over time: each observation is a dated yes, partly or no."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="police_engagement")
    legal_case = models.ForeignKey(
        LegalCase,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="police_engagement",
    )
    observed_on = models.DateField(_("observed on"))
    engagement = models.CharField(
        _("engages with the investigation"), max_length=10, choices=Engagement.choices
    )
    note = EncryptedTextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-observed_on", "-created_at"]
        indexes = [
            models.Index(fields=["case", "-observed_on"], name="police_case_date"),
            models.Index(fields=["engagement", "observed_on"], name="police_engagement_date"),
        ]


class Deadline(BaseModel):
    """A statutory time limit of one jurisdiction: from the date a legal case reaches
    `from_stage` it has `days` (working days where the law says so) to reach `until_stage`.
    Versions of a law are rows with their effective dates, never edits of the past."""

    country = models.CharField(_("country"), max_length=2, choices=COUNTRY_CHOICES)
    law = models.CharField(_("law"), max_length=200)
    section = models.CharField(_("section"), max_length=50)
    description = models.CharField(_("what the law requires"), max_length=300)
    from_stage = models.CharField(_("counted from"), max_length=20, choices=Stage.choices)
    until_stage = models.CharField(_("until"), max_length=20, choices=Stage.choices)
    days = models.PositiveIntegerField(_("days"))
    working_days = models.BooleanField(_("counted in working days"), default=True)
    # numpy's weekmask, Monday first: Bangladesh works Sunday to Thursday ("1111001").
    weekmask = models.CharField(
        _("working week (Monday to Sunday)"), max_length=7, default="1111100"
    )
    holidays = models.JSONField(_("public holidays"), default=list, blank=True)
    near_days = models.PositiveSmallIntegerField(_("warn this many days before"), default=30)
    effective_from = models.DateField(_("in force from"))
    effective_until = models.DateField(_("in force until"), null=True, blank=True)
    is_active = models.BooleanField(_("in use"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["country", "law", "section"]

    def __str__(self) -> str:
        return f"{self.country} {self.law} {self.section}"


class DeadlineClock(models.Model):
    """One deadline running on one legal case: when it started, when it falls due, and when
    the case reached the stage that stops it. Kept in step by the services, so that breached
    and nearly breached cases are one indexed query."""

    legal_case = models.ForeignKey(LegalCase, on_delete=models.CASCADE, related_name="clocks")
    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="clocks")
    starts_on = models.DateField()
    due_on = models.DateField()
    stopped_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["legal_case", "deadline"], name="one_clock_per_rule")
        ]
        indexes = [models.Index(fields=["stopped_on", "due_on"], name="clock_running_due")]


class AnalysisStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class BacklogAnalysis(BaseModel):
    """A court's or a government's case list (no names) and what Mukti found in it.

    The list is kept as uploaded, after it was checked row by row; the analysis is JSON that
    the page, the PDF and the API all show."""

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    filename = models.CharField(_("file"), max_length=255)
    source = models.BinaryField()
    row_count = models.PositiveIntegerField(_("cases in the list"))
    deadline_country = models.CharField(
        _("statutory limits of"), max_length=2, choices=COUNTRY_CHOICES, default="BD"
    )
    as_of = models.DateField(_("ages counted to"))
    status = models.CharField(
        _("status"), max_length=10, choices=AnalysisStatus.choices, default=AnalysisStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    result = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["office", "-created_at"], name="backlog_office_recent")]
