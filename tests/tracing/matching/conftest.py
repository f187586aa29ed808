"""Records that tell the matching engine's stories: Rina from Jessore, written many ways."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest

from mukti.tracing.matching.model import MatchModel
from mukti.tracing.matching.records import PersonRecord

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))


@pytest.fixture(scope="session")
def model() -> MatchModel:
    return MatchModel.default()


@pytest.fixture
def rina_report() -> PersonRecord:
    """A police report: Rina Akter, 13, from Sharsha in Jessore, father Md. Abdul Karim."""
    return PersonRecord(
        record_id="report-rina",
        given_name="Mst. Rina",
        family_name="Akter",
        other_names="Moni",
        sex="female",
        age=13,
        age_reported_on=date(2025, 3, 1),
        father_name="Md. Abdul Karim",
        mother_name="Salma Begum",
        country="BD",
        district="Jessore",
        subdistrict="Sharsha",
        village="Kashipur",
        phone="01711-000111",
    )


@pytest.fixture
def rina_found() -> PersonRecord:
    """The girl the border guards met: "Reena Akhter, about 14, near Jashore, father Abdul
    Karim" (another spelling, a renamed district, an estimated age)."""
    return PersonRecord(
        record_id="found-rina",
        given_name="Reena",
        family_name="Akhter",
        sex="female",
        age=14,
        age_reported_on=date(2025, 9, 20),
        father_name="Mohammad Abdul Karim",
        country="BD",
        district="Jashore",
    )


@pytest.fixture(scope="session")
def background() -> list[PersonRecord]:
    """2,000 other reports, so that name frequencies are those of a real register."""
    from benchmarks.tracing_data import generate

    return generate(reports=2000, found=0, seed=3).reports
