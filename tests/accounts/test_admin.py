"""User administration: what a system administrator can see and change, and what not."""

from __future__ import annotations

from django.contrib import admin
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from mukti.accounts.models import Membership, User
from mukti.accounts.roles import Role, Scope
from tests.accounts.factories import make_authenticator, sign_in_verified
from tests.conftest import Story
from tests.factories import UserFactory, make_member


def sign_in_to_admin(client: Client, user: User) -> None:
    """The admin site always needs the second factor, whatever the role."""
    sign_in_verified(client, user, make_authenticator(user))


def system_administrator(story: Story) -> User:
    return make_member(
        role=Role.SYSTEM_ADMINISTRATOR,
        office=story.office,
        is_staff=True,
        full_name="Sadia Administrator",
    )


def test_no_person_or_case_content_is_registered_in_the_admin() -> None:
    registered = {model._meta.app_label for model in admin.site._registry}

    assert not registered & {"people", "cases", "audit"}


def test_system_administrator_sees_accounts_but_no_case_content(
    client: Client, story: Story
) -> None:
    sign_in_to_admin(client, system_administrator(story))

    page = client.get("/admin/").content.decode()

    assert "Users" in page
    assert "Offices" in page
    assert "Cases" not in page
    assert "Persons" not in page


def test_system_administrator_lists_own_organisations_staff_only(
    client: Client, story: Story
) -> None:
    sign_in_to_admin(client, system_administrator(story))

    page = client.get("/admin/accounts/user/").content.decode()

    assert story.caseworker.email in page
    assert story.colleague.email in page
    assert story.outsider.email not in page


def test_system_administrator_cannot_open_another_organisations_user(
    client: Client, story: Story
) -> None:
    sign_in_to_admin(client, system_administrator(story))

    response = client.get(f"/admin/accounts/user/{story.outsider.pk}/change/", follow=True)

    assert story.outsider.email not in response.content.decode()


def test_staff_without_the_administrator_role_sees_nothing_to_manage(
    client: Client, story: Story
) -> None:
    officer = make_member(role=Role.ME_OFFICER, office=story.office, is_staff=True)
    sign_in_to_admin(client, officer)

    page = client.get("/admin/").content.decode()

    assert "Users" not in page
    assert "You don’t have permission to view or edit anything." in page


def test_adding_a_user_needs_email_full_name_and_password_only(
    client: Client, story: Story
) -> None:
    sign_in_to_admin(client, system_administrator(story))

    client.post(
        "/admin/accounts/user/add/",
        {
            "email": "Nasrin@Example.org",
            "full_name": "Nasrin Begum",
            "password1": "a river in Khulna at dawn",
            "password2": "a river in Khulna at dawn",
        },
    )

    user = User.objects.get(email="nasrin@example.org")
    assert user.full_name == "Nasrin Begum"
    assert user.password.startswith("argon2")
    assert user.check_password("a river in Khulna at dawn")


def test_administrator_gives_a_role_in_an_office(client: Client, story: Story) -> None:
    administrator = system_administrator(story)
    newcomer = UserFactory(full_name="Nasrin Begum")
    sign_in_to_admin(client, administrator)

    client.post(
        f"/admin/accounts/user/{newcomer.pk}/change/",
        {
            "email": newcomer.email,
            "full_name": newcomer.full_name,
            "preferred_language": "",
            "is_active": "on",
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1000",
            "memberships-0-office": str(story.office.pk),
            "memberships-0-team": str(story.team.pk),
            "memberships-0-role": Role.CASEWORKER,
            "memberships-0-scope": Scope.TEAM,
            "memberships-0-is_active": "on",
        },
    )

    membership = Membership.objects.get(user=newcomer)
    assert (membership.office, membership.team, membership.role) == (
        story.office,
        story.team,
        Role.CASEWORKER,
    )
    assert membership.created_by == administrator


def test_system_administrator_cannot_make_anyone_a_superuser(client: Client, story: Story) -> None:
    sign_in_to_admin(client, system_administrator(story))

    page = client.get(f"/admin/accounts/user/{story.caseworker.pk}/change/").content.decode()

    assert 'name="is_superuser"' not in page
    assert 'name="email"' in page


def test_administrator_resets_two_step_for_a_lost_phone(client: Client, story: Story) -> None:
    make_authenticator(story.caseworker)
    sign_in_to_admin(client, system_administrator(story))

    response = client.post(
        "/admin/accounts/user/",
        {"action": "reset_two_factor", "_selected_action": [str(story.caseworker.pk)]},
        follow=True,
    )

    assert "Two-step sign-in was reset for 1 person." in response.content.decode()
    assert not TOTPDevice.objects.filter(user=story.caseworker).exists()
