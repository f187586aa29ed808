"""Forms of the prevention pages. They parse input; checks.py decides what is allowed."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mukti.accounts.models import Office
from mukti.core.geography import COUNTRY_CHOICES
from mukti.people.forms import DateInput, InlineForm
from mukti.people.models import Sex
from mukti.prevention.checks import ActivityDetails
from mukti.prevention.models import (
    Activity,
    ActivityStatus,
    ActivityType,
    AgeGroup,
    AudienceType,
    Channel,
    Profession,
    ReachVerification,
)
from mukti.prevention.participant_lists import ParticipantInput
from mukti.prevention.selectors import ActivityFilters, audience_types


class AudienceChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.label)


class OfficeChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} {obj.name}"


def _count(label: Any, **kwargs: Any) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=0, required=False, **kwargs)


def _score(label: Any, **kwargs: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, max_digits=7, decimal_places=2, required=False, min_value=0, **kwargs
    )


class ActivityFilterForm(forms.Form):
    """The list's filters (a GET form, so that a filtered list has an address)."""

    office = OfficeChoiceField(
        label=_("Office"), queryset=Office.objects.none(), required=False, empty_label=_("Any")
    )
    activity_type = forms.ChoiceField(
        label=_("Type"), choices=[("", _("Any type")), *ActivityType.choices], required=False
    )
    audience = AudienceChoiceField(
        label=_("Audience"),
        queryset=AudienceType.objects.all(),
        required=False,
        empty_label=_("Any audience"),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Any status")), *ActivityStatus.choices],
        required=False,
    )
    date_from = forms.DateField(label=_("From"), widget=DateInput(), required=False)
    date_to = forms.DateField(label=_("To"), widget=DateInput(), required=False)

    def __init__(self, *args: Any, offices: QuerySet[Office], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices  # type: ignore[attr-defined]

    def filters(self) -> ActivityFilters:
        """The filters given correctly; a wrong one is ignored rather than an error page."""
        self.is_valid()
        data = self.cleaned_data
        office, audience = data.get("office"), data.get("audience")
        return ActivityFilters(
            office_id=str(office.pk) if office else "",
            activity_type=data.get("activity_type", ""),
            audience_type_id=str(audience.pk) if audience else "",
            status=data.get("status", ""),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )


def half_year_before(today: date) -> tuple[date, date]:
    """The six months up to today: where the summary page opens."""
    start = (today.replace(day=1) - timedelta(days=160)).replace(day=1)
    return start, today


class PeriodForm(forms.Form):
    date_from = forms.DateField(label=_("From"), widget=DateInput())
    date_to = forms.DateField(label=_("To"), widget=DateInput())
    office = OfficeChoiceField(
        label=_("Office"), queryset=Office.objects.none(), required=False, empty_label=_("All")
    )

    def __init__(self, *args: Any, offices: QuerySet[Office], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The period ends before it starts."))
        return data


class ActivityForm(forms.Form):
    """An activity's details; the participant rows and the file come alongside."""

    office = OfficeChoiceField(label=_("Office"), queryset=Office.objects.none())
    activity_type = forms.ChoiceField(label=_("Type of activity"), choices=ActivityType.choices)
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("For example: lunch-hour session on safe migration."),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[(ActivityStatus.DONE, _("Done")), (ActivityStatus.PLANNED, _("Planned"))],
        initial=ActivityStatus.DONE,
    )
    starts_on = forms.DateField(label=_("Date"), widget=DateInput(), initial=timezone.localdate)
    ends_on = forms.DateField(
        label=_("End date"),
        widget=DateInput(),
        required=False,
        help_text=_("Required for a campaign; for an activity of several days, its last day."),
    )
    country = forms.ChoiceField(label=_("Country"), choices=COUNTRY_CHOICES)
    district = forms.CharField(label=_("District"), max_length=100, required=False)
    venue = forms.CharField(
        label=_("Venue"),
        max_length=300,
        required=False,
        help_text=_("For example: a factory canteen, a union office, a border outpost."),
    )
    audience_type = AudienceChoiceField(label=_("Audience"), queryset=AudienceType.objects.none())
    profession = forms.ChoiceField(
        label=_("Profession trained"),
        choices=[("", _("Not a training")), *Profession.choices],
        required=False,
        help_text=_("Trainings only."),
    )
    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=[("", _("Not a campaign")), *Channel.choices],
        required=False,
        help_text=_("Campaigns only."),
    )
    organiser = forms.CharField(label=_("Organiser"), max_length=200)
    partners = forms.CharField(
        label=_("Partners"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
        help_text=_("One a line: district government, police, a union…"),
    )
    participants_total = _count(
        _("Number of participants"),
        help_text=_("Leave empty when you give the participant list: it is counted from it."),
    )
    participants_female = _count(_("Women and girls"))
    participants_male = _count(_("Men and boys"))
    participants_other = _count(_("Other or not known"))
    score_maximum = _score(_("Maximum test score"))
    pre_test_average = _score(
        _("Average score before"),
        help_text=_("Only when scores are not given per participant."),
    )
    post_test_average = _score(_("Average score after"))
    tested_count = _count(_("Participants who took both tests"))
    improved_count = _count(_("Participants whose score improved"))
    reach = forms.IntegerField(label=_("People reached"), min_value=0, required=False)
    reach_verification = forms.MultipleChoiceField(
        label=_("How the reach was verified"),
        choices=ReachVerification.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    reach_note = forms.CharField(
        label=_("Note on the reach"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
    )
    participant_file = forms.FileField(
        label=_("Participant list file (CSV or XLSX)"),
        required=False,
        help_text=_(
            "Columns: code, sex, age_group, role, pre_score, post_score. It replaces the rows "
            "below. A bad row rejects the whole file and nothing is saved."
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    GROUPS = (
        (
            _("What and when"),
            ("office", "activity_type", "title", "status", "starts_on", "ends_on"),
        ),
        (_("Where"), ("country", "district", "venue")),
        (_("Who"), ("audience_type", "profession", "channel", "organiser", "partners")),
        (
            _("Participants"),
            (
                "participants_total",
                "participants_female",
                "participants_male",
                "participants_other",
            ),
        ),
        (
            _("Knowledge test"),
            (
                "score_maximum",
                "pre_test_average",
                "post_test_average",
                "tested_count",
                "improved_count",
            ),
        ),
        (_("Campaign reach"), ("reach", "reach_verification", "reach_note")),
    )
    # Compared with the stored activity when someone else saved it first.
    COMPARED = (
        "activity_type",
        "status",
        "starts_on",
        "ends_on",
        "country",
        "district",
        "profession",
        "channel",
        "participants_total",
        "reach",
    )

    def __init__(
        self,
        *args: Any,
        offices: QuerySet[Office],
        activity: Activity | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices  # type: ignore[attr-defined]
        current = activity.audience_type if activity else None
        self.fields["audience_type"].queryset = audience_types(  # type: ignore[attr-defined]
            include=current
        )
        if activity is None:
            self.fields.pop("version")
            first = offices.select_related("organisation").first()
            if first is not None and len(offices) == 1:
                self.fields["office"].initial = first
                self.fields["country"].initial = first.country
                self.fields["organiser"].initial = first.organisation.name

    def groups(self) -> list[tuple[Any, list[forms.BoundField]]]:
        return [(title, [self[name] for name in names]) for title, names in self.GROUPS]

    def details(self) -> ActivityDetails:
        data = self.cleaned_data
        return ActivityDetails(
            activity_type=data["activity_type"],
            title=data["title"],
            status=data["status"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            country=data["country"],
            district=data["district"],
            venue=data["venue"],
            audience_type=data["audience_type"],
            profession=data["profession"],
            channel=data["channel"],
            organiser=data["organiser"],
            partners=data["partners"],
            participants_total=data["participants_total"],
            participants_female=data["participants_female"],
            participants_male=data["participants_male"],
            participants_other=data["participants_other"],
            score_maximum=data["score_maximum"],
            pre_test_average=data["pre_test_average"],
            post_test_average=data["post_test_average"],
            tested_count=data["tested_count"],
            improved_count=data["improved_count"],
            reach=data["reach"],
            reach_verification=tuple(data["reach_verification"]),
            reach_note=data["reach_note"],
        )


def initial_of(activity: Activity) -> dict[str, Any]:
    """The form's values for an activity; averages computed from the list are not shown,
    since they are computed again from the rows."""
    names = [name for name in ActivityForm.base_fields if name != "participant_file"]
    initial = {name: getattr(activity, name) for name in names if hasattr(activity, name)}
    initial["office"] = activity.office
    initial["audience_type"] = activity.audience_type
    if activity.has_participant_list:
        for name in ("participants_female", "participants_male", "participants_other"):
            initial[name] = None
        initial["participants_total"] = None
    if activity.scores_per_participant:
        for name in ("pre_test_average", "post_test_average", "tested_count", "improved_count"):
            initial[name] = None
    return initial


class ParticipantRowForm(forms.Form):
    """One row of the participant list: a code, never a name or a phone number."""

    code = forms.CharField(
        label=_("Code"), max_length=40, required=False, help_text=_("For example P-017.")
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, initial=Sex.UNKNOWN)
    age_group = forms.ChoiceField(
        label=_("Age group"), choices=AgeGroup.choices, initial=AgeGroup.UNKNOWN
    )
    role = forms.CharField(label=_("Role or organisation type"), max_length=100, required=False)
    pre_score = _score(_("Score before"))
    post_score = _score(_("Score after"))
    remove = forms.BooleanField(label=_("Remove from the list"), required=False)

    def is_blank(self) -> bool:
        data = self.cleaned_data
        return not (data.get("code") or data.get("role")) and data.get("pre_score") is None

    def participant(self) -> ParticipantInput:
        data = self.cleaned_data
        return ParticipantInput(
            code=data["code"],
            sex=data["sex"],
            age_group=data["age_group"],
            role=data["role"],
            pre_score=data["pre_score"],
            post_score=data["post_score"],
        )


_ROW_KEY = re.compile(r"^participant-(\d+)-code$")


class ParticipantRows:
    """The participant rows of the activity form, numbered as the page sent them."""

    def __init__(self, forms_: list[ParticipantRowForm]) -> None:
        self.forms = forms_

    @classmethod
    def from_post(cls, data: QueryDict) -> ParticipantRows:
        numbers = sorted({int(m.group(1)) for key in data if (m := _ROW_KEY.match(key))})
        return cls([ParticipantRowForm(data, prefix=f"participant-{n}") for n in numbers])

    @classmethod
    def from_participants(cls, participants: list[ParticipantInput]) -> ParticipantRows:
        return cls(
            [
                ParticipantRowForm(initial=vars(row), prefix=f"participant-{number}")
                for number, row in enumerate(participants)
            ]
        )

    def add_blank(self) -> None:
        used = [int(str(form.prefix).rsplit("-", 1)[-1]) for form in self.forms]
        self.forms.append(ParticipantRowForm(prefix=f"participant-{max(used, default=-1) + 1}"))

    def is_valid(self) -> bool:
        return all(form.is_valid() for form in self.forms)

    def participants(self) -> list[ParticipantInput]:
        """The rows kept: not marked for removal, not left blank."""
        return [
            form.participant()
            for form in self.forms
            if not form.cleaned_data.get("remove") and not form.is_blank()
        ]


class CancelForm(InlineForm):
    id_prefix = "cancel"
    reason = forms.CharField(
        label=_("Why it was cancelled"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class RestoreForm(InlineForm):
    id_prefix = "restore"
    version = forms.IntegerField(widget=forms.HiddenInput)
