"""Forms of the repatriation panel, the waiting list, the corridor pages and analytics."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mukti.core.geography import COUNTRY_CHOICES
from mukti.people.forms import DateInput
from mukti.repatriation.analytics import Period, recent_half_years
from mukti.repatriation.models import Corridor, DocumentType, Milestone
from mukti.repatriation.selectors import WaitingFilters, WaitingSort
from mukti.repatriation.services import MAX_TARGET_DAYS, StepSpec


class CorridorChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return obj.label


# --- the case panel ----------------------------------------------------------------------


class StartForm(forms.Form):
    corridor = CorridorChoiceField(label=_("Corridor"), queryset=Corridor.objects.none())
    started_on = forms.DateField(
        label=_("Started on"),
        widget=DateInput(),
        initial=timezone.localdate,
        help_text=_("Usually the day the survivor was identified in the shelter home."),
    )

    def __init__(self, *args: Any, corridors: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "start")
        super().__init__(*args, **kwargs)
        self.fields["corridor"].queryset = corridors  # type: ignore[attr-defined]


class StepForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    planned_on = forms.DateField(label=_("Planned for"), widget=DateInput(), required=False)
    started_on = forms.DateField(label=_("Started on"), widget=DateInput(), required=False)
    done_on = forms.DateField(label=_("Done on"), widget=DateInput(), required=False)
    responsible_agency = forms.CharField(
        label=_("Responsible agency"), max_length=200, required=False
    )


class DocumentForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    received = forms.BooleanField(label=_("Received"), required=False)
    received_on = forms.DateField(label=_("Received on"), widget=DateInput(), required=False)


class AddDocumentForm(forms.Form):
    document_type = forms.ChoiceField(label=_("Document"), choices=DocumentType.choices)


class BlockerForm(forms.Form):
    opened_on = forms.DateField(
        label=_("Blocked since"), widget=DateInput(), initial=timezone.localdate
    )
    note = forms.CharField(
        label=_("What is blocking"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000
    )


class ResolveBlockerForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    resolved_on = forms.DateField(
        label=_("Resolved on"), widget=DateInput(), initial=timezone.localdate
    )
    resolution = forms.CharField(
        label=_("How it was resolved"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=4000,
        required=False,
    )


class CancelForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    cancelled_on = forms.DateField(
        label=_("Cancelled on"), widget=DateInput(), initial=timezone.localdate
    )
    reason = forms.CharField(
        label=_("Why is the repatriation cancelled?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=4000,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "cancel")
        super().__init__(*args, **kwargs)


# --- who is waiting -------------------------------------------------------------------------


class WaitingFilterForm(forms.Form):
    corridor = CorridorChoiceField(
        label=_("Corridor"), queryset=Corridor.objects.none(), required=False
    )
    office = forms.ChoiceField(label=_("Office"), required=False)
    overdue = forms.ChoiceField(
        label=_("Overdue"),
        required=False,
        choices=[("", _("All")), ("yes", _("Overdue only")), ("no", _("Not overdue"))],
    )
    sort = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[
            (WaitingSort.WAITING, _("Longest in the current step first")),
            (WaitingSort.DUE, _("Most overdue first")),
            (WaitingSort.STARTED, _("Longest since the start first")),
        ],
    )

    def __init__(self, *args: Any, corridors: Any, offices: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["corridor"].queryset = corridors  # type: ignore[attr-defined]
        self.fields["office"].choices = [  # type: ignore[attr-defined]
            ("", _("All my offices")),
            *((str(office.pk), str(office)) for office in offices),
        ]

    def filters(self) -> WaitingFilters:
        if not self.is_valid():
            return WaitingFilters()
        data = self.cleaned_data
        corridor = data.get("corridor")
        overdue = {"yes": True, "no": False}.get(data.get("overdue") or "")
        return WaitingFilters(
            corridor_id=str(corridor.pk) if corridor else "",
            office_id=data.get("office") or "",
            overdue=overdue,
            sort=data.get("sort") or WaitingSort.WAITING,
        )


# --- corridors --------------------------------------------------------------------------------


class CorridorForm(forms.Form):
    from_country = forms.ChoiceField(
        label=_("From (where survivors are found)"), choices=COUNTRY_CHOICES
    )
    to_country = forms.ChoiceField(label=_("To (home country)"), choices=COUNTRY_CHOICES)
    qualifier = forms.CharField(
        label=_("Qualifier"),
        max_length=100,
        required=False,
        help_text=_("Only to tell apart two corridors between the same countries, e.g. “by air”."),
    )


class CorridorSettingsForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    qualifier = forms.CharField(label=_("Qualifier"), max_length=100, required=False)
    is_active = forms.BooleanField(
        label=_("In use for new repatriations"), required=False, initial=True
    )


class TemplateStepForm(forms.Form):
    key = forms.CharField(widget=forms.HiddenInput, required=False)
    position = forms.IntegerField(label=_("Order"), min_value=1, max_value=99)
    name = forms.CharField(label=_("Step"), max_length=150)
    target_days = forms.IntegerField(label=_("Target days"), min_value=1, max_value=MAX_TARGET_DAYS)
    milestone = forms.ChoiceField(
        label=_("On the timeline"), choices=Milestone.choices, initial=Milestone.STEP
    )
    responsible_agency = forms.CharField(
        label=_("Responsible agency"), max_length=200, required=False
    )
    documents = forms.MultipleChoiceField(
        label=_("Documents"),
        choices=DocumentType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class BaseTemplateStepFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    def steps(self) -> list[StepSpec]:
        """The steps kept (not removed, not left blank), in the order the user gave."""
        kept = [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        kept.sort(key=lambda data: data["position"])
        return [
            StepSpec(
                name=data["name"],
                target_days=data["target_days"],
                milestone=data["milestone"],
                responsible_agency=data.get("responsible_agency", ""),
                documents=tuple(data.get("documents") or ()),
                key=data.get("key") or "",
            )
            for data in kept
        ]


TemplateStepFormSet = forms.formset_factory(
    TemplateStepForm, formset=BaseTemplateStepFormSet, extra=2, can_delete=True
)


def initial_steps(steps: list[Any]) -> list[dict[str, Any]]:
    return [
        {
            "key": step.key,
            "position": step.position,
            "name": step.name,
            "target_days": step.target_days,
            "milestone": step.milestone,
            "responsible_agency": step.responsible_agency,
            "documents": list(step.documents),
        }
        for step in steps
    ]


# --- analytics ---------------------------------------------------------------------------------


CUSTOM = "custom"


class AnalyticsForm(forms.Form):
    corridor = CorridorChoiceField(
        label=_("Corridor"),
        queryset=Corridor.objects.none(),
        required=False,
        empty_label=_("All corridors"),
    )
    period = forms.ChoiceField(label=_("Period"), required=False)
    start = forms.DateField(label=_("From"), widget=DateInput(), required=False)
    end = forms.DateField(label=_("To"), widget=DateInput(), required=False)

    def __init__(self, *args: Any, corridors: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.half_years = recent_half_years(today=today)
        self.fields["corridor"].queryset = corridors  # type: ignore[attr-defined]
        self.fields["period"].choices = [  # type: ignore[attr-defined]
            *((period.key, period.label) for period in self.half_years),
            (CUSTOM, _("Dates of my choice")),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("period") == CUSTOM:
            start, end = data.get("start"), data.get("end")
            if not start or not end:
                self.add_error("start", _("Give both dates of the period."))
            elif end < start:
                self.add_error("end", _("The period ends before it starts."))
        return data

    def chosen_period(self) -> Period:
        """The chosen period; the current half-year when nothing (valid) was chosen."""
        if not self.is_valid():
            return self.half_years[0]
        data = self.cleaned_data
        if data.get("period") == CUSTOM:
            return Period(data["start"], data["end"])
        chosen = {p.key: p for p in self.half_years}
        return chosen.get(data.get("period") or "", self.half_years[0])
