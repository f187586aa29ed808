"""Participant lists: the rows a form, the API or an uploaded CSV/XLSX file gives, and the
checks that keep them free of identifying data.

A participant is a code, a sex, an age group and a role or organisation type, with test
scores. Anything that looks like a phone number or an e-mail address is refused in each of
those fields, because a list that needs no identifying data must not collect any by mistake.
An uploaded file is read whole before anything is written: the first bad row rejects the file
with its row number and the reason.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from mukti.people.models import Sex
from mukti.prevention.models import AgeGroup

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
CODE_LENGTH = 40
ROLE_LENGTH = 100

# Nine digits or more, with the spaces, dots, dashes and brackets phone numbers are written
# with (+8801711…, 01711-123456, 07700 900123, (02) 1234 5678). Codes like P-2021-017 pass.
_PHONE = re.compile(r"\+?\(?\d(?:[\s.\-()/]*\d){8,}")
_PLUS_NUMBER = re.compile(r"\+\s*\d(?:[\s.\-()]*\d){6,}")
_EMAIL = re.compile(r"@|\bat\s*\S+\s*dot\s*(com|org|net)\b", re.IGNORECASE)


@dataclass(frozen=True)
class ParticipantInput:
    code: str
    sex: str = Sex.UNKNOWN
    age_group: str = AgeGroup.UNKNOWN
    role: str = ""
    pre_score: Decimal | None = None
    post_score: Decimal | None = None


def identifying_problem(value: str) -> str | None:
    """Why this value may identify someone (a phone number, an e-mail address), or None."""
    if _EMAIL.search(value):
        return _("it looks like an e-mail address")
    if _PHONE.search(value) or _PLUS_NUMBER.search(value):
        return _("it looks like a phone number")
    return None


def row_problems(row: ParticipantInput) -> list[str]:
    """What is wrong with one participant row, in words (never quoting the value)."""
    problems = []
    code = row.code.strip()
    if not code:
        problems.append(_("the participant code is missing"))
    elif len(code) > CODE_LENGTH:
        problems.append(_("the participant code is longer than 40 characters"))
    for label, value in ((_("participant code"), code), (_("role"), row.role)):
        why = identifying_problem(value)
        if why:
            problems.append(
                _("the %(field)s is refused: %(why)s. A participant list holds no contact details")
                % {"field": label, "why": why}
            )
    if len(row.role) > ROLE_LENGTH:
        problems.append(_("the role is longer than 100 characters"))
    if row.sex not in Sex.values:
        problems.append(_("the sex is not one of: female, male, other, unknown"))
    if row.age_group not in AgeGroup.values:
        problems.append(
            _("the age group is not one of: under_18, 18_24, 25_34, 35_49, 50_plus, unknown")
        )
    return problems


# --- reading a file ---------------------------------------------------------------------

COLUMNS = ("code", "sex", "age_group", "role", "pre_score", "post_score")
_COLUMN_ALIASES = {
    "participant_code": "code",
    "participant": "code",
    "age": "age_group",
    "agegroup": "age_group",
    "organisation_type": "role",
    "role_or_organisation_type": "role",
    "pre": "pre_score",
    "pre_test": "pre_score",
    "post": "post_score",
    "post_test": "post_score",
}
_SEX_ALIASES = {"f": Sex.FEMALE, "m": Sex.MALE, "woman": Sex.FEMALE, "man": Sex.MALE, "": "unknown"}
_AGE_ALIASES = {
    "<18": AgeGroup.UNDER_18,
    "under18": AgeGroup.UNDER_18,
    "50+": AgeGroup.FROM_50,
    "50plus": AgeGroup.FROM_50,
    "": AgeGroup.UNKNOWN,
}


class ParticipantFileError(ValidationError):
    """The file was refused; `row` is the spreadsheet row at fault (1 is the header)."""

    def __init__(self, message: str, *, row: int | None = None) -> None:
        self.row = row
        if row is not None:
            message = _("Row %(row)s: %(problem)s.") % {"row": row, "problem": message}
        super().__init__({"participant_file": [message]})


def _column_name(header: Any) -> str:
    name = re.sub(r"[\s\-/]+", "_", str(header or "").strip().lower())
    return _COLUMN_ALIASES.get(name, name)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _score(value: Any, *, row: int, column: str) -> Decimal | None:
    text = _text(value)
    if not text:
        return None
    try:
        score = Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise ParticipantFileError(
            _("the %(column)s is not a number") % {"column": column}, row=row
        ) from None
    if not score.is_finite():
        raise ParticipantFileError(
            _("the %(column)s is not a number") % {"column": column}, row=row
        )
    return score


def _age_group(value: Any) -> str:
    text = _text(value).lower().replace(" ", "")
    text = _AGE_ALIASES.get(text, text)
    return re.sub(r"[\-–to]+", "_", text) if text[:1].isdigit() else text


def _participant(cells: dict[str, Any], *, row: int) -> ParticipantInput:
    sex = _text(cells.get("sex")).lower()
    participant = ParticipantInput(
        code=_text(cells.get("code")),
        sex=_SEX_ALIASES.get(sex, sex),
        age_group=_age_group(cells.get("age_group")),
        role=_text(cells.get("role")),
        pre_score=_score(cells.get("pre_score"), row=row, column=_("score before")),
        post_score=_score(cells.get("post_score"), row=row, column=_("score after")),
    )
    problems = row_problems(participant)
    if problems:
        raise ParticipantFileError("; ".join(problems), row=row)
    return participant


def _csv_rows(content: bytes) -> Iterator[list[Any]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ParticipantFileError(_("The file is not UTF-8 text. Save it as CSV UTF-8.")) from None
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    yield from csv.reader(io.StringIO(text), dialect)


def _xlsx_rows(content: bytes) -> Iterator[list[Any]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise ParticipantFileError(_("The file could not be read as an XLSX workbook.")) from None
    try:
        sheet = workbook.worksheets[0]
        for values in sheet.iter_rows(values_only=True):
            yield list(values)
    finally:
        workbook.close()


def _rows_of(filename: str, content: bytes) -> Iterator[list[Any]]:
    if content.startswith(b"PK\x03\x04") or filename.lower().endswith(".xlsx"):
        return _xlsx_rows(content)
    if filename.lower().endswith((".csv", ".txt")):
        return _csv_rows(content)
    raise ParticipantFileError(_("Upload the list as a CSV or an XLSX file."))


def _header(cells: Iterable[Any]) -> list[str]:
    names = [_column_name(cell) for cell in cells]
    while names and not names[-1]:
        names.pop()
    unknown = [name for name in names if name not in COLUMNS]
    if unknown:
        raise ParticipantFileError(
            _(
                "The file has a column this list does not keep (%(columns)s). The columns are: "
                "%(expected)s. A participant list holds no names or contact details."
            )
            % {"columns": ", ".join(unknown[:3]), "expected": ", ".join(COLUMNS)},
            row=None,
        )
    if "code" not in names:
        raise ParticipantFileError(_("The file has no code column (the participant code)."))
    if len(set(names)) != len(names):
        raise ParticipantFileError(_("The file names a column twice."))
    return names


def read_participant_file(*, filename: str, content: bytes) -> list[ParticipantInput]:
    """Every participant in the file, or ParticipantFileError naming the first bad row."""
    if len(content) > MAX_FILE_BYTES:
        raise ParticipantFileError(_("The file is larger than 2 MB."))
    rows = _rows_of(filename, content)
    header: list[str] | None = None
    participants: list[ParticipantInput] = []
    seen: dict[str, int] = {}
    for number, cells in enumerate(rows, start=1):
        if not any(_text(cell) for cell in cells):
            continue
        if header is None:
            header = _header(cells)
            continue
        if len(participants) >= MAX_ROWS:
            raise ParticipantFileError(_("The file lists more than 5000 participants."))
        extra = [c for c in cells[len(header) :] if _text(c)]
        if extra:
            raise ParticipantFileError(_("the row has more cells than the header"), row=number)
        participant = _participant(dict(zip(header, cells, strict=False)), row=number)
        key = participant.code.casefold()
        if key in seen:
            raise ParticipantFileError(
                _("the code is already used in row %(first)s") % {"first": seen[key]}, row=number
            )
        seen[key] = number
        participants.append(participant)
    if header is None:
        raise ParticipantFileError(_("The file is empty."))
    if not participants:
        raise ParticipantFileError(_("The file lists no participants."))
    return participants
