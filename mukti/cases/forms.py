"""Forms of the case pages. They parse and check input; the services decide the rules."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mukti.accounts.models import Office, Team, User
from mukti.accounts.roles import Action, Section
from mukti.accounts.selectors import offices_allowing, teams_allowing
from mukti.cases.models import Case, EventKind, Risk, Stage, Status
from mukti.cases.selectors import CaseFilters
from mukti.core.geography import COUNTRY_CHOICES
from mukti.people.forms import SCRIPT_CHOICES, DateInput, InlineForm, PersonBirthFields
from mukti.people.services import AddressInput, PersonDetails

# Opening, closing, reopening and stage changes have their own forms; these are the rest.
_SYSTEM_EVENTS = {EventKind.OPENED, EventKind.CLOSED, EventKind.REOPENED, EventKind.STAGE_CHANGED}
RECORDABLE_EVENTS = [(k.value, k.label) for k in EventKind if k not in _SYSTEM_EVENTS]


class TeamChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.office.code})"


class CaseFilterForm(forms.Form):
    """The case list's search box and filters (a GET form, so a filtered list has a URL)."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("A case number, a phone number or a name."),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    stage = forms.ChoiceField(
        label=_("Stage"), choices=[("", _("Any stage")), *Stage.choices], required=False
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any status")), *Status.choices], required=False
    )
    risk = forms.ChoiceField(
        label=_("Risk"), choices=[("", _("Any risk")), *Risk.choices], required=False
    )
    office = forms.ModelChoiceField(
        label=_("Office"), queryset=Office.objects.none(), required=False, empty_label=_("Any")
    )
    team = TeamChoiceField(
        label=_("Team"), queryset=Team.objects.none(), required=False, empty_label=_("Any")
    )
    mine = forms.BooleanField(label=_("Assigned to me"), required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offices = offices_allowing(user, Action.VIEW_CASE)
        self.fields["office"].queryset = offices  # type: ignore[attr-defined]
        self.fields["team"].queryset = teams_allowing(  # type: ignore[attr-defined]
            user, Action.VIEW_CASE
        ).select_related("office")

    def filters(self) -> CaseFilters:
        """The filters that were given correctly; a wrong one is ignored, not an error page."""
        self.is_valid()
        data = self.cleaned_data
        office, team = data.get("office"), data.get("team")
        return CaseFilters(
            stage=data.get("stage", ""),
            status=data.get("status", ""),
            office_id=str(office.pk) if office else "",
            team_id=str(team.pk) if team else "",
            risk=data.get("risk", ""),
            assigned_to_me=bool(data.get("mine")),
            query=data.get("q", ""),
        )


class EventForm(InlineForm):
    id_prefix = "event"
    kind = forms.ChoiceField(label=_("What happened"), choices=RECORDABLE_EVENTS)
    happened_on = forms.DateField(
        label=_("Date it happened"), widget=DateInput(), initial=timezone.localdate
    )
    summary = forms.CharField(
        label=_("Summary"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=4000,
    )


def section_choices(sections: Iterable[str]) -> list[tuple[str, Any]]:
    """The sections the user may read, in the order the role table lists them."""
    allowed = set(sections)
    return [(value, label) for value, label in Section.choices if value in allowed]


class NoteForm(InlineForm):
    id_prefix = "note"
    section = forms.ChoiceField(label=_("Section"))
    body = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=20000
    )

    def __init__(self, *args: Any, sections: Iterable[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = section_choices(sections)  # type: ignore[attr-defined]


class AttachmentForm(InlineForm):
    id_prefix = "attachment"
    file = forms.FileField(
        label=_("File"), help_text=_("A PDF, a JPEG or PNG photo, or a plain-text file.")
    )
    section = forms.ChoiceField(label=_("Section"))

    def __init__(self, *args: Any, sections: Iterable[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = section_choices(sections)  # type: ignore[attr-defined]


class CaseOpeningForm(forms.Form):
    """Where and how a case is opened; the survivor is known already or given alongside."""

    office = forms.ModelChoiceField(label=_("Office"), queryset=Office.objects.none())
    team = TeamChoiceField(label=_("Team"), queryset=Team.objects.none(), required=False)
    risk = forms.ChoiceField(label=_("Risk"), choices=Risk.choices, initial=Risk.MEDIUM)
    opened_on = forms.DateField(
        label=_("Opened on"), widget=DateInput(), initial=timezone.localdate
    )
    involves_sexual_exploitation = forms.BooleanField(
        label=_("Involves sexual exploitation"),
        required=False,
        help_text=_("Its details are then shown only to the roles that need them."),
    )
    has_health_information = forms.BooleanField(label=_("Holds health information"), required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offices: QuerySet[Office] = offices_allowing(user, Action.OPEN_CASE)
        self.fields["office"].queryset = offices  # type: ignore[attr-defined]
        self.fields["team"].queryset = teams_allowing(  # type: ignore[attr-defined]
            user, Action.OPEN_CASE
        ).select_related("office")
        if len(offices) == 1:
            self.fields["office"].initial = offices[0]

    def case_arguments(self) -> dict[str, Any]:
        fields = ("office", "team", "risk", "opened_on")
        flags = ("involves_sexual_exploitation", "has_health_information")
        return {name: self.cleaned_data[name] for name in (*fields, *flags)}


class OpenCaseForm(CaseOpeningForm, PersonBirthFields):
    """A newly rescued person and their case, in one form."""

    given_name = forms.CharField(label=_("Given name"), max_length=200, required=False)
    family_name = forms.CharField(label=_("Family name"), max_length=200, required=False)
    script = forms.ChoiceField(label=_("Script the name is written in"), choices=SCRIPT_CHOICES)
    phone = forms.CharField(
        label=_("Phone number"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel"}),
    )
    address_country = forms.ChoiceField(
        label=_("Country"), choices=[("", _("No address known")), *COUNTRY_CHOICES], required=False
    )
    division = forms.CharField(label=_("Division / state"), max_length=100, required=False)
    district = forms.CharField(label=_("District"), max_length=100, required=False)
    subdistrict = forms.CharField(label=_("Sub-district / upazila"), max_length=200, required=False)
    village = forms.CharField(label=_("Village / town"), max_length=200, required=False)

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
    ADDRESS_FIELDS = ("address_country", "division", "district", "subdistrict", "village")
    field_order = [*PERSON_FIELDS, *ADDRESS_FIELDS]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("birth_date") and data.get("estimated_age") is not None:
            self.add_error(
                "estimated_age", _("Give a date of birth or an estimated age, not both.")
            )
        address_given = any(data.get(name) for name in self.ADDRESS_FIELDS[1:])
        if address_given and not data.get("address_country"):
            self.add_error("address_country", _("Choose the country of the address."))
        return data

    def full_name(self) -> str:
        return f"{self.cleaned_data['given_name']} {self.cleaned_data['family_name']}".strip()

    def survivor(self) -> PersonDetails:
        data = self.cleaned_data
        address = None
        if data["address_country"]:
            address = AddressInput(
                country=data["address_country"],
                division=data["division"],
                district=data["district"],
                subdistrict=data["subdistrict"],
                village=data["village"],
            )
        return PersonDetails(**{name: data[name] for name in self.PERSON_FIELDS}, address=address)

    def person_rows(self) -> list[forms.BoundField]:
        return [self[name] for name in self.PERSON_FIELDS]

    def address_rows(self) -> list[forms.BoundField]:
        return [self[name] for name in self.ADDRESS_FIELDS]

    def case_rows(self) -> list[forms.BoundField]:
        return [
            self[name]
            for name in self.fields
            if name not in self.PERSON_FIELDS and name not in self.ADDRESS_FIELDS
        ]


class CaseEditForm(forms.Form):
    risk = forms.ChoiceField(label=_("Risk"), choices=Risk.choices)
    stage = forms.ChoiceField(label=_("Stage"), choices=Stage.choices)
    stage_changed_on = forms.DateField(
        label=_("Date the stage changed (if it did)"),
        widget=DateInput(),
        required=False,
        help_text=_("Leave empty for today."),
    )
    team = TeamChoiceField(label=_("Team"), queryset=Team.objects.none(), required=False)
    involves_sexual_exploitation = forms.BooleanField(
        label=_("Involves sexual exploitation"), required=False
    )
    has_health_information = forms.BooleanField(label=_("Holds health information"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    # The fields compared with the current case when someone else saved it first.
    COMPARED = ("risk", "stage", "team", "involves_sexual_exploitation", "has_health_information")

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "risk": case.risk,
                "stage": case.stage,
                "team": case.team_id,
                "involves_sexual_exploitation": case.involves_sexual_exploitation,
                "has_health_information": case.has_health_information,
                "version": case.version,
            },
        )
        super().__init__(*args, **kwargs)
        # Team names are not identifying; a case moves only between its own office's teams.
        self.fields["team"].queryset = Team.objects.filter(  # type: ignore[attr-defined]
            office_id=case.office_id
        ).select_related("office")


class CloseCaseForm(InlineForm):
    id_prefix = "close"
    closed_on = forms.DateField(
        label=_("Closed on"), widget=DateInput(), initial=timezone.localdate
    )
    reason = forms.CharField(
        label=_("Reason for closing"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReopenCaseForm(InlineForm):
    id_prefix = "reopen"
    reopened_on = forms.DateField(
        label=_("Reopened on"), widget=DateInput(), initial=timezone.localdate
    )
    reason = forms.CharField(
        label=_("Reason for reopening"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class AssignWorkerForm(forms.Form):
    worker: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Staff member"), queryset=User.objects.none()
    )
    is_lead = forms.BooleanField(label=_("Lead worker"), required=False)

    def __init__(self, *args: Any, workers: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = workers  # type: ignore[attr-defined]


class ShareCaseForm(forms.Form):
    """Share with one person (by their sign-in email) or one team, for a stated reason."""

    email = forms.EmailField(label=_("Staff member's email"), required=False)
    team: forms.ModelChoiceField[Team] = forms.ModelChoiceField(
        label=_("or a team"), queryset=Team.objects.none(), required=False
    )
    reason = forms.CharField(
        label=_("Why it is shared"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000
    )

    def __init__(self, *args: Any, teams: QuerySet[Team], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if bool(cleaned.get("email")) == bool(cleaned.get("team")):
            raise forms.ValidationError(_("Give one staff member's email or choose one team."))
        return cleaned
