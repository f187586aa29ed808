"""Authenticator apps and recovery codes: what is stored and what stops working."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from mukti.accounts import services
from mukti.accounts.models import User
from mukti.accounts.roles import Role
from tests.accounts.factories import code_now, make_authenticator, wrong_code
from tests.conftest import Story
from tests.factories import make_member


def stored_codes(user: User) -> set[str]:
    return set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))


def test_enrolment_reuses_the_secret_until_it_is_confirmed(caseworker: User) -> None:
    first = services.start_totp_enrolment(user=caseworker)
    again = services.start_totp_enrolment(user=caseworker)

    assert first.pk == again.pk
    assert not again.confirmed
    assert TOTPDevice.objects.filter(user=caseworker).count() == 1


def test_confirming_with_the_right_code_issues_ten_recovery_codes(caseworker: User) -> None:
    device = services.start_totp_enrolment(user=caseworker)

    confirmed = services.confirm_totp_device(user=caseworker, device=device, token=code_now(device))

    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    assert len(confirmed.recovery_codes) == services.RECOVERY_CODE_COUNT == 10
    assert stored_codes(caseworker) == set(confirmed.recovery_codes)


def test_confirming_with_a_wrong_code_stores_nothing(caseworker: User) -> None:
    device = services.start_totp_enrolment(user=caseworker)

    with pytest.raises(ValidationError, match="That code is not right"):
        services.confirm_totp_device(user=caseworker, device=device, token=wrong_code(device))

    assert not TOTPDevice.objects.get(pk=device.pk).confirmed
    assert not StaticDevice.objects.filter(user=caseworker).exists()


def test_someone_elses_enrolment_cannot_be_confirmed(caseworker: User, colleague: User) -> None:
    device = services.start_totp_enrolment(user=colleague)

    with pytest.raises(ValidationError):
        services.confirm_totp_device(user=caseworker, device=device, token=code_now(device))

    assert not TOTPDevice.objects.get(pk=device.pk).confirmed


def test_a_new_phone_replaces_the_old_one_and_its_codes(caseworker: User) -> None:
    old_phone = make_authenticator(caseworker)
    old_codes = services.regenerate_recovery_codes(user=caseworker)
    new_phone = services.start_totp_enrolment(user=caseworker)

    confirmed = services.confirm_totp_device(
        user=caseworker, device=new_phone, token=code_now(new_phone)
    )

    assert list(TOTPDevice.objects.filter(user=caseworker)) == [new_phone]
    assert not TOTPDevice.objects.filter(pk=old_phone.pk).exists()
    assert stored_codes(caseworker) == set(confirmed.recovery_codes)
    assert not stored_codes(caseworker) & set(old_codes)


def test_regenerated_codes_are_ten_distinct_and_replace_the_old(caseworker: User) -> None:
    old_codes = services.regenerate_recovery_codes(user=caseworker)

    new_codes = services.regenerate_recovery_codes(user=caseworker)

    assert len(set(new_codes)) == 10
    assert stored_codes(caseworker) == set(new_codes)
    assert StaticDevice.objects.filter(user=caseworker).count() == 1
    assert not set(old_codes) & set(new_codes)


def test_recovery_code_is_used_up(caseworker: User) -> None:
    make_authenticator(caseworker)
    codes = services.regenerate_recovery_codes(user=caseworker)

    device = services.verify_second_factor(
        user=caseworker, token=f" {codes[0][:4]}-{codes[0][4:]} "
    )

    assert isinstance(device, StaticDevice)
    assert codes[0] not in stored_codes(caseworker)
    with pytest.raises(ValidationError, match="That code is not right"):
        services.verify_second_factor(user=caseworker, token=codes[0])


def test_authenticator_code_with_a_space_is_accepted(caseworker: User) -> None:
    phone = make_authenticator(caseworker)
    code = code_now(phone)

    assert services.verify_second_factor(user=caseworker, token=f"{code[:3]} {code[3:]}") == phone


def test_recovery_code_is_not_accepted_where_the_phone_is_required(caseworker: User) -> None:
    make_authenticator(caseworker)
    codes = services.regenerate_recovery_codes(user=caseworker)

    with pytest.raises(ValidationError, match="6-digit code"):
        services.verify_second_factor(user=caseworker, token=codes[0], accept_recovery_code=False)

    assert codes[0] in stored_codes(caseworker)


def test_administrator_resets_two_step_for_a_lost_phone(story: Story, caseworker: User) -> None:
    administrator = make_member(role=Role.SYSTEM_ADMINISTRATOR, office=story.office)
    make_authenticator(caseworker)
    services.regenerate_recovery_codes(user=caseworker)

    services.reset_two_factor(actor=administrator, user=caseworker)

    assert not TOTPDevice.objects.filter(user=caseworker).exists()
    assert not stored_codes(caseworker)


def test_a_colleague_cannot_reset_someones_two_step(caseworker: User, colleague: User) -> None:
    make_authenticator(caseworker)

    with pytest.raises(PermissionDenied):
        services.reset_two_factor(actor=colleague, user=caseworker)

    assert TOTPDevice.objects.filter(user=caseworker).exists()
