"""Backlog analysis: reading and checking a case list, the numbers on a small list worked
out by hand, and the command line (mukti backlog analyse)."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from mukti.justice.backlog_analysis import LimitRule, analyse
from mukti.justice.backlog_import import BadCaseList, read_case_list

AS_OF = date(2026, 3, 1)
BD_TRIAL = LimitRule(
    label="PSHTA 2012 s. 24(1)",
    from_stage="trial",
    until_stage="verdict",
    days=180,
    weekmask="1111001",
)
HEADER = (
    "case_id,court,district,filing_date,stage,trial_date,verdict_date,outcome,hearings,adjournments"
)
# Six cases reached the trial stage. Days in it: 10, 20 and 30 to a verdict; 15, 59 and 759
# still in trial on 1 March 2026 (censored).
KNOWN = "\n".join(
    [
        HEADER,
        "T1,Tribunal A,Khulna,2025-12-01,verdict,2026-01-01,2026-01-11,acquitted,4,3",
        "T2,Tribunal A,Khulna,2025-12-01,verdict,2026-01-01,2026-01-21,acquitted,5,4",
        "T3,Tribunal A,Jessore,2026-02-01,trial,2026-02-14,,,1,0",
        "T4,Tribunal B,Jessore,2025-12-01,verdict,2026-01-01,2026-01-31,convicted,6,3",
        "T5,Tribunal B,Jessore,2025-12-01,trial,2026-01-01,,,2,2",
        "T6,Tribunal B,Satkhira,2024-01-01,trial,2024-02-01,,,10,8",
    ]
)


def checked(text: str, *, filename: str = "cases.csv"):
    return read_case_list(text.encode(), filename=filename, today=AS_OF)


def reason(text: str) -> str:
    with pytest.raises(BadCaseList) as refused:
        checked(text)
    return str(refused.value)


@pytest.fixture(scope="module")
def result():
    return analyse(checked(KNOWN), as_of=AS_OF, limits=[BD_TRIAL])


def test_the_kaplan_meier_median_counts_cases_still_in_trial(result):
    trial = next(row for row in result["time_in_stage"] if row["stage"] == "trial")

    # By hand: S(10) = 5/6; 15 censored; S(20) = 5/6 x 3/4 = 0.625; S(30) = 0.625 x 2/3 = 0.42.
    # The median is 30 days; the median of the three verdicts alone would say 20.
    assert trial["median_days"] == 30.0
    assert (trial["cases"], trial["left"], trial["still_in"]) == (6, 3, 3)
    assert trial["p75_days"] is None  # three in four never left within what was seen
    curve = dict((day, share) for day, share in trial["curve"])
    assert curve[10.0] == pytest.approx(5 / 6, abs=1e-4)
    assert curve[20.0] == pytest.approx(0.625, abs=1e-4)
    assert curve[30.0] == pytest.approx(0.4167, abs=1e-4)


def test_case_ages_and_outcomes(result):
    assert (result["cases"], result["open"], result["disposed"]) == (6, 3, 3)
    # Open cases are 28, 90 and 790 days old.
    assert result["ages"]["median_days_open"] == 90.0
    assert result["ages"]["oldest_days_open"] == 790.0
    assert [band["open"] for band in result["ages"]["bands"]] == [2, 0, 1, 0, 0]
    assert result["outcomes"] == {"acquitted": 2, "convicted": 1}
    assert result["conviction_rate"] == pytest.approx(1 / 3)


def test_only_the_old_trial_passed_the_180_working_day_limit(result):
    [limit] = result["limits"]
    assert limit["applicable"] == 6
    assert limit["running"] == 3
    assert limit["passed_open"] == 1
    assert result["passed_any_limit_open"] == 1


def test_breakdowns_by_court_and_district(result):
    courts = {row["name"]: row for row in result["by_court"]}
    assert (courts["Tribunal B"]["open"], courts["Tribunal B"]["convicted"]) == (2, 1)
    assert courts["Tribunal B"]["passed_limit"] == 1
    districts = {row["name"]: row["cases"] for row in result["by_district"]}
    assert districts == {"Khulna": 2, "Jessore": 3, "Satkhira": 1}


def test_adjournment_patterns(result):
    adjournments = result["adjournments"]
    assert (adjournments["hearings"], adjournments["adjournments"]) == (28, 20)
    assert adjournments["rate"] == pytest.approx(20 / 28)
    assert adjournments["by_court"][0]["name"] == "Tribunal B"  # 13 of 18 adjourned


def test_a_list_without_hearing_counts_has_no_adjournment_section():
    text = "\n".join(line.rsplit(",", 2)[0] for line in KNOWN.splitlines())
    assert analyse(checked(text), as_of=AS_OF, limits=[])["adjournments"] is None


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("T7,Tribunal A,Khulna,2026-13-01,complaint,,,,1,0", "Row 8: filing_date is not a date"),
        ("T7,Tribunal A,Khulna,2026-01-01,hearing,,,,1,0", "Row 8: stage must be one of"),
        ("T1,Tribunal A,Khulna,2026-01-01,complaint,,,,1,0", "Row 8: this case_id appears"),
        ("T7,,Khulna,2026-01-01,complaint,,,,1,0", "Row 8: court is empty."),
        (
            "T7,Tribunal A,Khulna,2026-01-01,verdict,2026-02-01,2026-01-15,acquitted,1,0",
            "Row 8: verdict_date is before an earlier stage's date.",
        ),
        (
            "T7,Tribunal A,Khulna,2026-01-01,trial,,,,1,0",
            "Row 8: the case is at the trial stage but trial_date is empty.",
        ),
        (
            "T7,Tribunal A,Khulna,2026-01-01,trial,2026-01-05,2026-02-01,,1,0",
            "Row 8: verdict_date is given but the case has not reached that stage.",
        ),
        (
            "T7,Tribunal A,Khulna,2027-01-01,complaint,,,,1,0",
            "Row 8: filing_date is in the future.",
        ),
        ("T7,Tribunal A,Khulna,2026-01-01,complaint,,,,2,3", "Row 8: adjournments are more"),
        ("T7,Tribunal A,Khulna,2026-01-01,complaint,,,maybe,1,0", "Row 8: outcome must be"),
        (
            "T7,Tribunal A,Khulna,2026-01-01,trial,2026-01-05,,convicted,1,0",
            "Row 8: a conviction or an acquittal needs its verdict_date.",
        ),
    ],
)
def test_a_bad_row_rejects_the_list_with_its_row_number_and_reason(row, expected):
    assert reason(f"{KNOWN}\n{row}").startswith(expected)


def test_the_first_bad_row_is_the_one_named():
    text = KNOWN.replace("T2,Tribunal A", "T2,").replace("2025-12-01,trial", "2025-12-xx,trial")
    assert reason(text).startswith("Row 3: court is empty.")


def test_a_list_without_a_required_column_is_refused():
    text = KNOWN.replace("district,", "region,")
    assert reason(text) == "The list has no column district."


def test_an_xlsx_list_is_read_like_a_csv():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for line in KNOWN.splitlines():
        sheet.append([cell or None for cell in line.split(",")])
    sheet["F2"].value = date(2026, 1, 1)  # a real date cell
    buffer = io.BytesIO()
    workbook.save(buffer)

    case_list = read_case_list(buffer.getvalue(), filename="cases.xlsx", today=AS_OF)

    assert len(case_list.frame) == 6
    assert case_list.frame.loc[0, "trial_date"].date() == date(2026, 1, 1)


def test_a_bad_row_in_an_xlsx_list_is_named_too():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(","))
    sheet.append(["X1", "Tribunal", "Khulna", "soon", "complaint"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(BadCaseList) as refused:
        read_case_list(buffer.getvalue(), filename="cases.xlsx", today=AS_OF)
    assert str(refused.value).startswith("Row 2: filing_date is not a date")


def test_another_kind_of_file_is_refused():
    with pytest.raises(BadCaseList) as refused:
        read_case_list(b"%PDF-1.4", filename="cases.pdf", today=AS_OF)
    assert "CSV or an XLSX" in str(refused.value)


# --- the command line ----------------------------------------------------------------------


@pytest.fixture
def known_file(tmp_path: Path) -> Path:
    path = tmp_path / "cases.csv"
    path.write_text(KNOWN)
    return path


@pytest.mark.django_db
def test_the_command_writes_the_analysis_as_json(known_file: Path, tmp_path: Path):
    out = tmp_path / "analysis.json"

    call_command(
        "backlog", "analyse", str(known_file), "--format", "json", "--out", str(out),
        "--as-of", "2026-03-01", stdout=io.StringIO(),
    )  # fmt: skip

    result = json.loads(out.read_text())
    assert result["cases"] == 6
    assert result["limits"][0]["label"].endswith("s. 24(1)")
    assert result["limits"][0]["passed_open"] == 1
    trial = next(row for row in result["time_in_stage"] if row["stage"] == "trial")
    assert trial["median_days"] == 30.0


@pytest.mark.django_db
def test_the_command_writes_the_printable_summary_as_pdf(known_file: Path, tmp_path: Path):
    out = tmp_path / "analysis.pdf"

    call_command(
        "backlog", "analyse", str(known_file), "--format", "pdf", "--out", str(out),
        "--as-of", "2026-03-01", stdout=io.StringIO(),
    )  # fmt: skip

    content = out.read_bytes()
    assert content.startswith(b"%PDF")
    assert len(content) > 10_000


@pytest.mark.django_db
def test_the_command_names_the_bad_row(tmp_path: Path):
    path = tmp_path / "bad.csv"
    path.write_text(KNOWN + "\nT9,Tribunal,Khulna,2026-01-01,appeal,,,,1,0")
    with pytest.raises(CommandError) as refused:
        call_command(
            "backlog", "analyse", str(path), "--out", str(tmp_path / "x.json"),
            "--as-of", "2026-03-01",
        )  # fmt: skip
    assert "Row 8: the case is at the appeal stage but appeal_date is empty." in str(refused.value)
    assert not (tmp_path / "x.json").exists()
