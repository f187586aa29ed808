"""`mukti api_token`: an administrator on the server issues, lists and revokes tokens."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from mukti.api.models import ApiToken
from mukti.api.selectors import token_for


def _run(*args: str) -> str:
    out = StringIO()
    call_command("api_token", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_issue_prints_a_working_token_once(story):
    plaintext = _run("issue", story.caseworker.email.upper(), "--name", "tablet").strip()

    token = token_for(plaintext)
    assert token is not None and token.user == story.caseworker
    assert token.name == "tablet"
    assert plaintext not in _run("list", story.caseworker.email)
    assert token.prefix in _run("list", story.caseworker.email)


def test_issue_with_days_sets_an_expiry(story):
    _run("issue", story.caseworker.email, "--name", "tablet", "--days", "30")

    assert ApiToken.objects.get().expires_at is not None


def test_revoke_by_prefix_stops_the_token(story):
    plaintext = _run("issue", story.caseworker.email, "--name", "tablet").strip()
    prefix = ApiToken.objects.get().prefix

    _run("revoke", prefix)

    assert token_for(plaintext) is None
    assert "revoked" in _run("list", story.caseworker.email)


def test_issue_for_an_unknown_email_fails_without_a_token(story):
    with pytest.raises(CommandError):
        _run("issue", "nobody@mukti.test", "--name", "tablet")
    assert not ApiToken.objects.exists()
