"""Household income: the first record on a case is its baseline; later records, in the same
currency and not dated before it, show how income changed."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from mukti.aftercare.models import Currency, IncomeRecord, IncomeSource
from mukti.aftercare.services.common import (
    check_date,
    clean_text,
    ensure_may_record_care,
    ensure_open,
    save_with_event,
    set_archived,
)
from mukti.aftercare.timeline import event_spec
from mukti.cases.models import Case

# A month's household income above this is a typing mistake in any of our currencies.
MAX_AMOUNT = Decimal("100000000")


def baseline_of(case: Case) -> IncomeRecord | None:
    return IncomeRecord.objects.filter(
        case_id=case.pk, is_baseline=True, archived_at__isnull=True
    ).first()


def _later_records(case: Case) -> Any:
    return IncomeRecord.objects.filter(case_id=case.pk, is_baseline=False, archived_at__isnull=True)


def _check_values(amount_per_month: Decimal, currency: str, sources: Iterable[str]) -> list[str]:
    if amount_per_month is None or amount_per_month < 0:
        raise ValidationError({"amount_per_month": _("Give an amount of 0 or more.")})
    if amount_per_month > MAX_AMOUNT:
        raise ValidationError({"amount_per_month": _("The amount is too large.")})
    if currency not in Currency.values:
        raise ValidationError({"currency": _("Choose a currency.")})
    chosen = list(dict.fromkeys(sources))
    if any(source not in IncomeSource.values for source in chosen):
        raise ValidationError({"sources": _("Choose sources from the list.")})
    return chosen


def _check_against_baseline(*, baseline: IncomeRecord, recorded_on: date, currency: str) -> None:
    if recorded_on < baseline.recorded_on:
        raise ValidationError(
            {
                "recorded_on": _("A later record cannot come before the baseline (%(date)s).")
                % {"date": date_format(baseline.recorded_on)}
            }
        )
    if currency != baseline.currency:
        raise ValidationError(
            {
                "currency": _("Record income in the baseline's currency (%(currency)s).")
                % {"currency": baseline.currency}
            }
        )


def _check_baseline_change(*, record: IncomeRecord, recorded_on: date, currency: str) -> None:
    later = _later_records(record.case)
    earliest = later.order_by("recorded_on").first()
    if earliest is not None and recorded_on > earliest.recorded_on:
        raise ValidationError(
            {
                "recorded_on": _("The baseline cannot come after a later record (%(date)s).")
                % {"date": date_format(earliest.recorded_on)}
            }
        )
    if currency != record.currency and later.exists():
        raise ValidationError(
            {"currency": _("Later records use this currency: it cannot change now.")}
        )


@transaction.atomic
def record_income(
    *,
    actor: Any,
    case: Case,
    recorded_on: date,
    amount_per_month: Decimal,
    currency: str,
    sources: Iterable[str] = (),
    notes: str = "",
) -> IncomeRecord:
    """The household's monthly income at a date; the case's first record is its baseline."""
    ensure_may_record_care(actor, case)
    ensure_open(case)
    check_date("recorded_on", recorded_on, case=case)
    chosen = _check_values(amount_per_month, currency, sources)
    baseline = baseline_of(case)
    if baseline is not None:
        _check_against_baseline(baseline=baseline, recorded_on=recorded_on, currency=currency)
    record = IncomeRecord(
        case=case,
        recorded_on=recorded_on,
        amount_per_month=amount_per_month,
        currency=currency,
        sources=chosen,
        is_baseline=baseline is None,
        notes=clean_text(notes),
    )
    save_with_event(record, actor=actor)
    return record


@transaction.atomic
def update_income(
    *,
    actor: Any,
    record: IncomeRecord,
    expected_version: int,
    recorded_on: date,
    amount_per_month: Decimal,
    currency: str,
    sources: Iterable[str] = (),
    notes: str = "",
) -> IncomeRecord:
    ensure_may_record_care(actor, record.case)
    ensure_open(record.case)
    check_date("recorded_on", recorded_on, case=record.case)
    chosen = _check_values(amount_per_month, currency, sources)
    if record.is_baseline:
        _check_baseline_change(record=record, recorded_on=recorded_on, currency=currency)
    else:
        baseline = baseline_of(record.case)
        if baseline is not None:
            _check_against_baseline(baseline=baseline, recorded_on=recorded_on, currency=currency)
    before = event_spec(record)
    record.recorded_on, record.amount_per_month = recorded_on, amount_per_month
    record.currency, record.sources, record.notes = currency, chosen, clean_text(notes)
    save_with_event(record, actor=actor, before=before, expected_version=expected_version)
    return record


@transaction.atomic
def set_income_archived(*, actor: Any, record: IncomeRecord, archived: bool) -> IncomeRecord:
    """Archive a record entered in error; the baseline only once no later record needs it."""
    case = record.case
    ensure_may_record_care(actor, case)
    ensure_open(case)
    baseline = baseline_of(case)
    if archived and record.is_baseline and _later_records(case).exists():
        raise ValidationError(
            _("Later records are compared with this baseline. Archive them first.")
        )
    if not archived and record.is_baseline and baseline is not None:
        raise ValidationError(_("This case has a baseline already."))
    if not archived and not record.is_baseline:
        if baseline is None:
            raise ValidationError(_("Restore or record the baseline first."))
        _check_against_baseline(
            baseline=baseline, recorded_on=record.recorded_on, currency=record.currency
        )
    set_archived(record, actor=actor, archived=archived)
    return record
