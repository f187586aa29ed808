"""The partner's XLSX template: one row per indicator a partner reports, a column for the
total and for each sex and age group the partner can split it by. A file whose columns are
not exactly these is refused with the reason, and nothing is written."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation

from mukti.impact.indicators import AGE_GROUPS, PARTNER_INDICATORS, REGISTRY
from mukti.people.models import Sex

CODE_COLUMN = "indicator_code"
NAME_COLUMN = "indicator"
TOTAL_COLUMN = "total"
SEX_COLUMNS = {Sex.FEMALE.value: "female", Sex.MALE.value: "male", Sex.OTHER.value: "other"}
AGE_COLUMNS = {key: "age_" + key.replace("-", "_").replace("+", "_plus") for key, *_ in AGE_GROUPS}
COLUMNS = (
    CODE_COLUMN,
    NAME_COLUMN,
    TOTAL_COLUMN,
    *SEX_COLUMNS.values(),
    *AGE_COLUMNS.values(),
)
MAX_BYTES = 2 * 1024 * 1024
SHEET = "figures"


@dataclass(frozen=True)
class SubmittedFigure:
    value: int
    by_sex: dict[str, int] = field(default_factory=dict)
    by_age_group: dict[str, int] = field(default_factory=dict)


def template() -> bytes:
    """An empty template with one row per indicator partners report."""
    workbook = Workbook()
    sheet = workbook.create_sheet(SHEET, 0)
    workbook.remove(workbook.worksheets[1])  # the empty default sheet
    sheet.append(list(COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for item in PARTNER_INDICATORS:
        sheet.append([item.code, str(item.name)])
    whole_numbers = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0")
    whole_numbers.error = _("Write a whole number, 0 or more.")
    sheet.add_data_validation(whole_numbers)
    whole_numbers.add(f"C2:{chr(ord('A') + len(COLUMNS) - 1)}{len(PARTNER_INDICATORS) + 1}")
    sheet.column_dimensions["A"].width = 26
    sheet.column_dimensions["B"].width = 50
    about = workbook.create_sheet("about")
    about.append([_("One row per indicator. Leave a cell empty if you cannot split the total.")])
    about.append([_("Do not add, remove or rename columns: such a file is refused.")])
    for item in PARTNER_INDICATORS:
        about.append([item.code, str(item.rule_text)])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _number(value: object, *, row: int, column: str) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        value = None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if not isinstance(value, int) or value < 0:
        raise ValidationError(
            {
                "file": _("Row %(row)s, column “%(column)s”: write a whole number, 0 or more.")
                % {"row": row, "column": column}
            }
        )
    return value


def _check_header(header: list[str]) -> dict[str, int]:
    unknown = [name for name in header if name and name not in COLUMNS]
    if unknown:
        raise ValidationError(
            {
                "file": _(
                    "The column “%(column)s” is not in the template. Download the template "
                    "again and copy your figures into it."
                )
                % {"column": unknown[0]}
            }
        )
    missing = [name for name in COLUMNS if name not in header]
    if missing:
        raise ValidationError(
            {
                "file": _("The column “%(column)s” is missing. Download the template again.")
                % {"column": missing[0]}
            }
        )
    duplicated = [name for name in COLUMNS if header.count(name) > 1]
    if duplicated:
        raise ValidationError(
            {"file": _("The column “%(column)s” appears twice.") % {"column": duplicated[0]}}
        )
    return {name: header.index(name) for name in COLUMNS}


def read_figures(content: bytes) -> dict[str, SubmittedFigure]:
    """The figures of an uploaded template; a ValidationError says what is wrong with it."""
    if len(content) > MAX_BYTES:
        raise ValidationError({"file": _("The file is larger than 2 MB.")})
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors for a file that is not XLSX
        raise ValidationError({"file": _("This is not an XLSX spreadsheet.")}) from None
    sheet = workbook[SHEET] if SHEET in workbook.sheetnames else workbook.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    if not rows:
        raise ValidationError({"file": _("The spreadsheet is empty.")})
    header = [str(cell).strip() if cell is not None else "" for cell in rows[0]]
    while header and not header[-1]:
        header.pop()
    position = _check_header(header)
    figures: dict[str, SubmittedFigure] = {}
    for number, row in enumerate(rows[1:], start=2):
        cells = list(row) + [None] * (len(COLUMNS) - len(row))
        code = str(cells[position[CODE_COLUMN]] or "").strip()
        if not code:
            continue
        if code not in REGISTRY or not REGISTRY[code].partner_reports:
            raise ValidationError(
                {
                    "file": _("Row %(row)s: “%(code)s” is not an indicator partners report.")
                    % {"row": number, "code": code}
                }
            )
        if code in figures:
            raise ValidationError(
                {
                    "file": _("Row %(row)s: “%(code)s” appears twice.")
                    % {"row": number, "code": code}
                }
            )
        total = _number(cells[position[TOTAL_COLUMN]], row=number, column=TOTAL_COLUMN)
        if total is None:
            continue  # not reported this period
        by_sex = _splits(cells, position, SEX_COLUMNS, row=number)
        by_age = _splits(cells, position, AGE_COLUMNS, row=number)
        figures[code] = SubmittedFigure(value=total, by_sex=by_sex, by_age_group=by_age)
    if not figures:
        raise ValidationError({"file": _("The spreadsheet holds no figures.")})
    return figures


def _splits(
    cells: list[object], position: dict[str, int], columns: dict[str, str], *, row: int
) -> dict[str, int]:
    splits = {}
    for key, column in columns.items():
        value = _number(cells[position[column]], row=row, column=column)
        if value is not None:
            splits[key] = value
    return splits
