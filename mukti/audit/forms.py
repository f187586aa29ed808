"""The access log's filters (a GET form, so a filtered log has a URL a DPO can keep)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mukti.accounts.models import User
from mukti.audit.selectors import access_log_readers


class AccessLogFilterForm(forms.Form):
    user: forms.ModelChoiceField[User] = forms.ModelChoiceField(
        label=_("Staff member"),
        queryset=None,
        required=False,
        empty_label=_("Anyone"),
    )
    person = forms.UUIDField(
        label=_("Person ID"),
        required=False,
        help_text=_("Shows who read this person's records."),
    )
    before = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args: Any, reader_of: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        readers = access_log_readers(reader_of).order_by("full_name", "email")
        self.fields["user"].queryset = readers  # type: ignore[attr-defined]
        self.fields["user"].label_from_instance = (  # type: ignore[attr-defined]
            lambda staff: staff.full_name or staff.email
        )
