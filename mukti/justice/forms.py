"""Forms of the justice pages. They parse what the user typed; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mukti.core.geography import COUNTRY_CHOICES
from mukti.justice import services
from mukti.justice.models import (
    AccusedRole,
    AdjournmentReason,
    ClosingOutcome,
    Engagement,
    HearingPurpose,
    HearingStatus,
    LegalStatus,
    PartyRole,
    ProtectionMeasure,
    Stage,
    TestimonyMode,
    VerdictOutcome,
)
from mukti.people.forms import DateInput, InlineForm
from mukti.people.models import Sex
from mukti.people.services import PersonDetails

COUNTRY_OR_NONE = [("", _("Not known")), *COUNTRY_CHOICES]
YES_NO_UNKNOWN = [("", _("Not known")), ("yes", _("Yes")), ("no", _("No"))]


def _date(label: Any, *, required: bool = True, today: bool = False) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=DateInput(),
        initial=timezone.localdate if today else None,
    )


class VersionField(forms.IntegerField):
    widget = forms.HiddenInput


class LegalCaseFilterForm(forms.Form):
    """The legal case list's filters (GET, so a filtered list has a URL)."""

    stage = forms.ChoiceField(
        label=_("Stage"), choices=[("", _("Any stage")), *Stage.choices], required=False
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any status")), *LegalStatus.choices], required=False
    )
    country = forms.ChoiceField(
        label=_("Country"), choices=[("", _("Any country")), *COUNTRY_CHOICES], required=False
    )
    court = forms.CharField(label=_("Court contains"), max_length=100, required=False)
    deadline = forms.ChoiceField(
        label=_("Statutory limit"),
        choices=[
            ("", _("Any")),
            ("breached", _("Past the limit")),
            ("near", _("Close to the limit")),
        ],
        required=False,
    )


class LegalCaseDetailsForm(forms.Form):
    country = forms.ChoiceField(label=_("Country"), choices=COUNTRY_CHOICES, initial="BD")
    court = forms.CharField(label=_("Court or tribunal"), max_length=200)
    court_case_number = forms.CharField(label=_("Case number"), max_length=100, required=False)
    police_station = forms.CharField(label=_("Police station"), max_length=200, required=False)
    fir_date = _date(_("Date of the first information report"), required=False)
    laws_and_sections = forms.CharField(
        label=_("Laws and sections"),
        max_length=300,
        required=False,
        help_text=_("For example: PSHTA 2012 s. 6, s. 7"),
    )
    investigating_officer = forms.CharField(
        label=_("Investigating officer"), max_length=200, required=False
    )

    def details(self) -> services.LegalCaseDetails:
        data = self.cleaned_data
        return services.LegalCaseDetails(
            **{name: data[name] for name in LegalCaseDetailsForm.base_fields}
        )


class LegalCaseForm(LegalCaseDetailsForm):
    """Filing a legal case from a survivor's case."""

    case_number = forms.CharField(
        label=_("Survivor's case number"),
        max_length=40,
        help_text=_("For example BD-KHU-2026-0042"),
    )
    role = forms.ChoiceField(label=_("She is involved as"), choices=PartyRole.choices)
    stage = forms.ChoiceField(label=_("Stage now"), choices=Stage.choices)
    stage_since = _date(_("In this stage since"), today=True)
    strategy_notes = forms.CharField(
        label=_("Legal strategy notes"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Only roles that read legal strategy see these notes."),
    )

    field_order = ["case_number", "role", "country", "court", "court_case_number"]

    def __init__(self, *args: Any, may_write_strategy: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not may_write_strategy:
            del self.fields["strategy_notes"]


class LegalCaseEditForm(LegalCaseDetailsForm):
    version = VersionField()


class StrategyNotesForm(forms.Form):
    notes = forms.CharField(
        label=_("Legal strategy notes"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )
    version = VersionField()


class StageForm(InlineForm):
    id_prefix = "stage"
    stage = forms.ChoiceField(label=_("Next stage"), choices=Stage.choices)
    happened_on = _date(_("Date"), today=True)
    version = VersionField()


class CloseLegalCaseForm(InlineForm):
    id_prefix = "close"
    outcome = forms.ChoiceField(label=_("How it ended"), choices=ClosingOutcome.choices)
    closed_on = _date(_("Closed on"), today=True)
    version = VersionField()


class LinkSurvivorForm(InlineForm):
    id_prefix = "party"
    case_number = forms.CharField(label=_("Survivor's case number"), max_length=40)
    role = forms.ChoiceField(label=_("She is involved as"), choices=PartyRole.choices)


class AccusedForm(InlineForm):
    id_prefix = "accused"
    given_name = forms.CharField(label=_("Given name"), max_length=200, required=False)
    family_name = forms.CharField(label=_("Family name"), max_length=200, required=False)
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, initial=Sex.UNKNOWN)
    role = forms.ChoiceField(label=_("Role in the trafficking"), choices=AccusedRole.choices)

    def person(self) -> PersonDetails:
        data = self.cleaned_data
        return PersonDetails(
            given_name=data["given_name"], family_name=data["family_name"], sex=data["sex"]
        )


class ArrestForm(forms.Form):
    arrested_on = _date(_("Arrested on"), today=True)
    agency = forms.CharField(label=_("Arresting agency"), max_length=200)


class BailForm(forms.Form):
    decided_on = _date(_("Decided on"), today=True)
    granted = forms.TypedChoiceField(
        label=_("Bail"),
        choices=[("yes", _("Bail granted")), ("no", _("Bail refused"))],
        coerce=lambda value: value == "yes",
    )


class ChargeForm(forms.Form):
    law_section = forms.CharField(label=_("Law and section"), max_length=200)
    framed_on = _date(_("Framed on"), required=False)


class VerdictForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Verdict"), choices=VerdictOutcome.choices)
    decided_on = _date(_("Date of the verdict"), today=True)
    sentence_years = forms.IntegerField(
        label=_("Sentence: years"), min_value=0, max_value=99, required=False
    )
    sentence_months = forms.IntegerField(
        label=_("Sentence: months"), min_value=0, max_value=11, required=False
    )
    fine = forms.DecimalField(
        label=_("Fine"), min_value=0, max_digits=14, decimal_places=2, required=False
    )
    fine_currency = forms.CharField(
        label=_("Currency"), max_length=3, required=False, help_text=_("For example BDT")
    )

    def sentence(self) -> services.Sentence:
        data = self.cleaned_data
        return services.Sentence(
            years=data["sentence_years"],
            months=data["sentence_months"],
            fine=data["fine"],
            fine_currency=data["fine_currency"] or "",
        )


class HearingResultFields(forms.Form):
    status = forms.ChoiceField(label=_("What happened"), choices=HearingStatus.choices)
    adjournment_reason = forms.ChoiceField(
        label=_("Why it was adjourned"),
        choices=[("", _("Not adjourned")), *AdjournmentReason.choices],
        required=False,
    )
    outcome = forms.CharField(
        label=_("Notes on the hearing"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=4000,
    )
    next_date = _date(_("Next date"), required=False)

    def result(self) -> services.HearingResult:
        data = self.cleaned_data
        return services.HearingResult(
            status=data["status"],
            outcome=data["outcome"],
            adjournment_reason=data["adjournment_reason"],
            next_date=data["next_date"],
        )


class HearingForm(InlineForm, HearingResultFields):
    """A hearing to come (scheduled), or one that took place."""

    id_prefix = "hearing"
    hearing_on = _date(_("Date of the hearing"), today=True)
    purpose = forms.ChoiceField(label=_("Purpose"), choices=HearingPurpose.choices)
    field_order = ["hearing_on", "purpose", "status"]


class HearingOutcomeForm(HearingResultFields):
    version = VersionField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [  # type: ignore[attr-defined]
            c for c in HearingStatus.choices if c[0] != HearingStatus.SCHEDULED
        ]


class WitnessSupportForm(InlineForm):
    id_prefix = "witness"
    case = forms.ChoiceField(label=_("Witness"))
    support_on = _date(_("Date"), today=True)
    prepared = forms.BooleanField(label=_("Prepared for court"), required=False)
    travel_supported = forms.BooleanField(label=_("Travel arranged"), required=False)
    protection_measures = forms.MultipleChoiceField(
        label=_("Protection measures"),
        choices=ProtectionMeasure.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    attended = forms.TypedChoiceField(
        label=_("Attended"),
        choices=YES_NO_UNKNOWN,
        coerce=lambda value: value == "yes",
        empty_value=None,
        required=False,
    )
    testified = forms.BooleanField(label=_("Testified"), required=False)
    testimony_mode = forms.ChoiceField(
        label=_("How she testified"),
        choices=[("", _("Did not testify")), *TestimonyMode.choices],
        required=False,
    )
    testified_from = forms.ChoiceField(
        label=_("Testified by video from (country)"), choices=COUNTRY_OR_NONE, required=False
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=4000
    )

    def __init__(self, *args: Any, witnesses: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["case"].choices = witnesses  # type: ignore[attr-defined]

    def details(self) -> services.WitnessSupportDetails:
        data = self.cleaned_data
        return services.WitnessSupportDetails(
            support_on=data["support_on"],
            prepared=data["prepared"],
            travel_supported=data["travel_supported"],
            protection_measures=tuple(data["protection_measures"]),
            attended=data["attended"],
            testified=data["testified"],
            testimony_mode=data["testimony_mode"],
            testified_from=data["testified_from"],
            note=data["note"],
        )


class PoliceEngagementForm(InlineForm):
    id_prefix = "police"
    observed_on = _date(_("Observed on"), today=True)
    engagement = forms.ChoiceField(
        label=_("Does she engage with the police investigation?"), choices=Engagement.choices
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=4000
    )


class DeadlineForm(forms.Form):
    country = forms.ChoiceField(label=_("Country"), choices=COUNTRY_CHOICES)
    law = forms.CharField(label=_("Law"), max_length=200)
    section = forms.CharField(label=_("Section"), max_length=50)
    description = forms.CharField(label=_("What the law requires"), max_length=300)
    from_stage = forms.ChoiceField(label=_("Counted from"), choices=Stage.choices)
    until_stage = forms.ChoiceField(label=_("Until"), choices=Stage.choices)
    days = forms.IntegerField(label=_("Days"), min_value=1, max_value=10000)
    working_days = forms.BooleanField(label=_("Counted in working days"), required=False)
    weekmask = forms.CharField(
        label=_("Working week"),
        max_length=7,
        min_length=7,
        initial="1111100",
        help_text=_("Monday to Sunday, 1 a working day: Bangladesh is 1111001."),
    )
    holidays = forms.CharField(
        label=_("Public holidays"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Dates written YYYY-MM-DD, separated by spaces or commas."),
    )
    near_days = forms.IntegerField(
        label=_("Warn this many days before"), min_value=0, max_value=365, initial=30
    )
    effective_from = _date(_("In force from"))
    effective_until = _date(_("In force until"), required=False)
    is_active = forms.BooleanField(label=_("In use"), required=False, initial=True)

    def rule(self) -> services.DeadlineRule:
        data = dict(self.cleaned_data)
        holidays = data.pop("holidays").replace(",", " ").split()
        return services.DeadlineRule(**data, holidays=tuple(holidays))


class BacklogUploadForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    file = forms.FileField(
        label=_("Case list (CSV or XLSX)"),
        help_text=_("The columns are described in the guide; no names are needed."),
    )
    deadline_country = forms.ChoiceField(
        label=_("Statutory limits of"), choices=COUNTRY_CHOICES, initial="BD"
    )
