"""Forms of the aftercare panels. They parse and check input; the services decide the rules.

Every panel shares the case page with the others, so each form's ids carry its own prefix.
Edit forms carry the version the user saw, so that a later save by someone else is noticed.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mukti.accounts.models import User
from mukti.accounts.permissions import case_allows
from mukti.accounts.roles import Action, Section
from mukti.accounts.selectors import users_in_offices
from mukti.aftercare import dass21
from mukti.aftercare.models import (
    CURRENCY_OF_COUNTRY,
    DOMAIN_FIELDS,
    SERVICE_SECTIONS,
    Currency,
    Domain,
    FollowUpKind,
    FollowUpOutcome,
    GoalStatus,
    IncomeSource,
    NeedLevel,
    PeerMentorMatch,
    RecoveryInstrument,
    ReintegrationStage,
    ReliefKind,
    ServiceKind,
    ServiceStatus,
)
from mukti.aftercare.services import NeedInput, ServiceDetails
from mukti.cases.models import Case
from mukti.people.forms import DateInput, InlineForm


def _notes(label: Any = None, *, required: bool = False) -> forms.CharField:
    return forms.CharField(
        label=label or _("Notes"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=required,
        max_length=4000,
    )


def _date(label: Any, *, required: bool = True, today: bool = False, **kwargs: Any) -> Any:
    return forms.DateField(
        label=label,
        widget=DateInput(),
        required=required,
        initial=timezone.localdate if today else None,
        **kwargs,
    )


def _blank_first(choices: list[tuple[str, Any]], label: Any) -> list[tuple[str, Any]]:
    return [("", label), *choices]


class Versioned(forms.Form):
    """The version of the record the user saw when they opened the edit form."""

    version = forms.IntegerField(widget=forms.HiddenInput)


def currency_of(case: Case) -> str:
    return CURRENCY_OF_COUNTRY.get(case.office.country, Currency.USD)


# --- care plans ----------------------------------------------------------------------------


class CarePlanForm(InlineForm):
    """The needs assessment across the six domains, and the plan's dates."""

    id_prefix = "care_plan"
    agreed_on = _date(_("Agreed with the survivor on"), today=True)
    review_on = _date(_("Review due on"))
    summary = _notes(_("Summary of the plan"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for domain in Domain:
            self.fields[f"{domain.value}_level"] = forms.ChoiceField(
                label=_("%(domain)s: level of need") % {"domain": domain.label},
                choices=NeedLevel.choices,
                initial=NeedLevel.NONE,
            )
            self.fields[f"{domain.value}_needs"] = forms.CharField(
                label=_("%(domain)s: needs") % {"domain": domain.label},
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                max_length=2000,
            )

    def needs(self) -> list[NeedInput]:
        data = self.cleaned_data
        return [
            NeedInput(domain, data[f"{domain}_level"], data[f"{domain}_needs"])
            for domain in Domain.values
        ]

    def plan_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "agreed_on": data["agreed_on"],
            "review_on": data["review_on"],
            "summary": data["summary"],
            "needs": self.needs(),
        }

    @staticmethod
    def initial_from(plan: Any) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "agreed_on": plan.agreed_on,
            "review_on": plan.review_on,
            "summary": plan.summary,
            "version": plan.version,
        }
        for need in plan.needs.all():
            initial[f"{need.domain}_level"] = need.level
            initial[f"{need.domain}_needs"] = need.description
        return initial


class CarePlanEditForm(Versioned, CarePlanForm):
    id_prefix = "care_plan_edit"


class OwnerChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.full_name or obj.email)


def care_staff(case: Case) -> list[Any]:
    """Staff of the case's office who work on its care (possible goal owners)."""
    staff = users_in_offices(office_ids={case.office_id}).order_by("full_name")
    return [user for user in staff if case_allows(user, Action.RECORD_CARE, case)]


class GoalForm(InlineForm):
    id_prefix = "goal"
    domain = forms.ChoiceField(label=_("Domain"), choices=Domain.choices)
    description = forms.CharField(
        label=_("Goal"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    owner = OwnerChoiceField(label=_("Owner"), queryset=User.objects.none())
    target_on = _date(_("Target date"))

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ids = [user.pk for user in care_staff(case)]
        owner: Any = self.fields["owner"]
        owner.queryset = User.objects.filter(pk__in=ids).order_by("full_name")


class GoalEditForm(Versioned, GoalForm):
    id_prefix = "goal_edit"
    status = forms.ChoiceField(label=_("Status"), choices=GoalStatus.choices)


class ReviewForm(InlineForm):
    id_prefix = "review"
    reviewed_on = _date(_("Reviewed on"), today=True)
    next_review_on = _date(_("Next review due on"))
    notes = _notes(_("What the review found"))


class ReviewEditForm(Versioned, InlineForm):
    id_prefix = "review_edit"
    notes = _notes(_("What the review found"))


# --- services ------------------------------------------------------------------------------


def service_kinds(sections: set[str]) -> list[tuple[str, Any]]:
    """The services the user may record: counselling and medical care only with their
    section."""
    return [
        (value, label)
        for value, label in ServiceKind.choices
        if str(SERVICE_SECTIONS.get(value, Section.GENERAL)) in sections  # type: ignore[call-overload]
    ]


class ServiceForm(InlineForm):
    id_prefix = "service"
    kind = forms.ChoiceField(label=_("Service"))
    relief = forms.ChoiceField(
        label=_("Kind of relief (emergency relief only)"),
        choices=_blank_first(ReliefKind.choices, _("Not emergency relief")),
        required=False,
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[c for c in ServiceStatus.choices if c[0] != ServiceStatus.CANCELLED],
        widget=forms.RadioSelect,
        initial=ServiceStatus.DELIVERED,
    )
    due_on = _date(_("Due on (if planned)"), required=False)
    delivered_on = _date(_("Delivered on"), required=False)
    provider = forms.CharField(
        label=_("Provider"),
        max_length=200,
        required=False,
        help_text=_("An organisation, clinic or trainer; not the survivor's name."),
    )
    cost = forms.DecimalField(
        label=_("Cost"), min_value=0, max_digits=12, decimal_places=2, required=False
    )
    currency = forms.ChoiceField(label=_("Currency"), choices=Currency.choices, required=False)
    household_size = forms.IntegerField(
        label=_("People in the household (emergency relief)"),
        min_value=1,
        max_value=60,
        required=False,
    )
    people_reached = forms.IntegerField(
        label=_("Household members reached"), min_value=1, max_value=60, required=False
    )
    notes = _notes()

    def __init__(self, *args: Any, case: Case, sections: set[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind: Any = self.fields["kind"]
        kind.choices = service_kinds(sections)
        self.fields["currency"].initial = currency_of(case)
        if not self.is_bound:
            self.fields["delivered_on"].initial = timezone.localdate

    def details(self) -> ServiceDetails:
        data = self.cleaned_data
        delivered = data["status"] == ServiceStatus.DELIVERED
        return ServiceDetails(
            kind=data["kind"],
            status=data["status"],
            due_on=data["due_on"],
            delivered_on=data["delivered_on"] if delivered else None,
            provider=data["provider"],
            cost=data["cost"],
            currency=data["currency"] if data["cost"] is not None else "",
            notes=data["notes"],
            relief=data["relief"],
            people_reached=data["people_reached"],
            household_size=data["household_size"],
        )

    @staticmethod
    def initial_from(service: Any) -> dict[str, Any]:
        fields = ("kind", "relief", "status", "due_on", "delivered_on", "provider", "cost")
        initial = {name: getattr(service, name) for name in fields}
        initial.update(
            currency=service.currency or None,
            notes=service.notes,
            people_reached=service.people_reached,
            household_size=service.household.size if service.household else None,
            version=service.version,
        )
        return initial


class ServiceEditForm(Versioned, ServiceForm):
    id_prefix = "service_edit"


class CancelForm(InlineForm):
    id_prefix = "cancel"
    reason = forms.CharField(label=_("Why it is cancelled"), max_length=1000, required=False)


# --- follow-ups ----------------------------------------------------------------------------


class PlanFollowUpForm(InlineForm):
    id_prefix = "follow_up_plan"
    kind = forms.ChoiceField(label=_("Kind"), choices=FollowUpKind.choices)
    due_on = _date(_("Due on"))
    notes = _notes(_("What to ask about"))


class RecordFollowUpForm(InlineForm):
    id_prefix = "follow_up_done"
    kind = forms.ChoiceField(label=_("Kind"), choices=FollowUpKind.choices)
    done_on = _date(_("Done on"), today=True)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=FollowUpOutcome.choices)
    notes = _notes()


class FollowUpEditForm(Versioned, InlineForm):
    """A planned follow-up's kind and due date; giving the date done and the outcome marks it
    done. A done follow-up's kind, date and outcome."""

    id_prefix = "follow_up_edit"
    kind = forms.ChoiceField(label=_("Kind"), choices=FollowUpKind.choices)
    due_on = _date(_("Due on"), required=False)
    done_on = _date(_("Done on"), required=False)
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=_blank_first(FollowUpOutcome.choices, _("Not done yet")),
        required=False,
    )
    notes = _notes()

    def __init__(self, *args: Any, planned: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.planned = planned
        if planned:
            self.fields["done_on"].help_text = _("Fill in with the outcome once it is done.")
        else:
            del self.fields["due_on"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("done_on")) != bool(data.get("outcome")):
            self.add_error("outcome", _("Give both the date it was done and the outcome."))
        return data

    @staticmethod
    def initial_from(follow_up: Any) -> dict[str, Any]:
        fields = ("kind", "due_on", "done_on", "outcome", "notes", "version")
        return {name: getattr(follow_up, name) for name in fields}


# --- assessments ---------------------------------------------------------------------------


def _item_label(number: int) -> Any:
    subscale = next(s for s, items in dass21.SUBSCALE_ITEMS.items() if number in items)
    return _("Item %(number)s (%(subscale)s)") % {
        "number": number,
        "subscale": dass21.Subscale(subscale).label,
    }


class Dass21Form(InlineForm):
    """The 21 answers as the survivor gave them on the form (each 0 to 3)."""

    id_prefix = "dass21"
    assessed_on = _date(_("Assessed on"), today=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for number in range(1, dass21.ITEMS + 1):
            self.fields[f"item_{number}"] = forms.IntegerField(
                label=_item_label(number),
                min_value=dass21.ITEM_MIN,
                max_value=dass21.ITEM_MAX,
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "item"}),
            )
        self.fields["notes"] = _notes()

    def items(self) -> list[int]:
        return [self.cleaned_data[f"item_{n}"] for n in range(1, dass21.ITEMS + 1)]

    def item_fields(self) -> list[forms.BoundField]:
        return [self[f"item_{n}"] for n in range(1, dass21.ITEMS + 1)]

    @staticmethod
    def initial_from(assessment: Any) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "assessed_on": assessment.assessed_on,
            "notes": assessment.notes,
            "version": assessment.version,
        }
        for number, value in enumerate(assessment.items, start=1):
            initial[f"item_{number}"] = value
        return initial


class Dass21EditForm(Versioned, Dass21Form):
    id_prefix = "dass21_edit"


class RecoveryForm(InlineForm):
    """A score per domain, on the current instrument's scale."""

    id_prefix = "recovery"
    assessed_on = _date(_("Assessed on"), today=True)

    def __init__(self, *args: Any, instrument: RecoveryInstrument, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scale = [(n, str(n)) for n in range(instrument.scale_min, instrument.scale_max + 1)]
        for name in DOMAIN_FIELDS:
            self.fields[name] = forms.TypedChoiceField(
                label=Domain(name).label, choices=scale, coerce=int
            )
        self.fields["notes"] = _notes()

    def scores(self) -> dict[str, int]:
        return {name: self.cleaned_data[name] for name in DOMAIN_FIELDS}

    @staticmethod
    def initial_from(assessment: Any) -> dict[str, Any]:
        return {
            "assessed_on": assessment.assessed_on,
            "notes": assessment.notes,
            "version": assessment.version,
            **assessment.scores(),
        }


class RecoveryEditForm(Versioned, RecoveryForm):
    id_prefix = "recovery_edit"


# --- income --------------------------------------------------------------------------------


class IncomeForm(InlineForm):
    id_prefix = "income"
    recorded_on = _date(_("Date"), today=True)
    amount_per_month = forms.DecimalField(
        label=_("Household income per month"), min_value=0, max_digits=12, decimal_places=2
    )
    currency = forms.ChoiceField(label=_("Currency"), choices=Currency.choices)
    sources = forms.MultipleChoiceField(
        label=_("Sources of income"),
        choices=IncomeSource.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    notes = _notes()

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["currency"].initial = currency_of(case)

    @staticmethod
    def initial_from(record: Any) -> dict[str, Any]:
        fields = ("recorded_on", "amount_per_month", "currency", "sources", "notes", "version")
        return {name: getattr(record, name) for name in fields}


class IncomeEditForm(Versioned, IncomeForm):
    id_prefix = "income_edit"


# --- reintegration -------------------------------------------------------------------------


class StageForm(InlineForm):
    id_prefix = "stage"
    stage = forms.ChoiceField(label=_("Stage reached"), choices=ReintegrationStage.choices)
    reached_on = _date(_("Reached on"), today=True)
    reason = _notes(_("Reason (needed for a step back)"))


class StageEditForm(Versioned, InlineForm):
    id_prefix = "stage_edit"
    reached_on = _date(_("Reached on"))
    reason = _notes(_("Reason (needed for a step back)"))

    @staticmethod
    def initial_from(transition: Any) -> dict[str, Any]:
        return {
            "reached_on": transition.reached_on,
            "reason": transition.reason,
            "version": transition.version,
        }


# --- peer mentoring ------------------------------------------------------------------------


class TrainMentorForm(InlineForm):
    id_prefix = "mentor"
    trained_on = _date(_("Trained as a peer mentor on"), today=True)
    notes = _notes()


class MentorEditForm(Versioned, TrainMentorForm):
    id_prefix = "mentor_edit"

    @staticmethod
    def initial_from(mentor: Any) -> dict[str, Any]:
        return {"trained_on": mentor.trained_on, "notes": mentor.notes, "version": mentor.version}


class MatchForm(InlineForm):
    id_prefix = "match"
    mentee = forms.CharField(
        label=_("Mentee's case number"),
        max_length=40,
        help_text=_("For example BD-KHU-2026-0042."),
    )
    matched_on = _date(_("Matched on"), today=True)


class EndMatchForm(Versioned, InlineForm):
    id_prefix = "match_end"
    ended_on = _date(_("Mentoring ended on"), today=True)

    @staticmethod
    def initial_from(match: Any) -> dict[str, Any]:
        return {"ended_on": match.ended_on or timezone.localdate(), "version": match.version}


class MatchChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(
            _("Match of %(day)s (mentee %(number)s)")
            % {"day": obj.matched_on.isoformat(), "number": obj.case.number}
        )


class SessionForm(InlineForm):
    id_prefix = "session"
    match = MatchChoiceField(label=_("Which match"), queryset=PeerMentorMatch.objects.none())
    held_on = _date(_("Held on"), today=True)
    notes = _notes()

    def __init__(self, *args: Any, matches: QuerySet[PeerMentorMatch], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        match: Any = self.fields["match"]
        match.queryset = matches
        if len(matches) == 1:
            match.initial = matches[0].pk


class SessionEditForm(Versioned, InlineForm):
    id_prefix = "session_edit"
    held_on = _date(_("Held on"))
    notes = _notes()

    @staticmethod
    def initial_from(session: Any) -> dict[str, Any]:
        return {"held_on": session.held_on, "notes": session.notes, "version": session.version}


# --- re-trafficking ------------------------------------------------------------------------


class ReTraffickingForm(InlineForm):
    id_prefix = "re_trafficking"
    happened_on = _date(_("Date it happened"))
    details = _notes(_("What happened"), required=True)


class ReTraffickingEditForm(Versioned, ReTraffickingForm):
    id_prefix = "re_trafficking_edit"

    @staticmethod
    def initial_from(incident: Any) -> dict[str, Any]:
        return {
            "happened_on": incident.happened_on,
            "details": incident.details,
            "version": incident.version,
        }
