from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from mukti.audit.chain import historical_row_digest
from mukti.audit.models import ChangeLogEntry
from mukti.audit.verify import verify_chains
from mukti.cases.models import Case, CaseAssignment, ExploitationProfile
from tests.factories import make_case

DHAKA = ZoneInfo("Asia/Dhaka")


def test_a_version_written_from_local_time_and_strings_still_verifies(story):
    case = make_case(actor=story.caseworker)
    assignment = CaseAssignment.objects.get(case=case)
    assignment.ended_at = datetime(2026, 2, 1, 9, 30, tzinfo=DHAKA)
    assignment.save()
    stored = Case.objects.get(pk=case.pk)
    stored.opened_on = "2026-01-14"  # as a form or an import might hand it over
    stored.save()
    assert verify_chains().verified


def test_a_profile_whose_lists_and_dicts_round_trip_still_verifies(story):
    case = make_case(actor=story.caseworker)
    profile = ExploitationProfile.objects.get(case=case)
    profile.types = ["forced_labour", {"sector": "C", "detail": "garments"}]
    profile.save()
    assert verify_chains().verified


def test_the_digest_reads_values_as_the_database_gives_them_back(story):
    case = make_case(actor=story.caseworker)
    row = case.history.first()
    digest = historical_row_digest(row)
    row.history_date = row.history_date.astimezone(DHAKA)
    row.opened_on = row.opened_on.isoformat()
    assert historical_row_digest(row) == digest
    row.risk = "low" if row.risk != "low" else "high"
    assert historical_row_digest(row) != digest


def test_every_recorded_version_is_linked_once(story):
    case = make_case(actor=story.caseworker)
    history_ids = set(case.history.values_list("history_id", flat=True))
    linked = set(
        ChangeLogEntry.objects.filter(history_model="cases.historicalcase").values_list(
            "history_id", flat=True
        )
    )
    assert history_ids == linked
