"""Who is calling: a bearer token, or the browser's session (with CSRF and two factors)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from mukti.accounts.middleware import two_factor_satisfied
from mukti.api.selectors import token_for
from mukti.api.services import note_token_used


class ApiRequest(HttpRequest):
    """A request that passed authentication: `auth` is the acting user."""

    auth: Any


class ApiTokenAuth(HttpBearer):
    """`Authorization: Bearer mk_…` with a token an administrator issued (see services.py).

    A token that is wrong, revoked or expired is refused outright (401), even if the
    request also carries a session cookie: a client that sends a token means that token.
    """

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        api_token = token_for(token.strip())
        if api_token is None:
            raise AuthenticationError(401, _("The API token is not valid."))
        note_token_used(api_token)
        # So that history rows and middleware see who acted.
        request.user = api_token.user
        return api_token.user


class TwoFactorSessionAuth(APIKeyCookie):
    """The signed-in browser session. Writes need the CSRF token; staff whose role reads
    identifying data must have passed their second factor (the web pages ask for it, the
    API answers 401)."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        # Without a session there is nothing to forge: the caller should hear "401", not "403".
        if not request.user.is_authenticated:
            return None
        if self.csrf and not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise HttpError(403, _("The CSRF token is missing or wrong."))
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = request.user
        if not user.is_authenticated:
            return None
        if not two_factor_satisfied(user):
            raise AuthenticationError(401, _("Verify your second factor before using the API."))
        return user


token_auth = ApiTokenAuth()
session_auth = TwoFactorSessionAuth(csrf=True)
