"""Two-factor sign-in for every role that can read identifying data."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django_htmx.http import HttpResponseClientRedirect

from mukti.accounts.selectors import needs_two_factor

# Pages a signed-in user may reach before the second factor: enrolment, verification,
# sign-out, the language switch and static files.
_OPEN_PREFIXES = ("/accounts/", "/i18n/", "/static/")
_ADMIN_PREFIX = "/admin/"


def two_factor_satisfied(user: object, *, for_admin_site: bool = False) -> bool:
    """Whether the user has done what their roles require of the second factor.

    The admin site always needs it: an administrator can reset a caseworker's password,
    so an administrator's password alone must not open it.
    """
    if getattr(user, "is_demo_account", False) and settings.MUKTI_DEMO_2FA_WAIVER:
        return True
    if getattr(user, "is_verified", lambda: False)():
        return True
    return not for_admin_site and not needs_two_factor(user)


def second_factor_url(next_url: str) -> str:
    """The second-factor page, coming back to `next_url` afterwards."""
    return f"{reverse('accounts:two_factor')}?{urlencode({'next': next_url})}"


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(_OPEN_PREFIXES)
            and not request.path.startswith("/api/")
            and not two_factor_satisfied(
                user, for_admin_site=request.path.startswith(_ADMIN_PREFIX)
            )
        ):
            # An HTMX fragment would otherwise swap the whole sign-in page into a corner
            # (HtmxMiddleware runs after this one, so read the header itself).
            if request.headers.get("HX-Request") == "true":
                return HttpResponseClientRedirect(second_factor_url(request.get_full_path()))
            return redirect(second_factor_url(request.get_full_path()))
        return self.get_response(request)
