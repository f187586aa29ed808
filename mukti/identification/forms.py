"""Forms of the rescue pages and of the screening and referral panels. They parse and check
input; the services decide the rules."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mukti.accounts.models import Office, Team, User
from mukti.cases.forms import TeamChoiceField
from mukti.cases.models import Risk
from mukti.core.geography import COUNTRY_CHOICES
from mukti.identification.models import (
    REFERRAL_TRANSITIONS,
    Agency,
    Decision,
    Dimension,
    Indicator,
    OperationKind,
    Outcome,
    Referral,
    ReferralKind,
    ReferralStatus,
    RescueOperation,
    Screening,
)
from mukti.identification.selectors import OperationFilters
from mukti.identification.services import OperationDetails, ReferralDetails
from mukti.people.forms import SCRIPT_CHOICES, DateInput, InlineForm, PersonBirthFields
from mukti.people.services import PersonDetails

_NOTES = forms.Textarea(attrs={"rows": 3})


class OperationFilterForm(forms.Form):
    """The operations list's filters (a GET form, so a filtered list has a URL)."""

    office = forms.ModelChoiceField(
        label=_("Office"), queryset=Office.objects.none(), required=False, empty_label=_("Any")
    )
    agency = forms.ChoiceField(
        label=_("Agency"), choices=[("", _("Any agency")), *Agency.choices], required=False
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("Any kind")), *OperationKind.choices], required=False
    )
    date_from = forms.DateField(label=_("From"), widget=DateInput(), required=False)
    date_to = forms.DateField(label=_("To"), widget=DateInput(), required=False)

    def __init__(self, *args: Any, offices: QuerySet[Office], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices  # type: ignore[attr-defined]

    def filters(self) -> OperationFilters:
        """The filters given correctly; a wrong one is ignored, not an error page."""
        self.is_valid()
        data = self.cleaned_data
        office = data.get("office")
        return OperationFilters(
            office_id=str(office.pk) if office else "",
            agency=data.get("agency", ""),
            kind=data.get("kind", ""),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )


class OperationForm(forms.Form):
    """A new operation (with its office) or an existing one (with the version the user saw)."""

    office = forms.ModelChoiceField(label=_("Office"), queryset=Office.objects.none())
    kind = forms.ChoiceField(label=_("Kind of operation"), choices=OperationKind.choices)
    operation_on = forms.DateField(
        label=_("Date of the operation"), widget=DateInput(), initial=timezone.localdate
    )
    agency = forms.ChoiceField(label=_("Agency that led it"), choices=Agency.choices)
    agency_name = forms.CharField(
        label=_("Agency name"),
        max_length=200,
        required=False,
        help_text=_(
            "Needed for an NGO, a partner or another agency; for example: Rescue Foundation."
        ),
    )
    reference = forms.CharField(
        label=_("Operation reference"),
        max_length=100,
        required=False,
        help_text=_("The agency's reference, such as a general diary or crime number."),
    )
    country = forms.ChoiceField(label=_("Country"), choices=COUNTRY_CHOICES)
    district = forms.CharField(label=_("District"), max_length=100, required=False)
    place = forms.CharField(
        label=_("Place"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
        help_text=_("Kept encrypted. Where it happened: a border point, a building, a town."),
    )
    notes = forms.CharField(
        label=_("Notes"),
        widget=_NOTES,
        max_length=20000,
        required=False,
        help_text=_("Kept encrypted."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    # The fields compared with the stored operation when someone else saved it first.
    COMPARED = ("kind", "operation_on", "agency", "agency_name", "reference", "country", "district")

    def __init__(
        self,
        *args: Any,
        offices: QuerySet[Office] | None = None,
        operation: RescueOperation | None = None,
        **kwargs: Any,
    ) -> None:
        if operation is not None:
            kwargs.setdefault(
                "initial",
                {name: getattr(operation, name) for name in (*self.COMPARED, "place", "notes")}
                | {"version": operation.version},
            )
        super().__init__(*args, **kwargs)
        if operation is not None:
            # An operation stays in its office; only its details change.
            del self.fields["office"]
        elif offices is not None:
            self.fields["office"].queryset = offices  # type: ignore[attr-defined]
            if len(offices) == 1:
                self.fields["office"].initial = offices[0]
                self.fields["country"].initial = offices[0].country

    def details(self) -> OperationDetails:
        data = self.cleaned_data
        return OperationDetails(
            kind=data["kind"],
            operation_on=data["operation_on"],
            country=data["country"],
            agency=data["agency"],
            district=data["district"],
            place=data["place"],
            agency_name=data["agency_name"],
            reference=data["reference"],
            notes=data["notes"],
        )


class ExistingCaseForm(InlineForm):
    id_prefix = "existing"
    case_number = forms.CharField(
        label=_("Case number"),
        max_length=40,
        help_text=_("For example BD-KHU-2026-0042. Only cases you may work on can be added."),
    )


class NewSurvivorForm(PersonBirthFields):
    """Someone not yet known to Mukti: their details and how their case opens."""

    given_name = forms.CharField(label=_("Given name"), max_length=200, required=False)
    family_name = forms.CharField(label=_("Family name"), max_length=200, required=False)
    script = forms.ChoiceField(label=_("Script the name is written in"), choices=SCRIPT_CHOICES)
    phone = forms.CharField(
        label=_("Phone number"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel"}),
    )
    team = TeamChoiceField(label=_("Team"), queryset=Team.objects.none(), required=False)
    risk = forms.ChoiceField(label=_("Risk"), choices=Risk.choices, initial=Risk.MEDIUM)
    involves_sexual_exploitation = forms.BooleanField(
        label=_("Involves sexual exploitation"),
        required=False,
        help_text=_("Its details are then shown only to the roles that need them."),
    )

    PERSON_FIELDS = (
        "given_name",
        "family_name",
        "script",
        "sex",
        "birth_date",
        "estimated_age",
        "age_estimated_on",
        "nationality",
        "phone",
    )
    field_order = [*PERSON_FIELDS, "team", "risk", "involves_sexual_exploitation"]

    def __init__(self, *args: Any, office: Office, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "new_%s")
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.filter(  # type: ignore[attr-defined]
            office=office
        ).select_related("office")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("birth_date") and data.get("estimated_age") is not None:
            self.add_error(
                "estimated_age", _("Give a date of birth or an estimated age, not both.")
            )
        return data

    def survivor(self) -> PersonDetails:
        data = self.cleaned_data
        return PersonDetails(**{name: data[name] for name in self.PERSON_FIELDS})


# --- screenings ---------------------------------------------------------------------------


def indicator_groups(indicators: Iterable[Indicator]) -> list[tuple[str, list[tuple[str, str]]]]:
    """The checklist grouped by dimension (a checklist without dimensions is one group),
    each indicator labelled with its strength."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for indicator in indicators:
        label = indicator.display_label
        if indicator.strength:
            label = f"{label} ({indicator.get_strength_display().lower()})"
        groups.setdefault(indicator.dimension, []).append((str(indicator.pk), label))
    return [(str(Dimension(d).label) if d else "", choices) for d, choices in groups.items()]


class ScreeningForm(InlineForm):
    id_prefix = "screening"
    screened_on = forms.DateField(
        label=_("Date of the screening"), widget=DateInput(), initial=timezone.localdate
    )
    screener: forms.ModelChoiceField[User] = forms.ModelChoiceField(
        label=_("Screener"), queryset=User.objects.none()
    )
    indicators = forms.MultipleChoiceField(
        label=_("Indicators observed"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Tick every indicator you observed; leave the others empty."),
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=Outcome.choices, widget=forms.RadioSelect
    )
    outcome_reason = forms.CharField(
        label=_("Reason for the outcome"),
        widget=_NOTES,
        max_length=4000,
        help_text=_("Kept encrypted."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args: Any,
        checklist: list[Indicator],
        screeners: QuerySet[User],
        screening: Screening | None = None,
        observed: Iterable[Any] = (),
        **kwargs: Any,
    ) -> None:
        if screening is not None:
            kwargs.setdefault(
                "initial",
                {
                    "screened_on": screening.screened_on,
                    "screener": screening.screener_id,
                    "indicators": [str(o.indicator_id) for o in observed],
                    "outcome": screening.outcome,
                    "outcome_reason": screening.outcome_reason,
                    "version": screening.version,
                },
            )
        super().__init__(*args, **kwargs)
        self.checklist = {str(i.pk): i for i in checklist}
        self.groups = indicator_groups(checklist)
        self.fields["indicators"].choices = [  # type: ignore[attr-defined]
            choice for _dimension, choices in self.groups for choice in choices
        ]
        self.fields["screener"].queryset = screeners  # type: ignore[attr-defined]

    def indicator_fieldsets(self) -> list[tuple[str, list[Any]]]:
        """The checkboxes under their dimension's heading, for a fieldset each."""
        boxes = {str(box.data["value"]): box for box in self["indicators"]}
        return [(label, [boxes[pk] for pk, _label in choices]) for label, choices in self.groups]

    def chosen_indicators(self) -> list[Indicator]:
        return [self.checklist[pk] for pk in self.cleaned_data["indicators"]]


# --- referrals ----------------------------------------------------------------------------

_DECISIONS = [("", _("Not decided yet")), *Decision.choices]


class ReferralForm(InlineForm):
    id_prefix = "referral"
    kind = forms.ChoiceField(label=_("Referred"), choices=ReferralKind.choices)
    referred_on = forms.DateField(
        label=_("Date of the referral"), widget=DateInput(), initial=timezone.localdate
    )
    referred_to = forms.CharField(
        label=_("Referred to"),
        max_length=300,
        required=False,
        help_text=_("The shelter, police station or organisation. Kept encrypted."),
    )
    reasonable_grounds = forms.ChoiceField(
        label=_("Reasonable-grounds decision (UK NRM)"), choices=_DECISIONS, required=False
    )
    reasonable_grounds_on = forms.DateField(
        label=_("Date of the reasonable-grounds decision"), widget=DateInput(), required=False
    )
    conclusive_grounds = forms.ChoiceField(
        label=_("Conclusive-grounds decision (UK NRM)"), choices=_DECISIONS, required=False
    )
    conclusive_grounds_on = forms.DateField(
        label=_("Date of the conclusive-grounds decision"), widget=DateInput(), required=False
    )
    notes = forms.CharField(
        label=_("Notes"),
        widget=_NOTES,
        max_length=4000,
        required=False,
        help_text=_("Kept encrypted."),
    )

    DETAILS = (
        "kind",
        "referred_on",
        "referred_to",
        "notes",
        "reasonable_grounds",
        "reasonable_grounds_on",
        "conclusive_grounds",
        "conclusive_grounds_on",
    )

    def details(self) -> ReferralDetails:
        return ReferralDetails(**{name: self.cleaned_data[name] for name in self.DETAILS})


class ReferralEditForm(ReferralForm):
    """The referral's details, and its next status with the date it changed."""

    status = forms.ChoiceField(label=_("Status"), choices=ReferralStatus.choices)
    status_on = forms.DateField(
        label=_("Date of the status change"),
        widget=DateInput(),
        required=False,
        help_text=_("Needed when the status changes."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, referral: Referral, **kwargs: Any) -> None:
        initial = {name: getattr(referral, name) for name in self.DETAILS}
        initial |= {"status": referral.status, "version": referral.version}
        kwargs.setdefault("initial", initial)
        kwargs.setdefault("auto_id", f"referral-{referral.pk}_%s")
        super().__init__(*args, **kwargs)
        # The current status and the ones it may move to, in the table's order.
        allowed = {referral.status, *REFERRAL_TRANSITIONS[referral.status]}
        self.fields["status"].choices = [  # type: ignore[attr-defined]
            (value, label) for value, label in ReferralStatus.choices if value in allowed
        ]
