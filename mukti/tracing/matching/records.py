"""The canonical person record the matching engine compares, and reading it from CSV.

Every field but `record_id` may be missing. A CSV with a bad row is refused whole, naming
the row and the reason but never the row's values (they identify a person).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime
from pathlib import Path

CANONICAL_COLUMNS = (
    "record_id",
    "given_name",
    "family_name",
    "other_names",
    "sex",
    "birth_date",
    "age",
    "age_reported_on",
    "father_name",
    "mother_name",
    "country",
    "district",
    "subdistrict",
    "village",
    "phone",
    "id_number",
)

SEXES = ("female", "male", "other")
_SEX_ALIASES = {"f": "female", "m": "male", "o": "other", "woman": "female", "man": "male"}


@dataclass(frozen=True)
class PersonRecord:
    """One person as a report or a case describes them; every field but record_id optional."""

    record_id: str
    given_name: str | None = None
    family_name: str | None = None
    other_names: str | None = None  # aliases / nicknames, space- or ;-separated
    sex: str | None = None  # "female" | "male" | "other" | None
    birth_date: date | None = None
    age: int | None = None  # an estimated age…
    age_reported_on: date | None = None  # …as reported on this date
    father_name: str | None = None
    mother_name: str | None = None
    country: str | None = None  # ISO 3166-1 alpha-2
    district: str | None = None
    subdistrict: str | None = None
    village: str | None = None
    phone: str | None = None
    id_number: str | None = None


class RecordError(ValueError):
    """A row that cannot be read; `row` counts the header as row 1, as a spreadsheet does."""

    def __init__(self, row: int, reason: str):
        super().__init__(f"Row {row}: {reason}")
        self.row = row
        self.reason = reason


def _text(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _date(value: object, column: str) -> date | None:
    if isinstance(value, date):
        return value
    text = _text(value)
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{column} is not a date in the form YYYY-MM-DD") from None


def record_from_mapping(row: Mapping[str, object], *, today: date | None = None) -> PersonRecord:
    """A PersonRecord from a row keyed by the canonical column names; ValueError if bad."""
    today = today or datetime.now(UTC).date()
    record_id = _text(row.get("record_id"))
    if record_id is None:
        raise ValueError("record_id is empty")
    sex = _text(row.get("sex"))
    if sex is not None:
        sex = _SEX_ALIASES.get(sex.casefold(), sex.casefold())
        if sex not in SEXES:
            raise ValueError("sex must be female, male or other")
    age_text = _text(row.get("age"))
    age = None
    if age_text is not None:
        try:
            age = int(age_text)
        except ValueError:
            raise ValueError("age is not a whole number") from None
        if not 0 <= age <= 120:
            raise ValueError("age must be between 0 and 120")
    birth_date = _date(row.get("birth_date"), "birth_date")
    reported_on = _date(row.get("age_reported_on"), "age_reported_on")
    if birth_date and birth_date > today:
        raise ValueError("birth_date is in the future")
    if reported_on and reported_on > today:
        raise ValueError("age_reported_on is in the future")
    if age is not None and reported_on is None:
        raise ValueError("age is given without age_reported_on, the date it was estimated")
    country = _text(row.get("country"))
    if country is not None:
        country = country.upper()
        if len(country) != 2 or not country.isalpha():
            raise ValueError("country must be a two-letter ISO 3166 code")
    return PersonRecord(
        record_id=record_id,
        given_name=_text(row.get("given_name")),
        family_name=_text(row.get("family_name")),
        other_names=_text(row.get("other_names")),
        sex=sex,
        birth_date=birth_date,
        age=age,
        age_reported_on=reported_on,
        father_name=_text(row.get("father_name")),
        mother_name=_text(row.get("mother_name")),
        country=country,
        district=_text(row.get("district")),
        subdistrict=_text(row.get("subdistrict")),
        village=_text(row.get("village")),
        phone=_text(row.get("phone")),
        id_number=_text(row.get("id_number")),
    )


def read_csv(path: Path) -> list[PersonRecord]:
    """Every row of a CSV with the canonical column names, or RecordError for the first bad
    row (nothing is returned then)."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        columns = [c.strip() for c in reader.fieldnames or []]
        if "record_id" not in columns:
            raise RecordError(1, "the header has no record_id column")
        unknown = sorted(set(columns) - set(CANONICAL_COLUMNS))
        if unknown:
            raise RecordError(1, "unknown columns: " + ", ".join(unknown))
        reader.fieldnames = columns
        records, seen = [], set()
        for number, row in enumerate(reader, start=2):
            try:
                record = record_from_mapping(row)
            except ValueError as error:
                raise RecordError(number, str(error)) from None
            if record.record_id in seen:
                raise RecordError(number, "record_id repeats an earlier row")
            seen.add(record.record_id)
            records.append(record)
    return records


def record_as_row(record: PersonRecord) -> dict[str, str]:
    """The record as CSV cells, the inverse of record_from_mapping."""
    row = {}
    for field in fields(record):
        value = getattr(record, field.name)
        row[field.name] = "" if value is None else str(value)
    return row


def write_csv(records: Iterable[PersonRecord], path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=CANONICAL_COLUMNS)
        writer.writeheader()
        for record in records:
            writer.writerow(record_as_row(record))


def unique_records(records: Iterable[PersonRecord]) -> Iterator[PersonRecord]:
    """The records, refusing a record_id seen twice (pairs are named by record_id)."""
    seen: set[str] = set()
    for record in records:
        if record.record_id in seen:
            raise ValueError("A record_id appears twice")
        seen.add(record.record_id)
        yield record
