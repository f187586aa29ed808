"""Forms of the tracing pages. They parse and check input; the services decide the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mukti.accounts.models import Office
from mukti.core.geography import COUNTRY_CHOICES
from mukti.people.forms import NATIONALITY_CHOICES, DateInput, InlineForm
from mukti.people.models import Relationship, Sex
from mukti.people.services import AddressInput, PersonDetails
from mukti.tracing.imports import MAX_FILE_BYTES
from mukti.tracing.matching.records import PersonRecord
from mukti.tracing.models import (
    CandidateKind,
    MissingPersonReport,
    ReportSource,
    ReportStatus,
    ReviewStatus,
    StepKind,
    StepOutcome,
)
from mukti.tracing.selectors import CandidateFilters, ReportFilters

_ANY = [("", _("Any"))]


def _text(label: Any, *, max_length: int = 200, required: bool = False, **extra: Any) -> Any:
    return forms.CharField(label=label, max_length=max_length, required=required, **extra)


def _tel(label: Any) -> Any:
    return _text(label, max_length=30, widget=forms.TextInput(attrs={"type": "tel"}))


class ReportForm(forms.Form):
    """A missing-person report as the police station (or other source) wrote it."""

    office = forms.ModelChoiceField(label=_("Office"), queryset=Office.objects.none())
    source_kind = forms.ChoiceField(
        label=_("Kind of source"), choices=ReportSource.choices, initial=ReportSource.POLICE_STATION
    )
    source_name = _text(
        _("Reporting police station or source"),
        required=True,
        help_text=_("For example: Sharsha police station."),
    )
    source_district = _text(_("District of the source"), max_length=100)
    report_number = _text(_("Report number"), max_length=100, required=True)
    reported_on = forms.DateField(label=_("Reported on"), widget=DateInput())
    given_name = _text(_("Given name"))
    family_name = _text(_("Family name"))
    other_names = _text(
        _("Other names and nicknames"),
        max_length=400,
        help_text=_("Separate several names with a semicolon (;)."),
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, initial=Sex.FEMALE)
    birth_date = forms.DateField(label=_("Date of birth"), widget=DateInput(), required=False)
    estimated_age = forms.IntegerField(
        label=_("Age as reported (if the date of birth is not known)"),
        min_value=0,
        max_value=120,
        required=False,
    )
    nationality = forms.ChoiceField(
        label=_("Nationality"), choices=NATIONALITY_CHOICES, required=False
    )
    phone = _tel(_("The missing person's phone"))
    address_country = forms.ChoiceField(
        label=_("Country of the home address"), choices=COUNTRY_CHOICES, initial="BD"
    )
    division = _text(_("Division / state"), max_length=100)
    district = _text(_("District"), max_length=100)
    subdistrict = _text(_("Sub-district / upazila"))
    village = _text(_("Village / town"))
    father_name = _text(_("Father's name"))
    mother_name = _text(_("Mother's name"))
    last_seen_place = _text(_("Place last seen"), max_length=400)
    last_seen_on = forms.DateField(label=_("Date last seen"), widget=DateInput(), required=False)
    reporter_name = _text(_("Reported by"))
    reporter_relationship = forms.ChoiceField(
        label=_("Reporter's relationship to the missing person"),
        choices=[("", _("Not known")), *Relationship.Kind.choices],
        required=False,
    )
    reporter_phone = _tel(_("Reporter's contact"))

    SECTIONS = (
        (_("The report"), ("office", "source_kind", "source_name", "source_district")),
        (None, ("report_number", "reported_on")),
        (
            _("The missing person"),
            ("given_name", "family_name", "other_names", "sex", "birth_date", "estimated_age"),
        ),
        (None, ("nationality", "phone", "father_name", "mother_name")),
        (
            _("Home address"),
            ("address_country", "division", "district", "subdistrict", "village"),
        ),
        (
            _("Last seen and reported by"),
            ("last_seen_place", "last_seen_on", "reporter_name", "reporter_relationship"),
        ),
        (None, ("reporter_phone",)),
    )

    def __init__(self, *args: Any, offices: QuerySet[Office], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices  # type: ignore[attr-defined]
        if len(offices) == 1:
            self.fields["office"].initial = offices[0]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("birth_date") and data.get("estimated_age") is not None:
            self.add_error(
                "estimated_age", _("Give a date of birth or an estimated age, not both.")
            )
        return data

    def sections(self) -> list[tuple[Any, list[forms.BoundField]]]:
        """Fieldsets of the page: a legend (or None to continue the previous one) and rows."""
        grouped: list[tuple[Any, list[forms.BoundField]]] = []
        for legend, names in self.SECTIONS:
            if legend is None and grouped:
                grouped[-1][1].extend(self[name] for name in names)
            else:
                grouped.append((legend, [self[name] for name in names]))
        return grouped

    def details(self) -> Any:
        from mukti.tracing.services import ReportDetails

        data = self.cleaned_data
        address = AddressInput(
            country=data["address_country"],
            division=data["division"],
            district=data["district"],
            subdistrict=data["subdistrict"],
            village=data["village"],
        )
        person = PersonDetails(
            given_name=data["given_name"],
            family_name=data["family_name"],
            sex=data["sex"],
            birth_date=data["birth_date"],
            estimated_age=data["estimated_age"],
            age_estimated_on=data["reported_on"] if data["estimated_age"] is not None else None,
            nationality=data["nationality"],
            phone=data["phone"],
            address=address,
        )
        return ReportDetails(
            source_kind=data["source_kind"],
            source_name=data["source_name"],
            source_district=data["source_district"],
            report_number=data["report_number"],
            reported_on=data["reported_on"],
            person=person,
            other_names=tuple(n.strip() for n in data["other_names"].split(";") if n.strip()),
            father_name=data["father_name"],
            mother_name=data["mother_name"],
            last_seen_place=data["last_seen_place"],
            last_seen_on=data["last_seen_on"],
            reporter_name=data["reporter_name"],
            reporter_relationship=data["reporter_relationship"],
            reporter_phone=data["reporter_phone"],
        )


class ReportFilterForm(forms.Form):
    q = _text(
        _("Name"),
        max_length=100,
        help_text=_("Any spelling of the missing person's name."),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=_ANY + list(ReportStatus.choices), required=False
    )
    office = forms.ModelChoiceField(
        label=_("Office"), queryset=Office.objects.none(), required=False, empty_label=_("Any")
    )
    reported_from = forms.DateField(label=_("Reported from"), widget=DateInput(), required=False)
    reported_to = forms.DateField(label=_("Reported until"), widget=DateInput(), required=False)

    def __init__(self, *args: Any, offices: QuerySet[Office], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices  # type: ignore[attr-defined]

    def filters(self) -> ReportFilters:
        """The filters given correctly; a wrong one is ignored, not an error page."""
        self.is_valid()
        data = self.cleaned_data
        office = data.get("office")
        return ReportFilters(
            status=data.get("status", ""),
            office_id=str(office.pk) if office else "",
            query=data.get("q", ""),
            reported_from=data.get("reported_from"),
            reported_to=data.get("reported_to"),
        )


class CloseReportForm(InlineForm):
    id_prefix = "close"
    status = forms.ChoiceField(
        label=_("Outcome"),
        choices=[
            (ReportStatus.FOUND, _("Found (for example, she came home)")),
            (ReportStatus.CLOSED, _("Closed (withdrawn, a mistake…)")),
        ],
        widget=forms.RadioSelect,
    )
    closed_on = forms.DateField(label=_("Date"), widget=DateInput(), initial=timezone.localdate)
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReopenReportForm(InlineForm):
    id_prefix = "reopen"
    reason = forms.CharField(
        label=_("Reason for reopening"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class ImportForm(forms.Form):
    office = forms.ModelChoiceField(label=_("Import into office"), queryset=Office.objects.none())
    file = forms.FileField(
        label=_("File"), help_text=_("A CSV (UTF-8) or XLSX file in the documented columns.")
    )

    def __init__(self, *args: Any, offices: QuerySet[Office], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices  # type: ignore[attr-defined]
        if len(offices) == 1:
            self.fields["office"].initial = offices[0]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return upload


class SearchForm(forms.Form):
    """Whatever is known of a person: "Rina, from near Jessore, father Abdul"."""

    given_name = _text(_("Given name"))
    family_name = _text(_("Family name"))
    other_names = _text(_("Other names and nicknames"), max_length=400)
    sex = forms.ChoiceField(
        label=_("Sex"),
        choices=[("", _("Not known")), ("female", _("Female")), ("male", _("Male"))],
        required=False,
    )
    birth_date = forms.DateField(label=_("Date of birth"), widget=DateInput(), required=False)
    age = forms.IntegerField(
        label=_("Age (a guess is fine)"), min_value=0, max_value=120, required=False
    )
    father_name = _text(_("Father's name"))
    mother_name = _text(_("Mother's name"))
    country = forms.ChoiceField(
        label=_("Country"), choices=[("", _("Not known")), *COUNTRY_CHOICES], required=False
    )
    district = _text(_("District"), max_length=100)
    subdistrict = _text(_("Sub-district / upazila"))
    village = _text(_("Village / town"))
    phone = _tel(_("Phone"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        named = ("given_name", "family_name", "other_names", "father_name", "mother_name")
        if not any(data.get(name) for name in named) and not data.get("phone"):
            raise forms.ValidationError(_("Give at least a name or a phone number."))
        return data

    def record(self) -> PersonRecord:
        data = self.cleaned_data

        def text(name: str) -> str | None:
            return (data.get(name) or "").strip() or None

        age = data.get("age")
        return PersonRecord(
            record_id="search",
            given_name=text("given_name"),
            family_name=text("family_name"),
            other_names=text("other_names"),
            sex=text("sex"),
            birth_date=data.get("birth_date"),
            age=age,
            age_reported_on=timezone.localdate() if age is not None else None,
            father_name=text("father_name"),
            mother_name=text("mother_name"),
            country=text("country"),
            district=text("district"),
            subdistrict=text("subdistrict"),
            village=text("village"),
            phone=text("phone"),
        )


class CandidateFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Review"),
        choices=_ANY + list(ReviewStatus.choices),
        required=False,
        initial=ReviewStatus.PENDING,
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=_ANY + list(CandidateKind.choices), required=False
    )
    office = forms.ModelChoiceField(
        label=_("Office"), queryset=Office.objects.none(), required=False, empty_label=_("Any")
    )
    min_score = forms.IntegerField(
        label=_("Probability from (%)"), min_value=0, max_value=100, required=False
    )
    max_score = forms.IntegerField(
        label=_("Probability up to (%)"), min_value=0, max_value=100, required=False
    )
    min_age = forms.IntegerField(label=_("Age from"), min_value=0, max_value=120, required=False)
    max_age = forms.IntegerField(label=_("Age up to"), min_value=0, max_value=120, required=False)
    waiting_days = forms.IntegerField(
        label=_("Waiting at least (days)"), min_value=0, max_value=3650, required=False
    )

    def __init__(self, *args: Any, offices: QuerySet[Office], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices  # type: ignore[attr-defined]

    def filters(self) -> CandidateFilters:
        """Waiting pairs until the user filters; a wrong filter is ignored, not an error."""
        if not self.is_bound:
            return CandidateFilters()
        self.is_valid()
        data = self.cleaned_data
        office = data.get("office")
        status = data.get("status", "")

        def share(name: str) -> float | None:
            value = data.get(name)
            return None if value is None else value / 100

        return CandidateFilters(
            status=status,
            office_id=str(office.pk) if office else "",
            kind=data.get("kind", ""),
            min_probability=share("min_score"),
            max_probability=share("max_score"),
            min_age=data.get("min_age"),
            max_age=data.get("max_age"),
            waiting_days=data.get("waiting_days"),
        )


class ReviewForm(InlineForm):
    id_prefix = "review"
    decision = forms.ChoiceField(
        label=_("Your decision"),
        choices=[
            (ReviewStatus.CONFIRMED, _("Confirm: the same person")),
            (ReviewStatus.REJECTED, _("Reject: not the same person")),
            (ReviewStatus.UNSURE, _("Unsure: needs more information")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("What convinced you: for example, her mother confirmed by phone."),
    )
    decided_on = forms.DateField(
        label=_("Date of the decision"), widget=DateInput(), initial=timezone.localdate
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class TracingRequestForm(InlineForm):
    id_prefix = "tracing"
    family_sought = forms.CharField(
        label=_("Family members sought"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        help_text=_("Who we are looking for: for example, her mother and her elder brother."),
    )
    last_known_address = forms.CharField(
        label=_("Last known address of the family"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
    )
    opened_on = forms.DateField(
        label=_("Tracing started on"), widget=DateInput(), initial=timezone.localdate
    )
    report = forms.ModelChoiceField(
        label=_("Missing-person report"),
        queryset=MissingPersonReport.objects.none(),
        required=False,
        empty_label=_("None"),
    )

    def __init__(self, *args: Any, reports: list[MissingPersonReport], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["report"].queryset = MissingPersonReport.objects.filter(  # type: ignore[attr-defined]
            pk__in=[r.pk for r in reports]
        )


class TracingStepForm(InlineForm):
    id_prefix = "step"
    kind = forms.ChoiceField(label=_("Step"), choices=StepKind.choices)
    happened_on = forms.DateField(label=_("Date"), widget=DateInput(), initial=timezone.localdate)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=StepOutcome.choices)
    agency = _text(
        _("With or through"), help_text=_("For example: Police Special Branch, a partner.")
    )
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000, required=False
    )

    def __init__(self, *args: Any, request_id: Any = None, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"step-{request_id}" if request_id else None)
        super().__init__(*args, **kwargs)


class ReunificationForm(InlineForm):
    id_prefix = "reunite"
    reunited_on = forms.DateField(
        label=_("Reunited on"), widget=DateInput(), initial=timezone.localdate
    )
    summary = forms.CharField(
        label=_("Summary"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=4000,
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, request_id: Any = None, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"reunite-{request_id}" if request_id else None)
        super().__init__(*args, **kwargs)


class CloseTracingForm(InlineForm):
    id_prefix = "stop"
    closed_on = forms.DateField(label=_("Date"), widget=DateInput(), initial=timezone.localdate)
    outcome = forms.CharField(
        label=_("Why tracing stops"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, request_id: Any = None, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"stop-{request_id}" if request_id else None)
        super().__init__(*args, **kwargs)
