"""The indicators, defined once: a stable code, a name, the exact rule, the unit, how each one
is counted and how it breaks down. Reports, targets, partner templates, the API and the CLI
all read this registry; nothing else defines what a number means.

Three kinds of rule:
- `EventCount`: survivors (or events) on the case timeline, dated in the period; optionally
  only the events whose domain record qualifies (a livelihood service, an advanced stage…),
  which that domain app's selectors say.
- `Share`: one count of survivors as a percentage of another.
- `ActivityTotal`: a total kept by another app that is not about survivors (participants in
  prevention sessions, arrests of accused, campaign reach), read through its selectors.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mukti.cases.models import EventKind

K = EventKind

# Breakdown dimensions, in the order reports show them.
OFFICE, COUNTRY, STRATEGY, SEX, AGE_GROUP = "office", "country", "strategy", "sex", "age_group"
ALL_BREAKDOWNS = (OFFICE, COUNTRY, STRATEGY, SEX, AGE_GROUP)
PLACE_BREAKDOWNS = (OFFICE, COUNTRY, STRATEGY)

BREAKDOWN_LABELS = {
    OFFICE: _("Office"),
    COUNTRY: _("Country"),
    STRATEGY: _("Strategy"),
    SEX: _("Sex"),
    AGE_GROUP: _("Age group"),
}

# Age in whole years at the date of the event that counted; None is the open top.
AGE_GROUPS: tuple[tuple[str, int, int | None], ...] = (
    ("0-11", 0, 11),
    ("12-17", 12, 17),
    ("18-24", 18, 24),
    ("25-39", 25, 39),
    ("40+", 40, None),
)
AGE_UNKNOWN = "unknown"
AGE_GROUP_LABELS = {
    "0-11": _("0–11"),
    "12-17": _("12–17"),
    "18-24": _("18–24"),
    "25-39": _("25–39"),
    "40+": _("40 and over"),
    AGE_UNKNOWN: _("Age not known"),
}
SEX_NOT_REPORTED = "not_reported"

# Care events: any of these dated in the period means the survivor was cared for in it.
CARE_EVENTS = (
    K.SHELTERED,
    K.CARE_PLAN,
    K.SERVICE_DELIVERED,
    K.FOLLOW_UP,
    K.ASSESSMENT,
    K.PEER_MENTORING,
    K.REINTEGRATION_STAGE,
)
PROSECUTION_EVENTS = (K.LEGAL_CASE_FILED, K.HEARING, K.TESTIFIED, K.VERDICT)


class Unit:
    SURVIVORS = "survivors"
    EVENTS = "contacts"
    CASES = "cases"
    PEOPLE = "people"
    HOUSEHOLDS = "households"
    PERCENT = "percent"


UNIT_LABELS = {
    Unit.SURVIVORS: _("survivors"),
    Unit.EVENTS: _("contacts"),
    Unit.CASES: _("cases"),
    Unit.PEOPLE: _("people"),
    Unit.HOUSEHOLDS: _("households"),
    Unit.PERCENT: _("per cent"),
}


@dataclass(frozen=True)
class Detail:
    """Only events whose domain record qualifies count. The domain app answers, through
    `mukti.<app>.selectors.<function>()`, a queryset of the qualifying records' ids."""

    app: str
    function: str

    @property
    def needs(self) -> str:
        return f"mukti.{self.app}.selectors.{self.function}"


@dataclass(frozen=True)
class EventCount:
    kinds: tuple[str, ...]
    # "survivors": distinct survivors; "events": every event counts.
    count: str = "survivors"
    detail: Detail | None = None
    # Only survivors under this age (in whole years) at the event's date.
    under_age: int | None = None


@dataclass(frozen=True)
class Share:
    """numerator / denominator as a percentage.

    - `population_ever`: survivors in `population` (events in the period) who also have one
      of `ever_kinds` on or before the period's end;
    - otherwise: survivors with one of `event_kinds` in the period, among those in
      `population` or with `event_kinds` in the period.
    """

    population: tuple[str, ...]
    ever_kinds: tuple[str, ...] = ()
    event_kinds: tuple[str, ...] = ()


@dataclass(frozen=True)
class ActivityTotal:
    """A total from another app's records, by office (see sources.py for how each is read)."""

    source: str

    @property
    def needs(self) -> str:
        from mukti.impact.sources import needs

        return needs(self.source)


Rule = EventCount | Share | ActivityTotal


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str | Promise
    rule_text: str | Promise
    unit: str
    rule: Rule
    headline: bool = False
    # Whether a partner in joint operations reports it in its submission.
    partner_reports: bool = False
    breakdowns: tuple[str, ...] = ALL_BREAKDOWNS
    # A line of the report's text that this indicator backs, for the reader.
    notes: tuple[str | Promise, ...] = field(default_factory=tuple)

    @property
    def is_share(self) -> bool:
        return isinstance(self.rule, Share)

    @property
    def counts_distinct_survivors(self) -> bool:
        return isinstance(self.rule, EventCount) and self.rule.count == "survivors"

    @property
    def needs(self) -> str:
        """The domain selector this indicator waits for, or "" if it needs none."""
        rule = self.rule
        if isinstance(rule, ActivityTotal):
            return rule.needs
        if isinstance(rule, EventCount) and rule.detail is not None:
            return rule.detail.needs
        return ""


INDICATORS: tuple[Indicator, ...] = (
    # --- the eight headline indicators of the six-month report ---------------------------
    Indicator(
        code="victims_removed",
        name=_("Victims removed from exploitation"),
        rule_text=_(
            "Distinct survivors with a removed-from-exploitation event dated in the period."
        ),
        unit=Unit.SURVIVORS,
        rule=EventCount(kinds=(K.REMOVED_FROM_EXPLOITATION,)),
        headline=True,
        partner_reports=True,
    ),
    Indicator(
        code="survivors_cared_for",
        name=_("Survivors cared for"),
        rule_text=_(
            "Distinct survivors with at least one care event dated in the period: sheltered, "
            "care plan agreed or reviewed, service delivered, follow-up, assessment, peer "
            "mentoring or reintegration stage reached."
        ),
        unit=Unit.SURVIVORS,
        rule=EventCount(kinds=CARE_EVENTS),
        headline=True,
        partner_reports=True,
    ),
    Indicator(
        code="survivors_repatriated",
        name=_("Survivors repatriated"),
        rule_text=_("Distinct survivors with a repatriated event dated in the period."),
        unit=Unit.SURVIVORS,
        rule=EventCount(kinds=(K.REPATRIATED,)),
        headline=True,
        partner_reports=True,
    ),
    Indicator(
        code="prevention_education",
        name=_("Vulnerable people receiving prevention education"),
        rule_text=_(
            "Participants in awareness sessions done in the period (each session's number of "
            "participants, added up); a session counts in the period that holds its last day."
        ),
        unit=Unit.PEOPLE,
        rule=ActivityTotal(source="people_educated"),
        headline=True,
        partner_reports=True,
        breakdowns=PLACE_BREAKDOWNS,
    ),
    Indicator(
        code="traffickers_arrested",
        name=_("Accused traffickers arrested"),
        rule_text=_("Distinct accused persons with an arrest dated in the period."),
        unit=Unit.PEOPLE,
        rule=ActivityTotal(source="accused_arrested"),
        headline=True,
        partner_reports=True,
        breakdowns=PLACE_BREAKDOWNS,
    ),
    Indicator(
        code="prosecutions_supported",
        name=_("Prosecutions of exploiters supported"),
        rule_text=_(
            "Distinct survivors with a legal-case-filed, court hearing, testified or verdict "
            "event dated in the period: the prosecution of each survivor's exploiters is "
            "counted once."
        ),
        unit=Unit.CASES,
        rule=EventCount(kinds=PROSECUTION_EVENTS),
        headline=True,
        partner_reports=True,
    ),
    Indicator(
        code="exploiters_convicted",
        name=_("Exploiters convicted"),
        rule_text=_("Distinct accused persons convicted by a verdict dated in the period."),
        unit=Unit.PEOPLE,
        rule=ActivityTotal(source="accused_convicted"),
        headline=True,
        partner_reports=True,
        breakdowns=PLACE_BREAKDOWNS,
    ),
    Indicator(
        code="professionals_trained",
        name=_("Frontline professionals trained"),
        rule_text=_(
            "Participants in trainings of frontline professionals (police, border guards, "
            "prosecutors, social workers, labour inspectors) done in the period."
        ),
        unit=Unit.PEOPLE,
        rule=ActivityTotal(source="professionals_trained"),
        headline=True,
        partner_reports=True,
        breakdowns=PLACE_BREAKDOWNS,
    ),
    # --- the measures the report's text relies on -----------------------------------------
    Indicator(
        code="police_engagement_share",
        name=_("Survivors engaging with police investigations"),
        rule_text=_(
            "Of the survivors cared for in the period, the percentage who have an "
            "engaged-with-police event dated on or before the period's end."
        ),
        unit=Unit.PERCENT,
        rule=Share(population=CARE_EVENTS, ever_kinds=(K.ENGAGED_WITH_POLICE,)),
    ),
    Indicator(
        code="re_trafficking_rate",
        name=_("Re-trafficking rate"),
        rule_text=_(
            "Survivors with a re-trafficked event dated in the period, as a percentage of "
            "the survivors cared for or re-trafficked in the period."
        ),
        unit=Unit.PERCENT,
        rule=Share(population=CARE_EVENTS, event_kinds=(K.RE_TRAFFICKED,)),
    ),
    Indicator(
        code="advanced_recovery",
        name=_("Survivors at an advanced stage of recovery"),
        rule_text=_(
            "Distinct survivors with a reintegration-stage event dated in the period whose "
            "stage is one of the advanced stages of the recovery pathway."
        ),
        unit=Unit.SURVIVORS,
        rule=EventCount(
            kinds=(K.REINTEGRATION_STAGE,),
            detail=Detail(app="aftercare", function="advanced_stage_record_ids"),
        ),
    ),
    Indicator(
        code="livelihood_support",
        name=_("Survivors given livelihood support"),
        rule_text=_(
            "Distinct survivors with a livelihood service (help to start a business, a job "
            "placement or vocational training) delivered in the period."
        ),
        unit=Unit.SURVIVORS,
        rule=EventCount(
            kinds=(K.SERVICE_DELIVERED,),
            detail=Detail(app="aftercare", function="livelihood_service_ids"),
        ),
    ),
    Indicator(
        code="income_rise_30",
        name=_("Survivors whose household income rose by more than 30%"),
        rule_text=_(
            "Distinct survivors with a household income recorded in the period that is more "
            "than 30% above the first household income recorded for them."
        ),
        unit=Unit.SURVIVORS,
        rule=EventCount(
            kinds=(K.INCOME_RECORDED,),
            detail=Detail(app="aftercare", function="income_rise_record_ids"),
        ),
    ),
    Indicator(
        code="emergency_relief_households",
        name=_("Survivor households given emergency relief"),
        rule_text=_(
            "Distinct survivors (one household each) given emergency relief (food, "
            "medicines, hygiene supplies, shelter repair) in the period."
        ),
        unit=Unit.HOUSEHOLDS,
        rule=EventCount(
            kinds=(K.SERVICE_DELIVERED,),
            detail=Detail(app="aftercare", function="emergency_relief_service_ids"),
        ),
    ),
    Indicator(
        code="follow_up_contacts",
        name=_("Follow-up contacts"),
        rule_text=_(
            "Follow-up events dated in the period; every contact counts. A survivor's "
            "contacts are counted in the office and age group of their first one in the period."
        ),
        unit=Unit.EVENTS,
        rule=EventCount(kinds=(K.FOLLOW_UP,), count="events"),
    ),
    Indicator(
        code="survivors_followed_up",
        name=_("Survivors followed up"),
        rule_text=_("Distinct survivors with a follow-up event dated in the period."),
        unit=Unit.SURVIVORS,
        rule=EventCount(kinds=(K.FOLLOW_UP,)),
    ),
    Indicator(
        code="campaign_reach",
        name=_("People reached by campaigns"),
        rule_text=_(
            "The reach of campaigns (television, radio, online, printed) done in the period, "
            "added up, counting only reach verified by a survey, focus groups, broadcaster "
            "figures or platform analytics (not an estimate alone)."
        ),
        unit=Unit.PEOPLE,
        rule=ActivityTotal(source="campaign_reach_verified"),
        breakdowns=PLACE_BREAKDOWNS,
    ),
    # --- the log-frame's measures ---------------------------------------------------------
    Indicator(
        code="improved_knowledge",
        name=_("Vulnerable people with improved knowledge"),
        rule_text=_(
            "Participants in awareness sessions done in the period whose knowledge score after "
            "the session was higher than before it (as each session recorded it)."
        ),
        unit=Unit.PEOPLE,
        rule=ActivityTotal(source="people_improved"),
        breakdowns=PLACE_BREAKDOWNS,
    ),
    Indicator(
        code="border_guards_trained",
        name=_("Border guards trained"),
        rule_text=_("Participants in trainings of border guards done in the period."),
        unit=Unit.PEOPLE,
        rule=ActivityTotal(source="border_guards_trained"),
        breakdowns=PLACE_BREAKDOWNS,
    ),
    Indicator(
        code="survivors_out_of_risk",
        name=_("Survivors out of the at-risk category"),
        rule_text=_(
            "Distinct survivors with an assessment dated in the period in which every "
            "recovery domain is at or above the stable threshold."
        ),
        unit=Unit.SURVIVORS,
        rule=EventCount(
            kinds=(K.ASSESSMENT,),
            detail=Detail(app="aftercare", function="stable_assessment_ids"),
        ),
    ),
    Indicator(
        code="children_intercepted",
        name=_("Children intercepted"),
        rule_text=_(
            "Distinct survivors under 18 at the event's date with a removed-from-exploitation "
            "event dated in the period that was an interception (stopped before or while "
            "being moved)."
        ),
        unit=Unit.SURVIVORS,
        rule=EventCount(
            kinds=(K.REMOVED_FROM_EXPLOITATION,),
            detail=Detail(app="identification", function="interception_ids"),
            under_age=18,
        ),
    ),
    Indicator(
        code="children_removed",
        name=_("Children removed from exploitation"),
        rule_text=_(
            "Distinct survivors under 18 at the event's date with a removed-from-exploitation "
            "event dated in the period."
        ),
        unit=Unit.SURVIVORS,
        rule=EventCount(kinds=(K.REMOVED_FROM_EXPLOITATION,), under_age=18),
    ),
)

REGISTRY: dict[str, Indicator] = {indicator.code: indicator for indicator in INDICATORS}
HEADLINE = tuple(indicator for indicator in INDICATORS if indicator.headline)
PARTNER_INDICATORS = tuple(indicator for indicator in INDICATORS if indicator.partner_reports)


def indicator(code: str) -> Indicator:
    """The indicator with this code; a ValidationError names an unknown one."""
    try:
        return REGISTRY[code]
    except KeyError:
        raise ValidationError(
            {
                "indicator": gettext("There is no indicator with the code “%(code)s”.")
                % {"code": code}
            }
        ) from None


def indicator_choices() -> list[tuple[str, str | Promise]]:
    return [(item.code, item.name) for item in INDICATORS]


def age_group_of(age: int | None) -> str:
    if age is None or age < 0:
        return AGE_UNKNOWN
    for key, low, high in AGE_GROUPS:
        if age >= low and (high is None or age <= high):
            return key
    return AGE_UNKNOWN
