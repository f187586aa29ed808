"""Reads of prevention work, always scoped to the offices the acting user may read.

Who reads: anyone whose role records prevention work (RECORD_PREVENTION) or reads
aggregates (VIEW_ANALYTICS), in the offices their memberships reach (an organisation-wide
membership reaches every office of the organisation). Nothing here identifies anyone.

Figures for the impact report
-----------------------------
`prevention_figures(user, start=, end=, by=(...))` answers every prevention number of the
report for a period in ONE grouped query over `prevention_activity`:

    SELECT <group columns>, COUNT(*), SUM(participants_total) FILTER (WHERE type = session),
           SUM(participants_total) FILTER (WHERE type = training), SUM(improved_count), ...
    FROM prevention_activity [JOIN accounts_office / prevention_audiencetype for labels]
    WHERE status = 'done' AND counted_on BETWEEN start AND end AND office_id IN (<scope>)
    GROUP BY <group columns>

It uses the index (status, counted_on, office); the participant lists are never read,
because the services store each activity's totals, its number tested and its number who
improved on the activity itself. The rules, stated once:

- an activity counts in the period that holds its last day (`counted_on`: the end date if
  it has one, else its date), and only when it is done (planned and cancelled ones never);
- participants: people at awareness sessions and trainings (`participants`), split into
  people given prevention education (awareness sessions: `people_educated`) and frontline
  professionals trained (trainings: `professionals_trained`, by `profession`);
- people with improved knowledge: the sum of each activity's `improved_count` (participants
  whose score after was higher than before; per participant, or as the activity reported);
  `people_tested` (those tested where improvement is known) is the denominator for the share;
- people reached by campaigns: the sum of the reach of done campaigns (`people_reached`),
  and the part backed by a survey, focus groups, broadcaster figures or platform analytics
  rather than an estimate alone (`people_reached_verified`).

Breakdowns (`by`) are any of: office, office_country, strategy (direct or joint), country
(where the activity took place), activity_type, audience_type, profession, channel.
`activities_behind(...)` returns the activities a number is made of, for drill-downs.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from mukti.accounts.models import Office
from mukti.accounts.roles import Action
from mukti.accounts.selectors import offices_allowing, user_may
from mukti.prevention.models import (
    Activity,
    ActivityStatus,
    ActivityType,
    AudienceType,
    Channel,
    Participant,
    Profession,
)

READ_ACTIONS = (Action.RECORD_PREVENTION, Action.VIEW_ANALYTICS)


def may_read_prevention(user: Any) -> bool:
    return any(user_may(user, action) for action in READ_ACTIONS)


def readable_office_ids(user: Any) -> set[Any]:
    """Offices whose prevention work the user may read."""
    office_ids: set[Any] = set()
    for action in READ_ACTIONS:
        if user_may(user, action):
            office_ids |= set(offices_allowing(user, action).values_list("pk", flat=True))
    return office_ids


def offices_readable(user: Any) -> QuerySet[Office]:
    return Office.objects.filter(pk__in=readable_office_ids(user)).order_by("code")


def offices_recordable(user: Any) -> QuerySet[Office]:
    """Offices in which the user may record prevention work."""
    if not user_may(user, Action.RECORD_PREVENTION):
        return Office.objects.none()
    return offices_allowing(user, Action.RECORD_PREVENTION).distinct().order_by("code")


def activities_visible_to(user: Any) -> QuerySet[Activity]:
    return Activity.objects.filter(office_id__in=readable_office_ids(user))


def activity_for(user: Any, *, activity_id: Any) -> Activity:
    """One activity; Activity.DoesNotExist if it is outside the user's offices."""
    return activities_visible_to(user).select_related("office", "audience_type").get(pk=activity_id)


def participants_of(user: Any, *, activity: Activity) -> QuerySet[Participant]:
    """The activity's current list (those taken off it are kept but not shown)."""
    if activity.office_id not in readable_office_ids(user):
        return Participant.objects.none()
    return Participant.objects.filter(activity=activity, removed_at__isnull=True).order_by("code")


def audience_types(*, include: AudienceType | None = None) -> QuerySet[AudienceType]:
    """The audience types offered in forms (and the activity's own, if no longer offered)."""
    offered = Q(is_active=True)
    if include is not None:
        offered |= Q(pk=include.pk)
    return AudienceType.objects.filter(offered)


# --- the list ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ActivityFilters:
    office_id: str = ""
    activity_type: str = ""
    audience_type_id: str = ""
    status: str = ""
    date_from: date | None = None
    date_to: date | None = None


@dataclass(frozen=True)
class ActivityPage:
    activities: list[Activity]
    next_cursor: str | None


def _encode_cursor(activity: Activity) -> str:
    payload = json.dumps([activity.starts_on.isoformat(), str(activity.pk)]).encode()
    return base64.urlsafe_b64encode(payload).decode()


def _decode_cursor(cursor: str) -> tuple[date, str] | None:
    try:
        starts_on, pk = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        return date.fromisoformat(starts_on), str(pk)
    except (ValueError, TypeError):
        return None


def _filtered(activities: QuerySet[Activity], filters: ActivityFilters) -> QuerySet[Activity]:
    if filters.office_id:
        activities = activities.filter(office_id=filters.office_id)
    if filters.activity_type:
        activities = activities.filter(activity_type=filters.activity_type)
    if filters.audience_type_id:
        activities = activities.filter(**{"audience_type_id": filters.audience_type_id})
    if filters.status:
        activities = activities.filter(status=filters.status)
    if filters.date_from:
        activities = activities.filter(starts_on__gte=filters.date_from)
    if filters.date_to:
        activities = activities.filter(starts_on__lte=filters.date_to)
    return activities


def activity_page(user: Any, *, filters: ActivityFilters, cursor: str = "") -> ActivityPage:
    """One page of activities, latest first, paginated by key (date, id), never by counting."""
    activities = _filtered(activities_visible_to(user), filters)
    position = _decode_cursor(cursor) if cursor else None
    if position:
        starts_on, pk = position
        activities = activities.filter(
            Q(starts_on__lt=starts_on) | Q(starts_on=starts_on, pk__lt=pk)
        )
    size = settings.MUKTI_PAGE_SIZE
    page = list(
        activities.select_related("office", "audience_type").order_by("-starts_on", "-id")[
            : size + 1
        ]
    )
    next_cursor = _encode_cursor(page[size - 1]) if len(page) > size else None
    return ActivityPage(activities=page[:size], next_cursor=next_cursor)


# --- figures ----------------------------------------------------------------------------

GROUPINGS = {
    "office": "office__code",
    "office_country": "office__country",
    "strategy": "office__strategy",
    "country": "country",
    "activity_type": "activity_type",
    "audience_type": "audience_type__code",
    "profession": "profession",
    "channel": "channel",
}
MEASURES = (
    "activities",
    "participants",
    "people_educated",
    "professionals_trained",
    "participants_female",
    "participants_male",
    "people_tested",
    "people_improved",
    "people_reached",
    "people_reached_verified",
)
_IN_PERSON = Q(activity_type__in=[ActivityType.AWARENESS_SESSION, ActivityType.TRAINING])


def _aggregates() -> dict[str, Any]:
    campaign = Q(activity_type=ActivityType.CAMPAIGN)
    return {
        "activities": Count("id"),
        "participants": Sum("participants_total", filter=_IN_PERSON),
        "people_educated": Sum(
            "participants_total", filter=Q(activity_type=ActivityType.AWARENESS_SESSION)
        ),
        "professionals_trained": Sum(
            "participants_total", filter=Q(activity_type=ActivityType.TRAINING)
        ),
        "participants_female": Sum("participants_female", filter=_IN_PERSON),
        "participants_male": Sum("participants_male", filter=_IN_PERSON),
        # Only where improvement is known, so that improved / tested is a true share.
        "people_tested": Sum("tested_count", filter=_IN_PERSON & Q(improved_count__isnull=False)),
        "people_improved": Sum("improved_count", filter=_IN_PERSON),
        "people_reached": Sum("reach", filter=campaign),
        "people_reached_verified": Sum("reach", filter=campaign & Q(reach_verified=True)),
    }


@dataclass(frozen=True)
class FigureRow:
    """One line of figures: the group it is for (empty for the total) and its measures."""

    group: dict[str, str]
    activities: int = 0
    participants: int = 0
    people_educated: int = 0
    professionals_trained: int = 0
    participants_female: int = 0
    participants_male: int = 0
    people_tested: int = 0
    people_improved: int = 0
    people_reached: int = 0
    people_reached_verified: int = 0
    labels: dict[str, str] = field(default_factory=dict)

    @property
    def improved_share(self) -> float | None:
        return self.people_improved / self.people_tested if self.people_tested else None


def counted_activities(
    user: Any, *, start: date, end: date, office_ids: Sequence[Any] | None = None
) -> QuerySet[Activity]:
    """Done activities whose last day falls in the period, in the user's offices."""
    if end < start:
        raise ValueError("a period cannot end before it starts")
    readable = readable_office_ids(user)
    if office_ids is not None:
        readable &= set(office_ids)
    return Activity.objects.filter(
        status=ActivityStatus.DONE,
        counted_on__gte=start,
        counted_on__lte=end,
        office_id__in=readable,
    )


def _labels(by: Sequence[str]) -> dict[str, dict[str, str]]:
    """Words for each group value, in the reader's language."""
    labels: dict[str, dict[str, str]] = {}
    from mukti.core.geography import COUNTRY_CHOICES

    countries = {code: str(name) for code, name in COUNTRY_CHOICES}
    for name in by:
        if name == "office":
            labels[name] = {o.code: str(o) for o in Office.objects.all()}
        elif name in ("office_country", "country"):
            labels[name] = countries
        elif name == "strategy":
            labels[name] = {k: str(v) for k, v in Office.Strategy.choices}
        elif name == "activity_type":
            labels[name] = {k: str(v) for k, v in ActivityType.choices}
        elif name == "audience_type":
            labels[name] = {a.code: str(a.label) for a in AudienceType.objects.all()}
        elif name == "profession":
            labels[name] = {k: str(v) for k, v in Profession.choices}
        elif name == "channel":
            labels[name] = {k: str(v) for k, v in Channel.choices}
    return labels


def prevention_figures(
    user: Any,
    *,
    start: date,
    end: date,
    by: Sequence[str] = (),
    office_ids: Sequence[Any] | None = None,
    with_labels: bool = True,
) -> list[FigureRow]:
    """The period's figures, one row per group of `by` (one row in all when `by` is empty).

    One grouped query, whatever the breakdown; see the module docstring for each rule.
    """
    unknown = [name for name in by if name not in GROUPINGS]
    if unknown:
        raise ValueError(f"unknown breakdown: {', '.join(unknown)}")
    activities = counted_activities(user, start=start, end=end, office_ids=office_ids)
    columns = [GROUPINGS[name] for name in by]
    if columns:
        rows = activities.values(*columns).annotate(**_aggregates()).order_by(*columns)
    else:
        rows = [activities.aggregate(**_aggregates())]  # type: ignore[assignment]
    labels = _labels(by) if with_labels else {}
    figures = []
    for row in rows:
        group = {name: row[GROUPINGS[name]] or "" for name in by}
        figures.append(
            FigureRow(
                group=group,
                labels={
                    name: labels.get(name, {}).get(value, value) or _("Not given")
                    for name, value in group.items()
                },
                **{measure: row[measure] or 0 for measure in MEASURES},
            )
        )
    return figures


def prevention_totals(
    user: Any, *, start: date, end: date, office_ids: Sequence[Any] | None = None
) -> FigureRow:
    """Every measure for the whole period, in the user's offices."""
    [total] = prevention_figures(
        user, start=start, end=end, office_ids=office_ids, with_labels=False
    )
    return total


def activities_behind(
    user: Any,
    *,
    start: date,
    end: date,
    group: dict[str, str] | None = None,
    office_ids: Sequence[Any] | None = None,
) -> QuerySet[Activity]:
    """The activities one number is made of (a drill-down from a figure to its records)."""
    activities = counted_activities(user, start=start, end=end, office_ids=office_ids)
    for name, value in (group or {}).items():
        if name not in GROUPINGS:
            raise ValueError(f"unknown breakdown: {name}")
        activities = activities.filter(**{GROUPINGS[name]: value})
    return activities.select_related("office", "audience_type").order_by("-counted_on", "-id")
