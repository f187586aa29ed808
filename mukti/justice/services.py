"""Every write of the justice app: one function per user action, one transaction each.

Each records what happened to the survivors' timelines: LEGAL_CASE_FILED, HEARING, VERDICT,
TESTIFIED and ENGAGED_WITH_POLICE. A timeline is written only where the event belongs and
may be written: an open case the user may add events to (a closed case keeps its timeline as
it was; the legal record keeps the hearing or verdict all the same).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mukti.accounts.permissions import case_allows, ensure_can, readable_sections
from mukti.accounts.roles import Action, Section
from mukti.cases.models import Case, EventKind
from mukti.cases.models import Status as CaseStatus
from mukti.cases.services import add_case_event
from mukti.justice import deadlines
from mukti.justice.access import forget_linked_cases, linked_cases, may_manage, reads_strategy
from mukti.justice.models import (
    NEXT_STAGE,
    STAGE_ORDER,
    Accused,
    Arrest,
    BailDecision,
    Charge,
    Deadline,
    Engagement,
    Hearing,
    HearingStatus,
    LegalCase,
    LegalCaseParty,
    LegalStatus,
    PoliceEngagement,
    Stage,
    StageChange,
    TestimonyMode,
    Verdict,
    VerdictOutcome,
    WitnessSupport,
    stage_index,
)
from mukti.people.services import PersonDetails, record_person


def _as_actor(record: models.Model, actor: Any) -> None:
    record._history_user = actor  # type: ignore[attr-defined]


def _save(record: models.Model, actor: Any) -> None:
    if record._state.adding:
        record.created_by = actor  # type: ignore[attr-defined]
    record.updated_by = actor  # type: ignore[attr-defined]
    _as_actor(record, actor)
    record.full_clean()
    record.save()


def _ensure_manages(actor: Any, legal_case: LegalCase) -> None:
    if not may_manage(actor, legal_case):
        raise PermissionDenied(_("Your role does not allow this."))


def _not_in_future(field: str, day: date | None) -> None:
    if day is not None and day > timezone.localdate():
        raise ValidationError({field: _("The date cannot be in the future.")})


def _stage_name(stage: str) -> str:
    return str(Stage(stage).label).lower()


def stage_dates(legal_case: LegalCase) -> dict[str, date]:
    return dict(legal_case.stage_changes.values_list("stage", "happened_on"))


def _tell_survivors(
    actor: Any,
    legal_case: LegalCase,
    *,
    kind: str,
    happened_on: date,
    summary: str = "",
    source: models.Model | None = None,
    cases: list[Case] | None = None,
) -> int:
    """The event on each survivor's timeline that is open and that the user may write."""
    if cases is None:
        # Read afresh: a survivor's case may have closed since the legal case was loaded.
        cases = list(Case.objects.filter(legal_parties__legal_case=legal_case))
    written = 0
    for case in cases:
        if case.status != CaseStatus.OPEN or not case_allows(actor, Action.ADD_EVENT, case):
            continue
        add_case_event(
            actor=actor,
            case=case,
            kind=kind,
            happened_on=happened_on,
            summary=summary,
            source=source,
        )
        written += 1
    return written


# --- legal cases --------------------------------------------------------------------------


@dataclass(frozen=True)
class LegalCaseDetails:
    """What describes a legal case, as the forms and the API give it."""

    country: str
    court: str
    court_case_number: str = ""
    police_station: str = ""
    fir_date: date | None = None
    laws_and_sections: str = ""
    investigating_officer: str = ""


def _check_details(details: LegalCaseDetails) -> None:
    if not details.court.strip():
        raise ValidationError({"court": _("Name the court or tribunal.")})
    _not_in_future("fir_date", details.fir_date)


def _check_fir_against_stages(fir_date: date | None, dates: dict[str, date]) -> None:
    """Every stage after the complaint comes on or after the first information report."""
    if fir_date is None:
        return
    for stage, happened_on in dates.items():
        if stage != Stage.COMPLAINT and happened_on < fir_date:
            raise ValidationError(
                {
                    "fir_date": _(
                        "The first information report cannot be dated after the %(stage)s "
                        "(%(date)s)."
                    )
                    % {"stage": _stage_name(stage), "date": happened_on.isoformat()}
                }
            )


@transaction.atomic
def file_legal_case(
    *,
    actor: Any,
    survivors: Sequence[tuple[Case, str]],
    details: LegalCaseDetails,
    stage: str = Stage.COMPLAINT,
    stage_since: date,
    strategy_notes: str = "",
) -> LegalCase:
    """A legal case with the survivors involved (each case with her role: complainant or
    witness). It is recorded as LEGAL_CASE_FILED on each survivor's timeline."""
    if not survivors:
        raise ValidationError({"cases": _("Link at least one survivor's case.")})
    for case, _role in survivors:
        ensure_can(actor, Action.MANAGE_LEGAL_CASES, case)
    if len({case.pk for case, _role in survivors}) != len(survivors):
        raise ValidationError({"cases": _("A survivor's case is linked twice.")})
    _check_details(details)
    _not_in_future("stage_since", stage_since)
    _check_fir_against_stages(details.fir_date, {stage: stage_since})
    if strategy_notes.strip() and not any(
        Section.LEGAL in readable_sections(actor, case) for case, _role in survivors
    ):
        raise PermissionDenied(_("Your role cannot write legal strategy notes."))
    legal_case = LegalCase(
        office=survivors[0][0].office,
        stage=stage,
        stage_since=stage_since,
        status=LegalStatus.OPEN,
        strategy_notes=strategy_notes,
        **vars(details),
    )
    _save(legal_case, actor)
    for case, role in survivors:
        _save(LegalCaseParty(legal_case=legal_case, case=case, role=role), actor)
    StageChange.objects.create(
        legal_case=legal_case, stage=stage, happened_on=stage_since, created_by=actor
    )
    deadlines.start_clocks(legal_case, stage=stage, on=stage_since)
    _tell_survivors(
        actor,
        legal_case,
        kind=EventKind.LEGAL_CASE_FILED,
        happened_on=details.fir_date or stage_since,
        summary=details.court,
        source=legal_case,
    )
    return legal_case


@transaction.atomic
def update_legal_case(
    *, actor: Any, legal_case: LegalCase, expected_version: int, details: LegalCaseDetails
) -> LegalCase:
    """Change the court, numbers, dates and officer; refused if changed since it was read."""
    _ensure_manages(actor, legal_case)
    _check_details(details)
    if details.country != legal_case.country and legal_case.clocks.exists():
        raise ValidationError(
            {"country": _("Statutory deadlines already run on this case in its country.")}
        )
    _check_fir_against_stages(details.fir_date, stage_dates(legal_case))
    legal_case.version = expected_version
    for name, value in vars(details).items():
        setattr(legal_case, name, value)
    _save(legal_case, actor)
    return legal_case


@transaction.atomic
def update_strategy_notes(
    *, actor: Any, legal_case: LegalCase, expected_version: int, notes: str
) -> LegalCase:
    """The legal strategy: written and read only by roles that read the legal section."""
    _ensure_manages(actor, legal_case)
    if not reads_strategy(actor, legal_case):
        raise PermissionDenied(_("Your role cannot write legal strategy notes."))
    legal_case.version = expected_version
    legal_case.strategy_notes = notes
    _save(legal_case, actor)
    return legal_case


@transaction.atomic
def link_survivor(*, actor: Any, legal_case: LegalCase, case: Case, role: str) -> LegalCaseParty:
    """Another survivor involved, as complainant or witness (LEGAL_CASE_FILED on her
    timeline, dated when the case was filed)."""
    _ensure_manages(actor, legal_case)
    ensure_can(actor, Action.MANAGE_LEGAL_CASES, case)
    if legal_case.parties.filter(case=case).exists():
        raise ValidationError({"case": _("This survivor's case is already linked.")})
    party = LegalCaseParty(legal_case=legal_case, case=case, role=role)
    _save(party, actor)
    forget_linked_cases(legal_case)
    filed_on = legal_case.fir_date or min(stage_dates(legal_case).values())
    _tell_survivors(
        actor,
        legal_case,
        kind=EventKind.LEGAL_CASE_FILED,
        happened_on=filed_on,
        summary=legal_case.court,
        source=legal_case,
        cases=[case],
    )
    return party


def _check_stage_date(legal_case: LegalCase, *, stage: str, on: date) -> None:
    """A stage comes on or after every earlier stage, the report and any verdict it follows."""
    _not_in_future("happened_on", on)
    position = stage_index(stage)
    for earlier, earlier_on in stage_dates(legal_case).items():
        if stage_index(earlier) < position and on < earlier_on:
            raise ValidationError(
                {
                    "happened_on": _(
                        "The %(stage)s cannot be dated before the %(earlier)s (%(date)s)."
                    )
                    % {
                        "stage": _stage_name(stage),
                        "earlier": _stage_name(earlier),
                        "date": earlier_on.isoformat(),
                    }
                }
            )
    if legal_case.fir_date and stage != Stage.COMPLAINT and on < legal_case.fir_date:
        raise ValidationError(
            {
                "happened_on": _(
                    "The %(stage)s cannot be dated before the first information report (%(date)s)."
                )
                % {"stage": _stage_name(stage), "date": legal_case.fir_date.isoformat()}
            }
        )
    if stage == Stage.APPEAL:
        last_verdict = (
            Verdict.objects.filter(accused__legal_case=legal_case)
            .order_by("-decided_on")
            .values_list("decided_on", flat=True)
            .first()
        )
        if last_verdict and on < last_verdict:
            raise ValidationError(
                {
                    "happened_on": _("An appeal cannot come before the verdict (%(date)s).")
                    % {"date": last_verdict.isoformat()}
                }
            )


@transaction.atomic
def move_to_stage(
    *, actor: Any, legal_case: LegalCase, expected_version: int, stage: str, happened_on: date
) -> LegalCase:
    """The next stage (complaint → investigation → charge sheet → trial → verdict → appeal),
    dated; statutory clocks start and stop with it."""
    _ensure_manages(actor, legal_case)
    if legal_case.status != LegalStatus.OPEN:
        raise ValidationError(_("This legal case is closed."))
    if NEXT_STAGE.get(legal_case.stage) != stage:
        raise ValidationError(
            {
                "stage": _("A case at the %(current)s stage moves on to the %(next)s stage.")
                % {
                    "current": _stage_name(legal_case.stage),
                    "next": _stage_name(NEXT_STAGE[legal_case.stage])
                    if legal_case.stage in NEXT_STAGE
                    else _stage_name(legal_case.stage),
                }
            }
        )
    _check_stage_date(legal_case, stage=stage, on=happened_on)
    legal_case.version = expected_version
    legal_case.stage, legal_case.stage_since = stage, happened_on
    _save(legal_case, actor)
    StageChange.objects.create(
        legal_case=legal_case, stage=stage, happened_on=happened_on, created_by=actor
    )
    deadlines.stop_clocks(legal_case, stage=stage, on=happened_on)
    deadlines.start_clocks(legal_case, stage=stage, on=happened_on)
    return legal_case


@transaction.atomic
def close_legal_case(
    *, actor: Any, legal_case: LegalCase, expected_version: int, closed_on: date, outcome: str
) -> LegalCase:
    """Closed as disposed or withdrawn; never deleted."""
    _ensure_manages(actor, legal_case)
    if legal_case.status == LegalStatus.CLOSED:
        raise ValidationError(_("This legal case is already closed."))
    _not_in_future("closed_on", closed_on)
    if closed_on < legal_case.stage_since:
        raise ValidationError(
            {
                "closed_on": _("A legal case cannot close before its last stage (%(date)s).")
                % {"date": legal_case.stage_since.isoformat()}
            }
        )
    legal_case.version = expected_version
    legal_case.status, legal_case.closed_on = LegalStatus.CLOSED, closed_on
    legal_case.closing_outcome = outcome
    _save(legal_case, actor)
    deadlines.stop_clocks(legal_case, stage=None, on=closed_on)
    return legal_case


# --- the accused --------------------------------------------------------------------------


@transaction.atomic
def record_accused(
    *, actor: Any, legal_case: LegalCase, person: PersonDetails, role: str
) -> Accused:
    """An accused person: who they are is recorded (encrypted) as a Person of the office."""
    _ensure_manages(actor, legal_case)
    recorded = record_person(actor=actor, office=legal_case.office, **vars(person))
    accused = Accused(legal_case=legal_case, person=recorded, role=role)
    _save(accused, actor)
    return accused


@transaction.atomic
def record_arrest(*, actor: Any, accused: Accused, arrested_on: date, agency: str) -> Arrest:
    _ensure_manages(actor, accused.legal_case)
    _not_in_future("arrested_on", arrested_on)
    if not agency.strip():
        raise ValidationError({"agency": _("Name the agency that made the arrest.")})
    arrest = Arrest(accused=accused, arrested_on=arrested_on, agency=agency.strip())
    _save(arrest, actor)
    return arrest


@transaction.atomic
def record_bail(*, actor: Any, accused: Accused, decided_on: date, granted: bool) -> BailDecision:
    _ensure_manages(actor, accused.legal_case)
    _not_in_future("decided_on", decided_on)
    decision = BailDecision(accused=accused, decided_on=decided_on, granted=granted)
    _save(decision, actor)
    return decision


@transaction.atomic
def record_charge(
    *, actor: Any, accused: Accused, law_section: str, framed_on: date | None
) -> Charge:
    legal_case = accused.legal_case
    _ensure_manages(actor, legal_case)
    if not law_section.strip():
        raise ValidationError({"law_section": _("Give the law and section.")})
    _not_in_future("framed_on", framed_on)
    if framed_on and legal_case.fir_date and framed_on < legal_case.fir_date:
        raise ValidationError(
            {
                "framed_on": _(
                    "Charges cannot be framed before the first information report (%(date)s)."
                )
                % {"date": legal_case.fir_date.isoformat()}
            }
        )
    charge_sheet = stage_dates(legal_case).get(Stage.CHARGE_SHEET)
    if framed_on and charge_sheet and framed_on < charge_sheet:
        raise ValidationError(
            {
                "framed_on": _("Charges cannot be framed before the charge sheet (%(date)s).")
                % {"date": charge_sheet.isoformat()}
            }
        )
    charge = Charge(accused=accused, law_section=law_section.strip(), framed_on=framed_on)
    _save(charge, actor)
    return charge


@dataclass(frozen=True)
class Sentence:
    years: int | None = None
    months: int | None = None
    fine: Decimal | None = None
    fine_currency: str = ""


def _check_verdict_date(accused: Accused, decided_on: date) -> None:
    """A verdict comes after the report, the charge sheet and the accused's arrest, and
    before any appeal."""
    legal_case = accused.legal_case
    _not_in_future("decided_on", decided_on)
    if stage_index(legal_case.stage) < stage_index(Stage.CHARGE_SHEET):
        raise ValidationError(
            {
                "decided_on": _(
                    "A verdict comes after the charge sheet; this case is at the %(stage)s stage."
                )
                % {"stage": _stage_name(legal_case.stage)}
            }
        )
    dates = stage_dates(legal_case)
    first_arrest = accused.arrests.order_by("arrested_on").values_list("arrested_on", flat=True)
    limits = [
        (
            legal_case.fir_date,
            _("A verdict cannot come before the first information report (%(date)s)."),
        ),
        (
            dates.get(Stage.CHARGE_SHEET),
            _("A verdict cannot come before the charge sheet (%(date)s)."),
        ),
        (first_arrest.first(), _("A verdict cannot come before the arrest (%(date)s).")),
    ]
    for earliest, message in limits:
        if earliest and decided_on < earliest:
            raise ValidationError({"decided_on": message % {"date": earliest.isoformat()}})
    appeal = dates.get(Stage.APPEAL)
    if appeal and decided_on > appeal:
        raise ValidationError(
            {
                "decided_on": _("An appeal cannot come before the verdict (%(date)s).")
                % {"date": appeal.isoformat()}
            }
        )


@transaction.atomic
def record_verdict(
    *,
    actor: Any,
    accused: Accused,
    outcome: str,
    decided_on: date,
    sentence: Sentence | None = None,
) -> Verdict:
    """Convicted, acquitted or discharged, and the sentence on a conviction. Each survivor's
    timeline records the VERDICT."""
    legal_case = accused.legal_case
    _ensure_manages(actor, legal_case)
    _check_verdict_date(accused, decided_on)
    sentence = sentence or Sentence()
    has_sentence = sentence.years or sentence.months or sentence.fine
    if outcome != VerdictOutcome.CONVICTED and has_sentence:
        raise ValidationError(
            {"sentence_years": _("Only a conviction carries a sentence or a fine.")}
        )
    if sentence.fine and not sentence.fine_currency:
        raise ValidationError({"fine_currency": _("Give the currency of the fine.")})
    verdict = Verdict(
        accused=accused,
        outcome=outcome,
        decided_on=decided_on,
        sentence_years=sentence.years,
        sentence_months=sentence.months,
        fine=sentence.fine,
        fine_currency=sentence.fine_currency.upper() if sentence.fine else "",
    )
    _save(verdict, actor)
    _tell_survivors(
        actor,
        legal_case,
        kind=EventKind.VERDICT,
        happened_on=decided_on,
        summary=str(VerdictOutcome(outcome).label),
        source=verdict,
    )
    return verdict


# --- hearings -----------------------------------------------------------------------------


@dataclass(frozen=True)
class HearingResult:
    """What happened at a hearing: held, or adjourned and why, and the next date."""

    status: str
    outcome: str = ""
    adjournment_reason: str = ""
    next_date: date | None = None


def _check_result(hearing: Hearing, result: HearingResult) -> None:
    if result.status not in (HearingStatus.HELD, HearingStatus.ADJOURNED):
        raise ValidationError({"status": _("Say whether the hearing was held or adjourned.")})
    if hearing.hearing_on > timezone.localdate():
        raise ValidationError(
            {"hearing_on": _("A hearing in the future cannot have happened yet.")}
        )
    fir_date = hearing.legal_case.fir_date
    if fir_date and hearing.hearing_on < fir_date:
        raise ValidationError(
            {
                "hearing_on": _(
                    "A hearing cannot come before the first information report (%(date)s)."
                )
                % {"date": fir_date.isoformat()}
            }
        )
    if result.status == HearingStatus.ADJOURNED and not result.adjournment_reason:
        raise ValidationError({"adjournment_reason": _("Say why the hearing was adjourned.")})
    if result.status == HearingStatus.HELD and result.adjournment_reason:
        raise ValidationError(
            {"adjournment_reason": _("A hearing that was held was not adjourned.")}
        )
    if result.next_date and result.next_date <= hearing.hearing_on:
        raise ValidationError(
            {
                "next_date": _("The next date comes after the hearing (%(date)s).")
                % {"date": hearing.hearing_on.isoformat()}
            }
        )


@transaction.atomic
def schedule_hearing(
    *, actor: Any, legal_case: LegalCase, hearing_on: date, purpose: str
) -> Hearing:
    """A hearing on the court's calendar (it may be in the future)."""
    _ensure_manages(actor, legal_case)
    if legal_case.status != LegalStatus.OPEN:
        raise ValidationError(_("This legal case is closed."))
    hearing = Hearing(legal_case=legal_case, hearing_on=hearing_on, purpose=purpose)
    _save(hearing, actor)
    return hearing


@transaction.atomic
def record_hearing(
    *, actor: Any, hearing: Hearing, expected_version: int, result: HearingResult
) -> Hearing:
    """What happened at a hearing. HEARING goes on each survivor's timeline; a next date
    puts the next hearing on the calendar."""
    legal_case = hearing.legal_case
    _ensure_manages(actor, legal_case)
    _check_result(hearing, result)
    hearing.version = expected_version
    hearing.status, hearing.outcome = result.status, result.outcome
    hearing.adjournment_reason, hearing.next_date = result.adjournment_reason, result.next_date
    _save(hearing, actor)
    summary = str(HearingStatus(result.status).label)
    if result.adjournment_reason:
        summary = _("Adjourned: %(reason)s") % {"reason": hearing.get_adjournment_reason_display()}
    _tell_survivors(
        actor,
        legal_case,
        kind=EventKind.HEARING,
        happened_on=hearing.hearing_on,
        summary=str(summary),
        source=hearing,
    )
    if result.next_date and legal_case.status == LegalStatus.OPEN:
        following = Hearing(
            legal_case=legal_case, hearing_on=result.next_date, purpose=hearing.purpose
        )
        _save(following, actor)
    return hearing


@transaction.atomic
def add_hearing(
    *,
    actor: Any,
    legal_case: LegalCase,
    hearing_on: date,
    purpose: str,
    result: HearingResult | None = None,
) -> Hearing:
    """A hearing to come, or one that already took place with what happened."""
    hearing = schedule_hearing(
        actor=actor, legal_case=legal_case, hearing_on=hearing_on, purpose=purpose
    )
    if result is None or result.status == HearingStatus.SCHEDULED:
        return hearing
    return record_hearing(actor=actor, hearing=hearing, expected_version=1, result=result)


# --- witnesses and the police -------------------------------------------------------------


@dataclass(frozen=True)
class WitnessSupportDetails:
    support_on: date
    prepared: bool = False
    travel_supported: bool = False
    protection_measures: tuple[str, ...] = ()
    attended: bool | None = None
    testified: bool = False
    testimony_mode: str = ""
    testified_from: str = ""
    note: str = ""
    hearing: Hearing | None = None


def _check_testimony(details: WitnessSupportDetails) -> None:
    if details.testified and details.attended is False:
        raise ValidationError({"attended": _("A witness who testified attended.")})
    if details.testified and not details.testimony_mode:
        raise ValidationError({"testimony_mode": _("Say how she testified.")})
    if not details.testified and (details.testimony_mode or details.testified_from):
        raise ValidationError({"testified": _("Say that she testified, or leave how empty.")})
    if details.testified_from and details.testimony_mode != TestimonyMode.VIDEO:
        raise ValidationError(
            {"testified_from": _("Only testimony by video comes from another place.")}
        )


@transaction.atomic
def record_witness_support(
    *, actor: Any, legal_case: LegalCase, case: Case, details: WitnessSupportDetails
) -> WitnessSupport:
    """Preparation, travel and protection for a survivor who is a witness, and whether she
    attended and testified (in person, or by video from another country): TESTIFIED on her
    timeline when she did."""
    _ensure_manages(actor, legal_case)
    if case.pk not in {linked.pk for linked in linked_cases(legal_case)}:
        raise ValidationError({"case": _("This survivor is not linked to the legal case.")})
    _not_in_future("support_on", details.support_on)
    _check_testimony(details)
    if details.hearing is not None and details.hearing.legal_case_id != legal_case.pk:
        raise ValidationError({"hearing": _("The hearing belongs to another legal case.")})
    support = WitnessSupport(
        legal_case=legal_case,
        case=case,
        **{**vars(details), "protection_measures": list(details.protection_measures)},
    )
    _save(support, actor)
    if details.testified:
        summary = str(TestimonyMode(details.testimony_mode).label)
        _tell_survivors(
            actor,
            legal_case,
            kind=EventKind.TESTIFIED,
            happened_on=details.support_on,
            summary=summary,
            source=support,
            cases=[case],
        )
    return support


@transaction.atomic
def record_police_engagement(
    *,
    actor: Any,
    case: Case,
    observed_on: date,
    engagement: str,
    legal_case: LegalCase | None = None,
    note: str = "",
) -> PoliceEngagement:
    """Whether the survivor engages with the police investigation, observed on a date (the
    UK navigator measure). Any role that writes the case's timeline records it: in the UK
    the navigators are caseworkers. ENGAGED_WITH_POLICE goes on the timeline for a yes."""
    ensure_can(actor, Action.ADD_EVENT, case)
    _not_in_future("observed_on", observed_on)
    if observed_on < case.opened_on:
        raise ValidationError(
            {
                "observed_on": _("The observation cannot be before the case opened (%(date)s).")
                % {"date": case.opened_on.isoformat()}
            }
        )
    if legal_case is not None and case.pk not in {c.pk for c in linked_cases(legal_case)}:
        raise ValidationError({"legal_case": _("This legal case is not the survivor's.")})
    observation = PoliceEngagement(
        case=case, legal_case=legal_case, observed_on=observed_on, engagement=engagement, note=note
    )
    _save(observation, actor)
    if engagement == Engagement.YES and case.status == CaseStatus.OPEN:
        add_case_event(
            actor=actor,
            case=case,
            kind=EventKind.ENGAGED_WITH_POLICE,
            happened_on=observed_on,
            source=observation,
        )
    return observation


# --- statutory deadlines ------------------------------------------------------------------


@dataclass(frozen=True)
class DeadlineRule:
    country: str
    law: str
    section: str
    description: str
    from_stage: str
    until_stage: str
    days: int
    working_days: bool = True
    weekmask: str = "1111100"
    holidays: tuple[str, ...] = ()
    near_days: int = 30
    effective_from: date = date(2000, 1, 1)
    effective_until: date | None = None
    is_active: bool = True


def _check_rule(rule: DeadlineRule) -> None:
    if STAGE_ORDER.index(rule.until_stage) <= STAGE_ORDER.index(rule.from_stage):
        raise ValidationError({"until_stage": _("The limit ends at a later stage.")})
    if rule.days < 1:
        raise ValidationError({"days": _("A limit is at least one day.")})
    if len(rule.weekmask) != 7 or set(rule.weekmask) - {"0", "1"} or "1" not in rule.weekmask:
        raise ValidationError(
            {"weekmask": _("Seven figures, Monday to Sunday: 1 a working day, 0 a day off.")}
        )
    for holiday in rule.holidays:
        try:
            date.fromisoformat(holiday)
        except ValueError:
            raise ValidationError({"holidays": _("Write each holiday as YYYY-MM-DD.")}) from None
    if rule.effective_until and rule.effective_until < rule.effective_from:
        raise ValidationError({"effective_until": _("A rule ends after it comes into force.")})


@transaction.atomic
def save_deadline(
    *,
    actor: Any,
    rule: DeadlineRule,
    deadline: Deadline | None = None,
    expected_version: int | None = None,
) -> Deadline:
    """Add a statutory limit, or change one (refused if changed since it was read); its
    clocks on every legal case are counted again."""
    ensure_can(actor, Action.MANAGE_LEGAL_CASES)
    _check_rule(rule)
    if deadline is None:
        deadline = Deadline()
    elif expected_version is not None:
        deadline.version = expected_version
    for name, value in vars(rule).items():
        setattr(deadline, name, list(value) if name == "holidays" else value)
    _save(deadline, actor)
    deadlines.rebuild_clocks(deadline)
    return deadline


# --- backlog analysis ---------------------------------------------------------------------

# Lists larger than this are analysed by a background job, with progress on the page.
ANALYSE_AT_ONCE_UP_TO = 20_000


@transaction.atomic
def upload_case_list(
    *,
    actor: Any,
    office: Any,
    title: str,
    filename: str,
    content: bytes,
    deadline_country: str = "BD",
    as_of: date | None = None,
) -> Any:
    """A court's or a government's case list (no names), checked row by row: a bad row
    rejects the file with its row number and reason, and nothing is kept. A small list is
    analysed at once; a large one by a background job."""
    from mukti.justice.backlog_import import BadCaseList, read_case_list
    from mukti.justice.models import BacklogAnalysis
    from mukti.justice.tasks import analyse_backlog, run_analysis

    ensure_can(actor, Action.VIEW_ANALYTICS, office)
    as_of = as_of or timezone.localdate()
    try:
        case_list = read_case_list(content, filename=filename, today=as_of)
    except BadCaseList as problem:
        raise ValidationError({"file": str(problem)}) from None
    analysis = BacklogAnalysis(
        office=office,
        title=title.strip() or filename,
        filename=filename[:255],
        source=content,
        row_count=len(case_list.frame),
        deadline_country=deadline_country,
        as_of=as_of,
    )
    _save(analysis, actor)
    if analysis.row_count <= ANALYSE_AT_ONCE_UP_TO:
        run_analysis(analysis.pk)
    else:
        # The job queue lives in this database: the job appears when this upload commits.
        analyse_backlog.enqueue(str(analysis.pk))
    analysis.refresh_from_db()
    return analysis
