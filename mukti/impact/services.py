"""Every write of impact reporting: one function per user action, one transaction each."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from mukti.accounts.models import Office, Organisation
from mukti.core.models import StaleEditError
from mukti.impact import selectors
from mukti.impact.access import may_manage_reports, may_submit_for
from mukti.impact.indicators import AGE_GROUPS, indicator
from mukti.impact.models import (
    ImpactReport,
    NarrativeSection,
    PartnerFigure,
    PartnerSubmission,
    PublishedReport,
    ReportingSettings,
    Target,
)
from mukti.impact.periods import Period
from mukti.impact.spreadsheet import SubmittedFigure, read_figures
from mukti.people.models import Sex


def _ensure_manager(actor: Any, organisation_id: Any) -> None:
    if not may_manage_reports(actor, organisation_id):
        raise PermissionDenied(_("Your role does not manage impact reporting."))


def _check_version(record: Any, version: int | None) -> None:
    """Refuse an edit made on an older copy than the one stored."""
    if version is not None and version != record.version:
        raise StaleEditError(record=record, expected_version=version)


def _as_actor(record: Any, actor: Any) -> None:
    record._history_user = actor
    record.updated_by = actor


def _not_after_today(day: date, field: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: _("The date cannot be in the future.")})


# --- settings ----------------------------------------------------------------------------


@transaction.atomic
def update_reporting_settings(
    *,
    actor: Any,
    organisation: Organisation,
    financial_year_start_month: int,
    small_cell_threshold: int,
    export_k: int,
    version: int | None = None,
) -> ReportingSettings:
    """When the financial year starts, and the privacy thresholds for outside readers."""
    _ensure_manager(actor, organisation.pk)
    current = ReportingSettings.objects.filter(organisation=organisation).first()
    record = current or ReportingSettings(organisation=organisation, created_by=actor)
    if current is not None:
        _check_version(current, version)
    record.financial_year_start_month = financial_year_start_month
    record.small_cell_threshold = small_cell_threshold
    record.export_k = export_k
    _as_actor(record, actor)
    record.full_clean()
    record.save()
    return record


# --- targets -----------------------------------------------------------------------------


def _validate_target(
    *,
    code: str,
    kind: str,
    target_value: Decimal,
    starts_on: date,
    due_on: date,
    baseline: Period | None,
) -> None:
    indicator(code)  # refuses an unknown indicator with the reason
    if target_value <= 0:
        raise ValidationError({"target_value": _("A target is more than 0.")})
    if due_on < starts_on:
        _refuse_due(starts_on, due_on)
    if kind == Target.Kind.GROWTH:
        if baseline is None:
            raise ValidationError(
                {"baseline_start": _("A target for a rise needs the baseline period it rises on.")}
            )
        if baseline.end >= starts_on:
            raise ValidationError(
                {"baseline_end": _("The baseline period ends before the target's counting starts.")}
            )


def _refuse_due(starts_on: date, due_on: date) -> None:
    raise ValidationError(
        {
            "due_on": _("The target is due (%(due)s) before it starts counting (%(start)s).")
            % {"due": due_on.isoformat(), "start": starts_on.isoformat()}
        }
    )


def _baseline(start: date | None, end: date | None) -> Period | None:
    if start is None and end is None:
        return None
    if start is None or end is None:
        raise ValidationError({"baseline_start": _("Give both ends of the baseline period.")})
    try:
        return Period(start, end)
    except ValidationError as error:
        raise ValidationError({"baseline_end": error.messages}) from None


def _offices_of_organisation(organisation: Organisation, offices: Iterable[Office]) -> list:
    offices = list(offices)
    if any(office.organisation_id != organisation.pk for office in offices):
        raise ValidationError({"offices": _("Choose offices of this organisation only.")})
    return offices


@transaction.atomic
def create_target(
    *,
    actor: Any,
    organisation: Organisation,
    programme: str,
    indicator_code: str,
    kind: str,
    target_value: Decimal,
    starts_on: date,
    due_on: date,
    donor: str = "",
    baseline_start: date | None = None,
    baseline_end: date | None = None,
    offices: Iterable[Office] = (),
) -> Target:
    """A log-frame target; one for an unknown indicator is refused."""
    _ensure_manager(actor, organisation.pk)
    baseline = _baseline(baseline_start, baseline_end)
    _validate_target(
        code=indicator_code,
        kind=kind,
        target_value=Decimal(target_value),
        starts_on=starts_on,
        due_on=due_on,
        baseline=baseline,
    )
    chosen = _offices_of_organisation(organisation, offices)
    target = Target(
        organisation=organisation,
        programme=programme.strip(),
        donor=donor.strip(),
        indicator=indicator_code,
        kind=kind,
        target_value=Decimal(target_value),
        starts_on=starts_on,
        due_on=due_on,
        baseline_start=baseline_start,
        baseline_end=baseline_end,
        created_by=actor,
    )
    _as_actor(target, actor)
    target.full_clean()
    target.save()
    target.offices.set(chosen)
    return target


@transaction.atomic
def update_target(
    *,
    actor: Any,
    target: Target,
    version: int,
    programme: str,
    indicator_code: str,
    kind: str,
    target_value: Decimal,
    starts_on: date,
    due_on: date,
    donor: str = "",
    baseline_start: date | None = None,
    baseline_end: date | None = None,
    offices: Iterable[Office] = (),
) -> Target:
    _ensure_manager(actor, target.organisation_id)
    _check_version(target, version)
    baseline = _baseline(baseline_start, baseline_end)
    _validate_target(
        code=indicator_code,
        kind=kind,
        target_value=Decimal(target_value),
        starts_on=starts_on,
        due_on=due_on,
        baseline=baseline,
    )
    chosen = _offices_of_organisation(target.organisation, offices)
    target.programme, target.donor = programme.strip(), donor.strip()
    target.indicator, target.kind, target.target_value = indicator_code, kind, target_value
    target.starts_on, target.due_on = starts_on, due_on
    target.baseline_start, target.baseline_end = baseline_start, baseline_end
    _as_actor(target, actor)
    target.full_clean()
    target.save()
    target.offices.set(chosen)
    return target


@transaction.atomic
def archive_target(*, actor: Any, target: Target) -> Target:
    _ensure_manager(actor, target.organisation_id)
    target.archived_at = timezone.now()
    _as_actor(target, actor)
    target.save()
    return target


# --- partner submissions -----------------------------------------------------------------


def _validate_figures(figures: Mapping[str, SubmittedFigure]) -> None:
    if not figures:
        raise ValidationError({"figures": _("Give at least one figure.")})
    ages = {key for key, *_ in AGE_GROUPS}
    for code, figure in figures.items():
        item = indicator(code)
        if not item.partner_reports:
            raise ValidationError(
                {"figures": _("“%(name)s” is not reported by partners.") % {"name": item.name}}
            )
        if figure.value < 0:
            raise ValidationError({code: _("A figure cannot be negative.")})
        for splits, allowed in ((figure.by_sex, set(Sex.values)), (figure.by_age_group, ages)):
            if set(splits) - allowed or any(n < 0 for n in splits.values()):
                raise ValidationError({code: _("A split names an unknown group.")})
            if sum(splits.values()) > figure.value:
                raise ValidationError(
                    {
                        code: _("“%(name)s”: the split adds up to more than the total.")
                        % {"name": item.name}
                    }
                )


@transaction.atomic
def submit_partner_figures(
    *,
    actor: Any,
    office: Office,
    period: Period,
    figures: Mapping[str, SubmittedFigure],
    source: str = PartnerSubmission.Source.FORM,
    note: str = "",
) -> PartnerSubmission:
    """A joint operation's aggregate figures for a period. It replaces an earlier submission
    for the same office and period, which is kept."""
    if not may_submit_for(actor, office):
        raise PermissionDenied(_("You may not submit figures for this office."))
    if office.strategy != Office.Strategy.JOINT:
        raise ValidationError({"office": _("Only joint operations submit figures.")})
    _not_after_today(period.end, "period_end")
    _validate_figures(figures)
    earlier = PartnerSubmission.objects.select_for_update().filter(
        office=office,
        period_start=period.start,
        period_end=period.end,
        replaced_by__isnull=True,
    )
    submission = PartnerSubmission(
        office=office,
        period_start=period.start,
        period_end=period.end,
        source=source,
        note=note,
        created_by=actor,
    )
    _as_actor(submission, actor)
    submission.full_clean()
    submission.save()
    PartnerFigure.objects.bulk_create(
        PartnerFigure(
            submission=submission,
            indicator=code,
            value=figure.value,
            by_sex=figure.by_sex,
            by_age_group=figure.by_age_group,
        )
        for code, figure in figures.items()
    )
    for old in earlier.exclude(pk=submission.pk):
        old.replaced_by = submission
        _as_actor(old, actor)
        old.save(update_fields=["replaced_by", "updated_by", "updated_at"])
    return submission


def import_partner_spreadsheet(
    *, actor: Any, office: Office, period: Period, content: bytes, note: str = ""
) -> PartnerSubmission:
    """The partner's filled-in template; a wrong file is refused and nothing is written."""
    if not may_submit_for(actor, office):
        raise PermissionDenied(_("You may not submit figures for this office."))
    figures = read_figures(content)
    return submit_partner_figures(
        actor=actor,
        office=office,
        period=period,
        figures=figures,
        source=PartnerSubmission.Source.SPREADSHEET,
        note=note,
    )


# --- reports and their narrative -----------------------------------------------------------


@transaction.atomic
def create_report(
    *,
    actor: Any,
    organisation: Organisation,
    title: str,
    period: Period,
    baseline_periods: int = 2,
    offices: Iterable[Office] = (),
) -> ImpactReport:
    _ensure_manager(actor, organisation.pk)
    _not_after_today(period.start, "period_start")
    chosen = _offices_of_organisation(organisation, offices)
    report = ImpactReport(
        organisation=organisation,
        title=title.strip(),
        period_start=period.start,
        period_end=period.end,
        baseline_periods=baseline_periods,
        created_by=actor,
    )
    _as_actor(report, actor)
    report.full_clean()
    report.save()
    report.offices.set(chosen)
    return report


@transaction.atomic
def update_report(
    *,
    actor: Any,
    report: ImpactReport,
    version: int,
    title: str,
    period: Period,
    baseline_periods: int,
    offices: Iterable[Office] = (),
) -> ImpactReport:
    _ensure_manager(actor, report.organisation_id)
    _check_version(report, version)
    _not_after_today(period.start, "period_start")
    chosen = _offices_of_organisation(report.organisation, offices)
    report.title = title.strip()
    report.period_start, report.period_end = period.start, period.end
    report.baseline_periods = baseline_periods
    _as_actor(report, actor)
    report.full_clean()
    report.save()
    report.offices.set(chosen)
    return report


@transaction.atomic
def add_section(
    *, actor: Any, report: ImpactReport, kind: str, title: str, body: str, position: int = 10
) -> NarrativeSection:
    """A narrative section: key wins, a case study (under a changed name) or a deep dive."""
    _ensure_manager(actor, report.organisation_id)
    section = NarrativeSection(
        report=report, kind=kind, title=title.strip(), body=body.strip(), position=position
    )
    section.created_by = actor
    _as_actor(section, actor)
    section.full_clean()
    section.save()
    return section


@transaction.atomic
def edit_section(
    *,
    actor: Any,
    section: NarrativeSection,
    version: int,
    kind: str,
    title: str,
    body: str,
    position: int,
) -> NarrativeSection:
    """Change a section; refused (StaleEditError) if someone saved it since it was opened."""
    _ensure_manager(actor, section.report.organisation_id)
    _check_version(section, version)
    section.kind, section.title, section.body = kind, title.strip(), body.strip()
    section.position = position
    _as_actor(section, actor)
    section.full_clean()
    section.save()
    return section


@transaction.atomic
def archive_section(*, actor: Any, section: NarrativeSection) -> NarrativeSection:
    _ensure_manager(actor, section.report.organisation_id)
    section.archived_at = timezone.now()
    _as_actor(section, actor)
    section.save()
    return section


@transaction.atomic
def publish_report(*, actor: Any, report: ImpactReport) -> PublishedReport:
    """Freeze the report's numbers and narrative as the next published version."""
    _ensure_manager(actor, report.organisation_id)
    report = ImpactReport.objects.select_for_update().get(pk=report.pk)
    data = selectors.report_data(actor, report=report, require_whole_scope=True)
    sections = [
        {"kind": s.kind, "title": s.title, "body": s.body}
        for s in report.sections.filter(archived_at__isnull=True)
    ]
    number = (report.versions.aggregate(last=Max("number"))["last"] or 0) + 1
    settings = selectors.reporting_settings(report.organisation_id)
    published = PublishedReport(
        report=report,
        number=number,
        published_at=timezone.now(),
        figures=data,
        narrative=json.dumps(sections, ensure_ascii=False),
        small_cell_threshold=settings.small_cell_threshold,
        created_by=actor,
        updated_by=actor,
    )
    published.save()
    report.status = ImpactReport.Status.PUBLISHED
    _as_actor(report, actor)
    report.save(update_fields=["status", "updated_by", "updated_at"])
    return published
