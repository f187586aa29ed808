"""Signing in, lock-out, the second factor, enrolment and the security page."""

from __future__ import annotations

import re
from base64 import b32encode
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from mukti.accounts import services
from mukti.accounts.models import User
from mukti.accounts.roles import Role
from tests.accounts.factories import (
    PASSWORD,
    code_now,
    make_authenticator,
    sign_in_verified,
    wrong_code,
)
from tests.conftest import Story
from tests.factories import make_member

LOGIN = "/accounts/login/"
TWO_FACTOR = "/accounts/two-factor/"
ENROL = "/accounts/two-factor/enrol/"
SECURITY = "/accounts/security/"


def sign_in(client: Client, email: str, password: str = PASSWORD, **extra: object) -> object:
    return client.post(LOGIN, {"username": email, "password": password}, **extra)


def signed_in_user_id(client: Client) -> str | None:
    return client.session.get("_auth_user_id")


def shown_recovery_codes(html: str) -> list[str]:
    return re.findall(r"<li><code>([a-z2-7]{8})</code></li>", html)


# Signing in and out


def test_sign_in_page_asks_for_email_and_password(client: Client, db: None) -> None:
    page = client.get(LOGIN).content.decode()

    assert '<label for="id_username">Email' in page
    assert '<label for="id_password">Password' in page
    assert 'type="email"' in page
    assert ">Sign in</button>" in page


def test_caseworker_signs_in_by_email_and_is_asked_to_set_up_two_step(
    client: Client, caseworker: User
) -> None:
    response = sign_in(client, caseworker.email.upper(), follow=True)

    assert signed_in_user_id(client) == str(caseworker.pk)
    assert response.redirect_chain[0] == ("/", 302)
    assert response.redirect_chain[1][0].startswith(TWO_FACTOR)
    assert "<h1>Set up your authenticator app</h1>" in response.content.decode()


def test_wrong_password_is_refused_in_plain_words(client: Client, caseworker: User) -> None:
    response = sign_in(client, caseworker.email, "not my password")

    assert "That email and password do not match an active account" in response.content.decode()
    assert signed_in_user_id(client) is None


def test_five_wrong_passwords_lock_out_even_the_right_one(client: Client, caseworker: User) -> None:
    for _attempt in range(5):
        sign_in(client, caseworker.email, "not my password")

    response = sign_in(client, caseworker.email, PASSWORD)

    page = response.content.decode()
    assert response.status_code == 429
    assert "Signing in is locked for now" in page
    assert "Wait 60 minutes, then try again." in page
    assert "system administrator" in page
    assert signed_in_user_id(client) is None


def test_four_wrong_passwords_still_let_the_right_one_in(client: Client, caseworker: User) -> None:
    for _attempt in range(4):
        sign_in(client, caseworker.email, "not my password")

    sign_in(client, caseworker.email, PASSWORD)

    assert signed_in_user_id(client) == str(caseworker.pk)


def test_passwords_are_stored_with_argon2(caseworker: User) -> None:
    caseworker.refresh_from_db()
    assert caseworker.password.startswith("argon2")
    assert PASSWORD not in caseworker.password


def test_sign_out_ends_the_session(client: Client, caseworker: User) -> None:
    client.force_login(caseworker)

    response = client.post("/accounts/logout/")

    assert response["Location"] == LOGIN
    assert signed_in_user_id(client) is None


# The second factor


def test_caseworker_without_authenticator_is_sent_to_enrolment(
    client: Client, caseworker: User
) -> None:
    client.force_login(caseworker)

    response = client.get(TWO_FACTOR + "?next=/cases/")

    assert response["Location"] == ENROL + "?next=%2Fcases%2F"


def test_enrolment_with_the_right_code_turns_on_two_step_and_shows_ten_codes(
    client: Client, caseworker: User
) -> None:
    client.force_login(caseworker)
    page = client.get(ENROL).content.decode()
    device = TOTPDevice.objects.get(user=caseworker, confirmed=False)
    assert "<svg" in page
    assert page.count("<path") == 1  # one path image: no Pillow needed
    secret = re.search(r'class="secret"><code>([A-Z2-7 ]+)</code>', page)
    assert secret is not None
    assert secret.group(1).replace(" ", "") == b32encode(device.bin_key).decode()

    response = client.post(ENROL, {"code": code_now(device), "next": "/cases/"})

    codes = shown_recovery_codes(response.content.decode())
    device.refresh_from_db()
    assert device.confirmed
    assert len(set(codes)) == 10
    assert set(
        StaticToken.objects.filter(device__user=caseworker).values_list("token", flat=True)
    ) == set(codes)
    assert "This is the only time these codes are shown." in response.content.decode()
    assert 'href="/cases/"' in response.content.decode()
    assert client.session["otp_device_id"] == device.persistent_id


def test_enrolment_with_a_wrong_code_keeps_two_step_off(client: Client, caseworker: User) -> None:
    client.force_login(caseworker)
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=caseworker, confirmed=False)

    response = client.post(ENROL, {"code": wrong_code(device)})

    assert "That code is not right" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=caseworker, confirmed=True).exists()
    assert not StaticToken.objects.filter(device__user=caseworker).exists()


def test_a_password_alone_cannot_replace_an_existing_authenticator(
    client: Client, caseworker: User
) -> None:
    make_authenticator(caseworker)
    client.force_login(caseworker)

    response = client.get(ENROL)

    assert response["Location"].startswith(TWO_FACTOR)
    assert not TOTPDevice.objects.filter(user=caseworker, confirmed=False).exists()


def test_the_right_code_completes_sign_in_and_goes_on(client: Client, caseworker: User) -> None:
    device = make_authenticator(caseworker)
    client.force_login(caseworker)
    assert "Enter your sign-in code" in client.get(TWO_FACTOR).content.decode()

    response = client.post(TWO_FACTOR, {"code": code_now(device), "next": "/cases/"})

    assert response["Location"] == "/cases/"
    assert client.session["otp_device_id"] == device.persistent_id


def test_a_next_on_another_site_is_ignored(client: Client, caseworker: User) -> None:
    device = make_authenticator(caseworker)
    client.force_login(caseworker)

    response = client.post(TWO_FACTOR, {"code": code_now(device), "next": "https://evil.example/"})

    assert response["Location"] == "/"


def test_a_wrong_code_is_refused_with_a_message(client: Client, caseworker: User) -> None:
    device = make_authenticator(caseworker)
    client.force_login(caseworker)

    response = client.post(TWO_FACTOR, {"code": wrong_code(device)})

    assert "That code is not right. Check the code and try again." in response.content.decode()
    assert "otp_device_id" not in client.session


def test_after_a_wrong_code_the_next_try_must_wait(client: Client, caseworker: User) -> None:
    device = make_authenticator(caseworker)
    client.force_login(caseworker)
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        client.post(TWO_FACTOR, {"code": wrong_code(device)})

        too_soon = client.post(TWO_FACTOR, {"code": code_now(device)})
        traveller.shift(timedelta(seconds=2))
        in_time = client.post(TWO_FACTOR, {"code": code_now(device)})

    assert "Too many wrong codes in a row. Wait 1 second, then try again." in (
        too_soon.content.decode()
    )
    assert in_time["Location"] == "/"


def test_a_recovery_code_works_once_and_not_twice(client: Client, caseworker: User) -> None:
    make_authenticator(caseworker)
    codes = services.regenerate_recovery_codes(user=caseworker)
    client.force_login(caseworker)

    first = client.post(TWO_FACTOR, {"code": codes[0].upper(), "next": "/cases/"}, follow=False)
    assert first["Location"] == "/cases/"
    assert StaticToken.objects.filter(device__user=caseworker).count() == 9

    client.logout()
    client.force_login(caseworker)
    second = client.post(TWO_FACTOR, {"code": codes[0]})

    assert "That code is not right" in second.content.decode()
    assert "otp_device_id" not in client.session


def test_a_recovery_code_sign_in_warns_how_many_are_left(client: Client, caseworker: User) -> None:
    make_authenticator(caseworker)
    codes = services.regenerate_recovery_codes(user=caseworker)
    client.force_login(caseworker)

    response = client.post(TWO_FACTOR, {"code": codes[3], "next": SECURITY}, follow=True)

    assert "You used a recovery code; it will not work again. You have 9 left." in (
        response.content.decode()
    )


# The security page


def test_security_page_needs_the_second_factor_first(client: Client, caseworker: User) -> None:
    make_authenticator(caseworker)
    client.force_login(caseworker)

    response = client.get(SECURITY)

    assert response["Location"] == TWO_FACTOR + "?next=%2Faccounts%2Fsecurity%2F"


def test_security_page_shows_two_step_is_on(client: Client, caseworker: User) -> None:
    device = make_authenticator(caseworker)
    services.regenerate_recovery_codes(user=caseworker)
    sign_in_verified(client, caseworker, device)

    page = client.get(SECURITY).content.decode()

    assert "On: you sign in with a code from your authenticator app" in page
    assert "You have 10 unused recovery codes." in page


def test_new_recovery_codes_need_a_current_code_and_replace_the_old(
    client: Client, caseworker: User
) -> None:
    device = make_authenticator(caseworker)
    old_codes = services.regenerate_recovery_codes(user=caseworker)
    sign_in_verified(client, caseworker, device)

    refused = client.post(SECURITY, {"code": old_codes[0]})
    assert "Enter the 6-digit code your authenticator app shows." in refused.content.decode()

    response = client.post(SECURITY, {"code": code_now(device)})

    new_codes = shown_recovery_codes(response.content.decode())
    assert len(new_codes) == 10
    stored = set(
        StaticToken.objects.filter(device__user=caseworker).values_list("token", flat=True)
    )
    assert stored == set(new_codes)
    assert not stored & set(old_codes)


def test_me_officer_sees_two_step_is_off_and_optional(client: Client, story: Story) -> None:
    officer = make_member(role=Role.ME_OFFICER, office=story.office)
    client.force_login(officer)

    page = client.get(SECURITY).content.decode()

    assert "Off: you sign in with your password only." in page
    assert "you must set up the second step" not in page


def test_password_change_stores_an_argon2_hash(client: Client, caseworker: User) -> None:
    device = make_authenticator(caseworker)
    sign_in_verified(client, caseworker, device)

    response = client.post(
        "/accounts/security/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "a river in Khulna at dawn",
            "new_password2": "a river in Khulna at dawn",
        },
        follow=True,
    )

    caseworker.refresh_from_db()
    assert "Your password has been changed." in response.content.decode()
    assert caseworker.check_password("a river in Khulna at dawn")
    assert caseworker.password.startswith("argon2")


@pytest.mark.parametrize("path", [SECURITY, ENROL, TWO_FACTOR])
def test_signed_out_visitors_are_sent_to_sign_in(client: Client, db: None, path: str) -> None:
    response = client.get(path)

    assert response["Location"].startswith(LOGIN + "?next=")
