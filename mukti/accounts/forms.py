"""Sign-in, second-factor and user-administration forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, BaseUserCreationForm
from django.contrib.auth.forms import UserChangeForm as DjangoUserChangeForm
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device

from mukti.accounts import services
from mukti.accounts.models import Membership, User


class SignInForm(AuthenticationForm):
    """Email and password; Django's form so that django-axes counts failed attempts."""

    username = forms.CharField(
        label=_("Email"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "That email and password do not match an active account. "
            "After several failed tries, signing in is locked for a while."
        ),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.label_suffix = ""

    def clean_username(self) -> str:
        # Emails are stored in lower case; "Alice@…" must find the same account (and lock-out).
        return self.cleaned_data["username"].strip().lower()


class _CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "off",
                "spellcheck": "false",
                "autofocus": True,
            }
        ),
    )

    help_text = _("The 6-digit code your authenticator app shows now.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = self.help_text


class SecondFactorForm(_CodeForm):
    """The code from the authenticator app, or one of the recovery codes."""

    accept_recovery_code = True
    help_text = _("The 6-digit code from your authenticator app, or one of your recovery codes.")

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.device: Device | None = None

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        self.device = services.verify_second_factor(
            user=self.user, token=code, accept_recovery_code=self.accept_recovery_code
        )
        return code


class CurrentAuthenticatorCodeForm(SecondFactorForm):
    """Proof that the person at the keyboard holds the phone, before a sensitive change."""

    accept_recovery_code = False
    help_text = _("The 6-digit code your authenticator app shows now.")


class ConfirmAuthenticatorForm(_CodeForm):
    """The first code from a newly set-up authenticator app."""


class UserAddForm(BaseUserCreationForm):
    """A new member of staff: email, full name and a first password (no username)."""

    class Meta:
        model = User
        fields = ("email", "full_name")

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("Someone already signs in with this email."))
        return email


class UserChangeForm(DjangoUserChangeForm):
    class Meta:
        model = User
        fields = "__all__"

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        others = User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(_("Someone already signs in with this email."))
        return email


class MembershipForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ("office", "team", "role", "scope", "is_active")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        office, team = cleaned.get("office"), cleaned.get("team")
        if office and team and team.office_id != office.pk:
            self.add_error("team", _("This team belongs to another office."))
        return cleaned
