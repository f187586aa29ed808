"""Reading a court's or a government's case list (CSV or XLSX) and checking every row.

The list names no one: a case id, the court and district, the filing date, the stage the case
is at, the date it reached each stage, and the outcome. A bad row rejects the whole file with
its row number (as a spreadsheet numbers it, the header being row 1) and the reason; nothing
is kept. Checks are vectorised (pandas), so 100,000 rows take well under a second.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
from django.utils.translation import gettext as _

# Columns every list must have, and the ones it may have (see docs/justice.md).
REQUIRED = ["case_id", "court", "district", "filing_date", "stage"]
# The date a case reached each stage, in stage order; the complaint stage starts at filing.
STAGE_DATE_COLUMNS = {
    "complaint": "filing_date",
    "investigation": "investigation_date",
    "charge_sheet": "charge_sheet_date",
    "trial": "trial_date",
    "verdict": "verdict_date",
    "appeal": "appeal_date",
}
STAGES = list(STAGE_DATE_COLUMNS)
OPTIONAL_DATES = [column for column in STAGE_DATE_COLUMNS.values() if column != "filing_date"] + [
    "disposed_date"
]
OUTCOMES = ["convicted", "acquitted", "discharged", "withdrawn", "dismissed"]
# Outcomes that a court reaches only by a verdict.
OUTCOMES_NEEDING_VERDICT = ["convicted", "acquitted"]
COUNT_COLUMNS = ["hearings", "adjournments"]
ALL_COLUMNS = [*REQUIRED, *OPTIONAL_DATES, "outcome", *COUNT_COLUMNS]
# The first row of data is row 2 of the sheet.
FIRST_ROW = 2
MAX_ROWS = 1_000_000


class BadCaseList(ValueError):
    """The list cannot be analysed; `row` is the sheet's row number (None: the whole file)."""

    def __init__(self, message: str, *, row: int | None = None) -> None:
        self.row = row
        self.reason = message
        text = (
            _("Row %(row)s: %(reason)s") % {"row": row, "reason": message}
            if row is not None
            else message
        )
        super().__init__(text)


@dataclass(frozen=True)
class CaseList:
    """The checked list: one row per case, dates as datetime64, counts as integers."""

    frame: pd.DataFrame
    has_hearing_counts: bool


def _read_frame(content: bytes, *, filename: str) -> pd.DataFrame:
    name = filename.lower()
    try:
        if name.endswith(".xlsx"):
            frame = pd.read_excel(io.BytesIO(content), engine="openpyxl", dtype=object)
        elif name.endswith(".csv") or name.endswith(".txt"):
            frame = pd.read_csv(
                io.BytesIO(content), dtype=str, keep_default_na=False, encoding="utf-8-sig"
            )
        else:
            raise BadCaseList(_("Upload a CSV or an XLSX file."))
    except BadCaseList:
        raise
    except UnicodeDecodeError:
        raise BadCaseList(_("The CSV file is not in UTF-8.")) from None
    except Exception:  # pandas and openpyxl raise many kinds for a broken file
        raise BadCaseList(_("The file could not be read as a CSV or XLSX table.")) from None
    frame.columns = [str(column).strip().lower() for column in frame.columns]
    return frame


def _as_text(series: pd.Series) -> pd.Series:
    return series.fillna("").astype(str).str.strip()


def _first(mask: np.ndarray | pd.Series) -> int | None:
    """The sheet row number of the first row where `mask` is true."""
    positions = np.flatnonzero(np.asarray(mask, dtype=bool))
    return int(positions[0]) + FIRST_ROW if positions.size else None


class _Problems:
    """Collects the first bad row of each check; the earliest row is the one reported."""

    def __init__(self) -> None:
        self.found: list[tuple[int, str]] = []

    def check(self, mask: np.ndarray | pd.Series, reason: str) -> None:
        row = _first(mask)
        if row is not None:
            self.found.append((row, reason))

    def raise_first(self) -> None:
        if self.found:
            row, reason = min(self.found, key=lambda problem: problem[0])
            raise BadCaseList(reason, row=row)


def _dates(frame: pd.DataFrame, column: str, problems: _Problems, today: date) -> pd.Series:
    raw = frame[column] if column in frame else pd.Series([""] * len(frame), index=frame.index)
    if raw.dtype == object:
        # XLSX cells may already be dates; text must be YYYY-MM-DD.
        as_text = raw.map(
            lambda value: value.date().isoformat() if hasattr(value, "date") else value
        )
        text = _as_text(as_text)
    else:
        text = _as_text(raw)
    text = text.str.slice(0, 10)
    parsed = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
    problems.check(
        (text != "") & parsed.isna(),
        _("%(column)s is not a date written YYYY-MM-DD.") % {"column": column},
    )
    problems.check(
        parsed > pd.Timestamp(today),
        _("%(column)s is in the future.") % {"column": column},
    )
    return parsed


def _counts(frame: pd.DataFrame, column: str, problems: _Problems) -> pd.Series:
    text = _as_text(frame[column]).str.replace(r"\.0$", "", regex=True)
    numbers = pd.to_numeric(text.where(text != "", "0"), errors="coerce")
    problems.check(
        numbers.isna() | (numbers < 0) | (numbers != numbers.round()),
        _("%(column)s is not a whole number of zero or more.") % {"column": column},
    )
    return numbers.fillna(0).astype("int64")


def read_case_list(content: bytes, *, filename: str, today: date) -> CaseList:
    """The checked list, or BadCaseList naming the first bad row and why."""
    frame = _read_frame(content, filename=filename)
    missing = [column for column in REQUIRED if column not in frame.columns]
    if missing:
        raise BadCaseList(
            _("The list has no column %(columns)s.") % {"columns": ", ".join(missing)}
        )
    if frame.empty:
        raise BadCaseList(_("The list has no cases."))
    if len(frame) > MAX_ROWS:
        raise BadCaseList(_("The list has more than a million rows."))
    frame = frame.reset_index(drop=True)
    problems = _Problems()
    cases = pd.DataFrame(index=frame.index)
    for column in ("case_id", "court", "district"):
        cases[column] = _as_text(frame[column])
        problems.check(cases[column] == "", _("%(column)s is empty.") % {"column": column})
    problems.check(
        cases["case_id"].duplicated() & (cases["case_id"] != ""),
        _("this case_id appears on an earlier row."),
    )
    cases["stage"] = _as_text(frame["stage"]).str.lower().str.replace(" ", "_")
    problems.check(
        ~cases["stage"].isin(STAGES),
        _("stage must be one of: %(stages)s.") % {"stages": ", ".join(STAGES)},
    )
    for column in ["filing_date", *OPTIONAL_DATES]:
        cases[column] = _dates(frame, column, problems, today)
    problems.check(cases["filing_date"].isna(), _("filing_date is empty."))
    _check_stage_dates(cases, problems)
    outcome = _as_text(frame["outcome"]).str.lower() if "outcome" in frame else ""
    cases["outcome"] = outcome if isinstance(outcome, pd.Series) else ""
    problems.check(
        (cases["outcome"] != "") & ~cases["outcome"].isin(OUTCOMES),
        _("outcome must be empty or one of: %(outcomes)s.") % {"outcomes": ", ".join(OUTCOMES)},
    )
    problems.check(
        cases["outcome"].isin(OUTCOMES_NEEDING_VERDICT) & cases["verdict_date"].isna(),
        _("a conviction or an acquittal needs its verdict_date."),
    )
    has_counts = all(column in frame for column in COUNT_COLUMNS)
    if has_counts:
        for column in COUNT_COLUMNS:
            cases[column] = _counts(frame, column, problems)
        problems.check(
            cases["adjournments"] > cases["hearings"],
            _("adjournments are more than hearings."),
        )
    problems.raise_first()
    return CaseList(frame=cases, has_hearing_counts=has_counts)


def _check_stage_dates(cases: pd.DataFrame, problems: _Problems) -> None:
    """Each stage's date after the one before; the current stage dated; no date of a stage
    the case has not reached."""
    stage_position = cases["stage"].map({stage: i for i, stage in enumerate(STAGES)})
    latest = cases["filing_date"]
    for position, (stage, column) in enumerate(STAGE_DATE_COLUMNS.items()):
        if column == "filing_date":
            continue
        dated = cases[column]
        problems.check(
            dated.notna() & latest.notna() & (dated < latest),
            _("%(column)s is before an earlier stage's date.") % {"column": column},
        )
        problems.check(
            (stage_position == position) & dated.isna(),
            _("the case is at the %(stage)s stage but %(column)s is empty.")
            % {"stage": stage, "column": column},
        )
        problems.check(
            (stage_position < position) & dated.notna(),
            _("%(column)s is given but the case has not reached that stage.") % {"column": column},
        )
        latest = dated.where(dated.notna(), latest)
    problems.check(
        cases["disposed_date"].notna() & (cases["disposed_date"] < cases["filing_date"]),
        _("disposed_date is before filing_date."),
    )
