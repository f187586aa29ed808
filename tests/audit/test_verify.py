from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from mukti.audit.models import AccessAction, AccessLogEntry, ChangeLogEntry
from mukti.audit.services import record_access
from mukti.audit.verify import verify_chains
from mukti.cases.models import Case, Note
from mukti.cases.services import add_note, update_case
from tests.factories import make_case


@pytest.fixture
def case(story):
    """A case with a note, its risk changed once, read three times."""
    case = make_case(actor=story.caseworker)
    add_note(actor=story.caseworker, case=case, body="She asked to call her sister.")
    case = update_case(
        actor=story.caseworker,
        case=case,
        expected_version=case.version,
        risk="high",
        stage=case.stage,
        team=case.team,
        involves_sexual_exploitation=False,
        has_health_information=False,
    )
    for _ in range(3):
        record_access(
            actor=story.colleague, action=AccessAction.VIEW, record=case, purpose="case review"
        )
    return case


def run_verify() -> tuple[int, str]:
    from io import StringIO

    out = StringIO()
    try:
        call_command("audit", "verify", stdout=out)
    except CommandError as error:
        return error.returncode, out.getvalue()
    return 0, out.getvalue()


def sql(statement: str, params: list | tuple = ()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def access_sequences() -> list[int]:
    return list(AccessLogEntry.objects.order_by("sequence").values_list("sequence", flat=True))


def change_entry_for(record, history_model: str) -> ChangeLogEntry:
    history_id = record.history.order_by("-history_id").first().history_id
    return ChangeLogEntry.objects.get(history_model=history_model, history_id=history_id)


def test_untouched_chains_verify(case):
    status, output = run_verify()
    changes = ChangeLogEntry.objects.count()
    assert status == 0
    assert output.strip() == f"Both audit chains verified: 3 access entries, {changes} changes"
    assert changes >= 5  # person, name, case, profile, assignment, note, the risk change …


def test_an_edited_access_entry_is_named(case):
    edited = access_sequences()[1]
    sql("UPDATE audit_accesslogentry SET object_id = %s WHERE sequence = %s", ["forged", edited])
    status, output = run_verify()
    assert status == 1
    assert output.splitlines() == [
        f"access chain, entry {edited}: its content does not match its hash (the entry was edited)"
    ]


def test_a_removed_access_entry_is_named(case):
    removed = access_sequences()[1]
    sql("DELETE FROM audit_accesslogentry WHERE sequence = %s", [removed])
    status, output = run_verify()
    assert status == 1
    assert f"access chain: entry {removed} missing (removed from the chain)" in output
    assert len(output.splitlines()) == 1


def test_the_newest_access_entry_removed_is_named_from_the_chain_head(case):
    newest = access_sequences()[-1]
    sql("DELETE FROM audit_accesslogentry WHERE sequence = %s", [newest])
    status, output = run_verify()
    assert status == 1
    assert output.splitlines() == [f"access chain: entry {newest} missing (removed from the chain)"]


def test_a_forged_access_entry_is_named(case, story):
    last = AccessLogEntry.objects.order_by("-sequence").first()
    forged = last.sequence + 1
    sql(
        "INSERT INTO audit_accesslogentry (sequence, at, user_id, action, object_type, "
        "object_id, purpose, path, previous_hash, entry_hash) "
        "VALUES (%s, %s, %s, 'view', 'cases.case', %s, '', '', %s, %s)",
        [forged, last.at, story.outsider.pk.hex, str(case.pk), last.entry_hash, "f" * 64],
    )
    status, output = run_verify()
    assert status == 1
    assert f"access chain, entry {forged}: its content does not match its hash" in output
    assert f"access chain, entry {forged}: stored beyond the chain head" in output


def test_an_edited_historical_case_risk_is_named(case):
    entry = change_entry_for(case, "cases.historicalcase")
    sql(
        "UPDATE cases_historicalcase SET risk = 'low' WHERE history_id = %s",
        [entry.history_id],
    )
    status, output = run_verify()
    assert status == 1
    assert output.splitlines() == [
        f"change chain, entry {entry.sequence}: its recorded version cases.historicalcase "
        f"#{entry.history_id} was edited"
    ]


def test_a_removed_historical_note_is_named(case):
    note = Note.objects.get(case=case)
    entry = change_entry_for(note, "cases.historicalnote")
    sql("DELETE FROM cases_historicalnote WHERE history_id = %s", [entry.history_id])
    status, output = run_verify()
    assert status == 1
    assert output.splitlines() == [
        f"change chain, entry {entry.sequence}: its recorded version cases.historicalnote "
        f"#{entry.history_id} is missing (removed)"
    ]


def test_a_history_row_written_behind_the_chains_back_is_found(case):
    historical = Case.history.model
    first = historical.objects.filter(id=case.pk).order_by("history_id").first()
    first.pk = None  # a copy written straight into the table, without a change entry
    historical.objects.bulk_create([first])
    forged_id = historical.objects.order_by("-history_id").first().history_id
    findings = [str(f) for f in verify_chains().findings]
    assert findings == [
        f"change chain: recorded version cases.historicalcase #{forged_id} is not linked by "
        "any entry (inserted behind the chain's back)"
    ]


def test_an_edited_change_entry_is_named(case):
    entry = ChangeLogEntry.objects.order_by("sequence")[2]
    sql(
        "UPDATE audit_changelogentry SET change_type = '-' WHERE sequence = %s",
        [entry.sequence],
    )
    status, output = run_verify()
    assert status == 1
    assert output.splitlines() == [
        f"change chain, entry {entry.sequence}: its content does not match its hash "
        "(the entry was edited)"
    ]


def test_verification_walks_in_small_chunks_too(case):
    sequences = access_sequences()
    sql("DELETE FROM audit_accesslogentry WHERE sequence = %s", [sequences[1]])
    findings = [str(f) for f in verify_chains(chunk_size=1).findings]
    assert findings == [f"access chain: entry {sequences[1]} missing (removed from the chain)"]


def test_findings_name_no_record_content(case):
    sql("UPDATE audit_accesslogentry SET purpose = %s", ["m1.k1.garbage"])
    sql("UPDATE cases_historicalnote SET body = %s", ["m1.k1.garbage"])
    status, output = run_verify()
    assert status == 1
    assert "edited" in output
    assert "sister" not in output
    assert "case review" not in output
