"""The forms of the impact pages: a period, a target, a partner's figures, a report, a
narrative section, the reporting settings, an export."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from mukti.accounts.models import Office
from mukti.impact.indicators import PARTNER_INDICATORS, indicator_choices
from mukti.impact.models import ImpactReport, NarrativeSection, ReportingSettings, Target
from mukti.impact.periods import Period
from mukti.impact.spreadsheet import SubmittedFigure
from mukti.people.forms import DateInput

MONTHS = [
    (1, _("January")),
    (2, _("February")),
    (3, _("March")),
    (4, _("April")),
    (5, _("May")),
    (6, _("June")),
    (7, _("July")),
    (8, _("August")),
    (9, _("September")),
    (10, _("October")),
    (11, _("November")),
    (12, _("December")),
]


class PeriodFields(forms.Form):
    """A period from its first to its last day; one that ends before it starts is refused."""

    period_start = forms.DateField(label=_("From"), widget=DateInput())
    period_end = forms.DateField(label=_("To"), widget=DateInput())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start and end:
            try:
                data["period"] = Period(start, end)
            except ValidationError as error:
                self.add_error("period_end", error.messages)
        return data


class PeriodForm(PeriodFields):
    baseline_periods = forms.IntegerField(
        label=_("Compare with the average of this many earlier periods"),
        min_value=1,
        max_value=6,
        initial=2,
    )


class VersionField(forms.IntegerField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(widget=forms.HiddenInput, required=False, **kwargs)


class OrganisationOfficesMixin:
    """`offices` limited to one organisation's offices."""

    fields: dict[str, forms.Field]

    def limit_offices(self, organisation_id: Any) -> None:
        field = self.fields["offices"]
        assert isinstance(field, forms.ModelMultipleChoiceField)  # noqa: S101 -- set below
        field.queryset = Office.objects.filter(organisation_id=organisation_id).order_by("code")


class TargetForm(OrganisationOfficesMixin, forms.Form):
    """A log-frame target; the service refuses an unknown indicator or impossible dates."""

    programme = forms.CharField(label=_("Programme"), max_length=200)
    donor = forms.CharField(label=_("Donor"), max_length=200, required=False)
    indicator = forms.ChoiceField(label=_("Indicator"), choices=indicator_choices)
    kind = forms.ChoiceField(label=_("Kind of target"), choices=Target.Kind.choices)
    target_value = forms.DecimalField(
        label=_("Target"),
        max_digits=12,
        decimal_places=1,
        help_text=_("A number of people or survivors, or a percentage rise."),
    )
    starts_on = forms.DateField(label=_("Counting from"), widget=DateInput())
    due_on = forms.DateField(label=_("Due by"), widget=DateInput())
    baseline_start = forms.DateField(label=_("Baseline from"), widget=DateInput(), required=False)
    baseline_end = forms.DateField(label=_("Baseline to"), widget=DateInput(), required=False)
    offices = forms.ModelMultipleChoiceField(
        label=_("Offices"),
        queryset=Office.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty for every office of the organisation."),
    )
    version = VersionField()

    def __init__(self, *args: Any, organisation_id: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_offices(organisation_id)


def target_initial(target: Target) -> dict[str, Any]:
    return {
        "programme": target.programme,
        "donor": target.donor,
        "indicator": target.indicator,
        "kind": target.kind,
        "target_value": target.target_value,
        "starts_on": target.starts_on,
        "due_on": target.due_on,
        "baseline_start": target.baseline_start,
        "baseline_end": target.baseline_end,
        "offices": list(target.offices.all()),
        "version": target.version,
    }


def _split_field(label: Any) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=0, required=False)


class SubmissionForm(PeriodFields):
    """A partner's totals for a period, with how many were women and men where known."""

    office = forms.ModelChoiceField(label=_("Joint operation"), queryset=Office.objects.none())
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args: Any, offices: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        office_field = self.fields["office"]
        assert isinstance(office_field, forms.ModelChoiceField)  # noqa: S101 -- declared above
        office_field.queryset = offices
        for item in PARTNER_INDICATORS:
            self.fields[f"{item.code}__total"] = forms.IntegerField(
                label=str(item.name), min_value=0, required=False
            )
            self.fields[f"{item.code}__female"] = _split_field(_("of whom female"))
            self.fields[f"{item.code}__male"] = _split_field(_("of whom male"))

    def indicator_rows(self) -> list[list[Any]]:
        return [
            [self[f"{item.code}__{part}"] for part in ("total", "female", "male")]
            for item in PARTNER_INDICATORS
        ]

    def figures(self) -> dict[str, SubmittedFigure]:
        figures = {}
        for item in PARTNER_INDICATORS:
            total = self.cleaned_data.get(f"{item.code}__total")
            if total is None:
                continue
            by_sex = {
                sex: self.cleaned_data[f"{item.code}__{sex}"]
                for sex in ("female", "male")
                if self.cleaned_data.get(f"{item.code}__{sex}") is not None
            }
            figures[item.code] = SubmittedFigure(value=total, by_sex=by_sex)
        return figures


class UploadForm(PeriodFields):
    office = forms.ModelChoiceField(label=_("Joint operation"), queryset=Office.objects.none())
    file = forms.FileField(
        label=_("Filled-in template (XLSX)"),
        widget=forms.ClearableFileInput(
            attrs={"accept": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args: Any, offices: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        office_field = self.fields["office"]
        assert isinstance(office_field, forms.ModelChoiceField)  # noqa: S101 -- declared above
        office_field.queryset = offices


class ReportForm(OrganisationOfficesMixin, PeriodFields):
    title = forms.CharField(label=_("Title"), max_length=200)
    baseline_periods = forms.IntegerField(
        label=ImpactReport._meta.get_field("baseline_periods").verbose_name,
        help_text=ImpactReport._meta.get_field("baseline_periods").help_text,
        min_value=1,
        max_value=6,
        initial=2,
    )
    offices = forms.ModelMultipleChoiceField(
        label=_("Offices"),
        queryset=Office.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty for every office of the organisation."),
    )
    version = VersionField()

    field_order = ["title", "period_start", "period_end", "baseline_periods", "offices"]

    def __init__(self, *args: Any, organisation_id: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_offices(organisation_id)


class SectionForm(forms.ModelForm):  # type: ignore[type-arg]
    version = VersionField()

    class Meta:
        model = NarrativeSection
        fields = ["kind", "title", "body", "position"]
        widgets = {
            "title": forms.TextInput(),
            "body": forms.Textarea(attrs={"rows": 10}),
        }
        help_texts = {
            "body": _(
                "Write case studies under a changed name, marked with *, and nothing that "
                "identifies the person (place, employer, family)."
            )
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version


class SettingsForm(forms.ModelForm):  # type: ignore[type-arg]
    financial_year_start_month = forms.TypedChoiceField(
        label=_("Financial year starts in"), choices=MONTHS, coerce=int
    )
    version = VersionField()

    class Meta:
        model = ReportingSettings
        fields = ["financial_year_start_month", "small_cell_threshold", "export_k"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version


class ExportForm(PeriodFields):
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[
            ("ctdc", _("CTDC variables (CSV)")),
            ("htcds", _("HTCDS-compatible records (JSON)")),
        ],
    )


def default_dates(period: Period) -> dict[str, date]:
    return {"period_start": period.start, "period_end": period.end}
