"""Issuing and revoking API tokens: only administrators issue them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from mukti.accounts.roles import Role
from mukti.api.models import ApiToken
from mukti.api.selectors import token_for
from mukti.api.services import issue_token, revoke_token
from tests.factories import make_member


def test_an_administrator_of_the_users_organisation_issues_a_token(story):
    administrator = make_member(role=Role.SYSTEM_ADMINISTRATOR, office=story.office)

    token, plaintext = issue_token(actor=administrator, user=story.caseworker, name="tablet")

    assert token_for(plaintext) == token
    assert token.user == story.caseworker
    assert token.created_by == administrator
    assert plaintext.startswith(token.prefix + "_")


def test_a_caseworker_cannot_issue_tokens(story):
    with pytest.raises(PermissionDenied):
        issue_token(actor=story.caseworker, user=story.colleague, name="tablet")
    assert not ApiToken.objects.exists()


def test_an_administrator_of_another_organisation_cannot_issue_tokens(story):
    stranger = make_member(role=Role.SYSTEM_ADMINISTRATOR)

    with pytest.raises(PermissionDenied):
        issue_token(actor=stranger, user=story.caseworker, name="tablet")
    assert not ApiToken.objects.exists()


def test_a_token_cannot_expire_in_the_past(story):
    with pytest.raises(ValidationError) as refused:
        issue_token(
            actor=None,
            user=story.caseworker,
            name="tablet",
            expires_at=timezone.now() - timedelta(minutes=1),
        )
    assert "expires_at" in refused.value.message_dict


def test_a_token_needs_a_name(story):
    with pytest.raises(ValidationError) as refused:
        issue_token(actor=None, user=story.caseworker, name="  ")
    assert "name" in refused.value.message_dict


def test_holders_revoke_their_own_tokens_and_the_row_stays(story):
    token, plaintext = issue_token(actor=None, user=story.caseworker, name="tablet")

    revoke_token(actor=story.caseworker, token=token)

    assert token_for(plaintext) is None
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None


def test_a_colleague_cannot_revoke_someone_elses_token(story):
    token, plaintext = issue_token(actor=None, user=story.caseworker, name="tablet")

    with pytest.raises(PermissionDenied):
        revoke_token(actor=story.colleague, token=token)
    assert token_for(plaintext) == token


def test_a_deactivated_users_token_stops_working(story):
    _token, plaintext = issue_token(actor=None, user=story.caseworker, name="tablet")
    story.caseworker.is_active = False
    story.caseworker.save()

    assert token_for(plaintext) is None
