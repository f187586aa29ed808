"""Matching in Mukti's terms: "which missing-person reports may be her" for one person
(interactive), every open case against every open report and the reports among themselves
(batch, into the review queue), and training a new model from the reviews.

The engine (mukti/tracing/matching/) sees only PersonRecords; this module turns cases and
reports into records and the engine's candidates back into reports the user may see.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mukti.accounts.selectors import active_memberships
from mukti.cases.models import Case
from mukti.cases.models import Status as CaseStatus
from mukti.tracing import report_index
from mukti.tracing.evidence import stored_evidence
from mukti.tracing.matching.batch import dedupe, link
from mukti.tracing.matching.explain import Candidate
from mukti.tracing.matching.model import MatchModel, train_model
from mukti.tracing.matching.records import PersonRecord
from mukti.tracing.models import (
    CandidateKind,
    MatchCandidate,
    MatchModelVersion,
    MissingPersonReport,
    ReportStatus,
    ReviewStatus,
    TracingJob,
)
from mukti.tracing.person_records import (
    case_record,
    case_record_id,
    case_records,
    parse_record_id,
    report_record,
    report_records,
    reports_for_matching,
)
from mukti.tracing.selectors import reports_visible_to

Progress = Callable[[float, str], None]
# Ask the index for more than a page, since some answers may be in offices out of reach.
SEARCH_BREADTH = 5
SAVE_CHUNK = 1000
MIN_TRAINING_RECORDS = 100  # the engine's own minimum


@dataclass(frozen=True)
class PossibleReport:
    report: MissingPersonReport
    record: PersonRecord
    candidate: Candidate

    @property
    def percent(self) -> int:
        return round(100 * self.candidate.match_probability)


@dataclass(frozen=True)
class SearchAnswer:
    """Reports the user may see, best first, and how many more are in other offices."""

    found: list[PossibleReport]
    elsewhere: int
    model_version: str


def reports_for_person(user: Any, *, person: PersonRecord, limit: int = 10) -> SearchAnswer:
    """Which open reports may be this person: the top candidates the user may see, with
    probability and per-field evidence. Reports in other offices are only counted."""
    candidates = report_index.search(person, limit=limit * SEARCH_BREADTH)
    report_ids = [parse_record_id(c.right_id)[1] for c in candidates]
    reachable = reports_visible_to(user).filter(pk__in=report_ids, status=ReportStatus.OPEN)
    visible = {str(r.pk): r for r in reports_for_matching(reachable).select_related("office")}
    found = [
        PossibleReport(visible[pk], report_record(visible[pk]), candidate)
        for pk, candidate in zip(report_ids, candidates, strict=True)
        if pk in visible
    ]
    return SearchAnswer(
        found=found[:limit],
        elsewhere=_in_own_organisations(user, [pk for pk in report_ids if pk not in visible]),
        model_version=report_index.current_model().version,
    )


def _in_own_organisations(user: Any, report_ids: list[str]) -> int:
    """How many of these reports belong to the user's own organisations: a count, never
    who, and never about another organisation's records."""
    if not report_ids:
        return 0
    organisations = {m.office.organisation_id for m in active_memberships(user)}
    return MissingPersonReport.objects.filter(
        pk__in=report_ids, status=ReportStatus.OPEN, office__organisation_id__in=organisations
    ).count()


def reports_for_case(user: Any, *, case: Case, limit: int = 10) -> SearchAnswer:
    """The panel on the case page: which reports may be this case's survivor."""
    from mukti.tracing.person_records import cases_for_matching

    loaded = cases_for_matching(Case.objects.filter(pk=case.pk)).get()
    return reports_for_person(user, person=case_record(loaded), limit=limit)


def age_when_reported(report: MissingPersonReport) -> int | None:
    return report.age_when_reported


# --- batch --------------------------------------------------------------------------------


@dataclass
class SavedCandidates:
    new: int = 0
    rescored: int = 0

    def add(self, other: SavedCandidates) -> None:
        self.new += other.new
        self.rescored += other.rescored


def _ages(report_ids: Iterable[str]) -> dict[str, int | None]:
    reports = MissingPersonReport.objects.filter(pk__in=list(report_ids)).select_related("person")
    return {str(r.pk): age_when_reported(r) for r in reports}


def _chunks(candidates: Iterable[Candidate], size: int) -> Iterator[list[Candidate]]:
    chunk: list[Candidate] = []
    for candidate in candidates:
        chunk.append(candidate)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _pair_key(candidate: Candidate, kind: str) -> tuple[str, str]:
    """(case or first report id, report or second report id) as the table stores the pair."""
    left, right = parse_record_id(candidate.left_id)[1], parse_record_id(candidate.right_id)[1]
    if kind == CandidateKind.DUPLICATE_REPORTS:
        return (min(left, right), max(left, right))
    return (left, right)


def _existing(kind: str, keys: list[tuple[str, str]]) -> dict[tuple[str, str], MatchCandidate]:
    first = "case_id" if kind == CandidateKind.CASE_REPORT else "report_id"
    second = "report_id" if kind == CandidateKind.CASE_REPORT else "other_report_id"
    rows = MatchCandidate.objects.filter(
        kind=kind, **{f"{first}__in": {a for a, _ in keys}, f"{second}__in": {b for _, b in keys}}
    )
    return {(str(getattr(c, first)), str(getattr(c, second))): c for c in rows}


def _offices(kind: str, keys: list[tuple[str, str]]) -> dict[str, Any]:
    """The office each pair is queued under: the case's, or the first report's."""
    model: Any = Case if kind == CandidateKind.CASE_REPORT else MissingPersonReport
    rows = model.objects.filter(pk__in={a for a, _ in keys}).values_list("pk", "office_id")
    return {str(pk): office_id for pk, office_id in rows}


@transaction.atomic
def save_candidates(
    candidates: list[Candidate], *, kind: str, job: TracingJob, model: MatchModel
) -> SavedCandidates:
    """New pairs into the review queue; pairs already there keep their review, and those
    still waiting take the new scores. A pair is never queued twice."""
    keys = [_pair_key(c, kind) for c in candidates]
    existing = _existing(kind, keys)
    offices = _offices(kind, keys)
    ages = _ages(b if kind == CandidateKind.CASE_REPORT else a for a, b in keys)
    new, rescored, seen = [], [], set()
    for key, candidate in zip(keys, candidates, strict=True):
        if key in seen:
            continue
        seen.add(key)
        values = {
            "match_probability": candidate.match_probability,
            "match_weight": candidate.match_weight,
            "evidence": stored_evidence(candidate),
            "model_version": model.version,
        }
        found = existing.get(key)
        if found is not None:
            if found.status in (ReviewStatus.PENDING, ReviewStatus.UNSURE):
                for name, value in values.items():
                    setattr(found, name, value)
                rescored.append(found)
            continue
        first, second = key
        is_case = kind == CandidateKind.CASE_REPORT
        new.append(
            MatchCandidate(
                kind=kind,
                case_id=first if is_case else None,
                report_id=second if is_case else first,
                other_report_id=None if is_case else second,
                office_id=offices[first],
                person_age=ages.get(second if is_case else first),
                found_by_job=job,
                created_by=job.created_by,
                updated_by=job.created_by,
                **values,
            )
        )
    MatchCandidate.objects.bulk_create(new, ignore_conflicts=True, batch_size=500)
    MatchCandidate.objects.bulk_update(
        rescored, ["match_probability", "match_weight", "evidence", "model_version"], 500
    )
    return SavedCandidates(new=len(new), rescored=len(rescored))


def _part(progress: Progress, start: float, end: float) -> Progress:
    """A slice of the progress bar for one stage of the run."""

    def report(fraction: float, message: str) -> None:
        progress(start + (end - start) * min(max(fraction, 0.0), 1.0), message)

    return report


def run_batch_matching(job: TracingJob, *, progress: Progress) -> dict[str, int]:
    """All open cases against all open reports of the job's offices, then the reports among
    themselves for duplicates; every pair above the model's threshold goes to the queue."""
    offices = job.office_ids
    model = report_index.current_model()
    cases = Case.objects.filter(office_id__in=offices, status=CaseStatus.OPEN)
    reports = MissingPersonReport.objects.filter(office_id__in=offices, status=ReportStatus.OPEN)
    progress(0.01, "Reading cases and reports")
    case_list = list(case_records(cases))
    report_list = list(report_records(reports))
    saved_pairs, saved_duplicates = SavedCandidates(), SavedCandidates()
    pairs = link(case_list, report_list, model=model, progress=_part(progress, 0.05, 0.6))
    for chunk in _chunks(pairs, SAVE_CHUNK):
        saved_pairs.add(
            save_candidates(chunk, kind=CandidateKind.CASE_REPORT, job=job, model=model)
        )
    duplicates, _clusters = dedupe(report_list, model=model, progress=_part(progress, 0.6, 0.95))
    for chunk in _chunks(duplicates, SAVE_CHUNK):
        saved_duplicates.add(
            save_candidates(chunk, kind=CandidateKind.DUPLICATE_REPORTS, job=job, model=model)
        )
    return {
        "cases": len(case_list),
        "reports": len(report_list),
        "new_case_pairs": saved_pairs.new,
        "rescored_case_pairs": saved_pairs.rescored,
        "new_duplicate_pairs": saved_duplicates.new,
        "rescored_duplicate_pairs": saved_duplicates.rescored,
    }


# --- training -----------------------------------------------------------------------------


def training_labels() -> list[tuple[str, str, bool]]:
    """Confirmed and rejected reviews as (record id, record id, same person?)."""
    decided = MatchCandidate.objects.filter(
        status__in=(ReviewStatus.CONFIRMED, ReviewStatus.REJECTED)
    ).values_list("kind", "case_id", "report_id", "other_report_id", "status")
    labels = []
    for kind, case_id, report_id, other_id, status in decided:
        left = (
            case_record_id(case_id) if kind == CandidateKind.CASE_REPORT else f"report:{other_id}"
        )
        labels.append((left, f"report:{report_id}", status == ReviewStatus.CONFIRMED))
    return labels


def train_new_model(
    *, actor: Any, progress: Callable[[str], None] | None = None
) -> MatchModelVersion:
    """Train on every report and every case's survivor, with the reviews as labels, and
    make the new model the one in use."""
    labels = training_labels()
    records = [
        *report_records(MissingPersonReport.objects.all()),
        *case_records(Case.objects.all()),
    ]
    if len(records) < MIN_TRAINING_RECORDS:
        raise ValidationError(
            _("Training needs at least %(needed)s reports and cases; there are %(count)s.")
            % {"needed": MIN_TRAINING_RECORDS, "count": len(records)}
        )
    model = train_model(records, labels=labels, progress=progress)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "model.json"
        model.save(path)  # probabilities and counts only: nothing that names anyone
        document = path.read_text(encoding="utf-8")
    saved = MatchModelVersion.objects.create(
        version=model.version,
        created_by=actor,
        records=len(records),
        labels=len(labels),
        document=document,
    )
    report_index.forget()
    return saved
