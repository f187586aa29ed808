"""A raw dump of the database shows no name, phone, village or narrative."""

from __future__ import annotations

import pytest
from django.db import connection

from mukti.audit.models import AccessAction
from mukti.audit.services import record_access
from mukti.cases.services import add_attachment, add_note, close_case
from mukti.people.services import AddressInput
from tests.factories import make_case, make_person

GIVEN_NAME = "Shathi"
FAMILY_NAME = "Khatunnesa"
PHONE = "+880 1711-234567"
PHONE_DIGITS = "8801711234567"
VILLAGE = "Charpara-Dumuria"
NOTE = "She was taken across the border at Benapole by a broker."
ATTACHMENT = "Statement given at the Jessore shelter."
SECRETS = [GIVEN_NAME, FAMILY_NAME, PHONE_DIGITS, "1711-234567", VILLAGE, NOTE, ATTACHMENT]


@pytest.fixture
def survivor_story(story):
    survivor = make_person(
        actor=story.caseworker,
        office=story.office,
        given_name=GIVEN_NAME,
        family_name=FAMILY_NAME,
        phone=PHONE,
        address=AddressInput(country="BD", division="Khulna", district="Jessore", village=VILLAGE),
    )
    case = make_case(actor=story.caseworker, survivor=survivor)
    add_note(actor=story.caseworker, case=case, body=NOTE)
    add_attachment(
        actor=story.caseworker, case=case, filename="statement.txt", content=ATTACHMENT.encode()
    )
    close_case(
        actor=story.caseworker,
        case=case,
        expected_version=case.version,
        closed_on=case.opened_on,
        reason=f"{GIVEN_NAME} moved away",
    )
    record_access(
        actor=story.colleague,
        action=AccessAction.VIEW,
        record=case,
        purpose=f"Call {GIVEN_NAME} at {PHONE}",
    )
    return survivor


def every_stored_value():
    """(table, value) for every cell of every table, read with plain SQL."""
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                for value in row:
                    yield table, value


def test_no_identifying_value_is_stored_in_plaintext(survivor_story):
    tables_seen = set()
    for table, value in every_stored_value():
        tables_seen.add(table)
        if isinstance(value, memoryview | bytes | bytearray):
            text = bytes(value).decode("latin-1")
        elif value is None:
            continue
        else:
            text = str(value)
        for secret in SECRETS:
            assert secret not in text, f"plaintext found in {table}"
            # Ciphertext is base64 (mixed case); elsewhere no case variant may appear either.
            if not text.startswith("m1."):
                assert secret.lower() not in text.lower(), f"plaintext found in {table}"
    assert {"people_personname", "people_historicalpersonname", "cases_note"} <= tables_seen


def test_stored_values_name_their_format_and_key(survivor_story):
    checks = [
        ("people_personname", "given_name"),
        ("people_personname", "family_name"),
        ("people_historicalpersonname", "given_name"),
        ("people_personphone", "number"),
        ("people_personaddress", "village"),
        ("cases_note", "body"),
        ("cases_historicalnote", "body"),
        ("cases_case", "closing_reason"),
        ("audit_accesslogentry", "purpose"),
    ]
    with connection.cursor() as cursor:
        for table, column in checks:
            cursor.execute(
                f"SELECT {connection.ops.quote_name(column)} "  # noqa: S608
                f"FROM {connection.ops.quote_name(table)} "
                f"WHERE {connection.ops.quote_name(column)} <> ''"
            )
            values = [value for (value,) in cursor.fetchall()]
            assert values, f"{table}.{column} holds nothing to check"
            assert all(value.startswith("m1.k1.") for value in values), f"{table}.{column}"
        cursor.execute("SELECT sealed FROM cases_attachmentcontent")
        (sealed,) = cursor.fetchone()
        assert bytes(sealed).startswith(b"m1.k1.")


def test_the_application_still_reads_what_it_stored(survivor_story):
    name = survivor_story.names.get()
    assert (name.given_name, name.family_name) == (GIVEN_NAME, FAMILY_NAME)
    assert survivor_story.phones.get().number == PHONE
    assert survivor_story.addresses.get().village == VILLAGE
    assert survivor_story.cases.get().notes.get().body == NOTE
