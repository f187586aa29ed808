"""Who must pass the second factor before any page, and who is waived."""

from __future__ import annotations

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory
from pytest_django.fixtures import Settings

from mukti.accounts.middleware import TwoFactorRequiredMiddleware
from mukti.accounts.models import User
from mukti.accounts.roles import Role
from tests.conftest import Story
from tests.factories import make_member


def visit(path: str, user: User, *, verified: bool = False) -> HttpResponse:
    """The page as the middleware lets it through (or not)."""
    request = RequestFactory().get(path)
    request.user = user
    user.is_verified = lambda: verified  # type: ignore[attr-defined]

    def the_page(_request: HttpRequest) -> HttpResponse:
        return HttpResponse("the page itself")

    return TwoFactorRequiredMiddleware(the_page)(request)


def test_caseworker_is_sent_from_home_to_the_second_factor(
    client: Client, caseworker: User
) -> None:
    client.force_login(caseworker)

    response = client.get("/")

    assert response["Location"] == "/accounts/two-factor/?next=%2F"


def test_caseworker_reaching_for_a_page_comes_back_to_it(caseworker: User) -> None:
    response = visit("/cases/?q=rina", caseworker)

    assert response["Location"] == "/accounts/two-factor/?next=%2Fcases%2F%3Fq%3Drina"


def test_htmx_request_is_redirected_as_a_whole_page(client: Client, caseworker: User) -> None:
    client.force_login(caseworker)

    response = client.get("/cases/", headers={"HX-Request": "true"})

    assert response["HX-Redirect"] == "/accounts/two-factor/?next=%2Fcases%2F"


def test_verified_caseworker_gets_the_page(caseworker: User) -> None:
    assert visit("/cases/", caseworker, verified=True).content == b"the page itself"


def test_sign_in_pages_stay_open_before_the_second_factor(caseworker: User) -> None:
    assert visit("/accounts/two-factor/enrol/", caseworker).content == b"the page itself"


@pytest.mark.parametrize("role", [Role.ME_OFFICER, Role.SYSTEM_ADMINISTRATOR, Role.DONOR_VIEWER])
def test_roles_without_identifying_data_are_not_forced_into_two_step(
    story: Story, role: str
) -> None:
    user = make_member(role=role, office=story.office)

    assert visit("/", user).content == b"the page itself"


def test_data_protection_officer_must_pass_the_second_factor(story: Story) -> None:
    officer = make_member(role=Role.DATA_PROTECTION_OFFICER, office=story.office)

    assert visit("/audit/", officer)["Location"].startswith("/accounts/two-factor/")


def test_a_caseworker_role_on_top_of_an_administrator_role_needs_two_step(story: Story) -> None:
    admin = make_member(role=Role.SYSTEM_ADMINISTRATOR, office=story.office)
    admin.memberships.create(
        office=story.office, team=story.team, role=Role.CASEWORKER, scope="team"
    )

    assert visit("/", admin)["Location"].startswith("/accounts/two-factor/")


def test_demo_caseworker_is_waived_while_the_waiver_is_on(story: Story, settings: Settings) -> None:
    settings.MUKTI_DEMO_2FA_WAIVER = True
    demo = make_member(role=Role.CASEWORKER, team=story.team, is_demo_account=True)

    assert visit("/", demo).content == b"the page itself"


def test_demo_caseworker_needs_two_step_once_the_waiver_is_off(
    story: Story, settings: Settings
) -> None:
    settings.MUKTI_DEMO_2FA_WAIVER = False
    demo = make_member(role=Role.CASEWORKER, team=story.team, is_demo_account=True)

    assert visit("/", demo)["Location"] == "/accounts/two-factor/?next=%2F"


def test_waiver_does_not_cover_staff_who_are_not_demo_accounts(
    caseworker: User, settings: Settings
) -> None:
    settings.MUKTI_DEMO_2FA_WAIVER = True

    assert visit("/", caseworker)["Location"] == "/accounts/two-factor/?next=%2F"


def test_the_admin_site_always_needs_the_second_factor(story: Story) -> None:
    # An administrator can reset a caseworker's password: their password alone must not do.
    administrator = make_member(role=Role.SYSTEM_ADMINISTRATOR, office=story.office)

    assert visit("/admin/", administrator)["Location"] == ("/accounts/two-factor/?next=%2Fadmin%2F")
    assert visit("/admin/", administrator, verified=True).content == b"the page itself"
