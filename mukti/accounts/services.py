"""Writes about signing in: authenticator apps, recovery codes, and resetting them."""

from __future__ import annotations

import math
from typing import NamedTuple

import django_otp
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from mukti.accounts.models import User
from mukti.accounts.permissions import ensure_can
from mukti.accounts.roles import Action

RECOVERY_CODE_COUNT = 10
AUTHENTICATOR_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"


class ConfirmedAuthenticator(NamedTuple):
    device: TOTPDevice
    recovery_codes: list[str]


def normalise_code(token: str) -> str:
    """Codes are read off a phone or paper: ignore spaces, dashes and letter case."""
    return "".join(token.split()).replace("-", "").lower()


def start_totp_enrolment(*, user: User) -> TOTPDevice:
    """A new authenticator-app secret waiting for its first code (reused until confirmed)."""
    with transaction.atomic():
        pending = (
            TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-created_at").first()
        )
        if pending is not None:
            return pending
        return TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_DEVICE_NAME, confirmed=False)


def confirm_totp_device(*, user: User, device: TOTPDevice, token: str) -> ConfirmedAuthenticator:
    """The first right code turns the authenticator app on, replaces any earlier one, and
    issues a fresh set of recovery codes. A wrong code raises ValidationError."""
    if device.user_id != user.pk or device.confirmed:
        raise ValidationError(
            _("This set-up is no longer open. Start again from the beginning."), code="stale"
        )
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        if not device.verify_is_allowed()[0]:
            raise _wait_before_trying_again(device)
        verified = device.verify_token(normalise_code(token))
        if verified:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            # A replaced phone or an abandoned set-up must not keep working.
            TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
            codes = _replace_recovery_codes(user=user)
    if not verified:
        raise _wrong_code()
    return ConfirmedAuthenticator(device=device, recovery_codes=codes)


@transaction.atomic
def regenerate_recovery_codes(*, user: User) -> list[str]:
    """Ten new single-use recovery codes; the old ones stop working."""
    return _replace_recovery_codes(user=user)


def _replace_recovery_codes(*, user: User) -> list[str]:
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
    )
    StaticDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.token_set.all().delete()
    codes: list[str] = []
    while len(codes) < RECOVERY_CODE_COUNT:
        code = StaticToken.random_token()
        if code not in codes:
            codes.append(code)
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    if not device.confirmed:
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    return codes


def verify_second_factor(*, user: User, token: str, accept_recovery_code: bool = True) -> Device:
    """The device that accepts this code: a 6-digit authenticator code, or (if accepted) a
    recovery code, which then stops working. Raises ValidationError otherwise."""
    code = normalise_code(token)
    if code.isdigit() and len(code) == 6:
        devices: list[Device] = list(TOTPDevice.objects.filter(user=user, confirmed=True))
    elif accept_recovery_code:
        devices = list(StaticDevice.objects.filter(user=user, confirmed=True))
    else:
        raise ValidationError(
            _("Enter the 6-digit code your authenticator app shows."), code="wrong_code"
        )
    if not devices:
        raise ValidationError(
            _("You have no authenticator app set up yet."), code="no_authenticator"
        )
    for device in devices:
        if not device.verify_is_allowed()[0]:
            raise _wait_before_trying_again(device)
        verified = django_otp.verify_token(user, device.persistent_id, code)
        if verified is not None:
            return verified
    raise _wrong_code()


@transaction.atomic
def reset_two_factor(*, actor: User, user: User) -> None:
    """For a lost phone and lost recovery codes: the user sets up an authenticator app again
    at the next sign-in."""
    ensure_can(actor, Action.MANAGE_USERS)
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def _wrong_code() -> ValidationError:
    return ValidationError(
        _("That code is not right. Check the code and try again."), code="wrong_code"
    )


def _wait_before_trying_again(device: Device) -> ValidationError:
    """After wrong codes each further try must wait longer (1, 2, 4 ... seconds)."""
    details = device.verify_is_allowed()[1] or {}
    locked_until = details.get("locked_until") or timezone.now()
    seconds = max(1, math.ceil((locked_until - timezone.now()).total_seconds()))
    return ValidationError(
        ngettext(
            "Too many wrong codes in a row. Wait %(seconds)d second, then try again.",
            "Too many wrong codes in a row. Wait %(seconds)d seconds, then try again.",
            seconds,
        )
        % {"seconds": seconds},
        code="throttled",
    )
