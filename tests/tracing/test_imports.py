"""Importing reports from CSV and XLSX as a background job: a bad row rejects the whole file
with its row number and reason and nothing is written; importing again adds no duplicate."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import Workbook

from mukti.people.models import Person
from mukti.tracing import report_index, services
from mukti.tracing.imports import FileRefused, check_file
from mukti.tracing.models import JobStatus, MissingPersonReport, TracingJob

pytestmark = pytest.mark.django_db

HEADER = (
    "source_name,report_number,reported_on,given_name,family_name,other_names,sex,age,"
    "birth_date,district,subdistrict,village,father_name,mother_name,reporter_name,"
    "reporter_relationship,reporter_phone"
)
ROWS = [
    "Sharsha police station,GD 1234/25,2025-12-01,Rina,Akter,Moni,F,15,,Jessore,Sharsha,"
    "Bagachra,Abdul Karim,Rahima Begum,Rahima Begum,mother,01712-345678",
    "Kalaroa police station,GD 88/25,2025-11-20,Shirin,Sultana,,female,,2010-04-02,Satkhira,"
    "Kalaroa,,Babul Mia,Hasina,Babul Mia,father,",
    "Mongla police station,GD 7/26,2026-01-05,Mim,,,female,12,,Bagerhat,Mongla,,,,,,",
]


def csv_file(*rows: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def import_file(user, office, content: bytes, name: str = "reports.csv", capture=None):
    """Queue the import and run it (the test task backend runs jobs at once)."""
    with capture(execute=True):
        job = services.start_import(actor=user, office=office, filename=name, content=content)
    job.refresh_from_db()
    return job


@pytest.fixture
def run_import(django_capture_on_commit_callbacks):
    def run(user, office, content, name="reports.csv"):
        return import_file(user, office, content, name, capture=django_capture_on_commit_callbacks)

    return run


def test_a_csv_file_is_imported_as_a_job_with_its_progress(story, run_import):
    job = run_import(story.caseworker, story.office, csv_file(*ROWS))

    assert job.status == JobStatus.DONE
    assert job.progress == 1.0
    assert job.result == {"rows": 3, "created": 3, "already_recorded": 0}
    assert job.sealed_file is None  # the file is not kept once read
    reports = MissingPersonReport.objects.order_by("reported_on")
    assert [r.person.display_name for r in reports] == ["Shirin Sultana", "Rina Akter", "Mim"]
    rina = reports.get(source_name="Sharsha police station")
    assert rina.person.estimated_age == 15 and rina.person.age_estimated_on == date(2025, 12, 1)
    assert rina.reporter_relationship == "mother"
    assert rina.father_name == "Abdul Karim"
    assert rina.import_job == job
    assert "Moni" in [name.given_name for name in rina.person.names.all()]


def test_importing_the_same_reports_again_adds_no_duplicate(story, run_import):
    run_import(story.caseworker, story.office, csv_file(*ROWS[:2]))

    job = run_import(story.caseworker, story.office, csv_file(*ROWS))

    assert job.result == {"rows": 3, "created": 1, "already_recorded": 2}
    assert MissingPersonReport.objects.count() == 3
    assert Person.objects.count() == 3


@pytest.mark.parametrize(
    ("bad_row", "column", "reason"),
    [
        (
            "Benapole police station,GD 5,2999-01-01,Rupa,Das,,F,14,,Jessore,,,,,,,",
            "reported_on",
            "The date cannot be in the future.",
        ),
        (
            "Benapole police station,GD 5,01/12/2025,Rupa,Das,,F,14,,Jessore,,,,,,,",
            "reported_on",
            "Not a date in the form YYYY-MM-DD.",
        ),
        ("Benapole police station,GD 5,2025-12-01,,,,F,14,,Jessore,,,,,,,", "given_name", "name"),
        (
            "Benapole police station,GD 5,2025-12-01,Rupa,Das,,girl?,14,,Jessore,,,,,,,",
            "sex",
            "female",
        ),
        (
            "Benapole police station,GD 5,2025-12-01,Rupa,Das,,F,fourteen,,Jessore,,,,,,,",
            "age",
            "number",
        ),
        (
            "Benapole police station,GD 5,2025-12-01,Rupa,Das,,F,14,2011-01-01,Jessore,,,,,,,",
            "age",
            "not both",
        ),
        (
            "Sharsha police station,GD-1234/25,2025-12-02,Rupa,Das,,F,14,,Jessore,,,,,,,",
            "report_number",
            "row 2",
        ),
    ],
)
def test_a_bad_row_rejects_the_whole_file_with_its_row_and_reason(
    story, run_import, bad_row, column, reason
):
    job = run_import(story.caseworker, story.office, csv_file(ROWS[0], ROWS[1], bad_row))

    assert job.status == JobStatus.FAILED
    assert job.error_row == 4
    assert job.error.startswith(f"Row 4, column {column}: ")
    assert reason in job.error
    assert "Rupa" not in job.error and "Das" not in job.error
    assert not MissingPersonReport.objects.exists()
    assert not Person.objects.exists()


def test_an_unknown_column_rejects_the_file_at_the_header(story, run_import):
    job = run_import(
        story.caseworker, story.office, csv_file(header=HEADER + ",religion"), name="r.csv"
    )

    assert (job.status, job.error_row) == (JobStatus.FAILED, 1)
    assert "religion" in job.error


def test_an_xlsx_file_with_real_dates_and_numbers_is_imported(story, run_import):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(
        [
            "Source name",
            "Report number",
            "Reported on",
            "Given name",
            "Family name",
            "Sex",
            "Age",
            "District",
            "Phone",
        ]
    )
    sheet.append(
        [
            "Sharsha police station",
            1234,
            datetime(2025, 12, 1),  # noqa: DTZ001 - a spreadsheet date has no zone
            "Rina",
            "Akter",
            "female",
            15,
            "Jessore",
            1712345678,
        ]
    )
    sheet.append([None] * 9)  # an empty row is skipped
    sheet.append(
        [
            "Kalaroa police station",
            "GD 88",
            date(2025, 11, 20),
            "Shirin",
            None,
            "F",
            16.0,
            "Satkhira",
            None,
        ]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)

    job = run_import(story.caseworker, story.office, buffer.getvalue(), name="reports.xlsx")

    assert job.status == JobStatus.DONE, job.error
    assert job.result["created"] == 2
    rina = MissingPersonReport.objects.get(source_name="Sharsha police station")
    assert rina.report_number == "1234"
    assert rina.reported_on == date(2025, 12, 1)
    assert rina.person.phones.get().number == "1712345678"


def test_an_xlsx_with_a_bad_row_names_it(story, run_import):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["source_name", "report_number", "reported_on", "given_name"])
    sheet.append(["Sharsha police station", "GD 1", date(2025, 12, 1), "Rina"])
    sheet.append(["Sharsha police station", "GD 2", "yesterday", "Mim"])
    buffer = io.BytesIO()
    workbook.save(buffer)

    job = run_import(story.caseworker, story.office, buffer.getvalue(), name="reports.xlsx")

    assert (job.status, job.error_row) == (JobStatus.FAILED, 3)
    assert not MissingPersonReport.objects.exists()


def test_a_file_that_is_not_a_workbook_is_refused(story, run_import):
    job = run_import(story.caseworker, story.office, b"not a zip", name="reports.xlsx")

    assert job.status == JobStatus.FAILED
    assert "XLSX" in job.error


def test_a_file_of_another_kind_is_refused_before_it_is_queued(story):
    with pytest.raises(ValidationError):
        services.start_import(
            actor=story.caseworker, office=story.office, filename="reports.pdf", content=b"%PDF"
        )
    assert not TracingJob.objects.exists()


@pytest.mark.parametrize("who", ["counsellor", "outsider"])
def test_only_tracing_roles_of_the_office_may_import(story, request, who):
    user = story.outsider if who == "outsider" else request.getfixturevalue(who)

    with pytest.raises(PermissionDenied):
        services.start_import(
            actor=user, office=story.office, filename="r.csv", content=csv_file(*ROWS)
        )


def test_the_file_is_checked_whole_before_anything_is_written(story):
    with pytest.raises(FileRefused) as refused:
        check_file(csv_file(ROWS[0], "x,,2025-12-01,Mim"), file_format="csv", office=story.office)

    assert (refused.value.row, refused.value.column) == (3, "report_number")


def test_imported_reports_join_the_matching_index(story, run_import):
    assert report_index.indexed_reports() == 0

    run_import(story.caseworker, story.office, csv_file(*ROWS))

    assert report_index.indexed_reports() == 3


def test_a_semicolon_separated_csv_with_a_byte_order_mark_is_read(story, run_import):
    content = "\ufeff" + HEADER.replace(",", ";") + "\n" + ROWS[0].replace(",", ";") + "\n"

    job = run_import(story.caseworker, story.office, content.encode())

    assert job.status == JobStatus.DONE, job.error
    assert MissingPersonReport.objects.count() == 1
