"""Reads of aftercare records, always starting from what the acting user may see: the case
must be in their scope, and restricted records (counselling sessions and DASS-21 in the
counselling section, medical care in the health section) only for roles that read them."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from mukti.accounts.permissions import case_allows, readable_sections
from mukti.accounts.roles import ROLE_RULES, Action, Scope, Section
from mukti.accounts.selectors import memberships_allowing
from mukti.aftercare.models import (
    CarePlan,
    CarePlanGoal,
    Dass21Assessment,
    FollowUp,
    FollowUpStatus,
    Household,
    IncomeRecord,
    PeerMentor,
    PeerMentoringSession,
    PeerMentorMatch,
    RecoveryAssessment,
    ReintegrationTransition,
    ReTraffickingIncident,
    Service,
    ServiceStatus,
)
from mukti.cases.models import Case, CaseAssignment, Status
from mukti.cases.selectors import cases_visible_to
from mukti.people.models import PersonName

# "Due" in a worker's queue: due within this many days (or overdue).
DUE_SOON_DAYS = 7
# Income that rose by more than this share is counted (the seed report's "more than 30%").
INCOME_RISE_COUNTED = Decimal("30")


def _readable_case_id(user: Any, case: Case) -> Any:
    """The case's id if the user may read it, else None (which matches no row)."""
    return case.pk if case_allows(user, Action.VIEW_CASE, case) else None


def _archived(archived: bool) -> Q:
    return Q(archived_at__isnull=not archived)


# --- one case's records --------------------------------------------------------------------


def current_care_plan(user: Any, *, case: Case) -> CarePlan | None:
    """The case's current plan with its needs, goals (not archived) and reviews."""
    goals = CarePlanGoal.objects.filter(archived_at__isnull=True).select_related("owner")
    return (
        CarePlan.objects.filter(case_id=_readable_case_id(user, case), archived_at__isnull=True)
        .prefetch_related(
            "needs", Prefetch("goals", queryset=goals.order_by("target_on")), "reviews"
        )
        .first()
    )


def archived_care_plans(user: Any, *, case: Case) -> QuerySet[CarePlan]:
    return CarePlan.objects.filter(
        case_id=_readable_case_id(user, case), archived_at__isnull=False
    ).order_by("-agreed_on")


def care_plan_for(user: Any, *, case: Case, plan_id: Any) -> CarePlan:
    """CarePlan.DoesNotExist unless the plan is on this case and the user may read it."""
    return CarePlan.objects.get(case_id=_readable_case_id(user, case), pk=plan_id)


def archived_goals(user: Any, *, plan: CarePlan) -> QuerySet[CarePlanGoal]:
    return CarePlanGoal.objects.filter(
        plan__case_id=_readable_case_id(user, plan.case), plan=plan, archived_at__isnull=False
    ).select_related("owner")


def goal_for(user: Any, *, case: Case, goal_id: Any) -> CarePlanGoal:
    return CarePlanGoal.objects.select_related("plan", "plan__case", "owner").get(
        plan__case_id=_readable_case_id(user, case), pk=goal_id
    )


def services_readable(user: Any, *, case: Case, archived: bool = False) -> QuerySet[Service]:
    """Services in the sections the user's role reads: no counselling sessions for a
    caseworker, no medical care or counselling for a legal officer."""
    return Service.objects.filter(
        _archived(archived),
        case_id=_readable_case_id(user, case),
        section__in=readable_sections(user, case),
    ).select_related("household", "created_by")


def service_for(user: Any, *, case: Case, service_id: Any) -> Service:
    """Service.DoesNotExist if it is on another case or in a section the user cannot read."""
    return Service.objects.select_related("case", "household").get(
        case_id=_readable_case_id(user, case),
        section__in=readable_sections(user, case),
        pk=service_id,
    )


def follow_ups_of(user: Any, *, case: Case, archived: bool = False) -> QuerySet[FollowUp]:
    """Latest first (by the date done, then when recorded)."""
    return FollowUp.objects.filter(
        _archived(archived), case_id=_readable_case_id(user, case)
    ).order_by("-done_on", "-created_at")


def planned_follow_ups(user: Any, *, case: Case) -> QuerySet[FollowUp]:
    """The case's planned follow-ups, the most overdue first."""
    return follow_ups_of(user, case=case).filter(status=FollowUpStatus.PLANNED).order_by("due_on")


def follow_up_for(user: Any, *, case: Case, follow_up_id: Any) -> FollowUp:
    return FollowUp.objects.select_related("case").get(
        case_id=_readable_case_id(user, case), pk=follow_up_id
    )


def reads_counselling(user: Any, case: Case) -> bool:
    return Section.COUNSELLING in readable_sections(user, case)


def dass21_of(user: Any, *, case: Case, archived: bool = False) -> QuerySet[Dass21Assessment]:
    """DASS-21 assessments, for roles that read the counselling section only."""
    if not reads_counselling(user, case):
        return Dass21Assessment.objects.none()
    return Dass21Assessment.objects.filter(
        _archived(archived), case_id=_readable_case_id(user, case)
    )


def dass21_for(user: Any, *, case: Case, assessment_id: Any) -> Dass21Assessment:
    """Dass21Assessment.DoesNotExist for roles that do not read counselling."""
    if not reads_counselling(user, case):
        raise Dass21Assessment.DoesNotExist
    return Dass21Assessment.objects.select_related("case").get(
        case_id=_readable_case_id(user, case), pk=assessment_id
    )


def recovery_assessments_of(
    user: Any, *, case: Case, archived: bool = False
) -> QuerySet[RecoveryAssessment]:
    return RecoveryAssessment.objects.filter(
        _archived(archived), case_id=_readable_case_id(user, case)
    ).select_related("instrument")


def recovery_assessment_for(user: Any, *, case: Case, assessment_id: Any) -> RecoveryAssessment:
    return RecoveryAssessment.objects.select_related("instrument", "case").get(
        case_id=_readable_case_id(user, case), pk=assessment_id
    )


@dataclass(frozen=True)
class IncomeRow:
    """An income record and how it compares with the baseline."""

    record: IncomeRecord
    change: Decimal | None  # absolute, per month, in the baseline's currency
    change_percent: Decimal | None  # None when there is no baseline or it was nothing

    @property
    def rose_more_than_counted(self) -> bool:
        return self.change_percent is not None and self.change_percent > INCOME_RISE_COUNTED


def income_change(baseline: Decimal, amount: Decimal) -> tuple[Decimal, Decimal | None]:
    """The change from the baseline, absolute and in percent (None from a zero baseline)."""
    change = amount - baseline
    if baseline == 0:
        return change, None
    return change, (change * 100 / baseline).quantize(Decimal("0.1"))


def income_history(user: Any, *, case: Case) -> list[IncomeRow]:
    """The case's income records, oldest first, each compared with the baseline."""
    records = list(
        IncomeRecord.objects.filter(
            case_id=_readable_case_id(user, case), archived_at__isnull=True
        ).order_by("recorded_on", "created_at")
    )
    baseline = next((r for r in records if r.is_baseline), None)
    rows = []
    for record in records:
        if baseline is None or record.is_baseline:
            rows.append(IncomeRow(record, None, None))
            continue
        change, percent = income_change(baseline.amount_per_month, record.amount_per_month)
        rows.append(IncomeRow(record, change, percent))
    return rows


def archived_income(user: Any, *, case: Case) -> QuerySet[IncomeRecord]:
    return IncomeRecord.objects.filter(
        case_id=_readable_case_id(user, case), archived_at__isnull=False
    )


def income_record_for(user: Any, *, case: Case, record_id: Any) -> IncomeRecord:
    return IncomeRecord.objects.select_related("case").get(
        case_id=_readable_case_id(user, case), pk=record_id
    )


def reintegration_of(
    user: Any, *, case: Case, archived: bool = False
) -> QuerySet[ReintegrationTransition]:
    """The stages reached, latest first."""
    return ReintegrationTransition.objects.filter(
        _archived(archived), case_id=_readable_case_id(user, case)
    )


def reintegration_transition_for(
    user: Any, *, case: Case, transition_id: Any
) -> ReintegrationTransition:
    return ReintegrationTransition.objects.select_related("case").get(
        case_id=_readable_case_id(user, case), pk=transition_id
    )


def peer_mentor_of(user: Any, *, case: Case) -> PeerMentor | None:
    """The survivor of this case as a trained peer mentor, with their matches."""
    matches = PeerMentorMatch.objects.filter(archived_at__isnull=True).select_related("case")
    return (
        PeerMentor.objects.filter(case_id=_readable_case_id(user, case), archived_at__isnull=True)
        .prefetch_related(Prefetch("matches", queryset=matches))
        .first()
    )


def archived_peer_mentors(user: Any, *, case: Case) -> QuerySet[PeerMentor]:
    return PeerMentor.objects.filter(
        case_id=_readable_case_id(user, case), archived_at__isnull=False
    )


def peer_mentor_for(user: Any, *, case: Case, mentor_id: Any) -> PeerMentor:
    return PeerMentor.objects.select_related("case").get(
        case_id=_readable_case_id(user, case), pk=mentor_id
    )


def mentee_matches(user: Any, *, case: Case) -> QuerySet[PeerMentorMatch]:
    """The peer mentors supporting the survivor of this case (the mentor's case is shown
    only to those who may read it; see `mentor_case_visible`)."""
    sessions = PeerMentoringSession.objects.filter(archived_at__isnull=True)
    return (
        PeerMentorMatch.objects.filter(
            case_id=_readable_case_id(user, case), archived_at__isnull=True
        )
        .select_related("mentor", "mentor__case")
        .prefetch_related(Prefetch("sessions", queryset=sessions))
    )


def match_for(user: Any, *, case: Case, match_id: Any) -> PeerMentorMatch:
    """A match on this case, as mentee's case or as mentor's case."""
    readable = _readable_case_id(user, case)
    return PeerMentorMatch.objects.select_related("mentor", "mentor__case", "case").get(
        Q(case_id=readable) | Q(mentor__case_id=readable), pk=match_id
    )


def session_for(user: Any, *, case: Case, session_id: Any) -> PeerMentoringSession:
    return PeerMentoringSession.objects.select_related("match", "match__case").get(
        match__case_id=_readable_case_id(user, case), pk=session_id
    )


def mentor_case_visible(user: Any, match: PeerMentorMatch) -> bool:
    return case_allows(user, Action.VIEW_CASE, match.mentor.case)


def re_trafficking_of(
    user: Any, *, case: Case, archived: bool = False
) -> QuerySet[ReTraffickingIncident]:
    return ReTraffickingIncident.objects.filter(
        _archived(archived), case_id=_readable_case_id(user, case)
    )


def re_trafficking_for(user: Any, *, case: Case, incident_id: Any) -> ReTraffickingIncident:
    return ReTraffickingIncident.objects.select_related("case").get(
        case_id=_readable_case_id(user, case), pk=incident_id
    )


def mentee_case_for(user: Any, *, number: str) -> Case | None:
    """A case the user may record care on, by number (to match a mentor with a mentee)."""
    case = Case.objects.select_related("survivor", "office").filter(number=number.upper()).first()
    if case is None or not case_allows(user, Action.RECORD_CARE, case):
        return None
    return case


# --- a worker's queue: due follow-ups, plan reviews, overdue services -----------------------


@dataclass(frozen=True)
class QueuePage:
    items: list[Any]
    next_cursor: str | None


def _encode(due_on: date, pk: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps([due_on.isoformat(), str(pk)]).encode()).decode()


def _decode(cursor: str) -> tuple[date, str] | None:
    try:
        due_on, pk = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        return date.fromisoformat(due_on), str(pk)
    except (ValueError, TypeError):
        return None


def my_case_ids(user: Any, *, include_team: bool = False) -> QuerySet[Any]:
    """Ids of the open cases assigned to the user (and, if asked, their teams' open cases),
    in offices where their role reads cases."""
    memberships = memberships_allowing(user, Action.VIEW_CASE)
    office_ids = {m.office_id for m in memberships}
    organisation_ids = {
        m.office.organisation_id for m in memberships if m.scope == Scope.ORGANISATION
    }
    assigned = CaseAssignment.objects.filter(user=user, ended_at__isnull=True).values("case_id")
    reach = Q(office_id__in=office_ids) | Q(office__organisation_id__in=organisation_ids)
    mine = Q(pk__in=assigned)
    if include_team:
        team_ids = {m.team_id for m in memberships if m.team_id and m.scope != Scope.ASSIGNED}
        mine |= Q(team_id__in=team_ids)
    return Case.objects.filter(reach, mine, status=Status.OPEN).values("pk")


def _with_survivor(queryset: QuerySet[Any]) -> QuerySet[Any]:
    primary = PersonName.objects.filter(is_primary=True)
    return queryset.select_related("case", "case__survivor").prefetch_related(
        Prefetch("case__survivor__names", queryset=primary)
    )


def _queue_page(
    queryset: QuerySet[Any], *, date_field: str, cursor: str, size: int | None
) -> QueuePage:
    """One page in date order (then id), paginated by key, never by counting."""
    size = size or settings.MUKTI_PAGE_SIZE
    position = _decode(cursor) if cursor else None
    if position is not None:
        day, pk = position
        queryset = queryset.filter(
            Q(**{f"{date_field}__gt": day}) | Q(**{date_field: day, "pk__gt": pk})
        )
    rows = list(_with_survivor(queryset.order_by(date_field, "pk"))[: size + 1])
    next_cursor = None
    if len(rows) > size:
        last = rows[size - 1]
        next_cursor = _encode(getattr(last, date_field), last.pk)
    return QueuePage(items=rows[:size], next_cursor=next_cursor)


def due_follow_ups(
    user: Any,
    *,
    include_team: bool = False,
    cursor: str = "",
    size: int | None = None,
    today: date | None = None,
) -> QueuePage:
    """My planned follow-ups that are overdue or due within a week, most overdue first."""
    follow_ups = due_follow_ups_query(user, include_team=include_team, today=today)
    return _queue_page(follow_ups, date_field="due_on", cursor=cursor, size=size)


def due_follow_ups_query(
    user: Any, *, include_team: bool = False, today: date | None = None
) -> QuerySet[FollowUp]:
    """The queue's rows, unordered: each of my cases' planned follow-ups by due date (the
    (case, status, due_on) index answers it case by case)."""
    until = (today or timezone.localdate()) + timedelta(days=DUE_SOON_DAYS)
    return FollowUp.objects.filter(
        case_id__in=my_case_ids(user, include_team=include_team),
        status=FollowUpStatus.PLANNED,
        due_on__lte=until,
        archived_at__isnull=True,
    )


def care_plan_reviews_due(
    user: Any,
    *,
    include_team: bool = False,
    cursor: str = "",
    size: int | None = None,
    today: date | None = None,
) -> QueuePage:
    """Current care plans of my cases whose review is overdue or due within a week."""
    until = (today or timezone.localdate()) + timedelta(days=DUE_SOON_DAYS)
    plans = CarePlan.objects.filter(
        case_id__in=my_case_ids(user, include_team=include_team),
        review_on__lte=until,
        archived_at__isnull=True,
    )
    return _queue_page(plans, date_field="review_on", cursor=cursor, size=size)


def overdue_services(
    user: Any,
    *,
    include_team: bool = False,
    cursor: str = "",
    size: int | None = None,
    today: date | None = None,
) -> QueuePage:
    """Planned services of my cases past their due date, in sections my role reads
    (the sections are the same on every case for one membership set)."""
    today = today or timezone.localdate()
    sections = _sections_read_on_my_cases(user)
    services = Service.objects.filter(
        case_id__in=my_case_ids(user, include_team=include_team),
        status=ServiceStatus.PLANNED,
        due_on__lt=today,
        archived_at__isnull=True,
        section__in=sections,
    )
    return _queue_page(services, date_field="due_on", cursor=cursor, size=size)


def _sections_read_on_my_cases(user: Any) -> set[str]:
    """The restricted sections the user reads on the cases their memberships reach."""
    sections: set[str] = set()
    for membership in memberships_allowing(user, Action.VIEW_CASE):
        sections |= ROLE_RULES[membership.role].sections
    return sections


# --- counts (within the user's scope) --------------------------------------------------------


@dataclass(frozen=True)
class AftercareCounts:
    follow_ups_done: int
    households_reached: int
    people_reached: int
    re_trafficking_incidents: int
    survivors_re_trafficked: int


def aftercare_counts(user: Any, *, since: date, until: date) -> AftercareCounts:
    """What the user's visible cases add up to between two dates (no names)."""
    visible = cases_visible_to(user).values("pk")
    done = FollowUp.objects.filter(
        case_id__in=visible,
        status=FollowUpStatus.DONE,
        done_on__range=(since, until),
        archived_at__isnull=True,
    ).count()
    relief = Service.objects.filter(
        case_id__in=visible,
        status=ServiceStatus.DELIVERED,
        household__isnull=False,
        delivered_on__range=(since, until),
        archived_at__isnull=True,
    )
    households = relief.aggregate(n=Count("household", distinct=True))["n"]
    people = Household.objects.filter(pk__in=relief.values("household")).aggregate(
        total=Sum("size")
    )["total"]
    incidents = ReTraffickingIncident.objects.filter(
        case_id__in=visible, happened_on__range=(since, until), archived_at__isnull=True
    ).aggregate(n=Count("pk"), survivors=Count("case__survivor", distinct=True))
    return AftercareCounts(
        follow_ups_done=done,
        households_reached=households,
        people_reached=people or 0,
        re_trafficking_incidents=incidents["n"],
        survivors_re_trafficked=incidents["survivors"],
    )
