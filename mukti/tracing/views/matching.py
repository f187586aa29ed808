"""Matching pages: "which reports may be her" on the case page and from a search form, the
review queue, and the side-by-side page where a pair is confirmed, rejected or left unsure."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mukti.accounts.permissions import case_allows
from mukti.accounts.roles import Action
from mukti.audit.models import AccessAction
from mukti.audit.services import record_access, record_denied
from mukti.cases.models import Case
from mukti.cases.panels import case_or_404, render_panel
from mukti.core.models import StaleEditError
from mukti.people.forms import add_service_errors, stale_message
from mukti.tracing import matches, selectors, services
from mukti.tracing.evidence import EvidenceRow, evidence_rows, stored_evidence
from mukti.tracing.forms import CandidateFilterForm, ReviewForm, SearchForm
from mukti.tracing.matching.records import PersonRecord
from mukti.tracing.models import MatchCandidate, ReviewStatus
from mukti.tracing.person_records import candidate_records, case_record, cases_for_matching
from mukti.tracing.views.reports import log

REPORTS = "tracing.missingpersonreport"


@dataclass(frozen=True)
class ShownMatch:
    possible: matches.PossibleReport
    rows: list[EvidenceRow]
    queued: MatchCandidate | None = None


def _shown(
    answer: matches.SearchAnswer, person: PersonRecord, queued: dict[Any, MatchCandidate]
) -> list[ShownMatch]:
    return [
        ShownMatch(
            possible=possible,
            rows=evidence_rows(
                stored_evidence(possible.candidate), left=person, right=possible.record
            ),
            queued=queued.get(possible.report.pk),
        )
        for possible in answer.found
    ]


def _ensure_reviews(request: HttpRequest) -> None:
    if not selectors.may_review_matches(request.user):
        raise PermissionDenied(_("Your role does not review matches."))


@login_required
def search(request: HttpRequest) -> HttpResponse:
    """Whatever is known of someone → the open reports that may be them, and why."""
    _ensure_reviews(request)
    form = SearchForm(request.GET or None)
    shown: list[ShownMatch] = []
    answer = None
    if form.is_bound and form.is_valid():
        person = form.record()
        answer = matches.reports_for_person(request.user, person=person)
        shown = _shown(answer, person, {})
        log(request, AccessAction.SEARCH, object_type=REPORTS)
    return render(request, "tracing/search.html", {"form": form, "answer": answer, "shown": shown})


def _case_for_matching(request: HttpRequest, number: str) -> Case:
    case = case_or_404(request, number)
    if not case_allows(request.user, Action.REVIEW_MATCHES, case):
        raise PermissionDenied(_("Your role does not review matches."))
    return case


def _case_matches_panel(
    request: HttpRequest, case: Case, *, saved: str = "", status: int = 200
) -> HttpResponse:
    user = request.user
    loaded = cases_for_matching(Case.objects.filter(pk=case.pk)).get()
    person = case_record(loaded)
    answer = matches.reports_for_person(user, person=person)
    candidates = selectors.candidates_for_case(user, case=case)
    queued = {c.report_id: c for c in candidates}
    shown = _shown(answer, person, queued)
    live = {s.possible.report.pk for s in shown}
    if shown or candidates:
        log(request, AccessAction.SEARCH, object_type=REPORTS)
    return render_panel(
        request,
        case=case,
        title=_("Missing-person reports that may match"),
        template="tracing/_case_matches.html",
        context={
            "answer": answer,
            "shown": shown,
            "earlier": [c for c in candidates if c.report_id not in live],
            "matched": selectors.reports_matched_to_case(user, case=case),
            "saved": saved,
        },
        status=status,
    )


@login_required
def case_matches(request: HttpRequest, number: str) -> HttpResponse:
    return _case_matches_panel(request, _case_for_matching(request, number))


@login_required
@require_POST
def queue_candidate(request: HttpRequest, number: str, report_id: Any) -> HttpResponse:
    """Put one of the panel's reports into the review queue (once)."""
    case = _case_for_matching(request, number)
    loaded = cases_for_matching(Case.objects.filter(pk=case.pk)).get()
    answer = matches.reports_for_person(request.user, person=case_record(loaded))
    possible = next((p for p in answer.found if p.report.pk == report_id), None)
    if possible is None:
        raise Http404(_("This report is no longer among the possible matches."))
    services.queue_case_candidate(
        actor=request.user,
        case=case,
        report=possible.report,
        found=services.FoundPair(
            match_probability=possible.candidate.match_probability,
            match_weight=possible.candidate.match_weight,
            evidence=stored_evidence(possible.candidate),
            model_version=answer.model_version,
            person_age=matches.age_when_reported(possible.report),
        ),
    )
    if not getattr(request, "htmx", False):
        messages.success(request, _("The pair is in the review queue."))
        return redirect("tracing:case_matches", number=case.number)
    return _case_matches_panel(request, case, saved=_("The pair is in the review queue."))


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    _ensure_reviews(request)
    user = request.user
    offices = selectors.report_offices(user, action=Action.REVIEW_MATCHES)
    form = CandidateFilterForm(request.GET or None, offices=offices)
    page = selectors.candidate_page(
        user, filters=form.filters(), cursor=request.GET.get("after", "")
    )
    if page.candidates:
        log(request, AccessAction.LIST, object_type="tracing.matchcandidate")
    next_query, first_query = request.GET.copy(), request.GET.copy()
    first_query.pop("after", None)
    if page.next_cursor:
        next_query["after"] = page.next_cursor
    return render(
        request,
        "tracing/review_queue.html",
        {
            "form": form,
            "page": page,
            "next_query": next_query.urlencode() if page.next_cursor else "",
            "first_query": first_query.urlencode() if request.GET.get("after") else None,
        },
    )


def _candidate_or_404(request: HttpRequest, candidate_id: Any) -> MatchCandidate:
    try:
        return selectors.candidate_for(request.user, candidate_id=candidate_id)
    except MatchCandidate.DoesNotExist:
        record_denied(
            actor=request.user,
            object_type="tracing.matchcandidate",
            object_id=str(candidate_id),
            path=request.path,
        )
        raise Http404(_("No such pair.")) from None


def _log_both_sides(request: HttpRequest, candidate: MatchCandidate) -> None:
    record_access(actor=request.user, action=AccessAction.VIEW, path=request.path, record=candidate)
    if candidate.case is not None:
        log(request, AccessAction.VIEW, record=candidate.case)
    for report in (candidate.report, candidate.other_report):
        if report is not None:
            log(request, AccessAction.VIEW, record=report, person_id=report.person_id)


def _candidate_page(
    request: HttpRequest, candidate: MatchCandidate, form: ReviewForm | None = None, stale: str = ""
) -> HttpResponse:
    left, right = candidate_records(candidate)
    _log_both_sides(request, candidate)
    may_review = services.may_review(request.user, candidate) and candidate.status not in (
        ReviewStatus.CONFIRMED,
        ReviewStatus.SET_ASIDE,
    )
    rows = evidence_rows(candidate.evidence, left=left, right=right)
    return render(
        request,
        "tracing/candidate.html",
        {
            "candidate": candidate,
            "rows": rows,
            "percent": round(100 * candidate.match_probability),
            "agreeing": [r for r in rows if r.agrees],
            "disagreeing": [r for r in rows if r.disagrees],
            "form": (form or ReviewForm(initial={"version": candidate.version}))
            if may_review
            else None,
            "stale": stale,
        },
    )


@login_required
def candidate_detail(request: HttpRequest, candidate_id: Any) -> HttpResponse:
    candidate = _candidate_or_404(request, candidate_id)
    if request.method != "POST":
        return _candidate_page(request, candidate)
    form = ReviewForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.review_candidate(
                actor=request.user,
                candidate=candidate,
                expected_version=data["version"],
                decision=data["decision"],
                reason=data["reason"],
                decided_on=data["decided_on"],
            )
        except StaleEditError:
            candidate = _candidate_or_404(request, candidate_id)
            return _candidate_page(request, candidate, form, stale=stale_message(candidate))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _done_message(data["decision"], candidate))
            return redirect("tracing:candidate", candidate_id=candidate.pk)
    return _candidate_page(request, candidate, form)


def _done_message(decision: str, candidate: MatchCandidate) -> str:
    if decision == ReviewStatus.CONFIRMED and candidate.case is not None:
        return _(
            "Confirmed. The report is now found and linked to case %(number)s, and the match "
            "is on its timeline."
        ) % {"number": candidate.case.number}
    if decision == ReviewStatus.CONFIRMED:
        return _("Confirmed. The newer report is closed as a duplicate.")
    if decision == ReviewStatus.REJECTED:
        return _("Rejected. The decision is kept, and the next model learns from it.")
    return _("Marked as unsure. The pair stays in the queue under “Unsure”.")
