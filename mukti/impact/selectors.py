"""Reads of impact reporting, always for an acting user: aggregates count only the cases the
user's analytics scope reaches; the records behind a number only those they may open."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from mukti.accounts.models import Office, Organisation
from mukti.cases.models import Case, CaseEvent
from mukti.cases.selectors import cases_visible_to
from mukti.impact import engine
from mukti.impact.access import (
    AnalyticsScope,
    analytics_scope,
    may_view_analytics,
    organisations_with_published_reports,
)
from mukti.impact.exports import ExportFile, build_export
from mukti.impact.figures import OfficeInfo, compute_figures
from mukti.impact.indicators import (
    AGE_GROUP,
    COUNTRY,
    INDICATORS,
    OFFICE,
    SEX,
    STRATEGY,
    ActivityTotal,
    EventCount,
    Indicator,
    Share,
    age_group_of,
    indicator,
)
from mukti.impact.models import (
    ImpactReport,
    NarrativeSection,
    PartnerSubmission,
    PublishedReport,
    ReportingSettings,
    Target,
)
from mukti.impact.periods import Period
from mukti.impact.report_data import figures_as_data
from mukti.people.models import Person


def _ensure_analytics(user: Any) -> None:
    if not may_view_analytics(user):
        raise PermissionDenied(_("Your role does not read indicators."))


def reporting_settings(organisation_id: Any) -> ReportingSettings:
    """The organisation's settings, or the defaults (unsaved) when none were set."""
    found = ReportingSettings.objects.filter(organisation_id=organisation_id).first()
    return found or ReportingSettings(organisation_id=organisation_id)


def organisations_for_analytics(user: Any) -> QuerySet[Organisation]:
    scope_ids = {
        office.organisation_id
        for office in Office.objects.filter(pk__in=analytics_scope(user).office_ids)
    }
    return Organisation.objects.filter(pk__in=scope_ids).order_by("name")


def default_organisation(user: Any) -> Organisation | None:
    return organisations_for_analytics(user).first()


def _narrowed(scope: AnalyticsScope, office_ids: Iterable[Any] | None) -> AnalyticsScope:
    if office_ids is None:
        return scope
    wanted = set(office_ids)
    return AnalyticsScope(
        office_ids=tuple(pk for pk in scope.office_ids if pk in wanted),
        case_ids=scope.case_ids,
        whole_office_ids=scope.whole_office_ids & wanted,
    )


def indicator_data(
    user: Any,
    *,
    organisation_id: Any,
    period: Period,
    baseline: Sequence[Period] | None = None,
    baseline_count: int = 2,
    office_ids: Iterable[Any] | None = None,
    indicators: Iterable[Indicator] = INDICATORS,
) -> dict[str, Any]:
    """Every indicator for the period, with growth on the baseline average and breakdowns,
    counted over the user's analytics scope in the organisation."""
    _ensure_analytics(user)
    scope = _narrowed(analytics_scope(user, organisation_id=organisation_id), office_ids)
    return _data_for(
        user,
        scope,
        organisation_id=organisation_id,
        period=period,
        baseline=baseline,
        baseline_count=baseline_count,
        indicators=indicators,
    )


def _data_for(
    user: Any,
    scope: AnalyticsScope,
    *,
    organisation_id: Any,
    period: Period,
    baseline: Sequence[Period] | None = None,
    baseline_count: int = 2,
    indicators: Iterable[Indicator] = INDICATORS,
) -> dict[str, Any]:
    baseline = list(baseline) if baseline is not None else period.preceding(baseline_count)
    figures = compute_figures(
        user=user, scope=scope, period=period, baseline=baseline, indicators=indicators
    )
    start_month = reporting_settings(organisation_id).financial_year_start_month
    data = figures_as_data(figures, start_month=start_month)
    data["organisation"] = Organisation.objects.get(pk=organisation_id).name
    return data


def _report_office_ids(report: ImpactReport) -> list[Any]:
    chosen = list(report.offices.values_list("pk", flat=True))
    if chosen:
        return chosen
    return list(
        Office.objects.filter(organisation_id=report.organisation_id).values_list("pk", flat=True)
    )


def report_data(user: Any, *, report: ImpactReport, require_whole_scope: bool = False) -> dict:
    """Today's numbers for a report, over its offices within the user's scope."""
    _ensure_analytics(user)
    office_ids = _report_office_ids(report)
    if require_whole_scope:
        scope = analytics_scope(user, organisation_id=report.organisation_id)
        outside = set(office_ids) - set(scope.whole_office_ids)
        if outside:
            raise ValidationError(
                {
                    "report": _(
                        "This report covers offices whose records you cannot count in full, "
                        "so you cannot publish it. Ask someone whose role covers them all."
                    )
                }
            )
    period = Period(report.period_start, report.period_end)
    data = indicator_data(
        user,
        organisation_id=report.organisation_id,
        period=period,
        baseline_count=report.baseline_periods,
        office_ids=office_ids,
    )
    data["title"] = report.title
    return data


# --- reports -----------------------------------------------------------------------------


def reports_visible_to(user: Any) -> QuerySet[ImpactReport]:
    """Drafts and published reports for analytics roles; published ones only for donors."""
    analytics_orgs = set(organisations_for_analytics(user).values_list("pk", flat=True))
    published_orgs = organisations_with_published_reports(user)
    return (
        ImpactReport.objects.filter(
            Q(organisation_id__in=analytics_orgs)
            | Q(organisation_id__in=published_orgs, status=ImpactReport.Status.PUBLISHED)
        )
        .select_related("organisation")
        .order_by("-period_start", "title")
    )


def report_for(user: Any, *, report_id: Any) -> ImpactReport:
    """ImpactReport.DoesNotExist unless the user may read it."""
    return reports_visible_to(user).get(pk=report_id)


def may_read_drafts(user: Any, report: ImpactReport) -> bool:
    return report.organisation_id in set(
        organisations_for_analytics(user).values_list("pk", flat=True)
    )


def sections_of(user: Any, *, report: ImpactReport) -> QuerySet[NarrativeSection]:
    """The draft narrative (for analytics roles of the organisation only)."""
    if not may_read_drafts(user, report):
        return NarrativeSection.objects.none()
    return report.sections.filter(archived_at__isnull=True)


def section_for(user: Any, *, report: ImpactReport, section_id: Any) -> NarrativeSection:
    return sections_of(user, report=report).get(pk=section_id)


def published_versions(user: Any, *, report: ImpactReport) -> QuerySet[PublishedReport]:
    visible = reports_visible_to(user).filter(pk=report.pk)
    return PublishedReport.objects.filter(report__in=visible).order_by("-number")


def published_version(
    user: Any, *, report: ImpactReport, number: int | None = None
) -> PublishedReport:
    """A published version (the latest by default); DoesNotExist if none may be read."""
    versions = published_versions(user, report=report)
    if number is not None:
        return versions.get(number=number)
    latest = versions.first()
    if latest is None:
        raise PublishedReport.DoesNotExist
    return latest


def published_narrative(version: PublishedReport) -> list[dict[str, str]]:
    return json.loads(version.narrative or "[]")


# --- targets -----------------------------------------------------------------------------


def targets_visible_to(user: Any) -> QuerySet[Target]:
    organisations = organisations_for_analytics(user)
    return Target.objects.filter(organisation__in=organisations, archived_at__isnull=True)


def target_for(user: Any, *, target_id: Any) -> Target:
    return targets_visible_to(user).get(pk=target_id)


@dataclass(frozen=True)
class Progress:
    achieved: float | None  # the number reached, or the rise in per cent
    percent_of_target: int | None
    measured: Period | None
    baseline_value: float | None = None
    note: str = ""


def _value(user: Any, target: Target, period: Period, office_ids: list[Any] | None) -> Any:
    item = indicator(target.indicator)
    data = indicator_data(
        user,
        organisation_id=target.organisation_id,
        period=period,
        baseline=[],
        office_ids=office_ids,
        indicators=[item],
    )
    return data["indicators"][0]["value"]


def target_progress(user: Any, *, target: Target, today: date | None = None) -> Progress:
    """How far a target has come: the number reached so far, or the rise over its baseline
    in the latest period of the baseline's length that has ended."""
    today = today or timezone.localdate()
    office_ids = list(target.offices.values_list("pk", flat=True)) or None
    limit = min(today, target.due_on)
    if limit < target.starts_on:
        return Progress(None, None, None, note=_("Counting has not started yet."))
    if target.kind == Target.Kind.TOTAL:
        measured = Period(target.starts_on, limit)
        achieved = _value(user, target, measured, office_ids)
        if achieved is None:
            return Progress(None, None, measured, note=_("Not counted yet."))
        percent = round(100 * float(achieved) / float(target.target_value))
        return Progress(float(achieved), percent, measured)
    return _rise_progress(user, target, limit=limit, office_ids=office_ids)


def _rise_progress(user: Any, target: Target, *, limit: date, office_ids: Any) -> Progress:
    if target.baseline_start is None or target.baseline_end is None:
        return Progress(None, None, None, note=_("The target has no baseline period."))
    baseline = Period(target.baseline_start, target.baseline_end)
    measured: Period | None = None
    step = 1
    while baseline.shifted_back(-step).end <= limit:
        measured = baseline.shifted_back(-step)
        step += 1
    if measured is None or measured.start < target.starts_on:
        return Progress(None, None, None, note=_("No full period to compare has ended yet."))
    before = _value(user, target, baseline, office_ids)
    after = _value(user, target, measured, office_ids)
    if before is None or after is None:
        return Progress(None, None, measured, note=_("Not counted yet."))
    if not before:
        return Progress(None, None, measured, 0.0, note=_("The baseline is 0: no rise to measure."))
    rise = round(100 * (float(after) - float(before)) / float(before), 1)
    percent = round(100 * rise / float(target.target_value)) if rise > 0 else 0
    return Progress(rise, percent, measured, float(before))


# --- partner submissions -----------------------------------------------------------------


def submissions_visible_to(user: Any) -> QuerySet[PartnerSubmission]:
    """Host organisations' analytics roles see their joint offices' submissions; partner
    staff see their own office's."""
    from mukti.impact.access import offices_to_submit_for

    organisations = organisations_for_analytics(user)
    return (
        PartnerSubmission.objects.filter(
            Q(office__organisation__in=organisations)
            | Q(office__in=offices_to_submit_for(user).values("pk"))
        )
        .select_related("office", "created_by")
        .prefetch_related("figures")
        .order_by("-period_start", "office__code", "-created_at")
    )


@dataclass(frozen=True)
class SubmissionStatus:
    office: Office
    submission: PartnerSubmission | None


def submission_status(user: Any, *, period: Period) -> list[SubmissionStatus]:
    """For each joint office the user follows: its current submission for the period, or
    None ("data awaited")."""
    submissions = submissions_visible_to(user).filter(
        replaced_by__isnull=True, period_start=period.start, period_end=period.end
    )
    found = {s.office_id: s for s in submissions}
    offices = Office.objects.filter(strategy=Office.Strategy.JOINT).filter(
        Q(organisation__in=organisations_for_analytics(user))
        | Q(pk__in=submissions_visible_to(user).values("office_id"))
    )
    return [SubmissionStatus(o, found.get(o.pk)) for o in offices.order_by("code")]


# --- the records behind a number ------------------------------------------------------------


@dataclass
class Drilldown:
    """The records behind one number: those the user may open, and how many others there are."""

    indicator: Indicator
    counted: int = 0
    records: list[dict[str, Any]] = field(default_factory=list)
    hidden: int = 0
    # The number comes (in part) from elsewhere: partner submissions or another app.
    elsewhere: str = ""


def _cell_key(dim: str, info: OfficeInfo, person: Mapping[str, Any], on: date) -> str:
    if dim == OFFICE:
        return info.code
    if dim == COUNTRY:
        return info.country
    if dim == STRATEGY:
        return info.strategy
    if dim == SEX:
        return str(person["sex"])
    if dim == AGE_GROUP:
        return age_group_of(_age_on(person, on))
    return ""


def _age_on(person: Mapping[str, Any], day: date) -> int | None:
    return Person(
        birth_date=person["birth_date"],
        estimated_age=person["estimated_age"],
        age_estimated_on=person["age_estimated_on"],
    ).age_on(day)


def _first_events(
    kinds: Sequence[str], period: Period, scope: AnalyticsScope, *, detail: Any = None
) -> dict[Any, tuple[date, int, Any]]:
    """Per survivor, their first qualifying event: (date, office order, case id), the way
    the engine picks it."""
    offices = {pk: number for number, pk in enumerate(_in_code_order(scope.office_ids))}
    events = CaseEvent.objects.filter(
        kind__in=kinds,
        happened_on__gte=period.start,
        happened_on__lte=period.end,
        superseded_by__isnull=True,
        case__office_id__in=scope.office_ids,
    )
    if scope.case_ids is not None:
        events = events.filter(case_id__in=scope.case_ids.values("pk"))
    if detail is not None:
        events = events.filter(source_id__in=detail.values("pk"))
    first: dict[Any, tuple[date, int, Any]] = {}
    rows = events.values_list("case__survivor_id", "happened_on", "case__office_id", "case_id")
    for survivor_id, happened_on, office_id, case_id in rows.iterator():
        candidate = (happened_on, offices[office_id], case_id)
        if survivor_id not in first or candidate[:2] < first[survivor_id][:2]:
            first[survivor_id] = candidate
    return first


def _in_code_order(office_ids: Iterable[Any]) -> list[Any]:
    """Offices in the order the engine numbers them (by code), which breaks a same-day tie."""
    return list(
        Office.objects.filter(pk__in=list(office_ids)).order_by("code").values_list("pk", flat=True)
    )


def _ever(kinds: Sequence[str], until: date, scope: AnalyticsScope) -> set[Any]:
    events = CaseEvent.objects.filter(
        kind__in=kinds,
        happened_on__lte=until,
        superseded_by__isnull=True,
        case__office_id__in=scope.office_ids,
    )
    if scope.case_ids is not None:
        events = events.filter(case_id__in=scope.case_ids.values("pk"))
    return set(events.values_list("case__survivor_id", flat=True))


def drilldown(
    user: Any,
    *,
    organisation_id: Any,
    code: str,
    period: Period,
    dim: str = "",
    key: str = "",
    part: str = "numerator",
    limit: int = 200,
) -> Drilldown:
    """The cases behind one number (or one cell of a breakdown): the survivors the rule
    counted, each with the event that made them count. Only cases the user may open are
    listed; the others are only counted."""
    _ensure_analytics(user)
    item = indicator(code)
    scope = analytics_scope(user, organisation_id=organisation_id)
    result = Drilldown(indicator=item)
    if isinstance(item.rule, ActivityTotal):
        result.elsewhere = item.needs
        return result
    infos = {
        o.pk: OfficeInfo(o.pk, o.code, o.name, o.country, o.strategy)
        for o in Office.objects.filter(pk__in=scope.office_ids)
    }
    if item.partner_reports:
        joint = {pk for pk, o in infos.items() if o.strategy == Office.Strategy.JOINT}
        joint &= set(scope.whole_office_ids)
        if joint:
            result.elsewhere = "partner_submissions"
        scope = AnalyticsScope(
            office_ids=tuple(pk for pk in scope.office_ids if pk not in joint),
            case_ids=scope.case_ids,
            whole_office_ids=scope.whole_office_ids - joint,
        )
    firsts = _counted(item, period, scope, part=part)
    persons = {
        p["pk"]: p
        for p in Person.objects.filter(pk__in=list(firsts)).values(
            "pk", "sex", "birth_date", "estimated_age", "age_estimated_on"
        )
    }
    offices_by_order = dict(enumerate(_in_code_order(scope.office_ids)))
    under_age = item.rule.under_age if isinstance(item.rule, EventCount) else None
    chosen = []
    for survivor_id, (happened_on, office_order, case_id) in firsts.items():
        info = infos[offices_by_order[office_order]]
        person = persons[survivor_id]
        if under_age is not None:
            age = _age_on(person, happened_on)
            if age is None or age >= under_age:
                continue
        if dim and _cell_key(dim, info, person, happened_on) != key:
            continue
        chosen.append((happened_on, case_id, info.code))
    result.counted = len(chosen)
    chosen.sort(key=lambda row: (row[0], str(row[1])))
    visible = dict(
        cases_visible_to(user)
        .filter(pk__in=[case_id for _d, case_id, _o in chosen])
        .values_list("pk", "number")
    )
    for happened_on, case_id, office_code in chosen:
        if case_id in visible and len(result.records) < limit:
            result.records.append(
                {"case": visible[case_id], "happened_on": happened_on, "office": office_code}
            )
    result.hidden = result.counted - sum(1 for _d, case_id, _o in chosen if case_id in visible)
    return result


def _counted(
    item: Indicator, period: Period, scope: AnalyticsScope, *, part: str
) -> dict[Any, tuple[date, int, Any]]:
    rule = item.rule
    if isinstance(rule, EventCount):
        detail = engine.detail_ids(rule.detail.app, rule.detail.function) if rule.detail else None
        return _first_events(rule.kinds, period, scope, detail=detail)
    if not isinstance(rule, Share):
        return {}
    population = _first_events(rule.population, period, scope)
    if rule.ever_kinds:
        if part == "denominator":
            return population
        engaged = _ever(rule.ever_kinds, period.end, scope)
        return {s: first for s, first in population.items() if s in engaged}
    events = _first_events(rule.event_kinds, period, scope)
    if part == "numerator":
        return events
    either = dict(population)
    for survivor_id, first in events.items():
        if survivor_id not in either or first[:2] < either[survivor_id][:2]:
            either[survivor_id] = first
    return either


def cases_counted(user: Any) -> QuerySet[Case]:
    """The cases the user's aggregates count (for the page that explains the scope)."""
    scope = analytics_scope(user)
    cases = Case.objects.filter(office_id__in=scope.office_ids)
    return cases if scope.case_ids is None else cases.filter(pk__in=scope.case_ids.values("pk"))


# --- anonymised exports --------------------------------------------------------------------


def anonymised_export(
    user: Any, *, organisation_id: Any, period: Period, kind: str, k: int | None = None
) -> ExportFile:
    """The cases the user's analytics scope counts, opened in the period, as an anonymised
    CTDC or HTCDS file; refused unless k-anonymous (k from the settings by default, never
    below them)."""
    _ensure_analytics(user)
    least = reporting_settings(organisation_id).export_k
    scope = analytics_scope(user, organisation_id=organisation_id)
    cases = Case.objects.filter(office_id__in=scope.office_ids)
    if scope.case_ids is not None:
        cases = cases.filter(pk__in=scope.case_ids.values("pk"))
    return build_export(
        cases=cases.values_list("pk", flat=True),
        period=period,
        k=max(k or least, least),
        kind=kind,
    )
