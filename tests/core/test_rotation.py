"""Key rotation: old values keep reading, `mukti rotate-keys` moves everything to the new key,
and then the old key can go."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command, get_commands
from django.core.management.base import CommandError
from django.db import connection

from mukti.audit.models import AccessAction, AccessLogEntry, ChangeLogEntry
from mukti.audit.services import record_access
from mukti.cases.models import Attachment, Case, Note
from mukti.cases.services import add_attachment, add_note
from mukti.core.crypto import decrypt_bytes
from mukti.core.keyring import add_encryption_key_to_file, keyring
from mukti.core.rotation import encrypted_columns
from mukti.people.models import Person
from mukti.people.services import AddressInput
from tests.factories import make_case, make_person

NOTE = "Her employer kept her passport."
LETTER = b"%PDF-1.4 a letter from the embassy"


@pytest.fixture
def case(story):
    survivor = make_person(
        actor=story.caseworker,
        office=story.office,
        given_name="Shathi",
        family_name="Khatun",
        phone="01711234567",
        address=AddressInput(country="BD", village="Dumuria"),
    )
    case = make_case(actor=story.caseworker, survivor=survivor)
    add_note(actor=story.caseworker, case=case, body=NOTE)
    add_attachment(actor=story.caseworker, case=case, filename="letter.pdf", content=LETTER)
    record_access(actor=story.colleague, action=AccessAction.VIEW, record=case, purpose="review")
    return case


def raw_key_ids() -> dict[str, set[str]]:
    """The key id every stored encrypted value names, per column, read with plain SQL."""
    found: dict[str, set[str]] = {}
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model, fields in encrypted_columns():
            for field in fields:
                cursor.execute(
                    f"SELECT {quote(field.column)} FROM {quote(model._meta.db_table)} "  # noqa: S608
                    f"WHERE {quote(field.column)} <> ''"
                )
                for (value,) in cursor.fetchall():
                    found.setdefault(f"{model._meta.label}.{field.name}", set()).add(
                        value.split(".")[1]
                    )
        cursor.execute("SELECT sealed FROM cases_attachmentcontent")
        for (sealed,) in cursor.fetchall():
            found.setdefault("sealed", set()).add(bytes(sealed).split(b".")[1].decode())
    return found


def remove_key(keys_file, key_id: str) -> None:
    content = json.loads(keys_file.read_text())
    content["encryption_keys"] = [k for k in content["encryption_keys"] if k["id"] != key_id]
    keys_file.write_text(json.dumps(content))
    keyring.cache_clear()


def run(*args: str) -> tuple[int, str]:
    out = StringIO()
    try:
        call_command(*args, stdout=out)
    except CommandError as error:
        return error.returncode, out.getvalue()
    return 0, out.getvalue()


def everything_reads(case: Case) -> None:
    survivor = Person.objects.get(pk=case.survivor_id)
    assert survivor.display_name == "Shathi Khatun"
    assert survivor.phones.get().number == "01711234567"
    assert survivor.addresses.get().village == "Dumuria"
    assert Note.objects.get(case=case).body == NOTE
    assert Note.history.get().body == NOTE
    assert AccessLogEntry.objects.get(action=AccessAction.VIEW).purpose == "review"
    attachment = Attachment.objects.get(case=case)
    assert attachment.filename == "letter.pdf"
    sealed = bytes(attachment.content.sealed)
    assert decrypt_bytes(sealed, context=f"attachment:{attachment.pk}") == LETTER


def test_the_command_is_called_rotate_keys():
    assert get_commands()["rotate-keys"] == "mukti.core"


def test_values_under_the_old_key_still_read_after_a_new_key_is_added(case):
    assert set().union(*raw_key_ids().values()) == {"k1"}
    assert add_encryption_key_to_file() == "k2"
    everything_reads(case)
    add_note(actor=case.created_by, case=case, body="Written under the new key.")
    assert raw_key_ids()["cases.Note.body"] == {"k1", "k2"}


def test_rotation_moves_every_value_to_the_new_key_and_the_old_key_can_go(case, temporary_keys):
    versions = {n.pk: n.version for n in Note.objects.all()}
    history_rows = Note.history.count()
    changes = ChangeLogEntry.objects.count()

    status, output = run("rotate-keys")

    assert status == 0
    assert "Added encryption key k2" in output
    assert "values re-encrypted under key k2" in output
    assert "Shathi" not in output
    assert set().union(*raw_key_ids().values()) == {"k2"}
    # Re-encryption is not an edit: no new version, no history row, no change entry.
    assert {n.pk: n.version for n in Note.objects.all()} == versions
    assert Note.history.count() == history_rows
    assert ChangeLogEntry.objects.count() == changes

    remove_key(temporary_keys, "k1")
    everything_reads(case)
    status, output = run("audit", "verify")
    assert status == 0, output
    assert output.startswith("Both audit chains verified")


def test_check_counts_values_still_under_older_keys(case):
    add_encryption_key_to_file()
    status, output = run("rotate-keys", "--check")
    assert status == 1
    assert "cases.Note.body: 1" in output
    assert "cases.AttachmentContent.sealed: 1" in output

    status, output = run("rotate-keys", "--no-new-key")
    assert status == 0

    status, output = run("rotate-keys", "--check")
    assert status == 0
    assert "Every stored value is under the current key k2." in output


def test_rotation_in_chunks_of_one_reaches_every_row(case):
    status, _output = run("rotate-keys", "--chunk-size", "1")
    assert status == 0
    assert set().union(*raw_key_ids().values()) == {"k2"}


def test_keys_from_the_environment_are_not_written_to_a_file(case, settings):
    settings.MUKTI_ENCRYPTION_KEYS = "k1:" + "A" * 43 + "="
    with pytest.raises(CommandError, match="--no-new-key"):
        call_command("rotate-keys", stdout=StringIO())
