"""Who may call the API: bearer tokens, and the browser session with CSRF and two factors."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.db import connection
from django.test import Client
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_otp.plugins.otp_totp.models import TOTPDevice

from mukti.api.models import ApiToken
from mukti.api.services import issue_token, revoke_token
from mukti.cases.models import CaseEvent
from tests.api.conftest import ApiClient
from tests.factories import make_case

CASES = "/api/v1/cases/"


def test_a_valid_token_lists_the_callers_cases(story):
    case = make_case(actor=story.caseworker)
    _token, plaintext = issue_token(actor=None, user=story.colleague, name="sync")

    response = ApiClient(plaintext).get(CASES)

    assert response.status_code == 200
    assert [c["number"] for c in response.json()["results"]] == [case.number]


def test_using_a_token_records_when_it_was_last_used(story):
    token, plaintext = issue_token(actor=None, user=story.caseworker, name="sync")

    ApiClient(plaintext).get(CASES)

    token.refresh_from_db()
    assert token.last_used_at is not None


def test_a_revoked_token_is_refused(story):
    case = make_case(actor=story.caseworker)
    token, plaintext = issue_token(actor=None, user=story.caseworker, name="sync")
    revoke_token(actor=story.caseworker, token=token)

    response = ApiClient(plaintext).get(CASES)

    assert response.status_code == 401
    assert case.number not in response.content.decode()


def test_an_expired_token_is_refused(story):
    case = make_case(actor=story.caseworker)
    _token, plaintext = issue_token(
        actor=None,
        user=story.caseworker,
        name="sync",
        expires_at=timezone.now() + timedelta(days=1),
    )
    assert ApiClient(plaintext).get(CASES).status_code == 200

    with time_machine.travel(timezone.now() + timedelta(days=2)):
        response = ApiClient(plaintext).get(CASES)

    assert response.status_code == 401
    assert case.number not in response.content.decode()


def test_a_wrong_token_is_refused(story):
    make_case(actor=story.caseworker)
    _token, plaintext = issue_token(actor=None, user=story.caseworker, name="sync")

    for wrong in (plaintext[:-1] + ("A" if plaintext[-1] != "A" else "B"), "mk_00000000_x", "x"):
        response = ApiClient(wrong).get(CASES)
        assert response.status_code == 401
        assert "results" not in response.json()


def test_without_credentials_the_api_answers_401(story):
    make_case(actor=story.caseworker)

    response = Client().get(CASES)

    assert response.status_code == 401
    assert "results" not in response.json()


def test_a_token_is_stored_only_as_a_keyed_hash(story):
    token, plaintext = issue_token(actor=None, user=story.caseworker, name="sync")
    secret = plaintext.rsplit("_", 1)[1]

    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM api_apitoken")
        stored = " ".join(str(value) for row in cursor.fetchall() for value in row)

    assert plaintext not in stored
    assert secret not in stored
    assert token.prefix in stored
    assert ApiToken.objects.get().token_hash != plaintext


def test_a_session_without_the_second_factor_is_refused(story):
    case = make_case(actor=story.caseworker)
    client = Client()
    client.force_login(story.caseworker)

    response = client.get(CASES)

    assert response.status_code == 401
    assert case.number not in response.content.decode()


def _verified_session(user) -> Client:
    """Signed in and past the second factor, as django-otp records it in the session."""
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client


def test_a_verified_session_reads_the_case_list(story):
    case = make_case(actor=story.caseworker)

    response = _verified_session(story.colleague).get(CASES)

    assert response.status_code == 200
    assert [c["number"] for c in response.json()["results"]] == [case.number]


def test_a_session_write_without_the_csrf_token_is_refused(story):
    case = make_case(actor=story.caseworker)
    client = _verified_session(story.caseworker)

    response = client.post(
        f"{CASES}{case.number}/events",
        data={"kind": "sheltered", "happened_on": "2026-02-01"},
        content_type="application/json",
    )

    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert not CaseEvent.objects.filter(case=case, kind="sheltered").exists()


def test_a_session_write_with_the_csrf_token_is_saved(story):
    case = make_case(actor=story.caseworker)
    client = _verified_session(story.caseworker)
    csrf_secret = get_random_string(32)
    client.cookies["csrftoken"] = csrf_secret

    response = client.post(
        f"{CASES}{case.number}/events",
        data={"kind": "sheltered", "happened_on": "2026-02-01"},
        content_type="application/json",
        headers={"X-CSRFToken": csrf_secret},
    )

    assert response.status_code == 201
    assert CaseEvent.objects.filter(case=case, kind="sheltered").exists()
