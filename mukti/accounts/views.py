"""Signing in and out, the second factor, and the user's own security page."""

from __future__ import annotations

from base64 import b32encode
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

import django_otp
import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView, LogoutView, PasswordChangeView
from django.contrib.messages.views import SuccessMessageMixin
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from mukti.accounts import services
from mukti.accounts.forms import (
    ConfirmAuthenticatorForm,
    CurrentAuthenticatorCodeForm,
    SecondFactorForm,
    SignInForm,
)
from mukti.accounts.middleware import second_factor_url, two_factor_satisfied
from mukti.accounts.selectors import authenticator_app_of, needs_two_factor, recovery_codes_left


class SignInView(LoginView):
    form_class = SignInForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


sign_in = SignInView.as_view()
sign_out = LogoutView.as_view()


def _next_url(request: HttpRequest) -> str:
    """Where to go after this step: a `next` on this site, or the home page."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _with_next(view_name: str, next_url: str) -> str:
    return f"{reverse(view_name)}?{urlencode({'next': next_url})}"


def second_factor_required(
    view: Callable[..., HttpResponseBase],
) -> Callable[..., HttpResponseBase]:
    """Pages under /accounts/ skip the middleware; these ones still need the second factor."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not two_factor_satisfied(request.user):
            return redirect(second_factor_url(request.get_full_path()))
        return view(request, *args, **kwargs)

    return wrapped


def _second_factor_done(request: HttpRequest, device: Device) -> None:
    # A new session key after the second factor: a key seen before it is worth nothing.
    request.session.cycle_key()
    django_otp.login(request, device)


@never_cache
@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    next_url = _next_url(request)
    user: Any = request.user  # signed in; django-otp adds is_verified()
    if user.is_verified():
        return redirect(next_url)
    if authenticator_app_of(user) is None:
        return redirect(_with_next("accounts:two_factor_enrol", next_url))
    form = SecondFactorForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid() and form.device is not None:
        _second_factor_done(request, form.device)
        if isinstance(form.device, StaticDevice):
            messages.warning(
                request,
                gettext(
                    "You used a recovery code; it will not work again. You have %(count)d left."
                )
                % {"count": recovery_codes_left(user)},
            )
        return redirect(next_url)
    return render(request, "accounts/two_factor.html", {"form": form, "next_url": next_url})


def _qr_code_svg(text: str) -> SafeString:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    # Built by the qrcode library from the device's own URL, never from user input.
    return mark_safe(image.to_string(encoding="unicode"))  # noqa: S308


def _grouped_secret(device: TOTPDevice) -> str:
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@never_cache
@login_required
def two_factor_enrol(request: HttpRequest) -> HttpResponse:
    next_url = _next_url(request)
    user: Any = request.user
    # Replacing an authenticator app needs the current one: a password alone is not enough.
    if authenticator_app_of(user) is not None and not user.is_verified():
        return redirect(second_factor_url(request.get_full_path()))
    device = services.start_totp_enrolment(user=user)
    form = ConfirmAuthenticatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            confirmed = services.confirm_totp_device(
                user=user, device=device, token=form.cleaned_data["code"]
            )
        except ValidationError as error:
            form.add_error("code", error)
        else:
            _second_factor_done(request, confirmed.device)
            return _show_recovery_codes(request, confirmed.recovery_codes, next_url)
    context = {
        "form": form,
        "next_url": next_url,
        "qr_code": _qr_code_svg(device.config_url),
        "secret": _grouped_secret(device),
        "replacing": user.is_verified(),
    }
    return render(request, "accounts/two_factor_enrol.html", context)


def _show_recovery_codes(request: HttpRequest, codes: list[str], next_url: str) -> HttpResponse:
    # Shown once, straight from the POST: the codes are never stored where a page could reread.
    response = render(
        request, "accounts/recovery_codes.html", {"codes": codes, "next_url": next_url}
    )
    response["Cache-Control"] = "no-store"
    return response


@never_cache
@login_required
@second_factor_required
def security(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    form = CurrentAuthenticatorCodeForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        codes = services.regenerate_recovery_codes(user=user)
        return _show_recovery_codes(request, codes, reverse("accounts:security"))
    context = {
        "form": form,
        "authenticator": authenticator_app_of(user),
        "recovery_codes_left": recovery_codes_left(user),
        "two_factor_required": needs_two_factor(user),
        "demo_waiver": user.is_demo_account and settings.MUKTI_DEMO_2FA_WAIVER,
    }
    return render(request, "accounts/security.html", context)


class ChangePasswordView(SuccessMessageMixin, PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:security")
    success_message = _("Your password has been changed.")


change_password = login_required(second_factor_required(ChangePasswordView.as_view()))
