"""Recording, closing and reopening missing-person reports; the checks the import
shares."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mukti.accounts.models import Office
from mukti.accounts.permissions import ensure_can
from mukti.accounts.roles import Action
from mukti.core.crypto import blind_index
from mukti.core.geography import COUNTRIES
from mukti.people.models import PersonName, Relationship, Sex
from mukti.people.services import (
    PersonDetails,
    add_name,
    record_person,
    validate_birth,
)
from mukti.tracing.models import (
    MissingPersonReport,
    ReportSource,
    ReportStatus,
    TracingJob,
)
from mukti.tracing.services._shared import as_actor, reindex_after_commit

MIN_PHONE_DIGITS, MAX_PHONE_DIGITS = 6, 15


# --- reports ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportDetails:
    """What a report says, as `record_report` and the import take it."""

    source_name: str
    report_number: str
    reported_on: date
    person: PersonDetails
    source_kind: str = ReportSource.POLICE_STATION
    source_district: str = ""
    other_names: tuple[str, ...] = field(default_factory=tuple)
    father_name: str = ""
    mother_name: str = ""
    last_seen_place: str = ""
    last_seen_on: date | None = None
    reporter_name: str = ""
    reporter_relationship: str = ""
    reporter_phone: str = ""


def _words(text: str) -> str:
    kept = "".join(c if c.isalnum() else " " for c in unicodedata.normalize("NFKC", text))
    return " ".join(kept.casefold().split())


def report_key(*, source_name: str, report_number: str) -> str:
    """The natural key of a report (its source and its number) as a keyed hash, so that the
    same report imported twice is found without storing its number in the clear."""
    number = "".join(c for c in unicodedata.normalize("NFKC", report_number) if c.isalnum())
    return blind_index(f"{_words(source_name)}\x00{number.upper()}", purpose="missing-report")


def _phone_error(number: str) -> str | None:
    digits = sum(c.isdigit() for c in number)
    if number.strip() and not MIN_PHONE_DIGITS <= digits <= MAX_PHONE_DIGITS:
        return _("A phone number has between 6 and 15 digits.")
    return None


def _person_errors(person: PersonDetails, *, reported_on: date) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not person.given_name.strip() and not person.family_name.strip():
        errors["given_name"] = _("Give at least one name, or a nickname.")
    if person.sex not in Sex.values:
        errors["sex"] = _("The sex is female, male, other or unknown.")
    if person.nationality and person.nationality not in COUNTRIES:
        errors["nationality"] = _("Unknown country code (use two letters, e.g. BD).")
    if person.address and person.address.country not in COUNTRIES:
        errors["country"] = _("Unknown country code (use two letters, e.g. BD).")
    phone_error = _phone_error(person.phone)
    if phone_error:
        errors["phone"] = phone_error
    try:
        validate_birth(
            birth_date=person.birth_date,
            estimated_age=person.estimated_age,
            age_estimated_on=person.age_estimated_on,
        )
    except ValidationError as error:
        errors.update({name: messages[0] for name, messages in error.message_dict.items()})
    if person.birth_date and person.estimated_age is not None:
        errors["estimated_age"] = _("Give a date of birth or an estimated age, not both.")
    if person.birth_date and reported_on < person.birth_date:
        errors["reported_on"] = _("The report date is before the date of birth.")
    return errors


def _date_errors(details: ReportDetails) -> dict[str, str]:
    today = timezone.localdate()
    errors: dict[str, str] = {}
    if details.reported_on > today:
        errors["reported_on"] = _("The date cannot be in the future.")
    if details.last_seen_on:
        if details.last_seen_on > today:
            errors["last_seen_on"] = _("The date cannot be in the future.")
        elif details.last_seen_on > details.reported_on:
            errors["last_seen_on"] = _("The date last seen cannot be after the report was made.")
        birth = details.person.birth_date
        if birth and details.last_seen_on < birth:
            errors["last_seen_on"] = _("The date is before the date of birth.")
    return errors


def report_errors(details: ReportDetails) -> dict[str, str]:
    """Everything wrong with a report, field by field, without writing anything (the
    import checks a whole file with this before it writes a row)."""
    errors: dict[str, str] = {}
    if not details.source_name.strip():
        errors["source_name"] = _("Name the police station or other source.")
    if details.source_kind not in ReportSource.values:
        errors["source_kind"] = _("Unknown kind of source.")
    if not any(c.isalnum() for c in details.report_number):
        errors["report_number"] = _("Give the report number.")
    if details.reporter_relationship and (
        details.reporter_relationship not in Relationship.Kind.values
    ):
        errors["reporter_relationship"] = _("Unknown relationship.")
    reporter_phone_error = _phone_error(details.reporter_phone)
    if reporter_phone_error:
        errors["reporter_phone"] = reporter_phone_error
    errors.update(_date_errors(details))
    # A report date in the future also puts the age's date there: name the cause only.
    person_errors = _person_errors(details.person, reported_on=details.reported_on)
    if "reported_on" in errors:
        person_errors.pop("age_estimated_on", None)
    return {**errors, **{k: v for k, v in person_errors.items() if k not in errors}}


def report_exists(*, office: Office, key: str) -> bool:
    return MissingPersonReport.objects.filter(office=office, report_key=key).exists()


@transaction.atomic
def record_report(
    *,
    actor: Any,
    office: Office,
    details: ReportDetails,
    import_job: TracingJob | None = None,
) -> MissingPersonReport:
    """Record a missing-person report and its missing person for an office."""
    ensure_can(actor, Action.MANAGE_TRACING, office)
    errors = report_errors(details)
    if errors:
        raise ValidationError(errors)
    key = report_key(source_name=details.source_name, report_number=details.report_number)
    if report_exists(office=office, key=key):
        raise ValidationError({"report_number": _("This office has already recorded this report.")})
    person_details = details.person
    if person_details.estimated_age is not None and person_details.age_estimated_on is None:
        person_details = PersonDetails(
            **{**vars(person_details), "age_estimated_on": details.reported_on}
        )
    person = record_person(actor=actor, office=office, **vars(person_details))
    for other in details.other_names:
        if other.strip():
            add_name(actor=actor, person=person, given_name=other, kind=PersonName.Kind.ALIAS)
    report = MissingPersonReport(
        office=office,
        source_kind=details.source_kind,
        source_name=" ".join(details.source_name.split()),
        source_district=details.source_district.strip(),
        report_number=details.report_number.strip(),
        report_key=key,
        reported_on=details.reported_on,
        person=person,
        father_name=details.father_name.strip(),
        mother_name=details.mother_name.strip(),
        last_seen_place=details.last_seen_place.strip(),
        last_seen_on=details.last_seen_on,
        reporter_name=details.reporter_name.strip(),
        reporter_relationship=details.reporter_relationship,
        reporter_phone=details.reporter_phone.strip(),
        import_job=import_job,
        created_by=actor,
        updated_by=actor,
    )
    as_actor(report, actor)
    report.save()
    reindex_after_commit([report.pk])
    return report


@transaction.atomic
def close_report(
    *,
    actor: Any,
    report: MissingPersonReport,
    expected_version: int,
    status: str,
    closed_on: date,
    reason: str,
) -> MissingPersonReport:
    """Close a report: found (she came home, or was found without a case here) or closed
    (withdrawn, a mistake). Closed, never deleted; it leaves the matching index."""
    ensure_can(actor, Action.MANAGE_TRACING, report.office)
    if report.status != ReportStatus.OPEN:
        raise ValidationError(_("This report is already closed."))
    if status not in (ReportStatus.FOUND, ReportStatus.CLOSED):
        raise ValidationError({"status": _("Choose found or closed.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the report is being closed.")})
    if closed_on > timezone.localdate():
        raise ValidationError({"closed_on": _("The date cannot be in the future.")})
    if closed_on < report.reported_on:
        raise ValidationError({"closed_on": _("A report cannot close before it was made.")})
    report.version = expected_version
    report.status = status
    if status == ReportStatus.FOUND:
        report.found_on = closed_on
    report.closed_on = closed_on
    report.closing_reason = reason.strip()
    report.updated_by = actor
    as_actor(report, actor)
    report.save()
    reindex_after_commit([report.pk])
    return report


@transaction.atomic
def reopen_report(
    *, actor: Any, report: MissingPersonReport, expected_version: int, reason: str
) -> MissingPersonReport:
    """A report closed by mistake is open (and matched) again; a report found through a
    confirmed match stays linked to its case and cannot be reopened here."""
    ensure_can(actor, Action.MANAGE_TRACING, report.office)
    if report.status == ReportStatus.OPEN:
        raise ValidationError(_("This report is open."))
    if report.matched_case_id:
        raise ValidationError(_("This report was matched to a case and stays found."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the report is being reopened.")})
    report.version = expected_version
    report.status, report.found_on, report.closed_on = ReportStatus.OPEN, None, None
    report.closing_reason = ""
    report.duplicate_of = None
    report.updated_by = actor
    as_actor(report, actor)
    report.save()
    reindex_after_commit([report.pk])
    return report
