"""Authenticator apps and signed-in clients for the sign-in tests."""

from __future__ import annotations

from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from mukti.accounts.models import User

PASSWORD = "correct horse battery"


def make_authenticator(user: User) -> TOTPDevice:
    """A confirmed authenticator app, as if the user had enrolled earlier."""
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def code_now(device: TOTPDevice) -> str:
    """The 6-digit code the user's phone would show right now."""
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


def wrong_code(device: TOTPDevice) -> str:
    """A 6-digit code the device refuses (none of the codes its tolerance accepts)."""
    accepted = {
        f"{totp(device.bin_key, drift=drift):06d}"
        for drift in range(-device.tolerance, device.tolerance + 1)
    }
    return next(f"{n:06d}" for n in range(10**6) if f"{n:06d}" not in accepted)


def sign_in_verified(client: Client, user: User, device: TOTPDevice) -> None:
    """Signed in with password and second factor (the session remembers the device)."""
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
