"""The rules an activity's figures must keep, checked together and refused with the reason,
field by field: dates, participants by sex and the list, test scores and their maximum, a
campaign's reach and how it was verified. Also what a participant list says about the
activity's figures (totals, averages, the number who improved), computed once here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from mukti.core.geography import COUNTRIES
from mukti.prevention.models import (
    ActivityStatus,
    ActivityType,
    AudienceType,
    Channel,
    Profession,
    ReachVerification,
)
from mukti.prevention.participant_lists import ParticipantInput, row_problems

# Prevention records before this day are typing mistakes, not history.
EARLIEST = date(2000, 1, 1)
TEXT_LENGTH = {"title": 200, "organiser": 200, "district": 100}
_CENT = Decimal("0.01")

Errors = dict[str, list[str]]


@dataclass(frozen=True)
class ActivityDetails:
    """What a user says about an activity (the form, the API and the demo all build one)."""

    activity_type: str
    title: str
    starts_on: date
    country: str
    audience_type: AudienceType
    organiser: str
    status: str = ActivityStatus.DONE
    ends_on: date | None = None
    district: str = ""
    venue: str = ""
    profession: str = ""
    channel: str = ""
    partners: str = ""
    participants_total: int | None = None
    participants_female: int | None = None
    participants_male: int | None = None
    participants_other: int | None = None
    score_maximum: Decimal | None = None
    pre_test_average: Decimal | None = None
    post_test_average: Decimal | None = None
    tested_count: int | None = None
    improved_count: int | None = None
    reach: int | None = None
    reach_verification: tuple[str, ...] = field(default_factory=tuple)
    reach_note: str = ""


SEX_COUNTS = ("participants_female", "participants_male", "participants_other")
AGGREGATE_SCORES = ("pre_test_average", "post_test_average", "tested_count", "improved_count")
PARTICIPANT_FIGURES = ("participants_total", *SEX_COUNTS)
REACH_FIELDS = ("reach", "reach_verification", "reach_note")


def _add(errors: Errors, name: str, message: str) -> None:
    errors.setdefault(name, []).append(message)


def _given(value: Any) -> bool:
    return value not in (None, "", ())


# --- checks -----------------------------------------------------------------------------


def _check_text(details: ActivityDetails, errors: Errors) -> None:
    if not details.title.strip():
        _add(errors, "title", _("Give the activity a title."))
    if not details.organiser.strip():
        _add(errors, "organiser", _("Say who organised the activity."))
    for name, limit in TEXT_LENGTH.items():
        if len(getattr(details, name)) > limit:
            _add(
                errors,
                name,
                _("Keep this under %(limit)s characters.") % {"limit": limit},
            )
    if details.country not in COUNTRIES:
        _add(errors, "country", _("Choose a country from the list."))


def _check_kind(details: ActivityDetails, errors: Errors) -> None:
    if details.activity_type not in ActivityType.values:
        _add(errors, "activity_type", _("Choose a type of activity."))
        return
    is_training = details.activity_type == ActivityType.TRAINING
    is_campaign = details.activity_type == ActivityType.CAMPAIGN
    if is_training and details.profession not in Profession.values:
        _add(errors, "profession", _("Say which frontline professionals were trained."))
    if not is_training and details.profession:
        _add(errors, "profession", _("Only a training names the profession trained."))
    if is_campaign and details.channel not in Channel.values:
        _add(errors, "channel", _("Say on which channel the campaign ran."))
    if not is_campaign and details.channel:
        _add(errors, "channel", _("Only a campaign has a channel."))


def _check_dates(details: ActivityDetails, errors: Errors, *, today: date) -> None:
    if details.status not in (ActivityStatus.PLANNED, ActivityStatus.DONE):
        _add(errors, "status", _("An activity is planned or done; cancel it with its own button."))
    starts_on, ends_on = details.starts_on, details.ends_on
    if starts_on < EARLIEST:
        _add(errors, "starts_on", _("The date is too far in the past to be right."))
    if ends_on is not None and ends_on < starts_on:
        _add(errors, "ends_on", _("The end date is before the start date."))
    if details.activity_type == ActivityType.CAMPAIGN and ends_on is None:
        _add(errors, "ends_on", _("Give the date the campaign ended (or is planned to end)."))
    if details.status == ActivityStatus.DONE:
        if starts_on > today:
            _add(errors, "starts_on", _("A done activity cannot be dated in the future."))
        elif ends_on is not None and ends_on > today:
            _add(
                errors,
                "ends_on",
                _("A done activity cannot end in the future: keep it planned until it ends."),
            )


def _check_counts(details: ActivityDetails, errors: Errors) -> None:
    total = details.participants_total
    counts = [getattr(details, name) for name in SEX_COUNTS]
    if details.status == ActivityStatus.DONE and total is None:
        _add(errors, "participants_total", _("Say how many people took part."))
    for name, value in zip(SEX_COUNTS, counts, strict=True):
        if value is not None and value < 0:
            _add(errors, name, _("A number of people cannot be negative."))
    if total is not None and total < 0:
        _add(errors, "participants_total", _("A number of people cannot be negative."))
    if total is None or any(value is not None and value < 0 for value in counts):
        return
    known = [value for value in counts if value is not None]
    if sum(known) > total:
        _add(
            errors,
            "participants_total",
            _("The numbers by sex add up to more than the participants."),
        )
    elif len(known) == len(SEX_COUNTS) and sum(known) != total:
        _add(
            errors,
            "participants_total",
            _("The numbers by sex add up to %(sum)s, not %(total)s.")
            % {"sum": sum(known), "total": total},
        )


def _check_campaign(details: ActivityDetails, errors: Errors) -> None:
    """A campaign counts the people it reached, not participants or test scores."""
    for name in (*PARTICIPANT_FIGURES, "score_maximum", *AGGREGATE_SCORES):
        if _given(getattr(details, name)):
            _add(errors, name, _("A campaign counts the people it reached, not participants."))
    verification = details.reach_verification
    unknown = [code for code in verification if code not in ReachVerification.values]
    if unknown:
        _add(errors, "reach_verification", _("Choose how the reach was verified from the list."))
    if details.reach is None:
        if verification or details.reach_note.strip():
            _add(errors, "reach", _("Give the number of people reached."))
        return
    if details.status != ActivityStatus.DONE:
        _add(errors, "reach", _("Record the reach once the campaign has run."))
    if details.reach < 0:
        _add(errors, "reach", _("A number of people cannot be negative."))
    if not verification:
        _add(
            errors,
            "reach_verification",
            _("Say how the reach was verified (or that it is your own estimate)."),
        )


def _check_not_a_campaign(details: ActivityDetails, errors: Errors) -> None:
    for name in REACH_FIELDS:
        if _given(getattr(details, name)) and str(getattr(details, name)).strip():
            _add(errors, name, _("Only a campaign has a reach."))


def _check_score(
    value: Decimal | None, *, name: str, maximum: Decimal | None, errors: Errors
) -> None:
    if value is None:
        return
    if value < 0:
        _add(errors, name, _("A score cannot be negative."))
    elif maximum is not None and value > maximum:
        _add(
            errors,
            name,
            _("The score is above the test's maximum of %(maximum)s.") % {"maximum": maximum},
        )


def _check_aggregate_scores(details: ActivityDetails, errors: Errors) -> None:
    maximum = details.score_maximum
    pre, post = details.pre_test_average, details.post_test_average
    for name, value in (("pre_test_average", pre), ("post_test_average", post)):
        _check_score(value, name=name, maximum=maximum, errors=errors)
    if post is not None and pre is None:
        _add(
            errors,
            "pre_test_average",
            _("A score after the activity needs the score before it, to show the change."),
        )
    tested, improved = details.tested_count, details.improved_count
    if (pre is not None or post is not None) and tested is None:
        _add(errors, "tested_count", _("Say how many participants took the tests."))
    total = details.participants_total
    if tested is not None and total is not None and tested > total:
        _add(errors, "tested_count", _("More people were tested than took part."))
    if improved is not None:
        if post is None:
            _add(errors, "improved_count", _("Improvement needs the scores after the activity."))
        elif tested is not None and improved > tested:
            _add(errors, "improved_count", _("More people improved than were tested."))
    if tested is not None and pre is None:
        _add(errors, "pre_test_average", _("Give the average score before the activity."))


def _check_participant_scores(
    rows: Sequence[ParticipantInput], *, maximum: Decimal | None, errors: Errors
) -> None:
    for number, row in enumerate(rows, start=1):
        for value in (row.pre_score, row.post_score):
            if value is None:
                continue
            if value < 0 or (maximum is not None and value > maximum):
                _add(
                    errors,
                    "participants",
                    _("Participant %(number)s: a score is below 0 or above the maximum.")
                    % {"number": number},
                )
                break
        if row.post_score is not None and row.pre_score is None:
            _add(
                errors,
                "participants",
                _("Participant %(number)s: a score after needs the score before.")
                % {"number": number},
            )


def _check_scores(
    details: ActivityDetails, rows: Sequence[ParticipantInput], errors: Errors
) -> None:
    per_participant = any(r.pre_score is not None or r.post_score is not None for r in rows)
    aggregate = any(_given(getattr(details, name)) for name in AGGREGATE_SCORES)
    if not (per_participant or aggregate):
        return
    if details.status != ActivityStatus.DONE:
        _add(
            errors,
            "score_maximum",
            _("Test scores are recorded once the activity has taken place."),
        )
    maximum = details.score_maximum
    if maximum is None:
        _add(errors, "score_maximum", _("Give the test's maximum score."))
    elif maximum <= 0:
        _add(errors, "score_maximum", _("The maximum score must be above 0."))
        maximum = None
    if per_participant and aggregate:
        _add(
            errors,
            "pre_test_average",
            _("Give the scores per participant or as averages, not both."),
        )
    elif per_participant:
        _check_participant_scores(rows, maximum=maximum, errors=errors)
    else:
        _check_aggregate_scores(details, errors)


def _check_list(details: ActivityDetails, rows: Sequence[ParticipantInput], errors: Errors) -> None:
    """The list, when kept, names everyone who took part (so the counts can be checked)."""
    seen: set[str] = set()
    for number, row in enumerate(rows, start=1):
        for problem in row_problems(row):
            _add(
                errors,
                "participants",
                _("Participant %(number)s: %(problem)s.") % {"number": number, "problem": problem},
            )
        key = row.code.strip().casefold()
        if key and key in seen:
            _add(
                errors,
                "participants",
                _("Participant %(number)s: the code is used twice.") % {"number": number},
            )
        seen.add(key)
    total = details.participants_total
    if total is not None and total != len(rows):
        _add(
            errors,
            "participants_total",
            _(
                "The participant list has %(listed)s people but the number of participants "
                "is %(total)s: a list, when kept, lists everyone."
            )
            % {"listed": len(rows), "total": total},
        )
    by_sex = _counts_by_sex(rows)
    for name in SEX_COUNTS:
        given = getattr(details, name)
        if given is not None and given != by_sex[name]:
            _add(
                errors,
                name,
                _("The participant list has %(listed)s here.") % {"listed": by_sex[name]},
            )


def _counts_by_sex(rows: Sequence[ParticipantInput]) -> dict[str, int]:
    female = sum(1 for r in rows if r.sex == "female")
    male = sum(1 for r in rows if r.sex == "male")
    return {
        "participants_female": female,
        "participants_male": male,
        "participants_other": len(rows) - female - male,
    }


def check_activity(
    details: ActivityDetails,
    participants: Sequence[ParticipantInput],
    *,
    today: date,
) -> None:
    """Raise ValidationError naming every field at fault, or return if all holds."""
    errors: Errors = {}
    if participants and details.participants_total is None:
        # The list says how many took part.
        details = replace(details, participants_total=len(participants))
    _check_text(details, errors)
    _check_kind(details, errors)
    _check_dates(details, errors, today=today)
    if details.activity_type == ActivityType.CAMPAIGN:
        _check_campaign(details, errors)
        if participants:
            _add(errors, "participants", _("A campaign keeps no participant list."))
    else:
        _check_not_a_campaign(details, errors)
        _check_counts(details, errors)
        if participants:
            _check_list(details, participants, errors)
        _check_scores(details, participants, errors)
    if errors:
        raise ValidationError(errors)


# --- computed figures -------------------------------------------------------------------


def _average(values: list[Decimal]) -> Decimal:
    return (sum(values, Decimal(0)) / len(values)).quantize(_CENT, rounding=ROUND_HALF_UP)


def completed_details(
    details: ActivityDetails, participants: Sequence[ParticipantInput]
) -> ActivityDetails:
    """The details with what the participant list says filled in: the total and the
    numbers by sex, and, when scores are per participant, the averages over those who took
    both tests, how many did, and how many of them scored higher after."""
    if not participants:
        return details
    by_sex = _counts_by_sex(participants)
    completed = replace(
        details,
        participants_total=len(participants),
        participants_female=by_sex["participants_female"],
        participants_male=by_sex["participants_male"],
        participants_other=by_sex["participants_other"],
    )
    paired = [
        (row.pre_score, row.post_score)
        for row in participants
        if row.pre_score is not None and row.post_score is not None
    ]
    if not any(r.pre_score is not None or r.post_score is not None for r in participants):
        return completed
    return replace(
        completed,
        pre_test_average=_average([pre for pre, _post in paired]) if paired else None,
        post_test_average=_average([post for _pre, post in paired]) if paired else None,
        tested_count=len(paired),
        improved_count=sum(1 for pre, post in paired if post > pre),
    )
