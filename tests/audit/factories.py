"""A data protection officer, signed in with both factors."""

from __future__ import annotations

from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from mukti.accounts.models import Office, User
from mukti.accounts.roles import Role
from tests.factories import make_member


def make_dpo(*, office: Office, **user_fields: object) -> User:
    """A data protection officer of the office's organisation."""
    return make_member(role=Role.DATA_PROTECTION_OFFICER, office=office, **user_fields)


def sign_in_with_two_factors(client: Client, user: User) -> None:
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
