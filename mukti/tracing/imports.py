"""Importing missing-person reports from CSV or XLSX files (the format: docs/tracing.md).

The whole file is checked before anything is written: a bad row rejects the file, naming
its row number, its column and the reason — never the value, which may be a name. Reports
already recorded by the office (the same source and report number) are skipped, so that
importing a file twice does not duplicate it. Rows are then written in short transactions
(other users keep working meanwhile); an import cut off half-way is finished by importing
the same file again.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mukti.accounts.models import Office
from mukti.people.models import Relationship, Sex
from mukti.people.services import AddressInput, PersonDetails
from mukti.tracing.models import MissingPersonReport, ReportSource, TracingJob
from mukti.tracing.services import ReportDetails, record_report, report_errors, report_key

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ROWS = 100_000
WRITE_CHUNK = 200
CHECK_SHARE = 0.4  # of the progress bar: checking, then writing

# Column -> what it holds (shown on the import page; the full description is in the docs).
COLUMNS: dict[str, Any] = {
    "source_name": gettext_lazy("Reporting police station or other source (required)"),
    "report_number": gettext_lazy("Report number, e.g. the GD number (required)"),
    "reported_on": gettext_lazy("Date of the report, YYYY-MM-DD (required)"),
    "source_kind": gettext_lazy(
        "police_station, helpline, partner, family or other (default police_station)"
    ),
    "source_district": gettext_lazy("District of the police station"),
    "given_name": gettext_lazy("Given name (a given or a family name is required)"),
    "family_name": gettext_lazy("Family name"),
    "other_names": gettext_lazy("Other names and nicknames, separated by ;"),
    "sex": gettext_lazy("female, male, other or unknown (F and M are understood)"),
    "birth_date": gettext_lazy("Date of birth, YYYY-MM-DD"),
    "age": gettext_lazy("Age in years as reported, if the date of birth is not known"),
    "nationality": gettext_lazy("Two-letter country code (default: the address's country)"),
    "phone": gettext_lazy("The missing person's phone"),
    "country": gettext_lazy("Country of the home address, two letters (default: the office's)"),
    "division": gettext_lazy("Division or state"),
    "district": gettext_lazy("District"),
    "subdistrict": gettext_lazy("Sub-district / upazila"),
    "village": gettext_lazy("Village or town"),
    "father_name": gettext_lazy("Father's name"),
    "mother_name": gettext_lazy("Mother's name"),
    "last_seen_place": gettext_lazy("Place last seen"),
    "last_seen_on": gettext_lazy("Date last seen, YYYY-MM-DD"),
    "reporter_name": gettext_lazy("Who reported"),
    "reporter_relationship": gettext_lazy("mother, father, guardian, spouse, sibling, other…"),
    "reporter_phone": gettext_lazy("Reporter's phone"),
}
_SEXES = {
    "": Sex.UNKNOWN,
    "f": Sex.FEMALE,
    "female": Sex.FEMALE,
    "girl": Sex.FEMALE,
    "woman": Sex.FEMALE,
    "m": Sex.MALE,
    "male": Sex.MALE,
    "boy": Sex.MALE,
    "man": Sex.MALE,
    "other": Sex.OTHER,
    "unknown": Sex.UNKNOWN,
}
# A service's field name -> the column a user would look at.
_FIELD_COLUMNS = {"estimated_age": "age", "age_estimated_on": "age"}


class FileRefused(Exception):
    """The file is refused: `row` (1 is the header), the column, and why."""

    def __init__(self, *, row: int, reason: str, column: str = "") -> None:
        self.row, self.column, self.reason = row, column, reason
        super().__init__(self.described)

    @property
    def described(self) -> str:
        if self.column:
            return _("Row %(row)s, column %(column)s: %(reason)s") % {
                "row": self.row,
                "column": self.column,
                "reason": self.reason,
            }
        return _("Row %(row)s: %(reason)s") % {"row": self.row, "reason": self.reason}


def file_format_of(filename: str) -> str:
    name = filename.lower()
    if name.endswith(".xlsx"):
        return "xlsx"
    if name.endswith((".csv", ".txt")):
        return "csv"
    return ""


def _header(cells: list[Any]) -> list[str]:
    columns = ["_".join(str(c or "").strip().casefold().split()) for c in cells]
    unknown = [c for c in columns if c and c not in COLUMNS]
    if unknown:
        raise FileRefused(
            row=1, reason=_("Unknown columns: %(columns)s.") % {"columns": ", ".join(unknown)}
        )
    for required in ("source_name", "report_number", "reported_on"):
        if required not in columns:
            raise FileRefused(
                row=1, reason=_("The header has no %(column)s column.") % {"column": required}
            )
    if "given_name" not in columns and "family_name" not in columns:
        raise FileRefused(row=1, reason=_("The header has no given_name or family_name column."))
    return columns


def _csv_rows(content: bytes) -> Iterator[list[Any]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileRefused(row=1, reason=_("The file is not UTF-8 text.")) from None
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


def _xlsx_rows(content: bytes) -> Iterator[list[Any]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise FileRefused(row=1, reason=_("The file is not an XLSX workbook.")) from None
    try:
        for row in workbook.worksheets[0].iter_rows(values_only=True):
            yield list(row)
    finally:
        workbook.close()


def read_rows(content: bytes, *, file_format: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """(row number, {column: value}) for every non-empty row below the header."""
    rows = _xlsx_rows(content) if file_format == "xlsx" else _csv_rows(content)
    header = next(rows, None)
    if header is None:
        raise FileRefused(row=1, reason=_("The file is empty."))
    columns = _header(header)
    for number, cells in enumerate(rows, start=2):
        if number - 1 > MAX_ROWS:
            raise FileRefused(
                row=number, reason=_("A file holds at most %(rows)s reports.") % {"rows": MAX_ROWS}
            )
        if not any(str(c).strip() for c in cells if c is not None):
            continue
        if len(cells) > len(columns) and any(str(c or "").strip() for c in cells[len(columns) :]):
            raise FileRefused(row=number, reason=_("The row has more cells than the header."))
        yield number, {c: v for c, v in zip(columns, cells, strict=False) if c}


class _CellError(Exception):
    def __init__(self, column: str, reason: str) -> None:
        self.column, self.reason = column, reason


def _text(row: dict[str, Any], column: str) -> str:
    value = row.get(column)
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a number typed into a spreadsheet cell: 1234.0 is "1234"
    if isinstance(value, datetime):
        value = value.date()
    return str(value).strip()


def _date(row: dict[str, Any], column: str) -> date | None:
    value = row.get(column)
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(row, column)
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        raise _CellError(column, _("Not a date in the form YYYY-MM-DD.")) from None


def _age(row: dict[str, Any]) -> int | None:
    text = _text(row, "age")
    if not text:
        return None
    try:
        return int(float(text))
    except ValueError:
        raise _CellError("age", _("The age is not a number.")) from None


def _choice(row: dict[str, Any], column: str, *, allowed: list[str], default: str = "") -> str:
    text = _text(row, column).casefold().replace(" ", "_")
    if not text:
        return default
    if text not in allowed:
        raise _CellError(column, _("Not one of: %(values)s.") % {"values": ", ".join(allowed)})
    return text


def _address(row: dict[str, Any], *, office: Office) -> AddressInput:
    return AddressInput(
        country=(_text(row, "country") or office.country).upper(),
        division=_text(row, "division"),
        district=_text(row, "district"),
        subdistrict=_text(row, "subdistrict"),
        village=_text(row, "village"),
    )


def details_from_row(row: dict[str, Any], *, office: Office) -> ReportDetails:
    """The report a row describes; _CellError for a cell that cannot be read."""
    sex_text = _text(row, "sex").casefold()
    if sex_text not in _SEXES:
        raise _CellError("sex", _("Not one of: female, male, other, unknown."))
    reported_on = _date(row, "reported_on")
    if reported_on is None:
        raise _CellError("reported_on", _("The date of the report is required."))
    address = _address(row, office=office)
    age = _age(row)
    person = PersonDetails(
        given_name=_text(row, "given_name"),
        family_name=_text(row, "family_name"),
        sex=_SEXES[sex_text],
        birth_date=_date(row, "birth_date"),
        estimated_age=age,
        age_estimated_on=reported_on if age is not None else None,
        nationality=(_text(row, "nationality") or address.country).upper(),
        phone=_text(row, "phone"),
        address=address,
    )
    return ReportDetails(
        source_name=_text(row, "source_name"),
        source_kind=_choice(
            row, "source_kind", allowed=ReportSource.values, default=ReportSource.POLICE_STATION
        ),
        source_district=_text(row, "source_district"),
        report_number=_text(row, "report_number"),
        reported_on=reported_on,
        person=person,
        other_names=tuple(n.strip() for n in _text(row, "other_names").split(";") if n.strip()),
        father_name=_text(row, "father_name"),
        mother_name=_text(row, "mother_name"),
        last_seen_place=_text(row, "last_seen_place"),
        last_seen_on=_date(row, "last_seen_on"),
        reporter_name=_text(row, "reporter_name"),
        reporter_relationship=_choice(
            row, "reporter_relationship", allowed=Relationship.Kind.values
        ),
        reporter_phone=_text(row, "reporter_phone"),
    )


@dataclass(frozen=True)
class PlannedReport:
    row: int
    details: ReportDetails
    key: str


@dataclass(frozen=True)
class CheckedFile:
    new: list[PlannedReport]
    already_recorded: int
    rows: int


Progress = Callable[[float, str], None]


def _checked_row(number: int, row: dict[str, Any], *, office: Office) -> PlannedReport:
    try:
        details = details_from_row(row, office=office)
    except _CellError as error:
        raise FileRefused(row=number, column=error.column, reason=error.reason) from None
    errors = report_errors(details)
    if errors:
        field, reason = next(iter(errors.items()))
        raise FileRefused(row=number, column=_FIELD_COLUMNS.get(field, field), reason=reason)
    key = report_key(source_name=details.source_name, report_number=details.report_number)
    return PlannedReport(row=number, details=details, key=key)


def check_file(
    content: bytes, *, file_format: str, office: Office, progress: Progress | None = None
) -> CheckedFile:
    """Every row read and checked; FileRefused for the first bad one. Nothing is written."""
    if len(content) > MAX_FILE_BYTES:
        raise FileRefused(row=1, reason=_("The file is larger than 20 MB."))
    planned: list[PlannedReport] = []
    first_row_of: dict[str, int] = {}
    for number, row in read_rows(content, file_format=file_format):
        report = _checked_row(number, row, office=office)
        if report.key in first_row_of:
            raise FileRefused(
                row=number,
                column="report_number",
                reason=_("The same source and report number as row %(row)s.")
                % {"row": first_row_of[report.key]},
            )
        first_row_of[report.key] = number
        planned.append(report)
        if progress and number % 500 == 0:
            progress(CHECK_SHARE * 0.9, _("Checked %(rows)s rows.") % {"rows": number - 1})
    if not planned:
        raise FileRefused(row=2, reason=_("The file holds no reports."))
    recorded = _recorded_keys(office, [p.key for p in planned])
    new = [p for p in planned if p.key not in recorded]
    return CheckedFile(new=new, already_recorded=len(planned) - len(new), rows=len(planned))


def _recorded_keys(office: Office, keys: list[str]) -> set[str]:
    recorded: set[str] = set()
    for start in range(0, len(keys), 900):  # SQLite allows ~1000 parameters a query
        chunk = keys[start : start + 900]
        existing = MissingPersonReport.objects.filter(office=office, report_key__in=chunk)
        recorded |= set(existing.values_list("report_key", flat=True))
    return recorded


def _refusal(row: int, error: ValidationError) -> FileRefused:
    if hasattr(error, "error_dict"):
        field, messages = next(iter(error.message_dict.items()))
        return FileRefused(row=row, column=_FIELD_COLUMNS.get(field, field), reason=messages[0])
    return FileRefused(row=row, reason=error.messages[0])


def write_reports(
    checked: CheckedFile, *, job: TracingJob, office: Office, progress: Progress | None = None
) -> int:
    """Write the checked reports, a short transaction per chunk; returns how many."""
    actor = job.created_by
    written = 0
    total = len(checked.new)
    for start in range(0, total, WRITE_CHUNK):
        chunk = checked.new[start : start + WRITE_CHUNK]
        with transaction.atomic():
            recorded = _recorded_keys(office, [p.key for p in chunk])
            for planned in chunk:
                if planned.key in recorded:  # imported meanwhile by someone else
                    continue
                try:
                    record_report(
                        actor=actor, office=office, details=planned.details, import_job=job
                    )
                except ValidationError as error:
                    raise _refusal(planned.row, error) from None
                written += 1
        if progress:
            done = start + len(chunk)
            progress(
                CHECK_SHARE + (1 - CHECK_SHARE) * done / total,
                _("Saved %(done)s of %(total)s new reports.") % {"done": done, "total": total},
            )
    return written
