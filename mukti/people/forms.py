"""Forms of the person page: names, phones, relatives, consent, and the person's details."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mukti.core.geography import COUNTRY_CHOICES
from mukti.people.models import Consent, PersonName, Relationship, Sex
from mukti.people.services import PersonDetails

# ISO 15924 codes of the scripts Mukti's users write names in.
SCRIPT_CHOICES = [
    ("Latn", _("Latin")),
    ("Beng", _("Bengali")),
    ("Deva", _("Devanagari")),
    ("Thai", _("Thai")),
    ("Mymr", _("Myanmar")),
    ("Khmr", _("Khmer")),
    ("Laoo", _("Lao")),
    ("Arab", _("Arabic")),
    ("Cyrl", _("Cyrillic")),
    ("Hans", _("Chinese")),
]
NATIONALITY_CHOICES = [("", _("Not known")), *COUNTRY_CHOICES]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class InlineForm(forms.Form):
    """A form that shares its page with others: its ids carry a prefix, so labels stay unique."""

    id_prefix = "inline"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


def add_service_errors(
    form: forms.Form, error: ValidationError, *, renamed: dict[str, str] | None = None
) -> None:
    """Show a service's refusal next to the field it is about, or above the form."""
    renamed = renamed or {}
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        name = renamed.get(field, field)
        form.add_error(name if name in form.fields else None, errors)


class NameForm(InlineForm):
    id_prefix = "name"
    given_name = forms.CharField(label=_("Given name"), max_length=200, required=False)
    family_name = forms.CharField(label=_("Family name"), max_length=200, required=False)
    kind = forms.ChoiceField(
        label=_("Kind of name"),
        choices=[c for c in PersonName.Kind.choices if c[0] != PersonName.Kind.PRIMARY],
    )
    script = forms.ChoiceField(label=_("Script"), choices=SCRIPT_CHOICES)


class PhoneForm(InlineForm):
    id_prefix = "phone"
    number = forms.CharField(
        label=_("Phone number"), max_length=30, widget=forms.TextInput(attrs={"type": "tel"})
    )
    label = forms.CharField(
        label=_("Whose phone or which"),
        max_length=50,
        required=False,
        help_text=_("For example: mother's phone, work."),
    )


class RelativeForm(InlineForm):
    """A relative not yet known to Mukti: a mother, a brother, a husband."""

    id_prefix = "relative"

    kind = forms.ChoiceField(label=_("Relationship"), choices=Relationship.Kind.choices)
    given_name = forms.CharField(label=_("Relative's given name"), max_length=200, required=False)
    family_name = forms.CharField(label=_("Relative's family name"), max_length=200, required=False)
    sex = forms.ChoiceField(label=_("Relative's sex"), choices=Sex.choices, initial=Sex.UNKNOWN)
    phone = forms.CharField(
        label=_("Relative's phone"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel"}),
    )

    def relative(self) -> PersonDetails:
        data = self.cleaned_data
        return PersonDetails(
            given_name=data["given_name"],
            family_name=data["family_name"],
            sex=data["sex"],
            phone=data["phone"],
        )


class ConsentForm(InlineForm):
    id_prefix = "consent"
    purpose = forms.ChoiceField(label=_("Consent to"), choices=Consent.Purpose.choices)
    given = forms.TypedChoiceField(
        label=_("Answer"),
        choices=[("yes", _("Consent given")), ("no", _("Consent refused"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    recorded_on = forms.DateField(
        label=_("Date the person answered"), widget=DateInput(), initial=timezone.localdate
    )
    expires_on = forms.DateField(label=_("Expires on"), widget=DateInput(), required=False)
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000
    )


class PersonBirthFields(forms.Form):
    """Sex, date of birth or estimated age, and nationality: shared by every person form."""

    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, initial=Sex.UNKNOWN)
    birth_date = forms.DateField(label=_("Date of birth"), widget=DateInput(), required=False)
    estimated_age = forms.IntegerField(
        label=_("Estimated age (if the date of birth is not known)"),
        min_value=0,
        max_value=120,
        required=False,
    )
    age_estimated_on = forms.DateField(
        label=_("Date the age was estimated"), widget=DateInput(), required=False
    )
    nationality = forms.ChoiceField(
        label=_("Nationality"), choices=NATIONALITY_CHOICES, required=False
    )


class PersonDetailsForm(PersonBirthFields):
    """A person's details, with the version the user saw."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("birth_date") and data.get("estimated_age") is not None:
            self.add_error(
                "estimated_age", _("Give a date of birth or an estimated age, not both.")
            )
        return data


def _shown(field: forms.Field, value: Any) -> str:
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if value is None or value == "":
        return "—"
    if isinstance(value, Model):
        return str(value)
    if isinstance(field, forms.ChoiceField):
        return str(dict(field.choices).get(value, value))  # type: ignore[arg-type]
    return str(value)


def stale_changes(form: forms.Form, current: Model, names: Iterable[str]) -> list[dict[str, str]]:
    """After a refused edit: each field where the user's value and the stored one differ."""
    rows = []
    for name in names:
        field = form.fields[name]
        yours, now = form.cleaned_data.get(name), getattr(current, name)
        if yours != now:
            rows.append(
                {
                    "field": str(field.label),
                    "yours": _shown(field, yours),
                    "current": _shown(field, now),
                }
            )
    return rows


def stale_message(record: Any) -> str:
    """Who saved the record first, and when; said without quoting anything in it."""
    when = timezone.localtime(record.updated_at).strftime("%Y-%m-%d %H:%M")
    who = str(record.updated_by) if record.updated_by else str(_("someone else"))
    return str(
        _(
            "This record was changed by %(who)s at %(when)s, after you opened it. "
            "Your changes were not saved. Compare the values below and save again."
        )
        % {"who": who, "when": when}
    )


def at_version(form_class: Any, data: Any, *, version: int, **kwargs: Any) -> Any:
    """The user's values again, now carrying the current version, so they can save on purpose."""
    data = data.copy()
    data["version"] = str(version)
    form = form_class(data, **kwargs)
    form.is_valid()
    return form
