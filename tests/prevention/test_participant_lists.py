"""Reading participant lists from CSV and XLSX files (mukti/prevention/participant_lists.py):
a bad row rejects the whole file, naming its row and the reason."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import Workbook

from mukti.prevention.participant_lists import (
    ParticipantFileError,
    identifying_problem,
    read_participant_file,
)

HEADER = "code,sex,age_group,role,pre_score,post_score\n"


def read_csv(text: str):
    return read_participant_file(filename="list.csv", content=text.encode())


def refusal(text: str, filename: str = "list.csv") -> str:
    with pytest.raises(ParticipantFileError) as error:
        read_participant_file(filename=filename, content=text.encode())
    [message] = error.value.message_dict["participant_file"]
    return message


def test_a_good_csv_file_is_read_row_by_row():
    participants = read_csv(HEADER + "P-1,female,18_24,Line operator,4,8\nP-2,m,50+,,6.5,6\n\n")

    assert [p.code for p in participants] == ["P-1", "P-2"]
    assert participants[1].sex == "male" and participants[1].age_group == "50_plus"
    assert participants[1].pre_score == Decimal("6.5")


def test_semicolons_and_a_byte_order_mark_are_understood():
    participants = read_participant_file(
        filename="list.csv", content="\ufeffcode;sex\nP-1;F\n".encode()
    )

    assert participants[0].sex == "female"


def test_an_xlsx_file_is_read():
    workbook = Workbook()
    workbook.active.append(["Participant code", "Sex", "Age", "Pre", "Post"])
    workbook.active.append([17, "female", "25-34", 3.0, 9])
    buffer = io.BytesIO()
    workbook.save(buffer)

    [participant] = read_participant_file(filename="x.xlsx", content=buffer.getvalue())

    assert participant.code == "17"
    assert participant.age_group == "25_34"
    assert participant.post_score == Decimal(9)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (HEADER + "P-1,female,18_24,,4,8\nP-2,female,18_24,,4,eight\n", "Row 3: the score after"),
        (
            HEADER + "P-1,female,18_24,,4,8\n01711123456,female,18_24,,4,8\n",
            "Row 3: the participant code is refused: it looks like a phone number",
        ),
        (
            HEADER + "P-1,female,18_24,a@b.org,4,8\n",
            "Row 2: the role is refused: it looks like an e-mail",
        ),
        (HEADER + "P-1,woman?,18_24,,4,8\n", "Row 2: the sex is not one of"),
        (HEADER + "P-1,female,teen,,4,8\n", "Row 2: the age group is not one of"),
        (
            HEADER + "P-1,female,18_24,,4,8\np-1,female,18_24,,4,8\n",
            "Row 3: the code is already used in row 2",
        ),
        (HEADER + ",female,18_24,,4,8\n", "Row 2: the participant code is missing"),
        (HEADER + "P-1,female,18_24,,4,8,extra\n", "Row 2: the row has more cells than the header"),
        ("code,name,phone\nP-1,Rina,017\n", "a column this list does not keep (name, phone)"),
        ("sex\nfemale\n", "no code column"),
        ("", "The file is empty."),
        (HEADER, "lists no participants"),
    ],
)
def test_a_bad_file_is_refused_with_the_row_and_the_reason(text, expected):
    message = refusal(text)

    assert expected in message
    assert "Rina" not in message and "a@b.org" not in message and "01711123456" not in message


def test_other_kinds_of_file_are_refused():
    assert "CSV or an XLSX" in refusal("%PDF-1.4", filename="list.pdf")
    assert "could not be read as an XLSX" in refusal("PK\x03\x04 not really", filename="a.xlsx")
    bad_bytes = pytest.raises(ParticipantFileError)
    with bad_bytes:
        read_participant_file(filename="list.csv", content=b"code\n\xff\xfe\n")


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("+44 7700 900123", "phone"),
        ("(02) 9876 5432", "phone"),
        ("0171 112 2334", "phone"),
        ("someone@example.com", "e-mail"),
        ("P-017", None),
        ("BGB-2025-0017", None),
        ("Sub-inspector, Jashore", None),
        ("Batch 12, 2025", None),
    ],
)
def test_what_looks_identifying(value, problem):
    found = identifying_problem(value)

    assert (found is None) if problem is None else (problem in found)
